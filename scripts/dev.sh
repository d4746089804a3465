#!/usr/bin/env bash
# Set up (first time) and start the Dagster UI on http://127.0.0.1:3000 (Ctrl-C stops it).
source "$(dirname "$0")/_setup.sh" ""
exec dagster dev -w workspace.yaml -h 127.0.0.1 -p "${PORT:-3000}"
