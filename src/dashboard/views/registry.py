"""Every view by name: what a brief step, a link or an export names to say "this view".

A name maps to the view's options class and function, so a step stored as plain text
(a name and two query strings) can be computed again anywhere, without Streamlit.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.analysis.filters import dataset_links_by_actor
from dashboard.analysis.places import dataset_links, place_source_claims
from dashboard.model.load import Dataset, give_back_freed_memory
from dashboard.views import casualties
from dashboard.views.base import ViewData, ViewResult
from dashboard.views.fault_map import MapOptions, fault_map_view
from dashboard.views.network import NetworkOptions, network_view
from dashboard.views.overview import OverviewOptions, overview_view
from dashboard.views.timeline import TimelineOptions, timeline_view


@dataclass(frozen=True)
class ViewSpec:
    """One view: its options class, its function, and the page that shows it."""

    name: str
    label: str  # what a reader calls it
    options: type
    function: Callable[..., ViewResult]
    page: str  # the page file under pages/

    @property
    def takes_height(self) -> bool:
        """Whether the view function can be asked for a chart height (presentation mode)."""
        return "height" in inspect.signature(self.function).parameters


def _casualty_options() -> type:
    # The options class is being renamed (CasualtyOptions -> CasualtiesOptions): either.
    return getattr(casualties, "CasualtiesOptions", None) or casualties.CasualtyOptions


def _specs() -> dict[str, ViewSpec]:
    specs = [
        ViewSpec("overview", "Overview", OverviewOptions, overview_view, "pages/overview.py"),
        ViewSpec("fault_map", "Fault-lines map", MapOptions, fault_map_view, "pages/fault_map.py"),
        ViewSpec("timeline", "Timeline", TimelineOptions, timeline_view, "pages/timeline.py"),
        ViewSpec(
            "network", "Relationships", NetworkOptions, network_view, "pages/relationships.py"
        ),
        ViewSpec(
            "casualties",
            "Casualties and costs",
            _casualty_options(),
            casualties.casualties_view,
            "pages/casualties.py",
        ),
    ]
    return {spec.name: spec for spec in specs}


VIEWS: dict[str, ViewSpec] = _specs()


def view_spec(name: str) -> ViewSpec | None:
    """The view called name, or None when this version of the dashboard has no such view."""
    return VIEWS.get(name)


# Past this many events, the first view of each page after a load spends seconds building
# the link tables and lookups it keeps with the dataset (Dataset.derived): 1-4 s each at a
# million events. warm_up builds them once, before a reader asks.
WARM_UP_FROM_EVENTS = 50_000


def warm_up(full: Dataset) -> None:
    """Compute every view once on the whole dataset (results discarded), so the lookups
    each keeps with the Dataset are ready, and the map's links too."""
    dataset_links(full)
    place_source_claims(full)
    dataset_links_by_actor(full)  # for the first filter on an actor or a country
    data = ViewData(full)
    for spec in VIEWS.values():
        try:
            spec.function(data, spec.options(), theme="light")
        except Exception:
            # Only a head start: a view that fails here fails again in front of its reader,
            # who is told why; the warm-up must not stop the others.
            continue
    # The views' working copies of a million rows are freed, but the C heap keeps them
    # (130 MB at a million events) until told to give them back.
    give_back_freed_memory()
