#!/usr/bin/env bash
# Set up a fresh clone: virtual environment, Python packages, front-end assets,
# compiled translations and the database schema. Safe to run again.
# Usage: scripts/setup.sh [--dev]   (--dev adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> Tạo môi trường ảo / creating .venv"
  "$PYTHON" -m venv .venv
fi
echo "==> Cài gói Python / installing Python packages"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  bash scripts/system-packages.sh || true  # Chromium and Vietnamese fonts for the browser tests
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
fi

echo "==> Thư viện giao diện từ npm / front-end assets from the npm registry"
command -v npm >/dev/null || { echo "npm is required (apt-get install nodejs npm)"; exit 1; }
npm ci --no-audit --no-fund --silent
mkdir -p static/vendor
cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/
cp node_modules/socket.io-client/dist/socket.io.min.js.map static/vendor/

echo "==> Biên dịch bản dịch / compiling translations"
.venv/bin/pybabel compile -d contest/translations

echo "==> Cơ sở dữ liệu / database schema"
.venv/bin/flask --app contest init-db
