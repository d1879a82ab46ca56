"""The Overview: the bottom line in the article's words, what the dataset covers and does
not, the article's key numbers against the references, and small versions of the map, the
timeline and the network, each built by its own view function."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.article import article_date_text, article_summary, disagreements
from dashboard.analysis.casualties import comparisons, figure_ranges, population_figures
from dashboard.analysis.evidence import cited_sources, record_labels
from dashboard.analysis.figures import article_figures_against_references
from dashboard.model.load import Dataset
from dashboard.views.base import ViewData, ViewResult
from dashboard.views.fault_map import MapOptions, fault_map_view
from dashboard.views.network import NetworkOptions, network_view
from dashboard.views.timeline import TimelineOptions, timeline_view

SMALL_CHART_HEIGHT = 340
# The small charts' options: no printed names (they would pile up; the hover has them),
# fewer timeline lanes. Each page opens with its own defaults.
SMALL_MAP = MapOptions(labels=False)
SMALL_TIMELINE = TimelineOptions(lanes="country", labels=False, max_lanes=5)
SMALL_NETWORK = NetworkOptions()


@dataclass(frozen=True)
class OverviewOptions:
    """The Overview follows the sidebar's filters; charts=False leaves the small charts out
    (the page draws each from its own cached view, so the first appears sooner)."""

    charts: bool = True


def _small(result: ViewResult) -> ViewResult:
    """The result with its main figure only, copied without a legend: at a third of the
    width the legends would cover the chart (its page has them)."""
    if result.figure is None:
        return result
    figure = go.Figure(result.figure)  # a copy: the page's own figure stays as it is
    figure.update_layout(showlegend=False)
    name = next(iter(result.figures))
    return dataclasses.replace(result, figures={name: figure})


def small_map_view(data: ViewData, options: MapOptions = SMALL_MAP, *, theme: str = "light"):
    """The fault-lines map at the Overview's size."""
    return _small(fault_map_view(data, options, theme=theme, height=SMALL_CHART_HEIGHT))


def small_timeline_view(
    data: ViewData, options: TimelineOptions = SMALL_TIMELINE, *, theme: str = "light"
):
    """The timeline at the Overview's size."""
    return _small(timeline_view(data, options, theme=theme, height=SMALL_CHART_HEIGHT))


def small_network_view(
    data: ViewData, options: NetworkOptions = SMALL_NETWORK, *, theme: str = "light"
):
    """The signed network at the Overview's size."""
    return _small(network_view(data, options, theme=theme, height=SMALL_CHART_HEIGHT))


# name -> (view function, its compact options, the page it opens, the link's words)
SMALL_VIEWS = {
    "map": (small_map_view, SMALL_MAP, "pages/fault_map.py", "Open the fault-lines map"),
    "timeline": (small_timeline_view, SMALL_TIMELINE, "pages/timeline.py", "Open the timeline"),
    "network": (
        small_network_view, SMALL_NETWORK, "pages/relationships.py", "Open the relationships",
    ),
}  # fmt: skip


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


def evidence_query(dataset: Dataset, table: str, key: str, names=None) -> dict[str, str]:
    """The query that opens the Evidence page on one record, by ids as that page writes
    them (?trace_table=figures&trace_figures=art_iraq_cost); empty when the record is not
    in view."""
    if key not in record_labels(dataset, table, names=names):
        return {}
    return {"trace_table": table, f"trace_{table}": key}


def claim_query(claim_id: str) -> dict[str, str]:
    """The query that opens the Evidence page's search on one claim (ids are slugs)."""
    return {"q": claim_id}


def key_figures(data: ViewData) -> pd.DataFrame:
    """The article's figures in view as cards: its value, the references' span and sources,
    the computed comparison, whether discrepancies.csv disputes it, and a link to trace it."""
    dataset = data.dataset
    compared = comparisons(figure_ranges(dataset, names=data.names), dataset.discrepancies)
    compared["evidence_query"] = [
        evidence_query(dataset, "figures", figure_id, data.names)
        for figure_id in compared["figure_id"]
    ]
    columns = [
        "figure_id", "subject", "metric_label", "article", "reference_range",
        "reference_count", "reference_sources", "comparison", "agreement", "disputed",
        "explanation", "source_title", "evidence_query",
    ]  # fmt: skip
    return compared[columns]


def coverage(data: ViewData) -> tuple[str, str]:
    """Two honest lines: what the data in view covers, and what the dataset does not."""
    full, dataset = data.full, data.dataset
    events = dataset.events
    years = pd.to_numeric(events["start"].str[:4], errors="coerce").dropna()
    span = f", {int(years.min())}–{int(years.max())}" if len(years) else ""
    layer = (
        "with what happened after publication"
        if data.filters.include_after_publication
        else f"as known when the article appeared ({article_date_text(full)})"
    )
    others = int((dataset.sources["kind"] != "article").sum())
    covers = (
        f"One article's story checked against {others} other sources: "
        f"{len(dataset.actors)} actors, {len(events)} events{span}, "
        f"{len(dataset.relations)} ties and {len(dataset.figures)} figures, {layer}."
    )
    missing = [
        "only what the article touches, so it is no complete record of these conflicts "
        "(for that, open an ACLED or UCDP export)"
    ]
    if population_figures(full).empty:
        missing.append("no population figures, so no deaths per 100,000")
    unsourced = full.regions["majority"].isna() | (full.regions["majority"] == "")
    if len(full.regions):
        missing.append(
            f"the sectarian make-up of {len(full.regions) - int(unsourced.sum())} regions and "
            "countries, the rest of the map left grey"
        )
    return covers, "It holds " + "; ".join(missing) + "."


def _bottom_line(thesis: pd.DataFrame) -> str:
    """The thesis quotes in order, as the article's own one or two sentences."""
    return " ".join(q.strip() for q in thesis["quote"])


def overview_view(
    data: ViewData, options: OverviewOptions = OverviewOptions(), *, theme: str = "light"
) -> ViewResult:
    """The Overview's bottom line, coverage, key figures and small charts for the filters."""
    dataset = data.dataset
    summary = article_summary(data.full)
    figures = article_figures_against_references(dataset)
    notes = disagreements(dataset, names=data.names)
    result_figures = {}
    caveats: list[str] = []
    if options.charts:
        for name, (view, small, _page, _label) in SMALL_VIEWS.items():
            if name == "map" and data.geography is None:
                continue
            figure = view(data, small, theme=theme).figure
            if figure is not None:
                result_figures[name] = figure
    if data.geography is None:
        caveats.append(data.geography_note)
    thesis = summary.key_quotes.assign(
        evidence_query=[claim_query(c) for c in summary.key_quotes["claim_id"]]
    )
    covers, missing = coverage(data)
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
            "thesis": thesis,
            "bottom_line": pd.DataFrame({"text": [_bottom_line(thesis)]}),
            "coverage": pd.DataFrame({"covers": [covers], "missing": [missing]}),
            "counts": record_counts(dataset),
            "key_figures": key_figures(data),
            "figures": figures,
            "disagreements": notes,
        },
        sources=cited_sources(data.full, claim_cells),
        caveats=tuple(caveats),
    )
