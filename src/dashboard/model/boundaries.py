"""Read the boundary files (admin-1 regions and country outlines) of a dataset folder."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

CRS = "EPSG:4326"
ADMIN1_FILE = "admin1.geojson"
COUNTRIES_FILE = "countries.geojson"


def load_boundaries(geo_dir: str | Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The admin-1 regions and the country outlines stored in geo_dir."""
    geo_dir = Path(geo_dir)
    admin1 = gpd.read_file(geo_dir / ADMIN1_FILE).set_crs(CRS, allow_override=True)
    countries = gpd.read_file(geo_dir / COUNTRIES_FILE).set_crs(CRS, allow_override=True)
    return admin1, countries
