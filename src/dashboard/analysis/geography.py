"""The map's geography: everything drawn that does not depend on the filters."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.analysis.fault_lines import fault_line_segments
from dashboard.analysis.makeup import (
    makeup_rows,
    mapped_countries,
    regions_with_makeup,
    shia_branches,
    unmatched_makeup_rows,
)
from dashboard.model.load import derived_memo

Bounds = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
T = TypeVar("T")

# Drawings kept with a geography (MapGeography.kept): a frame's base layers weigh a few
# MB, and a reader moves between a few frames (the whole region, a country or two).
KEPT_DRAWINGS = 8
# One lock for every geography's drawings: what it guards takes microseconds.
_KEPT_LOCK = threading.Lock()


@dataclass(frozen=True)
class MapGeography:
    """Boundaries with their make-up and the fault lines computed from them."""

    regions: gpd.GeoDataFrame  # admin-1 regions with their religious make-up
    countries: gpd.GeoDataFrame  # country outlines (the quiet base layer)
    fault_lines: gpd.GeoDataFrame  # between religious majorities
    unmatched: pd.DataFrame  # make-up rows that match no region
    country_names: dict[str, str]  # ISO3 -> name of every country drawn by region
    ethnic_regions: gpd.GeoDataFrame | None = None  # the same regions, by ethnic majority
    ethnic_fault_lines: gpd.GeoDataFrame | None = None

    def makeup(self, kind: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """The regions and fault lines of one kind of make-up ('religion' or 'ethnicity')."""
        if kind == "ethnicity" and self.ethnic_regions is not None:
            return self.ethnic_regions, self.ethnic_fault_lines
        return self.regions, self.fault_lines

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), worked out once per geography and kept with it (as Dataset.derived):
        for the few drawings no frame changes (a make-up's world layers, per theme)."""
        return derived_memo(self, key, compute)

    def kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), kept with the geography for the KEPT_DRAWINGS keys last asked for.

        For drawings of the geography alone (a frame's base layers): every session showing
        this dataset shares the geography, so each may share what is drawn from it. Two
        sessions asking at once may both compute; either result is the same.
        """
        memo = self.__dict__.setdefault("_kept", OrderedDict())  # frozen: as Dataset.derived
        with _KEPT_LOCK:
            if key in memo:
                memo.move_to_end(key)
                return memo[key]
        value = compute()
        with _KEPT_LOCK:
            memo[key] = value
            memo.move_to_end(key)
            while len(memo) > KEPT_DRAWINGS:
                memo.popitem(last=False)
        return value


def map_geography(
    admin1: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, regions_table: pd.DataFrame
) -> MapGeography:
    """The geography of the unfiltered make-up table.

    Make-up is geography, not a filtered view: a country filter zooms the map but must not
    turn the neighbours' regions into "not sourced".
    """
    regions = regions_with_makeup(admin1, regions_table)
    # The Shia branch each region's make-up row names: the religious map's hover and the
    # legend of highlighted groups read it on every redraw.
    regions = regions.assign(shia_branch=shia_branches(regions, regions_table))
    ethnic = regions_with_makeup(admin1, makeup_rows(regions_table, "ethnicity"))
    return MapGeography(
        regions=regions,
        countries=countries,
        fault_lines=fault_line_segments(regions),
        unmatched=unmatched_makeup_rows(admin1, regions_table),
        country_names=mapped_countries(regions, countries),
        ethnic_regions=ethnic,
        ethnic_fault_lines=fault_line_segments(ethnic),
    )


def outline_names(geography: MapGeography | None) -> dict[str, str]:
    """ISO3 -> name of every country with an outline (empty without geography)."""
    if geography is None:
        return {}
    return dict(zip(geography.countries["iso3"], geography.countries["name"]))


def focus_bounds(geography: MapGeography, iso3s: Collection[str] = ()) -> Bounds:
    """Padded lon/lat bounds of the union of the chosen countries, else of every region."""
    regions, countries = geography.regions, geography.countries
    frame = regions[regions["iso3"].isin(list(iso3s))]
    missing = set(iso3s) - set(frame["iso3"])
    if missing:  # a country drawn only as a base outline still has a place to zoom to
        frame = pd.concat([frame, countries[countries["iso3"].isin(list(missing))]])
    if frame.empty:
        frame = regions
    minx, miny, maxx, maxy = shapely.total_bounds(frame.geometry.to_numpy())
    pad_x, pad_y = max((maxx - minx) * 0.06, 0.5), max((maxy - miny) * 0.06, 0.5)
    return minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y
