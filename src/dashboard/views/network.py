"""The relationships view: the signed actor network on a date (whole, around one actor, or
as a matrix), its structural balance, and the tables behind them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

import networkx as nx
import pandas as pd

from dashboard.analysis.article import publication_date
from dashboard.analysis.balance import (
    balance_over_time,
    balance_score,
    predicted_ties,
    signed_triads,
    unbalanced_triads,
)
from dashboard.analysis.evidence import cited_sources
from dashboard.analysis.filters import Filters, matching_relations
from dashboard.analysis.network import (
    KeyDate,
    collapsed_ties,
    contradictory_ties,
    effective_periods,
    ego_graph,
    key_dates,
    matrix_order,
    network_layout,
    pair_signs_at,
    plain_name,
    signed_graph,
    support_flows,
    ties_at,
)
from dashboard.charts.network import (
    SIGN_WORDS,
    FigureText,
    balance_timeline,
    network_figure,
    signed_matrix,
    support_sankey,
)
from dashboard.views.base import ViewData, ViewResult

MODES = {"network": "Network", "ego": "Around one actor", "matrix": "Matrix"}


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
    shown = data.dataset.relations
    filters = data.filters
    if not (filters.countries or filters.actors or filters.sects):
        return shown
    ends = set(shown["source_actor"]) | set(shown["target_actor"])
    period_only = Filters(
        start=filters.start, end=filters.end,
        include_after_publication=filters.include_after_publication,
    )  # fmt: skip
    every = matching_relations(data.full.relations, period_only, actors=data.full.actors)
    return every[every["source_actor"].isin(ends) & every["target_actor"].isin(ends)]


def dates_offered(data: ViewData) -> list[KeyDate]:
    """The key dates the reader can step through, inside the sidebar's period."""
    published = publication_date(data.full)
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


def _graph_of(signs: dict[tuple, int]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from((a, b, {"sign": s}) for (a, b), s in signs.items())
    return graph


def balance_series(periods: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """The balance score on each day; identical networks are scored once."""
    snapshots = pair_signs_at(periods, days)
    scored: dict[frozenset, pd.Series] = {}
    rows = []
    for day, signs in zip(days, snapshots, strict=True):
        key = frozenset(signs.items())
        if key not in scored:
            scored[key] = balance_over_time([(day, _graph_of(signs))]).iloc[0]
        rows.append(scored[key].copy())
        rows[-1]["date"] = pd.Timestamp(day)
    return pd.DataFrame(rows).reset_index(drop=True) if rows else balance_over_time([])


def _tie_table(ties: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_a": ties["a"].map(lambda a: names.get(a, a)),
            "actor_b": ties["b"].map(lambda b: names.get(b, b)),
            "tie": ties["sign"].map(SIGN_WORDS),
            "kinds": ties["kinds"],
            "since": pd.to_datetime(ties["since"]).dt.date,  # empty: object dtype
            "relation_ids": ties["relation_ids"],
            "lines": ties["lines"],
            "description": ties["descriptions"],
        }
    )


def _headline_first(unbalanced: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    """Unbalanced triangles, those of the pair under most pressure first, and among them
    the shared-enemy ones ("both hostile to ISIL"): the article's own case."""
    if unbalanced.empty:
        return unbalanced
    turning = predicted[predicted["now"].isin(["friendly", "hostile"])]
    pair = set(turning.iloc[0][["a", "b"]]) if len(turning) else set()
    touches = (
        unbalanced.apply(lambda t: pair <= {t["a"], t["b"], t["c"]}, axis=1) if pair else False
    )
    ranked = unbalanced.assign(
        _pair=~pd.Series(touches, index=unbalanced.index).astype(bool),
        _enemies=unbalanced["pattern"] != "---",
    )
    return ranked.sort_values(["_pair", "_enemies"], kind="stable").drop(
        columns=["_pair", "_enemies"]
    )


def _takeaway(day_text: str, score, unbalanced: pd.DataFrame, predicted: pd.DataFrame) -> str:
    if not score.triangles:
        return (
            f"As of {day_text}, {score.signed_ties} friendly or hostile tie(s) form no "
            "triangle: balance theory has nothing to test here."
        )
    text = (
        f"As of {day_text}, {score.balanced} of {score.triangles} triangles of ties are "
        f"balanced ({score.balanced / score.triangles:.0%}); "
        f"{score.frustration.text} tie(s) would have to change to balance the network"
    )
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


def network_view(
    data: ViewData, options: NetworkOptions = NetworkOptions(), *, theme: str = "light",
    height: int = 600,
) -> ViewResult:  # fmt: skip
    """The signed network on the chosen date, its balance analysis, and their tables."""
    full = data.full
    published = publication_date(full)
    plain = {a: plain_name(n) for a, n in zip(full.actors["actor_id"], full.actors["name"])}
    relations = relations_in_view(data)
    periods = effective_periods(relations, published)
    day = shown_date(data, options)
    caveats: list[str] = []
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
    active = ties_at(periods, day)
    ties, _clashing = collapsed_ties(active)
    graph = signed_graph(ties, full.actors)
    triads = signed_triads(graph)
    score = balance_score(graph, triads=triads)
    unbalanced = unbalanced_triads(graph, plain)
    predicted = predicted_ties(graph, plain)
    predicted["a_name"] = predicted["a"].map(lambda a: plain.get(a, a))
    predicted["b_name"] = predicted["b"].map(lambda b: plain.get(b, b))

    offered = dates_offered(data)
    last = max(day, max(k.day for k in offered))
    series = balance_series(periods, _snapshot_dates(periods, offered, last))
    positions = network_layout(full.relations)
    source = (
        f"As of {day_text} · ties from relations.csv ({len(active)} rows) · "
        "balance: Heider's theory, computed · see the Evidence page for each tie's quotes"
    )

    mode = options.mode if options.mode in MODES else "network"
    shown = graph
    centre = None
    if mode == "ego":
        if options.ego in graph:
            shown = ego_graph(graph, options.ego, options.steps)
            centre = options.ego
        else:
            name = plain.get(options.ego or "", options.ego or "no actor")
            caveats.append(f"{name} has no tie on {day_text}: the whole network is shown.")
    frustration = score.frustration
    if mode == "matrix":
        main = signed_matrix(
            graph,
            matrix_order(graph),
            text=FigureText(f"Who stands with whom, {day_text}", source),
            theme=theme,
            height=max(height, 160 + 22 * graph.number_of_nodes()),
        )
    else:
        title = (
            f"Ties around {plain.get(centre, centre)} ({options.steps} step(s)), {day_text}"
            if centre
            else f"The signed network of actors, {day_text}"
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
    figures["balance"] = balance_timeline(
        series,
        text=FigureText(
            "Structural balance over time",
            "Share of triangles of ties that are balanced, and the fewest ties to flip for "
            "balance (frustration index) · computed from relations.csv",
        ),
        theme=theme,
        as_of=pd.Timestamp(day),
        published=published,
    )
    flows = support_flows(active)
    if len(flows):
        figures["flows"] = support_sankey(
            flows,
            dict(zip(full.actors["actor_id"], full.actors["name"].map(plain_name))),
            dict(zip(full.actors["actor_id"], full.actors["affiliation"])),
            text=FigureText(f"Who backs whom, {day_text}", source),
            theme=theme,
        )
    if not frustration.exact:
        caveats.append(
            "The frustration index is approximate (an upper bound from local search): the "
            "network has a block of more actors than an exhaustive search can try."
        )
    unknown = sorted(set(graph.nodes) - set(full.actors["actor_id"]))
    if unknown:
        caveats.append(f"Ties name actors missing from actors.csv: {', '.join(unknown)}.")

    unbalanced = _headline_first(unbalanced, predicted)
    unbalanced_table = pd.DataFrame(
        {
            "statement": unbalanced["statement"],
            "pattern": unbalanced["pattern"],
            "actors": [
                ", ".join(plain.get(n, n) for n in (t.a, t.b, t.c))
                for t in unbalanced.itertuples(index=False)
            ],
        }
    )
    predicted_table = predicted.assign(actor_a=predicted["a_name"], actor_b=predicted["b_name"])[
        ["actor_a", "actor_b", "now", "predicted", "triangles_for", "triangles_against", "because"]
    ]
    return ViewResult(
        title="Relationships",
        subtitle=(
            f"As of {day_text}: {graph.number_of_nodes()} actors, {len(ties)} ties "
            f"({(ties['sign'] > 0).sum()} friendly, {(ties['sign'] < 0).sum()} hostile, "
            f"{(ties['sign'] == 0).sum()} talks)."
        ),
        takeaway=_takeaway(day_text, score, unbalanced, predicted),
        figures=figures,
        tables={
            "ties": _tie_table(ties, plain),
            "unbalanced": unbalanced_table,
            "predicted": predicted_table,
            "contradictions": clashes,
            "balance_over_time": series,
            "flows": flows,
        },
        sources=cited_sources(full, list(active["claim_ids"])),
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
