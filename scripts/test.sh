#!/usr/bin/env bash
# Set up (first time) with the test dependencies and run the test suite. Extra arguments go to pytest.
source "$(dirname "$0")/_setup.sh" "[dev]"
python -m pytest "$@"
