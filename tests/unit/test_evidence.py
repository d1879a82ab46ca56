"""Following a record back to its quotes and sources; searching the claims."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis.evidence import (
    CLAIM_COLUMNS,
    SYNONYMS,
    TRACEABLE,
    evidence_for,
    match_spans,
    record_key_for,
    record_keys,
    record_labels,
    safe_link,
    search_evidence,
    search_sources,
    search_terms,
    table_for,
)
from dashboard.model.load import load_dataset
from dashboard.ui.evidence import MATCH_BACKGROUND, highlighted
from dashboard.ui.text import shown_text
from tests.conftest import DATA_DIR
from tests.unit.conftest import VALID, add_rows, set_cell


def found(dataset, query: str) -> list[str]:
    return list(search_evidence(dataset, query)["claim_id"])


def test_claims_come_with_their_source(dataset):
    table = search_evidence(dataset, "")  # no terms: every claim
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
    assert record_labels(dataset, "regions") == {
        "IRQ-3241": "Baghdad, Iraq",
        "IRN": "Iran (whole country)",
    }
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
        "war_deaths_article": "Iran-Iraq War: deaths, 1 million (src_article)",
        "war_deaths_reference": "Iran-Iraq War: deaths, 500,000 – 1 million (src_reference)",
    }


def test_a_record_without_a_label_is_shown_by_its_key(dataset_dir):
    set_cell(dataset_dir, "regions", 0, "admin1_name", "")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    assert record_labels(dataset, "regions")["IRQ-3241"] == "IRQ-3241, Iraq"


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


# -- every record has its own label ---------------------------------------------------------


def _row(table: str, index: int, **changes: str) -> dict[str, str]:
    return {**VALID[table][index], **changes}


@pytest.fixture
def crowded(dataset_dir):
    """Two country-level regions and three figures from one source on one subject."""
    add_rows(dataset_dir, "regions", _row("regions", 1, iso3="IRQ", admin1_name="(country level)"))
    set_cell(dataset_dir, "regions", 1, "admin1_name", "(country level)")
    add_rows(
        dataset_dir,
        "figures",
        _row("figures", 1, figure_id="war_deaths_reference_2", low="600000", high=""),
        _row("figures", 1, figure_id="war_deaths_reference_3"),  # same numbers too
    )
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    return dataset


def test_country_level_regions_read_as_their_country(crowded):
    labels = record_labels(crowded, "regions", countries={"IRQ": "Iraq", "IRN": "Iran"})
    assert labels == {
        "IRQ-3241": "Baghdad, Iraq",
        "IRN": "Iran (whole country)",
        "IRQ": "Iraq (whole country)",
    }


def test_figures_from_one_source_on_one_subject_differ_by_value_or_else_by_key(crowded):
    labels = record_labels(crowded, "figures")
    assert labels["war_deaths_reference_2"] == (
        "Iran-Iraq War: deaths, at least 600,000 (src_reference)"
    )
    # Same subject, metric, numbers and source: only the key tells them apart.
    assert labels["war_deaths_reference"] == (
        "Iran-Iraq War: deaths, 500,000 – 1 million (src_reference) [war_deaths_reference]"
    )
    assert labels["war_deaths_reference_3"].endswith("[war_deaths_reference_3]")


@pytest.mark.parametrize("table", list(TRACEABLE))
def test_every_record_of_the_curated_data_has_a_distinct_label(table):
    dataset, _ = load_dataset(DATA_DIR)
    labels = record_labels(dataset, table)
    keys = list(record_keys(table, dataset.table(table)))
    assert list(labels) == keys  # one label per record, none lost to a shared key
    assert len(set(labels.values())) == len(keys)
    assert not any("(country level)" in label for label in labels.values())


# -- links: ids, and the labels older links held --------------------------------------------


def test_a_link_names_a_record_by_its_key_or_its_label(crowded):
    assert record_key_for(crowded, "events", "geneva_deal") == "geneva_deal"
    assert record_key_for(crowded, "events", "Geneva interim agreement") == "geneva_deal"
    assert record_key_for(crowded, "regions", "Iran (whole country)") == "IRN"
    assert record_key_for(crowded, "events", "Atlantis") is None
    assert record_key_for(crowded, "events", "") is None
    assert record_key_for(crowded, "events", None) is None


def test_labels_of_older_links_still_open_the_record_they_opened(crowded):
    # Before labels were distinct, a shared label opened the last of its records.
    assert record_key_for(crowded, "regions", "(country level)") == "IRQ"
    assert record_key_for(crowded, "regions", "Baghdad") == "IRQ-3241"
    old_figure = "Iran-Iraq War: deaths (src_reference)"
    assert record_key_for(crowded, "figures", old_figure) == "war_deaths_reference_3"
    assert record_key_for(crowded, "figures", "Iran-Iraq War: deaths (src_article)") == (
        "war_deaths_article"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("control_areas", "control_areas"),
        ("Control areas", "control_areas"),  # what older links held
        ("Figures", "figures"),
        ("claims", None),  # not traceable
        ("", None),
        (None, None),
    ],
)
def test_a_link_names_a_kind_of_record_by_table_or_label(value, expected):
    assert table_for(value) == expected


# -- search: synonyms and highlights ---------------------------------------------------------


@pytest.fixture
def jihadists(dataset_dir):
    """Claims that name the same groups in the ways sources do."""
    add_rows(
        dataset_dir,
        "claims",
        *(
            _row("claims", 0, claim_id=claim_id, quote=quote, note="")
            for claim_id, quote in [
                ("c_isil", "ISIL fighters took Fallujah."),
                ("c_isis", "ISIS now holds Raqqa."),
                ("c_daesh", "Residents call the group Daesh."),
                ("c_is", "The Islamic State of Iraq and the Levant declared itself."),
                ("c_aq", "Al-Qaeda leaders disowned the group."),
                ("c_aqi", "AQI was nearly defeated by 2010."),
                ("c_alqaida", "An al Qaida affiliate in Syria."),
                ("c_crisis", "A hostage crisis in Tehran; the Iraqi army withdrew."),
            ]
        ),
    )
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    return dataset


ISLAMIC_STATE = ["c_isil", "c_isis", "c_daesh", "c_is"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ISIL", ISLAMIC_STATE),
        ("isis", ISLAMIC_STATE),
        ("Daesh", ISLAMIC_STATE),
        ("Da\u2019esh", ISLAMIC_STATE),  # a curly apostrophe
        ("islamic state", ISLAMIC_STATE),
        ("ISIL raqqa", ["c_isis"]),  # with another word, every term must match
        ("al-Qaeda", ["c_aq", "c_aqi", "c_alqaida"]),  # AQI is al-Qaeda in Iraq
        ("al qaida", ["c_aq", "c_aqi", "c_alqaida"]),
        ("AQI", ["c_aqi"]),  # but not the other way round
        ("crisis", ["c_crisis"]),  # a plain word still matches inside words
    ],
)
def test_search_finds_the_names_an_analyst_types(jihadists, query, expected):
    found = search_evidence(jihadists, query)
    assert [
        c
        for c in found["claim_id"]
        if c in {*ISLAMIC_STATE, "c_aq", "c_aqi", "c_alqaida", "c_crisis"}
    ] == expected


def test_a_synonym_matches_whole_words_only(jihadists):
    # "ISIS" is not in "crisis", "AQI" is not in "Iraqi".
    assert "c_crisis" not in set(search_evidence(jihadists, "isis")["claim_id"])
    assert "c_crisis" not in set(search_evidence(jihadists, "aqi")["claim_id"])


def test_search_terms_say_what_else_they_look_for():
    daesh, iraq = search_terms("Daesh  iraq")
    assert daesh.typed == "Daesh"
    assert {"ISIL", "ISIS", "Islamic State"} <= set(daesh.synonyms)
    assert "Daesh" not in daesh.synonyms
    assert (iraq.typed, iraq.synonyms) == ("iraq", ())
    [phrase] = search_terms("Islamic State")  # one term, not two words
    assert phrase.typed == "Islamic State"
    assert search_terms("   ") == ()


def test_every_synonym_finds_its_group():
    for group in SYNONYMS:
        for name in group:
            [term] = search_terms(name)
            assert set(group) <= set(term.names), name


def test_matches_are_found_merged_and_in_order():
    terms = search_terms("isis iraq")
    text = "The ISIL crisis in Iraq: Islamic State of Iraq and the Levant"
    spans = match_spans(text, terms)
    assert [text[a:b] for a, b in spans] == [
        "ISIL",
        "Iraq",
        "Islamic State of Iraq and the Levant",  # the inner "Iraq" merged into it
    ]
    assert match_spans(text, ()) == []


# -- links that may be clicked ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("https://", None),
        ("www.example.org", None),
        ("//example.org/path", None),
        (" https://example.org", None),
        ("https://exa mple.org", None),
        ('https://example.org/"onmouseover="x', None),
        ("https://example.org/\nSet-Cookie", None),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_only_plain_web_links_are_made_clickable(url, expected):
    assert safe_link(url) == expected


def test_claims_carry_their_sources_reliability(dataset):
    claims = search_evidence(dataset, "").set_index("claim_id")
    assert claims.loc["c_ref_iraq", "reliability"] == "high"
    assert claims.loc["c_article_war", "reliability"] == "medium"
    assert list(evidence_for(dataset, "events", "iran_iraq_war").claims["reliability"]) == [
        "high",
        "medium",
    ]


# -- highlights stay inert text ---------------------------------------------------------------

HOSTILE = [
    "ISIL *took* [Mosul](javascript:alert(1)) <b>now</b>",
    ":orange-background[ISIL] is not markup from the data",
    "# ISIL\n- list\n> quote `code` $x$ http://example.org www.example.org",
    "  ISIL  ",
    "ISIL",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_highlighted_text_shows_exactly_the_text(text):
    marked = highlighted(text, search_terms("isil"))
    # The only live Markdown is the highlight itself, once per match.
    directive = f":{MATCH_BACKGROUND}["
    assert marked.count(directive) == text.upper().count("ISIL")
    unwrapped = (
        marked.replace(directive, "").replace("\\]", "\0").replace("]", "").replace("\0", "\\]")
    )
    assert shown_text(unwrapped) == " ".join(text.split())
    assert "<b>" not in marked and "](" not in marked


def test_plain_text_keeps_its_spaces_around_a_highlight():
    marked = highlighted("the ISIL group", search_terms("isil"))
    assert marked == f"the :{MATCH_BACKGROUND}[ISIL] group"
    assert highlighted("no match here", search_terms("isil")) == "no match here"


@pytest.mark.parametrize(
    "text",
    [
        "ISIS fighters",
        "the crisis deepened",  # "isis" inside a word: not the group
        "Da\u2019esh and al Qaeda",
        "al-Qaida in Iraq (AQI)",
        "Iraqi forces",  # not AQI
        "Islamic State of Iraq and the Levant",
        "ISIL_",  # an underscore is a word character
        "\u0627ISIS",  # nor is a name glued to an Arabic letter a whole word
        "",
    ],
)
def test_the_column_search_finds_what_the_highlighter_marks(text):
    # Arrow's RE2 searches a million quotes; Python's re marks the matches in the one shown.
    # They must agree, or a card would be found with nothing marked (or marked, not found).
    for term in search_terms("ISIS al-Qaeda AQI"):
        found = term.found_in(pd.Series([text]))
        assert bool(found.iloc[0]) == bool(term.pattern.search(text)), (term.typed, text)


def test_a_picker_lists_the_first_records_and_the_one_a_link_names():
    dataset, _ = load_dataset(DATA_DIR)
    events = dataset.events
    last = events["event_id"].iloc[-1]
    labels = record_labels(dataset, "events", limit=3, keeping=last)
    assert list(labels) == [*events["event_id"].iloc[:3], last]
    assert len(record_labels(dataset, "events")) == len(events)
