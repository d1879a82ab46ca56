"""Casualties and costs: every figure as a range with its source, the article's beside the
references', deaths per 100,000 where a population is sourced, dollars with their price basis.

Past AGGREGATE_ABOVE figures in view (an ACLED or UCDP import: one death count per event)
the figures are shown as totals per country and per year, with the note of what was summed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.article import article_date_text
from dashboard.analysis.casualties import (
    AGGREGATE_ABOVE,
    FAMILIES,
    POPULATION_METRIC,
    UNSUMMED_FAMILIES,
    casualty_table,
    comparisons,
    family_codes,
    figure_ranges,
    figure_totals,
    has_article,
    population_figures,
    rates_per_100k,
    subject_names,
    total_text,
    whereabouts_of,
)
from dashboard.analysis.evidence import SOURCE_LINE_COLUMNS, cited_sources
from dashboard.analysis.figures import format_number
from dashboard.analysis.filters import country_names
from dashboard.analysis.geography import outline_names
from dashboard.charts.casualties import RangeText, figure_ranges_chart, figure_totals_chart
from dashboard.model.columns import is_in
from dashboard.model.load import Dataset
from dashboard.views.base import ViewData, ViewResult

TOP_COUNTRIES = 15  # bars (and table rows) per country; the rest are one "other" bar
NO_COUNTRY_LABEL = "No country given"

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
    caveats += _hindsight_caveat(data)
    return tuple(caveats)


def _hindsight_caveat(data: ViewData) -> list[str]:
    if data.filters.include_after_publication:
        return []
    later = data.full.figures["layer"].eq("after_publication").sum()
    if not later:
        return []
    reported = "after the article" if has_article(data.full) else "later (the hindsight layer)"
    return [
        f"{later:,} figure(s) reported {reported} are hidden: switch on 'Show what happened "
        "after publication' in the sidebar to add them."
    ]


def _figures_in_view(data: ViewData, options: CasualtiesOptions):
    """The figures (populations aside) the options keep, with their family codes."""
    figures = data.dataset.figures
    figures = figures[figures["metric"] != POPULATION_METRIC]
    codes, info = family_codes(figures)
    keep = np.ones(len(figures), dtype=bool)
    if options.family:
        keep &= (info["family"].to_numpy() == options.family)[codes]
    if options.article_only and has_article(data.full):
        sources = data.full.sources
        articles = sources.loc[sources["kind"] == "article", "source_id"]
        subjects = figures.loc[is_in(figures["source_id"], articles).to_numpy(), "subject_id"]
        keep &= is_in(figures["subject_id"], subjects).to_numpy()
    return figures[keep], (codes[keep], info)


def _narrowed(dataset: Dataset, figures: pd.DataFrame) -> Dataset:
    """The dataset with only these figures (and their populations, for the rates)."""
    populations = population_figures(dataset)
    return dataset.with_tables(figures=pd.concat([figures, populations]).sort_index())


def casualties_view(
    data: ViewData, options: CasualtiesOptions = CasualtiesOptions(), *, theme: str = "light"
) -> ViewResult:
    """Every figure in view as a range chart per family, the comparisons and the table; past
    AGGREGATE_ABOVE figures, their totals per country and per year instead."""
    figures, families = _figures_in_view(data, options)
    if len(figures) > AGGREGATE_ABOVE:
        return _totals_view(data, options, figures, families, theme=theme)
    if len(figures) < len(data.dataset.figures):
        data = dataclasses.replace(data, cut=_narrowed(data.dataset, figures))
    names = subject_names(data.full, data.dataset.figures["subject_id"])
    ranges = figure_ranges(data.dataset, names=names)
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


# -- totals, past AGGREGATE_ABOVE figures ------------------------------------------------------


def _with_others(rows: pd.DataFrame, top: int) -> pd.DataFrame:
    """The top rows by best sum, and the rest summed into one 'other' row (its group None)."""
    rows = rows.sort_values(["best_sum", "figures"], ascending=False, kind="stable")
    if len(rows) <= top + 1:
        return rows
    rest = rows.iloc[top:]
    other = {
        **rows.iloc[0][["family", "family_title", "unit"]].to_dict(),
        "group": None,
        **{c: rest[c].sum() for c in ("figures", "with_low", "with_best", "with_high")},
        **{c: rest[c].sum(min_count=1) for c in ("low_sum", "best_sum", "high_sum")},
        "ranged": bool(rest["ranged"].all()),
    }
    other["total_text"] = total_text(
        other["low_sum"], other["best_sum"], other["high_sum"], other["ranged"], other["unit"]
    )
    return pd.concat([rows.iloc[:top], pd.DataFrame([other])], ignore_index=True)


def _source_words(data: ViewData, figures: pd.DataFrame) -> tuple[str, bool]:
    """The sources of these figures in words, and whether ACLED is among them."""
    counts = figures["source_id"].value_counts()
    sources = data.full.sources.set_index("source_id")
    titles = [str(sources["title"].get(source_id) or source_id) for source_id in counts.index[:3]]
    more = len(counts) - len(titles)
    words = "; ".join(titles) + (f" and {more} more" if more > 0 else "")
    publishers = sources["publisher"].reindex(counts.index).fillna("").astype(str)
    return words, bool(publishers.str.upper().eq("ACLED").any())


def _totals_caveats(
    data: ViewData, figures: pd.DataFrame, by_country: pd.DataFrame, by_year: pd.DataFrame,
    info: pd.DataFrame, codes: np.ndarray, acled: bool,
) -> list[str]:  # fmt: skip
    """What was summed, and what the sums are not."""
    caveats = [
        f"{len(figures):,} figures in view, more than {AGGREGATE_ABOVE:,}: shown as totals per "
        "country and per year, not one by one. Filter to a country, an actor or a period "
        f"with fewer than {AGGREGATE_ABOVE:,} figures to see each with its range and source."
    ]
    summed = by_country[["with_low", "with_high", "figures"]].sum()
    if summed["figures"] and not summed["with_low"] and not summed["with_high"]:
        single = (
            "ACLED gives a single count per event (its best estimate; no low or high)"
            if acled
            else "each is a single count (a best estimate; no low or high)"
        )
        caveats.append(
            f"None of these figures gives a range: {single}. The totals are sums of best "
            "estimates, and a sum of best estimates is not a range: it says nothing of how "
            "uncertain the total is."
        )
    elif (by_country["ranged"]).all():
        caveats.append(
            "Every figure gives a low, a best and a high: a total's range runs from the sum of "
            "the lows to the sum of the highs (the total if every low, or every high, were "
            "right; the true uncertainty of a sum is narrower)."
        )
    else:
        caveats.append(
            f"{int(summed['with_low']):,} of the {int(summed['figures']):,} figures give a low "
            f"and {int(summed['with_high']):,} a high: a total shows a range only when all of "
            "its figures give one; the others are sums of best estimates, not ranges."
        )
    for family, rows in by_country.groupby("family", sort=False):
        unit = rows["unit"].iloc[0]
        picked = figures[(info["family"].to_numpy() == family)[codes]]
        bases = picked["basis"].value_counts(dropna=False)
        listed = "; ".join(
            f"'{basis}' ({count:,} figures)" if isinstance(basis, str) and basis
            else f"no basis given ({count:,} figures)"
            for basis, count in bases[:2].items()
        )  # fmt: skip
        more = f" and {len(bases) - 2} more" if len(bases) > 2 else ""
        caveats.append(
            f"{rows['family_title'].iloc[0]}: in {unit or 'the unit given'}; basis: {listed}{more}."
        )
    if (by_country["family"] == "cost").any():
        caveats.append(
            "Dollar totals add up dollars of different years as their sources report them "
            "(nominal); none is restated in constant dollars."
        )
    unsummed = int(np.isin(codes, info.index[info["family"].isin(UNSUMMED_FAMILIES)]).sum())
    if unsummed:
        caveats.append(
            f"{unsummed:,} duration figure(s) are not summed (durations do not add up); "
            "filter further to see them one by one."
        )
    nowhere = int(by_country.loc[by_country["group"] == "", "figures"].sum())
    if nowhere:
        caveats.append(
            f"{nowhere:,} figures have no country (no place for their event): counted as "
            f"'{NO_COUNTRY_LABEL}'."
        )
    undated = int(by_year.loc[by_year["group"].isna(), "figures"].sum())
    if undated:
        caveats.append(f"{undated:,} figures have no year and are left out of the yearly chart.")
    return caveats + _hindsight_caveat(data)


def _totals_takeaway(rows: pd.DataFrame, labels: dict, years: pd.Series) -> str:
    """The main family's total, its countries and years, and where the most were counted."""
    if rows.empty:
        return "No figure passes the current filters."
    total = rows["best_sum"].sum(min_count=1)
    unit = rows["unit"].iloc[0]
    title = rows["family_title"].iloc[0]
    given = int(rows["with_best"].sum())
    span = ""
    if years.notna().any():
        first, last = int(years.min()), int(years.max())
        span = f", {first}" if first == last else f", {first}–{last}"
    if pd.isna(total):
        return (
            f"{title}: {int(rows['figures'].sum()):,} figures in view, none with a best estimate."
        )
    top = rows.sort_values("best_sum", ascending=False, kind="stable").iloc[0]
    countries = int((rows["group"] != "").sum())
    return (
        f"{title}: {format_number(total, unit)} in total (the sum of {given:,} best "
        f"estimates) across {countries} countr{'y' if countries == 1 else 'ies'}{span}; the "
        f"most in {labels.get(top['group'], top['group'])} ({top['total_text']})."
    )


def _family_order(info: pd.DataFrame, totals: pd.DataFrame) -> list[str]:
    """The summed families in view: deaths, cost first, then the others by figures."""
    order = {family: i for i, family in enumerate(FAMILIES)}
    counts = totals.groupby("family", sort=False)["figures"].sum()
    return sorted(counts.index, key=lambda f: (order.get(f, len(order)), -counts[f]))


def _shown_table(rows: pd.DataFrame, group_name: str, labels) -> pd.DataFrame:
    """Totals as a reader reads them: plain columns, names, no flags."""
    table = rows.assign(
        **{group_name: [labels(g) for g in rows["group"]]},
        range_given=np.where(rows["ranged"], "yes: sums of lows and highs", "no: best only"),
    )
    columns = [
        group_name, "family_title", "total_text", "figures", "best_sum", "with_best",
        "low_sum", "with_low", "high_sum", "with_high", "range_given", "unit",
    ]  # fmt: skip
    return table[columns].rename(
        columns={
            "family_title": "what",
            "total_text": "total",
            "best_sum": "sum_of_best",
            "with_best": "figures_with_best",
            "low_sum": "sum_of_lows",
            "with_low": "figures_with_low",
            "high_sum": "sum_of_highs",
            "with_high": "figures_with_high",
        }
    )


def _totals_view(
    data: ViewData,
    options: CasualtiesOptions,
    figures: pd.DataFrame,
    families: tuple[np.ndarray, pd.DataFrame],
    *,
    theme: str,
) -> ViewResult:
    """Totals per country and per year, one pair of bar charts per family that adds up."""
    codes, info = families
    where = whereabouts_of(data.full, figures)
    by_country = figure_totals(figures, where["country"], families)
    by_year = figure_totals(figures, where["year"], families)
    names = country_names(data.full, known_names=outline_names(data.geography))

    def country(code) -> str:
        if code is None:
            return "other"
        return names.get(code, code) if code else NO_COUNTRY_LABEL

    source_words, acled = _source_words(data, figures)
    charts, tops, main_rows = {}, [], None
    for family in _family_order(info, by_country):
        rows = by_country[by_country["family"] == family]
        main_rows = rows if main_rows is None else main_rows
        top = _with_others(rows, TOP_COUNTRIES)
        others = len(rows) - (len(top) - 1) if top["group"].isna().any() else 0
        labels = [f"{others} other countries" if g is None else country(g) for g in top["group"]]
        count = int(rows["figures"].sum())
        title = rows["family_title"].iloc[0]
        ranged = bool(rows["ranged"].all())
        what = "sums of lows, best estimates and highs" if ranged else "sums of best estimates"
        source_line = (
            "Bar: the sum of the best estimates"
            + (" · whisker: the sums of the lows and of the highs" if ranged else " (not a range)")
            + f"\n{count:,} figures summed · source: {source_words}"
        )
        charts[family] = figure_totals_chart(
            top,
            labels=labels,
            text=RangeText(title=f"{title} per country: {what} of {count:,} figures",
                           source_line=source_line),
            horizontal=True,
            theme=theme,
        )  # fmt: skip
        years = by_year[(by_year["family"] == family) & by_year["group"].notna()]
        years = years.sort_values("group")
        charts[f"{family}_years"] = figure_totals_chart(
            years,
            labels=[str(int(y)) for y in years["group"]],
            text=RangeText(title=f"{title} per year: {what}", source_line=source_line),
            horizontal=False,
            theme=theme,
        )
        shown = _shown_table(top, "country", country)
        if not (rows["with_low"].any() or rows["with_high"].any()):
            # Nothing gives a low or a high: columns of empty sums would only be clutter
            # on screen (the downloads keep them).
            shown = shown.drop(
                columns=["sum_of_lows", "figures_with_low", "sum_of_highs", "figures_with_high"]
            )
        shown.loc[top["group"].isna().to_numpy(), "country"] = labels[-1] if others else ""
        tops.append(shown)
    top_table = pd.concat(tops, ignore_index=True) if tops else _shown_table(
        by_country.iloc[0:0], "country", country
    )  # fmt: skip
    if main_rows is None:  # nothing that adds up (durations only)
        main_rows = by_country
    main_years = by_year.loc[by_year["family"].isin(main_rows["family"].iloc[:1]), "group"]
    takeaway = _totals_takeaway(main_rows, {g: country(g) for g in by_country["group"]}, main_years)
    return ViewResult(
        title="Casualties and costs",
        subtitle=(
            f"{len(figures):,} figures in view: too many to draw one by one, so shown as totals "
            "per country and per year."
        ),
        takeaway=takeaway,
        figures=charts,
        tables={
            "top": top_table,
            "by_country": _shown_table(by_country, "country", country),
            "by_year": _shown_table(by_year, "year", lambda y: "" if pd.isna(y) else int(y)),
        },
        sources=_figure_sources(data, figures),
        caveats=tuple(_totals_caveats(data, figures, by_country, by_year, info, codes, acled)),
    )


def _figure_sources(data: ViewData, figures: pd.DataFrame) -> pd.DataFrame:
    """The sources of the figures, as cited_sources gives them (looked up by the figures'
    source ids: splitting 200,000 claim cells would only find the same few sources)."""
    sources = data.full.sources
    sources = sources[is_in(sources["source_id"], figures["source_id"].drop_duplicates())]
    columns = [c for c in SOURCE_LINE_COLUMNS if c in sources.columns]
    order = sources["kind"].ne("article")
    return sources.assign(_order=order).sort_values(["_order", "title"])[columns]


def families_in_view(data: ViewData) -> dict[str, str]:
    """family -> its title, for the families of the figures the filters let through."""
    figures, (codes, info) = _figures_in_view(data, CasualtiesOptions())
    if len(figures) > AGGREGATE_ABOVE:
        present = info.iloc[np.unique(codes)]
        order = {family: i for i, family in enumerate(FAMILIES)}
        present = present.sort_values("family", key=lambda f: f.map(order).fillna(len(order)))
        return dict(zip(present["family"], present["family_title"]))
    names = subject_names(data.full, figures["subject_id"])
    ranges = figure_ranges(data.dataset, names=names)
    return dict(zip(ranges["family"], ranges["family_title"]))


def offers_article_only(data: ViewData) -> bool:
    """Whether 'only what the article gives a number for' means anything: there is an article."""
    return has_article(data.full)
