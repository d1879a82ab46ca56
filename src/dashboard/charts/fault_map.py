"""The fault-lines map: admin-1 regions by majority group, the lines between them, control
areas and markers, on plotly's geo subplot (works offline with the local topojson)."""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.analysis.geo import share_range_text
from dashboard.charts.palette import (
    CHART_TEMPLATE,
    GROUP_COLOURS,
    UNKNOWN_COLOUR,
    actor_colour,
    group_colour,
    group_label,
)

UNKNOWN_LABEL = "Not sourced"
FAULT_LINE_COLOUR = "#000000"
BASE_FILL = "#EEEEEE"
BASE_LINE = "#B5B5B5"
# Solid for held ground, broken for partial, dotted for contested: readable in greyscale.
# Never solid: a solid black line is a fault line, and ISIL's colour is black.
EXTENT_DASH = {"full": "longdash", "partial": "dash", "contested": "dot"}
EXTENT_SYMBOL = {"full": "square", "partial": "square-open", "contested": "diamond-open"}
LEGEND_FONT_SIZE = 18  # projector-readable
LABELLED_PLACE_KINDS = ("city", "site")


def _feature_collection(frame: gpd.GeoDataFrame, id_column: str) -> dict:
    """A bare GeoJSON FeatureCollection keyed by id_column, without properties (small JSON)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": str(key),
                "properties": {},
                "geometry": geom.__geo_interface__,
            }
            for key, geom in zip(frame[id_column], frame.geometry, strict=True)
        ],
    }


def _text(value) -> str:
    """A cell as plotly text: empty for NA, and escaped, because plotly reads tags in text
    (a name like "<b>x</b>" or worse must show as typed, not as markup)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=False)


def _share_text(low, high) -> str:
    """A share range as percent text ("60–80%"), or say it is not sourced."""
    return share_range_text(low, high) or "share not sourced"


def _group_order(groups: Iterable) -> list:
    """Groups in palette order (so the legend never reshuffles), unknown last."""
    present = set(groups)
    ordered = [g for g in GROUP_COLOURS if g in present]
    others = sorted(g for g in present if g not in GROUP_COLOURS and g is not None)
    return ordered + others + ([None] if None in present else [])


def _region_traces(
    regions: gpd.GeoDataFrame, group_column: str, highlight: Collection[str] = ()
) -> list[go.Choropleth]:
    """One choropleth per group, each carrying only its own features.

    With highlight, the other groups fade (still on the map, so the fault lines keep
    their context): the sidebar's sect filter, shown geographically.
    """
    frame = regions
    known = frame[group_column].notna()
    groups = list(frame.loc[known, group_column].unique()) + ([None] if (~known).any() else [])
    traces = []
    for group in _group_order(groups):
        part = frame[~known] if group is None else frame[frame[group_column] == group]
        colour = UNKNOWN_COLOUR if group is None else group_colour(group)
        label = UNKNOWN_LABEL if group is None else group_label(group)
        customdata = np.column_stack(
            [
                part["adm1_code"].astype(str),
                part.get("name", part["adm1_code"]).map(_text),
                part.get("iso3", pd.Series("", index=part.index)).map(_text),
                [label] * len(part),
                [
                    _share_text(lo, hi)
                    for lo, hi in zip(
                        part.get("majority_share_low", pd.Series(np.nan, index=part.index)),
                        part.get("majority_share_high", pd.Series(np.nan, index=part.index)),
                        strict=True,
                    )
                ],
                part.get("note", pd.Series("", index=part.index)).map(_text),
            ]
        )
        traces.append(
            go.Choropleth(
                geojson=_feature_collection(part, "adm1_code"),
                locations=part["adm1_code"].astype(str),
                z=np.zeros(len(part)),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker={"line": {"color": "white", "width": 0.6}},
                # A click selects one item; the map around it must not fade out.
                unselected={"marker": {"opacity": 1}},
                marker_opacity=0.25 if highlight and group not in highlight else 1.0,
                name=label,
                legendgroup=f"group:{group}",
                showlegend=True,
                customdata=customdata,
                hovertemplate=(
                    "<b>%{customdata[1]}</b> (%{customdata[2]})<br>"
                    "Majority: %{customdata[3]}, %{customdata[4]}<br>"
                    "%{customdata[5]}<extra></extra>"
                ),
            )
        )
    return traces


def _base_trace(countries: gpd.GeoDataFrame, skip_iso3: set[str]) -> go.Choropleth | None:
    """The quiet grey country layer, without the countries already drawn by region."""
    base = countries[~countries["iso3"].isin(skip_iso3)]
    if base.empty:
        return None
    return go.Choropleth(
        geojson=_feature_collection(base, "iso3"),
        locations=base["iso3"].astype(str),
        z=np.zeros(len(base)),
        colorscale=[[0, BASE_FILL], [1, BASE_FILL]],
        showscale=False,
        marker={"line": {"color": BASE_LINE, "width": 0.8}},
        name="Other countries",
        showlegend=False,
        customdata=base["iso3"].astype(str),
        text=base["name"].map(_text),
        hovertemplate="%{text}<extra></extra>",
    )


def _line_coordinates(geoms: Iterable, labels: Iterable[str]) -> tuple[list, list, list]:
    """Lon/lat/text lists of many lines, None-separated, so one trace draws them all."""
    lons: list = []
    lats: list = []
    texts: list = []
    for geom, label in zip(geoms, labels, strict=True):
        for line in shapely.get_parts(geom):
            coords = np.asarray(line.coords)
            lons.extend([*coords[:, 0].tolist(), None])
            lats.extend([*coords[:, 1].tolist(), None])
            texts.extend([label] * len(coords) + [None])
    return lons, lats, texts


def _fault_line_trace(fault_lines: gpd.GeoDataFrame) -> go.Scattergeo:
    """All fault lines as one black line trace."""
    labels = [
        f"{group_label(a)} | {group_label(b)}"
        for a, b in zip(fault_lines["left_group"], fault_lines["right_group"], strict=True)
    ]
    lons, lats, texts = _line_coordinates(fault_lines.geometry, labels)
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        text=texts,
        mode="lines",
        line={"color": FAULT_LINE_COLOUR, "width": 3},
        name="Fault line",
        hovertemplate="Fault line: %{text}<extra></extra>",
    )


def _holders(areas: pd.DataFrame) -> pd.Series:
    """Who holds each area, by name when the caller gave names (controller_name)."""
    return areas["controller_name"] if "controller_name" in areas else areas["controller"]


def _control_traces(control: gpd.GeoDataFrame) -> list[go.Scattergeo]:
    """Control areas: outlined regions (dash by extent) and square markers for places."""
    traces: list[go.Scattergeo] = []
    located = control[control.geometry.notna()]
    regions = located[located.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    regions = regions[regions["shape_kind"] == "region"] if "shape_kind" in regions else regions
    for (controller, extent), part in regions.groupby(["controller", "extent"], sort=True):
        colour = actor_colour(str(controller))
        outlines = [shapely.boundary(g) for g in part.geometry]
        labels = [
            f"{_text(n)}: held by {_text(h)} ({extent}) from {_text(s)}"
            for n, h, s in zip(part["name"], _holders(part), part["start"], strict=True)
        ]
        lons, lats, texts = _line_coordinates(outlines, labels)
        traces.append(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                text=texts,
                mode="lines",
                line={"color": colour, "width": 3, "dash": EXTENT_DASH.get(extent, "dot")},
                # The legend stays short for a projector; the hover names the holder.
                name=f"Militant control: {extent}",
                legendgroup="control",
                hovertemplate="%{text}<extra></extra>",
            )
        )
    # Places; a place without coordinates falls back to a point inside its region.
    places = located[~located.index.isin(regions.index)]
    if not places.empty:
        points = [
            g if g.geom_type == "Point" else g.representative_point() for g in places.geometry
        ]
        extents = places["extent"].map(_text)
        traces.append(
            go.Scattergeo(
                lon=[p.x for p in points],
                lat=[p.y for p in points],
                mode="markers",
                marker={
                    "size": 16,
                    "symbol": [EXTENT_SYMBOL.get(e, "diamond-open") for e in extents],
                    "color": [actor_colour(str(c)) for c in places["controller"]],
                    # White rim: the controller's colour (black for ISIL) stays visible on
                    # any region fill.
                    "line": {"width": 2, "color": "white"},
                },
                name="Held places",
                legendgroup="control",
                customdata=places["area_id"].astype(str),
                text=[
                    f"{_text(n)}: held by {_text(h)} ({e}) {_text(s)}–{_text(end) or 'on'}"
                    for n, h, e, s, end in zip(
                        places["name"],
                        _holders(places),
                        extents,
                        places["start"],
                        places["end"],
                        strict=True,
                    )
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return traces


def _label_positions(markers: pd.DataFrame, *, near_degrees: float = 0.7) -> list[str]:
    """Label above each marker, below it when a marker to its west already has one close by.

    Fallujah, Ramadi and Baghdad sit within a degree of each other: alternating keeps
    their names apart without a label-placement engine.
    """
    order = markers.sort_values("lon").index
    positions = pd.Series("top center", index=markers.index)
    lon, lat = markers["lon"].astype(float), markers["lat"].astype(float)
    for i, here in enumerate(order):
        crowded = [
            there
            for there in order[:i]
            if abs(lon[here] - lon[there]) < near_degrees
            and abs(lat[here] - lat[there]) < near_degrees
        ]
        if crowded and positions[crowded[-1]] == "top center":
            positions[here] = "bottom center"
    return positions.tolist()


def _marker_trace(markers: pd.DataFrame, *, labels: bool = True) -> go.Scattergeo:
    """Places/events as markers; customdata holds the record id for click lookup.

    Only towns and sites get a printed label: a label for a whole country or province at
    its centroid would crowd the cities the article is about. Every marker has a hover.
    """
    blank = pd.Series("", index=markers.index)
    name = markers["name"].map(_text)
    date = markers["date"].map(_text) if "date" in markers else blank
    kind = markers["type"].map(_text) if "type" in markers else blank
    events = markers["events"].map(_text) if "events" in markers else blank
    labelled = (
        markers["place_kind"].isin(LABELLED_PLACE_KINDS)
        if "place_kind" in markers
        else pd.Series(True, index=markers.index)
    ) & labels
    return go.Scattergeo(
        lon=markers["lon"].astype(float),
        lat=markers["lat"].astype(float),
        mode="markers+text",
        text=name.where(labelled, ""),
        textposition=_label_positions(markers),
        # A white halo keeps labels legible over any fill colour.
        textfont={"size": 15, "color": "#111111", "shadow": "1px 1px 2px white"},
        marker={"size": 10, "color": "#222222", "line": {"width": 1.5, "color": "white"}},
        unselected={"marker": {"opacity": 0.5}},
        name="Places and events",
        customdata=np.column_stack([markers["id"].astype(str), date, kind, name, events]),
        hovertemplate=(
            "<b>%{customdata[3]}</b><br>%{customdata[1]} %{customdata[2]}"
            "<br>%{customdata[4]}<extra></extra>"
        ),
    )


def _view_bounds(
    regions: gpd.GeoDataFrame, countries: gpd.GeoDataFrame | None, focus_iso3: str | None
) -> tuple[float, float, float, float]:
    """Lon/lat bounds to show: the focus country, else every coloured region; padded."""
    frame = regions
    if focus_iso3:
        frame = regions[regions["iso3"] == focus_iso3]
        if frame.empty and countries is not None:
            frame = countries[countries["iso3"] == focus_iso3]
        if frame.empty:
            frame = regions
    minx, miny, maxx, maxy = frame.total_bounds
    pad_x, pad_y = max((maxx - minx) * 0.06, 0.5), max((maxy - miny) * 0.06, 0.5)
    return minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y


def fault_line_map(
    regions: gpd.GeoDataFrame,
    *,
    countries: gpd.GeoDataFrame | None = None,
    fault_lines: gpd.GeoDataFrame | None = None,
    control_areas: gpd.GeoDataFrame | None = None,
    markers: pd.DataFrame | None = None,
    group_column: str = "majority",
    focus_iso3: str | None = None,
    show_regions: bool = True,
    highlight_groups: Collection[str] = (),
    show_base: bool = True,
    show_fault_lines: bool = True,
    show_control: bool = True,
    show_markers: bool = True,
    show_labels: bool = True,
    title: str | None = None,
    height: int = 680,
) -> go.Figure:
    """A new map figure of regions by majority group, fault lines, control areas and markers."""
    fig = go.Figure()
    drawn_iso = set(regions["iso3"]) if "iso3" in regions else set()
    if show_base and countries is not None:
        base = _base_trace(countries, drawn_iso if show_regions else set())
        if base is not None:
            fig.add_trace(base)
    if show_regions:
        for trace in _region_traces(regions, group_column, highlight_groups):
            fig.add_trace(trace)
    if show_fault_lines and fault_lines is not None and len(fault_lines):
        fig.add_trace(_fault_line_trace(fault_lines))
    if show_control and control_areas is not None and len(control_areas):
        for trace in _control_traces(control_areas):
            fig.add_trace(trace)
    if show_markers and markers is not None and len(markers):
        fig.add_trace(_marker_trace(markers, labels=show_labels))

    minx, miny, maxx, maxy = _view_bounds(regions, countries, focus_iso3)
    fig.update_geos(
        # Mercator: the familiar shape of the region on analysts' wall maps; distortion is
        # small between 12 and 42 degrees north.
        projection_type="mercator",
        resolution=50,
        lonaxis_range=[minx, maxx],
        lataxis_range=[miny, maxy],
        center={"lon": (minx + maxx) / 2, "lat": (miny + maxy) / 2},
        showland=True,
        landcolor="#F7F7F7",
        showocean=True,
        oceancolor="#E6EEF5",
        showlakes=True,
        lakecolor="#E6EEF5",
        showcountries=True,
        countrycolor=BASE_LINE,
        showcoastlines=True,
        coastlinecolor=BASE_LINE,
        showframe=False,
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        template=CHART_TEMPLATE,
        height=height,
        title=title,
        margin={"l": 0, "r": 0, "t": 50 if title else 10, "b": 0},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.01,
            "xanchor": "left",
            "x": 0,
            "font": {"size": LEGEND_FONT_SIZE},
            "itemsizing": "constant",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        hoverlabel={"bgcolor": "white"},
        clickmode="event+select",
        # Keeps the reader's pan and zoom across reruns, until they pick another focus.
        uirevision=f"fault_line_map:{focus_iso3 or 'all'}",
    )
    return fig
