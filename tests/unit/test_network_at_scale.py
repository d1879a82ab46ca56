"""The relationships view on imported-size data: a generated relations table of 500 actors
and 50,000 per-year ties (as the ACLED and UCDP importers write them), with no article.
The network is read over the year up to each year's end, cut to the most connected actors
with a note saying so, and everything it draws stays small."""

from __future__ import annotations

import dataclasses
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.balance import signed_triads, triangle_counts
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.analysis.network import (
    TOP_ACTORS,
    among_mask,
    data_dates,
    effective_periods,
    most_connected,
    tie_days,
    ties_among,
    window_signs_at,
    window_ties,
)
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.network import (
    SMALL_TOP_ACTORS,
    NetworkOptions,
    dates_offered,
    network_view,
)
from tests.conftest import DATA_DIR

ACTORS = 500
RELATIONS = 50_000
YEARS = range(2016, 2025)


def generated_relations(actors: int = ACTORS, rows: int = RELATIONS, seed: int = 3):
    """Per-year ties of a pair, as the importers make them: 'fights' or 'ally' between the
    first and the last event of the year, with '<n> events in <year>' as description.
    Activity is heavy-tailed, so a few actors have far more partners than the rest."""
    rng = np.random.default_rng(seed)
    weight = 1 / np.arange(1, actors + 1) ** 0.8
    weight /= weight.sum()
    a = rng.choice(actors, size=rows * 2, p=weight)
    b = rng.choice(actors, size=rows * 2, p=weight)
    year = rng.choice(list(YEARS), size=rows * 2)
    kind = np.where(rng.random(rows * 2) < 0.45, "ally", "fights")
    frame = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b), "year": year, "kind": kind})
    frame = frame[frame["a"] != frame["b"]].drop_duplicates().head(rows).reset_index(drop=True)
    first = rng.integers(0, 300, size=len(frame))
    span = rng.integers(0, 65, size=len(frame))
    start = pd.to_datetime(frame["year"].astype(str) + "-01-01") + pd.to_timedelta(first, "D")
    end = (start + pd.to_timedelta(span, "D")).clip(
        upper=pd.to_datetime(frame["year"].astype(str) + "-12-31")
    )
    events = rng.integers(1, 40, size=len(frame))
    relations = pd.DataFrame(
        {
            "relation_id": [f"r{i}" for i in range(len(frame))],
            "source_actor": "a" + frame["a"].astype(str),
            "target_actor": "a" + frame["b"].astype(str),
            "kind": frame["kind"],
            "sign": pd.array(np.where(frame["kind"] == "ally", 1, -1), dtype="Int64"),
            "directed": False,
            "start": start.dt.strftime("%Y-%m-%d"),
            "end": end.dt.strftime("%Y-%m-%d"),
            "layer": "at_publication",
            "description": [
                f"{n:,} event{'s' if n > 1 else ''} in {y} (ACLED)"
                for n, y in zip(events, frame["year"], strict=True)
            ],
            "claim_ids": "c_generated",
            "_line": np.arange(2, len(frame) + 2),
            "start_precision": "day",
            "start_date": start.astype("datetime64[us]"),
            "end_precision": "day",
            "end_date": end.astype("datetime64[us]"),
        }
    )
    for column in ("relation_id", "source_actor", "target_actor", "kind", "layer"):
        relations[column] = relations[column].astype("str")
    return relations


def generated_actors(actors: int = ACTORS) -> pd.DataFrame:
    ids = [f"a{i}" for i in range(actors)]
    return pd.DataFrame(
        {
            "actor_id": ids,
            "name": [f"Armed group number {i}" for i in range(actors)],
            "kind": "armed_group",
            "country": ["SYR" if i % 2 else "IRQ" for i in range(actors)],
            "affiliation": "none",
            "description": "",
            "claim_ids": "",
            "_line": np.arange(2, actors + 2),
        }
    )


@pytest.fixture(scope="module")
def imported():
    """The curated dataset with the generated actors and ties and without its article."""
    curated, _problems = load_dataset(DATA_DIR)
    sources = curated.sources[curated.sources["kind"] != "article"]
    actors = generated_actors()
    actors = actors.astype({c: curated.actors[c].dtype for c in actors.columns})
    return dataclasses.replace(
        curated, sources=sources, actors=actors, relations=generated_relations()
    )


@pytest.fixture(scope="module")
def view(imported):
    return network_view(ViewData(imported))


def drawn(result) -> set[str]:
    return {
        node
        for trace in result.figure.data
        # Node traces carry their actors' ids; the Overview's thumbnail draws them without
        # printed names (mode "markers"), the page with them. The ties' hover points too
        # carry ids, of ties.
        if (getattr(trace, "mode", None) or "").startswith("markers")
        and trace.name != "ties"
        and trace.customdata is not None
        for node in trace.customdata
    }


def test_the_dates_are_the_ends_of_the_years_in_the_data(imported):
    offered = dates_offered(ViewData(imported))
    last = imported.relations["end_date"].max()
    if last.month == 12 and last.day == 31:
        assert [k.label for k in offered] == [str(y) for y in YEARS]
    else:  # the last year ends with the last tie
        assert [k.label for k in offered] == [
            *(str(y) for y in YEARS[:-1]),
            f"Year to {last.day} {last:%b %Y}",
        ]
    assert offered[-1].day == last.date()
    period = ViewData(imported, Filters(start=date(2018, 1, 1), end=date(2019, 6, 30)))
    assert [k.label for k in dates_offered(period)] == ["2018", "Year to 30 Jun 2019"]


def test_at_most_top_actors_are_drawn_and_the_note_says_so(imported, view):
    nodes = drawn(view)
    assert 0 < len(nodes) <= TOP_ACTORS
    note = view.caveats[0]
    assert note.startswith(f"The {TOP_ACTORS} most connected of ")
    assert "filter by actor or country to see others" in note
    last = imported.relations["end_date"].max()
    assert view.takeaway.startswith(f"In the year to {last.day} {last:%b %Y}")
    assert "most connected" in view.subtitle
    assert "most connected" in view.figure.layout.title.text
    # The balance analysis runs on the drawn actors only.
    assert len(view.tables["ties"]) == len(
        [e for t in view.figure.data if t.name == "ties" for e in t.customdata]
    )
    unbalanced = view.tables["unbalanced"]["actors"].str.split(", ").explode()
    names = set(imported.actors.set_index("actor_id").loc[list(nodes), "name"])
    assert set(unbalanced) <= names


def test_the_most_connected_are_the_actors_with_most_partners(imported, view):
    periods = effective_periods(imported.relations, None)
    year = periods[periods["start_date"].dt.year == 2024]
    pairs = year[["a", "b"]].drop_duplicates()
    partners = pd.concat([pairs["a"], pairs["b"]]).value_counts()
    nodes = drawn(view)
    assert partners[list(nodes)].min() >= partners.drop(list(nodes)).max()


def test_figures_stay_small(imported, view):
    for mode in ("network", "matrix", "ego"):
        result = network_view(ViewData(imported), NetworkOptions(mode=mode, ego="a7"))
        size = sum(len(figure.to_json()) for figure in result.figures.values())
        assert size < 2_000_000, (mode, size)
    assert sum(len(f.to_json()) for f in view.figures.values()) < 500_000


def test_a_chosen_actor_is_always_drawn(imported):
    quiet = "a480"  # few ties: never among the most connected on its own
    result = network_view(ViewData(imported, Filters(actors=(quiet,))))
    nodes = drawn(result)
    assert quiet in nodes and len(nodes) <= TOP_ACTORS


def test_ego_and_matrix_modes_are_cut_too(imported):
    ego = network_view(ViewData(imported), NetworkOptions(mode="ego", ego="a3", steps=2))
    nodes = drawn(ego)
    assert "a3" in nodes and len(nodes) <= TOP_ACTORS
    assert "within 2 step(s) of Armed group number 3" in ego.caveats[0]
    matrix = network_view(ViewData(imported), NetworkOptions(mode="matrix"))
    assert len(matrix.figure.data[0].x) <= TOP_ACTORS


def test_earlier_years_and_a_country_filter(imported):
    earlier = network_view(ViewData(imported), NetworkOptions(as_of=date(2018, 12, 31)))
    assert earlier.takeaway.startswith("In the year to 31 Dec 2018")
    assert len(drawn(earlier)) <= TOP_ACTORS
    syria = network_view(ViewData(imported, Filters(countries=("SYR",))))
    assert 0 < len(drawn(syria)) <= TOP_ACTORS
    series = syria.tables["balance_over_time"]
    assert list(series["date"].dt.year) == list(YEARS)


# -- the pieces ----------------------------------------------------------------------------


def _periods(*rows: tuple) -> pd.DataFrame:
    """(source, target, sign, start, end, description) rows, typed as the loader does."""
    frame = pd.DataFrame(
        rows, columns=["source_actor", "target_actor", "sign", "start", "end", "description"]
    )
    frame["relation_id"] = [f"r{i}" for i in range(len(frame))]
    frame["kind"] = np.where(frame["sign"] > 0, "ally", "fights")
    frame["sign"] = frame["sign"].astype("Int64")
    frame["claim_ids"] = "c1"
    frame["layer"] = "at_publication"
    frame["_line"] = range(2, len(frame) + 2)
    frame["start_date"] = pd.to_datetime(frame["start"])
    frame["end_date"] = pd.to_datetime(frame["end"])
    return effective_periods(frame, None)


def test_a_pair_over_a_year_takes_its_latest_sign_and_sums_its_events():
    periods = _periods(
        ("x", "y", 1, "2024-01-05", "2024-03-01", "3 events in 2024 (ACLED)"),
        ("y", "x", -1, "2024-05-01", "2024-11-30", "1,204 events in 2024 (ACLED)"),
        ("x", "z", -1, "2024-02-01", "2024-02-01", "hand-written"),
        ("x", "z", 0, "2024-06-01", "2024-06-01", ""),
    )
    ties = window_ties(periods).set_index(["a", "b"])
    assert ties.loc[("x", "y"), "sign"] == -1
    assert ties.loc[("x", "y"), "events"] == 1207
    assert bool(ties.loc[("x", "y"), "mixed"])
    # A later neutral contact does not undo hostility; a row without a count is one event.
    assert ties.loc[("x", "z"), "sign"] == -1 and ties.loc[("x", "z"), "events"] == 2
    signs = window_signs_at(periods, [date(2024, 12, 31), date(2025, 12, 31)])
    assert signs == [{("x", "y"): -1, ("x", "z"): -1}, {}]


def test_data_dates_and_most_connected():
    periods = _periods(
        ("p", "q", 1, "2020-03-01", "2020-04-01", ""),
        ("p", "r", 1, "2021-03-01", "2021-09-15", ""),
        ("p", "s", -1, "2021-03-01", "2021-04-01", ""),
    )
    assert [k.label for k in data_dates(tie_days(periods))] == ["2020", "Year to 15 Sep 2021"]
    assert data_dates(tie_days(periods.iloc[:0])) == []
    assert most_connected(periods, 4) is None
    top, among = most_connected(periods, 2)
    assert top[0] == "p" and among == 4
    assert most_connected(periods, 2, pinned=["s"])[0][0] == "s"


def test_triangle_counts_match_the_triads():
    graph = nx.gnm_random_graph(60, 500, seed=4)
    rng = np.random.default_rng(4)
    for u, v in graph.edges:
        graph.edges[u, v]["sign"] = int(rng.choice([-1, 0, 1]))
    triads = signed_triads(graph)
    assert triangle_counts(graph) == (len(triads), int(triads["balanced"].sum()))


def test_the_overviews_small_chart_draws_fewer(imported):
    from dashboard.views.overview import small_network_view

    small = small_network_view(ViewData(imported))
    nodes = drawn(small)
    assert 0 < len(nodes) <= SMALL_TOP_ACTORS
    # Said beside the thumbnail (its title moved out of the figure, to wrap on the page).
    assert f"{SMALL_TOP_ACTORS} most connected" in small.subtitle


def test_the_ties_among_some_actors_are_found_by_row_as_by_id(imported):
    # By the ends' rows in the actors table, not by id: the same ties, and by id again
    # when a tie names an actor actors.csv does not have.
    country = imported.actors["country"].value_counts().index[0]
    kept = []
    for filters in (Filters(countries=(country,)), Filters(actors=("a1", "a7"))):
        every = imported.relations
        shown = filtered_dataset(imported, filters).relations
        ends = pd.concat([shown["source_actor"], shown["target_actor"]]).unique()
        by_row = ties_among(imported, every, ends_of=shown)
        assert by_row.equals(among_mask(every, ends))
        assert ties_among(imported, every, actors=ends[:30]).equals(among_mask(every, ends[:30]))
        kept.append(int(by_row.sum()))
    assert 0 < kept[1] < len(imported.relations)  # two actors' partners: some ties, not all
    stranger = imported.relations.copy()
    stranger.loc[stranger.index[0], "source_actor"] = "no_such_actor"
    unknown = dataclasses.replace(imported, relations=stranger)
    shown = stranger.iloc[:1]
    expected = among_mask(stranger, ["no_such_actor", stranger["target_actor"].iloc[0]])
    assert expected.iloc[0] and ties_among(unknown, stranger, ends_of=shown).equals(expected)
    chosen = ["no_such_actor", stranger["target_actor"].iloc[0]]
    assert ties_among(unknown, stranger, actors=chosen).equals(expected)
