"""Views computed once per (data on disk, filters, options, theme) and shared by sessions."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.analysis.evidence import display_names
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.model.load import Dataset
from dashboard.ui.data import cache_key
from dashboard.views.base import ViewData, ViewResult


# Few entries, and they expire: a cut of a million events holds copies of the rows it keeps
# (hundreds of MB), while the views cached from it are small.
@st.cache_resource(max_entries=3, ttl=900, show_spinner=False)
def _cut(key: tuple, filters: Filters, _full: Dataset) -> Dataset:
    # Keyed on the files on disk and the filters; shared read-only by every session.
    return filtered_dataset(_full, filters)


def filtered(full: Dataset, filters: Filters) -> Dataset:
    """filtered_dataset(full, filters), computed once per data on disk and filters."""
    return _cut(cache_key(), filters, full)


@st.cache_resource(max_entries=8, show_spinner=False)
def _names(key: tuple, _full: Dataset) -> dict[str, str]:
    return display_names(_full)


def names_of(full: Dataset) -> dict[str, str]:
    """display_names(full), gathered once per data on disk (shared read-only)."""
    return _names(cache_key(), full)


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
