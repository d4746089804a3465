#!/usr/bin/env bash
# Set up (first time) and start Dagster — the UI on http://127.0.0.1:3000 and the daemon that runs
# the run queue, schedules and sensors (`dg dev`). Ctrl-C stops it.
source "$(dirname "$0")/_setup.sh" ""
python -m gia_pipeline.cli init-instance   # the run queue's one-writer limit, before the daemon starts
exec dg dev --host 127.0.0.1 --port "${PORT:-3000}"
