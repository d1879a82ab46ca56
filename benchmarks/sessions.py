"""Print JSON: server memory per reader session and the time for a round of readers.

Starts the real server on a free loopback port, opens N browser contexts on different
pages with different filters (as many readers would), waits until each has drawn, and
reads the server's resident memory (RSS, from /proc) before and after.

Run: .venv/bin/python benchmarks/sessions.py [--readers 15]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.chromium import CHROMIUM, CHROMIUM_ARGS
from dashboard.navigation import PAGES

# The server is started as the browser tests start it (one helper for both).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import served_app

COUNTRIES = ("IRQ", "SYR", "IRN", "LBN", "YEM")


def server_rss_kib(port: int) -> int:
    """Resident memory of the process listening on port (the Streamlit server), in KiB."""
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = status.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(command) and str(port).encode() in command:
            for line in (status.parent / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    raise RuntimeError(f"no server process on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readers", type=int, default=15)
    args = parser.parse_args()
    with served_app("bench-sessions.log") as url, sync_playwright() as playwright:
        port = int(url.rsplit(":", 1)[1])
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
        )
        # One reader first, so the shared caches (data, geography) are in the baseline.
        warm = browser.new_context()
        warm.new_page().goto(url)
        warm.pages[0].wait_for_selector("h1", timeout=240_000)
        time.sleep(3)
        before = server_rss_kib(port)
        started = time.perf_counter()
        contexts = []
        for number in range(args.readers):
            spec = PAGES[number % len(PAGES)]
            path = "" if spec == PAGES[0] else Path(spec.path).stem
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            context.new_page().goto(
                f"{url}/{path}?country={COUNTRIES[number % len(COUNTRIES)]}",
                wait_until="commit",
            )
            contexts.append(context)
        for context in contexts:
            page = context.pages[0]
            page.wait_for_selector("h1", timeout=240_000)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=240_000,
            )
        round_s = time.perf_counter() - started
        after = server_rss_kib(port)
        browser.close()
    print(
        json.dumps(
            {
                "benchmark": "sessions",
                "readers": args.readers,
                "round_s": round(round_s, 2),
                "server_rss_before_mib": round(before / 1024, 1),
                "server_rss_after_mib": round(after / 1024, 1),
                "per_session_mib": round((after - before) / 1024 / args.readers, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
