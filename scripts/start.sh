#!/usr/bin/env bash
# One command: set up, load the demo contest, and serve on SQLite in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> Dữ liệu mẫu / demo data"
.venv/bin/flask --app contest demo
host=${CONTEST_HOST:-127.0.0.1}; port=${CONTEST_PORT:-5000}
echo
echo "Trang ban tổ chức / organiser console: http://$host:$port/organiser/"
echo "Trang thí sinh / participants:        http://$host:$port/"
exec .venv/bin/python run.py
