"""Areas of militant control: which held on a date, where they lie, which months are sourced."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.analysis.makeup import blank_to_na
from dashboard.model.boundaries import CRS
from dashboard.model.columns import is_in


def control_areas_at(
    control_areas: pd.DataFrame, as_of: pd.Timestamp, *, published: pd.Timestamp | None
) -> pd.DataFrame:
    """The control areas that held on as_of, taken from the layer that speaks for that date.

    An at-publication row with no end means "still held when the article appeared", not
    "held for ever": after the publication date only the hindsight rows count.
    """
    layer = "at_publication" if published is None or as_of <= published else "after_publication"
    areas = control_areas[control_areas["layer"] == layer]
    held = (areas["start_date"] <= as_of) & (
        areas["end_date"].isna() | (areas["end_date"] >= as_of)
    )
    return areas[held]


def control_months(areas: pd.DataFrame, published: pd.Timestamp | None) -> list[str]:
    """Every month ('YYYY-MM') from the first control area to the last date any speaks for."""
    dates = pd.concat([areas["start_date"], areas["end_date"]]).dropna()
    if published is not None:
        dates = pd.concat([dates, pd.Series([published])])
    if dates.empty:
        return []
    return [str(p) for p in pd.period_range(dates.min(), dates.max(), freq="M")]


def control_area_shapes(
    control_areas: pd.DataFrame, admin1: gpd.GeoDataFrame, places: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """Control areas as shapes: a place's point where known, else its admin-1 polygon."""
    areas = blank_to_na(control_areas.copy())
    polygons = admin1.set_index("adm1_code").geometry
    points: dict[str, shapely.Point] = {}
    if places is not None and len(places) and len(areas) and "place_id" in areas:
        # Only the places the areas name (a million-event import has thousands of places).
        named = places[is_in(places["place_id"], areas["place_id"].dropna().astype(str))]
        located = blank_to_na(named.copy()).dropna(subset=["lat", "lon"])
        points = dict(
            zip(
                located["place_id"],
                shapely.points(located["lon"].astype(float), located["lat"].astype(float)),
            )
        )

    geometries, kinds = [], []
    for row in areas.itertuples():
        place = getattr(row, "place_id", pd.NA)
        code = getattr(row, "adm1_code", pd.NA)
        # A named place is drawn as a point: shading its whole province would claim far
        # more ground than the evidence does.
        if not pd.isna(place) and place in points:
            geometries.append(points[place])
            kinds.append("place")
        elif not pd.isna(code) and code in polygons.index:
            geometries.append(polygons[code])
            kinds.append("region" if pd.isna(place) else "region_of_place")
        else:
            geometries.append(None)
            kinds.append("unlocated")
    result = gpd.GeoDataFrame(areas.reset_index(drop=True), geometry=geometries, crs=CRS)
    result["shape_kind"] = kinds
    return result
