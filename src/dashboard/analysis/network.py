"""The signed network of actors as it stood on a date: which ties held, one signed tie per
pair, the ego network of one actor, a matrix order that shows the blocs, and one seeded
layout for the whole network.

How ties are read (the data dictionary's rules, plus three of our own):

- A tie holds on a date between its start and its end. An at-publication tie with no end
  means "still holding when the article appeared"; after the article's date it is taken to
  run on, unless the hindsight layer speaks about the same pair: from the first hindsight
  row for that pair, the hindsight rows alone decide it (as the map does for control).
  Up to the article's date only at-publication rows speak.
- Several ties between one pair on one date collapse into one signed tie: hostile or
  friendly wins over a neutral contact (talks alongside hostility stay hostility), and
  every kind is kept ("hostile; negotiates"). Direction is ignored for balance.
- A pair that is both friendly (+1) and hostile (-1) on the same date is contradictory: it
  is reported with its relations.csv lines and left out of that date's network, so the
  rest can still be drawn and analysed.

Imported data (an ACLED or UCDP file) has no article to date a story by, and its rows say
"this pair fought (or allied) from its first to its last event of a year", so a single day
would catch only the pairs whose events happen to straddle it. Its network is read over
a window instead: the ties of the year up to the date (TIE_WINDOW), one tie per pair with
the sign of its most recent row and the number of events behind it; the dates offered are
the end of each year the data covers (data_dates). A network of more than TOP_ACTORS
actors is cut to the most connected of them (most_connected), so that the layout, the
balance analysis and the figure stay the size a reader can take in.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.analysis.balance import frustration_index
from dashboard.model.columns import is_in, is_numbered, positions_in, records
from dashboard.model.load import Dataset

# Dates a briefer steps through: the story the article tells, then what came after it.
HISTORY_DATES: tuple[tuple[date, str], ...] = (
    (date(1979, 2, 11), "Fall of the Shah"),
    (date(1980, 12, 31), "1980: Iran-Iraq war"),
    (date(2003, 4, 9), "2003: Fall of Baghdad"),
    (date(2011, 12, 31), "2011: Syria's uprising"),
    (date(2013, 3, 31), "March 2013: Oman talks"),
)
HINDSIGHT_DATES: tuple[tuple[date, str], ...] = (
    (date(2014, 6, 30), "June 2014: Mosul falls"),
    (date(2014, 9, 30), "Sept 2014: US strikes on ISIL"),
    (date(2015, 7, 14), "July 2015: nuclear deal"),
    (date(2018, 5, 8), "May 2018: US leaves the deal"),
    (date(2020, 1, 3), "Jan 2020: Soleimani killed"),
)
ARTICLE_LABEL = "The article"
# Data with no article: a tie on a date is any row of the year up to it (see the docstring).
TIE_WINDOW = pd.DateOffset(years=1)
# Above this many actors in view, the network shows the most connected of them only.
TOP_ACTORS = 40
# The least distance between two of those actors, in the layout's box (3.2 wide, 2 high).
CROWDED_SPACING = 0.24
# "25 events in 2024 (ACLED)": the importers' description of a row, with its event count.
_EVENT_COUNT = r"^([0-9][0-9,]*) events? in "
SUPPORT_KINDS = ("supports", "offers_aid")
_FAR_FUTURE = np.datetime64("2262-01-01", "ns")
TIE_COLUMNS = [
    "a",
    "b",
    "sign",
    "kinds",
    "since",
    "relation_ids",
    "lines",
    "descriptions",
    "claim_ids",
]


@dataclass(frozen=True)
class KeyDate:
    """A date to show the network on, with what happened then."""

    day: date
    label: str
    after_publication: bool = False


def key_dates(
    relations: pd.DataFrame, published: pd.Timestamp | None, *, hindsight: bool
) -> list[KeyDate]:
    """The key dates the data covers: the story's, the article's, then (with hindsight)
    what came after it, up to the last date any tie speaks for."""
    starts = relations["start_date"].dropna()
    if starts.empty:
        return [KeyDate(published.date(), ARTICLE_LABEL)] if published is not None else []
    first = starts.min().date()
    limit = published.date() if published is not None else date.max
    dates = [KeyDate(d, label) for d, label in HISTORY_DATES if first <= d <= limit]
    if published is not None:
        dates.append(KeyDate(published.date(), f"{ARTICLE_LABEL} ({published:%b %Y})"))
    if hindsight or published is None:
        ends = pd.concat([relations["start_date"], relations["end_date"]]).dropna()
        last = max(ends.max().date(), date.today() if relations["end_date"].isna().any() else first)
        after = published.date() if published is not None else first
        dates += [KeyDate(d, label, True) for d, label in HINDSIGHT_DATES if after < d <= last]
    return sorted(set(dates), key=lambda k: k.day)


def tie_days(relations: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last day any tie speaks for (None when no tie is dated)."""
    days = pd.concat([relations["start_date"], relations["end_date"]]).dropna()
    return None if days.empty else (days.min().date(), days.max().date())


def data_dates(
    span: tuple[date, date] | None, *, start: date | None = None, end: date | None = None
) -> list[KeyDate]:
    """For data with no article: the end of every year a tie speaks for, and the last day
    (or the end of the chosen period, when earlier), between start and end. span is the
    ties' tie_days."""
    if span is None:
        return []
    first, last = span
    last = min(last, end) if end is not None else last
    start = max(first, start) if start is not None else first
    dates = [
        KeyDate(date(year, 12, 31), str(year))
        for year in range(first.year, last.year + 1)
        if start <= date(year, 12, 31) <= last
    ]
    if last >= start and (not dates or dates[-1].day != last):
        dates.append(KeyDate(last, f"Year to {last:%d %b %Y}".replace(" 0", " ")))
    return dates


_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9+]{1,7})(?=[/ ,)])")  # "(ISIL/ISIS)", "(FSA)"
_ALIAS = re.compile(r"\(([A-Z][^()]*)\)")  # "(Syrian National Coalition)"


def plain_name(name: str, *, limit: int = 30) -> str:
    """A name for a sentence: without its qualifiers ("Al-Qaeda (general command ...)" ->
    "Al-Qaeda"), or its acronym when the bare name is still longer than limit."""
    name = str(name).strip()
    bare = name.split(" (")[0].split(", from ")[0]
    if len(bare) <= limit:
        return bare
    for pattern in (_ACRONYM, _ALIAS):
        match = pattern.search(name)
        if match and len(match.group(1)) <= limit:
            return match.group(1)
    return bare


def plain_names(dataset: Dataset) -> dict[str, str]:
    """actor_id -> plain_name of every actor, worked out once per Dataset (a few thousand
    imported actors took 10 ms of every redraw of a network)."""
    actors = dataset.actors

    def compute() -> dict[str, str]:
        return {a: plain_name(n) for a, n in zip(actors["actor_id"], actors["name"])}

    return dataset.derived("plain_names", compute)


def named(ids, names: Mapping[str, str]) -> np.ndarray:
    """The names of ids (an id without one stands for itself), as text objects: each
    distinct id is looked up once (a table of 3,000 triangles names 40 actors)."""
    codes, distinct = pd.factorize(np.asarray(ids, dtype=object), use_na_sentinel=False)
    return np.array([names.get(i, i) for i in distinct], dtype=object)[codes]


def short_name(name: str, *, limit: int = 26) -> str:
    """A name short enough to print on a chart: the name itself if short, else a bracketed
    acronym ("ISIL") or alias, else the name before its qualifiers ("Government of Syria
    under ..." -> "Government of Syria"), cut at a word with an ellipsis if still long."""
    name = str(name).strip()
    if len(name) <= limit:
        return name
    for pattern in (_ACRONYM, _ALIAS):
        match = pattern.search(name)
        if match and len(match.group(1)) <= limit:
            return match.group(1)
    for cut in (" (", ", from ", " under ", " / ", ", "):
        if len(name) > limit and cut in name:
            name = name.split(cut)[0]
    if len(name) <= limit:
        return name
    words, kept = name.split(" "), ""
    for word in words:
        if len(f"{kept} {word}".strip()) > limit - 1:
            break
        kept = f"{kept} {word}".strip()
    return (kept or name[: limit - 1]).rstrip(" ,;:-") + "…"


def short_names(actors: pd.DataFrame) -> dict[str, str]:
    """actor_id -> short_name, made unique (a clash keeps the longer form)."""
    names = dict(zip(actors["actor_id"], actors["name"].map(short_name)))
    counts = pd.Series(list(names.values())).value_counts()
    full = dict(zip(actors["actor_id"], actors["name"]))
    return {a: (full[a] if counts[n] > 1 else n) for a, n in names.items()}


# -- ties on a date -----------------------------------------------------------------------


def effective_periods(relations: pd.DataFrame, published: pd.Timestamp | None) -> pd.DataFrame:
    """relations with the period each row speaks for (from_date, to_date; NaT = open) and
    its unordered pair (a, b), under the layer rules in this module's docstring."""
    frame = relations.copy()
    source, target = frame["source_actor"].astype(str), frame["target_actor"].astype(str)
    frame["a"] = source.where(source <= target, target)
    frame["b"] = target.where(source <= target, source)
    frame["from_date"] = frame["start_date"]
    frame["to_date"] = frame["end_date"]
    if published is None or frame.empty:
        return frame
    after = frame["layer"] == "after_publication"
    day_after = published + pd.Timedelta(days=1)
    frame.loc[after, "from_date"] = frame.loc[after, "start_date"].clip(lower=day_after)
    # An open at-publication tie runs on until the hindsight layer first speaks of its pair.
    first_hindsight = frame[after].groupby(["a", "b"])["from_date"].min()
    takes_over = pd.Series(list(zip(frame["a"], frame["b"], strict=True)), index=frame.index).map(
        first_hindsight.to_dict()
    )
    open_before = ~after & frame["end_date"].isna() & takes_over.notna()
    frame.loc[open_before, "to_date"] = (
        pd.to_datetime(takes_over[open_before]) - pd.Timedelta(days=1)
    ).clip(lower=published)
    # A row of either layer whose whole period lies outside its layer speaks for nothing.
    return frame[frame["to_date"].isna() | (frame["to_date"] >= frame["from_date"])]


def ties_at(periods: pd.DataFrame, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """The rows of effective_periods that hold on as_of."""
    day = pd.Timestamp(as_of)
    holds = (periods["from_date"] <= day) & (
        periods["to_date"].isna() | (periods["to_date"] >= day)
    )
    return periods[holds]


def window_start(as_of: date | pd.Timestamp) -> pd.Timestamp:
    """The first day of the window that ends on as_of (the year up to it)."""
    return pd.Timestamp(as_of) - TIE_WINDOW + pd.Timedelta(days=1)


def within_mask(periods: pd.DataFrame, as_of: date | pd.Timestamp) -> pd.Series:
    """Where a row of effective_periods (or relations) holds on any day of the year up to
    as_of (see TIE_WINDOW)."""
    day = pd.Timestamp(as_of)
    start = periods["from_date"] if "from_date" in periods else periods["start_date"]
    end = periods["to_date"] if "to_date" in periods else periods["end_date"]
    return (start <= day) & (end.isna() | (end >= window_start(day)))


def ties_within(periods: pd.DataFrame, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """The rows of effective_periods (or relations) that hold on any day of the year up to
    as_of (see TIE_WINDOW)."""
    return periods[within_mask(periods, as_of)]


def event_counts(rows: pd.DataFrame) -> pd.Series:
    """How many events each row stands for: the count its description gives ("25 events
    in 2024", as the importers write it), else 1."""
    if rows.empty:
        return pd.Series(1, index=rows.index, dtype="int64")
    counts = rows["description"].fillna("").astype(str).str.extract(_EVENT_COUNT)[0]
    counts = pd.to_numeric(counts.str.replace(",", "", regex=False), errors="coerce")
    return counts.fillna(1).clip(lower=1).astype("int64")


def _pair_codes(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows' two ends (a, b) as integer codes, and the actors the codes stand for."""
    codes, actors = pd.factorize(pd.concat([rows["a"], rows["b"]], ignore_index=True))
    return codes[: len(rows)], codes[len(rows) :], np.asarray(actors, dtype=object)


def most_connected(
    active: pd.DataFrame, limit: int = TOP_ACTORS, *, pinned: Iterable = ()
) -> tuple[list, int] | None:
    """The limit actors with the most partners among the active rows (then the most rows,
    then by id), pinned actors first; and how many actors the rows name. None when they
    name no more than limit actors: nothing needs leaving out."""
    a, b, actors = _pair_codes(active)
    count = len(actors)
    if count <= limit:
        return None
    pairs = np.unique(np.minimum(a, b).astype(np.int64) * count + np.maximum(a, b))
    partners = np.bincount(pairs // count, minlength=count) + np.bincount(
        pairs % count, minlength=count
    )
    rows = np.bincount(a, minlength=count) + np.bincount(b, minlength=count)
    first = np.isin(actors, np.asarray(list(pinned), dtype=object))
    by_id = np.argsort(np.argsort(actors.astype(str)))
    order = np.lexsort((by_id, -rows, -partners, ~first))
    return actors[order[:limit]].tolist(), count


def among_mask(rows: pd.DataFrame, actors: Iterable) -> pd.Series:
    """Where both ends of a row (a and b, or source and target) are among actors."""
    wanted = pd.Series(list(actors), dtype=str)
    first, second = ("a", "b") if "a" in rows else ("source_actor", "target_actor")
    return is_in(rows[first], wanted) & is_in(rows[second], wanted)


def ties_among(
    dataset: Dataset,
    every: pd.DataFrame,
    *,
    ends_of: pd.DataFrame | None = None,
    actors: Iterable[str] = (),
) -> pd.Series:
    """among_mask(every, actors), or among the actors at either end of ends_of's ties;
    every and ends_of are rows of the dataset's relations (a cut's keep their labels).

    By the ends' rows in the actors table (worked out once per dataset), not by matching
    the ids of 177,000 imported ties as text on every redraw; by id, as among_mask does,
    when a tie names an actor actors.csv does not have.
    """
    source, target = (
        dataset.linked_rows("relations", end, "actors").to_numpy()
        for end in ("source_actor", "target_actor")
    )
    if not is_numbered(dataset.relations) or (source < 0).any() or (target < 0).any():
        if ends_of is not None:
            actors = pd.concat([ends_of["source_actor"], ends_of["target_actor"]]).unique()
        return among_mask(every, actors)
    chosen = np.zeros(len(dataset.actors), dtype=bool)
    if ends_of is not None:
        chosen[source[ends_of.index]] = chosen[target[ends_of.index]] = True
    else:
        at = positions_in(pd.Series(list(actors), dtype=str), dataset.actors["actor_id"])
        chosen[at[at >= 0]] = True
    rows = every.index.to_numpy()
    return pd.Series(chosen[source[rows]] & chosen[target[rows]], index=every.index)


def among(rows: pd.DataFrame, actors: Iterable) -> pd.DataFrame:
    """The rows whose two ends (a and b, or source and target) are both among actors."""
    return rows[among_mask(rows, actors)]


def neighbourhood(active: pd.DataFrame, actor: str, steps: int = 1) -> set:
    """actor and every actor within steps ties of it among the active rows."""
    reached = {actor}
    for _ in range(max(1, min(int(steps), 2))):
        touching = active[is_in(active["a"], reached) | is_in(active["b"], reached)]
        reached |= set(touching["a"]) | set(touching["b"])
    return reached if len(reached) > 1 else set()


def window_ties(active: pd.DataFrame) -> pd.DataFrame:
    """One tie per pair over a window (rows of ties_within): the sign of its most recent
    friendly or hostile row (latest end, an open end being latest; then latest start),
    else a neutral contact; every kind; how many events and rows; and whether the pair was
    both friendly and hostile in the window ("mixed")."""
    columns = [*TIE_COLUMNS, "events", "rows", "mixed"]
    if active.empty:
        return pd.DataFrame(columns=columns).astype({"sign": "int64"})
    # Sorted by pair, latest end, start and line, on arrays: each pair is then a slice,
    # aggregated on arrays and plain lists (sorting the frame of 20 columns and copying it
    # took half of the 10 ms for a thousand rows).
    order = np.lexsort(
        (
            active["_line"].to_numpy(),
            active["from_date"].to_numpy(),
            active["to_date"].fillna(pd.Timestamp(_FAR_FUTURE)).to_numpy(),
            pd.factorize(active["b"], sort=True)[0],
            pd.factorize(active["a"], sort=True)[0],
        )
    )

    def sorted_(values) -> np.ndarray:
        return np.asarray(values)[order]

    a, b = sorted_(active["a"].to_numpy(dtype=object)), sorted_(active["b"].to_numpy(dtype=object))
    starts = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])])
    sign = sorted_(active["sign"].fillna(0).astype("int64"))
    # The sign of each pair's latest friendly or hostile row; neutral (0) if it has none.
    latest = np.maximum.reduceat(np.where(sign != 0, np.arange(len(sign)), -1), starts)
    latest_sign = np.where(latest >= 0, sign[latest], 0)
    slices = [slice(*ends) for ends in itertools.pairwise([*starts.tolist(), len(order)])]
    text = {name: sorted_(active[name].astype(object).fillna("")).tolist() for name in (
        "kind", "relation_id", "description", "claim_ids")}  # fmt: skip
    lines = sorted_(active["_line"]).tolist()
    return pd.DataFrame(
        {
            "a": a[starts],
            "b": b[starts],
            "sign": latest_sign,
            "kinds": ["; ".join(sorted(set(text["kind"][s]))) for s in slices],
            "since": np.minimum.reduceat(sorted_(active["start_date"]), starts),
            "relation_ids": ["; ".join(text["relation_id"][s]) for s in slices],
            "lines": [_line_text(lines[s]) for s in slices],
            "descriptions": [" | ".join(d for d in text["description"][s] if d) for s in slices],
            "claim_ids": [";".join(text["claim_ids"][s]) for s in slices],
            "events": np.add.reduceat(sorted_(event_counts(active)), starts),
            "rows": np.diff([*starts.tolist(), len(order)]),
            "mixed": (np.maximum.reduceat(sign, starts) > 0)
            & (np.minimum.reduceat(sign, starts) < 0),
        },
        columns=columns,
    )


def window_signs_at(periods: pd.DataFrame, days: Iterable) -> list[dict[tuple, int]]:
    """For each day, {(a, b): sign} of the ties over the year up to it (window_ties' rule:
    a pair's latest friendly or hostile row, else its latest row). On arrays."""
    if periods.empty:
        return [{} for _day in days]
    a, b, actors = _pair_codes(periods)
    pair = a.astype(np.int64) * len(actors) + b
    sign = periods["sign"].fillna(0).astype(int).to_numpy()
    start = periods["from_date"].to_numpy(dtype="datetime64[ns]")
    end = periods["to_date"].to_numpy(dtype="datetime64[ns]")
    end = np.where(np.isnat(end), _FAR_FUTURE, end)
    line = periods["_line"].to_numpy()
    # Latest last within a pair, a friendly or hostile row after every neutral one.
    order = np.lexsort((line, start, end, sign != 0, pair))
    result = []
    for day in days:
        t = np.datetime64(pd.Timestamp(day), "ns")
        low = np.datetime64(window_start(day), "ns")
        held = order[(start[order] <= t) & (end[order] >= low)]
        last = held[np.r_[pair[held][1:] != pair[held][:-1], True]] if len(held) else held
        result.append({(actors[a[i]], actors[b[i]]): int(sign[i]) for i in last.tolist()})
    return result


def _line_text(lines: Iterable) -> str:
    return ", ".join(f"relations.csv:{int(line)}" for line in sorted(lines))


def collapsed_ties(active: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One signed tie per pair (see the module docstring), and the contradictory pairs
    (friendly and hostile at once) left out of it."""
    kept, clashes = [], []
    for (a, b), rows in active.groupby(["a", "b"], sort=True):
        signs = set(rows["sign"].dropna().astype(int))
        record = {
            "a": a,
            "b": b,
            "kinds": "; ".join(sorted(set(rows["kind"]))),
            "since": rows["start_date"].min(),
            "relation_ids": "; ".join(rows["relation_id"]),
            "lines": _line_text(rows["_line"]),
            "descriptions": " | ".join(d for d in rows["description"] if d),
            "claim_ids": ";".join(rows["claim_ids"]),
        }
        if {1, -1} <= signs:
            clashes.append(record)
            continue
        record["sign"] = 1 if 1 in signs else -1 if -1 in signs else 0
        kept.append(record)
    ties = pd.DataFrame(kept, columns=TIE_COLUMNS).astype({"sign": "int64"})
    return ties, pd.DataFrame(clashes, columns=[c for c in TIE_COLUMNS if c != "sign"])


# contradictory_ties' columns: a pair, its friendly and hostile rows, their lines, the dates.
CLASH_COLUMNS = ["pair", "friendly", "hostile", "lines", "from", "to"]


def contradictory_ties(periods: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Pairs with a friendly and a hostile row whose periods overlap, naming both rows'
    relations.csv lines and the dates they clash on (CLASH_COLUMNS)."""
    columns = CLASH_COLUMNS
    keep = ["a", "b", "relation_id", "kind", "_line", "from_date", "to_date"]
    friendly = periods.loc[periods["sign"] == 1, keep]
    hostile = periods.loc[periods["sign"] == -1, keep]
    both = friendly.merge(hostile, on=["a", "b"], suffixes=("_f", "_h"))
    if both.empty:
        return pd.DataFrame(columns=columns)
    start = both[["from_date_f", "from_date_h"]].max(axis=1)
    end = both[["to_date_f", "to_date_h"]].min(axis=1)  # NaT (open) is skipped
    both = both[end.isna() | (end >= start)]
    start, end = start[both.index], end[both.index]
    return pd.DataFrame(
        {
            "pair": [
                f"{names.get(a, a)} – {names.get(b, b)}"
                for a, b in zip(both["a"], both["b"], strict=True)
            ],
            "friendly": both["relation_id_f"] + " (" + both["kind_f"] + ")",
            "hostile": both["relation_id_h"] + " (" + both["kind_h"] + ")",
            "lines": [
                _line_text(pair) for pair in zip(both["_line_f"], both["_line_h"], strict=True)
            ],
            "from": start.dt.date,
            "to": end.dt.date.where(end.notna(), None),
        },
        columns=columns,
    ).reset_index(drop=True)


def pair_signs_at(periods: pd.DataFrame, days: Iterable) -> list[dict[tuple, int]]:
    """For each day, {(a, b): sign} of the collapsed ties (contradictory pairs left out).

    The same rules as collapsed_ties, on arrays: fast enough for a series of dates.
    """
    a = periods["a"].to_numpy(dtype=str)
    b = periods["b"].to_numpy(dtype=str)
    sign = periods["sign"].fillna(0).astype(int).to_numpy()
    start = periods["from_date"].to_numpy(dtype="datetime64[ns]")
    end = periods["to_date"].to_numpy(dtype="datetime64[ns]")
    end = np.where(np.isnat(end), _FAR_FUTURE, end)
    result = []
    for day in days:
        t = np.datetime64(pd.Timestamp(day), "ns")
        held = np.flatnonzero((start <= t) & (end >= t))
        signs: dict[tuple, set] = {}
        for i in held:
            signs.setdefault((a[i], b[i]), set()).add(int(sign[i]))
        result.append(
            {
                pair: (1 if 1 in s else -1 if -1 in s else 0)
                for pair, s in signs.items()
                if not {1, -1} <= s
            }
        )
    return result


# -- graphs --------------------------------------------------------------------------------


def signed_graph(ties: pd.DataFrame, actors: pd.DataFrame, *, nodes: Iterable = ()) -> nx.Graph:
    """The collapsed ties as an undirected graph: edges carry sign, kinds and evidence;
    nodes carry name, short name, kind and affiliation (unknown actors are kept, named
    by their id, so nothing the data says is silently dropped). nodes: actors to include
    even without a tie."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    shorts = short_names(actors)
    # Read as plain dicts and lists: a tie at a time through itertuples and an actor's
    # fields through .at took 6 ms for a network of 40 actors and 600 ties.
    graph.add_edges_from((tie["a"], tie["b"], tie) for tie in records(ties))
    ids = actors["actor_id"].tolist()
    info = {
        field: dict(zip(ids, actors[field].tolist(), strict=True))
        for field in ("name", "kind", "affiliation")
    }
    for node, fields in graph.nodes(data=True):
        known = node in info["name"]
        fields.update(
            name=info["name"][node] if known else node,
            short=shorts.get(node, node),
            kind=info["kind"][node] if known else "",
            affiliation=info["affiliation"][node] if known else "",
        )
    return graph


def ego_graph(graph: nx.Graph, actor: str, steps: int = 1) -> nx.Graph:
    """actor and every actor within steps ties of it, with all the ties among them."""
    if actor not in graph:
        return graph.subgraph([]).copy()
    return nx.ego_graph(graph, actor, radius=max(1, min(int(steps), 2)))


def matrix_order(graph: nx.Graph) -> list:
    """Actors ordered so blocs show: by connected component (largest first), then by the
    camp of the best split into two (see balance.frustration_index), then affiliation and
    the number of ties."""
    camps = frustration_index(graph).camps
    order = []
    for component in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        hub = max(component, key=lambda n: (graph.degree(n), str(n)))
        flip = camps.get(hub, 0)
        order += sorted(
            component,
            key=lambda n: (
                camps.get(n, 0) ^ flip,
                str(graph.nodes[n].get("affiliation", "")),
                -graph.degree(n),
                str(n),
            ),
        )
    return order


@lru_cache(maxsize=16)
def _layout(nodes: tuple, edges: tuple, seed: int, *, crowded: bool = False) -> dict:
    """Seeded spring positions in a unit box; crowded (a dense graph cut from a big one):
    outlying actors are drawn in towards the rest and the nodes kept further apart."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    # Friends pull harder than enemies: allies sit together, enemies across the picture.
    graph.add_weighted_edges_from((a, b, 1.0 if s > 0 else 0.35) for a, b, s in edges)
    k = 1.6 / np.sqrt(max(len(nodes), 1))
    positions = nx.spring_layout(graph, k=k, seed=seed, iterations=300, weight="weight")
    xy = np.array([positions[n] for n in nodes]) if nodes else np.zeros((0, 2))
    if crowded and len(xy) > 2:
        # A square root of the distance from the middle: one far actor no longer squeezes
        # the dense rest into a blot when the picture is fitted to the box.
        offset = xy - np.median(xy, axis=0)
        distance = np.hypot(offset[:, 0], offset[:, 1])
        xy = offset / np.maximum(np.sqrt(distance), 1e-9)[:, None]
        xy = _spread(xy, minimum=CROWDED_SPACING, rounds=400)
    else:
        xy = _spread(xy)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _spread(xy: np.ndarray, *, minimum: float = 0.09, rounds: int = 200) -> np.ndarray:
    """Push apart nodes closer than minimum (in a unit box, wider than tall like a screen),
    so that names have room."""
    if len(xy) < 2:
        return xy
    xy = xy - xy.mean(axis=0)
    span = np.abs(xy).max(axis=0)
    xy = xy / np.where(span > 0, span, 1) * np.array([1.6, 1.0])
    # x and y apart, and the push worked out only for the pairs too close: a network cut
    # to its 40 most connected actors takes every round, twice as fast this way.
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    itself = np.eye(len(xy), dtype=bool)
    for _ in range(rounds):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        distance = np.hypot(dx, dy)
        distance[itself] = np.inf
        close = distance < minimum
        if not close.any():
            break
        push = np.zeros_like(distance)
        near = distance[close]
        push[close] = (minimum - near) / np.maximum(near, 1e-9) / 2
        moved_x, moved_y = x + (dx * push).sum(axis=1), y + (dy * push).sum(axis=1)
        if np.array_equal(moved_x, x) and np.array_equal(moved_y, y):
            # A round that moves nothing (pairs left a rounding error closer than minimum,
            # whose push is lost in the sum) is followed by the same round: the rest are
            # skipped. A cut to 40 actors got there in about 50 of its 400 rounds.
            break
        x, y = moved_x, moved_y
    return np.column_stack([x, y])


def network_layout(relations: pd.DataFrame, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions for every actor in relations (pass the whole, unfiltered table):
    computed once per dataset and seeded, so filters and dates never move a node."""
    ends = relations[["source_actor", "target_actor"]].to_numpy(dtype=str)
    pairs: dict[tuple, int] = {}
    for (u, v), s in zip(ends, relations["sign"].fillna(0).astype(int), strict=True):
        if u == v:
            continue
        key = (min(u, v), max(u, v))
        pairs[key] = max(pairs.get(key, s), s) if s > 0 else min(pairs.get(key, s), s)
    nodes = tuple(sorted(set(ends.ravel())))
    edges = tuple(sorted((a, b, s) for (a, b), s in pairs.items()))
    return _layout(nodes, edges, seed)


def shown_layout(graph: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions for the graph drawn (a network cut to its most connected actors):
    seeded, so the same graph is always drawn the same way."""
    nodes = tuple(sorted(graph.nodes, key=str))
    edges = tuple(
        sorted((min(u, v), max(u, v), int(d.get("sign", 0))) for u, v, d in graph.edges(data=True))
    )
    return _layout(nodes, edges, seed, crowded=True)


def support_flows(active: pd.DataFrame) -> pd.DataFrame:
    """Who backs whom on the date: directed friendly ties of a support kind."""
    flows = active[
        active["kind"].isin(SUPPORT_KINDS) & active["directed"].astype(bool) & (active["sign"] == 1)
    ]
    return (
        flows.groupby(["source_actor", "target_actor"], sort=True)["kind"]
        .agg(lambda kinds: "; ".join(sorted(set(kinds))))
        .reset_index()
    )
