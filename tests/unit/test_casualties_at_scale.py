"""Casualties and the Overview on imported-size data (generated frames, never /tmp/ds1m):
past AGGREGATE_ABOVE figures the page draws totals per country and per year, small enough
to send; the sums are right to the unit; ranges are summed only where every figure gives
one; ACLED's single counts are said to be no range; the Overview of data without an
article says what the data is instead of quoting an article it does not have."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.casualties import (
    AGGREGATE_ABOVE,
    figure_families,
    figure_totals,
    has_article,
)
from dashboard.analysis.filters import Filters
from dashboard.model.formats import write_dataset
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.casualties import (
    TOP_COUNTRIES,
    CasualtiesOptions,
    casualties_view,
    families_in_view,
    offers_article_only,
)
from dashboard.views.overview import OverviewOptions, overview_view
from tests.unit.map_data import real_geography

NAN = math.nan
FIGURES = 20_000
COUNTRIES = {"IRQ": "Baghdad", "SYR": "Aleppo", "YEM": "Sanaa", "LBN": "Beirut"}
# A chart of totals is a few dozen bars: far below the 2 MB a chart may send.
SMALL_JSON = 200_000


# ---- totals on a tiny known example ------------------------------------------------------


def tiny(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["metric", "unit", "low", "best", "high", "where"])


def test_totals_sum_what_is_given_and_call_a_range_a_range_only_when_whole():
    figures = tiny(
        [
            ("deaths", "people", 1, 2, 3, "IRQ"),
            ("deaths", "people", NAN, 5, NAN, "IRQ"),  # a single count (ACLED's kind)
            ("deaths", "people", 10, 20, 30, "SYR"),
            ("deaths", "people", 100, 200, 300, "SYR"),
            ("deaths", "people", 7, NAN, NAN, "YEM"),  # a floor: no best to add up
        ]
    )
    totals = figure_totals(figures, figures["where"]).set_index("group")
    iraq, syria, yemen = totals.loc["IRQ"], totals.loc["SYR"], totals.loc["YEM"]
    assert (iraq.figures, iraq.with_low, iraq.with_best, iraq.with_high) == (2, 1, 2, 1)
    assert (iraq.low_sum, iraq.best_sum, iraq.high_sum) == (1, 7, 3)
    assert not iraq.ranged and iraq.total_text == "7"  # not "7 (range 1 – 3)"
    assert syria.ranged and (syria.low_sum, syria.best_sum, syria.high_sum) == (110, 220, 330)
    assert syria.total_text == "220 (range 110 – 330)"
    assert pd.isna(yemen.best_sum) and yemen.low_sum == 7  # nothing given is no sum, not 0
    assert yemen.total_text == "no best estimate"
    assert set(totals["family"]) == {"deaths"} and set(totals["unit"]) == {"people"}


def test_durations_are_never_summed_and_families_keep_their_units():
    figures = tiny(
        [
            ("duration_years", "years", NAN, 8, NAN, "IRQ"),
            ("duration_days", "days", NAN, 400, NAN, "IRQ"),
            ("cost_usd", "USD", NAN, 1e9, NAN, "IRQ"),
            ("hostages", "people", NAN, 52, NAN, "IRQ"),
        ]
    )
    assert list(figure_families(figures)["family"]) == [
        "duration", "duration", "cost", "hostages:people",
    ]  # fmt: skip
    totals = figure_totals(figures, figures["where"])
    assert set(totals["family"]) == {"cost", "hostages:people"}
    assert dict(zip(totals["family"], totals["best_sum"])) == {
        "cost": 1e9, "hostages:people": 52,
    }  # fmt: skip


# ---- generated imports ---------------------------------------------------------------------


def generated_tables(count: int, *, ranged: bool, publisher: str, seed: int = 3) -> dict:
    """An import's tables as text: count events, each with one deaths figure, spread over
    four countries and 2012-2014; ranged figures give low/best/high, the others best only."""
    rng = np.random.default_rng(seed)
    codes = np.array(list(COUNTRIES))
    country = codes[rng.integers(0, len(codes), count)]
    year = rng.integers(2012, 2015, count)
    best = rng.integers(0, 60, count)
    ids = [f"e{i}" for i in range(count)]
    source = f"import_{publisher.lower()}"
    events = pd.DataFrame(
        {
            "event_id": ids,
            "title": [f"Attack: <b>side</b> vs other in {COUNTRIES[c]}" for c in country],
            "start": [f"{y}-0{1 + i % 9}-1{i % 10}" for i, y in enumerate(year)],
            "end": "",
            "event_type": "attack",
            "place_id": [f"p_{c.lower()}" for c in country],
            "actor_ids": "a_side;a_other",
            "description": "",
            "layer": "at_publication",
            "claim_ids": "c1",
        }
    )
    figures = pd.DataFrame(
        {
            "figure_id": [f"f{i}" for i in range(count)],
            "subject_id": ids,
            "metric": "deaths",
            "low": [str(max(b - 3, 0)) for b in best] if ranged else "",
            "best": [str(b) for b in best],
            "high": [str(b + 5) for b in best] if ranged else "",
            "unit": "people",
            "as_of": [f"{y}-12-31" for y in year],
            "basis": "deaths counted by UCDP GED: low, best and high estimates"
            if ranged
            else "fatalities reported by ACLED (its conservative count; no range given)",
            "layer": "at_publication",
            "source_id": source,
            "claim_ids": "c1",
            "note": "",
        }
    )
    return {
        "sources": pd.DataFrame(
            [
                {
                    "source_id": source,
                    "title": f"{publisher} export test.csv",
                    "author": "",
                    "publisher": publisher,
                    "published": "",
                    "url": "",
                    "kind": "reference",
                    "reliability": "medium",
                    "note": "",
                }
            ]
        ),
        "claims": pd.DataFrame(
            [{"claim_id": "c1", "source_id": source, "quote": "Rows of the export.", "note": ""}]
        ),
        "actors": pd.DataFrame(
            [
                {
                    "actor_id": a,
                    "name": a,
                    "kind": "armed_group",
                    "country": "",
                    "affiliation": "none",
                    "description": "",
                    "claim_ids": "c1",
                }
                for a in ("a_side", "a_other")
            ]
        ),
        "places": pd.DataFrame(
            [
                {
                    "place_id": f"p_{c.lower()}",
                    "name": name,
                    "kind": "city",
                    "country": c,
                    "admin1": "",
                    "lat": "33",
                    "lon": "44",
                    "claim_ids": "c1",
                }
                for c, name in COUNTRIES.items()
            ]
        ),
        "events": events,
        "figures": figures,
    }


def loaded(tmp_path: Path, **kwargs):
    tables = generated_tables(**kwargs)
    write_dataset(tables, tmp_path / "data")
    dataset, problems = load_dataset(tmp_path / "data")
    assert problems == []
    return dataset, tables["figures"].assign(
        country=tables["places"]
        .set_index("place_id")["country"]
        .reindex(tables["events"]["place_id"])
        .to_numpy(),
        year=tables["figures"]["as_of"].str[:4].astype(int),
    )


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    return loaded(tmp_path_factory.mktemp("acled"), count=FIGURES, ranged=False, publisher="ACLED")


@pytest.fixture(scope="module")
def ucdp(tmp_path_factory):
    return loaded(tmp_path_factory.mktemp("ucdp"), count=FIGURES, ranged=True, publisher="UCDP")


def view_data(dataset, filters: Filters | None = None) -> ViewData:
    """The view data with the repository's boundaries (as an import copies them), which
    name the countries."""
    return ViewData(dataset, filters or Filters(), real_geography())


def chart_sums(figure) -> dict[str, float]:
    bar = figure.data[0]
    labels, values = (bar.y, bar.x) if bar.orientation == "h" else (bar.x, bar.y)
    return dict(zip(labels, values))


def test_twenty_thousand_figures_are_drawn_as_totals_small_enough_to_send(acled):
    dataset, figures = acled
    result = casualties_view(view_data(dataset))
    assert list(result.figures) == ["deaths", "deaths_years"]
    for figure in result.figures.values():
        assert len(figure.to_json()) < SMALL_JSON
        assert len(figure.data) == 1  # one bar trace, not a trace or a range per figure
    by_country = chart_sums(result.figures["deaths"])
    assert len(by_country) <= TOP_COUNTRIES + 1
    expected = figures.assign(best=figures["best"].astype(int)).groupby("country")["best"].sum()
    names = {"IRQ": "Iraq", "SYR": "Syria", "YEM": "Yemen", "LBN": "Lebanon"}
    assert {k: int(v) for k, v in by_country.items()} == {
        names[c]: int(total) for c, total in expected.items()
    }
    by_year = chart_sums(result.figures["deaths_years"])
    expected_years = figures.assign(best=figures["best"].astype(int)).groupby("year")["best"]
    assert {k: int(v) for k, v in by_year.items()} == {
        str(y): int(total) for y, total in expected_years.sum().items()
    }
    # The note of what was summed, and the honest words about single counts.
    assert f"{FIGURES:,} figures in view" in result.subtitle
    caveats = " ".join(result.caveats)
    assert f"{FIGURES:,} figures in view, more than {AGGREGATE_ABOVE:,}" in caveats
    assert "ACLED gives a single count per event" in caveats
    assert "a sum of best estimates is not a range" in caveats
    assert "in people; basis: 'fatalities reported by ACLED" in caveats
    assert result.figures["deaths"].data[0].name == "Sum of best estimates"
    assert result.figures["deaths"].data[0].error_x.array is None  # no whisker: no range
    title = result.figures["deaths"].layout.title.text
    assert "sums of best estimates of 20,000 figures" in title
    total = int(figures["best"].astype(int).sum())
    assert result.takeaway.startswith(f"People killed: {total:,} in total (the sum of 20,000")
    # The table under the chart is the top countries; the downloads hold every total.
    assert set(result.tables["top"]["country"]) == set(names.values())
    assert result.tables["by_country"]["sum_of_best"].sum() == total
    assert result.tables["by_year"]["sum_of_best"].sum() == total
    assert list(result.sources["source_id"]) == ["import_acled"]


def test_chart_text_from_the_data_is_escaped_in_totals(acled):
    dataset, _ = acled
    # No geography, so the countries are named from the data (here its ISO3 codes, which a
    # file could make anything).
    codes = dataset.places["country"].map({"IRQ": "<i>IRQ</i>"}).fillna(dataset.places["country"])
    dataset = dataclasses.replace(dataset, places=dataset.places.assign(country=codes))
    figure = casualties_view(ViewData(dataset)).figures["deaths"]
    labels = list(figure.data[0].y)
    assert "&lt;i&gt;IRQ&lt;/i&gt;" in labels and all("<" not in label for label in labels)


def test_ranges_are_summed_where_every_figure_gives_one(ucdp):
    dataset, figures = ucdp
    result = casualties_view(view_data(dataset))
    numbers = figures[["low", "best", "high"]].astype(int)
    table = result.tables["by_country"]
    assert table["sum_of_lows"].sum() == numbers["low"].sum()
    assert table["sum_of_highs"].sum() == numbers["high"].sum()
    assert set(table["range_given"]) == {"yes: sums of lows and highs"}
    bar = result.figures["deaths"].data[0]
    assert bar.error_x.array is not None and all(a > 0 for a in bar.error_x.array)
    caveats = " ".join(result.caveats)
    assert "from the sum of the lows to the sum of the highs" in caveats
    assert "ACLED" not in caveats


def test_a_country_filter_sums_only_its_figures(acled):
    dataset, figures = acled
    result = casualties_view(view_data(dataset, Filters(countries=("SYR",))))
    syria = figures[figures["country"] == "SYR"]
    assert chart_sums(result.figures["deaths"]) == {"Syria": syria["best"].astype(int).sum()}
    assert "Syria" in result.takeaway


def test_below_the_threshold_every_figure_is_drawn_with_its_source(tmp_path):
    dataset, figures = loaded(tmp_path, count=AGGREGATE_ABOVE, ranged=False, publisher="ACLED")
    result = casualties_view(ViewData(dataset))
    assert list(result.figures) == ["deaths"]
    assert set(result.tables["figures"]["figure_id"]) == set(figures["figure_id"])
    assert result.takeaway == f"{AGGREGATE_ABOVE} figures in view; the article gives none of them."


def test_without_an_article_there_is_no_article_switch(acled):
    dataset, _ = acled
    data = ViewData(dataset)
    assert not has_article(dataset) and not offers_article_only(data)
    assert families_in_view(data) == {"deaths": "People killed"}
    # A link carrying the switch changes nothing: there is no article to narrow to.
    narrowed = casualties_view(data, CasualtiesOptions(article_only=True))
    assert narrowed.tables["by_country"].equals(casualties_view(data).tables["by_country"])


# ---- the Overview of data without an article -------------------------------------------------


def test_the_overview_of_imported_data_says_what_it_is(acled):
    dataset, figures = acled
    result = overview_view(view_data(dataset), OverviewOptions(charts=False))
    about = result.tables["about"]["text"].iloc[0]
    assert about == (
        f"Imported data, not an article: {FIGURES:,} events from ACLED export test.csv, "
        "Jan 2012 – Sep 2014, in 4 countries."
    )
    numbers = dict(zip(result.tables["key_numbers"]["what"], result.tables["key_numbers"]["value"]))
    total = int(figures["best"].astype(int).sum())
    assert numbers == {
        "Events": f"{FIGURES:,}",
        "People killed": f"{total:,}",
        "Period": "2012–2014",
        "Countries": "4",
    }
    notes = " ".join(result.tables["key_numbers"]["note"])
    assert "ACLED gives a single count per event, so this is no range" in notes
    assert "Jan 2012 – Sep 2014: the first and last event in view" in notes
    assert "bottom_line" not in result.tables and "key_figures" not in result.tables
    text = " ".join([result.subtitle, result.takeaway, about])
    assert "“" not in text and "No article in this dataset" not in text
    assert result.subtitle == "ACLED export test.csv"
    assert result.takeaway.startswith(f"{total:,} people killed in view")
    assert "Discrepancies" not in set(result.tables["counts"]["what"])


def test_the_imported_overview_follows_the_filters(acled):
    dataset, figures = acled
    result = overview_view(
        view_data(dataset, Filters(countries=("IRQ",))), OverviewOptions(charts=False)
    )
    numbers = dict(zip(result.tables["key_numbers"]["what"], result.tables["key_numbers"]["value"]))
    iraq = figures[figures["country"] == "IRQ"]
    assert numbers["Events"] == f"{len(iraq):,}"
    assert numbers["People killed"] == f"{int(iraq['best'].astype(int).sum()):,}"
    assert numbers["Countries"] == "1"
    assert "events in view from" in result.tables["about"]["text"].iloc[0]
