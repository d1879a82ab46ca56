"""The timeline figure: periods as bars, moments as points, in lanes, with each date drawn
no more precisely than it is known, the eras behind them and the article's date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import GREY, OKABE_ITO, Surface, apply_theme, surface, themed_figure
from dashboard.charts.text import plotly_text as _text

LANE_LABEL_LIMIT = 28  # characters; the full name is in every hover
BAR_WIDTH = 0.8  # of a row
ROW_PX = 26  # height of one stacked row, in pixels
HINDSIGHT = "after_publication"
_MS_PER_DAY = 86_400_000
UNSELECTED_OPACITY = 0.45  # a click highlights its event; the rest stay legible
ERA_LABEL_PX_PER_CHAR = 6.4  # at 12 px
MAX_ERA_LINES = 3
# A plot about this wide (a laptop, beside the sidebar and the lane names): labels are
# placed for it, so on a wider screen they only get more room.
ASSUMED_PLOT_PX = 650
LEGEND_PX_PER_CHAR = 7.4  # at 14 px
LEGEND_LINE_PX = 29
ERA_LINE_PX = 16


@dataclass(frozen=True)
class TimelineContext:
    """What the timeline draws behind the events, and how it frames them."""

    x_range: tuple[pd.Timestamp, pd.Timestamp]  # the reader's period (zoom stays inside it)
    eras: pd.DataFrame | None = None  # label, start, end, ongoing (see era_bands)
    published: tuple[pd.Timestamp, pd.Timestamp] | None = None  # the article's date, as a span
    hindsight: bool = False  # the after-publication layer is on


def _title(title: str, height: int) -> dict | None:
    """The chart's title, top left, 12 px below the figure's top edge."""
    if not title:
        return None
    return {
        "text": _text(title),
        "x": 0.01,
        "xanchor": "left",
        "y": 1 - 12 / height,
        "yanchor": "top",
    }


def _source_note(source_line: str, yshift: int, colours: Surface) -> dict:
    """The figure's source line, under the plot at yshift pixels (an exported PNG keeps it)."""
    return {
        "text": _text(source_line),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": yshift,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "align": "left",
        "font": {"size": 12, "color": colours.muted_ink},
    }


def _short(label: str, limit: int = LANE_LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _ms(delta: pd.Series) -> np.ndarray:
    """Durations as milliseconds: what a horizontal bar on a date axis takes as its length."""
    return (delta.dt.total_seconds() * 1000).to_numpy()


def _iso(stamps: pd.Series) -> list[str]:
    """Days as ISO text ('2016-01-04'), written by numpy all at once."""
    days = np.asarray(stamps).astype("datetime64[D]")
    return np.datetime_as_string(days).tolist()


def _readable_on(colour: str) -> str:
    """Black or white, whichever reads on colour (a hex code)."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#FFFFFF"


def _hover_data(items: pd.DataFrame) -> list[list[str]]:
    layer = np.where(items["layer"] == HINDSIGHT, "After publication (hindsight)", "")
    kind = items["event_type"].fillna("").str.replace("_", " ").str.capitalize()
    columns = [
        items["event_id"].astype(str),
        items["title"].map(_text),
        items["when"].map(_text),
        kind.map(_text),
        items["lane_label"].map(_text),
        layer,
    ]
    return np.column_stack(columns).tolist()  # a list: see palette.sendable


HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]} · %{customdata[4]}"
    "<br><i>%{customdata[5]}</i><extra></extra>"
)


def _legend_key(name: str, group: str, colours: Surface, **style) -> go.Scatter:
    """A legend entry in the theme's ink: the real traces carry lane colours, which would
    make the legend's swatches look like a colour key."""
    return go.Scatter(
        x=[None],
        y=[None],
        name=name,
        legendgroup=group,
        showlegend=True,
        hoverinfo="skip",
        **style,
    )


def _bar(items: pd.DataFrame, start: str, end: str, colours: list[str], **style) -> go.Bar:
    return go.Bar(
        orientation="h",
        base=_iso(items[start]),
        # At least a day long, so a period written at day precision that starts and ends
        # on one day still shows.
        x=np.maximum(_ms(items[end] - items[start]), _MS_PER_DAY),
        y=items["row_y"].to_numpy(),
        width=BAR_WIDTH,
        customdata=_hover_data(items),
        unselected={"marker": {"opacity": UNSELECTED_OPACITY}},
        hovertemplate=HOVER,
        showlegend=False,
        marker={"color": colours, **style.pop("marker", {})},
        **style,
    )


def _period_traces(
    periods: pd.DataFrame, lane_colours: Mapping[str, str], colours: Surface, *, labels: bool
) -> list[go.BaseTraceType]:
    """Each period as a faded bar over everything its dates can mean, a solid (or, for
    hindsight, hatched) bar over what it certainly covered, and an arrow if ongoing."""
    traces: list[go.BaseTraceType] = []
    if periods.empty:
        return traces
    fill = [lane_colours.get(lane, GREY) for lane in periods["lane"]]
    # An outline in muted ink keeps a black bar (ISIL) visible on the dark paper.
    outline = {"line": {"color": colours.muted_ink, "width": 1}}
    traces.append(
        _bar(
            periods,
            "earliest",
            "latest",
            fill,
            opacity=0.35,
            legendgroup="uncertain",
            marker=outline,
        )
    )
    core = periods[periods["core_start"].notna()]
    for hindsight, part in core.groupby(core["layer"] == HINDSIGHT, sort=True):
        part_fill = [lane_colours.get(lane, GREY) for lane in part["lane"]]
        marker = dict(outline)
        if hindsight:
            marker["pattern"] = {
                "shape": "/",
                "fgcolor": colours.paper,
                "fillmode": "overlay",
                "solidity": 0.35,
                "size": 8,
            }
        traces.append(
            _bar(
                part,
                "core_start",
                "core_end",
                part_fill,
                legendgroup="hindsight_period" if hindsight else "period",
                marker=marker,
                text=part["title"].map(_text).tolist() if labels else None,
                textposition="inside",
                insidetextanchor="start",
                textfont={"color": [_readable_on(c) for c in part_fill], "size": 13},
            )
        )
    ongoing = periods[periods["ongoing"]]
    if len(ongoing):
        traces.append(
            go.Scatter(
                x=_iso(ongoing["latest"]),
                y=ongoing["row_y"].to_numpy(),
                mode="markers",
                marker={
                    "symbol": "triangle-right",
                    "size": 14,
                    "color": [lane_colours.get(lane, GREY) for lane in ongoing["lane"]],
                    "line": {"color": colours.ink, "width": 1},
                },
                customdata=_hover_data(ongoing),
                unselected={"marker": {"opacity": UNSELECTED_OPACITY}},
                hovertemplate=HOVER,
                legendgroup="ongoing",
                showlegend=False,
                cliponaxis=False,
            )
        )
    return traces


def _moment_traces(
    moments: pd.DataFrame, lane_colours: Mapping[str, str], colours: Surface
) -> list[go.BaseTraceType]:
    """Moments: a dot on a day known exactly; a whisker with end caps across the month or
    year a less precise date can mean, with a hollow diamond at its middle."""
    traces: list[go.BaseTraceType] = []
    vague = moments[~moments["exact"]]
    if len(vague):
        xs: list = []
        ys: list = []
        for row in vague.itertuples(index=False):
            xs += [row.earliest.strftime("%Y-%m-%d"), row.latest.strftime("%Y-%m-%d"), None]
            ys += [row.row_y, row.row_y, None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line={"color": colours.ink, "width": 2},
                marker={
                    "symbol": "line-ns",
                    "size": 12,
                    "line": {"color": colours.ink, "width": 2},
                },
                hoverinfo="skip",
                legendgroup="vague",
                showlegend=False,
            )
        )
    for (hindsight, exact), part in moments.groupby(
        [moments["layer"] == HINDSIGHT, moments["exact"]], sort=True
    ):
        middle = part["earliest"] + (part["latest"] - part["earliest"]) / 2
        fill = [lane_colours.get(lane, GREY) for lane in part["lane"]]
        symbol = "circle" if exact else "diamond"
        traces.append(
            go.Scatter(
                x=_iso(middle),
                y=part["row_y"].to_numpy(),
                mode="markers",
                marker={
                    "symbol": f"{symbol}-open" if hindsight else symbol,
                    "size": 13 if exact else 12,
                    "color": fill,
                    "line": {
                        "color": fill if hindsight else colours.ink,
                        "width": 2.5 if hindsight else 1,
                    },
                },
                customdata=_hover_data(part),
                unselected={"marker": {"opacity": UNSELECTED_OPACITY}},
                hovertemplate=HOVER,
                legendgroup=f"{'hindsight_' if hindsight else ''}{'exact' if exact else 'vague'}",
                showlegend=False,
                cliponaxis=False,
            )
        )
    return traces


def _legend(items: pd.DataFrame, colours: Surface) -> list[go.Scatter]:
    """One entry per kind of mark actually drawn, in ink, so the legend reads as a key."""
    ink = colours.ink
    periods, moments = items[items["is_period"]], items[~items["is_period"]]
    hindsight = items["layer"] == HINDSIGHT
    entries = []
    if (periods["core_start"].notna() & (periods["layer"] != HINDSIGHT)).any():
        entries.append(
            _legend_key("Period", "period", colours, mode="lines", line={"color": ink, "width": 10})
        )
    if len(periods):
        entries.append(
            _legend_key(
                "Month or year precision (faded)",
                "uncertain",
                colours,
                mode="lines",
                line={"color": ink, "width": 10},
                opacity=0.35,
            )
        )
    if periods["ongoing"].any():
        entries.append(
            _legend_key(
                "Ongoing",
                "ongoing",
                colours,
                mode="markers",
                marker={"symbol": "triangle-right", "size": 13, "color": ink},
            )
        )
    if (moments["exact"] & (moments["layer"] != HINDSIGHT)).any():
        entries.append(
            _legend_key(
                "Moment (exact day)",
                "exact",
                colours,
                mode="markers",
                marker={"symbol": "circle", "size": 12, "color": ink},
            )
        )
    if (~moments["exact"]).any():
        entries.append(
            _legend_key(
                "Moment (month or year)",
                "vague",
                colours,
                mode="lines+markers",
                line={"color": ink, "width": 2},
                marker={"symbol": "diamond", "size": 11, "color": ink},
            )
        )
    if hindsight.any():
        entries.append(
            _legend_key(
                "Hindsight: after publication",
                "hindsight_period",
                colours,
                mode="markers",
                marker={"symbol": "square-open", "size": 13, "color": ink, "line": {"width": 2}},
            )
        )
    return entries


def _context_shapes(
    context: TimelineContext, lanes: pd.DataFrame, colours: Surface
) -> tuple[list[dict], list[dict], int]:
    """Era bands, lane separators and the article's date, with their labels, and how many
    lines of era labels there are above the lanes."""
    shapes: list[dict] = []
    notes: list[dict] = []
    x0, x1 = context.x_range
    label_font = {"size": 13, "color": colours.muted_ink}
    line_ends: list[pd.Timestamp] = []  # where each line of era labels is taken up to
    if context.eras is not None:
        # Labels go on the first of three lines where they do not run into the one
        # before; the width of a label is estimated for a plot about 1,000 px wide.
        span = x1 - x0
        for era in context.eras.itertuples(index=False):
            if era.end < x0 or era.start > x1:
                continue
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": era.start.strftime("%Y-%m-%d"),
                    "x1": era.end.strftime("%Y-%m-%d"),
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": colours.grid,
                    "opacity": 0.55,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
            text = f"{_text(era.label)}{' →' if era.ongoing else ''}"
            width = span * (len(text) * ERA_LABEL_PX_PER_CHAR / ASSUMED_PLOT_PX)
            at, anchor = max(era.start, x0), "left"
            if at + width > x1:  # would run off the right edge: end it there instead
                at, anchor = x1, "right"
            left = at - width if anchor == "right" else at
            line = next((i for i, end in enumerate(line_ends) if end < left), len(line_ends))
            if line >= MAX_ERA_LINES:
                continue  # enough lines of labels; the band still shows
            line_ends[line : line + 1] = [left + width]
            notes.append(
                {
                    "text": text,
                    "x": at.strftime("%Y-%m-%d"),
                    "xref": "x",
                    "xanchor": anchor,
                    "y": 1,
                    "yref": "paper",
                    "yanchor": "top",
                    "yshift": -2 - ERA_LINE_PX * line,
                    "showarrow": False,
                    "font": {**label_font, "size": 12},
                }
            )
    for lane in lanes.itertuples(index=False):
        if lane.top <= -0.5:
            continue
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": lane.top - 0.35,
                "y1": lane.top - 0.35,
                "line": {"color": colours.grid, "width": 1},
                "layer": "below",
            }
        )
    if context.published is not None and x0 <= context.published[1] and context.published[0] <= x1:
        first, last = (stamp.strftime("%Y-%m-%d") for stamp in context.published)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": first,
                "x1": last,
                "y0": 0,
                "y1": 1,
                "fillcolor": colours.ink,
                "opacity": 0.5,
                "line": {"color": colours.ink, "width": 1.5, "dash": "dot"},
            }
        )
        month = context.published[1].strftime("%b %Y")
        notes.append(
            {
                "text": f"Article ({month})",
                "x": last,
                "xref": "x",
                "xanchor": "right",
                "y": 0,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {**label_font, "color": colours.ink},
                "bgcolor": colours.paper,
            }
        )
        if context.hindsight:
            notes.append(
                {
                    "text": "hindsight →",
                    "x": last,
                    "xref": "x",
                    "xanchor": "left",
                    "y": 0,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {**label_font, "color": colours.ink},
                    "bgcolor": colours.paper,
                }
            )
    return shapes, notes, len(line_ends)


TOP_PX = {"title": 46, "legend": 2 * LEGEND_LINE_PX}  # title, then two lines of legend
BOTTOM_PX = 104  # ticks, the range buttons and the source line
MAX_HEIGHT = 1800


def legend_lines(names: list[str], *, width_px: float = ASSUMED_PLOT_PX) -> int:
    """How many lines a horizontal legend of names takes in a plot width_px wide."""
    lines, used = 1, 0.0
    for name in names:
        item = 44 + LEGEND_PX_PER_CHAR * len(name)
        if used and used + item > width_px:
            lines, used = lines + 1, 0.0
        used += item
    return lines


def _top_rows(label_lines: int) -> float:
    """Rows kept free above the first lane for the era labels."""
    return 0.5 + (label_lines * ERA_LINE_PX + 4) / ROW_PX


def figure_height(
    lanes: pd.DataFrame,
    *,
    titled: bool = True,
    label_lines: int = 0,
    legend_px: int = TOP_PX["legend"],
) -> int:
    """Pixels for the lanes' rows plus the title, legend and bottom matter."""
    rows = float(lanes["bottom"].max()) + 1 if len(lanes) else 1.0
    rows += _top_rows(label_lines)
    top = legend_px + (TOP_PX["title"] if titled else 0)
    return int(min(max(top + BOTTOM_PX + ROW_PX * rows, 360), MAX_HEIGHT))


def _frame_layout(
    fig: go.Figure,
    lanes: pd.DataFrame,
    context: TimelineContext,
    colours: Surface,
    *,
    theme: str,
    title: str | None,
    source_line: str | None,
    height: int | None,
    shapes: list[dict],
    notes: list[dict],
    label_lines: int = 0,
) -> None:
    """Axes, legend, title and source line shared by the event and the count figures.

    Everything but the lanes sits at fixed pixel offsets (converted to paper units for
    this height): the legend under the title, the range buttons under the axis.
    """
    x0, x1 = (stamp.strftime("%Y-%m-%d") for stamp in context.x_range)
    bottom = float(lanes["bottom"].max()) if len(lanes) else 0.5
    entries = [trace.name for trace in fig.data if trace.showlegend]
    legend_px = legend_lines(entries) * LEGEND_LINE_PX if entries else 0
    height = height or figure_height(
        lanes, titled=bool(title), label_lines=label_lines, legend_px=legend_px
    )
    top_px = legend_px + (TOP_PX["title"] if title else 0) + 4
    plot_px = max(height - top_px - BOTTOM_PX, 60)
    if source_line:
        notes.append(_source_note(source_line, -72, colours))
    apply_theme(fig, theme)
    fig.update_layout(
        height=height,
        title=_title(title, height),
        margin={"l": 10, "r": 24, "t": top_px, "b": BOTTOM_PX, "autoexpand": True},
        barmode="overlay",
        bargap=0,
        uniformtext={"mode": "hide", "minsize": 11},
        shapes=shapes,
        annotations=notes,
        legend={
            # Under the title, above the lanes: never below the fold, whatever the height.
            "orientation": "h",
            "yref": "paper",
            "y": 1 + legend_px / plot_px,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 14, "color": colours.ink},
            "itemclick": "toggle",
        },
        xaxis={
            "type": "date",
            "range": [x0, x1],
            # Zooming out stops at the reader's period: the sidebar's filter rules the axis.
            "minallowed": x0,
            "maxallowed": x1,
            "showgrid": True,
            "gridcolor": colours.grid,
            # A thumbnail (the Overview's) gets few ticks in a format that fits them.
            **(date_ticks(height) if height and height <= SMALL_HEIGHT else {}),
            "rangeselector": {
                "buttons": [
                    {"count": 1, "label": "1 y", "step": "year", "stepmode": "backward"},
                    {"count": 5, "label": "5 y", "step": "year", "stepmode": "backward"},
                    {"count": 10, "label": "10 y", "step": "year", "stepmode": "backward"},
                    {"label": "whole period", "step": "all"},
                ],
                "x": 0,
                "xanchor": "left",
                "y": -34 / plot_px,
                "yanchor": "top",
                "bgcolor": colours.hover_bg,
                "activecolor": colours.grid,
                "bordercolor": colours.muted_ink,
                "borderwidth": 1,
                "font": {"color": colours.ink, "size": 13},
            },
        },
        yaxis={
            "range": [bottom + 0.9, -_top_rows(label_lines)],  # first lane on top
            "tickvals": lanes["centre"].tolist(),
            "ticktext": [_text(_short(label)) for label in lanes["label"]],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,  # zoom runs along time only: lanes stay put
            "automargin": True,
            "ticks": "",
        },
        hovermode="closest",
        clickmode="event+select",
        dragmode="zoom",
        uirevision=f"timeline:{x0}:{x1}",
    )


def timeline_figure(
    items: pd.DataFrame,
    lanes: pd.DataFrame,
    context: TimelineContext,
    *,
    lane_colours: Mapping[str, str],
    theme: str = "light",
    title: str | None = None,
    source_line: str | None = None,
    labels: bool = True,
    height: int | None = None,
) -> go.Figure:
    """A new timeline of items (see lane_layout) in lanes, with eras and the article's date.

    The title and source line go into the figure, so an exported PNG explains itself.
    """
    colours = surface(theme)
    fig = go.Figure()
    periods, moments = items[items["is_period"]], items[~items["is_period"]]
    for trace in [
        *_period_traces(periods, lane_colours, colours, labels=labels),
        *_moment_traces(moments, lane_colours, colours),
        *_legend(items, colours),
    ]:
        fig.add_trace(trace)
    shapes, notes, label_lines = _context_shapes(context, lanes, colours)
    _frame_layout(
        fig,
        lanes,
        context,
        colours,
        theme=theme,
        title=title,
        source_line=source_line,
        height=height,
        shapes=shapes,
        notes=notes,
        label_lines=label_lines,
    )
    return fig


# -- time bins: more events than can be drawn one by one -----------------------------------

LINE_COLOURS = tuple(
    OKABE_ITO[name]
    for name in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue")
)

_BIN_WORDS = {"week": "week of %-d %b %Y", "month": "%B %Y", "year": "%Y"}
BINS_HEIGHT = 560
# Date ticks no more precise than the axis' spacing, never two lines, never cut short
# ("Mar 202 Apr 202" on a small chart): years, then months, then days.
DATE_TICK_FORMATS = [
    {"dtickrange": [None, "M1"], "value": "%-d %b %Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]
SMALL_HEIGHT = 400  # at or under this height a chart is a thumbnail: fewer ticks
SMALL_NTICKS = 5


def date_ticks(height: int | None) -> dict:
    """The x axis' tick settings: formats by spacing, and few ticks on a small chart."""
    ticks: dict = {"tickformatstops": DATE_TICK_FORMATS}
    if height is not None and height <= SMALL_HEIGHT:
        ticks["nticks"] = SMALL_NTICKS
    return ticks


def _bin_text(stamps: pd.Series | pd.DatetimeIndex, unit: str) -> np.ndarray:
    return np.asarray(pd.DatetimeIndex(stamps).strftime(_BIN_WORDS[unit]), dtype=object)


def _widths(frame: pd.DataFrame) -> np.ndarray:
    return _ms(pd.Series(frame["end"].to_numpy() - frame["bin"].to_numpy()))


def timeline_bins_figure(
    totals: pd.DataFrame,
    by_lane: pd.DataFrame,
    vague: pd.DataFrame,
    context: TimelineContext,
    *,
    unit: str,
    lane_labels: Mapping[str, str],
    lane_colours: Mapping[str, str] | None = None,
    theme: str = "light",
    title: str | None = None,
    source_line: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """Events per time bin: grey bars for all of them, a step line per lane (an event
    counts in each lane it runs in), a line across each month or year for the events
    known only that precisely, and deaths per bin underneath where figures exist.

    A few hundred bars and lines, however many events: tens of kilobytes.
    """
    colours = surface(theme)
    lane_colours = dict(lane_colours or {})
    small = height is not None and height <= SMALL_HEIGHT
    # A thumbnail has no room for a deaths panel (its page has one) nor for a legend.
    deaths = bool(totals["deaths"].notna().any()) if len(totals) and not small else False
    traces: list[dict] = []
    when = _bin_text(totals["bin"], unit) if len(totals) else np.array([], dtype=object)
    starts = _iso(pd.Series(totals["bin"]))
    traces.append(
        dict(
            type="bar",
            x=starts,
            y=totals["events"].to_numpy(),
            width=_widths(totals),
            offset=0,
            marker={"color": colours.grid, "line": {"width": 0}},
            name=f"All events, per {unit}",
            customdata=when,
            hovertemplate="%{customdata}: %{y:,} events<extra></extra>",
        )
    )
    ends = _iso(pd.Series(totals["end"].iloc[-1:])) if len(totals) else []
    lane_of, lane_bins = by_lane["lane"].to_numpy(), by_lane["bin"].to_numpy()
    bins = totals["bin"].to_numpy()
    for number, (lane, label) in enumerate(lane_labels.items()):
        # As arrays: each lane's rows of a frame picked by a mask took a millisecond.
        in_lane = lane_of == lane
        counts = by_lane["events"].to_numpy()[in_lane]
        on = lane_bins[in_lane]
        x = starts if np.array_equal(on, bins) else _iso(on)  # every lane has every bin
        colour = lane_colours.get(lane) or LINE_COLOURS[number % len(LINE_COLOURS)]
        other = lane == "_other"
        traces.append(
            dict(
                type="scatter",
                x=[*x, *ends],
                y=[*counts, *counts[-1:]],
                mode="lines",
                line={
                    "shape": "hv",
                    "width": 2,
                    "color": colours.muted_ink if other else colour,
                    "dash": "dot" if other else "solid",
                },
                name=_text(_short(label)),
                customdata=[*when, *when[-1:]],
                hovertemplate=f"{_text(label)}, %{{customdata}}: %{{y:,}} events<extra></extra>",
            )
        )
    for precision, part in vague.groupby("precision", sort=False):
        xs: list = []
        ys: list = []
        words: list = []
        for first, last, count, text in zip(
            _iso(part["bin"]), _iso(part["end"]), part["events"], _bin_text(part["bin"], precision),
            strict=True,
        ):  # fmt: skip
            xs += [first, last, None]
            ys += [count, count, None]
            words += [text, text, None]
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="lines",
                line={"color": colours.ink, "width": 2, "dash": "dash"},
                name=f"Known only to the {precision}: per {precision}",
                customdata=words,
                hovertemplate=(
                    f"%{{customdata}}: %{{y:,}} events known only to the {precision}<extra></extra>"
                ),
            )
        )
    if deaths:
        traces.append(
            dict(
                type="bar",
                x=starts,
                y=totals["deaths"].to_numpy(),
                width=_widths(totals),
                offset=0,
                marker={"color": colours.muted_ink, "line": {"width": 0}},  # no lane colour
                name=f"Deaths, per {unit} (where figures exist)",
                customdata=np.column_stack([when, totals["with_deaths"].to_numpy()]),
                hovertemplate=(
                    "%{customdata[0]}: %{y:,.0f} deaths in %{customdata[1]:,} events with a "
                    "figure<extra></extra>"
                ),
                yaxis="y2",
            )
        )
    shapes, notes, label_lines = _context_shapes(context, pd.DataFrame(columns=["top"]), colours)
    entries = [trace["name"] for trace in traces]
    legend_px = 0 if small else legend_lines(entries) * LEGEND_LINE_PX
    height = height or BINS_HEIGHT + legend_px
    top_px = legend_px + (TOP_PX["title"] if title else 0) + 4 + label_lines * ERA_LINE_PX
    bottom_px = 72 if source_line else 40
    plot_px = max(height - top_px - bottom_px, 60)
    if source_line:
        notes.append(_source_note(source_line, -40, colours))
    x0, x1 = (stamp.strftime("%Y-%m-%d") for stamp in context.x_range)
    xaxis = {
        "type": "date",
        "range": [x0, x1],
        "minallowed": x0,
        "maxallowed": x1,
        "showgrid": True,
        "gridcolor": colours.grid,
        **date_ticks(height),
    }
    fixed = {"rangemode": "tozero", "fixedrange": True, "gridcolor": colours.grid}
    layout = dict(
        height=height,
        title=_title(title, height),
        margin={"l": 10, "r": 24, "t": top_px, "b": bottom_px, "autoexpand": True},
        barmode="overlay",
        bargap=0,
        shapes=shapes,
        annotations=notes,
        showlegend=not small,
        legend={
            "orientation": "h",
            "yref": "paper",
            "y": 1 + (legend_px + label_lines * ERA_LINE_PX) / plot_px,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 14, "color": colours.ink},
        },
        hovermode="closest",
        dragmode="zoom",
        uirevision=f"timeline-bins:{x0}:{x1}:{unit}",
        xaxis=xaxis,
        # Deaths, when there are figures, in a lower panel on the same time axis.
        yaxis={
            "title": {"text": f"per {unit}" if small else f"events per {unit}"},
            "domain": [0.36, 1] if deaths else [0, 1],
            **fixed,
        },
        yaxis2={"title": {"text": "deaths"}, "domain": [0, 0.26], "anchor": "x", **fixed}
        if deaths
        else None,
    )
    return themed_figure(traces, layout, theme)
