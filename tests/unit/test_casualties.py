"""Casualties and costs without Streamlit: ranges, the article against the references in
words, deaths per 100,000 only where a population is sourced, dollars with their price
basis, and the view's figures, tables, takeaway and caveats; known answers throughout."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis.casualties import (
    agreement,
    comparison_words,
    figure_family,
    figure_ranges,
    price_basis,
    rates_per_100k,
    span_words,
)
from dashboard.analysis.filters import Filters
from dashboard.charts.palette import surface
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData, from_query, to_query
from dashboard.views.casualties import CasualtiesOptions, casualties_view
from tests.unit.conftest import add_rows
from tests.unit.map_data import real_view_data

NAN = math.nan

# ---- the article against the references, in words -------------------------------------------

# The Iran-Iraq war: the article's floor of 1.25 million against six reference figures
# (500,000+; 600,000+; 1.25 million; 183,623; 250,000; 1 million+).
IRAN_IRAQ = [(5e5, 5e5), (6e5, 6e5), (1.25e6, 1.25e6), (183_623, 183_623), (2.5e5, 2.5e5),
             (1e6, 1e6)]  # fmt: skip


@pytest.mark.parametrize(
    ("article", "references", "unit", "expected"),
    [
        (
            (1.25e6, NAN, NAN),
            IRAN_IRAQ,
            "people",
            "The article's floor (1.25 million) is the top of the reference range "
            "(183,623 – 1.25 million): 1 of the 6 references bears it out.",
        ),
        (
            (NAN, 2.5, NAN),
            [(2.81, 2.85)],
            "years",
            "The article's figure (2.5 years) is below the whole reference range "
            "(2.81 – 2.85 years).",
        ),
        (
            (1.5, NAN, NAN),
            [(1.22, 1.22), (1.17, 1.17)],
            "years",
            "The article's floor (1.5 years) is above the whole reference range "
            "(1.17 – 1.22 years): none of the 2 references bears it out.",
        ),
        (
            (1e12, NAN, NAN),
            [(8.15e11, 8.15e11), (7.51e11, 7.51e11), (1.7e12, 1.7e12), (2.19e12, 2.19e12)],
            "USD",
            "The article's floor ($1 trillion) is within the reference range "
            "($751 billion – $2.19 trillion): 2 of the 4 references bear it out.",
        ),
        (
            (30, NAN, NAN),
            [(34.9, 34.94)],
            "years",
            "The article's floor (30 years) is below the reference figure (34.9 years): "
            "the reference bears it out.",
        ),
        (
            (NAN, NAN, 100),
            [(150, 200)],
            "people",
            "The article's ceiling (100) is below the whole reference range (150 – 200): "
            "the reference does not bear it out.",
        ),
        (
            (NAN, 1e6, NAN),
            [(1e6, 1e6)],
            "people",
            "The article's figure (1 million) equals the reference figure (1 million).",
        ),
        (
            (10, NAN, 20),
            [(15, 30)],
            "people",
            "The article's range (10 – 20) overlaps the reference range (15 – 30).",
        ),
        ((NAN, 5, NAN), [], "people", "No reference figure to compare with."),
    ],
)
def test_comparison_words(article, references, unit, expected):
    assert comparison_words(*article, references, unit) == expected


@pytest.mark.parametrize(
    ("article", "references", "expected"),
    [
        ((1.25e6, NAN, NAN), IRAN_IRAQ, "edge"),  # only Correlates of War reaches the floor
        ((NAN, 2.5, NAN), [(2.81, 2.85)], "outside"),
        ((1.5, NAN, NAN), [(1.22, 1.22), (1.17, 1.17)], "outside"),
        ((1e12, NAN, NAN), [(7.51e11, 7.51e11), (1.7e12, 1.7e12)], "edge"),
        ((1e12, NAN, NAN), [(7.51e11, 7.51e11), (1.7e12, 1.7e12), (2e12, 2e12)], "within"),
        ((NAN, 1e6, NAN), [(5e5, 1e6)], "edge"),  # the best value is the references' top
        ((NAN, 7e5, NAN), [(5e5, 1e6)], "within"),
        ((NAN, 7e5, NAN), [], "none"),
    ],
)
def test_agreement(article, references, expected):
    assert agreement(*article, references) == expected


def test_span_words_say_the_unit_once():
    assert span_words(1.17, 1.22, "years") == "1.17 – 1.22 years"
    assert span_words(7.51e11, 2.19e12, "USD") == "$751 billion – $2.19 trillion"
    assert span_words(34.9, 34.94, "years") == "34.9 years"  # within half a percent: one


# ---- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metric", "unit", "family"),
    [
        ("deaths", "people", "deaths"),
        ("civilian_deaths", "people", "deaths"),
        ("cost_usd", "USD", "cost"),
        ("cost_usd", "USD 2011", "cost"),
        ("duration_days", "days", "duration"),
        ("count", "casualties (killed and wounded)", "count:casualties (killed and wounded)"),
    ],
)
def test_families_never_mix_units(metric, unit, family):
    assert figure_family(metric, unit) == family


def test_price_basis_says_the_year_of_the_dollars():
    assert price_basis("USD", "2014-12") == (
        "current (nominal) US dollars as reported for Dec 2014; not adjusted for inflation"
    )
    assert price_basis("USD 2011", "2014-12") == "constant 2011 US dollars"
    assert price_basis("2011 USD", "") == "constant 2011 US dollars"


def test_days_become_years_and_a_source_counted_twice_is_kept_once():
    ranges = figure_ranges(real_view_data().dataset)
    hostage = ranges[ranges["subject_id"] == "hostage_crisis"]
    # 444 days and "444 / 365.25 = 1.22 years" come from one source: one row, in years.
    assert "ref_hostage_days" not in set(hostage["figure_id"])
    assert set(hostage.loc[hostage["family"] == "duration", "unit"]) == {"years"}
    assert (ranges["family"] == "cost").sum() == 5
    assert set(ranges.loc[ranges["family"] == "cost", "price_basis"].str[:7]) == {"current"}


# ---- deaths per 100,000 --------------------------------------------------------------------


def ranges_frame(*rows: dict) -> pd.DataFrame:
    base = {"family": "deaths", "subject": "A war", "metric_label": "Deaths"}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_rates_per_100k_from_a_sourced_population():
    deaths = ranges_frame(
        {"figure_id": "d1", "subject_id": "war", "low": 1000.0, "best": 2000.0, "high": 4000.0},
        {"figure_id": "d2", "subject_id": "other", "low": 5.0, "best": NAN, "high": NAN},
    )
    population = pd.DataFrame(
        [{"figure_id": "p1", "subject_id": "war", "low": 1e6, "best": 2e6, "high": 4e6}]
    )
    rates = rates_per_100k(deaths, population)
    assert list(rates["figure_id"]) == ["d1"]  # no population for "other": no rate
    row = rates.iloc[0]
    # fewest deaths over the most people; best over best; most deaths over the fewest people
    assert (row.rate_low, row.rate_best, row.rate_high) == pytest.approx((25.0, 100.0, 400.0))
    assert row.rate_text == "100 (range 25 – 400) per 100,000"


def test_no_population_no_rate():
    deaths = ranges_frame({"figure_id": "d1", "subject_id": "war", "low": 1.0, "best": NAN,
                           "high": NAN})  # fmt: skip
    assert rates_per_100k(deaths, pd.DataFrame(columns=["subject_id"])).empty


# ---- the view -------------------------------------------------------------------------------


def test_view_on_the_small_dataset_with_and_without_a_population(dataset_dir):
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    result = casualties_view(ViewData(dataset))
    compared = result.tables["comparisons"]
    assert list(compared["figure_id"]) == ["war_deaths_article"]
    assert compared.iloc[0]["comparison"] == (
        "The article's figure (1 million) is the top of the reference range (500,000 – 1 million)."
    )
    assert result.takeaway == (
        "Of the article's 1 figures in view, 1 matches only the most extreme reference "
        "(Iran-Iraq War: deaths)."
    )
    assert any("No population figure" in c for c in result.caveats)
    assert list(result.figures) == ["deaths"]

    add_rows(
        dataset_dir,
        "figures",
        {
            "figure_id": "iran_iraq_population", "subject_id": "iran_iraq_war",
            "metric": "population", "low": "", "best": "50000000", "high": "", "unit": "people",
            "as_of": "1988", "basis": "both countries", "layer": "at_publication",
            "source_id": "src_reference", "claim_ids": "c_ref_war_deaths", "note": "",
        },
    )  # fmt: skip
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    result = casualties_view(ViewData(dataset))
    rates = result.tables["rates"].set_index("figure_id")
    assert rates.loc["war_deaths_article", "rate_best"] == pytest.approx(2000.0)
    assert rates.loc["war_deaths_reference", "rate_text"] == "1,000 – 2,000 per 100,000"
    assert not any("No population figure" in c for c in result.caveats)
    assert "iran_iraq_population" not in set(result.tables["figures"]["figure_id"])


def test_real_view_takeaway_tables_and_charts():
    result = casualties_view(real_view_data())
    assert result.takeaway.startswith("Of the article's 5 figures in view, 2 fall outside")
    assert "1 matches only the most extreme reference (Iran-Iraq war: deaths)" in result.takeaway
    assert list(result.figures)[:3] == ["deaths", "cost", "duration"]
    table = result.tables["figures"]
    assert table["figure_id"].is_unique
    assert set(table["from"]) == {"article", "reference"}
    row = table.set_index("figure_id").loc["art_iran_iraq_deaths"]
    assert row["comparison"].startswith(
        "The article's floor (1.25 million) is the top of the reference range"
    )
    assert row["explanation"].startswith("The article gives the highest scholarly estimate")
    assert result.sources.iloc[0]["source_id"] == "src_article"  # the article leads


def test_the_hindsight_layer_adds_the_later_figure():
    before = casualties_view(real_view_data()).tables["figures"]
    after = casualties_view(real_view_data(Filters(include_after_publication=True)))
    assert "ref_syria_deaths_sohr_jan" not in set(before["figure_id"])
    assert "ref_syria_deaths_sohr_jan" in set(after.tables["figures"]["figure_id"])
    assert not any("reported after the article" in c for c in after.caveats)


def test_options_narrow_the_view_and_round_trip_through_a_link():
    cost = casualties_view(real_view_data(), CasualtiesOptions(family="cost"))
    assert list(cost.figures) == ["cost"]
    assert set(cost.tables["figures"]["group"]) == {"Cost in US dollars"}
    mine = casualties_view(real_view_data(), CasualtiesOptions(article_only=True))
    assert "beirut_embassy_bombing" not in set(mine.tables["figures"]["subject"])
    assert "Double suicide bombing" not in " ".join(mine.tables["figures"]["subject"])
    options = CasualtiesOptions(family="cost", article_only=True)
    assert from_query(CasualtiesOptions, to_query(options)) == options


def test_the_chart_draws_the_article_beside_the_references_in_the_theme():
    figure = casualties_view(real_view_data(), theme="dark").figures["deaths"]
    assert figure.layout.template.layout.paper_bgcolor == surface("dark").paper
    assert figure.layout.xaxis.type == "log"
    names = {trace.name for trace in figure.data if trace.showlegend is not False}
    assert names == {"The article", "References"}
    ticks = list(figure.layout.yaxis.ticktext)
    assert "The article" in ticks and "<b>Iran-Iraq war</b>" in ticks
    assert len(figure.layout.shapes) >= 1  # the references' span behind the article's group
    assert "Article of Jan 2014" in figure.layout.annotations[0].text


def test_chart_text_from_the_data_is_escaped(dataset_dir):
    dataset, _ = load_dataset(dataset_dir)
    titles = dataset.events["title"].astype(str)  # loaded as a categorical
    titles[dataset.events["event_id"] == "iran_iraq_war"] = "<b>War</b>"
    dataset.events["title"] = titles
    figure = casualties_view(ViewData(dataset)).figures["deaths"]
    assert "<b>&lt;b&gt;War&lt;/b&gt;</b>" in list(figure.layout.yaxis.ticktext)
