"""Tests of the fault-lines map figure builder."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely

from dashboard.analysis import geo
from dashboard.charts.fault_map import fault_line_map
from dashboard.charts.palette import group_colour

ROOT = Path(__file__).resolve().parents[2]


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


def test_one_choropleth_per_group_with_palette_colours_and_own_features():
    regions = small_regions()
    fig = fault_line_map(regions, fault_lines=geo.fault_line_segments(regions))
    chor = [t for t in fig.data if isinstance(t, go.Choropleth)]
    assert [t.name for t in chor] == ["Sunni", "Shia", "Not sourced"]
    assert chor[0].colorscale[0][1] == group_colour("sunni")
    assert [f["id"] for f in chor[1].geojson["features"]] == ["B"]
    assert list(chor[0].customdata[:, 0]) == ["A"]
    assert "60%–80%" in chor[0].customdata[0, 4]


def test_fault_lines_are_one_none_separated_trace():
    regions = small_regions()
    fig = fault_line_map(regions, fault_lines=geo.fault_line_segments(regions))
    lines = [t for t in fig.data if t.name == "Fault line"]
    assert len(lines) == 1
    assert list(lines[0].lon) == [41.0, 41.0, None]


def test_layers_can_be_switched_off_and_focus_sets_the_view():
    regions = small_regions()
    fig = fault_line_map(
        regions,
        fault_lines=geo.fault_line_segments(regions),
        show_fault_lines=False,
        focus_iso3="BBB",
    )
    assert all(t.name != "Fault line" for t in fig.data)
    lon_min, lon_max = fig.layout.geo.lonaxis.range
    assert 41 < lon_min < 42 and 43 < lon_max < 44
    assert fig.layout.geo.resolution == 50


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
    fig = fault_line_map(small_regions(), markers=markers)
    trace = next(t for t in fig.data if t.name == "Places and events")
    assert trace.customdata[0][0] == "fallujah"
    assert trace.text[0] == "Fallujah"


def test_builder_is_pure_inputs_untouched_and_figures_independent():
    regions = small_regions()
    before = regions.copy()
    first, second = fault_line_map(regions), fault_line_map(regions)
    first.update_layout(title="changed")
    first.data[0].name = "changed"
    assert second.layout.title.text is None
    assert second.data[0].name != "changed"
    assert regions.equals(before)


@pytest.fixture(scope="module")
def real_figure():
    admin1, countries = geo.load_boundaries(ROOT / "data" / "geo")
    table = pd.read_csv(ROOT / "data" / "regions.csv", dtype=str, keep_default_na=False)
    regions = geo.regions_with_makeup(admin1, table)
    areas = pd.read_csv(ROOT / "data" / "control_areas.csv", dtype=str, keep_default_na=False)
    places = pd.DataFrame(
        {"place_id": ["fallujah", "ramadi"], "lat": [33.35, 33.42], "lon": [43.78, 43.30]}
    )
    return fault_line_map(
        regions,
        countries=countries,
        fault_lines=geo.fault_line_segments(regions),
        control_areas=geo.control_area_shapes(areas, admin1, places),
    )


def test_real_figure_stays_under_two_megabytes(real_figure):
    assert len(real_figure.to_json()) < 2_000_000


def test_real_figure_has_every_layer(real_figure):
    names = {t.name for t in real_figure.data}
    assert {"Sunni", "Shia", "Kurdish", "Alawite", "Fault line", "Held places"} <= names
    assert any(n.startswith("Militant control") for n in names)
    base = next(t for t in real_figure.data if t.name == "Other countries")
    assert "IRQ" not in set(base.locations)
    assert real_figure.layout.legend.orientation == "h"
    assert real_figure.layout.legend.font.size >= 16


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
    trace = next(
        t
        for t in fault_line_map(small_regions(), markers=markers).data
        if t.name == "Places and events"
    )
    assert list(trace.text) == ["&lt;b&gt;Fallujah&lt;/b&gt;", ""]
    assert trace.customdata[1][3] == "Iraq"  # still named in the hover


def test_close_labels_alternate_above_and_below():
    markers = pd.DataFrame(
        {
            "id": ["ramadi", "fallujah", "baghdad", "mosul"],
            "name": ["Ramadi", "Fallujah", "Baghdad", "Mosul"],
            "lon": [43.30, 43.78, 44.36, 43.13],
            "lat": [33.42, 33.35, 33.31, 36.34],
        }
    )
    trace = next(
        t
        for t in fault_line_map(small_regions(), markers=markers).data
        if t.name == "Places and events"
    )
    assert list(trace.textposition) == ["top center", "bottom center", "top center", "top center"]


def test_highlighting_a_sect_fades_the_other_groups_but_keeps_their_borders():
    fig = fault_line_map(small_regions(), highlight_groups=("shia",))
    opacity = {t.name: t.marker.opacity for t in fig.data if t.type == "choropleth"}
    assert opacity["Shia"] == 1.0
    assert opacity["Sunni"] == 0.25
    assert {t.marker.line.color for t in fig.data if t.type == "choropleth"} == {"white"}


def test_labels_can_be_left_off_for_small_maps():
    markers = pd.DataFrame({"id": ["a"], "name": ["Alpha town"], "lat": [30.5], "lon": [40.5]})
    fig = fault_line_map(small_regions(), markers=markers, show_labels=False)
    trace = next(t for t in fig.data if t.name == "Places and events")
    assert list(trace.text) == [""]
    assert trace.customdata[0][3] == "Alpha town"
