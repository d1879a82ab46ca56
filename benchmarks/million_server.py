"""Print JSON: the real server on a million events, as readers meet it in Chromium.

    .venv/bin/python benchmarks/million_server.py --data DIR [--filters N]

DIR is an imported dataset folder (see benchmarks/million_events.py, or
``dashboard generate`` then ``dashboard import``). The server starts as ``make run`` starts
it, with FAULT_LINES_DATA=DIR. One browser tab opens every page with filters it has not
seen (the busiest countries); for each we time navigation to a settled page (the script
done, a chart or table drawn) and read the server process's resident memory
(/proc/PID/status: VmRSS now, VmHWM its peak). Target: under 1.5 GB resident.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from first_chart import start_server, stop

from dashboard.chromium import CHROMIUM, CHROMIUM_ARGS
from dashboard.navigation import DEFAULT_PAGE, PAGES

REPO_ROOT = Path(__file__).resolve().parents[1]
SETTLED = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
COUNTRIES = ("SYR", "YEM", "IRQ", "AFG", "LBN", "TUR")


def server_memory_mib(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text()

    def field(name: str) -> int:
        return int(status.split(f"{name}:")[1].split()[0]) // 1024

    return {"rss": field("VmRSS"), "peak": field("VmHWM")}


def settle_seconds(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=600_000)
    page.wait_for_function(SETTLED, timeout=600_000)
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--filters", type=int, default=2, help="countries per page")
    args = parser.parse_args()
    os.environ["FAULT_LINES_DATA"] = str(args.data.resolve())
    process, url = start_server([sys.executable, "-m", "dashboard.ui.server"], REPO_ROOT)
    report: dict = {"data": str(args.data), "pages": {}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
            )
            page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            report["first_page_s"] = settle_seconds(page, url)  # loads the data
            report["after_load_mib"] = server_memory_mib(process.pid)
            countries = iter(COUNTRIES * len(PAGES))
            for spec in PAGES:
                slug = "" if spec == DEFAULT_PAGE else Path(spec.path).stem
                if slug == "your_data":
                    continue
                times = {}
                for _ in range(args.filters):
                    country = next(countries)
                    times[country] = settle_seconds(page, f"{url}/{slug}?country={country}")
                report["pages"][slug or "overview"] = {
                    "settled_s": times,
                    "server_mib": server_memory_mib(process.pid),
                }
                print(f"{slug or 'overview'}: {times}", file=sys.stderr, flush=True)
            browser.close()
    finally:
        report["end_mib"] = server_memory_mib(process.pid)
        stop(process)
    report["target_mib"] = 1536
    report["met"] = report["end_mib"]["peak"] < report["target_mib"]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
