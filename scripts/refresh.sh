#!/usr/bin/env bash
# Set up (first time) and refresh the whole warehouse: every asset and check, in one run.
source "$(dirname "$0")/_setup.sh" ""
dagster job execute -m gia_pipeline.definitions -j refresh_all
python - <<'PY'
from gia_pipeline import paths
print(f"\nwarehouse: {paths.warehouse_path()}")
PY
