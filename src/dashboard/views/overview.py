"""The Overview: the article's thesis in its own words, what is in view, where the fault
lines run, and the article's numbers against the references."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.article import article_summary, disagreements
from dashboard.analysis.evidence import cited_sources
from dashboard.analysis.figures import article_figures_against_references
from dashboard.analysis.geography import focus_bounds
from dashboard.analysis.places import place_markers
from dashboard.charts.fault_map import MapLayers, fault_line_map
from dashboard.model.load import Dataset
from dashboard.views.base import ViewData, ViewResult

SMALL_MAP_HEIGHT = 460


@dataclass(frozen=True)
class OverviewOptions:
    """The Overview has no options of its own: it follows the sidebar's filters."""


def record_counts(dataset: Dataset) -> pd.DataFrame:
    """How many actors, events, ties, figures, sources and discrepancies are in view."""
    counts = {
        "Actors": len(dataset.actors),
        "Events": len(dataset.events),
        "Ties": len(dataset.relations),
        "Figures": len(dataset.figures),
        "Sources": len(dataset.sources),
        "Discrepancies": len(dataset.discrepancies),
    }
    return pd.DataFrame({"what": list(counts), "count": list(counts.values())})


def _takeaway(figures: pd.DataFrame, notes: pd.DataFrame) -> str:
    disputed = int((figures["discrepancy"] != "").sum())
    parts = []
    if len(figures):
        parts.append(f"{disputed} of the article's {len(figures)} figures in view differ from")
        parts[-1] += " the references"
    if len(notes):
        parts.append(f"{len(notes)} of its other statements are contradicted by them")
    if not parts:
        return "Nothing the article says is contradicted within the current filters."
    return "; ".join(parts).capitalize() + "."


def overview_view(
    data: ViewData, options: OverviewOptions = OverviewOptions(), *, theme: str = "light"
) -> ViewResult:
    """The Overview's quotes, counts, small map and comparisons for the reader's filters."""
    dataset = data.dataset
    summary = article_summary(data.full)
    figures = article_figures_against_references(dataset)
    notes = disagreements(dataset, names=data.names)
    result_figures = {}
    caveats = ()
    if data.geography is not None:
        framed = tuple(c for c in data.filters.countries if c in data.geography.country_names)
        layers = MapLayers(
            regions=data.geography.regions,
            countries=data.geography.countries,
            fault_lines=data.geography.fault_lines,
            markers=place_markers(dataset.places, dataset.events),
            labels=False,  # too small for names: they would pile up; the hover has them
        )
        result_figures["map"] = fault_line_map(
            layers,
            bounds=focus_bounds(data.geography, framed),
            theme=theme,
            height=SMALL_MAP_HEIGHT,
        )
    else:
        caveats = (data.geography_note,)
    claim_cells = [
        *summary.key_quotes["claim_id"],
        *dataset.discrepancies["article_claim_id"],
        *dataset.discrepancies["reference_claim_ids"],
    ]
    return ViewResult(
        title="Fault Lines",
        subtitle=summary.byline,
        takeaway=_takeaway(figures, notes),
        figures=result_figures,
        tables={
            "thesis": summary.key_quotes,
            "counts": record_counts(dataset),
            "figures": figures,
            "disagreements": notes,
        },
        sources=cited_sources(data.full, claim_cells),
        caveats=caveats,
    )
