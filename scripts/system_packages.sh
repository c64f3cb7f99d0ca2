#!/usr/bin/env bash
# The Debian packages the tests need from the system: Chromium for the browser tests, CJK
# fonts so Chinese pages render, gettext for the message catalogues. Installs the missing
# ones when run as root; otherwise stops and says which command to run. `make test` and
# .ci/run both call it; it prints nothing when everything is there.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk gettext)

missing=()
if command -v dpkg-query >/dev/null; then
  for package in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) || true
    [[ $status == *" installed" ]] || missing+=("$package")
  done
elif [[ -x /usr/bin/chromium ]] && command -v msgfmt >/dev/null; then
  exit 0  # not Debian, but what the tests look for is there
else
  echo "The tests need Chromium at /usr/bin/chromium, Noto CJK fonts and gettext, which this script installs only on Debian: install them with your system's package manager." >&2
  exit 1
fi
((${#missing[@]})) || exit 0

if [[ $(id -u) != 0 ]]; then
  echo "The tests need Debian packages that are missing here; install them once with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing the missing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
