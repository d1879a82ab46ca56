"""Cached access to the dataset and its geography: loaded once per server process, again
when a data file changes. A session that imported its own data (the Your data page) reads
that folder instead; every other session keeps the curated data."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.analysis.geography import MapGeography, map_geography
from dashboard.model.boundaries import ADMIN1_FILE, COUNTRIES_FILE, load_boundaries
from dashboard.model.load import Dataset, DatasetDirectoryError
from dashboard.model.problems import Problem
from dashboard.model.snapshot import load_remembered, snapshot_store
from dashboard.ui.text import escape_markdown
from dashboard.views.registry import WARM_UP_FROM_EVENTS, warm_up

WARM_UP_THREAD = "fault-lines-warm-up"
REPO_ROOT = Path(__file__).resolve().parents[3]
# Per session (st.session_state): the reader's own imported data, set by the Your data page.
IMPORTED_KEY = "fault_lines_imported"


@dataclass(frozen=True)
class ImportedData:
    """A dataset a reader imported for their own session, and where it came from."""

    directory: Path  # inside the session's own temporary folder, never under the repository
    file_name: str  # as the reader's browser named it: text from outside, escape to show
    imported_at: datetime
    summary: str = ""


def default_data_dir() -> Path:
    """The dataset folder every session starts with: FAULT_LINES_DATA if set, else data/."""
    return Path(os.environ.get("FAULT_LINES_DATA", REPO_ROOT / "data"))


def imported_data() -> ImportedData | None:
    """The data this session imported and switched to, if any (and still on disk)."""
    chosen = st.session_state.get(IMPORTED_KEY)
    if isinstance(chosen, ImportedData) and chosen.directory.is_dir():
        return chosen
    # A folder that has gone (the system cleaned its temporary files): back to the default.
    st.session_state.pop(IMPORTED_KEY, None)
    return None


def data_dir() -> Path:
    """This session's dataset folder: its own imported data once the reader has switched to
    it, else FAULT_LINES_DATA if set, else data/.

    Read from st.session_state, never from a module global: one server process serves every
    reader, and one reader's upload must not change what another sees.
    """
    chosen = imported_data()
    return chosen.directory if chosen else default_data_dir()


def data_fingerprint(directory: Path) -> tuple:
    """Names, sizes and modification times of every data file (tables and boundaries):
    a cheap cache key that changes whenever someone edits the data."""
    files = sorted([*directory.glob("*.csv"), *directory.glob("geo/*.geojson")])
    return tuple(
        (str(path.relative_to(directory)), stat.st_size, stat.st_mtime_ns)
        for path in files
        for stat in [path.stat()]
    )


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _load(directory: str, fingerprint: tuple) -> tuple[Dataset, list[Problem]]:
    # cache_resource, not cache_data: the frames are shared read-only by every session
    # instead of being unpickled again on every rerun. fingerprint is only a cache key.
    # The folder every session starts with is read back from the last server start's
    # snapshot while neither its files nor the code changed. A reader's upload is never
    # copied there: it lives and goes with that reader's session.
    store = snapshot_store() if Path(directory) == default_data_dir() else None
    dataset, problems = load_remembered(Path(directory), store)
    if len(dataset.events) >= WARM_UP_FROM_EVENTS:
        # Once per loaded dataset, in the background: the first reader is not kept waiting.
        threading.Thread(target=warm_up, args=(dataset,), name=WARM_UP_THREAD, daemon=True).start()
    return dataset, problems


def load_cached(directory: Path) -> tuple[Dataset, list[Problem]]:
    """The dataset in directory and its problems, through the same cache as the pages."""
    return _load(str(directory), data_fingerprint(directory))


def dataset_or_stop() -> tuple[Dataset, list[Problem]]:
    """The dataset and its problems; if the folder is missing, say so in the page and stop."""
    directory = data_dir()
    try:
        if not directory.is_dir():
            raise DatasetDirectoryError(
                f"No dataset directory at {directory}: it does not exist or is not a folder."
            )
        return _load(str(directory), data_fingerprint(directory))
    except (DatasetDirectoryError, OSError) as error:
        st.error(
            f"**The dashboard has no data to show.** {escape_markdown(error)}\n\n"
            "Restore the `data/` folder of the repository, or point the app at a dataset "
            "folder with the environment variable `FAULT_LINES_DATA`.",
            icon=":material/folder_off:",
        )
        st.stop()


@st.cache_resource(show_spinner="Loading boundaries…", max_entries=4)
def _boundaries(directory: str, fingerprint: tuple) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return load_boundaries(f"{directory}/geo")


@st.cache_resource(show_spinner="Computing the fault lines…", max_entries=4)
def _geography(directory: str, fingerprint: tuple, _regions_table: pd.DataFrame) -> MapGeography:
    # Keyed on the data files' fingerprint: the make-up table (skipped for hashing) comes
    # from the same files, so the same fingerprint means the same geometry.
    admin1, countries = _boundaries(directory, fingerprint)
    return map_geography(admin1, countries, _regions_table)


def geography_or_note(full: Dataset) -> tuple[MapGeography | None, str]:
    """The map's geography, or None and a sentence saying why there is none."""
    directory = data_dir()
    geo_dir = directory / "geo"
    if not (geo_dir / ADMIN1_FILE).is_file() or not (geo_dir / COUNTRIES_FILE).is_file():
        if imported_data():  # the reader's own upload: its temporary path means nothing to them
            return None, (
                f"No map: your data has no boundaries (geo/{ADMIN1_FILE} and "
                f"geo/{COUNTRIES_FILE} in the zip). Every other view works without them."
            )
        return None, (
            f"No map: there are no boundaries in {geo_dir} ({ADMIN1_FILE} and "
            f"{COUNTRIES_FILE}). Every other view works without them."
        )
    try:
        return _geography(str(directory), data_fingerprint(directory), full.regions), ""
    except Exception as error:
        # Whatever made a boundary file unreadable (GDAL, JSON, a missing column), the
        # reader gets the same note and the rest of the page still renders.
        return None, f"No map: the boundary files in {geo_dir} could not be read: {error}"


def cache_key() -> tuple:
    """A key that changes whenever the data on disk does (for caches of derived views)."""
    directory = data_dir()
    return (str(directory), data_fingerprint(directory))
