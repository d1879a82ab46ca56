"""Screenshots of every page as a reader sees them: two screen sizes, light and dark.

Usage: .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8501] [--out DIR]
       [--page overview ...] [--query 'country=Iraq']
Starts nothing: point it at a running server (`make run`). Prints every request that
left localhost (there should be none) and the files written.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

from dashboard.chromium import CHROMIUM, CHROMIUM_ARGS
from dashboard.navigation import PAGES

SIZES = {"1920x1080": (1920, 1080), "1366x768": (1366, 768)}
LOCAL = {"localhost", "127.0.0.1", "::1", "[::1]"}


def url_path(page_path: str) -> str:
    """The URL path Streamlit gives a page file ('' for the default page)."""
    stem = Path(page_path).stem
    return "" if page_path == PAGES[0].path else stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--out", default="test-artifacts/screens")
    parser.add_argument("--page", action="append", help="page file stem, e.g. fault_map")
    parser.add_argument("--query", default="", help="query string without '?'")
    parser.add_argument("--theme", action="append", choices=["light", "dark"])
    parser.add_argument("--size", action="append", choices=list(SIZES))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = [p for p in PAGES if not args.page or Path(p.path).stem in args.page]
    outside: list[str] = []
    written: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
        )
        for theme in args.theme or ["light", "dark"]:
            for size in args.size or list(SIZES):
                width, height = SIZES[size]
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=theme
                )
                page = context.new_page()
                page.set_default_timeout(180_000)  # a loaded machine draws slowly
                page.on(
                    "request",
                    lambda r: (
                        outside.append(r.url)
                        if urlparse(r.url).hostname not in LOCAL
                        and urlparse(r.url).scheme in ("http", "https", "ws", "wss")
                        else None
                    ),
                )
                for spec in pages:
                    query = f"?{args.query}" if args.query else ""
                    page.goto(f"{args.url}/{url_path(spec.path)}{query}")
                    page.wait_for_selector("h1")
                    # The script has finished when Streamlit's running indicator is gone.
                    page.wait_for_timeout(500)
                    page.wait_for_selector(
                        "[data-testid='stStatusWidget']", state="detached", timeout=180_000
                    )
                    # Plotly draws after the page settles; give it a moment to finish.
                    page.wait_for_timeout(2500)
                    name = out / f"{Path(spec.path).stem}-{size}-{theme}.png"
                    page.screenshot(path=str(name))
                    written.append(str(name))
                context.close()
        browser.close()
    print(json.dumps({"written": written, "outside_requests": sorted(set(outside))}, indent=2))


if __name__ == "__main__":
    main()
