"""Names for displayed records (analysis.evidence display_names, record_labels with names=)
and the sources a view cites (cited_sources)."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.analysis.evidence import (
    cited_sources,
    display_names,
    record_labels,
    sources_cited_by,
)
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.model.load import load_dataset
from tests.conftest import DATA_DIR


def test_display_names_name_actors_and_events_by_what_readers_know(dataset):
    names = display_names(dataset)
    assert names["usa"] == "United States"
    assert names["fall_of_mosul"] == "Fall of Mosul"
    assert len(names) == len(dataset.actors) + len(dataset.events)


def test_display_names_read_as_the_plain_dictionary_they_replace(dataset):
    # Looked up through an index rather than copied: the same answers as a dict of the
    # events' titles overlaid by the actors' names, an actor winning a shared id.
    events = dataset.events.copy()
    events.loc[0, "event_id"] = "usa"  # an event id that is also an actor's
    shared = dataclasses.replace(dataset, events=events)
    names = display_names(shared)
    plain = {
        **dict(zip(events["event_id"], events["title"])),
        **dict(zip(dataset.actors["actor_id"], dataset.actors["name"])),
    }
    assert dict(names) == plain
    assert len(names) == len(plain) and sorted(names) == sorted(plain)
    assert names["usa"] == "United States" and "usa" in names
    assert "nobody" not in names and names.get("nobody", "?") == "?"
    with pytest.raises(KeyError):
        names["nobody"]


def test_record_labels_take_names_from_the_mapping_given(dataset):
    cut = filtered_dataset(dataset, Filters(actors=("usa",)))
    # Iran is filtered out of the actors: the full dataset's names still name it.
    labels = record_labels(cut, "relations", names=display_names(dataset))
    assert labels["iran_usa_talks"] == "Iran – negotiates – United States, 2013-09–"
    plain = record_labels(cut, "relations")  # names from the cut itself: Iran is an id
    assert plain["iran_usa_talks"] == "iran – negotiates – United States, 2013-09–"
    custom = record_labels(cut, "relations", names={"iran": "Tehran", "usa": "Washington"})
    assert custom["iran_usa_talks"] == "Tehran – negotiates – Washington, 2013-09–"


def test_cited_sources_are_each_source_once_the_article_first(dataset):
    cited = cited_sources(dataset, ["c_ref_iraq;c_news_geneva", "c_article_war", "", "nope"])
    # The article leads; then by title ("Encyclopaedia ..." before "Interim deal ...").
    assert list(cited["source_id"]) == ["src_article", "src_reference", "src_news"]
    assert cited_sources(dataset, []).empty
    assert cited_sources(dataset, ["c_census", "c_ref_iraq"])["source_id"].tolist() == [
        "src_reference"
    ]


def test_the_sources_of_some_rows_are_those_their_claim_ids_cite():
    full, _ = load_dataset(DATA_DIR)  # the curated data: ties cite the article and others
    relations = full.relations
    for rows in (relations, relations.iloc[::3], relations.iloc[:0], relations.iloc[[5, 1]]):
        found = sources_cited_by(full, "relations", rows)
        expected = cited_sources(full, rows["claim_ids"])
        assert found["source_id"].tolist() == expected["source_id"].tolist()
        assert found.columns.tolist() == expected.columns.tolist()
    assert not sources_cited_by(full, "relations", relations).empty
    # A cut's rows keep the whole table's labels: they are found as they are in it.
    cut = filtered_dataset(full, Filters(countries=("SYR",))).relations
    assert sources_cited_by(full, "relations", cut).equals(cited_sources(full, cut["claim_ids"]))
