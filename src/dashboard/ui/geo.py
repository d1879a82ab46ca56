"""Boundaries and the geography computed from them, once per server process."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.analysis import geo
from dashboard.model.load import Dataset
from dashboard.ui.data import data_dir


@st.cache_resource(show_spinner="Loading boundaries…")
def boundaries(directory: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Admin-1 regions and country outlines of directory/geo (read once, shared)."""
    return geo.load_boundaries(f"{directory}/geo")


@st.cache_resource(show_spinner="Computing fault lines…", max_entries=8)
def _makeup_and_fault_lines(
    directory: str, _regions_table: pd.DataFrame, regions_key: int
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    # Keyed on a hash of the make-up rows computed by the caller (Streamlit cannot hash a
    # GeoDataFrame), so every filter that keeps the same rows reuses the same geometry.
    admin1, _countries = boundaries(directory)
    regions = geo.regions_with_makeup(admin1, _regions_table)
    return (
        regions,
        geo.fault_line_segments(regions),
        geo.unmatched_makeup_rows(admin1, _regions_table),
    )


def map_geography(
    dataset: Dataset,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """(regions with make-up, country outlines, fault lines, make-up rows matching no region)."""
    directory = str(data_dir())
    _admin1, countries = boundaries(directory)
    key = int(pd.util.hash_pandas_object(dataset.regions, index=False).sum())
    regions, fault_lines, unmatched = _makeup_and_fault_lines(directory, dataset.regions, key)
    return regions, countries, fault_lines, unmatched
