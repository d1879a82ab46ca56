"""Figures as ranges: one row per figure, grouped by conflict or event, the article's beside
the references', on one axis per family of units (people killed, dollars, years)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.figures import format_number
from dashboard.charts.palette import OKABE_ITO, apply_theme, merged_template, surface
from dashboard.charts.text import plotly_text

ROW_PX = 30
LABEL_CHARS = 48  # a reference's label is its basis, cut to this many characters
# The article stands out in vermillion (it is the claim under test); the references in
# blue, lighter on the dark theme so they keep their contrast.
ARTICLE_COLOUR = OKABE_ITO["vermillion"]
REFERENCE_COLOUR = {"light": OKABE_ITO["blue"], "dark": OKABE_ITO["sky_blue"]}
# Families drawn on a log axis: deaths run from tens (a bombing) to a million (a war).
LOG_FAMILIES = ("deaths",)
# Dollars are drawn in billions so the axis reads "800", not "800G" (SI prefixes).
SCALES = {"cost": (1e9, "billion US dollars")}


@dataclass(frozen=True)
class RangeText:
    """The words inside a range chart: its title and its source line (both plain text)."""

    title: str
    source_line: str
    axis_title: str = ""


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:(") + "…"


def row_label(row) -> str:
    """The label of a figure's row: 'The article' or the reference's basis, cut short."""
    if row.from_article:
        return "The article"
    return _short(row.basis or row.source_title)


def _layout_rows(ranges: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[float, str]]]:
    """y positions: a header row per subject, then its figures (article first)."""
    positions, headers = [], []
    y = 0.0
    for subject, group in ranges.groupby("subject", sort=False):
        headers.append((y, subject))
        y += 1
        for index in group.index:
            positions.append((index, y))
            y += 1
        y += 0.4  # a gap between groups
    placed = ranges.assign(y=pd.Series(dict(positions)))
    return placed, headers


def _ends(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each figure's drawn ends: low (else best) and high (else best)."""
    return frame["low"].fillna(frame["best"]), frame["high"].fillna(frame["best"])


def _segments(x0: pd.Series, x1: pd.Series, y: pd.Series) -> tuple[list, list]:
    xs, ys = [], []
    for a, b, row in zip(x0, x1, y):
        xs += [a, b, None]
        ys += [row, row, None]
    return xs, ys


def _hover(row, scale: float) -> str:
    parts = [
        f"<b>{plotly_text(row.subject)}</b> · {plotly_text(row.metric_label)}",
        f"{plotly_text(row.range_text)}",
        f"{'The article' if row.from_article else 'Reference'}: {plotly_text(row.source_title)}",
    ]
    if row.basis:
        parts.append(f"Counts: {plotly_text(_short(row.basis, 90))}")
    if row.as_of:
        parts.append(f"As of {plotly_text(row.as_of)}")
    if row.price_basis:
        parts.append(plotly_text(row.price_basis))
    if getattr(row, "comparison", ""):
        parts.append(f"<i>{plotly_text(row.comparison)}</i>")
    return "<br>".join(parts)


def figure_ranges_chart(
    ranges: pd.DataFrame,
    *,
    family: str,
    text: RangeText,
    spans: pd.DataFrame | None = None,
    theme: str = "light",
    height: int | None = None,
) -> go.Figure:
    """A new chart of one family's figures as intervals: a bar from low to high, a dot at
    the best value, a triangle and a dotted tail for a floor ('at least') or a ceiling.

    ranges has the columns of analysis.casualties.figure_ranges (plus an optional
    comparison); spans (subject, reference_low, reference_high) shades, behind each group,
    the span its references cover.
    """
    colours = surface(theme)
    scale, scale_words = SCALES.get(family, (1.0, ""))
    frame = ranges.copy()
    for column in ("low", "best", "high"):
        frame[column] = frame[column] / scale
    placed, headers = _layout_rows(frame)
    values = pd.concat([placed["low"], placed["best"], placed["high"]]).dropna()
    log = family in LOG_FAMILIES and (values > 0).all() and len(values)
    if len(values):
        smallest, largest = float(values.min()), float(values.max())
    else:
        smallest, largest = 0.0, 1.0
    if log:
        x_range = [np.log10(smallest) - 0.3, np.log10(largest) + 0.35]
        left, right = 10 ** x_range[0], 10 ** x_range[1]
    else:
        pad = (largest - min(smallest, 0)) * 0.12 or 1
        left, right = min(smallest, 0), largest + pad
        x_range = [left, right]

    fig = go.Figure()
    if spans is not None:
        for span in spans.itertuples(index=False):
            rows = placed.loc[placed["subject"] == span.subject, "y"]
            if rows.empty or pd.isna(span.reference_low):
                continue
            fig.add_shape(
                type="rect",
                x0=span.reference_low / scale,
                x1=span.reference_high / scale,
                y0=rows.min() - 0.45,
                y1=rows.max() + 0.45,
                fillcolor=colours.grid,
                line={"width": 0},
                layer="below",
            )
    for from_article in (False, True):
        group = placed[placed["from_article"] == from_article]
        if group.empty:
            continue
        colour = ARTICLE_COLOUR if from_article else REFERENCE_COLOUR.get(theme, OKABE_ITO["blue"])
        name = "The article" if from_article else "References"
        g_low, g_high = _ends(group)
        # A bar wherever two ends differ (low-high, low-best, best-high), with a tick at
        # each end so a narrow range (4,473-4,486) still shows on a log axis.
        both = (group[["low", "best", "high"]].notna().sum(axis=1) >= 2) & (g_low != g_high)
        xs, ys = _segments(g_low[both], g_high[both], group.loc[both, "y"])
        legend_shown = False
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="lines+markers", line={"color": colour, "width": 7},
                    marker={"symbol": "line-ns", "size": 18,
                            "line": {"color": colour, "width": 3}},
                    name=name, legendgroup=name, hoverinfo="skip",
                )
            )  # fmt: skip
            legend_shown = True
        floors = group["low"].notna() & group["high"].isna() & group["best"].isna()
        ceilings = group["high"].notna() & group["low"].isna() & group["best"].isna()
        # The open end of a floor runs to the chart's edge: 'at least' has no top.
        for mask, edge in ((floors, right), (ceilings, left)):
            start = group.loc[mask, "low"] if mask is floors else group.loc[mask, "high"]
            xs, ys = _segments(start, pd.Series(edge, index=start.index), group.loc[mask, "y"])
            if xs:
                fig.add_trace(
                    go.Scatter(
                        x=xs, y=ys, mode="lines", line={"color": colour, "width": 2, "dash": "dot"},
                        name=name, legendgroup=name, showlegend=False, hoverinfo="skip",
                    )
                )  # fmt: skip
        points = group.assign(
            x=np.where(group["best"].notna(), group["best"], np.where(floors, g_low, g_high)),
            symbol=np.where(
                group["best"].notna(), "circle", np.where(floors, "triangle-right", "triangle-left")
            ),
        )
        points = points[points["best"].notna() | floors | ceilings]
        if len(points):
            fig.add_trace(
                go.Scatter(
                    x=points["x"], y=points["y"], mode="markers",
                    marker={"color": colour, "size": 15, "symbol": list(points["symbol"]),
                            "line": {"color": colours.paper, "width": 1.5}},
                    name=name, legendgroup=name, showlegend=not legend_shown,
                    hovertext=[_hover(r, scale) for r in points.itertuples(index=False)],
                    hoverinfo="text",
                )
            )  # fmt: skip
        # Ranges without a best value still answer a hover at their middle.
        bare = group[both & group["best"].isna() & group["low"].notna() & group["high"].notna()]
        if len(bare):
            b_low, b_high = _ends(bare)
            middle = np.sqrt(b_low * b_high) if log else (b_low + b_high) / 2
            fig.add_trace(
                go.Scatter(
                    x=middle, y=bare["y"], mode="markers",
                    marker={"color": colour, "size": 14, "opacity": 0},
                    showlegend=False, legendgroup=name,
                    hovertext=[_hover(r, scale) for r in bare.itertuples(index=False)],
                    hoverinfo="text",
                )
            )  # fmt: skip

    tick_y = [*placed["y"], *(y for y, _ in headers)]
    tick_text = [plotly_text(row_label(r)) for r in placed.itertuples(index=False)]
    tick_text += [f"<b>{plotly_text(_short(subject, 60))}</b>" for _, subject in headers]
    bottom = max(tick_y, default=0) + 0.8
    annotations = [
        {
            "text": "<br>".join(plotly_text(line) for line in text.source_line.split("\n")),
            "xref": "paper", "yref": "paper", "x": 0, "y": 0,
            "xanchor": "left", "yanchor": "top", "yshift": -58,
            "showarrow": False, "align": "left",
            "font": {"size": 12, "color": colours.muted_ink},
        }
    ]  # fmt: skip
    axis_title = text.axis_title or scale_words
    apply_theme(fig, theme)
    fig.update_layout(
        height=height or int(190 + ROW_PX * (bottom + 1)),
        title={"text": plotly_text(text.title), "x": 0.01, "xanchor": "left"},
        margin={"l": 10, "r": 20, "t": 56, "b": 110},
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        annotations=annotations,
        hovermode="closest",
    )
    fig.update_yaxes(
        range=[bottom, -0.8],
        tickvals=tick_y,
        ticktext=tick_text,
        showgrid=False,
        zeroline=False,
        automargin=True,
        fixedrange=True,
    )
    fig.update_xaxes(
        type="log" if log else "linear",
        range=x_range,
        title={"text": plotly_text(axis_title), "standoff": 6},
        automargin=True,
        showgrid=True,
    )
    if log:
        decades = range(int(np.floor(x_range[0])), int(np.ceil(x_range[1])) + 1)
        ticks = [10**d for d in decades if left <= 10**d <= right]
        fig.update_xaxes(tickvals=ticks, ticktext=[format_number(t, "people") for t in ticks])
    return fig


# -- totals, when there are too many figures to draw one by one ----------------------------

TOTAL_ROW_PX = 26


def _total_hover(row, label: str) -> str:
    summed = f"{row.with_best:,} best estimate{'s' if row.with_best != 1 else ''}"
    parts = [
        f"<b>{plotly_text(label)}</b>",
        f"{plotly_text(row.total_text)} · {row.figures:,} figure{'s' if row.figures != 1 else ''}",
    ]
    if row.ranged:
        parts.append("range: the sums of the lows and of the highs")
    else:
        parts.append(f"the sum of {summed}; not a range")
        if row.with_low or row.with_high:
            parts.append(f"{row.with_low:,} give a low, {row.with_high:,} a high")
    if row.with_best < row.figures:
        parts.append(f"{row.figures - row.with_best:,} without a best estimate are not summed")
    return "<br>".join(parts)


@lru_cache(maxsize=4)
def _template_json(theme: str) -> dict:
    return merged_template(theme).to_plotly_json()


def figure_totals_chart(
    totals: pd.DataFrame,
    *,
    labels: list[str],
    text: RangeText,
    horizontal: bool,
    theme: str = "light",
    height: int | None = None,
) -> go.Figure:
    """A new bar chart of one family's totals (analysis.casualties.figure_totals rows, in
    the order given, labels naming each): a bar at the sum of the best estimates, and a
    whisker from the sum of the lows to the sum of the highs only where every figure
    summed gives both (a sum of single counts is not a range and gets no whisker)."""
    colours = surface(theme)
    colour = REFERENCE_COLOUR.get(theme, OKABE_ITO["blue"])
    family = str(totals["family"].iloc[0]) if len(totals) else ""
    scale, scale_words = SCALES.get(family, (1.0, ""))
    best = (totals["best_sum"].fillna(0) / scale).tolist()
    ranged = totals["ranged"].to_numpy(dtype=bool)
    shown = [plotly_text(label) for label in labels]
    bar = {
        "type": "bar",
        "x": best if horizontal else shown,
        "y": shown if horizontal else best,
        "orientation": "h" if horizontal else "v",
        "marker": {"color": colour},
        "text": [plotly_text(t) for t in totals["total_text"]],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": [_total_hover(r, label) for r, label in zip(totals.itertuples(), labels)],
        "hoverinfo": "text",
        "name": "Sum of best estimates",
    }
    if ranged.any():
        high = (totals["high_sum"] / scale).to_numpy()
        low = (totals["low_sum"] / scale).to_numpy()
        above = [float(h - b) if r else None for h, b, r in zip(high, best, ranged)]
        below = [float(b - lo) if r else None for lo, b, r in zip(low, best, ranged)]
        bar["error_x" if horizontal else "error_y"] = {
            "type": "data", "array": above, "arrayminus": below, "color": colours.ink,
            "thickness": 1.5, "width": 5, "visible": True,
        }  # fmt: skip
    annotation = {
        "text": "<br>".join(plotly_text(line) for line in text.source_line.split("\n")),
        "xref": "paper", "yref": "paper", "x": 0, "y": 0,
        "xanchor": "left", "yanchor": "top", "yshift": -48 if horizontal else -70,
        "showarrow": False, "align": "left",
        "font": {"size": 12, "color": colours.muted_ink},
    }  # fmt: skip
    value_axis = {
        "title": {"text": plotly_text(text.axis_title or scale_words), "standoff": 6},
        "rangemode": "tozero",
        "showgrid": True,
        "automargin": True,
        "separatethousands": True,
    }
    group_axis = {"showgrid": False, "automargin": True, "fixedrange": True, "type": "category"}
    if horizontal:
        group_axis["autorange"] = "reversed"
    layout = {
        "template": _template_json(theme),
        "height": height or (int(200 + TOTAL_ROW_PX * max(len(totals), 3)) if horizontal else 400),
        "title": {"text": plotly_text(text.title), "x": 0.01, "xanchor": "left"},
        "margin": {"l": 10, "r": 70, "t": 56, "b": 110},
        "showlegend": False,
        "annotations": [annotation],
        "hovermode": "closest",
        "bargap": 0.25,
        "xaxis": value_axis if horizontal else group_axis,
        "yaxis": group_axis if horizontal else value_axis,
    }
    # Built from plain dicts without plotly's property checks: validating a few dozen
    # bars and the template took ~100 ms a chart, most of this view's time at a million
    # events. The keys above are plotly's own; the test builds the same with checks on.
    return go.Figure({"data": [bar], "layout": layout}, _validate=False)
