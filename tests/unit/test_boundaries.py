"""The boundary files of data/geo, as model.boundaries reads them."""

from __future__ import annotations

import json

import pytest
import shapely

from dashboard.model.boundaries import ADMIN1_FILE, COUNTRIES_FILE, CRS
from tests.unit.map_data import GEO_DIR, real_boundaries


def test_real_boundaries_cover_the_core_countries():
    admin1, countries = real_boundaries()
    counts = admin1.groupby("iso3").size()
    assert counts["IRQ"] == 18
    assert counts["SYR"] == 15
    assert counts["LBN"] == 6
    assert admin1["adm1_code"].is_unique
    assert admin1.is_valid.all()
    assert {"IRQ", "SYR", "IRN", "PAK", "CYP"} <= set(countries["iso3"])
    assert admin1.crs == CRS and countries.crs == CRS


@pytest.mark.parametrize("name", [ADMIN1_FILE, COUNTRIES_FILE])
def test_output_rings_are_clockwise(name):
    collection = json.loads((GEO_DIR / name).read_text(encoding="utf-8"))
    for feature in collection["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        for polygon in shapely.get_parts(geom):
            assert not polygon.exterior.is_ccw, feature["properties"]


def test_neighbours_share_identical_edges():
    admin1, _ = real_boundaries()
    assert shapely.coverage_is_valid(admin1.geometry.to_numpy())


def test_boundary_files_stay_small():
    total = sum((GEO_DIR / n).stat().st_size for n in (ADMIN1_FILE, COUNTRIES_FILE))
    assert total < 3_000_000
