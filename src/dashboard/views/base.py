"""What every view is computed from (ViewData), what it returns (ViewResult), and how its
options travel in a link (to_query / from_query)."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.evidence import display_names
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.analysis.geography import MapGeography
from dashboard.model.load import Dataset
from dashboard.model.problems import Problem


@dataclass(frozen=True)
class ViewData:
    """The data a view is computed from: all of it, the reader's filters, and their cut."""

    full: Dataset  # every sound row: names, geography, the article itself
    filters: Filters = field(default_factory=Filters)
    geography: MapGeography | None = None  # None when the dataset has no usable boundaries
    geography_note: str = ""  # why there is no geography, in a sentence
    problems: tuple[Problem, ...] = ()
    # filtered_dataset(full, filters) when the caller already has it, or a function giving
    # it (the app's cache of cuts per data and filters, asked only when a view is computed:
    # a rerun whose views are all cached does not need the cut at all).
    cut: Dataset | Callable[[], Dataset] | None = field(default=None, compare=False, repr=False)
    # display_names(full) when the caller already has it (a million events' ids take
    # time and memory to index; the app indexes them once per data on disk).
    known_names: Mapping[str, str] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def dataset(self) -> Dataset:
        """What the filters let through (computed once per ViewData)."""
        if self.cut is None:
            return filtered_dataset(self.full, self.filters)
        return self.cut() if callable(self.cut) else self.cut

    @cached_property
    def names(self) -> Mapping[str, str]:
        """actor or event id -> display name, from the unfiltered data (see display_names)."""
        return self.known_names if self.known_names is not None else display_names(self.full)


# A chart lower than this is a thumbnail (the Overview's small charts): the figure alone.
# Its tables and sources are its page's, and the balance series of a network or the latest
# events' table of a timeline would take a third of the thumbnail's time, unseen.
THUMBNAIL_HEIGHT_PX = 500


def is_thumbnail(height: int | None) -> bool:
    """Whether a view drawn height pixels high is a thumbnail (see THUMBNAIL_HEIGHT_PX)."""
    return height is not None and height < THUMBNAIL_HEIGHT_PX


@dataclass(frozen=True)
class ViewResult:
    """Everything a page, a brief step or an export shows of one view."""

    title: str
    takeaway: str  # one line, written from the data
    figures: Mapping[str, go.Figure] = field(default_factory=dict)  # the main one first
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)  # the sources behind it
    subtitle: str = ""
    caveats: tuple[str, ...] = ()  # what the view could not show, and why

    @property
    def figure(self) -> go.Figure | None:
        """The view's main figure, if it has one."""
        return next(iter(self.figures.values()), None)


# -- options in links ---------------------------------------------------------------------

Query = dict[str, list[str]]


def _kind(annotation) -> type:
    """The value type of a field annotation: tuple, bool, int, date or str."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):  # X | None
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        origin = typing.get_origin(annotation)
    if origin is tuple or annotation is tuple:
        return tuple
    return annotation if annotation in (bool, int, date) else str


def to_query(options) -> Query:
    """The options as query parameters, leaving out what equals the default (short links)."""
    defaults = type(options)()
    hints = typing.get_type_hints(type(options))
    query: Query = {}
    for spec in dataclasses.fields(options):
        value = getattr(options, spec.name)
        if value == getattr(defaults, spec.name):
            continue
        kind = _kind(hints[spec.name])
        if kind is tuple:
            query[spec.name] = [str(v) for v in value] or [""]
        elif value is None:
            query[spec.name] = [""]
        elif kind is bool:
            query[spec.name] = ["true" if value else "false"]
        elif kind is date:
            query[spec.name] = [value.isoformat()]
        else:
            query[spec.name] = [str(value)]
    return query


def from_query(cls, query: Mapping[str, str | Sequence[str]]):
    """An options value of cls from query parameters; unknown or malformed values are
    left at their defaults (a link edited by hand never breaks a page)."""
    defaults = cls()
    hints = typing.get_type_hints(cls)
    values = {}
    for spec in dataclasses.fields(cls):
        if spec.name not in query:
            continue
        raw = query[spec.name]
        items = [raw] if isinstance(raw, str) else list(raw)
        kind = _kind(hints[spec.name])
        try:
            if kind is tuple:
                values[spec.name] = tuple(item for item in items if item)
            elif not items or items[-1] == "":
                values[spec.name] = getattr(defaults, spec.name)  # empty: the default
            elif kind is bool:
                values[spec.name] = ("false", "0", "no", "off", "true", "1", "yes", "on").index(
                    items[-1].lower()
                ) >= 4
            elif kind is int:
                values[spec.name] = int(items[-1])
            elif kind is date:
                values[spec.name] = date.fromisoformat(items[-1])
            else:
                values[spec.name] = items[-1]
        except ValueError:
            continue
    return dataclasses.replace(defaults, **values)
