"""Views computed once per (data on disk, filters, options, theme) and shared by sessions."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence

import streamlit as st

from dashboard.analysis.evidence import display_names
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.analysis.geography import MapGeography
from dashboard.model.load import Dataset
from dashboard.model.problems import Problem
from dashboard.ui.data import cache_key, data_dir, geography_or_note, load_cached
from dashboard.views.base import ViewData, ViewResult
from dashboard.views.overview import (
    DRAWING_ORDER,
    SMALL_VIEWS,
    OverviewOptions,
    overview_view,
)


# Few entries, and they expire: a cut of a million events holds copies of the rows it keeps
# (up to 150 MB), while the views cached from it are small. Pages ask for a cut only when a
# view is computed (see with_shared_cut): a filter whose views are cached needs none.
@st.cache_resource(max_entries=2, ttl=900, show_spinner=False)
def _cut(key: tuple, filters: Filters, _full: Dataset) -> Dataset:
    # Keyed on the files on disk and the filters; shared read-only by every session.
    return filtered_dataset(_full, filters)


def filtered(full: Dataset, filters: Filters) -> Dataset:
    """filtered_dataset(full, filters), computed once per data on disk and filters."""
    return _cut(cache_key(), filters, full)


@st.cache_resource(max_entries=8, show_spinner=False)
def _names(key: tuple, _full: Dataset) -> dict[str, str]:
    return display_names(_full)


class NamesOnDemand(Mapping[str, str]):
    """display_names(full), gathered the first time a view reads a name: once per data on
    disk, shared read-only by every session.

    Indexing a million imported events' ids takes about 0.2 s and 60 MB, and most pages
    never read a name (the Evidence page and a clicked record do): not done for them.
    """

    def __init__(self, key: tuple, full: Dataset) -> None:
        self._key, self._full = key, full

    def _all(self) -> dict[str, str]:
        return _names(self._key, self._full)

    def __getitem__(self, record_id: str) -> str:
        return self._all()[record_id]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def names_of(full: Dataset) -> Mapping[str, str]:
    """display_names(full) on demand, gathered once per data on disk (shared read-only)."""
    return NamesOnDemand(cache_key(), full)


@st.cache_resource(max_entries=256, show_spinner=False)
def _cached_view(name: str, key: tuple, filters, options, theme: str, _view, _data) -> ViewResult:
    # The key (files on disk), the filters, the options and the theme decide the result:
    # _data is derived from them, so it is skipped for hashing. The result is shared by
    # every session: pages only read it (never update a cached figure in place).
    return _view(_data, options, theme=theme)


def cached_view(
    view: Callable[..., ViewResult], data: ViewData, options, *, theme: str
) -> ViewResult:
    """view(data, options, theme=theme), computed once for each distinct input."""
    name = f"{view.__module__}.{view.__qualname__}"
    return _cached_view(name, cache_key(), data.filters, options, theme, view, data)


def page_data(
    full: Dataset,
    problems: Sequence[Problem],
    filters: Filters,
    geography: MapGeography | None,
    geography_note: str,
) -> ViewData:
    """What every page's views read, with the shared cut and names of this data on disk."""
    data = ViewData(
        full, filters, geography, geography_note, tuple(problems), known_names=names_of(full)
    )
    return with_shared_cut(data)


def with_shared_cut(data: ViewData) -> ViewData:
    """data cut through the shared cache of cuts (filtered), when a view first asks."""
    return dataclasses.replace(data, cut=functools.partial(filtered, data.full, data.filters))


def warm_first_page() -> None:
    """Compute, into the shared caches, what a first reader of the Overview asks for: the
    default data, its geography, the cut for the sidebar's default filters and the
    Overview's views in the light theme.

    The launcher runs this while the server comes up and the first browser loads
    Streamlit's scripts (about a second): that reader's page then finds its charts made
    instead of importing, loading and drawing them first. Outside a session
    st.session_state is empty, so data_dir() is the default folder, as for a new reader.
    """
    full, problems = load_cached(data_dir())
    geography, geography_note = geography_or_note(full)
    # Filters(): the sidebar's choice until the reader changes it
    data = page_data(full, problems, Filters(), geography, geography_note)
    # In the page's order: the chart it shows first is the first one ready.
    for part in DRAWING_ORDER:
        if part == "text":
            cached_view(overview_view, data, OverviewOptions(charts=False), theme="light")
        elif part != "map" or geography is not None:
            function, options, _page, _label = SMALL_VIEWS[part]
            cached_view(function, data, options, theme="light")
