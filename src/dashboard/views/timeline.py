"""The timeline view: the events in view as periods and moments in lanes, with their dates
at their precision, the eras behind them and the article's date, a compact table and the
sources behind it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.analysis.article import article_date_text, publication_window
from dashboard.analysis.evidence import cited_sources, sources_at
from dashboard.analysis.filters import country_names, kept_columns, kept_count
from dashboard.analysis.timeline import (
    ERA_TYPES,
    LANE_KINDS,
    NO_LANE,
    OTHER_LANE,
    at_horizon,
    bin_unit,
    densest_years,
    era_bands,
    eras_of,
    event_spans,
    lane_layout,
    lane_memberships,
    precision_ranks,
    shown_dates,
    time_bins,
    top_lanes,
    year_span,
)
from dashboard.charts.palette import GREY, actor_colour
from dashboard.charts.timeline import TimelineContext, timeline_bins_figure, timeline_figure
from dashboard.model.columns import is_in, is_numbered, per_distinct, positions_in, split_ids
from dashboard.model.load import Dataset
from dashboard.model.problems import Problem
from dashboard.views.base import ViewData, ViewResult, is_thumbnail

# Above this many events, or marks (an event drawn once per lane it runs in), the timeline
# shows counts per week, month or year instead: the browser gets kilobytes, not megabytes,
# and a reader could not pick out ten thousand bars anyway. Below it, each event is drawn.
MAX_DRAWN = 1500
# The events' columns the counts read (and the place option filters on).
BINNED_COLUMNS = ["place_id", "start_precision", "start_date", "end_date", "layer"]
TABLE_ROWS = 500  # past MAX_DRAWN events the table lists the latest this many
TABLE_NOTE = "The table lists"  # how the caveat on a shortened table starts
BINNED_LANES = 6  # lines over the bins: the busiest lanes, the last one "other"
EDGE_FRACTION = 0.03  # space left and right of the events, as a share of their span
MARK_FRACTION = 0.012  # the width a marker takes, as a share of the axis, for stacking
TABLE_COLUMNS = {
    "from": "From",
    "to": "To",
    "precision": "Precision",
    "title": "Event",
    "kind": "Kind",
    "actors": "Actors",
    "place": "Place",
    "layer": "Layer",
    "event_id": "event_id",
}


@dataclass(frozen=True)
class TimelineOptions:
    """What the reader asked the timeline to show."""

    lanes: str = "actor"  # one of LANE_KINDS: actor, country or kind of event
    max_lanes: int = 10  # the busiest lanes; the rest share an "Other" lane
    labels: bool = True  # titles printed inside the bars wide enough to hold them
    place: str | None = None  # only the events at this place (the way back from the map)


def _layer_events(data: ViewData) -> pd.DataFrame:
    """Every event of the layers in view, whatever the other filters: the eras' source."""
    events = data.full.events
    if data.filters.include_after_publication:
        return events
    return events[events["layer"] == "at_publication"]


def time_frame(spans: pd.DataFrame, data: ViewData) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The axis range: the reader's period if chosen, else the events' span with a margin;
    never ending before the article when it is in view (ongoing runs to this edge)."""
    filters = data.filters
    window = publication_window(data.full)
    first = spans["earliest"].min() if len(spans) else None
    known = spans["latest"].where(~spans["ongoing"], spans["earliest"])
    last = known.max() if len(spans) else None
    if window is not None and not filters.include_after_publication:
        last = window[1] if last is None else max(last, window[1])
    if first is None or pd.isna(first):
        first = last if last is not None else pd.Timestamp("2000-01-01")
    if last is None or pd.isna(last):
        last = first
    pad = max((last - first) * EDGE_FRACTION, pd.Timedelta(days=30))
    start = pd.Timestamp(filters.start) if filters.start else first - pad
    end = pd.Timestamp(filters.end) if filters.end else last + pad
    return start, max(end, start + pd.Timedelta(days=1))


def lane_colours(lanes: pd.DataFrame, by: str, dataset: Dataset) -> dict[str, str]:
    """Each lane's colour: an actor's own; a country's state actor's; grey for kinds, so a
    colour on the timeline always means the same actor as on the map and the network."""
    if by == "actor":
        return {lane: GREY if lane in (OTHER_LANE, NO_LANE) else actor_colour(lane)
                for lane in lanes["lane"]}  # fmt: skip
    if by == "country":
        states = dataset.actors[dataset.actors["kind"] == "state"]
        state_of = dict(zip(states["country"], states["actor_id"], strict=True))
        return {lane: actor_colour(state_of[lane]) if lane in state_of else GREY
                for lane in lanes["lane"]}  # fmt: skip
    return dict.fromkeys(lanes["lane"], GREY)


def _memo(dataset: Dataset, key: str, compute):
    """compute() once per Dataset (see Dataset.derived)."""
    return dataset.derived(("timeline", key), compute)


def actor_names(dataset: Dataset) -> dict[str, str]:
    """actor_id -> name (what data.names says of actors, without naming a million events)."""
    actors = dataset.actors
    return _memo(dataset, "actors", lambda: dict(zip(actors["actor_id"], actors["name"])))


def place_names_of(dataset: Dataset) -> dict[str, str]:
    """place_id -> name."""
    places = dataset.places
    return _memo(dataset, "places", lambda: dict(zip(places["place_id"], places["name"])))


def events_table(events: pd.DataFrame, spans: pd.DataFrame, data: ViewData) -> pd.DataFrame:
    """The events in view, one line each, oldest first: dates as written, names not ids."""
    place_names = place_names_of(data.full)
    names = actor_names(data.full)
    actors = per_distinct(
        events["actor_ids"],
        lambda lists: lists.fillna("").map(
            lambda cell: ", ".join(names.get(a, a) for a in cell.split(";") if a)
        ),
    )
    table = pd.DataFrame(
        {
            "from": shown_dates(
                spans["start"], spans["start_precision"], spans["earliest"]
            ).to_numpy(),
            "to": shown_dates(
                spans["end"], spans["end_precision"], spans["end_earliest"]
            ).to_numpy(),
            "precision": [
                start if not end or start == end else f"{start} / {end}"
                for start, end in zip(
                    spans["start_precision"].fillna(""),
                    spans["end_precision"].fillna(""),
                    strict=True,
                )
            ],
            "title": events["title"].to_numpy(),
            "kind": events["event_type"].str.replace("_", " ").to_numpy(),
            "actors": actors.to_numpy(),
            "place": events["place_id"].map(place_names).fillna("").to_numpy(),
            "layer": events["layer"]
            .map({"at_publication": "at publication", "after_publication": "hindsight"})
            .to_numpy(),
            "event_id": events["event_id"].to_numpy(),
            "_order": spans["earliest"].to_numpy(),
        }
    )
    return (
        table.sort_values("_order", kind="stable")
        .drop(columns="_order")
        .rename(columns=TABLE_COLUMNS)
        .reset_index(drop=True)
    )


def _takeaway(spans: pd.DataFrame) -> str:
    """How many events, from when to when, and the densest year, in one line."""
    if spans.empty:
        return "No events match the filters."
    first, last = year_span(spans)
    years, count = densest_years(spans)
    span = f"in {first}" if first == last else f"from {first} to {last}"
    noun = "event" if len(spans) == 1 else "events"
    text = f"{len(spans):,} {noun} {span}"
    if len(spans) > 1:
        if len(years) == 1:
            text += f"; densest year {years[0]} ({count:,} events)"
        else:
            shown = ", ".join(map(str, years[:-1])) + f" and {years[-1]}"
            text += f"; densest years {shown} ({count:,} events each)"
    ongoing = int(spans["ongoing"].sum())
    if ongoing:
        text += f"; {ongoing:,} still ongoing"
    return text + "."


def _source_line(data: ViewData, *, binned: bool) -> str:
    """What the figure's fine print says: how dates are drawn, the article's date (only
    when the dataset has an article) and where the evidence is."""
    parts = (
        ["Bars: events by the week, month or year they began, at their date's precision"]
        if binned
        else ["Faded: all a date at month or year precision can mean; solid: certain"]
    )
    if publication_window(data.full) is not None:
        parts.append(f"article of {article_date_text(data.full)}")
    parts.append("quotes and sources: Evidence page")
    return " · ".join(parts)


def timeline_view(
    data: ViewData,
    options: TimelineOptions = TimelineOptions(),
    *,
    theme: str = "light",
    height: int | None = None,
) -> ViewResult:
    """The timeline figure, the events table and the sources for the reader's filters.

    Up to MAX_DRAWN events (and marks) each event is drawn in its lanes; past it the
    events are counted per time bin (see _binned_view)."""
    by = options.lanes if options.lanes in LANE_KINDS else "actor"
    dataset = data.dataset
    # Counting reads a few columns: a million events' cut is not copied whole for them
    # (see kept_columns). Events drawn one by one are few, and every column is read.
    if kept_count(dataset, "events") > MAX_DRAWN:
        events = kept_columns(dataset, "events", BINNED_COLUMNS)
    else:
        events = dataset.events
    place_names = place_names_of(data.full)
    if options.place:
        events = events[events["place_id"] == options.place]
    where = f" at {place_names.get(options.place, options.place)}" if options.place else ""
    if len(events) > MAX_DRAWN:
        return _binned_view(data, events, by, options, where, theme=theme, height=height)
    if len(events.columns) < len(dataset.events.columns):  # a place's few, of many
        events = dataset.events.loc[events.index]
    spans = event_spans(events)
    x_range = time_frame(spans, data)
    spans = at_horizon(spans, x_range[1])
    known_countries = data.geography.country_names if data.geography else None
    memberships = lane_memberships(
        events,
        by,
        actors=data.full.actors,
        places=data.full.places,
        names=actor_names(data.full),
        country_names=country_names(data.full, known_names=known_countries),
        max_lanes=max(options.max_lanes, 2),
    )
    if len(memberships) > MAX_DRAWN:
        return _binned_view(data, events, by, options, where, theme=theme, height=height)
    hindsight = data.filters.include_after_publication
    context = TimelineContext(
        x_range=x_range,
        eras=era_bands(_layer_events(data), horizon=x_range[1]),
        published=publication_window(data.full),
        hindsight=hindsight and (events["layer"] == "after_publication").any(),
    )
    title = f"Events{where} by {LANE_KINDS[by].lower()}, {x_range[0].year}–{x_range[1].year}"
    title += " (with hindsight)" if hindsight else ""
    caveats: list[str] = []
    span_days = x_range[1] - x_range[0]
    items, lanes = lane_layout(spans, memberships, min_width=span_days * MARK_FRACTION)
    figure = timeline_figure(
        items,
        lanes,
        context,
        lane_colours=lane_colours(lanes, by, data.full),
        theme=theme,
        title=title,
        source_line=_source_line(data, binned=False),
        labels=options.labels,
        height=height,
    )
    caveats += _left_off_caveats(data)
    result = ViewResult(
        title="Timeline",
        subtitle=f"Lanes by {LANE_KINDS[by].lower()}{where}.",
        # A thumbnail is its figure alone (the Overview prints the takeaway only of a view
        # with no figure): its densest years took 5 ms of every filter change at 1M.
        takeaway="" if is_thumbnail(height) else _takeaway(spans),
        figures={"timeline": figure},
        caveats=tuple(caveats),
    )
    if is_thumbnail(height):  # the figure alone: the table and sources are the page's
        return result
    return dataclasses.replace(
        result,
        tables={"events": events_table(events, spans, data)},
        sources=cited_sources(data.full, events["claim_ids"]),
    )


def _left_off_caveats(data: ViewData) -> list[str]:
    left_off = problems_off_the_timeline(data.problems)
    if not left_off:
        return []
    return [
        f"{len(left_off)} problem(s) in events.csv: those rows are left off the timeline "
        "(listed under it)."
    ]


def _precision_note(unit: str, ranks: np.ndarray, vague: pd.DataFrame) -> str:
    """How events dated less precisely than a day were counted, in a sentence."""
    parts = []
    for rank, precision in ((1, "month"), (2, "year")):
        count = int((ranks == rank).sum())
        if not count:
            continue
        these = f"{count:,} event{'' if count == 1 else 's'} known only to the {precision}"
        are, their = ("is", "its") if count == 1 else ("are", "their")
        if len(vague) and (vague["precision"] == precision).any():
            parts.append(
                f"{these} {are} not put on a made-up {unit}: counted in {their} {precision}, "
                "drawn as a dashed line across it"
            )
        else:
            parts.append(f"{these} {are} counted in {their} {unit}")
    if not parts:
        return "Every event in view is dated to the day."
    return "Dates stay at their precision: " + "; ".join(parts) + "."


def _binned_view(
    data: ViewData,
    events: pd.DataFrame,
    by: str,
    options: TimelineOptions,
    where: str,
    *,
    theme: str,
    height: int | None,
) -> ViewResult:
    """Too many events to draw one by one: counts per week, month or year (whichever
    keeps the bars to a few hundred), a line per busiest lane, deaths where figures
    exist, and the latest TABLE_ROWS events in the table. Vectorised throughout: the
    dataset's link tables are numbered once (see _Links), a filter picks rows."""
    hindsight = data.filters.include_after_publication
    spans = light_spans(events)
    x_range = time_frame(spans, data)
    unit = bin_unit(*x_range)
    links, rows = _links(data, events)
    keep = max(min(options.max_lanes, BINNED_LANES) - 1, 1)
    lane_pairs, lanes, labels = _lane_pairs(links, rows, by, data, keep)
    deaths = links.deaths(hindsight)[rows]
    ranks = precision_ranks(events["start_precision"])
    totals, by_lane, vague = time_bins(
        events["start_date"].to_numpy(dtype="datetime64[D]"),
        ranks,
        unit,
        deaths=deaths,
        lane_pairs=lane_pairs,
        lanes=lanes,
    )
    context = TimelineContext(
        x_range=x_range,
        eras=links.eras(hindsight, x_range[1]),
        published=publication_window(data.full),
        hindsight=hindsight and bool((events["layer"] == "after_publication").any()),
    )
    kind = LANE_KINDS[by].lower()
    title = f"Events{where} per {unit} by {kind}, {x_range[0].year}–{x_range[1].year}"
    title += " (with hindsight)" if hindsight else ""
    colours = lane_colours(pd.DataFrame({"lane": lanes}), by, data.full) if by == "actor" else {}
    if len(set(colours.values())) < len(colours):
        colours = {}  # hashed colours that clash would merge two actors' lines
    figure = timeline_bins_figure(
        totals,
        by_lane,
        vague,
        context,
        unit=unit,
        lane_labels=labels,
        lane_colours={lane: c for lane, c in colours.items() if lane != OTHER_LANE},
        theme=theme,
        title=title,
        source_line=_source_line(data, binned=True),
        height=height,
    )
    count = len(events)
    lines = f"; a line for each of the {len(lanes)} busiest {kind} lanes" if lanes else ""
    if OTHER_LANE in lanes:
        lines = (
            f"; a line for each of the {len(lanes) - 1} busiest {kind} lanes and one for "
            "all the others"
        )
    precision = _precision_note(unit, ranks, vague)
    with_deaths = int(totals["with_deaths"].sum()) if len(totals) else 0
    if with_deaths:
        precision += (
            f" Deaths (lower panel): the best estimate per event, summed per {unit}, for the "
            f"{with_deaths:,} events with a deaths figure; the others have none."
        )
    caveats = [
        f"{count:,} events are too many to draw one by one: the timeline shows how many "
        f"began in each {unit} (grey bars){lines}. An event counts in every lane it runs "
        f"in. To see single events, narrow the period, countries or actors in the sidebar "
        f"to fewer than {MAX_DRAWN:,} events.",
        precision,
        f"{TABLE_NOTE} the {min(TABLE_ROWS, count):,} latest of the {count:,} events, "
        "latest first; the Evidence page downloads every table in view.",
    ]
    caveats += _left_off_caveats(data)
    result = ViewResult(
        title="Timeline",
        subtitle=f"{count:,} events counted per {unit}, with lines by {kind}{where}.",
        # A thumbnail is its figure alone (the Overview prints the takeaway only of a view
        # with no figure): its densest years took 5 ms of every filter change at 1M.
        takeaway="" if is_thumbnail(height) else _takeaway(spans),
        figures={"timeline": figure},
        caveats=tuple(caveats),
    )
    if is_thumbnail(height):  # the figure alone: the table and sources are the page's
        return result
    latest = latest_rows(events, TABLE_ROWS, data.full.events)
    table = events_table(latest, event_spans(latest), data).iloc[::-1].reset_index(drop=True)
    return dataclasses.replace(
        result, tables={"events": table}, sources=_binned_sources(data, links, rows)
    )


def clicked_event(points: list[dict], event_ids: Iterable[str]) -> str | None:
    """The event_id of the first clicked mark that is one of event_ids (those in view)."""
    known = set(event_ids)
    for point in points:
        custom = point.get("customdata")
        key = custom[0] if isinstance(custom, list | tuple) and custom else custom
        if isinstance(key, str) and key in known:
            return key
    return None


def event_countries(dataset: Dataset, event_id: str) -> list[str]:
    """The ISO3 codes an event belongs to: its place's country first, then its actors'."""
    event = dataset.events[dataset.events["event_id"] == event_id]
    if event.empty:
        return []
    row = event.iloc[0]
    place_country = dict(zip(dataset.places["place_id"], dataset.places["country"]))
    actor_country = dict(zip(dataset.actors["actor_id"], dataset.actors["country"]))
    codes = [place_country.get(row["place_id"], "")]
    codes += [actor_country.get(a, "") for a in str(row["actor_ids"]).split(";") if a]
    return [code for code in dict.fromkeys(codes) if code]


def problems_off_the_timeline(problems: tuple[Problem, ...] | list[Problem]) -> list[Problem]:
    """The data problems that cost the timeline an event (or blanked one of its cells)."""
    return [p for p in problems if p.file == "events.csv"]


# -- past MAX_DRAWN: time bins ---------------------------------------------------------------


def _encode(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Text as numbers (Arrow's dictionary encoding) and the texts they stand for."""
    if isinstance(values.dtype, pd.CategoricalDtype) and not (values.cat.codes < 0).any():
        # Already numbered: a million events' actor links turned back into text to be
        # numbered again took 370 MB of passing copies.
        return values.cat.codes.to_numpy(dtype=np.int64), [str(c) for c in values.cat.categories]
    text = pa.array(values.fillna("").astype(str))
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    encoded = pc.dictionary_encode(text)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, encoded.dictionary.to_pylist()


def _as_int32(value):
    """value (or each part of a tuple) with int64 arrays as int32: the links are row and
    code numbers, which int32 holds for any dataset we load, kept for the dataset's life in
    half the memory (a million events: 85 to 43 MB)."""
    if isinstance(value, tuple):
        return tuple(_as_int32(part) for part in value)
    if isinstance(value, np.ndarray) and value.dtype == np.int64:
        return value.astype(np.int32)
    return value


class _Links:
    """The link tables of a frame of events (its actors, places, deaths, sources) as
    numbers, built once per dataset: a new filter then only picks its rows."""

    def __init__(self, full: Dataset, events: pd.DataFrame, memo: dict) -> None:
        self.full, self.events, self.memo = full, events, memo

    def _get(self, key, compute):
        if key not in self.memo:
            self.memo[key] = _as_int32(compute())
        return self.memo[key]

    def actor_pairs(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(event row, actor number) for each actor of each event, and the actor ids."""

        def compute():
            if self.events is self.full.events:
                ids = self.full.exploded("events", "actor_ids")
            else:
                ids = split_ids(self.events["actor_ids"])
            rows = self.events.index.get_indexer(ids.index)
            codes, names = _encode(ids)
            return rows, codes, names

        return self._get("actors", compute)

    def kinds(self) -> tuple[np.ndarray, list[str]]:
        return self._get("kinds", lambda: _encode(self.events["event_type"]))

    def country_pairs(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(event row, country number) for the country of each event's place and actors."""

        def compute():
            places, actors = self.full.places, self.full.actors
            place_codes, place_ids = _encode(self.events["place_id"])
            actor_rows, actor_codes, actor_ids = self.actor_pairs()
            place_country = dict(zip(places["place_id"], places["country"], strict=True))
            actor_country = dict(zip(actors["actor_id"], actors["country"], strict=True))
            of_place = [place_country.get(p) or "" for p in place_ids]
            of_actor = [actor_country.get(a) or "" for a in actor_ids]
            countries = sorted({*of_place, *of_actor} - {""})
            number = {c: i for i, c in enumerate(countries)}
            place_number = np.array([number.get(c, -1) for c in of_place] or [-1])[place_codes]
            actor_number = np.array([number.get(c, -1) for c in of_actor] or [-1])
            actor_number = actor_number[actor_codes] if len(actor_codes) else actor_codes
            rows = np.concatenate([np.arange(len(self.events)), actor_rows])
            codes = np.concatenate([place_number, actor_number])
            keep = codes >= 0
            return rows[keep], codes[keep], countries

        return self._get("countries", compute)

    def deaths(self, hindsight: bool) -> np.ndarray:
        """Each event's deaths (the largest best estimate of its figures; NaN if none)."""

        def compute():
            figures = self.full.figures
            figures = figures[figures["metric"] == "deaths"]
            if not hindsight:
                figures = figures[figures["layer"] == "at_publication"]
            best = pd.to_numeric(figures["best"], errors="coerce").to_numpy(float)
            rows = positions_in(figures["subject_id"], self.events["event_id"])
            keep = (rows >= 0) & ~np.isnan(best)
            deaths = np.full(len(self.events), np.nan)
            np.fmax.at(deaths, rows[keep], best[keep])
            return deaths

        return self._get(("deaths", hindsight), compute)

    def era_candidates(self, hindsight: bool) -> pd.DataFrame:
        """The events that may be eras (periods of an era's kind) in the layers in view;
        whatever the other filters, like _layer_events."""

        def compute():
            events = self.full.events
            keep = (events["end"].fillna("") != "") & is_in(events["event_type"], ERA_TYPES)
            if not hindsight:
                keep &= events["layer"] == "at_publication"
            return events[keep]

        return self._get(("eras", hindsight), compute)

    def era_spans(self, hindsight: bool) -> pd.DataFrame:
        """event_spans of the era candidates, parsed once: each drawing moves only their
        ongoing ends to its horizon (at_horizon)."""
        return self._get(
            ("era_spans", hindsight), lambda: event_spans(self.era_candidates(hindsight))
        )

    def eras(self, hindsight: bool, horizon: pd.Timestamp) -> pd.DataFrame:
        """eras_of the era candidates at a drawing's horizon. Without candidates (an import's
        events are moments) it is the same empty table at any horizon: made once, not in
        the 8 ms pandas took on every filter change."""
        spans = self.era_spans(hindsight)
        if len(spans):
            return eras_of(at_horizon(spans, horizon))
        return self._get(("no_eras", hindsight), lambda: eras_of(at_horizon(spans, horizon)))

    def claim_sources(self) -> tuple[np.ndarray, np.ndarray]:
        """(event row, source row) for each claim an event cites (-1: no such claim or
        source)."""

        def compute():
            # By row numbers the cuts also use (Dataset.linked_rows): a million claim ids
            # numbered again as text here took 0.8 s and 230 MB of passing copies.
            if self.events is self.full.events:
                claim_rows = self.full.linked_rows("events", "claim_ids", "claims")
            else:
                ids = split_ids(self.events["claim_ids"])
                claim_rows = pd.Series(positions_in(ids, self.full.claims["claim_id"]), ids.index)
            rows = self.events.index.get_indexer(claim_rows.index)
            at = claim_rows.to_numpy()
            source_of = self.full.linked_rows("claims", "source_id", "sources").to_numpy()
            return rows, np.where(at >= 0, source_of[np.maximum(at, 0)], -1)

        return self._get("sources", compute)


def _links(data: ViewData, events: pd.DataFrame) -> tuple[_Links, np.ndarray]:
    """The links of the whole dataset (kept between filters) and the rows of events in it."""
    full = data.full.events
    if is_numbered(full):  # labels are positions: no million labels to look up (2 ms)
        rows = events.index.to_numpy()
        rows = rows if not len(rows) or (rows.min() >= 0 and rows.max() < len(full)) else None
    else:
        rows = full.index.get_indexer(events.index) if full.index.is_unique else None
    if rows is None or (rows < 0).any():
        return _Links(data.full, events, {}), np.arange(len(events))
    return _Links(data.full, full, _memo(data.full, "links", dict)), rows


def _in_view(rows: np.ndarray, size: int) -> np.ndarray:
    """Each of size rows' position among the rows in view (-1 if not in view)."""
    # int32, as the links are: half the memory to write and read for a million events.
    position = np.full(size, -1, dtype=np.int32)
    position[rows] = np.arange(len(rows), dtype=np.int32)
    return position


def _lane_pairs(
    links: _Links, rows: np.ndarray, by: str, data: ViewData, keep: int
) -> tuple[tuple[np.ndarray, np.ndarray], list[str], dict[str, str]]:
    """The lanes of the events in view: (position, lane number) pairs, the lanes' keys
    (the busiest keep, then OTHER_LANE) and their labels."""
    position = _in_view(rows, len(links.events))
    if by == "kind":
        codes, keys = links.kinds()
        pair_rows, pair_codes = np.arange(len(rows)), codes[rows]
        label = _kind_label
        other = "Other kinds"
    else:
        if by == "actor":
            all_rows, all_codes, keys = links.actor_pairs()
            names = actor_names(data.full)
            label = lambda key: names.get(key, key)  # noqa: E731
            other = "Other actors"
        else:
            all_rows, all_codes, keys = links.country_pairs()
            known = data.geography.country_names if data.geography else None
            names = country_names(data.full, known_names=known)
            label = lambda key: names.get(key, key)  # noqa: E731
            other = "Other countries"
        # np.take: the links are int32, which indexing would cast to int64 first
        at = np.take(position, all_rows) if len(all_rows) else all_rows
        inside = at >= 0
        pair_rows, pair_codes = at[inside], all_codes[inside]
    lane_numbers, lanes = top_lanes(pair_rows, pair_codes, keys, keep=keep)
    labels = {lane: other if lane == OTHER_LANE else label(lane) for lane in lanes}
    return (pair_rows, lane_numbers), lanes, labels


def _kind_label(event_type: str) -> str:
    return event_type.replace("_", " ").capitalize() if event_type else "Unknown kind"


def _binned_sources(data: ViewData, links: _Links, rows: np.ndarray) -> pd.DataFrame:
    pair_rows, source_rows = links.claim_sources()
    in_view = np.zeros(len(links.events), dtype=bool)
    in_view[rows] = True
    # By the sources' rows: looking their claims up by id searched a million claims
    # (10 ms of every filter change).
    cited = source_rows[in_view[pair_rows] & (source_rows >= 0)]
    return sources_at(
        data.full, np.flatnonzero(np.bincount(cited, minlength=len(data.full.sources)))
    )


TABLE_SOURCE_COLUMNS = [
    "event_id", "title", "start", "end", "event_type", "actor_ids", "place_id", "layer",
]  # fmt: skip


def latest_rows(events: pd.DataFrame, count: int, full: pd.DataFrame) -> pd.DataFrame:
    """The count events that began last, latest first, with the columns the table needs
    taken from full, the events events were cut from (they keep its labels): events may
    hold only a few columns (see kept_columns), and taking rows costs per column."""
    starts = events["start_date"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    if len(starts) > count:
        top = np.argpartition(starts, len(starts) - count)[len(starts) - count :]
    else:
        top = np.arange(len(starts))
    top = top[np.argsort(-starts[top], kind="stable")]
    rows = full.index.get_indexer(events.index[top])
    if not len(rows):
        return full[TABLE_SOURCE_COLUMNS].iloc[:0]
    # Slice first (free), then take: Arrow's take over a column of hundreds of chunks costs
    # milliseconds per column, and the latest events of a file are often together.
    near = full[TABLE_SOURCE_COLUMNS].iloc[rows.min() : rows.max() + 1]
    taken = near.take(rows - rows.min())
    # As plain text: the categories of a million events' columns are all their distinct
    # texts (30,000 places), and the table's steps (places named, lists of actors) would
    # work on every category, not on these rows (3 ms for the places alone).
    return taken.astype(
        {
            name: dtype.categories.dtype
            for name, dtype in taken.dtypes.items()
            if isinstance(dtype, pd.CategoricalDtype)
        }
    )


def light_spans(events: pd.DataFrame) -> pd.DataFrame:
    """What time_frame and the takeaway need of event_spans, from the loader's typed
    columns (no date text parsed again): earliest, latest, ongoing. The loader leaves
    only an ongoing end without a day (an event without an end ends with its start)."""
    return pd.DataFrame(
        {
            "earliest": events["start_date"].astype("datetime64[ns]").to_numpy(),
            "latest": events["end_date"].astype("datetime64[ns]").to_numpy(),
            "ongoing": events["end_date"].isna().to_numpy(dtype=bool),
        }
    )
