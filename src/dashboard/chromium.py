"""The system Chromium, as every headless use of it here starts it (tests, screenshots,
benchmarks): offline, so it makes no request of its own."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google's hosts at every start,
# which this project's readers' networks refuse (and a request guard would count).
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
