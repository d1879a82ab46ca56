"""Print JSON: the timeline page's rerun time and figure size on the curated data and on a
generated dataset of 10,000 events (loaded through the loader, as an analyst's would be).

Run with `.venv/bin/python benchmarks/timeline.py [--events N] [--runs N]`; with
`--dataset DIR [--country ISO3]` it only times the view on that dataset (e.g. a
million-event import), for no filter and one country, first call and then warm. The page is
timed in Streamlit's AppTest: the first run warms the caches, the median is over the warm
reruns every later click costs. The figure size is its JSON: what the browser receives.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from dashboard.analysis.filters import Filters  # noqa: E402
from dashboard.model.load import Dataset, load_dataset  # noqa: E402
from dashboard.model.schema import TABLES  # noqa: E402
from dashboard.views.base import ViewData  # noqa: E402
from dashboard.views.timeline import timeline_view  # noqa: E402

PAGE = "pages/timeline.py"
EVENT_TYPES = ("war", "uprising", "crisis", "attack", "takeover", "diplomacy", "statement")
FIRST, LAST = pd.Timestamp("1978-01-01"), pd.Timestamp("2020-12-31")
ARTICLE_MONTH_END = pd.Timestamp("2014-01-31")


def _written(day: pd.Timestamp, precision: str) -> str:
    return day.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[precision])


def generated_events(dataset: Dataset, count: int, *, seed: int = 0) -> list[dict[str, str]]:
    """count plausible event rows citing the dataset's own actors, places and claims: dates
    at day, month or year precision, moments, periods and ongoing ones, both layers."""
    rng = np.random.default_rng(seed)
    actors = dataset.actors["actor_id"].to_numpy()
    places = np.append(dataset.places["place_id"].to_numpy(), "")
    claims = dataset.claims["claim_id"].to_numpy()
    days = (LAST - FIRST).days
    rows = []
    for number in range(count):
        start = FIRST + pd.Timedelta(days=int(rng.integers(0, days)))
        precision = rng.choice(["day", "month", "year"], p=[0.6, 0.3, 0.1])
        shape = rng.choice(["moment", "period", "ongoing"], p=[0.6, 0.37, 0.03])
        end = ""
        if shape == "ongoing":
            end = "ongoing"
        elif shape == "period":
            finish = start + pd.Timedelta(days=int(rng.exponential(200)) + 366)
            end = _written(min(finish, LAST), rng.choice(["day", "month"]))
        layer = "after_publication" if start > ARTICLE_MONTH_END else "at_publication"
        rows.append(
            {
                "event_id": f"generated_{number:06d}",
                "title": f"Generated event {number}",
                "start": _written(start, precision),
                "end": end,
                "event_type": str(rng.choice(EVENT_TYPES)),
                "place_id": str(rng.choice(places)),
                "actor_ids": ";".join(
                    rng.choice(actors, size=int(rng.integers(1, 4)), replace=False)
                ),
                "description": "Generated for the benchmark.",
                "layer": layer,
                "claim_ids": str(rng.choice(claims)),
            }
        )
    return rows


def generated_directory(source: Path, target: Path, count: int, *, seed: int = 0) -> Path:
    """A copy of the dataset at source whose events.csv holds count events: the curated
    ones and generated ones (so every other table's references still hold)."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    dataset, _ = load_dataset(source)
    columns = TABLES["events"].columns
    with (source / "events.csv").open(encoding="utf-8", newline="") as file:
        curated = list(csv.DictReader(file))
    rows = curated + generated_events(dataset, max(count - len(curated), 0), seed=seed)
    with (target / "events.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return target


def generated_dataset(dataset: Dataset, count: int, *, seed: int = 0) -> Dataset:
    """The dataset with count events in all, loaded through the loader from a temporary copy."""
    with tempfile.TemporaryDirectory() as folder:
        directory = generated_directory(dataset.directory, Path(folder) / "data", count, seed=seed)
        loaded, problems = load_dataset(directory)
    if problems:
        raise RuntimeError(f"generated data has problems: {problems[:3]}")
    return loaded


def view_measure(dataset: Dataset, filters: Filters) -> dict:
    """Seconds to cut the data for the filters (the app caches the cut) and to build the
    view on it (no cache), and the size of its figure's JSON."""
    started = time.perf_counter()
    data = ViewData(dataset, filters)
    events = len(data.dataset.events)
    cut = time.perf_counter() - started
    started = time.perf_counter()
    view = timeline_view(data)
    seconds = time.perf_counter() - started
    return {
        "events_in_view": events,
        "cut_s": round(cut, 4),
        "view_build_s": round(seconds, 4),
        "figure_bytes": len(view.figure.to_json().encode("utf-8")),
        "aggregated": bool(view.caveats and "too many" in view.caveats[0]),
        "table_rows": len(view.tables["events"]),
    }


def page_rerun_seconds(runs: int, query: dict[str, str]) -> dict:
    """Cold first run and median/min/max of warm reruns of the timeline page, in seconds."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=300)
    app.query_params.update(query)
    started = time.perf_counter()
    app.run()
    app.switch_page(PAGE)
    app.run()
    cold = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{PAGE} raised: {app.exception[0].message}")
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    return {
        "cold_s": round(cold, 4),
        "median_s": round(statistics.median(warm), 4),
        "min_s": round(min(warm), 4),
        "max_s": round(max(warm), 4),
        "runs": runs,
    }


def dataset_measure(directory: Path, country: str, runs: int) -> dict:
    """The view on a dataset as loaded: the first call (which numbers the dataset's link
    tables once) and the best of runs for no filter and one country."""
    dataset, _ = load_dataset(directory)
    result: dict = {"events": len(dataset.events), "first": view_measure(dataset, Filters())}
    for name, filters in (("no_filter", Filters()), ("one_country", Filters(countries=(country,)))):
        measures = [view_measure(dataset, filters) for _ in range(runs)]
        result[name] = min(measures, key=lambda m: m["view_build_s"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dataset", type=Path, help="time the view on this dataset only")
    parser.add_argument("--country", default="SYR")
    args = parser.parse_args()
    if args.dataset:
        measured = dataset_measure(args.dataset, args.country, min(args.runs, 3))
        print(json.dumps({"benchmark": "timeline", "dataset": str(args.dataset), **measured}))
        return
    os.chdir(REPO_ROOT)
    curated, _ = load_dataset(REPO_ROOT / "data")
    everything = Filters(include_after_publication=True)
    result: dict = {
        "benchmark": "timeline",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "curated": {
            "view": view_measure(curated, Filters()),
            "view_with_hindsight": view_measure(curated, everything),
            "page": page_rerun_seconds(args.runs, {}),
            "page_with_hindsight": page_rerun_seconds(args.runs, {"after": "true"}),
        },
    }
    with tempfile.TemporaryDirectory() as folder:
        directory = generated_directory(REPO_ROOT / "data", Path(folder) / "data", args.events)
        started = time.perf_counter()
        generated, problems = load_dataset(directory)
        load_s = time.perf_counter() - started
        os.environ["FAULT_LINES_DATA"] = str(directory)
        result["generated"] = {
            "events": len(generated.events),
            "problems": len(problems),
            "load_s": round(load_s, 4),
            "view": view_measure(generated, everything),
            "view_one_country": view_measure(generated, Filters(countries=("IRQ",))),
            "page_with_hindsight": page_rerun_seconds(args.runs, {"after": "true"}),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
