"""Boundaries and the geography computed from them, once per version of the data files."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.analysis import geo
from dashboard.model.load import Dataset
from dashboard.ui.data import data_dir, data_fingerprint
from dashboard.ui.text import escape_markdown


@dataclass(frozen=True)
class MapGeography:
    """Everything the maps draw that does not depend on the filters."""

    regions: gpd.GeoDataFrame  # admin-1 regions with their make-up
    countries: gpd.GeoDataFrame  # country outlines (the quiet base layer)
    fault_lines: gpd.GeoDataFrame
    unmatched: pd.DataFrame  # make-up rows that match no region
    country_names: dict[str, str]  # ISO3 -> name of every country drawn by region


@st.cache_resource(show_spinner="Loading boundaries…", max_entries=4)
def _boundaries(directory: str, fingerprint: tuple) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return geo.load_boundaries(f"{directory}/geo")


@st.cache_resource(show_spinner="Computing the fault lines…", max_entries=4)
def _geography(directory: str, fingerprint: tuple, _regions_table: pd.DataFrame) -> MapGeography:
    # Keyed on the data files' fingerprint: the make-up table (skipped for hashing) comes
    # from the same files, so the same fingerprint means the same geometry.
    admin1, countries = _boundaries(directory, fingerprint)
    regions = geo.regions_with_makeup(admin1, _regions_table)
    return MapGeography(
        regions=regions,
        countries=countries,
        fault_lines=geo.fault_line_segments(regions),
        unmatched=geo.unmatched_makeup_rows(admin1, _regions_table),
        country_names=geo.mapped_countries(regions, countries),
    )


def map_geography(full_dataset: Dataset) -> MapGeography | None:
    """The map's geography from the unfiltered dataset, or None (with a note) without boundaries.

    Make-up is geography, not a filtered view: a country filter zooms the map but must not
    turn the neighbours' regions into "not sourced".
    """
    directory = data_dir()
    if not (directory / "geo" / "admin1.geojson").is_file():
        st.info(
            f"No map: there are no boundaries in {directory / 'geo'} (admin1.geojson and "
            "countries.geojson). Every other view works without them.",
            icon=":material/map:",
        )
        return None
    try:
        return _geography(str(directory), data_fingerprint(directory), full_dataset.regions)
    except Exception as error:
        # Whatever made a boundary file unreadable (GDAL, JSON, a missing column), the
        # reader gets the same note and the rest of the page still renders.
        st.warning(
            f"The boundary files in {directory / 'geo'} could not be read: {escape_markdown(error)}"
        )
        return None


def boundary_country_names() -> dict[str, str]:
    """ISO3 -> country name from the boundary files; empty (quietly) without them."""
    directory = data_dir()
    if not (directory / "geo" / "countries.geojson").is_file():
        return {}
    try:
        _admin1, countries = _boundaries(str(directory), data_fingerprint(directory))
    except Exception:  # the map page explains unreadable boundaries; the sidebar just goes on
        return {}
    return dict(zip(countries["iso3"], countries["name"]))
