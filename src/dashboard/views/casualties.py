"""Casualties and costs: every figure as a range with its source, the article's beside the
references', deaths per 100,000 where a population is sourced, dollars with their price basis."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.article import article_date_text
from dashboard.analysis.casualties import (
    FAMILIES,
    casualty_table,
    comparisons,
    figure_ranges,
    population_figures,
    rates_per_100k,
)
from dashboard.analysis.evidence import cited_sources
from dashboard.charts.casualties import RangeText, figure_ranges_chart
from dashboard.views.base import ViewData, ViewResult

# agreement -> (plural, singular) words
AGREEMENT_WORDS = {
    "outside": ("fall outside every reference estimate", "falls outside every reference estimate"),
    "edge": ("match only the most extreme reference", "matches only the most extreme reference"),
    "within": (
        "agree with at least part of the references",
        "agrees with at least part of the references",
    ),
    "none": ("have no reference to compare with", "has no reference to compare with"),
}


@dataclass(frozen=True)
class CasualtiesOptions:
    """What the reader asked the Casualties page to show."""

    family: str = ""  # one family (deaths, cost, duration, ...); empty: every family
    article_only: bool = False  # only the conflicts and events the article gives a number for


def _takeaway(compared: pd.DataFrame, figures: int) -> str:
    """The article's figures in view, by how far the references bear them out; the ones
    the references do not bear out are named."""
    if not figures:
        return "No figure passes the current filters."
    if compared.empty:
        return f"{figures} figures in view; the article gives none of them."
    parts = []
    for key, words in AGREEMENT_WORDS.items():
        rows = compared[compared["agreement"] == key]
        if rows.empty:
            continue
        part = f"{len(rows)} {words[1] if len(rows) == 1 else words[0]}"
        if key in ("outside", "edge"):
            part += (
                " ("
                + "; ".join(f"{r.subject}: {r.metric_label.lower()}" for r in rows.itertuples())
                + ")"
            )
        parts.append(part)
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Of the article's {len(compared)} figures in view, {listed}."


def _caveats(data: ViewData, ranges: pd.DataFrame, rates: pd.DataFrame) -> tuple[str, ...]:
    caveats = []
    if (ranges["family"] == "deaths").any() and rates.empty:
        caveats.append(
            "No population figure is sourced for these conflicts, so no deaths per 100,000 "
            "are given (none is invented)."
        )
    cost = ranges[ranges["family"] == "cost"]
    if len(cost) and cost["price_basis"].str.startswith("current").all():
        caveats.append(
            "Dollar figures are as their sources report them, in current (nominal) dollars of "
            "different dates; no deflator is sourced, so none is restated in constant dollars."
        )
    if not data.filters.include_after_publication:
        later = data.full.figures["layer"].eq("after_publication").sum()
        if later:
            caveats.append(
                f"{later} figure(s) reported after the article are hidden: switch on 'Show "
                "what happened after publication' in the sidebar to add them."
            )
    return tuple(caveats)


def casualties_view(
    data: ViewData, options: CasualtiesOptions = CasualtiesOptions(), *, theme: str = "light"
) -> ViewResult:
    """Every figure in view as a range chart per family, the comparisons and the table."""
    ranges = figure_ranges(data.dataset, names=data.names)
    compared_all = comparisons(ranges, data.dataset.discrepancies)
    if options.article_only:
        ranges = ranges[ranges["subject_id"].isin(set(compared_all["subject_id"]))]
    if options.family:
        ranges = ranges[ranges["family"] == options.family]
    compared = compared_all[compared_all["figure_id"].isin(set(ranges["figure_id"]))]
    rates = rates_per_100k(ranges, population_figures(data.dataset))
    with_words = ranges.merge(compared[["figure_id", "comparison"]], on="figure_id", how="left")
    with_words["comparison"] = with_words["comparison"].fillna("")
    spans = compared[["subject", "family", "reference_low", "reference_high"]]
    published = article_date_text(data.full)
    figures = {}
    for family, group in with_words.groupby("family", sort=False):
        title = group["family_title"].iloc[0]
        figures[family] = figure_ranges_chart(
            group.reset_index(drop=True),
            family=family,
            text=RangeText(
                title=f"{title}: the article beside the references",
                source_line=(
                    "Bar: low to high · dot: best estimate · ▶ at least · ◀ at most · "
                    "shaded: the span of the references\n"
                    f"Article of {published} · each figure's source: the table below and "
                    "the Evidence page"
                ),
                axis_title="years" if family == "duration" else "",
            ),
            spans=spans[spans["family"] == family],
            theme=theme,
        )
    table = casualty_table(ranges, compared, rates)
    shown = (
        "every family" if not options.family else FAMILIES.get(options.family, (options.family,))[0]
    )
    return ViewResult(
        title="Casualties and costs",
        subtitle=f"{len(ranges)} figures in view ({shown.lower()}), as ranges with their sources.",
        takeaway=_takeaway(compared, len(ranges)),
        figures=figures,
        tables={"figures": table, "comparisons": compared, "rates": rates},
        sources=cited_sources(data.full, ranges["claim_ids"]),
        caveats=_caveats(data, ranges, rates),
    )


def families_in_view(data: ViewData) -> dict[str, str]:
    """family -> its title, for the families of the figures the filters let through."""
    ranges = figure_ranges(data.dataset, names=data.names)
    return dict(zip(ranges["family"], ranges["family_title"]))
