"""The Overview: the bottom line in the article's words, what the dataset covers and does
not, the article's key numbers against the references, and small versions of the map, the
timeline and the network, each built by its own view function.

Imported data (an ACLED or UCDP export) has no article: its Overview says what the data is
(its sources, events, period, countries) and gives the key numbers it holds instead.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.article import article_date_text, article_summary, disagreements
from dashboard.analysis.casualties import (
    comparisons,
    family_codes,
    figure_ranges,
    figure_totals,
    has_article,
    population_figures,
    subject_names,
    whereabouts_of,
    with_article_subjects_only,
)
from dashboard.analysis.evidence import SOURCE_LINE_COLUMNS, cited_sources, record_labels
from dashboard.analysis.figures import article_figures_against_references, format_number
from dashboard.analysis.filters import country_names, kept_columns, kept_count, kept_rows
from dashboard.analysis.geography import outline_names
from dashboard.model import dates
from dashboard.model.columns import distinct_texts, is_in
from dashboard.model.load import Dataset
from dashboard.views.base import ViewData, ViewResult
from dashboard.views.fault_map import MapOptions, fault_map_view
from dashboard.views.network import NetworkOptions, network_view
from dashboard.views.timeline import TimelineOptions, timeline_view

SMALL_CHART_HEIGHT = 340
# A third of the main area of a 1366 px screen share with the sidebar open: the map's
# detail (and so its payload, and the browser's time to draw it) follows this width.
SMALL_PLOT_WIDTH = 400
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
    """The result with its main figure only, without a legend, title or fine print: at a
    third of the width they would cover the chart or be cut off mid-word (its page has them
    all). The figure's title becomes the result's subtitle.

    result must have been computed for this call alone: its figure is changed in place
    (copying a map's figure took about 35 ms of every Overview's filter change).
    """
    if result.figure is None:
        return result
    figure = result.figure
    # The title moves out of the figure into the result, for the page to print where it
    # can wrap: it may say what was aggregated ("the 12 most connected actors").
    title = figure.layout.title.text or result.title
    figure.update_layout(
        showlegend=False, title_text="", title_subtitle_text="", margin={"t": 10, "r": 10}
    )
    # The fine print (source line, notes) sits in paper coordinates outside the plot;
    # marks on the data (an era, the article's date) stay. Assigned, not updated: an update
    # with a shorter list would keep the rest.
    figure.layout.annotations = [
        note
        for note in figure.layout.annotations
        if not (note.xref == note.yref == "paper") and not (note.yref == "paper" and note.y >= 1)
    ]
    # Printed names pile up at this size (an era's over another's, a network's nodes over
    # each other): the hover keeps them.
    figure.for_each_trace(
        lambda trace: (
            trace.update(mode=trace.mode.replace("+text", "").replace("text+", ""))
            if "text" in (getattr(trace, "mode", None) or "") and trace.mode != "text"
            else None
        )
    )
    if figure.layout.xaxis.rangeselector.buttons:
        figure.update_xaxes(rangeselector_visible=False)  # its buttons do not fit
    name = next(iter(result.figures))
    return dataclasses.replace(result, figures={name: figure}, subtitle=title)


def small_map_view(data: ViewData, options: MapOptions = SMALL_MAP, *, theme: str = "light"):
    """The fault-lines map at the Overview's size."""
    return _small(
        fault_map_view(
            data, options, theme=theme, height=SMALL_CHART_HEIGHT, plot_width_px=SMALL_PLOT_WIDTH
        )
    )


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

# The order the Overview computes its parts in, "text" being overview_view: the cheapest
# chart first, so one is on screen as early as possible after a cold start. The page draws
# in this order and the launcher's warm start computes in it, so the first chart the page
# asks for is the first one ready.
DRAWING_ORDER = ("timeline", "text", "network", "map")


def record_counts(dataset: Dataset) -> pd.DataFrame:
    """How many actors, events, ties, figures, sources and discrepancies are in view."""
    counts = {
        "Actors": len(dataset.actors),
        "Events": kept_count(dataset, "events"),
        "Ties": kept_count(dataset, "relations"),
        "Figures": kept_count(dataset, "figures"),
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
    dataset = with_article_subjects_only(data.dataset)
    names = subject_names(data.full, dataset.figures["subject_id"])
    compared = comparisons(figure_ranges(dataset, names=names), dataset.discrepancies)
    compared["evidence_query"] = [
        evidence_query(dataset, "figures", figure_id, names) for figure_id in compared["figure_id"]
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
        f"{kept_count(dataset, 'relations')} ties and {kept_count(dataset, 'figures')} "
        f"figures, {layer}."
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


# -- imported data: no article -------------------------------------------------------------


def _month(text: str) -> str:
    """An ISO date cut to its month ('2016-01-05' -> '2016-01'): a period reads evenly."""
    return text[:7] if len(text) >= 7 else text


def _on_edge(days: pd.Series, *, latest: bool) -> np.ndarray:
    """The positions of the rows on the earliest (or latest) of days; none without a day."""
    values = days.to_numpy().view(np.int64)  # NaT is the least int64
    known = values != np.iinfo(np.int64).min
    if not known.any():
        return np.array([], dtype=np.int64)
    edge = values.max() if latest else values.min(where=known, initial=np.iinfo(np.int64).max)
    return np.flatnonzero(values == edge)


def _period(days: pd.DataFrame, texts: pd.DataFrame) -> tuple[str, str]:
    """The events' span in words ('Jan 2015 – Dec 2024') and in years ('2015–2024'), from
    their dates as written; empty without a date. days: the events' start_date and
    end_date; texts: their start and end as written, the rows labelled as days' are (the
    whole table a cut was taken from will do: only the few on the edge days are read).

    The parsed days are compared as numbers, and only the texts on the edge days as text
    (a million dates compared as text took 10 ms of every filter change): among texts on
    one day the least precise is earliest ('2015' before '2015-01-01'), as ISO text sorts.
    The last is the latest an event can have ended (end_date; an event without an end ends
    with its start's day, month or year); an ongoing end has no day.
    """

    def written(rows: np.ndarray) -> list[tuple[str, str]]:
        """The start and end as written of the events at rows (positions in days)."""
        at = texts.index.get_indexer(days.index[rows])  # by position: .loc took 1 ms
        return list(zip(texts["start"].take(at).tolist(), texts["end"].take(at).tolist()))

    at_first = _on_edge(days["start_date"], latest=False)
    if not len(at_first):
        return "", ""
    first = min(start for start, _end in written(at_first))
    last = max(
        [
            *(start for start, _end in written(_on_edge(days["start_date"], latest=True))),
            *(end or start for start, end in written(_on_edge(days["end_date"], latest=True))),
        ]
    )
    years = first[:4] if first[:4] == last[:4] else f"{first[:4]}–{last[:4]}"
    first, last = dates.display(_month(first)), dates.display(_month(last))
    return (first if first == last else f"{first} – {last}"), years


def _events_period(dataset: Dataset) -> tuple[str, str]:
    """_period of the dataset's events, worked out once per cut: the key numbers and the
    sentence about the data both give it."""

    def period() -> tuple[str, str]:
        days = kept_columns(dataset, "events", ["start_date", "end_date"])
        return _period(days, kept_rows(dataset, "events")[0])

    return dataset.derived(("events_period",), period)


def _countries_in_view(data: ViewData, names: dict[str, str]) -> list[str]:
    """The names of the countries the events in view happened in, by name."""
    places = data.full.places
    used = distinct_texts(kept_columns(data.dataset, "events", ["place_id"])["place_id"])
    codes = set(places.loc[is_in(places["place_id"], used), "country"])
    return sorted(names.get(code, code) for code in codes - {""})


def _source_names(sources: pd.DataFrame) -> str:
    """The sources as 'title (publisher)', joined."""
    words = [
        f"{title} ({publisher})" if publisher and publisher not in title else str(title)
        for title, publisher in zip(sources["title"], sources["publisher"].fillna(""))
    ]
    return (
        "; ".join(words)
        if len(words) <= 3
        else "; ".join(words[:3]) + f" and {len(words) - 3} more"
    )


DEATHS = ("deaths", "people")  # the metric and unit of the figures the Overview sums


def _of_deaths(figures: pd.DataFrame) -> np.ndarray:
    return ((figures["metric"] == DEATHS[0]) & (figures["unit"] == DEATHS[1])).to_numpy()


def _death_figures(data: ViewData) -> pd.DataFrame:
    """The low, best and high of the figures in view that count people killed (DEATHS),
    labelled as the whole table labels them; worked out once per cut (the key numbers and
    the takeaway both sum them). Which figures count the dead is known once per dataset:
    matching the text of 200,000 figures' metrics and units, or copying it, took 8 ms of
    every filter change. Taken from the whole table (kept_rows): copying every column of a
    million events' figures took a tenth of the Overview's filter change."""

    def deaths() -> pd.DataFrame:
        figures, rows = kept_rows(data.dataset, "figures")
        if figures is data.full.figures:
            of_deaths = data.full.derived(("death figures",), lambda: _of_deaths(figures))
        else:  # a table of its own (a copy of a cut with tables replaced)
            of_deaths = _of_deaths(figures)
        return figures[["low", "best", "high"]].take(rows[of_deaths[rows]])

    return data.dataset.derived(("death_figures",), deaths)


def _publishers_in_view(data: ViewData) -> set[str]:
    """The publishers of the sources of the figures in view, through the figures' links
    to their sources (made once per dataset), not their text."""
    figures, rows = kept_rows(data.dataset, "figures")
    full = data.full
    if figures is not full.figures:
        cited = figures["source_id"].take(rows).unique()
        return set(full.sources.loc[is_in(full.sources["source_id"], cited), "publisher"])
    links = full.linked_rows("figures", "source_id", "sources").to_numpy()[rows]
    return set(full.sources["publisher"].take(np.unique(links[links >= 0])))


def dataset_numbers(data: ViewData, *, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The key numbers of data without an article: events, people killed (the sum of the
    sources' best estimates), the period and the countries; one row each, with a note."""
    dataset = data.dataset
    if names is None:
        names = country_names(data.full, known_names=outline_names(data.geography))
    deaths = _death_figures(data)
    summed = int(deaths["best"].notna().sum())
    ranged = bool(len(deaths)) and bool(
        deaths["low"].notna().all() and deaths["high"].notna().all()
    )
    single = (
        "ACLED gives a single count per event, so this is no range"
        if "ACLED" in _publishers_in_view(data)
        else "a sum of best estimates, not a range"
        if not ranged
        else "the sums of the lows and highs are on the Casualties page"
    )
    rows = [("Events", f"{kept_count(dataset, 'events'):,}", "events in view")]
    if summed:
        total = format_number(float(deaths["best"].sum()), "people")
        rows.append(("People killed", total, f"the sum of {summed:,} best estimates ({single})"))
    period, years = _events_period(dataset)
    if period:  # the years on the card (the months would not fit four cards in a row)
        rows.append(("Period", years, f"{period}: the first and last event in view"))
    countries = _countries_in_view(data, names)
    if countries:
        more = f" and {len(countries) - 12} more" if len(countries) > 12 else ""
        rows.append(("Countries", f"{len(countries):,}", ", ".join(countries[:12]) + more))
    return pd.DataFrame(rows, columns=["what", "value", "note"])


def dataset_description(data: ViewData, numbers: pd.DataFrame) -> str:
    """What data without an article is, in a sentence: its sources, events, period, places."""
    values = dict(zip(numbers["what"], numbers["value"]))
    filtered = data.filters != type(data.filters)()
    words = f"{values.get('Events', '0')} events{' in view' if filtered else ''} from "
    words += _source_names(data.full.sources)
    period = _events_period(data.dataset)[0]
    if period:
        words += f", {period}"
    if "Countries" in values:
        count = values["Countries"]
        words += f", in {count} countr{'y' if count == '1' else 'ies'}"
    return f"Imported data, not an article: {words}."


def _dataset_takeaway(data: ViewData, numbers: pd.DataFrame, names: dict[str, str]) -> str:
    """Where and when the sources counted the most people killed (or the events, without
    a count of the dead)."""
    values = dict(zip(numbers["what"], numbers["value"]))
    if values.get("Events", "0") == "0":
        return "No event passes the current filters."
    if "People killed" not in values:
        return f"{values['Events']} events in view; none comes with a count of the dead."
    deaths = _death_figures(data)
    where = whereabouts_of(data.full, deaths)
    # Every figure here counts people killed (see _death_figures): one family, named once
    # rather than for a hundred thousand rows.
    family = family_codes(pd.DataFrame([DEATHS], columns=["metric", "unit"]))[1]
    families = (np.zeros(len(deaths), dtype=np.int64), family)
    parts = []
    for column, say in (("country", lambda c: names.get(c, c)), ("year", str)):
        totals = figure_totals(deaths, where[column], families)
        totals = totals[totals["group"].notna() & (totals["group"] != "")]
        if len(totals) > 1:
            top = totals.sort_values("best_sum", ascending=False, kind="stable").iloc[0]
            parts.append(f"{say(top['group'])} ({top['total_text']})")
    text = (
        f"{values['People killed']} people killed in view by the sources' counts (the sum of "
        "their best estimates)"
    )
    if parts:
        text += ", the most in " + " and in ".join(parts)
    return text + "."


def dataset_coverage(data: ViewData) -> tuple[str, str]:
    """What data without an article covers, and what it does not hold, in two lines."""
    full, dataset = data.full, data.dataset
    covers = (
        f"{kept_count(dataset, 'events'):,} events, {len(dataset.actors):,} actors, "
        f"{kept_count(dataset, 'relations'):,} ties and {kept_count(dataset, 'figures'):,} "
        f"figures in view, from {len(full.sources):,} "
        f"source{'s' if len(full.sources) != 1 else ''}."
    )
    missing = ["no article, so no thesis and no article figures to check against references"]
    if population_figures(full).empty:
        missing.append("no population figures, so no deaths per 100,000")
    if full.regions.empty:
        missing.append("no sectarian make-up of regions, so the map shows no majorities")
    return covers, "It holds " + "; ".join(missing) + "."


def _sources_of(dataset: Dataset) -> pd.DataFrame:
    sources = dataset.sources
    return sources[[c for c in SOURCE_LINE_COLUMNS if c in sources.columns]]


def _small_charts(data: ViewData, options: OverviewOptions, theme: str) -> tuple[dict, list]:
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
    return result_figures, caveats


def imported_overview(data: ViewData, options: OverviewOptions, *, theme: str) -> ViewResult:
    """The Overview of data without an article: what it is and the numbers it holds."""
    dataset = data.dataset
    names = country_names(data.full, known_names=outline_names(data.geography))
    numbers = dataset_numbers(data, names=names)
    result_figures, caveats = _small_charts(data, options, theme)
    covers, missing = dataset_coverage(data)
    return ViewResult(
        title="Fault Lines",
        subtitle=_source_names(data.full.sources),
        takeaway=_dataset_takeaway(data, numbers, names),
        figures=result_figures,
        tables={
            "about": pd.DataFrame({"text": [dataset_description(data, numbers)]}),
            "key_numbers": numbers,
            "coverage": pd.DataFrame({"covers": [covers], "missing": [missing]}),
            "counts": record_counts(dataset).iloc[:-1],  # no discrepancies without an article
        },
        sources=_sources_of(dataset),
        caveats=tuple(caveats),
    )


def overview_view(
    data: ViewData, options: OverviewOptions = OverviewOptions(), *, theme: str = "light"
) -> ViewResult:
    """The Overview's bottom line, coverage, key figures and small charts for the filters."""
    if not has_article(data.full):
        return imported_overview(data, options, theme=theme)
    dataset = data.dataset
    summary = article_summary(data.full)
    figures = article_figures_against_references(with_article_subjects_only(dataset))
    # Naming means indexing a million events' ids: only when there is a note to name.
    notes = disagreements(dataset, names=data.names if len(dataset.discrepancies) else {})
    result_figures, caveats = _small_charts(data, options, theme)
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
