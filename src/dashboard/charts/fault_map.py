"""The fault-lines map: admin-1 regions by majority group, the lines between them, control
areas and markers, on plotly's geo subplot (works offline with the local topojson)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go
import shapely

from dashboard.analysis.geography import Bounds
from dashboard.analysis.labels import (
    NARROWEST_PLOT_PX,
    Box,
    map_frame,
    marker_box,
    place_labels,
    placed_boxes,
    screen_points,
)
from dashboard.analysis.makeup import share_range_text
from dashboard.charts.palette import (
    ETHNIC_COLOURS,
    GROUP_COLOURS,
    MARKER_RIM,
    OKABE_ITO,
    Surface,
    actor_colour,
    group_colour,
    group_label,
    surface,
    themed_figure,
)
from dashboard.charts.text import plotly_text as _text
from dashboard.model.load import derived_memo

UNKNOWN_LABEL = "Not sourced"


def majority_words(group: str | None, branch=None) -> str:
    """A group in words, with its Shia branch where one is recorded: 'Shia (Zaydi)'."""
    label = UNKNOWN_LABEL if group is None else group_label(group)
    if group == "shia" and isinstance(branch, str) and branch.strip():
        return f"{label} ({branch.strip().capitalize()})"
    return label


# Solid for held ground, broken for partial, dotted for contested: readable in greyscale.
# Never solid: a solid black line is a fault line, and ISIL's colour is black.
EXTENT_DASH = {"full": "longdash", "partial": "dash", "contested": "dot"}
EXTENT_SYMBOL = {"full": "square", "partial": "square-open", "contested": "diamond-open"}
LEGEND_FONT_SIZE = 14  # readable on a projector, compact enough to sit on the map
LABEL_FONT_PX = 15
COUNTRY_FONT_PX = 12
MARKER_PX = 10
HELD_MARKER_PX = 16
TITLE_MARGIN, SUBTITLE_MARGIN, PLAIN_MARGIN = 44, 22, 6
LABELLED_PLACE_KINDS = ("city", "site")
APPROXIMATE_MARKER_PX = 18
# Sequential and readable with colour-blindness (lightness rises with the count); counts
# are shaded on a log scale, as a few cities hold most events. Spelled out, not named: the
# figure is made unchecked (themed_figure), and plotly.js's own "YlOrRd" runs the other way.
COUNT_COLOURSCALE = plotly.colors.make_colorscale(plotly.colors.sequential.YlOrRd)
COUNT_BUBBLE_PX = (8, 42)


@dataclass(frozen=True)
class MapLayers:
    """What one map draws. A layer left as None (or empty) is not drawn."""

    regions: gpd.GeoDataFrame | None = None  # admin-1 regions with their make-up
    countries: gpd.GeoDataFrame | None = None  # the quiet base layer and national borders
    fault_lines: gpd.GeoDataFrame | None = None
    control_areas: gpd.GeoDataFrame | None = None  # shapes held on the chosen date
    markers: pd.DataFrame | None = None  # places, with their events
    highlight_groups: Collection[str] = ()  # other groups fade (the sidebar's sect filter)
    labels: bool = True  # print town names beside their markers
    outlined: gpd.GeoDataFrame | None = None  # regions the reader picked, drawn outlined
    # Past a threshold of events: counts per admin-1 region (COUNT_COLUMNS, with lon/lat
    # of a point inside the region; shaded regions also carry their geometry), and per
    # country for events located no closer than their country.
    region_counts: pd.DataFrame | None = None
    country_counts: pd.DataFrame | None = None
    count_style: str = "shade"  # "shade" the regions by count, or "bubbles" at their centre


def _present(frame: pd.DataFrame | None) -> bool:
    return frame is not None and len(frame) > 0


def shades_counts(layers: MapLayers) -> bool:
    """Whether the map shades its regions by count (so their make-up is not drawn)."""
    return layers.count_style == "shade" and _present(layers.region_counts)


# About 100 m at these latitudes: below a pixel at any zoom the map offers, and it keeps
# the payload of a rerun under 600 KB.
COORDINATE_DECIMALS = 3
# Below this width a map is a thumbnail (the Overview's are about 400 px wide).
SMALL_PLOT_PX = 500


def _at_screen_detail(
    regions: gpd.GeoDataFrame | None, bounds: Bounds, plot_width_px: float = NARROWEST_PLOT_PX
):
    """The regions simplified to half a pixel of the frame (a third of the whole-region
    payload), as a coverage, so neighbours still share their edges exactly."""
    if not _present(regions):
        return regions
    half_pixel = (bounds[2] - bounds[0]) / plot_width_px / 2
    simple = shapely.coverage_simplify(regions.geometry.to_numpy(), half_pixel)
    # Exterior rings clockwise, as plotly's d3 reads them: coverage_simplify turns a few
    # small regions (Damascus, Sharjah, Kilis...) the other way, and d3 then fills the
    # whole globe but that region with its colour, hiding every region drawn before it.
    return regions.set_geometry(shapely.orient_polygons(simple, exterior_cw=True))


def _rings(polygon: shapely.Polygon) -> list[np.ndarray]:
    """A polygon's rings as (n, 2) arrays, exterior first."""
    rings = [polygon.exterior, *polygon.interiors]
    return [np.round(shapely.get_coordinates(ring), COORDINATE_DECIMALS) for ring in rings]


def _geometry_dict(geom: shapely.Geometry) -> dict:
    """A (multi)polygon as a GeoJSON geometry whose rings are numpy arrays."""
    polygons = [_rings(part) for part in shapely.get_parts(geom)]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _feature_collection(frame: gpd.GeoDataFrame, id_column: str) -> dict:
    """A bare GeoJSON FeatureCollection keyed by id_column, without properties (small JSON).

    Not GeoDataFrame.to_geo_dict: its nested tuples of floats are walked one number at a
    time by plotly on every rerun (about 0.2 s for the region), while numpy rings go
    through its JSON encoder whole.
    """
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": str(key), "properties": {}, "geometry": _geometry_dict(geom)}
            for key, geom in zip(frame[id_column], frame.geometry, strict=True)
        ],
    }


def _share_text(low, high) -> str:
    """A share range as percent text ("60–80%"), or say it is not sourced."""
    return share_range_text(low, high) or "share not sourced"


def _group_order(groups: Iterable) -> list:
    """Groups in palette order (so the legend never reshuffles), unknown last."""
    present = set(groups)
    ordered = [g for g in (*GROUP_COLOURS, *ETHNIC_COLOURS) if g in present]
    known = {*GROUP_COLOURS, *ETHNIC_COLOURS}
    others = sorted(g for g in present if g not in known and g is not None)
    return ordered + others + ([None] if None in present else [])


def _region_traces(
    regions: gpd.GeoDataFrame,
    group_column: str,
    highlight: Collection[str],
    colours: Surface,
    bounds: Bounds,
) -> list[dict]:
    """One choropleth per group, each carrying only its own features.

    Only regions near the frame are drawn (a zoomed map stays small), and only groups
    inside the frame are listed in the legend. With highlight, the other groups fade
    (still on the map, so the fault lines keep their context): the sidebar's sect filter.
    """
    minx, miny, maxx, maxy = bounds
    width, height = maxx - minx, maxy - miny
    near = shapely.box(minx - width / 2, miny - height / 2, maxx + width / 2, maxy + height / 2)
    frame = regions[regions.intersects(near)]
    in_view = set(frame.loc[frame.intersects(shapely.box(*bounds)), group_column].fillna("?"))
    known = frame[group_column].notna()
    groups = list(frame.loc[known, group_column].unique()) + ([None] if (~known).any() else [])
    traces = []
    for group in _group_order(groups):
        part = frame[~known] if group is None else frame[frame[group_column] == group]
        colour = colours.no_data if group is None else group_colour(group)
        label = UNKNOWN_LABEL if group is None else group_label(group)
        customdata = np.column_stack(
            [
                part["adm1_code"].astype(str),
                part.get("name", part["adm1_code"]).map(_text),
                part.get("iso3", pd.Series("", index=part.index)).map(_text),
                [
                    majority_words(group, branch)
                    for branch in part.get("shia_branch", pd.Series(None, index=part.index))
                ],
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
            dict(
                type="choropleth",
                geojson=_feature_collection(part, "adm1_code"),
                locations=part["adm1_code"].astype(str),
                z=np.zeros(len(part)),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                # Unsourced regions are paper-coloured: an ink outline keeps them (and
                # their legend swatch) visible.
                marker={
                    "line": {
                        "color": colours.muted_ink if group is None else colours.region_line,
                        "width": 0.6,
                    }
                },
                # A click selects one item; the map around it must not fade out.
                unselected={"marker": {"opacity": 1}},
                marker_opacity=0.25 if highlight and group not in highlight else 1.0,
                name=label,
                legendgroup=f"group:{group}",
                showlegend=("?" if group is None else group) in in_view,
                customdata=customdata,
                hovertemplate=(
                    "<b>%{customdata[1]}</b> (%{customdata[2]})<br>"
                    "Majority: %{customdata[3]}, %{customdata[4]}<br>"
                    "%{customdata[5]}<extra></extra>"
                ),
            )
        )
    return traces


def _base_trace(countries: gpd.GeoDataFrame, skip_iso3: set[str], colours: Surface) -> dict | None:
    """The quiet grey country layer, without the countries already drawn by region."""
    base = countries[~countries["iso3"].isin(skip_iso3)]
    if base.empty:
        return None
    # Context only, never zoomed into: simplified within about 2 km.
    base = base.set_geometry(shapely.simplify(base.geometry.to_numpy(), 0.02))
    return dict(
        type="choropleth",
        geojson=_feature_collection(base, "iso3"),
        locations=base["iso3"].astype(str),
        z=np.zeros(len(base)),
        colorscale=[[0, colours.base_fill], [1, colours.base_fill]],
        showscale=False,
        marker={"line": {"color": colours.base_line, "width": 0.8}},
        name="Other countries",
        showlegend=False,
        customdata=base["iso3"].astype(str),
        text=base["name"].map(_text),
        hovertemplate="%{text}<extra></extra>",
    )


def _line_coordinates(geoms: Iterable, labels: Iterable[str]) -> tuple[np.ndarray, ...]:
    """Lon/lat/text arrays of many lines, gap-separated (NaN), so one trace draws them all."""
    lons, lats, texts = [], [], []
    gap = np.array([np.nan])
    for geom, label in zip(geoms, labels, strict=True):
        for line in shapely.get_parts(geom):
            coords = np.round(shapely.get_coordinates(line), COORDINATE_DECIMALS)
            lons += [coords[:, 0], gap]
            lats += [coords[:, 1], gap]
            texts += [np.full(len(coords) + 1, label, dtype=object)]
    if not lons:
        return np.array([]), np.array([]), np.array([], dtype=object)
    return np.concatenate(lons), np.concatenate(lats), np.concatenate(texts)


def _country_border_trace(countries: gpd.GeoDataFrame, colours: Surface) -> dict:
    """National borders above the regions: neighbours that share a colour stay two countries."""
    # Simplified within about 1 km: invisible at these scales, a third of the payload.
    outlines = shapely.simplify(shapely.boundary(countries.geometry.to_numpy()), 0.01)
    lons, lats, _ = _line_coordinates(outlines, [""] * len(countries))
    return dict(
        type="scattergeo",
        lon=lons,
        lat=lats,
        mode="lines",
        line={"color": colours.country_line, "width": 1.2},
        name="National border",
        hoverinfo="skip",
        showlegend=False,
    )


def _fault_line_trace(fault_lines: gpd.GeoDataFrame, colours: Surface) -> dict:
    """All fault lines as one line trace, in the theme's ink (black on light, white on dark)."""
    labels = [
        f"{group_label(a)} | {group_label(b)}"
        for a, b in zip(fault_lines["left_group"], fault_lines["right_group"], strict=True)
    ]
    lons, lats, texts = _line_coordinates(fault_lines.geometry, labels)
    return dict(
        type="scattergeo",
        lon=lons,
        lat=lats,
        text=texts,
        mode="lines",
        line={"color": colours.ink, "width": 3},
        name="Fault line",
        hovertemplate="Fault line: %{text}<extra></extra>",
    )


def _wash(colour: str, alpha: float = 0.22) -> str:
    """A hex colour as a translucent rgba fill."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _source_text(title) -> str:
    """' · source: T' for a hover, or nothing when no source is named."""
    return f" · source: {_text(title)}" if isinstance(title, str) and title else ""


def _holders(areas: pd.DataFrame) -> pd.Series:
    """Who holds each area, by name when the caller gave names (controller_name)."""
    return areas["controller_name"] if "controller_name" in areas else areas["controller"]


def _control_traces(control: gpd.GeoDataFrame) -> list[dict]:
    """Control areas: outlined regions (dash by extent) and square markers for places."""
    traces: list[dict] = []
    located = control[control.geometry.notna()]
    regions = located[located.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    regions = regions[regions["shape_kind"] == "region"] if "shape_kind" in regions else regions
    for (controller, extent), part in regions.groupby(["controller", "extent"], sort=True):
        colour = actor_colour(str(controller))
        outlines = [shapely.boundary(g) for g in part.geometry]
        labels = [
            f"{_text(n)}: held by {_text(h)} ({extent}) from {_text(s)}{_source_text(src)}"
            for n, h, s, src in zip(
                part["name"],
                _holders(part),
                part["start"],
                part.get("source_title", pd.Series("", index=part.index)),
                strict=True,
            )
        ]
        lons, lats, texts = _line_coordinates(outlines, labels)
        traces.append(
            dict(
                type="scattergeo",
                lon=lons,
                lat=lats,
                text=texts,
                mode="lines",
                # A held region is an area: a light wash of the holder's colour under the
                # dashed outline (never solid: a solid line is a fault line).
                fill="toself",
                fillcolor=_wash(colour),
                line={"color": colour, "width": 3, "dash": EXTENT_DASH.get(extent, "dot")},
                # The legend stays short for a projector; the hover names the holder.
                name=f"Militant control: {extent}",
                legendgroup="control",
                hovertemplate="%{text}<extra></extra>",
            )
        )
    # Places; a place without coordinates falls back to a point inside its region.
    held_points = _held_points(control)
    places = control.loc[held_points.index]
    if not places.empty:
        points = list(held_points)
        extents = places["extent"].map(_text)
        traces.append(
            dict(
                type="scattergeo",
                lon=[p.x for p in points],
                lat=[p.y for p in points],
                mode="markers",
                marker={
                    "size": 16,
                    "symbol": [EXTENT_SYMBOL.get(e, "diamond-open") for e in extents],
                    "color": [actor_colour(str(c)) for c in places["controller"]],
                    "line": {"width": 2, "color": MARKER_RIM},
                },
                name="Held places",
                legendgroup="control",
                customdata=places["area_id"].astype(str),
                text=[
                    f"{_text(n)}: held by {_text(h)} ({e}) {_text(s)}–{_text(end) or 'on'}"
                    f"{_source_text(src)}"
                    for n, h, e, s, end, src in zip(
                        places["name"],
                        _holders(places),
                        extents,
                        places["start"],
                        places["end"],
                        places.get("source_title", pd.Series("", index=places.index)),
                        strict=True,
                    )
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return traces


def _top_margin(title: str | None, subtitle: str | None) -> int:
    """Room above the map for its title and subtitle."""
    if not title:
        return PLAIN_MARGIN
    return TITLE_MARGIN + (SUBTITLE_MARGIN if subtitle else 0)


def _plot_height(height: int, title: str | None, subtitle: str | None) -> float:
    """The geo subplot's height in pixels: the figure less its top margin."""
    return height - _top_margin(title, subtitle)


def _held_points(control: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Where the held-place markers go: a place's point, or a point inside its region."""
    located = control[control.geometry.notna()]
    if "shape_kind" in located:
        located = located[located["shape_kind"] != "region"]
    else:
        located = located[~located.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    return located.geometry.map(lambda g: g if g.geom_type == "Point" else g.representative_point())


def _held_place_boxes(
    control: gpd.GeoDataFrame | None, bounds: Bounds, plot_height: float
) -> list[Box]:
    """The boxes the held-place markers take, for labels to avoid."""
    if not _present(control):
        return []
    points = _held_points(control)
    if points.empty:
        return []
    xy = screen_points(points.x, points.y, bounds, plot_height_px=plot_height)
    return [marker_box(x, y, HELD_MARKER_PX) for x, y in xy]


def _country_name_trace(
    countries: gpd.GeoDataFrame,
    markers: pd.DataFrame | None,
    bounds: Bounds,
    plot_height: float,
    colours: Surface,
) -> tuple[dict, list[Box]]:
    """Quiet country names inside the frame, none over another or over a place marker, and
    the boxes they take (place labels avoid them)."""
    anchors = shapely.point_on_surface(countries.geometry.to_numpy())
    lons, lats = shapely.get_x(anchors), shapely.get_y(anchors)
    minx, miny, maxx, maxy = bounds
    inside = (lons > minx) & (lons < maxx) & (lats > miny) & (lats < maxy)
    names = [str(n).upper() for n in countries["name"].to_numpy()[inside]]
    points = screen_points(lons[inside], lats[inside], bounds, plot_height_px=plot_height)
    marker_boxes = []
    if _present(markers):
        marker_points = screen_points(
            markers["lon"], markers["lat"], bounds, plot_height_px=plot_height
        )
        marker_boxes = [marker_box(x, y, MARKER_PX + 4) for x, y in marker_points]
    # Larger countries first: their names matter more at a glance than a micro-state's.
    area = countries.geometry.to_numpy()[inside]
    placed = place_labels(
        points,
        names,
        shapely.area(area).tolist(),
        font_px=COUNTRY_FONT_PX,
        marker_px=0,
        obstacles=marker_boxes,
        positions=("middle center",),
        frame=map_frame(bounds, plot_height_px=plot_height),
    )
    keep = np.array([p is not None for p in placed], dtype=bool)
    trace = dict(
        type="scattergeo",
        lon=lons[inside][keep],
        lat=lats[inside][keep],
        mode="text",
        text=[_text(n) for n, k in zip(names, keep, strict=True) if k],
        textfont={"size": COUNTRY_FONT_PX, "color": colours.muted_ink},
        hoverinfo="skip",
        name="Country names",
        showlegend=False,
    )
    return trace, placed_boxes(points, names, placed, font_px=COUNTRY_FONT_PX, marker_px=0)


def _marker_traces(
    markers: pd.DataFrame,
    *,
    labels: bool,
    colours: Surface,
    bounds: Bounds,
    plot_height: float,
    obstacles: list[Box],
) -> list[dict]:
    """Places as markers, names placed so that none overlaps; customdata holds the id.

    Only towns and sites get a printed name: a label for a whole country or province at
    its centroid would crowd the cities the article is about. Every marker has a hover.
    Places known only from after publication are drawn open, in a trace of their own; so
    are places located only to their province or country (an 'approximate' column, which
    imported data has): a large open ring without a printed name, never an exact point.
    """
    blank = pd.Series("", index=markers.index)
    raw_names = markers["name"].fillna("").astype(str)
    kinds = markers.get("place_kind", pd.Series("city", index=markers.index))
    approximate = markers.get("approximate", pd.Series(False, index=markers.index)).astype(bool)
    labelled = kinds.isin(LABELLED_PLACE_KINDS) & labels & ~approximate
    points = screen_points(markers["lon"], markers["lat"], bounds, plot_height_px=plot_height)
    positions = place_labels(
        points,
        raw_names.where(labelled, "").tolist(),
        # The places with most events keep their names when space runs out.
        markers.get("event_count", pd.Series(0, index=markers.index)).tolist(),
        font_px=LABEL_FONT_PX,
        marker_px=MARKER_PX,
        obstacles=obstacles,
        frame=map_frame(bounds, plot_height_px=plot_height),
    )
    precision = markers.get("precision", pd.Series("", index=markers.index)).fillna("")
    frame = markers.assign(
        _label=[_text(n) if p else "" for n, p in zip(raw_names, positions, strict=True)],
        _position=[p or "top center" for p in positions],
        _where=[
            f" · located only to its {_text(p)}" if a else ""
            for p, a in zip(precision, approximate, strict=True)
        ],
    )
    hindsight = frame.get("hindsight_only", pd.Series(False, index=frame.index)).astype(bool)
    traces = []
    for part, name, symbol, size in (
        (frame[~hindsight & ~approximate], "Places", "circle", MARKER_PX),
        (
            frame[hindsight & ~approximate],
            "Places after publication (hindsight)",
            "circle-open",
            MARKER_PX,
        ),
        (
            frame[approximate],
            "Places known only to a province or country",
            "circle-open",
            APPROXIMATE_MARKER_PX,
        ),
    ):
        if part.empty:
            continue
        part_blank = blank.loc[part.index]
        traces.append(
            dict(
                type="scattergeo",
                lon=part["lon"].astype(float),
                lat=part["lat"].astype(float),
                mode="markers+text",
                text=part["_label"],
                textposition=part["_position"],
                # A halo keeps labels legible over any fill colour.
                textfont={
                    "size": LABEL_FONT_PX,
                    "color": colours.ink,
                    "shadow": f"1px 1px 2px {colours.label_halo}",
                },
                marker={
                    "size": size,
                    "symbol": symbol,
                    "color": colours.ink,
                    "line": {"width": 1.5, "color": colours.paper},
                },
                unselected={"marker": {"opacity": 0.6}},
                name=name,
                customdata=np.column_stack(
                    [
                        part["id"].astype(str),
                        part["date"].map(_text) if "date" in part else part_blank,
                        part["type"].map(_text) if "type" in part else part_blank,
                        part["name"].map(_text) + part["_where"],
                        part["events"].map(_text) if "events" in part else part_blank,
                    ]
                ),
                hovertemplate=(
                    "<b>%{customdata[3]}</b><br>%{customdata[1]} %{customdata[2]}"
                    "<br>%{customdata[4]}<extra></extra>"
                ),
            )
        )
    return traces


def _count_range(layers: MapLayers) -> tuple[float, float]:
    """The log10 range of the counts drawn: from the quietest region to the busiest, so the
    colours spread over what is on the map (at least one decade wide)."""
    drawn = [f["events"] for f in (layers.region_counts, layers.country_counts) if _present(f)]
    values = pd.concat(drawn).to_numpy(dtype=float)
    high = float(np.log10(max(values.max(), 1)))
    low = float(np.log10(max(values.min(), 1)))
    return (min(low, max(high - 1, 0)), max(high, 1.0))


def _log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Colour-bar ticks of a log10 count scale: its ends, and the powers of ten between
    them that do not crowd an end."""
    ends = [low, high]
    powers = [
        float(k)
        for k in range(int(np.ceil(low)), int(np.floor(high)) + 1)
        if all(abs(k - end) > 0.25 for end in ends)
    ]
    values = sorted([*ends, *powers])
    return values, [f"{round(10**v):,}" for v in values]


def _count_colorbar(scale: tuple[float, float], colours: Surface) -> dict:
    tickvals, ticktext = _log_ticks(*scale)
    return {
        "title": {"text": "Events", "font": {"color": colours.ink}},
        "tickvals": tickvals,
        "ticktext": ticktext,
        "tickfont": {"color": colours.ink},
        "x": 0.99,
        "xanchor": "right",
        "y": 0.06,
        "yanchor": "bottom",
        "len": 0.45,
        "thickness": 14,
        "outlinewidth": 0,
    }


def _count_customdata(counts: pd.DataFrame, region: bool) -> np.ndarray:
    """Key, place name, events, deaths, top types and precision note of each count row."""
    names = counts["name"].map(_text) + " (" + counts["iso3"].map(_text) + ")"
    if region:
        note = [
            f"<br>{a:,} of them located only to the province" if a else ""
            for a in counts["approximate_events"]
        ]
    else:
        note = ["<br>located only to the country: in no region's count"] * len(counts)
    return np.column_stack(
        [
            counts.index.astype(str),
            names,
            [f"{v:,}" for v in counts["events"]],
            [f"{v:,.0f}" for v in counts["deaths"]],
            counts["top_types"].map(_text),
            note,
        ]
    )


COUNT_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]} events, %{customdata[3]} deaths"
    "<br>Most: %{customdata[4]}%{customdata[5]}<extra></extra>"
)


def _bubble_sizes(events: pd.Series, most: float) -> np.ndarray:
    """Marker diameters whose area grows with the count."""
    low, high = COUNT_BUBBLE_PX
    return low + (high - low) * np.sqrt(events.to_numpy(dtype=float) / max(most, 1))


def _count_features(
    counts: gpd.GeoDataFrame, base: BaseMap, bounds: Bounds, plot_width_px: float
) -> list[dict]:
    """The counted regions as GeoJSON features at screen detail: the base map's shapes
    when it has them all (written once per frame, see BaseMap.region_geometry), else the
    counts' own shapes simplified here."""
    codes = [str(code) for code in counts.index]
    geometries = [base.region_geometry(code) for code in codes]
    if all(geometry is not None for geometry in geometries):
        return [
            {"type": "Feature", "id": code, "properties": {}, "geometry": geometry}
            for code, geometry in zip(codes, geometries, strict=True)
        ]
    shaded = _at_screen_detail(counts, bounds, plot_width_px)
    return _feature_collection(shaded.assign(_key=shaded.index), "_key")["features"]


def _count_traces(
    layers: MapLayers, colours: Surface, bounds: Bounds, base: BaseMap, plot_width_px: float
) -> list:
    """The events in view as counts: regions shaded by count (or a bubble at each region's
    centre, over the make-up colours), and open rings for events known only by country."""
    traces: list = []
    counts, countries = layers.region_counts, layers.country_counts
    most = max(
        float(counts["events"].max()) if _present(counts) else 0,
        float(countries["events"].max()) if _present(countries) else 0,
        1.0,
    )
    low, high = _count_range(layers)
    scale = {"colorscale": COUNT_COLOURSCALE, "cmin": low, "cmax": high}
    if _present(counts):
        colour = np.log10(counts["events"].to_numpy(dtype=float))
        if layers.count_style == "shade":
            features = _count_features(counts, base, bounds, plot_width_px)
            traces.append(
                dict(
                    type="choropleth",
                    geojson={"type": "FeatureCollection", "features": features},
                    locations=counts.index.astype(str),
                    z=colour,
                    zmin=scale["cmin"],
                    zmax=scale["cmax"],
                    colorscale=scale["colorscale"],
                    colorbar=_count_colorbar((low, high), colours),
                    marker={"line": {"color": colours.region_line, "width": 0.6}},
                    unselected={"marker": {"opacity": 1}},
                    name="Events per region",
                    showlegend=False,
                    customdata=_count_customdata(counts, region=True),
                    hovertemplate=COUNT_HOVER,
                )
            )
        else:
            traces.append(
                dict(
                    type="scattergeo",
                    lon=counts["lon"],
                    lat=counts["lat"],
                    mode="markers",
                    marker={
                        "size": _bubble_sizes(counts["events"], most),
                        "color": colour,
                        **scale,
                        "colorbar": _count_colorbar((low, high), colours),
                        "opacity": 0.85,
                        "line": {"width": 1, "color": colours.ink},
                    },
                    unselected={"marker": {"opacity": 0.6}},
                    name="Events per region",
                    customdata=_count_customdata(counts, region=True),
                    hovertemplate=COUNT_HOVER,
                )
            )
    if _present(countries):
        traces.append(
            dict(
                type="scattergeo",
                lon=countries["lon"],
                lat=countries["lat"],
                mode="markers",
                marker={
                    "size": _bubble_sizes(countries["events"], most),
                    "symbol": "circle-open",
                    "color": colours.ink,
                    "line": {"width": 2},
                },
                name="Events known only to a country",
                customdata=_count_customdata(countries, region=False),
                hovertemplate=COUNT_HOVER,
            )
        )
    return traces


@dataclass(frozen=True)
class BaseMap:
    """What a map draws whatever the filters, for one frame, theme and width: the quiet
    countries, the regions by make-up, the national borders and the fault lines.

    Kept between reruns and shared by sessions (see views.fault_map), so never changed:
    its traces are plain dicts, each copied into the figure made from it (plotly's
    constructor pops a trace's type while it reads it, even from a trace object).
    """

    regions: gpd.GeoDataFrame | None  # the regions at the frame's screen detail
    traces: tuple[dict, ...]

    def region_geometry(self, code: str) -> dict | None:
        """The GeoJSON geometry of region code at the frame's detail (its first row's),
        None if the frame has no such region: each written the first time counts shade it
        on this frame, then kept with the frame. Written anew on every filter change, the
        whole region's 700 took 7 ms of it."""

        def shapes() -> dict:
            if not _present(self.regions):
                return {}
            pairs = zip(self.regions["adm1_code"].astype(str), self.regions.geometry)
            return dict(reversed(list(pairs)))  # a code's first row is the one kept

        shape = derived_memo(self, "region shapes", shapes).get(code)
        if shape is None:
            return None
        written = derived_memo(self, "region geometries", dict)
        if code not in written:  # two sessions may both write it: the same geometry
            written[code] = _geometry_dict(shape)
        return written[code]


@dataclass(frozen=True)
class WorldLayers:
    """The base map's layers that no frame changes (plain dicts, as BaseMap's traces): the
    quiet countries not drawn by region, the national borders of those that are, and the
    fault lines. Simplifying the world's outlines took half of a new frame's base map."""

    countries: dict | None
    borders: dict | None
    fault_lines: dict | None


def world_layers(
    regions: gpd.GeoDataFrame | None,
    countries: gpd.GeoDataFrame | None,
    fault_lines: gpd.GeoDataFrame | None,
    *,
    theme: str = "light",
) -> WorldLayers:
    """The layers of base_map that no frame changes, in the theme's colours."""
    colours = surface(theme)
    drawn_iso = set(regions["iso3"]) if _present(regions) else set()
    borders = None
    if _present(regions) and countries is not None:
        drawn = countries[countries["iso3"].isin(drawn_iso)]
        if len(drawn):
            borders = _country_border_trace(drawn, colours)
    return WorldLayers(
        countries=_base_trace(countries, drawn_iso, colours) if countries is not None else None,
        borders=borders,
        fault_lines=_fault_line_trace(fault_lines, colours) if _present(fault_lines) else None,
    )


def base_map(
    regions: gpd.GeoDataFrame | None,
    countries: gpd.GeoDataFrame | None,
    fault_lines: gpd.GeoDataFrame | None,
    *,
    bounds: Bounds,
    theme: str = "light",
    group_column: str = "majority",
    highlight: Collection[str] = (),
    unknown_in_legend: bool = True,
    plot_width_px: float = NARROWEST_PLOT_PX,
    world: WorldLayers | None = None,
) -> BaseMap:
    """The layers no filter changes, framed on bounds (see BaseMap). highlight: the groups
    the others fade behind; unknown_in_legend False leaves the regions of no sourced
    make-up out of the legend (under counts they are the map's ground, and the colour bar
    is the legend). world: world_layers of the same layers and theme, when already drawn."""
    colours = surface(theme)
    if world is None:
        world = world_layers(regions, countries, fault_lines, theme=theme)
    regions = _at_screen_detail(regions, bounds, plot_width_px)
    traces: list = [world.countries] if world.countries is not None else []
    if _present(regions):
        for trace in _region_traces(regions, group_column, highlight, colours, bounds):
            if not unknown_in_legend and trace["name"] == UNKNOWN_LABEL:
                trace["showlegend"] = False
            traces.append(trace)
    traces += [layer for layer in (world.borders, world.fault_lines) if layer is not None]
    return BaseMap(regions, tuple(traces))


def fault_line_map(
    layers: MapLayers,
    *,
    bounds: Bounds,
    theme: str = "light",
    title: str | None = None,
    subtitle: str | None = None,
    source_line: str | None = None,
    group_column: str = "majority",
    height: int = 680,
    plot_width_px: float = NARROWEST_PLOT_PX,
    base: BaseMap | None = None,
) -> go.Figure:
    """A new map figure of the given layers, framed on bounds, in the theme's colours.

    title, subtitle and source_line go into the figure itself, so an exported PNG
    explains itself. plot_width_px is the narrowest the map will be drawn: its detail
    (the regions' simplification, the base map's resolution) follows it. base: the
    layers' base_map for these bounds, theme and width, when already drawn.
    """
    colours = surface(theme)
    if base is None:
        base = base_map(
            layers.regions,
            layers.countries,
            layers.fault_lines,
            bounds=bounds,
            theme=theme,
            group_column=group_column,
            highlight=layers.highlight_groups,
            unknown_in_legend=not shades_counts(layers),
            plot_width_px=plot_width_px,
        )
    # The figure is made once, from these and its layout (see below); each base trace is
    # copied, as BaseMap says.
    traces: list = [dict(trace) for trace in base.traces]
    if _present(layers.outlined):
        lons, lats, _ = _line_coordinates(
            shapely.boundary(layers.outlined.geometry.to_numpy()), [""] * len(layers.outlined)
        )
        traces.append(
            dict(
                type="scattergeo",
                lon=lons,
                lat=lats,
                mode="lines",
                line={"color": OKABE_ITO["sky_blue"], "width": 4},
                name="Selected region",
                hoverinfo="skip",
            )
        )
    if _present(layers.region_counts) or _present(layers.country_counts):
        for trace in _count_traces(layers, colours, bounds, base, plot_width_px):
            traces.append(trace)
    if _present(layers.control_areas):
        for trace in _control_traces(layers.control_areas):
            traces.append(trace)
    plot_height = _plot_height(height, title, subtitle)
    obstacles = _held_place_boxes(layers.control_areas, bounds, plot_height)
    if layers.countries is not None and layers.labels:
        names, name_boxes = _country_name_trace(
            layers.countries, layers.markers, bounds, plot_height, colours
        )
        obstacles += name_boxes
        traces.append(names)
    if _present(layers.markers):
        for trace in _marker_traces(
            layers.markers,
            labels=layers.labels,
            colours=colours,
            bounds=bounds,
            plot_height=plot_height,
            obstacles=obstacles,
        ):
            traces.append(trace)

    minx, miny, maxx, maxy = bounds
    geo = dict(
        # Mercator: the familiar shape of the region on analysts' wall maps; distortion is
        # small between 12 and 42 degrees north.
        projection={"type": "mercator"},
        domain={"x": [0, 0.8], "y": [0, 1]},
        # 1:50m coastlines and borders are finer than a pixel only on a map drawn wide; a
        # thumbnail takes the 1:110m file, an eighth of the size for the browser to fetch.
        resolution=50 if plot_width_px >= SMALL_PLOT_PX else 110,
        lonaxis={"range": [minx, maxx]},
        lataxis={"range": [miny, maxy]},
        center={"lon": (minx + maxx) / 2, "lat": (miny + maxy) / 2},
        showland=True,
        landcolor=colours.land,
        showocean=True,
        oceancolor=colours.ocean,
        showlakes=True,
        lakecolor=colours.ocean,
        showcountries=True,
        countrycolor=colours.base_line,
        showcoastlines=True,
        coastlinecolor=colours.base_line,
        showframe=False,
        bgcolor=colours.paper,
    )
    annotations = []
    if source_line:
        annotations.append(
            {
                "text": _text(source_line),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "align": "left",
                "font": {"size": 12, "color": colours.muted_ink},
                "bgcolor": colours.paper,
            }
        )
    layout = dict(
        geo=geo,
        height=height,
        title=(
            {
                "text": _text(title),
                "x": 0.01,
                "xanchor": "left",
                "subtitle": {
                    "text": _text(subtitle),
                    "font": {"size": 14, "color": colours.muted_ink},
                },
            }
            if title
            else None
        ),
        margin={"l": 0, "r": 0, "t": _top_margin(title, subtitle), "b": 0},
        annotations=annotations,
        legend={
            # Beside the map's top right, in a strip the map never takes (geo domain
            # below): the whole legend stays in view at 1366x768.
            "orientation": "v",
            "yanchor": "top",
            "y": 1,
            "xanchor": "right",
            "x": 1,
            "tracegroupgap": 2,
            "font": {"size": LEGEND_FONT_SIZE, "color": colours.ink},
            "itemsizing": "constant",
            "bgcolor": colours.paper,
            "bordercolor": colours.base_line,
            "borderwidth": 1,
        },
        clickmode="event+select",
        # Keeps the reader's pan and zoom across reruns, until they pick another frame.
        uirevision=f"fault_line_map:{bounds}",
    )
    # One constructor call, not add_trace and update_* calls: plotly's updates walk each
    # property's path anew (about 30 ms of a map's 100 at a million events).
    return themed_figure(traces, layout, theme)
