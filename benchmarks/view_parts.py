"""Print JSON: where the Overview's filter change goes, part by part and step by step.

    .venv/bin/python benchmarks/view_parts.py --data DIR [--country SYR | --actor ID |
        --year 2018] [--runs 9]

Each run makes a new cut of DIR's dataset for the filter (as a filter change does), then
computes the Overview's parts in the order its page draws them (DRAWING_ORDER), each timed;
the first part pays for the cut's steps it reads. Each step of the cut (events' mask,
figures, sources...) is also timed apart, without the steps it asks for. Min and median
over the runs, in ms.

No Streamlit here: the page's own cost (sidebar, st.plotly_chart) is left out, which
million_events.py includes. This says which part to work on; million_events.py says
whether the target is met.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from dashboard.analysis import filters as cuts  # noqa: E402
from dashboard.analysis.geography import map_geography  # noqa: E402
from dashboard.model.boundaries import load_boundaries  # noqa: E402
from dashboard.model.load import load_dataset  # noqa: E402
from dashboard.views.base import ViewData  # noqa: E402
from dashboard.views.overview import (  # noqa: E402
    DRAWING_ORDER,
    SMALL_VIEWS,
    OverviewOptions,
    overview_view,
)

step_times: collections.Counter = collections.Counter()


def time_the_steps() -> None:
    """Wrap each step of a cut so that its own time (not its inner steps') is counted."""
    inner: list[float] = []

    def timed(name, step):
        def run(steps, *args):
            started = time.perf_counter()
            inner.append(0.0)
            try:
                return step(steps, *args)
            finally:
                took, nested = time.perf_counter() - started, inner.pop()
                step_times[name] += took - nested
                if inner:
                    inner[-1] += took

        return run

    for name, step in list(vars(cuts._CutSteps).items()):
        if callable(step) and not name.startswith("__"):
            setattr(cuts._CutSteps, name, timed(name, step))


def part(data: ViewData, name: str) -> None:
    if name == "text":
        overview_view(data, OverviewOptions(charts=False))
    else:
        view, options, _page, _label = SMALL_VIEWS[name]
        view(data, options)


def summary(times: list[float]) -> dict:
    return {
        "min_ms": round(min(times) * 1000, 1),
        "median_ms": round(statistics.median(times) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="an imported dataset folder")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--country", default="SYR")
    chosen.add_argument("--actor")
    chosen.add_argument("--year", type=int)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if args.actor:
        filters = cuts.Filters(actors=(args.actor,))
    elif args.year:
        filters = cuts.Filters(start=date(args.year, 1, 1), end=date(args.year, 12, 31))
    else:
        filters = cuts.Filters(countries=(args.country,))

    full, _problems = load_dataset(args.data)
    geography = map_geography(*load_boundaries(args.data / "geo"), full.regions)
    data = ViewData(full, filters, geography, "", (), known_names={})
    for name in DRAWING_ORDER:  # per-dataset link tables, made once in a server's life
        part(data, name)
    # As the server does after its warm start: the loaded data is left out of collections.
    gc.collect()
    gc.freeze()
    time_the_steps()

    parts: dict[str, list[float]] = collections.defaultdict(list)
    steps: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(args.runs):
        data = ViewData(full, filters, geography, "", (), known_names={})
        step_times.clear()
        total = 0.0
        for name in DRAWING_ORDER:
            started = time.perf_counter()
            part(data, name)
            took = time.perf_counter() - started
            parts[name].append(took)
            total += took
        parts["total"].append(total)
        for name, took in step_times.items():
            steps[name].append(took)
        del data
        gc.collect()
    report = {
        "data": str(args.data),
        "filters": repr(filters),
        "runs": args.runs,
        "parts": {name: summary(times) for name, times in parts.items()},
        "cut_steps": {name: summary(times) for name, times in steps.items()},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
