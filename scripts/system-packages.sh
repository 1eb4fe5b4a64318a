#!/usr/bin/env bash
# The Debian packages the browser tests need: Chromium and a fonts package with Vietnamese
# glyphs (the display tests measure text with Noto Sans). Installs what is missing when run
# as root with apt-get; otherwise says what to install. Used by .ci/run and scripts/setup.sh --dev.
set -euo pipefail
PACKAGES=(chromium fonts-noto-core)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> apt: ${missing[*]} (browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Browser tests need: sudo apt-get install ${missing[*]}" >&2
fi
