"""Places as map markers (analysis.places), and events that cannot be placed."""

from __future__ import annotations

from dashboard.analysis.places import MARKER_COLUMNS, events_without_place, place_markers


def test_one_marker_per_place_with_its_events_in_date_order(dataset):
    markers = place_markers(dataset.places, dataset.events).set_index("id")
    assert list(markers.reset_index().columns) == MARKER_COLUMNS
    assert set(markers.index) == {"baghdad", "mosul", "tehran"}
    assert markers.loc["mosul", "events"] == "Fall of Mosul"
    assert markers.loc["mosul", "event_count"] == 1
    assert markers.loc["mosul", "type"] == "takeover"
    assert markers.loc["baghdad", "event_count"] == 0
    assert markers.loc["baghdad", "events"] == ""
    assert markers.loc["baghdad", "place_kind"] == "city"


def test_events_at_one_place_share_its_marker(dataset):
    events = dataset.events.copy()
    events.loc[events["event_id"] == "iran_iraq_war", "place_id"] = "mosul"
    markers = place_markers(dataset.places, events).set_index("id")
    assert markers.loc["mosul", "event_count"] == 2
    assert markers.loc["mosul", "events"] == "Iran-Iraq War · Fall of Mosul"  # by start date
    assert markers.loc["mosul", "type"] == "war, takeover"


def test_events_without_a_place_are_listed_for_the_note_under_the_map(dataset):
    unplaced = events_without_place(dataset.events)
    assert set(unplaced["event_id"]) == {"iran_iraq_war", "geneva_deal"}
    assert list(unplaced.columns) == ["event_id", "title", "start", "end"]
