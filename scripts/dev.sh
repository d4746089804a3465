#!/usr/bin/env bash
# Set up (first time) and start Dagster — the UI on http://127.0.0.1:3000 and the daemon that runs
# the run queue, schedules and sensors (`dg dev`) — and, beside it, the reports folder over http on
# http://127.0.0.1:3001, where the report asset's "open" link points. Ctrl-C stops both.
# PORT and REPORTS_PORT move them.
source "$(dirname "$0")/_setup.sh" ""
exec python -m gia_pipeline.cli dev --port "${PORT:-3000}" --reports-port "${REPORTS_PORT:-3001}"
