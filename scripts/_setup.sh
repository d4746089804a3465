# Sourced by the other scripts: a project virtualenv with the pinned dependencies, and a
# DAGSTER_HOME inside the repository so that nothing is written to the home directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
VENV="${GIA_VENV:-$ROOT/.venv}"
EXTRAS="${1:-}"   # "" or "[dev]"

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
fi
# reinstall only when the dependency list (or the extras asked for) changed
stamp="$VENV/.gia-install-$(sha256sum pyproject.toml | cut -c1-16)${EXTRAS//[^a-z]/}"
if [ ! -f "$stamp" ]; then
  echo "== installing gia-pipeline$EXTRAS (pinned dependencies) into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".$EXTRAS"
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"

export DAGSTER_HOME="${DAGSTER_HOME:-$ROOT/.dagster_home}"
mkdir -p "$DAGSTER_HOME"
# The instance: no telemetry, no first-run modal, one warehouse writer at a time (scripts/dagster.yaml).
cp "$ROOT/scripts/dagster.yaml" "$DAGSTER_HOME/dagster.yaml"
