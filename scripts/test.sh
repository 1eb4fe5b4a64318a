#!/usr/bin/env bash
# One command: set up with the test tools and run the whole test suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k bank -x).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
exec .venv/bin/python -m pytest "$@"
