"""Fault lines: the borders between touching regions whose majority groups differ.

Computed from the boundaries with a spatial index, never drawn by hand.
"""

from __future__ import annotations

from collections.abc import Collection

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

from dashboard.model.boundaries import CRS

# A border touching a "mixed" region separates no two communities: the mixing is inside
# the region, so drawing it would invent a line. "none" marks places with no population
# to speak of (e.g. the UNDOF zone). Unknown (empty) majorities are always skipped.
DEFAULT_IGNORED_GROUPS = ("mixed", "none")
_GEOD = Geod(ellps="WGS84")


def _line_parts(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The merged line parts of a geometry; None when it has no length (point contacts)."""
    parts = [p for p in shapely.get_parts(geom) if isinstance(p, shapely.LineString)]
    for part in shapely.get_parts(geom):
        # A GeometryCollection may hold MultiLineStrings one level down.
        if isinstance(part, shapely.MultiLineString):
            parts.extend(shapely.get_parts(part))
    parts = [p for p in parts if p.length > 0]
    if not parts:
        return None
    return shapely.line_merge(shapely.MultiLineString(parts))


def fault_line_segments(
    regions: gpd.GeoDataFrame,
    *,
    group_column: str = "majority",
    code_column: str = "adm1_code",
    ignore_groups: Collection[str] = DEFAULT_IGNORED_GROUPS,
) -> gpd.GeoDataFrame:
    """The shared borders of touching regions whose groups differ, one row per pair."""
    columns = [
        "left_code",
        "right_code",
        "left_group",
        "right_group",
        "left_iso3",
        "right_iso3",
        "cross_border",
        "length_km",
    ]
    groups = regions[group_column]
    usable = regions[groups.notna() & ~groups.isin(list(ignore_groups))].reset_index(drop=True)
    empty = gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs=CRS)
    if len(usable) < 2:
        return empty

    geoms = usable.geometry.to_numpy()
    # The spatial index finds candidate neighbours; regions of one coverage share edges
    # exactly, so the intersection of their boundaries is the common border itself.
    left, right = usable.sindex.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    differ = usable[group_column].to_numpy()[left] != usable[group_column].to_numpy()[right]
    left, right = left[differ], right[differ]
    if len(left) == 0:
        return empty

    shared = shapely.intersection(shapely.boundary(geoms[left]), shapely.boundary(geoms[right]))
    lines = [_line_parts(g) for g in shared]
    found = np.array([g is not None for g in lines])
    left, right = left[found], right[found]
    lines = [g for g in lines if g is not None]
    if not lines:
        return empty

    iso = usable["iso3"].to_numpy() if "iso3" in usable else np.full(len(usable), None)
    codes = usable[code_column].to_numpy()
    group_values = usable[group_column].to_numpy()
    # Order each pair by code so the same border always reads the same way round.
    swap = codes[left].astype(str) > codes[right].astype(str)
    a = np.where(swap, right, left)
    b = np.where(swap, left, right)
    result = gpd.GeoDataFrame(
        {
            "left_code": codes[a],
            "right_code": codes[b],
            "left_group": group_values[a],
            "right_group": group_values[b],
            "left_iso3": iso[a],
            "right_iso3": iso[b],
            "cross_border": iso[a] != iso[b],
            "length_km": [_GEOD.geometry_length(g) / 1000 for g in lines],
        },
        geometry=lines,
        crs=CRS,
    )
    return result.sort_values(["left_code", "right_code"]).reset_index(drop=True)
