"""The relationships view: the signed actor network on a date (whole, around one actor, or
as a matrix), its structural balance, and the tables behind them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.analysis.article import publication_date
from dashboard.analysis.balance import (
    BALANCE_COLUMNS,
    BalanceScore,
    balance_counts,
    balance_score,
    predicted_ties,
    score_row,
    signed_part,
    signed_triads,
    unbalanced_triads,
)
from dashboard.analysis.evidence import sources_cited_by
from dashboard.analysis.filters import Filters, kept_columns, matching_relations
from dashboard.analysis.network import (
    CLASH_COLUMNS,
    TOP_ACTORS,
    KeyDate,
    among,
    collapsed_ties,
    contradictory_ties,
    data_dates,
    effective_periods,
    ego_graph,
    key_dates,
    matrix_order,
    most_connected,
    named,
    neighbourhood,
    network_layout,
    pair_signs_at,
    plain_name,
    plain_names,
    shown_layout,
    signed_graph,
    support_flows,
    tie_days,
    ties_among,
    ties_at,
    window_signs_at,
    window_ties,
    within_mask,
)
from dashboard.charts.network import (
    SIGN_WORDS,
    FigureText,
    balance_timeline,
    network_figure,
    signed_matrix,
    support_sankey,
)
from dashboard.model.columns import is_in
from dashboard.views.base import ViewData, ViewResult, is_thumbnail

MODES = {"network": "Network", "ego": "Around one actor", "matrix": "Matrix"}
# Up to this many actors in the dataset, every actor has one place for the whole dataset
# (filters and dates never move a node); above it only the graph drawn is laid out.
STABLE_LAYOUT_ACTORS = 300
# A thumbnail (the Overview's) of a network cut to its most connected actors draws this
# many, so that a third of the page can show them.
SMALL_TOP_ACTORS = 12


@dataclass(frozen=True)
class NetworkOptions:
    """What the reader asked the relationships view to show."""

    as_of: date | None = None  # None: the article's date (or the last key date)
    mode: str = "network"  # one of MODES
    ego: str | None = None  # the actor at the centre of the ego view
    steps: int = 1  # 1 or 2 ties out from the ego actor


def relations_in_view(data: ViewData) -> pd.DataFrame:
    """The ties the view analyses: those of the actors the sidebar lets through, and every
    tie among those actors and their partners (a triangle needs the tie between two
    partners, which the actor filter alone would drop)."""
    table, keep = _relations_kept(data)
    return table if keep is None else table[keep]


def _relations_kept(data: ViewData) -> tuple[pd.DataFrame, pd.Series | None]:
    """relations_in_view as a table and the rows of it to keep (None: all), so that a
    caller wanting a few of them (a year, some actors) takes only those."""
    filters = data.filters
    if not (filters.countries or filters.actors or filters.sects):
        return data.dataset.relations, None
    period_only = Filters(
        start=filters.start, end=filters.end,
        include_after_publication=filters.include_after_publication,
    )  # fmt: skip
    every = matching_relations(data.full, period_only)
    # Only the ends of the ties the sidebar lets through are read: two columns of the cut,
    # not a copy of all twenty (6 ms of the 60,000 ties of Syria at a million events).
    ends = kept_columns(data.dataset, "relations", ["source_actor", "target_actor"])
    return every, ties_among(data.full, every, ends_of=ends)


def by_year(data: ViewData) -> bool:
    """Whether the network is read over the year up to each date (data with no article,
    such as an import; see analysis.network) rather than on the day."""
    return publication_date(data.full) is None


def dates_offered(data: ViewData) -> list[KeyDate]:
    """The key dates the reader can step through, inside the sidebar's period: the story's
    (data with an article), or the end of each year the data covers (data without)."""
    published = publication_date(data.full)
    if published is None:
        # Worked out once per dataset: the page and its view ask several times a rerun, and
        # a million imported events' ties took 5 ms each time.
        span = data.full.derived(("tie_days",), lambda: tie_days(data.full.relations))
        return data_dates(span, start=data.filters.start, end=data.filters.end)
    hindsight = data.filters.include_after_publication
    dates = key_dates(data.full.relations, published, hindsight=hindsight)
    start, end = data.filters.start or date.min, data.filters.end or date.max
    inside = [k for k in dates if start <= k.day <= end]
    if not inside and data.filters.end is not None:
        limit = published.date() if published is not None and not hindsight else end
        inside = [KeyDate(min(end, limit), "End of the chosen period")]
    return inside


def shown_date(data: ViewData, options: NetworkOptions) -> date | None:
    """The date the network is drawn on: the chosen one, kept inside what may be shown."""
    offered = dates_offered(data)
    if not offered:
        return None
    published = publication_date(data.full)
    default = next(
        (k.day for k in offered if published is not None and k.day == published.date()),
        offered[-1].day,
    )
    chosen = options.as_of or default
    if published is not None and not data.filters.include_after_publication:
        chosen = min(chosen, published.date())  # hindsight is off: no later date
    if data.filters.start and chosen < data.filters.start:
        chosen = data.filters.start
    if data.filters.end and chosen > data.filters.end:
        chosen = data.filters.end
    return chosen


def _snapshot_dates(periods: pd.DataFrame, offered: list[KeyDate], last: date) -> list[date]:
    """Year ends from the first tie to last, and the key dates: the balance series' x."""
    if periods.empty:
        return [k.day for k in offered]
    first = periods["from_date"].min().year
    years = [date(y, 12, 31) for y in range(first, last.year) if date(y, 12, 31) <= last]
    return sorted({*years, *(k.day for k in offered if k.day <= last), last})


def balance_series(
    periods: pd.DataFrame, days: list[date], *, over_year: bool = False
) -> pd.DataFrame:
    """The balance score on each day (over the year up to it, if over_year); identical
    networks are scored once."""
    snapshots = window_signs_at(periods, days) if over_year else pair_signs_at(periods, days)
    scored: dict[frozenset, BalanceScore] = {}
    rows = []
    for day, signs in zip(days, snapshots, strict=True):
        key = frozenset(signs.items())
        if key not in scored:
            scored[key] = balance_counts(signs)
        rows.append(score_row(day, scored[key]))
    return pd.DataFrame(rows, columns=BALANCE_COLUMNS)


def _tie_table(ties: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "actor_a": named(ties["a"], names),
            "actor_b": named(ties["b"], names),
            "tie": ties["sign"].map(SIGN_WORDS),
            "kinds": ties["kinds"],
            "since": pd.to_datetime(ties["since"]).dt.date,  # empty: object dtype
            "relation_ids": ties["relation_ids"],
            "lines": ties["lines"],
            "description": ties["descriptions"],
        }
    )
    if "events" in ties:  # ties over a year (window_ties)
        table.insert(4, "events", ties["events"])
        table.insert(5, "both_signs", ties["mixed"])
    return table


def _unbalanced_table(unbalanced: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "statement": unbalanced["statement"],
            "pattern": unbalanced["pattern"],
            "actors": named(unbalanced["a"], names)
            + ", "
            + named(unbalanced["b"], names)
            + ", "
            + named(unbalanced["c"], names),
        }
    )


def _predicted_table(predicted: pd.DataFrame) -> pd.DataFrame:
    columns = ["now", "predicted", "triangles_for", "triangles_against", "because"]
    return predicted.assign(actor_a=predicted["a_name"], actor_b=predicted["b_name"])[
        ["actor_a", "actor_b", *columns]
    ]


def _headline_first(unbalanced: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    """Unbalanced triangles, those of the pair under most pressure first, and among them
    the shared-enemy ones ("both hostile to ISIL"): the article's own case."""
    if unbalanced.empty:
        return unbalanced
    turning = predicted[predicted["now"].isin(["friendly", "hostile"])]
    pair = set(turning.iloc[0][["a", "b"]]) if len(turning) else set()
    # A triangle's three actors are distinct: it holds the pair when two of them are in it.
    touches = unbalanced[["a", "b", "c"]].isin(pair).sum(axis=1).to_numpy() == 2
    enemies = (unbalanced["pattern"] != "---").to_numpy()
    return unbalanced.take(np.lexsort((enemies, ~touches)))  # stable: the pair's first


def _takeaway(
    when: str, score, unbalanced: pd.DataFrame | None, predicted: pd.DataFrame | None
) -> str:
    """when: "As of 31 Jan 2014" (or "In the year to 31 Dec 2024"); without unbalanced
    and predicted (a thumbnail's), the score alone."""
    if not score.triangles:
        return (
            f"{when}, {score.signed_ties:,} friendly or hostile tie(s) form no "
            "triangle: balance theory has nothing to test here."
        )
    text = (
        f"{when}, {score.balanced:,} of {score.triangles:,} triangles of ties are "
        f"balanced ({score.balanced / score.triangles:.0%}); "
        f"{score.frustration.text} tie(s) would have to change to balance the network"
    )
    if unbalanced is None or predicted is None:
        return text + "."
    turning = predicted[predicted["now"].isin(["friendly", "hostile"])]
    if len(turning):
        top = turning.iloc[0]
        text += (
            f". The theory puts most pressure on {top['a_name']} and {top['b_name']}, now "
            f"{top['now']}, to become {top['predicted']} ({top['triangles_for']} triangle(s))"
        )
    elif len(unbalanced):
        text += f". {unbalanced.iloc[0]['statement'].rstrip('.')}"
    return text + "."


def _cut(
    active: pd.DataFrame, data: ViewData, options: NetworkOptions, mode: str, *, small: bool
) -> tuple[list | None, int, bool]:
    """The actors to draw when the ties name more than TOP_ACTORS (None: all of them), how
    many actors they were chosen from, and whether they are an ego view's neighbourhood.
    Actors the sidebar picked come first; an ego view cuts its actor's neighbourhood; a
    small chart (the Overview's) draws SMALL_TOP_ACTORS of a network that is cut anyway."""
    pinned = [a for a in data.filters.actors]
    cut = most_connected(active, TOP_ACTORS, pinned=pinned)
    if cut is None:
        return None, 0, False
    if small:
        cut = most_connected(active, SMALL_TOP_ACTORS, pinned=pinned)
    if mode == "ego" and options.ego is not None:
        around = neighbourhood(active, options.ego, options.steps)
        if around:
            limit = SMALL_TOP_ACTORS if small else TOP_ACTORS
            near = most_connected(among(active, around), limit, pinned=[options.ego])
            return (near[0] if near else sorted(around, key=str)), len(around), True
    return cut[0], cut[1], False


def network_view(
    data: ViewData, options: NetworkOptions = NetworkOptions(), *, theme: str = "light",
    height: int = 600,
) -> ViewResult:  # fmt: skip
    """The signed network on the chosen date, its balance analysis, and their tables.

    Data with no article (an import) is read over the year up to the date; a network of
    more than TOP_ACTORS actors is cut to the most connected of them, and the balance
    analysis, the layout and the series run on that cut (see analysis.network).
    """
    full = data.full
    published = publication_date(full)
    over_year = published is None
    plain = plain_names(full)
    table, kept = _relations_kept(data)

    def rows(where: pd.Series | None = None) -> pd.DataFrame:
        """The relations in view, where where says (all of them if None)."""
        both = kept if where is None else where if kept is None else kept & where
        return table if both is None else table[both]

    relations = table.iloc[:0] if over_year else rows()  # over a year: taken as needed
    periods = None if over_year else effective_periods(relations, published)
    day = shown_date(data, options)
    caveats: list[str] = []
    if periods is None:  # over a year, a pair's latest sign stands: nothing is left out
        clashes = pd.DataFrame(columns=CLASH_COLUMNS)
    else:
        clashes = contradictory_ties(periods, plain)
    if len(clashes):
        caveats.append(
            f"{len(clashes)} pair(s) are both friendly and hostile over the same period "
            f"({'; '.join(clashes['pair'] + ' at ' + clashes['lines'])}): on those dates "
            "the pair is left out of the network and the balance analysis."
        )
    if day is None:
        return ViewResult(
            title="Relationships",
            takeaway="No ties in view: widen the period or clear the filters.",
            tables={"contradictions": clashes},
            caveats=tuple(caveats),
        )
    day_text = pd.Timestamp(day).strftime("%d %b %Y").lstrip("0")
    when = f"In the year to {day_text}" if over_year else f"As of {day_text}"
    if periods is None:
        active = effective_periods(rows(within_mask(table, day)), None)
    else:
        active = ties_at(periods, day)
    mode = options.mode if options.mode in MODES else "network"
    small = is_thumbnail(height)
    keep, chosen_from, ego_cut = _cut(active, data, options, mode, small=small)
    if keep is not None:
        active = among(active, keep)
        actors = full.actors[is_in(full.actors["actor_id"], keep)]
    else:
        actors = full.actors
    if over_year:
        ties = window_ties(active)
    else:
        ties, _clashing = collapsed_ties(active)
    graph = signed_graph(ties, actors, nodes=keep or ())
    signed = signed_part(graph)  # made once for the analyses below, each of which would
    triads = signed_triads(signed)  # make its own (2 ms each for 40 actors)
    score = balance_score(signed, triads=triads)
    unbalanced = predicted = None  # a thumbnail draws the network alone: no sentence per
    if not small:  # triangle and pair (a fifth of its time at a million events)
        unbalanced = unbalanced_triads(signed, plain, triads=triads)
        predicted = predicted_ties(graph, plain)
        predicted["a_name"] = named(predicted["a"], plain)
        predicted["b_name"] = named(predicted["b"], plain)

    # The Overview's thumbnail (small) is the network alone: the balance over time and the
    # flows of support are its page's, and took a third of the thumbnail's time.
    series = flows = pd.DataFrame()
    if not small:
        offered = dates_offered(data)
        last = max(day, max(k.day for k in offered))
        if over_year or keep is not None:  # the series follows the actors drawn
            trail = effective_periods(rows(ties_among(full, table, actors=graph.nodes)), published)
        else:
            trail = periods
        series = balance_series(trail, _snapshot_dates(trail, offered, last), over_year=over_year)
    if len(full.actors) <= STABLE_LAYOUT_ACTORS:
        positions = network_layout(full.relations)
    else:
        positions = shown_layout(graph)
    notes = []
    if keep is not None:
        among_whom = (
            f"the {chosen_from:,} actors within {options.steps} step(s) of "
            f"{plain.get(options.ego, options.ego)}"
            if ego_cut
            else f"{chosen_from:,} actors"
        )
        notes.append(
            f"The {len(keep)} most connected of {among_whom} with ties "
            f"{'in the year to' if over_year else 'on'} {day_text} are shown, with the ties "
            "among them (the balance analysis too); filter by actor or country to see others."
        )
    if over_year:
        mixed = int(ties["mixed"].sum())
        notes.append(
            "No article dates this data: each tie is the pair's record over the year to "
            f"{day_text}, with the sign of its most recent row (line width: its events)"
            + (f"; {mixed} of these pairs were both friendly and hostile in it." if mixed else ".")
        )
    if notes:  # one note of what was aggregated, before any other caveat
        caveats.insert(0, " ".join(notes))
    rows_text = f"{len(active):,} rows" + (f" among the {len(keep)} shown" if keep else "")
    source = (
        f"{when} · ties from relations.csv ({rows_text}) · "
        "balance: Heider's theory, computed · see the Evidence page for each tie's quotes"
    )

    shown = graph
    centre = None
    if mode == "ego":
        if options.ego in graph:
            shown = graph if ego_cut else ego_graph(graph, options.ego, options.steps)
            centre = options.ego
        else:
            name = plain.get(options.ego or "", options.ego or "no actor")
            caveats.append(f"{name} has no tie on {day_text}: the whole network is shown.")
    frustration = score.frustration
    whose = f" of the {len(keep)} most connected actors" if keep is not None else " of actors"
    top = f" (the {len(keep)} most connected)" if keep is not None else ""
    if mode == "matrix":
        main = signed_matrix(
            graph,
            matrix_order(graph),
            text=FigureText(
                f"Who stands with whom{top}, {day_text}",
                source,
            ),
            theme=theme,
            height=max(height, 160 + 22 * graph.number_of_nodes()),
        )
    else:
        title = (
            f"Ties around {plain.get(centre, centre)} ({options.steps} step(s)), {day_text}"
            if centre
            else f"The signed network{whose}, {day_text}"
        )
        main = network_figure(
            shown,
            positions,
            text=FigureText(title, source),
            theme=theme,
            height=height,
            centre=centre,
            frustrated=frustration.frustrated,
        )
    figures = {"network": main}
    if not small:
        figures["balance"] = balance_timeline(
            series,
            text=FigureText(
                "Structural balance over time"
                + (f" (the {len(keep)} actors shown)" if keep is not None else ""),
                "Share of triangles of ties that are balanced, and the fewest ties to flip "
                "for balance (frustration index) · computed from relations.csv",
            ),
            theme=theme,
            as_of=pd.Timestamp(day),
            published=published,
        )
        flows = support_flows(active)
    if len(flows):
        figures["flows"] = support_sankey(
            flows,
            dict(zip(actors["actor_id"], actors["name"].map(plain_name))),
            dict(zip(actors["actor_id"], actors["affiliation"])),
            text=FigureText(f"Who backs whom, {day_text}", source),
            theme=theme,
        )
    if not frustration.exact:
        caveats.append(
            "The frustration index is approximate (an upper bound from local search): the "
            "network has a block of more actors than an exhaustive search can try."
        )
    unknown = sorted(set(graph.nodes) - set(actors["actor_id"]))
    if unknown:
        caveats.append(f"Ties name actors missing from actors.csv: {', '.join(unknown)}.")

    tables = {}  # a thumbnail is the network alone: its tables and sources are its page's
    if not small:
        unbalanced = _headline_first(unbalanced, predicted)
        tables = {
            "ties": _tie_table(ties, plain),
            "unbalanced": _unbalanced_table(unbalanced, plain),
            "predicted": _predicted_table(predicted),
            "contradictions": clashes,
            "balance_over_time": series,
            "flows": flows,
        }
    of_how_many = f" (the most connected of {chosen_from:,})" if keep is not None else ""
    return ViewResult(
        title="Relationships",
        subtitle=(
            f"{when}: {graph.number_of_nodes()} actors{of_how_many}, {len(ties)} ties "
            f"({(ties['sign'] > 0).sum()} friendly, {(ties['sign'] < 0).sum()} hostile, "
            f"{(ties['sign'] == 0).sum()} talks)."
        ),
        takeaway=_takeaway(when, score, unbalanced, predicted),
        figures=figures,
        tables=tables,
        sources=pd.DataFrame() if small else sources_cited_by(full, "relations", active),
        caveats=tuple(caveats),
    )


def with_date(options: NetworkOptions, day: date | None) -> NetworkOptions:
    """options showing day instead (for a key-date stepper)."""
    return dataclasses.replace(options, as_of=day)


def clicked_item(points: list[dict]) -> tuple[str, str] | None:
    """("actor", actor_id) or ("relations", "id; id") of the first clicked node or tie."""
    for point in points:
        custom = point.get("customdata")
        key = str(custom[0] if isinstance(custom, list | tuple) else custom or "")
        if key.startswith("tie:"):
            return "relations", key.removeprefix("tie:")
        if key:
            return "actor", key
    return None
