"""The article's places as map markers, with the events that happened at each."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.model.columns import is_in, is_numbered, positions_in

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
            # As text: pandas casts an aggregate of a categorical back to its categories
            # (event types and titles are categorical).
            "type": by_place["event_type"].agg(lambda t: ", ".join(dict.fromkeys(t))).astype(str),
            "events": by_place["title"].agg(" · ".join).astype(str),
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
    unplaced = (events["place_id"] == "").to_numpy(dtype=bool)
    columns = ["event_id", "title", "start", "end"]
    # A boolean .loc (or a take) on a million rows costs tens of ms even when none is true.
    if not unplaced.any():
        return events[columns].iloc[:0]
    return events[columns].iloc[np.flatnonzero(unplaced)]


# -- a million events: counts per admin-1 region ------------------------------------------

# Past this many placed events (or places with events) the map draws counts per admin-1
# region instead of one marker per place: a marker's hover lists its events, and labels
# are placed one by one, so both grow with the data (a million events sent 108 MB).
MAP_EVENT_LIMIT = 1_000
MAP_PLACE_LIMIT = 200
# Precisions that locate an event no closer than its province or country: never drawn as
# an exact point.
APPROXIMATE_PRECISIONS = ("province", "country")
TOP_TYPES = 3  # event types named in a region's hover
COUNT_COLUMNS = ["events", "deaths", "places", "approximate_events", "top_types"]


def should_aggregate(places: pd.DataFrame, events: pd.DataFrame) -> bool:
    """Whether the map should draw counts per region rather than a marker per place."""
    placed = events["place_id"] != ""
    if int(placed.sum()) > MAP_EVENT_LIMIT:
        return True
    return events.loc[placed, "place_id"].nunique() > MAP_PLACE_LIMIT


def place_precision(places: pd.DataFrame) -> pd.Series:
    """Each place's precision ('exact' when the data does not say: curated places are)."""
    if "precision" not in places:
        return pd.Series("exact", index=places.index, dtype=object)
    return places["precision"].astype(object).where(places["precision"].notna(), "exact")


def is_approximate(places: pd.DataFrame) -> pd.Series:
    """True for places located only to their province or country."""
    precision = place_precision(places).replace("", "exact")
    return precision.isin(APPROXIMATE_PRECISIONS).astype(bool)


@dataclass(frozen=True)
class EventLinks:
    """Row-to-row links of a dataset's events, places and figures, as positions: what a
    count per place needs, resolved once (string lookups on a million rows cost ~0.2 s)."""

    place_at: np.ndarray  # per event row: the row of its place (-1: none or unknown)
    type_codes: np.ndarray  # per event row: the index of its type in type_names
    type_names: np.ndarray
    figure_event: np.ndarray  # per figure row: the row of the event whose deaths it counts
    best: np.ndarray  # per figure row: its best estimate (0 when not a deaths figure)
    n_places: int  # rows in the places table the positions point into


def event_links(places: pd.DataFrame, events: pd.DataFrame, figures: pd.DataFrame) -> EventLinks:
    """The links between the rows of these three tables.

    Row and type numbers are int32: kept for the dataset's life, half the memory of int64
    (a million events: 18 to 10 MB), and a place-type pair number stays far below 2**31.
    """
    deaths = (figures["metric"] == "deaths").to_numpy(dtype=bool)
    figure_event = np.full(len(figures), -1, dtype=np.int32)
    if deaths.any() and len(events):
        figure_event[deaths] = positions_in(figures.loc[deaths, "subject_id"], events["event_id"])
    best = pd.to_numeric(figures["best"], errors="coerce").fillna(0).to_numpy(dtype=float)
    type_codes, type_names = pd.factorize(events["event_type"].to_numpy())
    if (type_codes < 0).any():  # a missing type is counted, as 'unknown'
        type_codes = np.where(type_codes < 0, len(type_names), type_codes)
        type_names = [*type_names, "unknown"]
    return EventLinks(
        place_at=positions_in(events["place_id"], places["place_id"]).astype(np.int32),
        type_codes=np.asarray(type_codes, dtype=np.int32),
        type_names=np.asarray(type_names, dtype=object),
        figure_event=figure_event,
        best=np.where(deaths, best, 0.0),
        n_places=len(places),
    )


def dataset_links(full) -> EventLinks | None:
    """event_links of a whole Dataset, computed once per Dataset (None unless its tables
    are numbered 0..n-1, which is what lets a filtered cut find its rows in them); kept
    with the Dataset (see Dataset.derived)."""
    if not all(is_numbered(full.table(name)) for name in ("places", "events", "figures")):
        return None
    return full.derived(
        ("map", "links"), lambda: event_links(full.places, full.events, full.figures)
    )


def place_source_claims(full) -> pd.DataFrame | None:
    """For each place of a whole Dataset, one of its claims per source they cite (columns
    row, claim_id, source_id; row is the place's row number), computed once per Dataset.

    What the map's source list needs from thousands of places, each citing claims among a
    million, without a lookup by id on every redraw. None unless places are numbered.
    """
    if not is_numbered(full.places):
        return None

    def one_claim_per_source() -> pd.DataFrame:
        cited = full.exploded("places", "claim_ids")
        at = positions_in(cited, full.claims["claim_id"])
        found = at >= 0
        frame = pd.DataFrame(
            {
                "row": np.asarray(cited.index, dtype=np.int64)[found],
                "claim_id": cited.to_numpy()[found],
                "source_id": full.claims["source_id"].to_numpy()[at[found]],
            }
        )
        return frame.drop_duplicates(["row", "source_id"])

    return full.derived(("map", "place_sources"), one_claim_per_source)


def place_counts(
    places: pd.DataFrame,
    events: pd.DataFrame,
    figures: pd.DataFrame | np.ndarray,
    *,
    links: EventLinks | None = None,
) -> pd.DataFrame:
    """Per place: its events, their deaths (best estimates) and a count per event type.

    Whole-column work (positions and bincounts), no loop over events. links, when given,
    are dataset_links of the whole dataset these frames were cut from (their index labels
    are its row numbers): the lookups by id are then already done, and figures may be
    just those row numbers (of the kept figures: they need not be copied, see kept_rows).
    Indexed like places; one column per event type, prefixed 'type:'.
    """
    if links is None:
        links = event_links(places, events, figures)
        place_rows, event_rows, figure_rows = (
            np.arange(len(places)),
            np.arange(len(events)),
            np.arange(len(figures)),
        )
    else:
        place_rows = places.index.to_numpy(dtype=np.int64)
        event_rows = events.index.to_numpy(dtype=np.int64)
        figure_rows = (
            figures if isinstance(figures, np.ndarray) else figures.index.to_numpy(np.int64)
        )
    n_places = links.n_places
    # Events in the cut, by their row in links; their place's row (-1: none).
    kept_event = np.zeros(len(links.place_at), dtype=bool)
    kept_event[event_rows] = True
    at = links.place_at[event_rows]
    placed = at >= 0
    counts = np.bincount(at[placed], minlength=n_places)
    n_types = max(len(links.type_names), 1)
    by_type = np.bincount(
        at[placed] * n_types + links.type_codes[event_rows][placed], minlength=n_places * n_types
    ).reshape(n_places, n_types)
    # Deaths: the cut's figures whose event is in the cut and has a place.
    of_event = links.figure_event[figure_rows]
    ok = of_event >= 0
    ok[ok] = np.take(kept_event, of_event[ok])  # take: the links are int32, which
    where = np.full(len(figure_rows), -1, dtype=np.int64)  # indexing casts first
    where[ok] = np.take(links.place_at, of_event[ok])
    ok &= where >= 0
    deaths = np.bincount(where[ok], weights=links.best[figure_rows][ok], minlength=n_places)
    by_type = by_type[place_rows][:, : len(links.type_names)]
    used = by_type.sum(axis=0) > 0
    result = pd.DataFrame(
        by_type[:, used],
        index=places.index,
        columns=[f"type:{t}" for t in links.type_names[used]],
        dtype=np.int64,
    )
    result.insert(0, "events", counts[place_rows].astype(np.int64))
    result.insert(1, "deaths", deaths[place_rows])
    return result


def _top_types_text(by_type: pd.DataFrame) -> pd.Series:
    """'attack 1,204 · uprising 310 · statement 12' per row of type counts (few rows)."""
    names = [c.removeprefix("type:").replace("_", " ") for c in by_type.columns]
    values = by_type.to_numpy()
    order = np.argsort(-values, axis=1, kind="stable")[:, :TOP_TYPES]
    texts = []
    for row, ranked in zip(values, order, strict=True):
        parts = [f"{names[j]} {row[j]:,}" for j in ranked if row[j] > 0]
        texts.append(" · ".join(parts))
    return pd.Series(texts, index=by_type.index, dtype=object)


def _grouped_counts(counts: pd.DataFrame, keys: pd.Series, approximate: pd.Series) -> pd.DataFrame:
    """Place counts summed per key (a region or a country): one row per key with events,
    indexed by the keys in order. Summed with bincounts: a pandas groupby of a few
    thousand places took 3 ms, twice on every redraw of the map."""
    events = counts["events"].to_numpy()
    codes, names = pd.factorize(keys.to_numpy(), sort=True)
    used = (events > 0) & (codes >= 0)  # a place without a key is in no group's count
    codes, size = codes[used], len(names)

    def summed(values: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=values[used], minlength=size)

    type_columns = [c for c in counts.columns if c.startswith("type:")]
    by_type = counts[type_columns].to_numpy()[used]
    type_sums = np.zeros((size, len(type_columns)), dtype=np.int64)
    np.add.at(type_sums, codes, by_type)
    places = np.bincount(codes, minlength=size)
    present = places > 0
    index = pd.Index(np.asarray(names, dtype=object)[present], name="_key")
    summed_counts = pd.DataFrame(
        {
            "events": summed(events).astype(np.int64)[present],
            "deaths": summed(counts["deaths"].to_numpy(dtype=float)).astype(float)[present],
            "places": places[present],
            "approximate_events": summed(np.where(approximate.to_numpy(), events, 0)).astype(
                np.int64
            )[present],
        },
        index=index,
    )
    types = pd.DataFrame(type_sums[present], index=index, columns=type_columns)
    summed_counts["top_types"] = _top_types_text(types)
    return summed_counts[COUNT_COLUMNS].sort_values("events", ascending=False, kind="stable")


def region_counts(places: pd.DataFrame, counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events, deaths and top event types per admin-1 region, and per country for the
    events located no closer than their country (they belong to no region's count).

    counts is place_counts of these places. The first frame is indexed by adm1_code, the
    second by ISO3; both have COUNT_COLUMNS. approximate_events counts the events at
    places located only to their province.
    """
    precision = place_precision(places)
    country_only = (precision == "country") | places["admin1"].fillna("").eq("")
    in_region = ~country_only
    regions = _grouped_counts(
        counts[in_region.to_numpy()],
        places.loc[in_region, "admin1"],
        (precision[in_region] == "province"),
    )
    countries = _grouped_counts(
        counts[country_only.to_numpy()],
        places.loc[country_only, "country"],
        pd.Series(True, index=places.index[country_only]),
    )
    return regions, countries


def counted_places(places: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """The places table of an aggregated map: each place with its precision, events and
    deaths, busiest first (no per-event text: that is what made the full map heavy).
    counts is place_counts of these places."""
    table = pd.DataFrame(
        {
            "id": places["place_id"],
            "name": places["name"],
            "place_kind": places["kind"],
            "country": places["country"],
            "admin1": places["admin1"],
            "precision": place_precision(places),
            "event_count": counts["events"],
            "deaths": counts["deaths"],
        }
    )
    return table.sort_values(["event_count", "id"], ascending=[False, True], kind="stable")


def region_events(
    places: pd.DataFrame,
    events: pd.DataFrame,
    figures: pd.DataFrame,
    adm1_code: str,
    *,
    limit: int = 50,
) -> tuple[pd.DataFrame, int]:
    """The events in one admin-1 region, deadliest then latest first (at most limit rows),
    and how many there are in all."""
    inside = places[places["admin1"] == adm1_code]
    chosen = events[is_in(events["place_id"], inside["place_id"])] if len(inside) else events[:0]
    deaths = np.zeros(len(chosen))
    dead = figures[figures["metric"] == "deaths"]
    if len(dead) and len(chosen):
        at = positions_in(dead["subject_id"], chosen["event_id"])
        best = pd.to_numeric(dead["best"], errors="coerce").fillna(0).to_numpy(dtype=float)
        deaths = np.bincount(at[at >= 0], weights=best[at >= 0], minlength=len(chosen))
    dates = chosen["start_date"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    top = np.lexsort((dates, deaths))[::-1][:limit]
    rows = chosen.iloc[top]
    names = dict(zip(inside["place_id"], inside["name"], strict=True))
    table = pd.DataFrame(
        {
            "event_id": rows["event_id"].to_numpy(),
            "title": rows["title"].to_numpy(),
            "start": rows["start"].to_numpy(),
            "event_type": rows["event_type"].to_numpy(),
            "place": [names.get(p, p) for p in rows["place_id"]],
            "deaths": deaths[top],
        }
    )
    return table, len(chosen)
