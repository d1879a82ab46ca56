#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when it is missing and we can
# (root or passwordless sudo with apt-get); otherwise say exactly what to install.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
  if [ "$SUDO" != none ]; then
    echo "Installing Debian's chromium for the browser tests..."
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
    [ -x "$CHROMIUM" ] && exit 0
  fi
fi
cat >&2 <<MSG
The browser tests need Chromium at $CHROMIUM and it could not be installed here.
Install it with:   sudo apt-get update && sudo apt-get install chromium
(or point CHROMIUM=/path/to/chromium at another Chromium build), then run make test again.
MSG
exit 1
