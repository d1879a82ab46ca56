"""Names for displayed records (analysis.evidence display_names, record_labels with names=)
and the sources a view cites (cited_sources)."""

from __future__ import annotations

from dashboard.analysis.evidence import cited_sources, display_names, record_labels
from dashboard.analysis.filters import Filters, filtered_dataset


def test_display_names_name_actors_and_events_by_what_readers_know(dataset):
    names = display_names(dataset)
    assert names["usa"] == "United States"
    assert names["fall_of_mosul"] == "Fall of Mosul"
    assert len(names) == len(dataset.actors) + len(dataset.events)


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
