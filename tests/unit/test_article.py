"""The dataset's article (analysis.article): byline, thesis in its words, date, and where
the references contradict it."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.article import (
    article_date_text,
    article_summary,
    disagreements,
    publication_date,
)
from dashboard.analysis.evidence import display_names
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.model.load import load_dataset
from tests.unit.conftest import WAR_KIND_DISCREPANCY, add_rows, set_cell


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


def test_the_article_date_is_written_as_precisely_as_known(dataset_dir):
    dataset, _ = load_dataset(dataset_dir)
    assert article_date_text(dataset) == "Jan 2014"
    set_cell(dataset_dir, "sources", "src_article", "published", "")
    assert article_date_text(load_dataset(dataset_dir)[0]) == "an unknown date"


def test_disagreements_name_their_subject_and_leave_figures_to_the_cards(dataset_dir):
    add_rows(
        dataset_dir,
        "discrepancies",
        WAR_KIND_DISCREPANCY,
    )
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    notes = disagreements(dataset)
    assert list(notes["discrepancy_id"]) == ["war_kind"]  # the figure one is a card
    assert notes.iloc[0]["subject"] == "Iran-Iraq War"


def test_disagreements_name_subjects_a_filter_left_out_from_the_names_given(dataset_dir):
    add_rows(
        dataset_dir,
        "discrepancies",
        {
            "discrepancy_id": "talks_began",
            "table": "relations",
            "record_id": "iran_usa_talks",
            "field": "start",
            "article_claim_id": "c_article_war",
            "article_value": "2013",
            "reference_value": "2012",
            "reference_claim_ids": "c_news_geneva",
            "explanation": "Secret talks began earlier.",
        },
    )
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    # Under the USA filter, Iran is no longer among the actors, yet the tie names it.
    cut = filtered_dataset(dataset, Filters(actors=("usa",)))
    assert "iran" not in set(cut.actors["actor_id"])
    notes = disagreements(cut, names=display_names(dataset))
    assert list(notes["subject"]) == ["Iran – negotiates – United States, 2013-09–"]
    unnamed = disagreements(cut)  # without the full names, the id stands in
    assert unnamed.iloc[0]["subject"].startswith("iran – negotiates – United States")
