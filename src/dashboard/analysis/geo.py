"""Geography of the fault lines: boundaries, sectarian make-up, and the borders between them.

Pure functions on (Geo)DataFrames. The one loader, `load_boundaries`, takes a directory so
tests and analysts can point it anywhere; caching belongs to `dashboard.ui`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

CRS = "EPSG:4326"
MAKEUP_COLUMNS = (
    "majority",
    "second_group",
    "majority_share_low",
    "majority_share_high",
    "as_of",
    "claim_ids",
    "note",
)
# A border touching a "mixed" region separates no two communities: the mixing is inside
# the region, so drawing it would invent a line. "none" marks places with no population
# to speak of (e.g. the UNDOF zone). Unknown (empty) majorities are always skipped.
DEFAULT_IGNORED_GROUPS = ("mixed", "none")
_GEOD = Geod(ellps="WGS84")


def load_boundaries(geo_dir: str | Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The admin-1 regions and the country outlines stored in geo_dir."""
    geo_dir = Path(geo_dir)
    admin1 = gpd.read_file(geo_dir / "admin1.geojson").set_crs(CRS, allow_override=True)
    countries = gpd.read_file(geo_dir / "countries.geojson").set_crs(CRS, allow_override=True)
    return admin1, countries


def _blank_to_na(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with empty or whitespace-only strings turned into NA."""
    return frame.apply(
        lambda col: col.map(lambda v: pd.NA if isinstance(v, str) and not v.strip() else v)
    )


def _makeup_split(regions_table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table's admin-1 rows and its country-level rows (adm1_code empty)."""
    table = _blank_to_na(regions_table.copy())
    for column in MAKEUP_COLUMNS:
        if column not in table.columns:
            table[column] = pd.NA
    own = table[table["adm1_code"].notna()]
    country = table[table["adm1_code"].isna() & table["iso3"].notna()]
    return own, country


def regions_with_makeup(admin1: gpd.GeoDataFrame, regions_table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Admin-1 regions with their make-up; country rows fill regions that have no own row."""
    own, country = _makeup_split(regions_table)
    columns = list(MAKEUP_COLUMNS)
    by_code = own.drop_duplicates("adm1_code").set_index("adm1_code")[columns]
    by_iso = country.drop_duplicates("iso3").set_index("iso3")[columns]

    result = admin1.copy()
    has_own = result["adm1_code"].isin(by_code.index)
    has_country = ~has_own & result["iso3"].isin(by_iso.index)
    for column in columns:
        values = pd.Series(pd.NA, index=result.index, dtype=object)
        values[has_own] = result.loc[has_own, "adm1_code"].map(by_code[column])
        values[has_country] = result.loc[has_country, "iso3"].map(by_iso[column])
        result[column] = values
    # An explicit row with an empty majority means "not sourced": it wins over the country
    # default on purpose, so a region is never coloured by a guess.
    result["makeup_level"] = np.select([has_own, has_country], ["admin1", "country"], None)
    for column in ("majority_share_low", "majority_share_high"):
        result[column] = pd.to_numeric(result[column], errors="coerce")
    return result


def unmatched_makeup_rows(admin1: gpd.GeoDataFrame, regions_table: pd.DataFrame) -> pd.DataFrame:
    """Make-up rows that match no boundary (unknown adm1_code, or a country with no regions)."""
    own, country = _makeup_split(regions_table)
    bad_own = own[~own["adm1_code"].isin(admin1["adm1_code"])]
    bad_country = country[~country["iso3"].isin(admin1["iso3"])]
    return pd.concat([bad_own, bad_country]).sort_index()


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


def control_area_shapes(
    control_areas: pd.DataFrame, admin1: gpd.GeoDataFrame, places: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """Control areas as shapes: a place's point where known, else its admin-1 polygon."""
    areas = _blank_to_na(control_areas.copy())
    polygons = admin1.set_index("adm1_code").geometry
    points: dict[str, shapely.Point] = {}
    if places is not None and len(places):
        located = _blank_to_na(places.copy()).dropna(subset=["lat", "lon"])
        points = {
            row.place_id: shapely.Point(float(row.lon), float(row.lat))
            for row in located.itertuples()
        }

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


def place_markers(places: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One marker per place: its name, position, and the events there with dates and types.

    Events share places (three sets of talks in Geneva), so one labelled marker per place
    keeps labels legible on a projector; the hover lists every event at it.
    """
    located = events[events["place_id"] != ""]
    by_place = located.sort_values("start_date").groupby("place_id")
    listed = pd.DataFrame(
        {
            "date": by_place["start"].agg(" / ".join),
            "type": by_place["event_type"].agg(lambda t: ", ".join(dict.fromkeys(t))),
            "events": by_place["title"].agg(" · ".join),
            "event_count": by_place.size(),
        }
    )
    markers = places.set_index("place_id").join(listed, how="left").reset_index()
    markers["type"] = markers["type"].fillna("")
    markers["event_count"] = markers["event_count"].fillna(0).astype(int)
    markers = markers.fillna({"date": "", "events": ""})
    return markers.rename(columns={"place_id": "id", "kind": "place_kind"})[
        [
            "id",
            "name",
            "place_kind",
            "lat",
            "lon",
            "country",
            "date",
            "type",
            "events",
            "event_count",
        ]
    ]


def share_range_text(low: float, high: float) -> str:
    """A share range as percent text ("60–80%", "85%"); empty when neither end is sourced."""
    if pd.isna(low) and pd.isna(high):
        return ""
    low = high if pd.isna(low) else low
    high = low if pd.isna(high) else high
    return f"{low:.0%}" if abs(low - high) < 1e-9 else f"{low:.0%}–{high:.0%}"


def makeup_table(regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """The map's regions as a plain table, for readers who cannot use the map."""
    return pd.DataFrame(
        {
            "region": regions["name"],
            "country": regions["iso3"],
            "majority": regions["majority"].fillna("not sourced"),
            "second group": regions["second_group"].fillna(""),
            "majority share": [
                share_range_text(low, high)
                for low, high in zip(regions["majority_share_low"], regions["majority_share_high"])
            ],
            "as of": regions["as_of"].fillna(""),
            "level": regions["makeup_level"].fillna(""),
            "claims": regions["claim_ids"].fillna(""),
            "note": regions["note"].fillna(""),
            "adm1_code": regions["adm1_code"],
        }
    ).sort_values(["country", "region"])


def clicked_record(points: list[dict], dataset) -> tuple[str, str] | None:
    """(table, key) of the first clicked map item: a place, a control area or a region.

    A region coloured by its country's make-up row answers with that row (key = ISO3).
    """
    regions = dataset.regions
    country_rows = set(regions.loc[regions["adm1_code"] == "", "iso3"])
    for point in points:
        custom = point.get("customdata")
        key = str(custom[0] if isinstance(custom, list | tuple) else custom or "")
        key = key or str(point.get("location", ""))
        if not key:
            continue  # a line or the base layer: nothing to trace
        if key in set(dataset.places["place_id"]):
            return "places", key
        if key in set(dataset.control_areas["area_id"]):
            return "control_areas", key
        if key in set(regions["adm1_code"]):
            return "regions", key
        if key.split("-")[0] in country_rows:
            return "regions", key.split("-")[0]
    return None


def mapped_countries(regions: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> dict[str, str]:
    """ISO3 -> name of every country drawn by region, sorted by name (for a zoom picker)."""
    names = dict(zip(countries["iso3"], countries["name"]))
    codes = set(regions["iso3"])
    return dict(sorted(((c, names.get(c, c)) for c in codes), key=lambda item: item[1]))


MAP_FILES = ("regions.csv", "places.csv", "control_areas.csv")


def problems_off_the_map(problems: list) -> list:
    """The data problems that cost the map a region, place, area or event position."""
    return [
        p
        for p in problems
        if p.file in MAP_FILES or (p.file == "events.csv" and p.column == "place_id")
    ]


def events_without_place(events: pd.DataFrame) -> pd.DataFrame:
    """Events that cannot be put on the map: no place, or a place that was left out."""
    return events.loc[events["place_id"] == "", ["event_id", "title", "start", "end"]]


@dataclass(frozen=True)
class FaultMapView:
    """What the map page draws and tabulates for one choice of filters and controls."""

    control_areas: gpd.GeoDataFrame  # the areas held on the chosen date, as shapes
    markers: pd.DataFrame  # one row per place, with its events
    makeup: pd.DataFrame  # the regions in view as a plain table
    unplaced: pd.DataFrame  # events that cannot be drawn


def fault_map_view(
    dataset,
    regions: gpd.GeoDataFrame,
    *,
    as_of: pd.Timestamp,
    published: pd.Timestamp | None,
    focus_iso3: str | None,
    names_from=None,
) -> FaultMapView:
    """The filtered dataset turned into the map's layers and tables.

    names_from (the unfiltered dataset) names holders that a filter left out of the actors.
    """
    held = control_areas_at(dataset.control_areas, as_of, published=published)
    actors = (names_from or dataset).actors
    names = dict(zip(actors["actor_id"], actors["name"]))
    held = held.assign(controller_name=held["controller"].map(names).fillna(held["controller"]))
    admin1 = regions[["adm1_code", "iso3", "geometry"]]
    in_focus = regions if focus_iso3 is None else regions[regions["iso3"] == focus_iso3]
    return FaultMapView(
        control_areas=control_area_shapes(held, admin1, dataset.places),
        markers=place_markers(dataset.places, dataset.events),
        makeup=makeup_table(in_focus),
        unplaced=events_without_place(dataset.events),
    )
