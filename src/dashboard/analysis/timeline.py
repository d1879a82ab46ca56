"""The timeline's arithmetic: how far each event's dates can reach at their precision, which
lane it runs in, how overlapping items stack within a lane, the eras behind them, and the
densest year.

Pure functions of DataFrames; the figure is drawn by charts/timeline.py.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.model import dates
from dashboard.model.columns import is_in, per_distinct

LANE_KINDS = {"actor": "Actor", "country": "Country", "kind": "Kind of event"}
OTHER_LANE = "_other"  # lanes beyond the cap are merged into this one
NO_LANE = "_none"  # an event without actors or country still gets a lane
ERA_TYPES = ("war", "uprising", "revolution")
ERA_MIN_DAYS = 2 * 365  # shorter wars are events, not eras
_LONG_FORMATS = {"year": "%Y", "month": "%B %Y", "day": "%-d %B %Y"}
_SHORT_FORMATS = {"year": "%Y", "month": "%b %Y", "day": "%d %b %Y"}  # as dates.display
_PRECISION_WORDS = {"year": "year precision", "month": "month precision", "day": "exact day"}


# -- dates at their precision --------------------------------------------------------------


def long_date(text: str) -> str:
    """A date written at its precision, in words, no more precise than written
    ('2013-03' -> 'March 2013'); 'ongoing' and unknowns pass through."""
    precision = dates.precision_of(text)
    if precision is None:
        return text or "—"
    return dates.earliest(text).strftime(_LONG_FORMATS[precision])


def with_precision(text: str) -> str:
    """'March 2013 (month precision)': what a hover should say, never a false exact day."""
    precision = dates.precision_of(text)
    if precision is None:
        return long_date(text)
    return f"{long_date(text)} ({_PRECISION_WORDS[precision]})"


def when_text(start: str, end: str) -> str:
    """An event's dates in words with their precision: a moment, a period or an open one."""
    if not end:
        return with_precision(start)
    if end == dates.ONGOING:
        return f"{with_precision(start)} – ongoing (no end in the sources)"
    return f"{with_precision(start)} – {with_precision(end)}"


def _written(days: pd.Series, pattern: str) -> pd.Series:
    """days.dt.strftime(pattern), each distinct day written once: pandas writes a date at
    a time (3 ms for a table's 500 events, which fall on a few dozen days)."""
    return per_distinct(days, lambda distinct: distinct.dt.strftime(pattern))


def _in_words(precision: pd.Series, first: pd.Series) -> pd.Series:
    """Dates in words with their precision ('March 2013 (month precision)'), vectorised."""
    words = pd.Series("", index=precision.index, dtype=object)
    for name, pattern in _LONG_FORMATS.items():
        rows = precision == name
        if rows.any():
            words[rows] = _written(first[rows], pattern) + f" ({_PRECISION_WORDS[name]})"
    return words


def shown_dates(texts: pd.Series, precision: pd.Series, first: pd.Series) -> pd.Series:
    """Dates as a table shows them, no more precise than written ('2013-03' -> 'Mar 2013');
    'ongoing' stays, anything else is blank: a vectorised dates.display of texts already
    parsed (dates.bounds' precision and first day)."""
    shown = pd.Series("", index=texts.index, dtype=object)
    for name, pattern in _SHORT_FORMATS.items():
        rows = precision == name
        if rows.any():
            shown[rows] = _written(first[rows], pattern)
    return shown.where(texts != dates.ONGOING, "ongoing")


def event_spans(events: pd.DataFrame, *, horizon: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per event with how far its dates can reach.

    - ``earliest`` / ``latest``: the outer bounds (the first day its start can mean, the
      last day its end can mean; an ongoing end runs to ``horizon``, by default the last
      day any event is known to reach);
    - ``core_start`` / ``core_end``: the part it certainly covered, between the last day
      its start can mean and the first day its end can mean (NaT when the imprecision
      swallows it, e.g. a period written 2013–2013);
    - ``is_period``, ``ongoing``, ``exact`` (a moment known to the day) and ``when``.
    """
    frame = events.reset_index(drop=True)
    start_text, end_text = frame["start"].fillna(""), frame["end"].fillna("")
    start_precision, earliest, start_latest = dates.bounds(start_text)
    end_precision, end_earliest, end_latest = dates.bounds(end_text)
    ongoing = end_text == dates.ONGOING
    is_period = end_text != ""
    when = _in_words(start_precision, earliest)
    ends = _in_words(end_precision, end_earliest)
    when = when.where(~is_period | ongoing, when + " – " + ends)
    when = when.where(~ongoing, when + " – ongoing (no end in the sources)")
    spans = pd.DataFrame(
        {
            "event_id": frame["event_id"],
            "title": frame["title"],
            "event_type": frame["event_type"],
            "layer": frame.get("layer", pd.Series("at_publication", index=frame.index)),
            "start": start_text,
            "end": end_text,
            "start_precision": start_precision,
            "end_precision": end_precision,
            "earliest": earliest,
            "start_latest": start_latest,
            "end_earliest": end_earliest,
            "latest": end_latest.where(is_period, start_latest),
            "is_period": is_period,
            "ongoing": ongoing,
            "exact": ~is_period & (start_precision == "day"),
            "when": when,
        }
    )
    if horizon is None:
        known = pd.concat([start_latest, end_latest]).dropna()
        horizon = known.max() if len(known) else pd.Timestamp.today().normalize()
    return at_horizon(spans, horizon)


def at_horizon(spans: pd.DataFrame, horizon: pd.Timestamp) -> pd.DataFrame:
    """spans with ongoing periods running to horizon (the edge of the drawing), and the
    certain part (core) of every period worked out."""
    start_latest, ongoing = spans["start_latest"], spans["ongoing"]
    open_end = start_latest.where(start_latest > horizon, horizon)
    latest = spans["latest"].where(~ongoing, open_end)
    core_end = spans["end_earliest"].where(~ongoing, open_end)
    has_core = spans["is_period"] & (core_end > start_latest)
    return spans.assign(
        latest=latest,
        core_start=start_latest.where(has_core),
        core_end=core_end.where(has_core),
    )


# -- lanes ---------------------------------------------------------------------------------


def _ids(cell) -> list[str]:
    return [part for part in str(cell or "").split(";") if part]


def _kind_label(event_type: str) -> str:
    return event_type.replace("_", " ").capitalize() if event_type else "Unknown kind"


def lane_memberships(
    events: pd.DataFrame,
    by: str,
    *,
    actors: pd.DataFrame,
    places: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    country_names: Mapping[str, str] | None = None,
    max_lanes: int = 12,
) -> pd.DataFrame:
    """(event_id, lane, lane_label) pairs: the lanes each event runs in, ordered.

    by 'actor' puts an event in the lane of each of its actors; 'country' in the lane of
    each country its actors or its place belong to; 'kind' in its event type's lane. The
    busiest lanes come first (then the earliest); beyond max_lanes the rest share one
    lane, so a dataset with hundreds of actors still reads.
    """
    names = names or {}
    country_names = country_names or {}
    if by == "actor":
        keys = events["actor_ids"].map(_ids)
        label = lambda key: names.get(key, key)  # noqa: E731
        none_label, other_label = "No actor named", "Other actors"
    elif by == "country":
        actor_country = dict(zip(actors["actor_id"], actors["country"]))
        place_country = dict(zip(places["place_id"], places["country"]))
        keys = [
            list(
                dict.fromkeys(
                    c
                    for c in [*(actor_country.get(a, "") for a in _ids(ids)), place_country.get(p)]
                    if c
                )
            )
            for ids, p in zip(events["actor_ids"], events["place_id"], strict=True)
        ]
        keys = pd.Series(keys, index=events.index)
        label = lambda key: country_names.get(key, key)  # noqa: E731
        none_label, other_label = "No country (transnational)", "Other countries"
    elif by == "kind":
        keys = events["event_type"].map(lambda t: [t] if t else [])
        label = _kind_label
        none_label, other_label = "Unknown kind", "Other kinds"
    else:
        raise ValueError(f"unknown lane kind {by!r}: use one of {', '.join(LANE_KINDS)}")
    pairs = pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "lane": keys.map(lambda k: k or [NO_LANE]).to_numpy(),
            "start_date": events["start_date"].to_numpy(),
        }
    ).explode("lane")
    if pairs.empty:
        return pd.DataFrame(columns=["event_id", "lane", "lane_label"])
    ranking = (
        pairs.groupby("lane")
        .agg(count=("event_id", "size"), first=("start_date", "min"))
        .assign(none=lambda f: f.index == NO_LANE)
        .sort_values(["none", "count", "first"], ascending=[True, False, True])
    )
    order = list(ranking.index)
    if len(order) > max_lanes:
        kept = [lane for lane in order if lane != NO_LANE][: max(max_lanes - 1, 1)]
        pairs["lane"] = pairs["lane"].where(pairs["lane"].isin(kept), OTHER_LANE)
        order = [*kept, OTHER_LANE]
    pairs = pairs.drop_duplicates(["event_id", "lane"])
    labels = {OTHER_LANE: other_label, NO_LANE: none_label}
    pairs["lane_label"] = pairs["lane"].map(lambda k: labels.get(k) or label(k))
    pairs["lane"] = pd.Categorical(pairs["lane"], categories=order, ordered=True)
    pairs = pairs.sort_values(["lane", "start_date"], kind="stable")
    pairs["lane"] = pairs["lane"].astype(str)
    return pairs[["event_id", "lane", "lane_label"]].reset_index(drop=True)


def stacked_rows(
    starts: pd.Series, ends: pd.Series, *, min_width: pd.Timedelta | None = None
) -> pd.Series:
    """The row (0, 1, ...) of each item so that no two items in one row overlap.

    First fit on items sorted by start: as few rows as the largest number of items that
    overlap at one time. An item occupies at least min_width, so moments drawn as markers
    a few pixels wide do not sit on each other either.
    """
    begin = starts.to_numpy(dtype="datetime64[ns]")
    occupied = np.maximum(
        ends.to_numpy(dtype="datetime64[ns]"),
        begin + np.timedelta64(min_width or pd.Timedelta(0)),
    )
    rows = np.zeros(len(begin), dtype=int)
    row_ends: list[np.datetime64] = []
    for position in np.argsort(begin, kind="stable"):
        row = next((i for i, end in enumerate(row_ends) if end < begin[position]), None)
        if row is None:
            row = len(row_ends)
            row_ends.append(occupied[position])
        else:
            row_ends[row] = occupied[position]
        rows[position] = row
    return pd.Series(rows, index=starts.index)


LANE_GAP = 0.7  # space between lanes, in rows


def lane_layout(
    spans: pd.DataFrame, memberships: pd.DataFrame, *, min_width: pd.Timedelta
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Items (one per event and lane) with a y position, and the lanes with their extent.

    y grows downwards (the figure reverses its axis): the first lane is on top, each
    lane as tall as its stacked rows.
    """
    items = memberships.merge(spans, on="event_id", how="inner")
    lanes = []
    y_parts = []
    top = 0.0
    for lane, part in items.groupby("lane", sort=False):
        rows = stacked_rows(part["earliest"], part["latest"], min_width=min_width)
        height = int(rows.max()) + 1 if len(rows) else 1
        y_parts.append(top + rows)
        lanes.append(
            {
                "lane": lane,
                "label": part["lane_label"].iloc[0],
                "top": top - 0.5,
                "bottom": top + height - 0.5,
                "centre": top + (height - 1) / 2,
                "rows": height,
                "events": part["event_id"].nunique(),
            }
        )
        top += height + LANE_GAP
    items["row_y"] = pd.concat(y_parts) if y_parts else pd.Series(dtype=float)
    columns = ["lane", "label", "top", "bottom", "centre", "rows", "events"]
    return items, pd.DataFrame(lanes, columns=columns)


# -- context -------------------------------------------------------------------------------


def short_title(title: str, *, limit: int = 38) -> str:
    """A title short enough for a band label: before any parenthesis, cut at a word."""
    title = title.split(" (")[0]
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + "…"


def era_bands(
    events: pd.DataFrame,
    *,
    horizon: pd.Timestamp | None = None,
    types: tuple[str, ...] = ERA_TYPES,
    min_days: int = ERA_MIN_DAYS,
    max_eras: int = 6,
) -> pd.DataFrame:
    """The long wars and uprisings that frame everything else (label, start, end, ongoing).

    An era is a period of one of types lasting at least min_days (the Iran–Iraq war, US
    forces in Iraq, the Syrian war): a reader places every other event against them. An
    episode inside a longer era (the Awakening within the US war in Iraq) is an event of
    that era, not an era of its own.
    """
    if horizon is not None:
        # Only periods of these kinds can be eras: a million moments are not parsed again.
        events = events[(events["end"].fillna("") != "") & is_in(events["event_type"], types)]
    return eras_of(event_spans(events, horizon=horizon), types, min_days, max_eras)


def eras_of(
    spans: pd.DataFrame,
    types: tuple[str, ...] = ERA_TYPES,
    min_days: int = ERA_MIN_DAYS,
    max_eras: int = 6,
) -> pd.DataFrame:
    """era_bands of events already spanned (event_spans, at the drawing's horizon)."""
    long = spans[
        spans["is_period"]
        & spans["event_type"].isin(types)
        & ((spans["latest"] - spans["earliest"]).dt.days >= min_days)
    ]
    # Longest first; an era inside a longer one is dropped. Only the longest few are
    # candidates: bands are context, and a dozen of them would be noise.
    long = long.assign(_days=(long["latest"] - long["earliest"]).dt.days)
    long = long.sort_values("_days", ascending=False, kind="stable").head(4 * max_eras)
    first = long["earliest"].to_numpy()
    last = long["latest"].to_numpy()
    days = long["_days"].to_numpy()
    inside = (
        (first[None, :] <= first[:, None])
        & (last[:, None] <= last[None, :])
        & (days[None, :] > days[:, None])
    ).any(axis=1)
    long = long[~inside].head(max_eras)
    return (
        pd.DataFrame(
            {
                "event_id": long["event_id"],
                # As text first: a loaded title column is categorical, and mapping a
                # categorical maps each of its categories (half a million for an import).
                "label": long["title"].astype(str).map(short_title),
                "start": long["earliest"],
                "end": long["latest"],
                "ongoing": long["ongoing"],
            }
        )
        .sort_values("start")
        .reset_index(drop=True)
    )


def densest_years(spans: pd.DataFrame) -> tuple[list[int], int]:
    """The year(s) in which the most events began, and how many began in each."""
    if spans.empty:
        return [], 0
    counts = spans["earliest"].dt.year.value_counts()
    top = int(counts.max())
    return sorted(int(y) for y in counts[counts == top].index), top


def year_span(spans: pd.DataFrame) -> tuple[int, int] | None:
    """The first year an event began and the last year one is known to have reached
    (ongoing ends do not count: they reach only the edge of the drawing)."""
    if spans.empty:
        return None
    reached = spans["latest"].where(~spans["ongoing"], spans["earliest"])
    return int(spans["earliest"].min().year), int(reached.max().year)


def counts_by_lane_and_year(items: pd.DataFrame) -> pd.DataFrame:
    """How many events began in each lane and year (a lane x year grid), for datasets too
    big to draw event by event."""
    grid = (
        items.assign(year=items["earliest"].dt.year)
        .groupby(["lane", "lane_label", "year"], sort=False)["event_id"]
        .nunique()
        .rename("events")
        .reset_index()
    )
    return grid.astype({"year": int, "events": np.int64})


# -- time bins, for more events than can be drawn one by one -------------------------------

BIN_UNITS = ("week", "month", "year")  # finest first
MAX_BINS = 300  # at most this many bars: the unit is the finest that keeps under it
_BIN_DAYS = {"week": 7, "month": 30.44, "year": 365.25}
# How coarse a written start date is, in the order of BIN_UNITS: a day fits any bin, a
# month fits a month or a year, a year only a year.
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_RANK_NAMES = {1: "month", 2: "year"}
_MONDAY = 4  # 1970-01-05, the first Monday after numpy's day 0


def bin_unit(first: pd.Timestamp, last: pd.Timestamp, *, max_bins: int = MAX_BINS) -> str:
    """The finest of week, month and year that cuts first..last into at most max_bins."""
    days = max((last - first).days, 0) + 1
    return next((u for u in BIN_UNITS[:-1] if days / _BIN_DAYS[u] <= max_bins), "year")


def precision_ranks(precisions: pd.Series) -> np.ndarray:
    """0 for a start written to the day, 1 to the month, 2 to the year (-1: no date), from
    the precisions the loader read off the dates (start_precision: 'day', 'month', 'year'
    or none; categorical, so a million are ranked by their few categories)."""
    known = precisions.astype("category")
    ranks = [_PRECISION_RANK.get(name, -1) for name in known.cat.categories]
    return np.array([*ranks, -1], dtype=np.int8)[known.cat.codes.to_numpy()]  # -1: none


def _bin_numbers(days: np.ndarray, unit: str) -> np.ndarray:
    """Each day's bin as a number counted from 1970 (weeks from Monday); NaT days give
    a number that is no bin's (the callers leave them out)."""
    numbers = days.astype("datetime64[D]").view(np.int64)
    if unit == "week":
        return (numbers - _MONDAY) // 7
    # numpy's calendar takes 30 ns a day to a month or year: the few thousand distinct
    # days between the first and last are converted, the rest looked up (a thirtieth).
    known = ~np.isnat(days)
    if not known.any():
        return numbers
    first, last = numbers[known].min(), numbers[known].max()
    span = np.arange(first, last + 1).astype("datetime64[D]")
    table = span.astype("datetime64[M]" if unit == "month" else "datetime64[Y]").view(np.int64)
    return np.where(known, table[np.clip(numbers - first, 0, len(table) - 1)], numbers)


def _bin_bounds(numbers: np.ndarray, unit: str) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """The first day of each numbered bin and the first day of the next."""

    def first_day(n: np.ndarray) -> pd.DatetimeIndex:
        if unit == "week":
            return pd.to_datetime((n * 7 + _MONDAY).astype("datetime64[D]"))
        kind = "datetime64[M]" if unit == "month" else "datetime64[Y]"
        return pd.to_datetime(n.astype(kind).astype("datetime64[D]"))

    return first_day(numbers), first_day(numbers + 1)


def time_bins(
    starts: np.ndarray,
    ranks: np.ndarray,
    unit: str,
    *,
    deaths: np.ndarray | None = None,
    lane_pairs: tuple[np.ndarray, np.ndarray] | None = None,
    lanes: list[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Events counted per time bin (vectorised: a million events in tens of milliseconds).

    starts: each event's first possible day; ranks: its start's precision (see
    precision_ranks); deaths: its deaths (NaN where no figure); lane_pairs: (event
    position, lane number) for each lane an event runs in, lanes naming the numbers.

    Returns
    - totals: bin, end, events, deaths, with_deaths (events with a deaths figure), for
      the events dated at least as precisely as the unit;
    - by_lane: bin, lane, events (each event counted once per lane it runs in);
    - vague: events dated less precisely than the unit, each counted in its own month or
      year (never on a made-up week): precision, bin, end, events, deaths.
    """
    starts = np.asarray(starts, dtype="datetime64[D]")
    ranks = np.asarray(ranks)
    deaths = np.full(len(starts), np.nan) if deaths is None else np.asarray(deaths, float)
    unit_rank = BIN_UNITS.index(unit)
    fits = (ranks >= 0) & (ranks <= unit_rank) & ~np.isnat(starts)
    columns = ["bin", "end", "events", "deaths", "with_deaths"]
    if not fits.any():
        totals = pd.DataFrame(columns=columns)
        by_lane = pd.DataFrame(columns=["bin", "lane", "events"])
    else:
        numbers = _bin_numbers(starts, unit)
        low = int(numbers[fits].min())
        size = int(numbers[fits].max()) - low + 1
        slot = np.where(fits, numbers - low, -1)
        kept = slot[fits]
        known = fits & ~np.isnan(deaths)
        first, end = _bin_bounds(np.arange(low, low + size), unit)
        dated = slot[known]
        with_deaths = np.bincount(dated, minlength=size)
        summed = np.bincount(dated, weights=deaths[known], minlength=size)
        totals = pd.DataFrame(
            {
                "bin": first,
                "end": end,
                "events": np.bincount(kept, minlength=size),
                "deaths": np.where(with_deaths > 0, summed, np.nan),
                "with_deaths": with_deaths,
            }
        )
        by_lane = _lane_bins(slot, size, first, lane_pairs, list(lanes))
    vague_parts = []
    for rank in (1, 2):
        rows = (ranks == rank) & (rank > unit_rank) & ~np.isnat(starts)
        if not rows.any():
            continue
        coarse = _RANK_NAMES[rank]
        numbers = _bin_numbers(starts[rows], coarse)
        values, inverse = np.unique(numbers, return_inverse=True)
        part_deaths = deaths[rows]
        known = ~np.isnan(part_deaths)
        summed = np.bincount(inverse[known], weights=part_deaths[known], minlength=len(values))
        counted = np.bincount(inverse[known], minlength=len(values))
        first, end = _bin_bounds(values, coarse)
        vague_parts.append(
            pd.DataFrame(
                {
                    "precision": coarse,
                    "bin": first,
                    "end": end,
                    "events": np.bincount(inverse, minlength=len(values)),
                    "deaths": np.where(counted > 0, summed, np.nan),
                }
            )
        )
    vague_columns = ["precision", "bin", "end", "events", "deaths"]
    vague = (
        pd.concat(vague_parts, ignore_index=True)
        if vague_parts
        else pd.DataFrame(columns=vague_columns)
    )
    return totals, by_lane, vague


def _lane_bins(
    slot: np.ndarray,
    size: int,
    first: pd.DatetimeIndex,
    lane_pairs: tuple[np.ndarray, np.ndarray] | None,
    lanes: list[str],
) -> pd.DataFrame:
    """Events per bin and lane, each event once per lane (an event with two actors of the
    "other" lane counts once there)."""
    if lane_pairs is None or not lanes:
        return pd.DataFrame(columns=["bin", "lane", "events"])
    positions, numbers = (np.asarray(a, dtype=np.int64) for a in lane_pairs)
    binned = slot >= 0
    member = np.zeros((len(slot), len(lanes)), dtype=bool)
    member.reshape(-1)[positions * len(lanes) + numbers] = True  # flat: one index, not two
    if size * 2 ** len(lanes) <= 4_000_000:
        # Each event's lanes as the bits of one number: one count of (bin, set of lanes)
        # over the events, then each lane is the sum over the sets that hold it. A lane at
        # a time: a product of the matrix took twice as long (4 ms for 340,000 events).
        bits = np.zeros(len(slot), dtype=np.int64)
        for lane in range(len(lanes)):
            bits += member[:, lane].astype(np.int64) << lane
        sets = np.bincount(
            slot[binned] * 2 ** len(lanes) + bits[binned], minlength=size * 2 ** len(lanes)
        ).reshape(size, 2 ** len(lanes))
        holds = (np.arange(2 ** len(lanes))[:, None] >> np.arange(len(lanes))) & 1
        grid = sets @ holds
    else:
        slots, member = slot[binned], member[binned]
        grid = np.column_stack(
            [np.bincount(slots, weights=member[:, n], minlength=size) for n in range(len(lanes))]
        ).astype(np.int64)
    return pd.DataFrame(
        {
            "bin": np.repeat(first, len(lanes)),
            "lane": np.tile(np.array(lanes, dtype=object), size),
            "events": grid.ravel(),
        }
    )


def top_lanes(
    positions: np.ndarray, keys: np.ndarray, names: list[str], *, keep: int
) -> tuple[np.ndarray, list[str]]:
    """(event position, key number) pairs narrowed to the keep busiest keys (by events,
    then name) plus one "other" lane for the rest: the pairs' lane numbers and the lanes'
    keys in order (OTHER_LANE last when used)."""
    counts = np.bincount(keys, minlength=len(names)) if len(keys) else np.zeros(len(names), int)
    order = sorted(np.flatnonzero(counts), key=lambda k: (-counts[k], names[k]))
    kept = order[:keep] if len(order) > keep + 1 else order
    lane_of = np.full(len(names), len(kept), dtype=np.int64)
    lane_of[kept] = np.arange(len(kept))
    lanes = [names[k] for k in kept] + ([OTHER_LANE] if len(order) > len(kept) else [])
    # np.take: keys are int32 links, which indexing casts to int64 first (half again slower)
    return np.take(lane_of, keys) if len(keys) else keys.astype(np.int64), lanes
