"""The article's places as map markers, with the events that happened at each."""

from __future__ import annotations

import pandas as pd

MARKER_COLUMNS = [
    "id",
    "name",
    "place_kind",
    "lat",
    "lon",
    "country",
    "date",
    "type",
    "events",
    "event_count",
    "hindsight_only",
]


def place_markers(places: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One marker per place: its name, position, and the events there with dates and types.

    Events share places (three sets of talks in Geneva), so one labelled marker per place
    keeps labels legible on a projector; the hover lists every event at it.
    """
    located = events[events["place_id"] != ""]
    by_place = located.sort_values("start_date").groupby("place_id")
    listed = pd.DataFrame(
        {
            "date": by_place["start"].agg(" / ".join),
            "type": by_place["event_type"].agg(lambda t: ", ".join(dict.fromkeys(t))),
            "events": by_place["title"].agg(" · ".join),
            "event_count": by_place.size(),
            # A place only the hindsight layer speaks of is drawn apart from the rest.
            "hindsight_only": by_place["layer"].agg(
                lambda x: bool((x == "after_publication").all())
            ),
        }
    )
    markers = places.set_index("place_id").join(listed, how="left").reset_index()
    markers["type"] = markers["type"].fillna("")
    markers["event_count"] = markers["event_count"].fillna(0).astype(int)
    markers["hindsight_only"] = (
        markers["hindsight_only"].astype("boolean").fillna(False).astype(bool)
    )
    markers = markers.fillna({"date": "", "events": ""})
    return markers.rename(columns={"place_id": "id", "kind": "place_kind"})[MARKER_COLUMNS]


def events_without_place(events: pd.DataFrame) -> pd.DataFrame:
    """Events that cannot be put on the map: no place, or a place that was left out."""
    return events.loc[events["place_id"] == "", ["event_id", "title", "start", "end"]]
