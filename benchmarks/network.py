"""Print JSON: the relationships view's build time on the curated data, on a generated
import (no article; 500 actors and 50,000 per-year ties, as tests/unit/test_network_at_scale
makes them; or a dataset folder given with --data, such as a million-event import), and
the balance analysis of a generated signed graph of 200 actors and 2,000 ties.

Run with `.venv/bin/python benchmarks/network.py [--runs N] [--data DIR]`. Times are
medians of N runs; the view's first run (which also computes the cached layout) is reported
apart. Each import case gives the figures' JSON size too.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import networkx as nx

from dashboard.analysis.balance import balance_score, predicted_ties, unbalanced_triads
from dashboard.analysis.filters import Filters
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.network import NetworkOptions, network_view

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # for the generated import of tests/unit


def _median(function, runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}


def view_times(runs: int) -> dict:
    """network_view on data/, as the page calls it (before its result is cached)."""
    dataset, _problems = load_dataset(REPO_ROOT / "data")
    started = time.perf_counter()
    network_view(ViewData(dataset))
    first = time.perf_counter() - started
    cases = {
        "article_date": (Filters(), NetworkOptions()),
        "hindsight_2015": (
            Filters(include_after_publication=True),
            NetworkOptions(as_of=date(2015, 7, 14)),
        ),
        "matrix": (Filters(), NetworkOptions(mode="matrix")),
        "actor_iran": (Filters(actors=("iran",)), NetworkOptions()),
    }
    result = {"first_s": round(first, 4), "relations": len(dataset.relations)}
    for name, (filters, options) in cases.items():
        result[name] = _median(
            lambda f=filters, o=options: network_view(ViewData(dataset, f), o), runs
        )
    return result


def import_times(runs: int, data: Path | None) -> dict:
    """network_view on data without an article: the whole network (cut to the most
    connected), a country, an earlier year and the matrix; each filter new to the view."""
    if data is None:
        from tests.unit.test_network_at_scale import generated_actors, generated_relations

        curated, _problems = load_dataset(REPO_ROOT / "data")
        actors = generated_actors()
        dataset = dataclasses.replace(
            curated,
            sources=curated.sources[curated.sources["kind"] != "article"],
            actors=actors.astype({c: curated.actors[c].dtype for c in actors.columns}),
            relations=generated_relations(),
        )
        country = "SYR"
    else:
        dataset, _problems = load_dataset(data)
        country = str(dataset.actors["country"].value_counts().index[0])
    last = dataset.relations["end_date"].max().year
    cases = {
        "everything": (Filters(), NetworkOptions()),
        f"country_{country}": (Filters(countries=(country,)), NetworkOptions()),
        "earlier_year": (Filters(), NetworkOptions(as_of=date(last - 2, 12, 31))),
        "matrix": (Filters(), NetworkOptions(mode="matrix")),
    }
    result = {"actors": len(dataset.actors), "relations": len(dataset.relations)}
    for name, (filters, options) in cases.items():
        view = network_view(ViewData(dataset, filters), options)
        result[name] = {
            **_median(lambda f=filters, o=options: network_view(ViewData(dataset, f), o), runs),
            "figures_mb": round(sum(len(f.to_json()) for f in view.figures.values()) / 1e6, 3),
            "subtitle": view.subtitle,
        }
    return result


def generated_graph(actors: int = 200, ties: int = 2000, seed: int = 1) -> nx.Graph:
    """A random signed graph: ties drawn uniformly, each friendly or hostile at random."""
    graph = nx.gnm_random_graph(actors, ties, seed=seed)
    rng = random.Random(seed)
    for u, v in graph.edges:
        graph.edges[u, v]["sign"] = rng.choice((-1, 1))
    return nx.relabel_nodes(graph, {n: f"actor_{n}" for n in graph.nodes})


def balance_times(runs: int) -> dict:
    graph = generated_graph()
    names = {n: n for n in graph.nodes}

    def analyse():
        score = balance_score(graph)
        unbalanced_triads(graph, names)
        predicted_ties(graph, names)
        return score

    score = analyse()
    return {
        "actors": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "triangles": score.triangles,
        "balanced": score.balanced,
        "frustration_index": score.frustration.index,
        "frustration_exact": score.frustration.exact,
        **_median(analyse, runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="an imported dataset folder to time too")
    args = parser.parse_args()
    result = {
        "python": platform.python_version(),
        "network_view": view_times(args.runs),
        "network_view_import": import_times(args.runs, args.data),
        "balance_200_actors_2000_ties": balance_times(args.runs),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
