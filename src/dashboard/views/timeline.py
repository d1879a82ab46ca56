"""The timeline view: the events in view as periods and moments in lanes, with their dates
at their precision, the eras behind them and the article's date, a compact table and the
sources behind it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.article import article_date_text, publication_window
from dashboard.analysis.evidence import cited_sources
from dashboard.analysis.filters import country_names
from dashboard.analysis.timeline import (
    LANE_KINDS,
    NO_LANE,
    OTHER_LANE,
    at_horizon,
    counts_by_lane_and_year,
    densest_years,
    era_bands,
    event_spans,
    lane_layout,
    lane_memberships,
    short_dates,
    year_span,
)
from dashboard.charts.palette import GREY, actor_colour
from dashboard.charts.timeline import TimelineContext, timeline_counts_figure, timeline_figure
from dashboard.model.load import Dataset
from dashboard.model.problems import Problem
from dashboard.views.base import ViewData, ViewResult

# Above this many marks (an event drawn once per lane it runs in) the timeline shows counts
# per lane and year instead: the browser gets kilobytes, not megabytes, and a reader
# could not pick out ten thousand bars anyway.
MAX_DRAWN = 1500
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


def events_table(events: pd.DataFrame, spans: pd.DataFrame, data: ViewData) -> pd.DataFrame:
    """The events in view, one line each, oldest first: dates as written, names not ids."""
    place_names = dict(zip(data.full.places["place_id"], data.full.places["name"]))
    names = data.names
    actors = (
        events["actor_ids"]
        .fillna("")
        .map(lambda cell: ", ".join(names.get(a, a) for a in cell.split(";") if a))
    )
    table = pd.DataFrame(
        {
            "from": short_dates(spans["start"]).to_numpy(),
            "to": short_dates(spans["end"]).to_numpy(),
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
    text = f"{len(spans)} {noun} {span}"
    if len(spans) > 1:
        if len(years) == 1:
            text += f"; densest year {years[0]} ({count} events)"
        else:
            shown = ", ".join(map(str, years[:-1])) + f" and {years[-1]}"
            text += f"; densest years {shown} ({count} events each)"
    ongoing = int(spans["ongoing"].sum())
    if ongoing:
        text += f"; {ongoing} still ongoing"
    return text + "."


def timeline_view(
    data: ViewData,
    options: TimelineOptions = TimelineOptions(),
    *,
    theme: str = "light",
    height: int | None = None,
) -> ViewResult:
    """The timeline figure, the events table and the sources for the reader's filters."""
    by = options.lanes if options.lanes in LANE_KINDS else "actor"
    dataset = data.dataset
    events = dataset.events
    place_names = dict(zip(data.full.places["place_id"], data.full.places["name"]))
    if options.place:
        events = events[events["place_id"] == options.place]
    spans = event_spans(events)
    x_range = time_frame(spans, data)
    spans = at_horizon(spans, x_range[1])
    known_countries = data.geography.country_names if data.geography else None
    memberships = lane_memberships(
        events,
        by,
        actors=data.full.actors,
        places=data.full.places,
        names=data.names,
        country_names=country_names(data.full, known_names=known_countries),
        max_lanes=max(options.max_lanes, 2),
    )
    hindsight = data.filters.include_after_publication
    context = TimelineContext(
        x_range=x_range,
        eras=era_bands(_layer_events(data), horizon=x_range[1]),
        published=publication_window(data.full),
        hindsight=hindsight and (events["layer"] == "after_publication").any(),
    )
    where = f" at {place_names.get(options.place, options.place)}" if options.place else ""
    title = f"Events{where} by {LANE_KINDS[by].lower()}, {x_range[0].year}–{x_range[1].year}"
    title += " (with hindsight)" if hindsight else ""
    source_line = (
        f"Faded: all a date at month or year precision can mean; solid: certain · "
        f"article of {article_date_text(data.full)} · quotes and sources: Evidence page"
    )
    caveats: list[str] = []
    drawn = len(memberships)
    if drawn > MAX_DRAWN:
        items = memberships.merge(spans, on="event_id", how="inner")
        lanes = pd.DataFrame(
            {
                "lane": list(dict.fromkeys(memberships["lane"])),
                "label": list(dict.fromkeys(memberships["lane_label"])),
            }
        )
        lanes = lanes.assign(
            top=lanes.index - 0.5, bottom=lanes.index + 0.5, centre=lanes.index.astype(float)
        )
        figure = timeline_counts_figure(
            counts_by_lane_and_year(items),
            lanes,
            context,
            theme=theme,
            title=f"{title}: events begun per year",
            source_line=source_line,
            height=height,
        )
        caveats.append(
            f"{len(events):,} events are too many to draw one by one: the timeline shows how "
            "many began in each lane and year. Narrow the period, countries or actors to see "
            f"each event (up to {MAX_DRAWN:,} marks)."
        )
    else:
        span_days = x_range[1] - x_range[0]
        items, lanes = lane_layout(spans, memberships, min_width=span_days * MARK_FRACTION)
        figure = timeline_figure(
            items,
            lanes,
            context,
            lane_colours=lane_colours(lanes, by, data.full),
            theme=theme,
            title=title,
            source_line=source_line,
            labels=options.labels,
            height=height,
        )
    left_off = problems_off_the_timeline(data.problems)
    if left_off:
        caveats.append(
            f"{len(left_off)} problem(s) in events.csv: those rows are left off the timeline "
            "(listed under it)."
        )
    return ViewResult(
        title="Timeline",
        subtitle=f"Lanes by {LANE_KINDS[by].lower()}{where}.",
        takeaway=_takeaway(spans),
        figures={"timeline": figure},
        tables={"events": events_table(events, spans, data)},
        sources=cited_sources(data.full, events["claim_ids"]),
        caveats=tuple(caveats),
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
