"""Cached access to the dataset: loaded once per server process, reloaded when a file changes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.model.load import Dataset, DatasetDirectoryError, load_dataset
from dashboard.model.problems import Problem
from dashboard.ui.shell import run_through_app_shell
from dashboard.ui.sidebar import current_filters

REPO_ROOT = Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """The dataset folder: FAULT_LINES_DATA if set (an analyst's own data), else data/."""
    return Path(os.environ.get("FAULT_LINES_DATA", REPO_ROOT / "data"))


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
    return load_dataset(directory)


def dataset_or_stop() -> tuple[Dataset, list[Problem]]:
    """The dataset and its problems; if the folder is missing, say so in the page and stop."""
    run_through_app_shell()
    directory = data_dir()
    try:
        if not directory.is_dir():
            raise DatasetDirectoryError(
                f"No dataset directory at {directory}: it does not exist or is not a folder."
            )
        return _load(str(directory), data_fingerprint(directory))
    except (DatasetDirectoryError, OSError) as error:
        st.error(
            f"**The dashboard has no data to show.** {error}\n\n"
            "Restore the `data/` folder of the repository, or point the app at a dataset "
            "folder with the environment variable `FAULT_LINES_DATA`.",
            icon=":material/folder_off:",
        )
        st.stop()


@dataclass(frozen=True)
class View:
    """What every page starts from: the data as loaded, the reader's filters, and their cut."""

    full: Dataset  # every sound row: names, geography, the article itself
    dataset: Dataset  # what the sidebar filters let through
    filters: Filters
    problems: list[Problem]


def current_view() -> View:
    """The dataset (or a stop with a message), the sidebar's filters, and the filtered data."""
    full, problems = dataset_or_stop()
    filters = current_filters()
    return View(full, filtered_dataset(full, filters), filters, problems)
