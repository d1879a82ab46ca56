"""Numbers in words and the article's figures beside the references'."""

from __future__ import annotations

import math

import pytest

from dashboard.analysis.figures import (
    article_figures_against_references,
    figures_with_context,
    format_number,
    format_range,
)
from dashboard.model.load import load_dataset
from tests.unit.conftest import add_rows, set_cell

NAN = math.nan


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1_250_000, "people", "1.25 million"),
        (1_000_000, "people", "1 million"),
        (815_000_000_000, "USD", "$815 billion"),
        (4e12, "USD", "$4 trillion"),
        (500_000, "people", "500,000"),
        (1_000, "", "1,000"),
        (0, "people", "0"),
        (2.5, "people", "2.5"),
        (2_922, "days", "2,922 days"),
        (8, "years", "8 years"),
        (52, "hostages", "52 hostages"),
        (-3_000_000, "USD", "$-3 million"),
    ],
)
def test_format_number_says_it_aloud(value, unit, text):
    assert format_number(value, unit) == text


# Regression: rounding after choosing the scale once gave "1e+03 million".
@pytest.mark.parametrize("value", [999_600_000, 999_999_999_999])
def test_format_number_never_shows_scientific_notation(value):
    text = format_number(value, "USD")
    assert "e+" not in text
    assert text in ("$1 billion", "$1 trillion")


@pytest.mark.parametrize(
    ("low", "best", "high", "text"),
    [
        (NAN, 1e6, NAN, "1 million"),
        (5e5, 1e6, 1.5e6, "1 million (range 500,000 – 1.5 million)"),
        (5e5, 1e6, NAN, "1 million (range 500,000)"),
        (NAN, 1e6, 1.5e6, "1 million (range 1.5 million)"),
        (5e5, NAN, 1e6, "500,000 – 1 million"),
        (5e5, NAN, NAN, "at least 500,000"),
        (NAN, NAN, 1e6, "up to 1 million"),
        (NAN, NAN, NAN, "no value"),
    ],
)
def test_format_range_wording(low, best, high, text):
    assert format_range(low, best, high, "people") == text


def test_format_range_carries_the_unit():
    assert format_range(NAN, 8.15e11, 3e12, "USD") == "$815 billion (range $3 trillion)"


def test_figures_know_their_subject_and_source(dataset):
    frame = figures_with_context(dataset).set_index("figure_id")
    article = frame.loc["war_deaths_article"]
    assert article["subject"] == "Iran-Iraq War"
    assert article["source_title"] == "Iran-America Alliance?"
    assert bool(article["from_article"]) is True
    assert article["metric_label"] == "Deaths"
    assert article["range_text"] == "1 million"
    assert bool(frame.loc["war_deaths_reference", "from_article"]) is False


def test_the_articles_figure_sits_beside_the_references(dataset):
    table = article_figures_against_references(dataset)
    assert table.to_dict("records") == [
        {
            "figure_id": "war_deaths_article",
            "subject": "Iran-Iraq War",
            "metric": "Deaths",
            "article": "1 million",
            "references": [
                "500,000 – 1 million — Encyclopaedia of Modern Wars (military and civilian)"
            ],
            "discrepancy": "The article gives the top of the range.",
        }
    ]


def test_only_references_on_the_same_subject_and_metric_are_compared(dataset_dir):
    base = {
        "figure_id": "",
        "subject_id": "iran_iraq_war",
        "metric": "deaths",
        "low": "",
        "best": "",
        "high": "",
        "unit": "people",
        "as_of": "",
        "basis": "",
        "layer": "at_publication",
        "source_id": "src_news",
        "claim_ids": "c_news_geneva",
        "note": "",
    }
    add_rows(
        dataset_dir,
        "figures",
        dict(base, figure_id="war_cost", metric="cost_usd", unit="USD", best="5e11"),
        dict(base, figure_id="other_deaths", subject_id="isil", best="10"),
        dict(base, figure_id="news_deaths", best="680000"),
    )
    set_cell(dataset_dir, "discrepancies", "war_deaths", "record_id", "war_deaths_reference")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    [row] = article_figures_against_references(dataset).to_dict("records")
    assert row["references"] == [
        "500,000 – 1 million — Encyclopaedia of Modern Wars (military and civilian)",
        "680,000 — Interim deal reached in Geneva",  # no basis: no brackets
    ]
    assert row["discrepancy"] == ""  # the note is now on another figure


def test_no_article_figure_gives_an_empty_table(dataset_dir):
    set_cell(dataset_dir, "figures", "war_deaths_article", "source_id", "src_reference")
    dataset, _ = load_dataset(dataset_dir)
    table = article_figures_against_references(dataset)
    assert table.empty
    assert list(table.columns) == [
        "figure_id",
        "subject",
        "metric",
        "article",
        "references",
        "discrepancy",
    ]
