"""Print JSON: each page's script run time (median of several AppTest reruns) and import time.

Run with `make benchmark` or `.venv/bin/python benchmarks/page_times.py [--runs N]`. The
first run of each page warms the caches (as the first visitor does); the median is over
the warm reruns that every later click costs.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES

REPO_ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "import streamlit, pandas, plotly, geopandas, pandera, networkx; import dashboard.ui.data"


def import_seconds() -> float:
    """Wall time of a fresh interpreter importing what the app imports."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", IMPORTS], check=True, cwd=REPO_ROOT)
    return time.perf_counter() - started


def page_rerun_seconds(page: str, runs: int) -> dict:
    """Cold first run and median/min/max of warm reruns of one page, in seconds."""
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    started = time.perf_counter()
    app.run()
    app.switch_page(page)
    app.run()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(f"{page} raised: {app.exception[0].message}")
    return {
        "cold_s": round(cold, 4),
        "median_s": round(statistics.median(warm), 4),
        "min_s": round(min(warm), 4),
        "max_s": round(max(warm), 4),
        "runs": runs,
    }


def map_figure_bytes() -> dict:
    """Size of the map figure's JSON (what the browser receives) on data/, light and dark."""
    from dashboard.analysis.geography import map_geography
    from dashboard.model.boundaries import load_boundaries
    from dashboard.model.load import load_dataset
    from dashboard.views.base import ViewData
    from dashboard.views.fault_map import fault_map_view

    dataset, _problems = load_dataset(REPO_ROOT / "data")
    admin1, countries = load_boundaries(REPO_ROOT / "data" / "geo")
    data = ViewData(dataset, geography=map_geography(admin1, countries, dataset.regions))
    # The same view function as pages/fault_map.py, with no filter, at the article's date.
    started = time.perf_counter()
    figure = fault_map_view(data).figure
    view_s = time.perf_counter() - started
    return {"bytes": len(figure.to_json().encode("utf-8")), "view_build_s": round(view_s, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    result = {
        "benchmark": "page_times",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "import_s": round(import_seconds(), 4),
        "map_figure": map_figure_bytes(),
        "pages": {page.path: page_rerun_seconds(page.path, args.runs) for page in PAGES},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
