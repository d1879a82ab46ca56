"""The Overview's opening: the article's byline, its thesis in its words, the counts."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.analysis.overview import (
    article_summary,
    dataset_counts,
    disagreements,
    publication_date,
)
from dashboard.model.load import load_dataset
from tests.unit.conftest import add_rows, set_cell


def test_the_byline_names_title_author_publisher_and_date(dataset):
    summary = article_summary(dataset)
    assert summary.byline == "Iran-America Alliance? · John Amaruso · Example Review · Jan 2014"


def test_an_unknown_author_or_date_is_left_out_of_the_byline(dataset_dir):
    set_cell(dataset_dir, "sources", "src_article", "author", "")
    set_cell(dataset_dir, "sources", "src_article", "published", "")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    assert article_summary(dataset).byline == "Iran-America Alliance? · Example Review"


def test_the_thesis_is_the_articles_thesis_claims_in_id_order(dataset_dir):
    add_rows(
        dataset_dir,
        "claims",
        {
            "claim_id": "thesis_a_first",
            "source_id": "src_article",
            "quote": "Sectarian lines run through Iraq and Syria.",
            "note": "",
        },
        {
            "claim_id": "thesis_not_the_article",
            "source_id": "src_reference",
            "quote": "A reference's claim with the prefix.",
            "note": "",
        },
    )
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    quotes = article_summary(dataset).key_quotes
    assert list(quotes.columns) == ["claim_id", "quote"]
    assert list(quotes["claim_id"]) == ["thesis_a_first", "thesis_alliance"]
    assert quotes["quote"].iloc[1].startswith("Iran and America")


def test_no_article_says_so(dataset_dir):
    set_cell(dataset_dir, "sources", "src_article", "kind", "news")
    dataset, _ = load_dataset(dataset_dir)
    summary = article_summary(dataset)
    assert summary.byline == "No article in this dataset."
    assert summary.key_quotes.empty


def test_the_publication_date_is_the_last_day_the_article_can_have_appeared(dataset):
    assert publication_date(dataset) == pd.Timestamp("2014-01-31")


def test_no_article_date_means_no_publication_date(dataset_dir):
    set_cell(dataset_dir, "sources", "src_article", "published", "")
    dataset, _ = load_dataset(dataset_dir)
    assert publication_date(dataset) is None


def test_counts(dataset):
    assert dataset_counts(dataset) == {
        "Actors": 4,
        "Events": 3,
        "Ties": 3,
        "Figures": 2,
        "Sources": 3,
        "Discrepancies": 1,
    }


def test_counts_follow_the_filters(dataset):
    cut = filtered_dataset(dataset, Filters(actors=("usa",)))
    counts = dataset_counts(cut)
    assert (counts["Actors"], counts["Events"], counts["Ties"]) == (1, 1, 1)
    assert counts["Figures"] == 0
    assert counts["Discrepancies"] == 0


def test_disagreements_name_their_subject_and_leave_figures_to_the_cards(dataset_dir):
    add_rows(
        dataset_dir,
        "discrepancies",
        {
            "discrepancy_id": "war_kind",
            "table": "events",
            "record_id": "iran_iraq_war",
            "field": "characterisation",
            "article_claim_id": "c_article_war",
            "article_value": "sectarian",
            "reference_value": "territorial",
            "reference_claim_ids": "c_ref_iraq",
            "explanation": "A border war.",
        },
    )
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    notes = disagreements(dataset)
    assert list(notes["discrepancy_id"]) == ["war_kind"]  # the figure one is a card
    assert notes.iloc[0]["subject"] == "Iran-Iraq War"
