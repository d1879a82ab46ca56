"""Every view by name: what a brief step, a link or an export names to say "this view".

A name maps to the view's options class and function, so a step stored as plain text
(a name and two query strings) can be computed again anywhere, without Streamlit.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.views import casualties
from dashboard.views.base import ViewResult
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
