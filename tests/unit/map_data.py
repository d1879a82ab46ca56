"""Geography for the map and view tests: hand-built squares, and the real data/ loaded once.

Plain functions rather than fixtures, so a test module can build what it needs with
arguments (and the real data is read once per test session).
"""

from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.analysis.filters import Filters
from dashboard.analysis.geography import MapGeography, map_geography
from dashboard.model.boundaries import load_boundaries
from dashboard.model.load import Dataset, load_dataset
from dashboard.views.base import ViewData
from tests.conftest import DATA_DIR

GEO_DIR = DATA_DIR / "geo"


def squares(
    groups: dict[str, str | None], boxes: dict[str, tuple], *, iso3: str = "AAA"
) -> gpd.GeoDataFrame:
    """Regions named by code, each a box (minx, miny, maxx, maxy) with a majority group."""
    return gpd.GeoDataFrame(
        {
            "adm1_code": list(boxes),
            "iso3": [iso3] * len(boxes),
            "majority": [groups[c] for c in boxes],
        },
        geometry=[shapely.box(*b) for b in boxes.values()],
        crs="EPSG:4326",
    )


def luminance(colour: str) -> float:
    """Relative brightness (0 black .. 1 white) of '#RRGGBB' or 'rgb(a)(r, g, b, ...)'."""
    colour = colour.strip().lower()
    if colour.startswith("#"):
        hex_digits = colour[1:]
        if len(hex_digits) == 3:
            hex_digits = "".join(c * 2 for c in hex_digits)
        rgb = [int(hex_digits[i : i + 2], 16) for i in (0, 2, 4)]
    elif colour.startswith("rgb"):
        rgb = [float(v) for v in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    elif colour == "white":
        rgb = [255, 255, 255]
    elif colour == "black":
        rgb = [0, 0, 0]
    else:
        raise ValueError(f"not a colour this test reads: {colour}")
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255


# -- the real data ------------------------------------------------------------------------


@functools.cache
def real_boundaries() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """data/geo's admin-1 regions and country outlines (shared: do not modify)."""
    return load_boundaries(GEO_DIR)


@functools.cache
def real_makeup_table() -> pd.DataFrame:
    """data/regions.csv as written (strings, blanks kept)."""
    return pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False)


@functools.cache
def real_dataset() -> Dataset:
    """data/ loaded as the app loads it (shared: do not modify)."""
    dataset, _ = load_dataset(DATA_DIR)
    return dataset


@functools.cache
def real_geography() -> MapGeography:
    """The map's geography of data/, as the app computes it."""
    admin1, countries = real_boundaries()
    return map_geography(admin1, countries, real_dataset().regions)


def real_view_data(filters: Filters | None = None) -> ViewData:
    """A fresh ViewData on the real data under filters (none: everything)."""
    return ViewData(real_dataset(), filters or Filters(), real_geography())


# -- a small world for the hand-built dataset of conftest.VALID -----------------------------
# Baghdad (IRQ-3241, Shia by its own row) between a Sunni IRQ-3242 to its west and an
# Iranian region (Shia by Iran's country row) to its east; Syria is only an outline.
SMALL_ADMIN1_BOXES = {
    "IRQ-3242": ("IRQ", "Ninawa", (43, 33, 44, 34)),
    "IRQ-3241": ("IRQ", "Baghdad", (44, 33, 45, 34)),
    "IRN-0001": ("IRN", "Kermanshah", (45, 33, 46, 34)),
}
SMALL_COUNTRY_BOXES = {
    "IRQ": ("Iraq", (43, 33, 45, 34)),
    "IRN": ("Iran", (45, 33, 46, 34)),
    "SYR": ("Syria", (40, 33, 43, 36)),
}
SUNNI_NINAWA_ROW = {
    "adm1_code": "IRQ-3242",
    "iso3": "IRQ",
    "admin1_name": "Ninawa",
    "majority": "sunni",
    "second_group": "kurdish",
    "majority_share_low": "",
    "majority_share_high": "",
    "as_of": "",
    "claim_ids": "c_ref_iraq",
    "note": "",
}


def small_boundaries() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The small world's admin-1 regions and country outlines."""
    admin1 = gpd.GeoDataFrame(
        {
            "adm1_code": list(SMALL_ADMIN1_BOXES),
            "iso3": [iso3 for iso3, _, _ in SMALL_ADMIN1_BOXES.values()],
            "name": [name for _, name, _ in SMALL_ADMIN1_BOXES.values()],
        },
        geometry=[shapely.box(*box) for _, _, box in SMALL_ADMIN1_BOXES.values()],
        crs="EPSG:4326",
    )
    countries = gpd.GeoDataFrame(
        {
            "iso3": list(SMALL_COUNTRY_BOXES),
            "name": [name for name, _ in SMALL_COUNTRY_BOXES.values()],
        },
        geometry=[shapely.box(*box) for _, box in SMALL_COUNTRY_BOXES.values()],
        crs="EPSG:4326",
    )
    return admin1, countries


def small_geography(dataset: Dataset) -> MapGeography:
    """The small world's geography under the dataset's make-up table."""
    admin1, countries = small_boundaries()
    return map_geography(admin1, countries, dataset.regions)
