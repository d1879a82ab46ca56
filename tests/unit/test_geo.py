"""Tests of dashboard.analysis.geo on hand-built squares and on the real data/geo."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from dashboard.analysis import geo

ROOT = Path(__file__).resolve().parents[2]
GEO_DIR = ROOT / "data" / "geo"


def squares(groups: dict[str, str | None], boxes: dict[str, tuple]) -> gpd.GeoDataFrame:
    """Regions named by code, each a box (minx, miny, maxx, maxy) with a majority group."""
    return gpd.GeoDataFrame(
        {
            "adm1_code": list(boxes),
            "iso3": ["AAA"] * len(boxes),
            "majority": [groups[c] for c in boxes],
        },
        geometry=[shapely.box(*b) for b in boxes.values()],
        crs="EPSG:4326",
    )


ROW = {"A": (0, 0, 1, 1), "B": (1, 0, 2, 1), "C": (2, 0, 3, 1)}


def test_only_the_border_between_different_groups_is_a_fault_line():
    regions = squares({"A": "sunni", "B": "shia", "C": "sunni"}, ROW)
    lines = geo.fault_line_segments(regions)
    pairs = set(zip(lines["left_code"], lines["right_code"], strict=True))
    assert pairs == {("A", "B"), ("B", "C")}
    ab = lines[(lines["left_code"] == "A") & (lines["right_code"] == "B")].iloc[0]
    assert ab.geometry.equals(shapely.LineString([(1, 0), (1, 1)]))
    assert ab.geometry.length == pytest.approx(1.0)
    assert {ab["left_group"], ab["right_group"]} == {"sunni", "shia"}
    # One degree of latitude at the equator is about 110.6 km.
    assert ab["length_km"] == pytest.approx(110.6, rel=0.01)


def test_same_groups_give_no_fault_line():
    regions = squares({"A": "sunni", "B": "sunni", "C": "sunni"}, ROW)
    assert geo.fault_line_segments(regions).empty


def test_point_contact_is_not_a_fault_line():
    regions = squares({"A": "sunni", "D": "shia"}, {"A": (0, 0, 1, 1), "D": (1, 1, 2, 2)})
    assert geo.fault_line_segments(regions).empty


def test_mixed_and_unknown_regions_are_skipped_unless_asked():
    regions = squares({"A": "sunni", "B": "mixed", "C": None}, ROW)
    assert geo.fault_line_segments(regions).empty
    kept = geo.fault_line_segments(regions, ignore_groups=())
    assert set(zip(kept["left_code"], kept["right_code"], strict=True)) == {("A", "B")}


def test_cross_border_flag():
    regions = squares({"A": "sunni", "B": "shia", "C": "sunni"}, ROW)
    regions.loc[regions["adm1_code"] == "B", "iso3"] = "BBB"
    lines = geo.fault_line_segments(regions)
    assert lines["cross_border"].all()


def test_country_rows_fill_regions_without_their_own_row():
    admin1 = squares({"A": None, "B": None, "C": None}, ROW).drop(columns="majority")
    admin1.loc[admin1["adm1_code"] == "C", "iso3"] = "CCC"
    table = pd.DataFrame(
        {
            "adm1_code": ["A", "", "", "ZZZ-NOWHERE"],
            "iso3": ["AAA", "AAA", "QQQ", "AAA"],
            "majority": ["shia", "sunni", "sunni", "shia"],
            "claim_ids": ["c1", "c2", "c3", "c4"],
        }
    )
    merged = geo.regions_with_makeup(admin1, table).set_index("adm1_code")
    assert merged.loc["A", "majority"] == "shia"
    assert merged.loc["A", "makeup_level"] == "admin1"
    assert merged.loc["B", "majority"] == "sunni"
    assert merged.loc["B", "makeup_level"] == "country"
    assert pd.isna(merged.loc["C", "majority"])
    unmatched = geo.unmatched_makeup_rows(admin1, table)
    assert set(unmatched["claim_ids"]) == {"c3", "c4"}


def test_explicit_empty_majority_is_not_overridden_by_the_country_default():
    admin1 = squares({"A": None, "B": None}, {"A": (0, 0, 1, 1), "B": (1, 0, 2, 1)})
    table = pd.DataFrame(
        {"adm1_code": ["A", ""], "iso3": ["AAA", "AAA"], "majority": ["", "sunni"]}
    )
    merged = geo.regions_with_makeup(admin1, table).set_index("adm1_code")
    assert pd.isna(merged.loc["A", "majority"])
    assert merged.loc["B", "majority"] == "sunni"


def control_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": ["town", "province", "later"],
            "name": ["Town", "Province", "Later"],
            "controller": ["isil"] * 3,
            "place_id": ["town", "", "town"],
            "adm1_code": ["A", "A", "A"],
            "extent": ["full", "contested", "full"],
            "start": ["2014-01", "2014-01", "2014-06-10"],
            "end": ["", "", "2016-06"],
            "layer": ["at_publication", "at_publication", "after_publication"],
            "start_date": pd.to_datetime(["2014-01-01", "2014-01-01", "2014-06-10"]),
            "end_date": pd.to_datetime([None, None, "2016-06-30"]),
        }
    )


def test_control_areas_use_place_points_else_their_region():
    admin1 = squares({"A": "sunni"}, {"A": (0, 0, 1, 1)})
    places = pd.DataFrame({"place_id": ["town"], "lat": [0.5], "lon": [0.25]})
    shapes = geo.control_area_shapes(control_table(), admin1, places).set_index("area_id")
    assert shapes.loc["town"].geometry.equals(shapely.Point(0.25, 0.5))
    assert shapes.loc["province"].geometry.geom_type == "Polygon"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2013-12-31", set()),  # before anything was taken
        ("2014-01-15", {"town", "province"}),  # at publication: the article's layer
        ("2016-06-30", {"later"}),  # hindsight: open at-publication rows no longer speak
        ("2016-07-01", set()),  # retaken
    ],
)
def test_control_areas_at_a_date_come_from_the_layer_for_that_date(as_of, expected):
    held = geo.control_areas_at(
        control_table(), pd.Timestamp(as_of), published=pd.Timestamp("2014-01-31")
    )
    assert set(held["area_id"]) == expected


# ---- the real boundaries and make-up ------------------------------------------------


@pytest.fixture(scope="module")
def real():
    admin1, countries = geo.load_boundaries(GEO_DIR)
    table = pd.read_csv(ROOT / "data" / "regions.csv", dtype=str, keep_default_na=False)
    regions = geo.regions_with_makeup(admin1, table)
    return admin1, countries, table, regions, geo.fault_line_segments(regions)


def test_real_boundaries_cover_the_core_countries(real):
    admin1, countries, *_ = real
    counts = admin1.groupby("iso3").size()
    assert counts["IRQ"] == 18
    assert counts["SYR"] == 15
    assert counts["LBN"] == 6
    assert admin1["adm1_code"].is_unique
    assert admin1.is_valid.all()
    assert {"IRQ", "SYR", "IRN", "PAK", "CYP"} <= set(countries["iso3"])


def test_every_iraq_syria_lebanon_region_has_a_majority(real):
    *_, regions, _ = real
    core = regions[regions["iso3"].isin(["IRQ", "SYR", "LBN"])]
    assert core["majority"].notna().all()


def test_every_makeup_row_matches_a_boundary(real):
    admin1, _, table, *_ = real
    assert geo.unmatched_makeup_rows(admin1, table).empty


def test_real_sunni_shia_fault_lines_in_iraq(real):
    *_, lines = real
    pairs = set(zip(lines["left_code"], lines["right_code"], strict=True))
    assert ("IRQ-AL_ANBAR", "IRQ-KARBALA") in pairs
    assert ("IRQ-AL_ANBAR", "IRQ-AN_NAJAF") in pairs
    iraq_sunni_shia = lines[
        (lines["left_iso3"] == "IRQ")
        & (lines["right_iso3"] == "IRQ")
        & (lines[["left_group", "right_group"]].apply(set, axis=1) == {"sunni", "shia"})
    ]
    assert len(iraq_sunni_shia) >= 2
    assert (lines["length_km"] > 0).all()
    assert set(lines.geom_type) <= {"LineString", "MultiLineString"}
    # Kurdish Iraq meets Sunni-majority Ninawa: an ethnic fault line.
    assert ("IRQ-ARBIL", "IRQ-NINAWA") in pairs


def test_real_fault_lines_include_cross_border_ones(real):
    *_, lines = real
    assert ("IRQ-AL_BASRAH", "KWT-AL_JAHRAH") in set(
        zip(lines["left_code"], lines["right_code"], strict=True)
    )


@pytest.mark.parametrize("name", ["admin1.geojson", "countries.geojson"])
def test_output_rings_are_clockwise(name):
    collection = json.loads((GEO_DIR / name).read_text(encoding="utf-8"))
    for feature in collection["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        for polygon in shapely.get_parts(geom):
            assert not polygon.exterior.is_ccw, feature["properties"]


def test_neighbours_share_identical_edges():
    admin1, _ = geo.load_boundaries(GEO_DIR)
    assert shapely.coverage_is_valid(admin1.geometry.to_numpy())


def test_boundary_files_stay_small():
    total = sum((GEO_DIR / n).stat().st_size for n in ("admin1.geojson", "countries.geojson"))
    assert total < 3_000_000
