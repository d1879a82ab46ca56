"""Figures of the signed actor network: the network itself, the signed matrix, the balance
score over time and the support flows. Pure: data in, a new go.Figure out."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import (
    GREY,
    OKABE_ITO,
    Surface,
    group_colour,
    group_label,
    surface,
    themed_figure,
)
from dashboard.charts.text import plotly_text as _text

KIND_SYMBOLS = {
    "state": "circle",
    "government": "square",
    "armed_group": "diamond",
    "organisation": "hexagon",
    "person": "star",
}
KIND_LABELS = {
    "state": "State",
    "government": "Government",
    "armed_group": "Armed group",
    "organisation": "Organisation",
    "person": "Person",
}
# Friendly solid, hostile dashed in the warning colour, talks dotted: readable in greyscale.
SIGN_STYLE = {
    1: ("Friendly (ally, supports)", "solid", OKABE_ITO["blue"]),
    -1: ("Hostile (fights, opposes)", "dash", OKABE_ITO["vermillion"]),
    0: ("Talks / contact", "dot", GREY),
}
SIGN_WORDS = {1: "friendly", -1: "hostile", 0: "talks / contact"}
# Ties that count their events (a network read over a year): (at least this many events,
# line width px), thinnest first.
EVENT_WIDTHS = ((1, 1.0), (3, 1.7), (10, 2.6), (30, 3.8))
# Above this many ties that break balance, they are not drawn over the network (a dense
# graph cut from a big one has a hundred: the overlay would grey it all); the count stays
# in the takeaway.
BROKEN_DRAWN_MAX = 30
# Ties that count their events come from big networks: their actors' markers stay this small.
EVENT_NODE_MAX_PX = 26
LABEL_FONT_SIZE = 13
# The plot area a 1366x768 screen gives the chart (sidebar open, legend on the right):
# labels are placed so they do not overlap there; wider screens only add room.
PLOT_WIDTH_PX = 720
PLOT_HEIGHT_PX = 440
_CHAR_PX = 0.56 * LABEL_FONT_SIZE
_LINE_PX = LABEL_FONT_SIZE + 3


@dataclass(frozen=True)
class FigureText:
    """What makes an exported chart explain itself: a title and a source line."""

    title: str
    source_line: str


def _source_annotation(text: str, colours: Surface, *, below_axis: bool = False) -> dict:
    return {
        "text": _text(text),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -40 if below_axis else -8,  # under the x axis's tick labels, if any
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "align": "left",
        "font": {"size": 12, "color": colours.muted_ink},
    }


def _figure(
    traces: list,
    text: FigureText,
    theme: str,
    height: int,
    *,
    below_axis: bool = False,
    title: dict | None = None,
    margin: dict | None = None,
    annotations: Sequence[dict] = (),
    **layout,
) -> go.Figure:
    """A figure of traces with the title, margins and source line every chart here has
    (title and margin add to those), in the theme.

    Made in one constructor call: plotly's add_trace and update_layout parse each
    property's path anew, about half of a network figure's plotly time at 1M events.
    """
    colours = surface(theme)
    base = {
        "height": height,
        "title": {"text": _text(text.title), "x": 0.01, "xanchor": "left", **(title or {})},
        "margin": {"l": 10, "r": 10, "t": 50, "b": 40, **(margin or {})},
        "annotations": [
            _source_annotation(text.source_line, colours, below_axis=below_axis),
            *annotations,
        ],
    }
    return themed_figure(traces, {**base, **layout}, theme)


# -- label placement -------------------------------------------------------------------

# plotly text positions and where each puts a label's box relative to its point (px).
_POSITIONS = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "bottom right",
    "top left",
    "bottom left",
)


def _label_box(x: float, y: float, r: float, w: float, position: str) -> tuple:
    vertical, horizontal = position.split()
    h = _LINE_PX
    if vertical == "middle":
        y0 = y - h / 2
    elif vertical == "top":
        y0 = y + r
    else:
        y0 = y - r - h
    if horizontal == "right":
        x0 = x + r + 1
    elif horizontal == "left":
        x0 = x - r - 1 - w
    else:
        x0 = x - w / 2
    if vertical != "middle" and horizontal != "center":
        x0 += -r if horizontal == "right" else r  # corners sit closer in
    return (x0, y0, x0 + w, y0 + h)


def _overlaps(box: tuple, other: tuple) -> bool:
    return not (
        box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
    )


def label_positions(
    points: Sequence[tuple[float, float]],
    labels: Sequence[str],
    sizes: Sequence[float],
    *,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    width_px: float = PLOT_WIDTH_PX,
    height_px: float = PLOT_HEIGHT_PX,
    priority: Sequence[float] | None = None,
) -> list[str | None]:
    """A plotly text position for each label such that no two labels overlap, and no label
    covers a node, on a plot of width_px x height_px; None where no position is free (the
    name stays in the hover). Labels are placed in order of priority (highest first)."""
    sx = width_px / max(x_range[1] - x_range[0], 1e-9)
    sy = height_px / max(y_range[1] - y_range[0], 1e-9)
    pixels = [((x - x_range[0]) * sx, (y - y_range[0]) * sy) for x, y in points]
    radii = [s / 2 for s in sizes]
    nodes = [(px - r, py - r, px + r, py + r) for (px, py), r in zip(pixels, radii, strict=True)]
    order = sorted(range(len(points)), key=lambda i: -(priority[i] if priority is not None else 0))
    placed: list[tuple] = []
    result: list[str | None] = [None] * len(points)
    for i in order:
        width = len(labels[i]) * _CHAR_PX
        for position in _POSITIONS:
            box = _label_box(*pixels[i], radii[i], width, position)
            inside = box[0] >= 0 and box[2] <= width_px and box[1] >= 0 and box[3] <= height_px
            if not inside:
                continue
            if any(_overlaps(box, other) for other in placed):
                continue
            if any(_overlaps(box, node) for j, node in enumerate(nodes) if j != i):
                continue
            placed.append(box)
            result[i] = position
            break
    return result


# -- the network -------------------------------------------------------------------------


def node_size(degree: int) -> float:
    """Marker diameter (px) of an actor with degree ties: more ties, bigger, but gently."""
    return 12 + 5 * np.sqrt(degree)


def _edge_hover(data: Mapping, names: Mapping[str, str]) -> str:
    """A tie's hover text; names: every actor's name, escaped already."""
    since = data.get("since")
    since_text = f"since {since:%b %Y}" if isinstance(since, pd.Timestamp) else ""
    return "<br>".join(
        part
        for part in (
            f"<b>{names[data['a']]} – {names[data['b']]}</b>",
            f"{SIGN_WORDS[int(data['sign'])]}: {_text(data.get('kinds', ''))} {since_text}",
            f"{int(data['events']):,} event(s)"
            + (", friendly and hostile" if data.get("mixed") else "")
            if "events" in data
            else "",
            _text(data.get("descriptions", ""))[:160],
            f"Evidence: {_text(data.get('lines', ''))} · {_text(data.get('relation_ids', ''))}",
        )
        if part
    )


def _gapped(coordinates: list) -> np.ndarray:
    """None-separated line coordinates as an array, gaps as NaN (sent as null, a gap too):
    plotly copies a figure's values twice on the way to the browser, a list of thousands
    of numbers one by one, an array at once."""
    return np.array(coordinates or [None], dtype=float)


def network_figure(
    graph: nx.Graph,
    positions: Mapping[str, tuple[float, float]],
    *,
    text: FigureText,
    theme: str = "light",
    height: int = 600,
    centre: str | None = None,
    frustrated: Sequence[tuple] = (),
) -> go.Figure:
    """Actors as nodes (shape by kind, colour by affiliation, size by ties) and ties as
    edges styled by sign, at the stable positions given. frustrated ties (those that break
    balance) are drawn heavier; centre (an ego view's actor) gets a ring."""
    colours = surface(theme)
    traces: list = []
    nodes = [n for n in graph.nodes if n in positions]
    names = {n: graph.nodes[n].get("short", n) for n in nodes}
    # Each tie once, in the order given: a set's order follows string hashing, which
    # changes at every start, and the figure must be the same for the same view.
    broken = list(dict.fromkeys(tuple(sorted(pair, key=str)) for pair in frustrated))

    # Edges: one trace per sign (a legend entry each), None-separated segments; ties that
    # count their events (a network read over a year) get a trace per width too.
    by_events = any("events" in data for _u, _v, data in graph.edges(data=True))
    widths = EVENT_WIDTHS if by_events else ((0, None),)
    # Each drawn tie's segment, in its (sign, width step), in one pass over the ties.
    segments: dict[tuple[int, int], tuple[list, list]] = {}
    leasts = [least for least, _width in widths]
    for u, v, data in graph.edges(data=True):
        if u not in positions or v not in positions:
            continue
        events = int(data.get("events", 1) or 1) if by_events else 0
        step = bisect.bisect_right(leasts, events) - 1
        if step < 0:
            continue  # fewer events than the thinnest line stands for
        xs, ys = segments.setdefault((int(data.get("sign", 0)), step), ([], []))
        xs += [positions[u][0], positions[v][0], None]
        ys += [positions[u][1], positions[v][1], None]
    for sign, (label, dash, colour) in SIGN_STYLE.items():
        for step, (_least, width) in enumerate(widths):
            xs, ys = segments.get((sign, step), ([], []))
            if by_events and not xs and step:
                continue  # an empty width adds nothing (the first keeps the legend entry)
            traces.append(
                dict(
                    type="scatter",
                    x=_gapped(xs),
                    y=_gapped(ys),
                    mode="lines",
                    line={
                        "color": colour,
                        "width": width or (2.2 if sign else 1.6),
                        "dash": dash,
                    },
                    name=label,
                    legendgroup=f"ties{sign}" if by_events else "ties",
                    legendgrouptitle={"text": "Ties"} if sign == 1 or not by_events else None,
                    **({"showlegend": False} if step else {}),
                    hoverinfo="skip",
                )
            )
    if broken and len(broken) <= BROKEN_DRAWN_MAX:
        xs, ys = [], []
        for u, v in broken:
            if u in positions and v in positions and graph.has_edge(u, v):
                xs += [positions[u][0], positions[v][0], None]
                ys += [positions[u][1], positions[v][1], None]
        traces.append(
            dict(
                type="scatter",
                x=_gapped(xs),
                y=_gapped(ys),
                mode="lines",
                line={"color": colours.muted_ink, "width": 7},
                opacity=0.25,
                name="Breaks balance",
                legendgroup="ties",
                hoverinfo="skip",
            )
        )
    # Hover and click on a tie: an invisible marker at each edge's middle.
    escaped = {n: _text(names.get(n, n)) for n in graph.nodes}
    mids = [
        (
            (positions[u][0] + positions[v][0]) / 2,
            (positions[u][1] + positions[v][1]) / 2,
            _edge_hover(data, escaped),
            f"tie:{data.get('relation_ids', '')}",
        )
        for u, v, data in graph.edges(data=True)
        if u in positions and v in positions
    ]
    if mids:
        traces.append(
            dict(
                type="scatter",
                x=[m[0] for m in mids],
                y=[m[1] for m in mids],
                mode="markers",
                marker={"size": 10, "color": colours.paper, "opacity": 0.01},
                hovertext=[m[2] for m in mids],
                hoverinfo="text",
                customdata=[m[3] for m in mids],
                showlegend=False,
                name="ties",
            )
        )

    # Nodes: one trace per affiliation (the colour legend), symbols by kind.
    xs_all = [positions[n][0] for n in nodes] or [0.0]
    ys_all = [positions[n][1] for n in nodes] or [0.0]
    pad_x = 0.08 * max(max(xs_all) - min(xs_all), 0.5) + 0.05
    pad_y = 0.08 * max(max(ys_all) - min(ys_all), 0.5) + 0.05
    x_range = (min(xs_all) - pad_x, max(xs_all) + pad_x)
    y_range = (min(ys_all) - pad_y, max(ys_all) + pad_y)
    sizes = {n: node_size(graph.degree(n)) for n in nodes}
    if by_events:
        sizes = {n: min(size, EVENT_NODE_MAX_PX) for n, size in sizes.items()}
    placement = dict(
        zip(
            nodes,
            label_positions(
                [positions[n] for n in nodes],
                [names[n] for n in nodes],
                [sizes[n] for n in nodes],
                x_range=x_range,
                y_range=y_range,
                priority=[graph.degree(n) + (100 if n == centre else 0) for n in nodes],
            ),
            strict=True,
        )
    )
    groups: dict[str, list] = {}
    for n in nodes:
        groups.setdefault(str(graph.nodes[n].get("affiliation") or ""), []).append(n)
    for rank, group in enumerate(sorted(groups, key=lambda g: group_label(g))):
        first = rank == 0
        members = sorted(groups[group], key=str)
        traces.append(
            dict(
                type="scatter",
                x=[positions[n][0] for n in members],
                y=[positions[n][1] for n in members],
                mode="markers+text",
                marker={
                    "size": [sizes[n] for n in members],
                    "color": group_colour(group),
                    "symbol": [
                        KIND_SYMBOLS.get(graph.nodes[n].get("kind", ""), "circle") for n in members
                    ],
                    "line": {
                        "color": [colours.ink if n == centre else colours.paper for n in members],
                        "width": [3 if n == centre else 1.5 for n in members],
                    },
                },
                text=[_text(names[n]) if placement[n] else "" for n in members],
                textposition=[placement[n] or "middle right" for n in members],
                textfont={"size": LABEL_FONT_SIZE, "color": colours.ink},
                customdata=members,
                hovertext=[
                    f"<b>{_text(graph.nodes[n].get('name', n))}</b><br>"
                    f"{_text(KIND_LABELS.get(graph.nodes[n].get('kind', ''), ''))} · "
                    f"{_text(group_label(group))} · {graph.degree(n)} tie(s)"
                    for n in members
                ],
                hoverinfo="text",
                name=_text(group_label(group) if group else "Unknown"),
                legendgroup=f"groups:{group}" if by_events else "groups",
                legendgrouptitle={"text": "Affiliation"} if not by_events or first else None,
            )
        )
    # Shapes in the legend: one entry per kind present, in the ink colour.
    kinds = sorted({graph.nodes[n].get("kind", "") for n in nodes} & set(KIND_SYMBOLS))
    for rank, kind in enumerate(kinds):
        traces.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": KIND_SYMBOLS[kind], "size": 12, "color": colours.muted_ink},
                name=KIND_LABELS[kind],
                legendgroup=f"kinds:{kind}" if by_events else "kinds",
                legendgrouptitle={"text": "Kind"} if not by_events or not rank else None,
            )
        )
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": False}
    return _figure(
        traces,
        text,
        theme,
        height,
        margin={"r": 190},
        xaxis={**axis, "range": list(x_range)},
        yaxis={**axis, "range": list(y_range)},
        legend={
            "orientation": "v",
            "x": 1.0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "top",
            "font": {"size": 13},
            # A tie's widths share its legend entry: a click hides all of them.
            "groupclick": "togglegroup" if by_events else "toggleitem",
            "tracegroupgap": 6,
        },
        hovermode="closest",
        clickmode="event+select",
        dragmode="pan",
        uirevision="network",
    )


# -- the matrix ----------------------------------------------------------------------------


def signed_matrix(
    graph: nx.Graph,
    order: Sequence,
    *,
    text: FigureText,
    theme: str = "light",
    height: int = 640,
) -> go.Figure:
    """Actors by actors, each cell the sign of their tie (blank: none), in the given order
    (see analysis.network.matrix_order), so blocs read as blocks."""
    colours = surface(theme)
    labels = [_text(graph.nodes[n].get("short", n)) for n in order]
    size = len(order)
    z = np.full((size, size), np.nan)
    hover = [["" for _ in order] for _ in order]
    index = {n: i for i, n in enumerate(order)}
    for u, v, data in graph.edges(data=True):
        if u not in index or v not in index:
            continue
        i, j = index[u], index[v]
        z[i, j] = z[j, i] = int(data.get("sign", 0))
        words = f"{SIGN_WORDS[int(data.get('sign', 0))]}: {_text(data.get('kinds', ''))}"
        hover[i][j] = f"<b>{labels[i]} – {labels[j]}</b><br>{words}"
        hover[j][i] = f"<b>{labels[j]} – {labels[i]}</b><br>{words}"
    scale = [
        [0.0, SIGN_STYLE[-1][2]],
        [0.33, SIGN_STYLE[-1][2]],
        [0.33, SIGN_STYLE[0][2]],
        [0.67, SIGN_STYLE[0][2]],
        [0.67, SIGN_STYLE[1][2]],
        [1.0, SIGN_STYLE[1][2]],
    ]
    heatmap = dict(
        type="heatmap",
        z=z,
        x=labels,
        y=labels,
        zmin=-1,
        zmax=1,
        colorscale=scale,
        xgap=1,
        ygap=1,
        hovertext=hover,
        hoverinfo="text",
        colorbar={
            "tickvals": [-0.67, 0, 0.67],
            "ticktext": ["Hostile", "Talks", "Friendly"],
            "thickness": 14,
            "len": 0.5,
            "y": 1,
            "yanchor": "top",
        },
    )
    return _figure(
        [heatmap],
        text,
        theme,
        height,
        title={"y": 0.995, "yanchor": "top"},
        margin={"t": 230},
        xaxis={"side": "top", "tickangle": -50, "showgrid": False, "tickfont": {"size": 12}},
        yaxis={"autorange": "reversed", "showgrid": False, "tickfont": {"size": 12}},
        plot_bgcolor=colours.paper,
    )


# -- balance over time ---------------------------------------------------------------------


def balance_timeline(
    series: pd.DataFrame,
    *,
    text: FigureText,
    theme: str = "light",
    height: int = 360,
    as_of: pd.Timestamp | None = None,
    published: pd.Timestamp | None = None,
) -> go.Figure:
    """Share of balanced triangles (line) and the frustration index (steps) over time."""
    colours = surface(theme)
    traces = [
        dict(
            type="scatter",
            x=series["date"],
            y=series["share_balanced"] * 100,
            mode="lines+markers",
            line={"color": OKABE_ITO["blue"], "width": 3, "shape": "hv"},
            name="Balanced triangles (%)",
            customdata=np.column_stack([series["balanced"], series["triangles"]])
            if len(series)
            else None,
            hovertemplate="%{x|%d %b %Y}: %{y:.0f}% balanced "
            "(%{customdata[0]} of %{customdata[1]})<extra></extra>",
        ),
        dict(
            type="scatter",
            x=series["date"],
            y=series["frustration"],
            mode="lines",
            line={"color": OKABE_ITO["vermillion"], "width": 2, "dash": "dash", "shape": "hv"},
            name="Frustration index (ties to flip)",
            yaxis="y2",
            hovertemplate="%{x|%d %b %Y}: %{y} tie(s) to flip<extra></extra>",
        ),
    ]
    shapes, notes = [], []
    marks = [(published, "article", "dot"), (as_of, "shown", "solid")]
    for when, label, dash in marks:
        if when is None or (label == "shown" and as_of == published):
            continue
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": when,
                "x1": when,
                "y0": 0,
                "y1": 1,
                "line": {"color": colours.muted_ink, "width": 1.5, "dash": dash},
            }
        )
        notes.append(
            {
                "x": when,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": label,
                "showarrow": False,
                "yanchor": "bottom",
                "xanchor": "left" if label == "shown" else "right",
                "font": {"size": 12, "color": colours.muted_ink},
            }
        )
    return _figure(
        traces,
        text,
        theme,
        height,
        margin={"t": 90, "b": 90},
        annotations=notes,
        yaxis={"title": {"text": "Balanced triangles (%)"}, "range": [0, 105]},
        yaxis2={
            "title": {"text": "Ties to flip"},
            "overlaying": "y",
            "side": "right",
            "range": [0, max(int(series["frustration"].max() or 0), 1) + 1]
            if len(series)
            else None,
            "dtick": 1 if len(series) and series["frustration"].max() <= 10 else None,
            "showgrid": False,
        },
        xaxis={"range": _time_range(series)},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "xanchor": "left"},
        shapes=shapes,
        hovermode="x unified",
        below_axis=True,
    )


def _time_range(series: pd.DataFrame) -> list | None:
    """From two years before the first triangle (the decades before it are a flat line) to
    the last date."""
    with_triangles = series.loc[series["triangles"] > 0, "date"] if len(series) else []
    if not len(with_triangles):
        return None
    return [
        with_triangles.min() - pd.DateOffset(years=2),
        series["date"].max() + pd.DateOffset(months=6),
    ]


# -- support flows ------------------------------------------------------------------------


def support_sankey(
    flows: pd.DataFrame,
    names: Mapping[str, str],
    affiliations: Mapping[str, str],
    *,
    text: FigureText,
    theme: str = "light",
    height: int = 420,
) -> go.Figure:
    """Who backs whom (source_actor -> target_actor, kind) as a Sankey diagram."""
    colours = surface(theme)
    actors = sorted(set(flows["source_actor"]) | set(flows["target_actor"]), key=str)
    index = {a: i for i, a in enumerate(actors)}
    sankey = dict(
        type="sankey",
        arrangement="snap",
        node={
            "label": [_text(names.get(a, a)) for a in actors],
            "color": [group_colour(affiliations.get(a)) for a in actors],
            "pad": 18,
            "thickness": 16,
            "line": {"color": colours.paper, "width": 1},
        },
        link={
            "source": [index[s] for s in flows["source_actor"]],
            "target": [index[t] for t in flows["target_actor"]],
            "value": [1] * len(flows),
            "label": [_text(k) for k in flows["kind"]],
            "color": colours.grid,
        },
        textfont={"color": colours.ink, "size": 13},
    )
    return _figure([sankey], text, theme, height)
