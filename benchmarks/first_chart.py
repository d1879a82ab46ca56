"""Print JSON: seconds from a fresh server to the first plotly chart on screen, for the
Overview and for a bare Streamlit page showing one plotly chart, side by side in one run.

Run with `.venv/bin/python benchmarks/first_chart.py [--rounds N]`. Each round starts both
servers anew on free loopback ports (the cold start is what a briefer meets first), opens
each in headless Chromium (the flags of tests/browser/conftest.py) and times navigation ->
the first `.js-plotly-plot` in the main area. The ratio is overview / bare (target < 1.2).

A second visit to the same server, in a new browser context, splits the time: what is
left of the cold figure on a warm server is the browser's (drawing the page and charts).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.chromium import CHROMIUM, CHROMIUM_ARGS

REPO_ROOT = Path(__file__).resolve().parents[1]
# The bare page: one small plotly chart, nothing else, under the project's settings.
BARE_APP = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])), config={"displaylogo": False})
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(launcher: list[str], cwd: Path) -> tuple[subprocess.Popen, str]:
    """launcher on a free loopback port; returns once it answers health."""
    port = free_port()
    command = [
        *launcher,
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{' '.join(launcher)} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def first_chart_seconds(browser, url: str) -> float:
    """Navigation to the first drawn plotly chart in the main area, in a fresh context."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.locator('[data-testid="stMain"] .js-plotly-plot').first.wait_for(timeout=180_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bare_dir = Path(tempfile.mkdtemp(prefix="bare-streamlit-"))
    # The same offline settings as the dashboard, so only the page differs.
    shutil.copytree(REPO_ROOT / ".streamlit", bare_dir / ".streamlit")
    (bare_dir / "bare.py").write_text(BARE_APP)
    times: dict[str, list[float]] = {"overview": [], "bare": []}
    warm: dict[str, list[float]] = {"overview": [], "bare": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
            )
            for _ in range(args.rounds):
                # Alternate the order so neither always runs on a warmer machine.
                for name in ("bare", "overview") if _ % 2 == 0 else ("overview", "bare"):
                    # The dashboard starts as `make run` starts it (its launcher warms the
                    # shared caches while the server comes up); the bare page plainly.
                    launcher, cwd = (
                        ([sys.executable, "-m", "streamlit", "run", "bare.py"], bare_dir)
                        if name == "bare"
                        else ([sys.executable, "-m", "dashboard.ui.server"], REPO_ROOT)
                    )
                    process, url = start_server(launcher, cwd)
                    try:
                        times[name].append(first_chart_seconds(browser, url))
                        warm[name].append(first_chart_seconds(browser, url))
                    finally:
                        stop(process)
            browser.close()
    finally:
        shutil.rmtree(bare_dir, ignore_errors=True)
    overview, bare = statistics.median(times["overview"]), statistics.median(times["bare"])
    print(
        json.dumps(
            {
                "benchmark": "first_chart",
                "rounds": args.rounds,
                "overview_s": round(overview, 3),
                "bare_s": round(bare, 3),
                "ratio": round(overview / bare, 3),
                "target_ratio": 1.2,
                "overview_runs_s": [round(t, 3) for t in times["overview"]],
                "bare_runs_s": [round(t, 3) for t in times["bare"]],
                "warm_server": {
                    name: round(statistics.median(runs), 3) for name, runs in warm.items()
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
