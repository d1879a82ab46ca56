"""Tests of the fault-lines map figure builder (charts.fault_map), light and dark."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import shapely

from dashboard.analysis.control import control_area_shapes
from dashboard.analysis.fault_lines import fault_line_segments
from dashboard.analysis.geography import focus_bounds
from dashboard.analysis.labels import placed_boxes, screen_points
from dashboard.charts.fault_map import MapLayers, fault_line_map
from dashboard.charts.palette import (
    apply_theme,
    chart_template,
    group_colour,
    merged_template,
    surface,
)
from tests.conftest import DATA_DIR
from tests.unit.map_data import luminance, real_boundaries, real_geography

BOUNDS = (39.5, 29.5, 43.5, 31.5)
# A frame around the Iraqi towns of the marker tests: names are printed only inside it.
IRAQ_FRAME = (40.0, 31.0, 46.0, 37.0)


def small_regions() -> gpd.GeoDataFrame:
    """Three unit squares: Sunni, Shia, and one without a sourced majority."""
    return gpd.GeoDataFrame(
        {
            "adm1_code": ["A", "B", "C"],
            "iso3": ["AAA", "AAA", "BBB"],
            "name": ["Alpha", "Beta", "Gamma"],
            "majority": ["sunni", "shia", None],
            "majority_share_low": [0.6, None, None],
            "majority_share_high": [0.8, None, None],
            "note": ["n1", "", ""],
        },
        geometry=[
            shapely.box(40, 30, 41, 31),
            shapely.box(41, 30, 42, 31),
            shapely.box(42, 30, 43, 31),
        ],
        crs="EPSG:4326",
    )


def small_countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso3": ["AAA", "BBB", "CCC"], "name": ["Aland", "Bland", "Cland"]},
        geometry=[shapely.box(*b) for b in [(40, 30, 42, 31), (42, 30, 43, 31), (43, 30, 44, 31)]],
        crs="EPSG:4326",
    )


def draw(theme: str = "light", bounds=BOUNDS, **layers) -> go.Figure:
    """A map of small_regions (unless regions= is given) with the other layers given."""
    layers.setdefault("regions", small_regions())
    return fault_line_map(MapLayers(**layers), bounds=bounds, theme=theme)


def trace(fig: go.Figure, name: str):
    return next(t for t in fig.data if t.name == name)


def gaps_as_none(values) -> list:
    """A line trace's coordinates with its gaps (None or NaN) as None."""
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]


def test_one_choropleth_per_group_with_palette_colours_and_own_features():
    regions = small_regions()
    fig = draw(regions=regions, fault_lines=fault_line_segments(regions))
    chor = [t for t in fig.data if isinstance(t, go.Choropleth)]
    assert [t.name for t in chor] == ["Sunni", "Shia", "Not sourced"]
    assert chor[0].colorscale[0][1] == group_colour("sunni")
    assert [f["id"] for f in chor[1].geojson["features"]] == ["B"]
    assert [row[0] for row in chor[0].customdata] == ["A"]
    assert "60%–80%" in chor[0].customdata[0][4]


def test_fault_lines_are_one_gap_separated_trace():
    regions = small_regions()
    fig = draw(regions=regions, fault_lines=fault_line_segments(regions))
    lines = [t for t in fig.data if t.name == "Fault line"]
    assert len(lines) == 1
    assert gaps_as_none(lines[0].lon) == [41.0, 41.0, None]


def test_layers_left_out_are_not_drawn_and_bounds_set_the_view():
    regions = small_regions()
    fig = fault_line_map(MapLayers(regions=regions), bounds=(41.5, 29.5, 43.5, 31.5))
    assert all(t.name != "Fault line" for t in fig.data)
    assert all(t.name != "Places" for t in fig.data)
    assert all(t.name != "Other countries" for t in fig.data)
    assert list(fig.layout.geo.lonaxis.range) == [41.5, 43.5]
    assert list(fig.layout.geo.lataxis.range) == [29.5, 31.5]
    assert fig.layout.geo.resolution == 50


def test_empty_layers_are_not_drawn_either():
    regions = small_regions()
    fig = draw(fault_lines=fault_line_segments(regions).iloc[0:0], markers=pd.DataFrame())
    assert {t.name for t in fig.data} == {"Sunni", "Shia", "Not sourced"}


def test_without_regions_the_base_layer_draws_every_country():
    fig = fault_line_map(MapLayers(countries=small_countries()), bounds=BOUNDS)
    assert [t.name for t in fig.data] == ["Other countries", "Country names"]
    assert set(fig.data[0].locations) == {"AAA", "BBB", "CCC"}


def test_countries_drawn_by_region_leave_the_base_layer_and_get_a_border():
    fig = draw(countries=small_countries())
    assert list(trace(fig, "Other countries").locations) == ["CCC"]
    assert trace(fig, "National border").hoverinfo == "skip"


def test_markers_carry_record_ids_for_click_selection():
    markers = pd.DataFrame(
        {
            "id": ["fallujah"],
            "name": ["Fallujah"],
            "lat": [33.35],
            "lon": [43.78],
            "date": ["2014-01"],
            "type": ["takeover"],
        }
    )
    marker_trace = trace(draw(markers=markers, bounds=IRAQ_FRAME), "Places")
    assert marker_trace.customdata[0][0] == "fallujah"
    assert marker_trace.text[0] == "Fallujah"


def test_builder_is_pure_inputs_untouched_and_figures_independent():
    regions = small_regions()
    before = regions.copy()
    first, second = draw(regions=regions), draw(regions=regions)
    first.update_layout(title="changed")
    first.data[0].name = "changed"
    assert second.layout.title.text is None
    assert second.data[0].name != "changed"
    assert regions.equals(before)


def test_title_and_source_line_are_in_the_figure_and_escaped():
    fig = fault_line_map(
        MapLayers(regions=small_regions()),
        bounds=BOUNDS,
        title="Fault lines: <b>Iraq</b>",
        source_line="Control as of Jan 2014 · boundaries: Natural Earth",
    )
    assert fig.layout.title.text == "Fault lines: &lt;b&gt;Iraq&lt;/b&gt;"
    assert [a.text for a in fig.layout.annotations] == [
        "Control as of Jan 2014 · boundaries: Natural Earth"
    ]
    untitled = draw()
    assert untitled.layout.title.text is None and not untitled.layout.annotations


@pytest.fixture(scope="module")
def real_figure():
    geography = real_geography()
    admin1, _ = real_boundaries()
    areas = pd.read_csv(DATA_DIR / "control_areas.csv", dtype=str, keep_default_na=False)
    places = pd.DataFrame(
        {"place_id": ["fallujah", "ramadi"], "lat": [33.35, 33.42], "lon": [43.78, 43.30]}
    )
    layers = MapLayers(
        regions=geography.regions,
        countries=geography.countries,
        fault_lines=geography.fault_lines,
        control_areas=control_area_shapes(areas, admin1, places),
    )
    return fault_line_map(layers, bounds=focus_bounds(geography))


def test_real_figure_stays_under_two_megabytes(real_figure):
    assert len(real_figure.to_json()) < 2_000_000


def test_real_figure_has_every_layer(real_figure):
    names = {t.name for t in real_figure.data}
    # (Kurds are moving from the sect make-up to an ethnic one: not asserted here.)
    assert {"Sunni", "Shia", "Alawite", "Fault line", "Held places"} <= names
    assert any(n.startswith("Militant control") for n in names)
    base = next(t for t in real_figure.data if t.name == "Other countries")
    assert "IRQ" not in set(base.locations)
    # Projector-readable, and short: the hover names the holder, not the legend.
    assert real_figure.layout.legend.font.size >= 14
    assert not any(n.startswith("Militant control") and "held by" in n for n in names)


def test_only_towns_get_printed_labels_and_names_are_escaped():
    markers = pd.DataFrame(
        {
            "id": ["fallujah", "iraq_country"],
            "name": ["<b>Fallujah</b>", "Iraq"],
            "place_kind": ["city", "country"],
            "lat": [33.35, 33.0],
            "lon": [43.78, 44.0],
        }
    )
    marker_trace = trace(draw(markers=markers, bounds=IRAQ_FRAME), "Places")
    assert list(marker_trace.text) == ["&lt;b&gt;Fallujah&lt;/b&gt;", ""]
    assert marker_trace.customdata[1][3] == "Iraq"  # still named in the hover


def test_close_labels_go_to_different_sides_and_never_overlap():
    markers = pd.DataFrame(
        {
            "id": ["ramadi", "fallujah", "baghdad", "mosul"],
            "name": ["Ramadi", "Fallujah", "Baghdad", "Mosul"],
            "place_kind": ["city"] * 4,
            "event_count": [1, 4, 2, 1],
            "lon": [43.30, 43.78, 44.36, 43.13],
            "lat": [33.42, 33.35, 33.31, 36.34],
        }
    )
    bounds = (42.5, 32.5, 45.5, 37.0)
    fig = fault_line_map(MapLayers(markers=markers), bounds=bounds, height=500)
    marker_trace = trace(fig, "Places")
    placed = [(t, p) for t, p in zip(marker_trace.text, marker_trace.textposition) if t]
    assert {t for t, _ in placed} == {"Ramadi", "Fallujah", "Baghdad", "Mosul"}
    points = screen_points(markers["lon"], markers["lat"], bounds, plot_height_px=500 - 6)
    boxes = placed_boxes(
        points, list(marker_trace.text), list(marker_trace.textposition), font_px=15, marker_px=10
    )
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_highlighting_a_sect_fades_the_other_groups_but_keeps_their_borders():
    fig = draw(highlight_groups=("shia",))
    opacity = {t.name: t.marker.opacity for t in fig.data if t.type == "choropleth"}
    assert opacity["Shia"] == 1.0
    assert opacity["Sunni"] == 0.25
    borders = {t.name: t.marker.line.color for t in fig.data if t.type == "choropleth"}
    assert borders["Shia"] == borders["Sunni"] == surface("light").region_line
    # A region with no make-up is paper-coloured: only an ink outline shows it.
    assert borders["Not sourced"] == surface("light").muted_ink


def test_labels_can_be_left_off_for_small_maps():
    markers = pd.DataFrame({"id": ["a"], "name": ["Alpha town"], "lat": [30.5], "lon": [40.5]})
    marker_trace = trace(draw(markers=markers, labels=False), "Places")
    assert list(marker_trace.text) == [""]
    assert marker_trace.customdata[0][3] == "Alpha town"


# ---- light and dark ----------------------------------------------------------------------


def full_layers(**extra) -> dict:
    regions = small_regions()
    markers = pd.DataFrame({"id": ["a"], "name": ["Alpha town"], "lat": [30.5], "lon": [40.5]})
    return {
        "regions": regions,
        "countries": small_countries(),
        "fault_lines": fault_line_segments(regions),
        "markers": markers,
        **extra,
    }


def resolved_layout(fig: go.Figure) -> dict:
    """The layout as the browser sees it: the figure's template applied under its own layout."""
    template = fig.layout.template
    merged = go.Figure(layout=template.layout.to_plotly_json() if template else {})
    merged.update_layout(fig.layout.to_plotly_json())
    return merged.layout


def surface_colours(fig: go.Figure) -> dict[str, str]:
    """Every background a reader sees as a panel around or behind the map."""
    layout = resolved_layout(fig)
    colours = {
        "paper_bgcolor": layout.paper_bgcolor,
        "plot_bgcolor": layout.plot_bgcolor,
        "geo.bgcolor": layout.geo.bgcolor,
        "geo.landcolor": layout.geo.landcolor,
        "geo.oceancolor": layout.geo.oceancolor,
        "legend.bgcolor": layout.legend.bgcolor,
        "hoverlabel.bgcolor": layout.hoverlabel.bgcolor,
    }
    colours.update({f"annotation {i}": a.bgcolor for i, a in enumerate(layout.annotations)})
    return colours


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_panel_is_set_so_nothing_shows_through(theme):
    fig = fault_line_map(MapLayers(**full_layers()), bounds=BOUNDS, theme=theme, source_line="x")
    unset = [name for name, colour in surface_colours(fig).items() if colour is None]
    assert unset == []


def test_a_dark_map_has_dark_paper_and_geo_and_no_white_panel():
    fig = fault_line_map(MapLayers(**full_layers()), bounds=BOUNDS, theme="dark", source_line="x")
    colours = surface_colours(fig)
    assert luminance(colours["paper_bgcolor"]) < 0.2
    assert luminance(colours["geo.bgcolor"]) < 0.2
    bright = {name: c for name, c in colours.items() if luminance(c) > 0.5}
    assert bright == {}, f"light panels on a dark map: {bright}"
    assert fig.layout.template.layout.paper_bgcolor == surface("dark").paper


def test_a_dark_map_draws_its_lines_and_labels_in_light_ink():
    fig = fault_line_map(MapLayers(**full_layers()), bounds=BOUNDS, theme="dark")
    assert luminance(trace(fig, "Fault line").line.color) > 0.8
    places = trace(fig, "Places")
    assert luminance(places.textfont.color) > 0.8
    assert luminance(resolved_layout(fig).legend.font.color) > 0.8


def test_a_light_map_is_light_with_dark_ink():
    fig = fault_line_map(MapLayers(**full_layers()), bounds=BOUNDS, theme="light", source_line="x")
    colours = surface_colours(fig)
    assert luminance(colours["paper_bgcolor"]) > 0.9
    assert luminance(colours["geo.bgcolor"]) > 0.9
    assert all(luminance(c) > 0.5 for c in colours.values()), colours
    assert luminance(trace(fig, "Fault line").line.color) < 0.2
    assert fig.layout.template.layout.paper_bgcolor == surface("light").paper


def test_an_unknown_theme_is_drawn_light():
    odd = fault_line_map(MapLayers(**full_layers()), bounds=BOUNDS, theme="sepia")
    light = fault_line_map(MapLayers(**full_layers()), bounds=BOUNDS, theme="light")
    assert odd.to_json() == light.to_json()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_chart_templates_are_registered_and_match_the_surface(theme):
    template = chart_template(theme)
    for name in template.split("+"):
        assert name in pio.templates
    ours = pio.templates[template.split("+")[-1]]
    assert ours.layout.paper_bgcolor == surface(theme).paper
    assert ours.layout.font.color == surface(theme).ink


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_themed_figure_carries_the_checked_template_and_cannot_change_the_shared_one(theme):
    # apply_theme skips plotly's second check of our template; the figure must still end up
    # with exactly what the checked assignment gives, and as its own copy.
    checked = go.Figure(layout={"template": merged_template(theme)}).to_plotly_json()
    themed = apply_theme(go.Figure(), theme)
    assert themed.to_plotly_json()["layout"]["template"] == checked["layout"]["template"]
    size = merged_template(theme).layout.font.size
    themed.layout.template.layout.font.size = 99
    assert merged_template(theme).layout.font.size == size
    assert themed.layout.template.layout.font.size == 99
