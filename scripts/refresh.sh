#!/usr/bin/env bash
# Set up (first time) and refresh the whole warehouse: every asset and check, in one run, with a
# line per layer as it finishes and a summary at the end. `--verbose`: Dagster's full event log.
source "$(dirname "$0")/_setup.sh" ""
exec python -m gia_pipeline.cli refresh "$@"
