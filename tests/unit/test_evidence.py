"""Following a record back to its quotes and sources; searching the claims."""

from __future__ import annotations

import pytest

from dashboard.analysis.evidence import (
    CLAIM_COLUMNS,
    claims_with_sources,
    evidence_for,
    record_labels,
    search_evidence,
    search_sources,
)
from dashboard.model.load import load_dataset
from tests.unit.conftest import VALID, set_cell


def found(dataset, query: str) -> list[str]:
    return list(search_evidence(dataset, query)["claim_id"])


def test_claims_come_with_their_source(dataset):
    table = claims_with_sources(dataset)
    assert list(table.columns) == CLAIM_COLUMNS
    assert len(table) == len(VALID["claims"])
    war = table.set_index("claim_id").loc["c_article_war"]
    assert war["title"] == "Iran-America Alliance?"
    assert war["publisher"] == "Example Review"
    assert war["kind"] == "article"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("interim deal", ["c_news_geneva"]),
        ("DEAL Interim", ["c_news_geneva"]),  # any case, any order
        ("iraq war", ["c_article_war", "c_ref_iraq"]),
        ("iraq war million", ["c_article_war"]),  # every word must match
        ("mosul", ["c_later_mosul"]),
        ("reference press shia", ["c_census"]),  # the source's publisher counts
        ("daily wire", ["c_news_geneva"]),
        ("src_news", ["c_news_geneva"]),
        ("(", []),  # taken literally, not as a pattern
        ("kurdistan", []),
    ],
)
def test_search_matches_every_word_in_any_case(dataset, query, expected):
    assert found(dataset, query) == expected


def test_an_empty_search_returns_every_claim(dataset):
    assert len(search_evidence(dataset, "   ")) == len(VALID["claims"])


def test_evidence_for_an_event_lists_its_claims_in_order(dataset):
    evidence = evidence_for(dataset, "events", "iran_iraq_war")
    assert evidence.record["title"] == "Iran-Iraq War"
    assert list(evidence.claims["claim_id"]) == ["c_ref_iraq", "c_article_war"]
    assert list(evidence.claims["title"]) == [
        "Encyclopaedia of Modern Wars",
        "Iran-America Alliance?",
    ]
    assert evidence.discrepancies.empty
    assert evidence.reference_claims.empty


def test_the_order_of_claim_ids_is_the_order_shown(dataset_dir):
    set_cell(dataset_dir, "events", "iran_iraq_war", "claim_ids", "c_article_war;c_ref_iraq")
    dataset, _ = load_dataset(dataset_dir)
    evidence = evidence_for(dataset, "events", "iran_iraq_war")
    assert list(evidence.claims["claim_id"]) == ["c_article_war", "c_ref_iraq"]


def test_evidence_for_a_disputed_figure_has_the_discrepancy_and_the_references(dataset):
    evidence = evidence_for(dataset, "figures", "war_deaths_article")
    assert list(evidence.claims["claim_id"]) == ["c_article_war"]
    assert list(evidence.discrepancies["discrepancy_id"]) == ["war_deaths"]
    note = evidence.discrepancies.iloc[0]
    assert (note["article_value"], note["reference_value"]) == (
        "a million",
        "500,000 to 1,000,000",
    )
    assert list(evidence.reference_claims["claim_id"]) == ["c_ref_war_deaths"]
    assert evidence.reference_claims.iloc[0]["kind"] == "reference"


def test_the_reference_figure_itself_has_no_discrepancy(dataset):
    evidence = evidence_for(dataset, "figures", "war_deaths_reference")
    assert list(evidence.claims["claim_id"]) == ["c_ref_war_deaths"]
    assert evidence.discrepancies.empty


def test_regions_are_found_by_admin1_code_or_country(dataset):
    assert record_labels(dataset, "regions") == {"IRQ-3241": "Baghdad", "IRN": "Iran"}
    assert list(evidence_for(dataset, "regions", "IRQ-3241").claims["claim_id"]) == ["c_census"]
    assert list(evidence_for(dataset, "regions", "IRN").claims["claim_id"]) == ["c_ref_iraq"]


def test_record_labels_use_what_a_reader_recognises(dataset):
    assert record_labels(dataset, "events") == {
        "iran_iraq_war": "Iran-Iraq War",
        "geneva_deal": "Geneva interim agreement",
        "fall_of_mosul": "Fall of Mosul",
    }
    relations = record_labels(dataset, "relations")
    assert relations["iran_usa_talks"] == "Iran – negotiates – United States, 2013-09–"
    assert relations["iran_iraq_fight"] == "Iran – fights – Iraq, 1980-09-22–1988-08-20"
    assert record_labels(dataset, "figures") == {
        "war_deaths_article": "Iran-Iraq War: deaths (src_article)",
        "war_deaths_reference": "Iran-Iraq War: deaths (src_reference)",
    }


def test_a_record_without_a_label_is_shown_by_its_key(dataset_dir):
    set_cell(dataset_dir, "regions", 1, "admin1_name", "")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    assert record_labels(dataset, "regions") == {"IRQ-3241": "Baghdad", "IRN": "IRN"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["src_article", "src_reference", "src_news"]),
        ("amaruso", ["src_article"]),  # by author
        ("REFERENCE press", ["src_reference"]),  # every word, any case
        ("geneva reporter", ["src_news"]),
        ("geneva amaruso", []),
    ],
)
def test_sources_are_searchable_by_any_of_their_fields(dataset, query, expected):
    assert list(search_sources(dataset, query)["source_id"]) == expected
