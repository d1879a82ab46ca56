"""Casualties and costs: every figure as a range in comparable units, the article's beside
the references', and where they differ, in words computed from the numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.analysis.figures import (
    METRIC_LABELS,
    figures_with_context,
    format_number,
    format_range,
)
from dashboard.model import dates
from dashboard.model.columns import is_in, is_numbered
from dashboard.model.load import Dataset

DEATH_METRICS = ("deaths", "military_deaths", "civilian_deaths")
DURATION_METRICS = ("duration_years", "duration_days")
POPULATION_METRIC = "population"
DAYS_PER_YEAR = 365.25
PER = 100_000  # rates are deaths per 100,000 people
# Two values this close (relative) are "the same number": 1.25 million and 1,250,000.
SAME = 0.005

# family -> (title of its chart and table section, the unit its values are drawn in)
FAMILIES: dict[str, tuple[str, str]] = {
    "deaths": ("People killed", "people"),
    "cost": ("Cost in US dollars", "USD"),
    "duration": ("How long it lasted", "years"),
}
_CONSTANT_DOLLARS = re.compile(r"^(?:USD\s*\(?(\d{4})\)?|(\d{4})\s*USD)$", re.IGNORECASE)

RANGE_COLUMNS = [
    "figure_id",
    "subject_id",
    "subject",
    "family",
    "family_title",
    "metric",
    "metric_label",
    "low",
    "best",
    "high",
    "unit",
    "range_text",
    "as_of",
    "basis",
    "layer",
    "source_id",
    "source_title",
    "from_article",
    "price_basis",
    "claim_ids",
    "note",
]


def figure_family(metric: str, unit: str) -> str:
    """The family of figures drawn on one axis: deaths, cost, duration, or metric:unit."""
    if metric in DEATH_METRICS and unit == "people":
        return "deaths"
    if metric == "cost_usd" and (unit.upper() == "USD" or _CONSTANT_DOLLARS.match(unit)):
        return "cost"
    if metric in DURATION_METRICS and unit in ("years", "days"):
        return "duration"
    return f"{metric}:{unit}"


def family_title(family: str, metric_label: str = "", unit: str = "") -> str:
    """The words heading a family ('People killed'; 'Hostages (people)' for the others)."""
    if family in FAMILIES:
        return FAMILIES[family][0]
    return f"{metric_label} ({unit})" if unit else metric_label


def price_basis(unit: str, as_of: str) -> str:
    """What a dollar figure's dollars are: constant dollars of a stated year when the unit
    says so ('USD 2011'), else nominal dollars as reported at the figure's date."""
    match = _CONSTANT_DOLLARS.match(unit.strip())
    if match and (match.group(1) or match.group(2)):
        return f"constant {match.group(1) or match.group(2)} US dollars"
    when = dates.display(as_of) if as_of else "an unstated date"
    return f"current (nominal) US dollars as reported for {when}; not adjusted for inflation"


def figure_ranges(dataset: Dataset, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every figure (populations aside) with its family, range in words and price basis.

    Durations in days are turned into years (the note says so), so a family shares one unit.
    """
    frame = figures_with_context(dataset)
    frame = frame[frame["metric"] != POPULATION_METRIC].copy()
    if names:
        frame["subject"] = frame["subject_id"].map(names).fillna(frame["subject"])
    frame["subject"] = frame["subject"].fillna(frame["subject_id"])
    days = (frame["metric"] == "duration_days") & (frame["unit"] == "days")
    for column in ("low", "best", "high"):
        frame.loc[days, column] = frame.loc[days, column] / DAYS_PER_YEAR
    frame.loc[days, "note"] = (
        frame.loc[days, "note"].fillna("").str.cat(["(days / 365.25)"] * int(days.sum()), sep=" ")
    ).str.strip()
    frame.loc[days, "unit"] = "years"
    frame.loc[days, "metric"] = "duration_years"
    # The same source giving the same span in days and in years (444 days, 1.22 years):
    # keep its own years, drop the converted days.
    in_years = set(
        zip(
            frame.loc[~days, "subject_id"],
            frame.loc[~days, "metric"],
            frame.loc[~days, "source_id"],
        )
    )
    twice = [
        is_days and key in in_years
        for is_days, key in zip(days, zip(frame["subject_id"], frame["metric"], frame["source_id"]))
    ]
    frame = frame[~pd.Series(twice, index=frame.index, dtype=bool)].copy()
    frame["family"] = [figure_family(m, u) for m, u in zip(frame["metric"], frame["unit"])]
    frame["family_title"] = [
        family_title(f, label, unit)
        for f, label, unit in zip(frame["family"], frame["metric_label"], frame["unit"])
    ]
    frame["range_text"] = [
        format_range(r.low, r.best, r.high, r.unit) for r in frame.itertuples(index=False)
    ]
    frame["price_basis"] = [
        price_basis(u, a) if f == "cost" else ""
        for f, u, a in zip(frame["family"], frame["unit"], frame["as_of"].fillna(""))
    ]
    frame["source_title"] = frame["source_title"].fillna(frame["source_id"])
    frame["from_article"] = frame["from_article"].fillna(False).astype(bool)
    order = {family: i for i, family in enumerate(FAMILIES)}
    frame["_family_order"] = frame["family"].map(order).fillna(len(order))
    frame = frame.sort_values(
        ["_family_order", "subject", "metric", "from_article"],
        ascending=[True, True, True, False],
        kind="stable",
    )
    return frame[RANGE_COLUMNS].reset_index(drop=True)


# -- the article against the references ---------------------------------------------------


def _given(*values) -> list[float]:
    return [float(v) for v in values if pd.notna(v)]


def reference_ends(references: pd.DataFrame) -> list[tuple[float, float]]:
    """Each reference figure's (smallest, largest) value: low or best, high or best."""
    ends = []
    for ref in references.itertuples(index=False):
        given = _given(ref.low, ref.best, ref.high)
        if given:
            ends.append((min(given), max(given)))
    return ends


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SAME * max(abs(a), abs(b))


def comparison_words(low, best, high, references: list[tuple[float, float]], unit: str) -> str:
    """Where the article's figure sits against the references, in one sentence.

    references holds each reference figure's (smallest, largest) value. A figure given only
    as a floor ('over 1.25 million') is read as a floor, and counted as borne out by the
    references that reach it; only as a ceiling likewise; a best value (or both ends) as
    the figure itself.
    """
    if not references:
        return "No reference figure to compare with."
    bottom, top = min(lo for lo, _ in references), max(hi for _, hi in references)
    span_text = span_words(bottom, top, unit)
    whole = "the reference figure" if _same(bottom, top) else "the whole reference range"
    if pd.notna(best):
        what, value = "figure", float(best)
    elif pd.notna(low) and pd.notna(high):
        what, value = "range", None
    elif pd.notna(low):
        what, value = "floor", float(low)
    elif pd.notna(high):
        what, value = "ceiling", float(high)
    else:
        return "The article gives no value."
    if value is None:  # a range: does it overlap the references?
        low, high = float(low), float(high)
        if high < bottom and not _same(high, bottom):
            where = f"lies below {whole}"
        elif low > top and not _same(low, top):
            where = f"lies above {whole}"
        elif low <= bottom and high >= top:
            where = "covers the whole reference range"
        else:
            where = "overlaps the reference range"
        return f"The article's range ({span_words(low, high, unit)}) {where} ({span_text})."
    shown = format_number(value, unit)
    if _same(bottom, top) and _same(value, top):
        where = "equals the reference figure"
    elif _same(value, top):
        where = "is the top of the reference range"
    elif _same(value, bottom):
        where = "is the bottom of the reference range"
    elif value > top:
        where = f"is above {whole}"
    elif value < bottom:
        where = f"is below {whole}"
    else:
        where = "is within the reference range"
    sentence = f"The article's {what} ({shown}) {where} ({span_text})"
    # A floor ('over X') is borne out by a reference that reaches it; a ceiling likewise.
    if what == "floor":
        holding = sum(hi >= value or _same(hi, value) for _, hi in references)
    elif what == "ceiling":
        holding = sum(lo <= value or _same(lo, value) for lo, _ in references)
    else:
        return sentence + "."
    count = len(references)
    if count == 1:
        verdict = "the reference bears it out" if holding else "the reference does not bear it out"
    elif holding == count:
        verdict = f"all {count} references bear it out"
    elif holding == 0:
        verdict = f"none of the {count} references bears it out"
    else:
        verdict = f"{holding} of the {count} references bear{'s' if holding == 1 else ''} it out"
    return f"{sentence}: {verdict}."


def span_words(bottom: float, top: float, unit: str) -> str:
    """Two ends in words with the unit said once ('1.17 – 1.22 years'; one value if equal)."""
    if _same(bottom, top):
        return format_number(bottom, unit)
    low, high = format_number(bottom, unit), format_number(top, unit)
    suffix = f" {unit}"
    if unit not in ("people", "", "USD") and low.endswith(suffix) and high.endswith(suffix):
        low = low[: -len(suffix)]
    return f"{low} – {high}"


def agreement(low, best, high, references: list[tuple[float, float]]) -> str:
    """How far the references bear the article's figure out: 'none' (no reference),
    'outside' (no reference allows it), 'edge' (only the most extreme one does), or
    'within' (a reference range includes it, or a floor or ceiling that references reach)."""
    if not references:
        return "none"
    bottom, top = min(lo for lo, _ in references), max(hi for _, hi in references)
    if pd.notna(best) or (pd.notna(low) and pd.notna(high)):
        lo = float(best) if pd.notna(best) else float(low)
        hi = float(best) if pd.notna(best) else float(high)
        if (hi < bottom and not _same(hi, bottom)) or (lo > top and not _same(lo, top)):
            return "outside"
        if not _same(bottom, top) and (_same(lo, top) or _same(hi, bottom)):
            return "edge"
        return "within"
    if pd.notna(low):
        reaching = sum(hi >= low or _same(hi, low) for _, hi in references)
    elif pd.notna(high):
        reaching = sum(lo <= high or _same(lo, high) for lo, _ in references)
    else:
        return "none"
    if reaching == 0:
        return "outside"
    if reaching == 1 and len(references) > 1:
        return "edge"
    return "within"


def comparisons(ranges: pd.DataFrame, discrepancies: pd.DataFrame) -> pd.DataFrame:
    """One row per article figure: the references' span on the same subject and metric,
    the computed wording, and the curated explanation from discrepancies.csv (if any)."""
    article = ranges[ranges["from_article"]]
    references = ranges[~ranges["from_article"]]
    notes = discrepancies[discrepancies["table"] == "figures"]
    explanations = dict(zip(notes["record_id"], notes["explanation"]))
    note_ids = dict(zip(notes["record_id"], notes["discrepancy_id"]))
    rows = []
    for fig in article.itertuples(index=False):
        same = references[
            (references["subject_id"] == fig.subject_id) & (references["metric"] == fig.metric)
        ]
        ends = reference_ends(same)
        span = (min(e[0] for e in ends), max(e[1] for e in ends)) if ends else None
        rows.append(
            {
                "figure_id": fig.figure_id,
                "subject_id": fig.subject_id,
                "subject": fig.subject,
                "family": fig.family,
                "metric_label": fig.metric_label,
                "unit": fig.unit,
                "article": fig.range_text,
                "reference_low": span[0] if span else np.nan,
                "reference_high": span[1] if span else np.nan,
                "reference_range": span_words(*span, fig.unit) if span else "",
                "reference_count": len(same),
                "reference_sources": "; ".join(dict.fromkeys(same["source_title"])),
                "reference_figure_ids": list(same["figure_id"]),
                "comparison": comparison_words(fig.low, fig.best, fig.high, ends, fig.unit),
                "agreement": agreement(fig.low, fig.best, fig.high, ends),
                "disputed": fig.figure_id in explanations,
                "discrepancy_id": note_ids.get(fig.figure_id, ""),
                "explanation": explanations.get(fig.figure_id, ""),
                "source_title": fig.source_title,
            }
        )
    columns = [
        "figure_id", "subject_id", "subject", "family", "metric_label", "unit", "article",
        "reference_low", "reference_high", "reference_range", "reference_count",
        "reference_sources", "reference_figure_ids", "comparison", "agreement", "disputed",
        "discrepancy_id", "explanation", "source_title",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


# -- rates per 100,000 people ---------------------------------------------------------------


def population_figures(dataset: Dataset) -> pd.DataFrame:
    """The sourced population figures (metric 'population'), by subject; once per dataset
    (matching the metric of 200,000 imported figures took 2 ms of every Overview)."""

    def populations() -> pd.DataFrame:
        figures = dataset.figures
        return figures[figures["metric"] == POPULATION_METRIC]

    return dataset.derived(("casualties", "population figures"), populations)


def _ends(low, best, high) -> tuple[float, float] | None:
    """A figure's (smallest, largest) value: its low and high, falling back to its best."""
    given = _given(low, best, high)
    if not given:
        return None
    smallest = low if pd.notna(low) else best if pd.notna(best) else None
    largest = high if pd.notna(high) else best if pd.notna(best) else None
    return (
        float(smallest) if smallest is not None else np.nan,
        float(largest) if largest is not None else np.nan,
    )


def rates_per_100k(ranges: pd.DataFrame, populations: pd.DataFrame) -> pd.DataFrame:
    """Deaths per 100,000 people, for each death figure whose subject has a sourced
    population figure (the same subject_id). No population, no rate: none is invented.

    The rate's range runs from the fewest deaths over the largest population to the most
    deaths over the smallest; its best from the best of both, when both are given.
    """
    columns = [
        "figure_id", "subject", "metric_label", "rate_low", "rate_best", "rate_high",
        "rate_text", "population_figure_id", "population_text",
    ]  # fmt: skip
    deaths = ranges[ranges["family"] == "deaths"]
    rows = []
    for fig in deaths.itertuples(index=False):
        people = populations[populations["subject_id"] == fig.subject_id]
        if people.empty:
            continue
        pop = people.iloc[0]
        pop_ends = _ends(pop["low"], pop["best"], pop["high"])
        if pop_ends is None:
            continue
        death_ends = _ends(fig.low, fig.best, fig.high)
        smallest_pop, largest_pop = pop_ends
        low = death_ends[0] / largest_pop * PER if pd.notna(largest_pop) else np.nan
        high = death_ends[1] / smallest_pop * PER if pd.notna(smallest_pop) else np.nan
        best = (
            float(fig.best) / float(pop["best"]) * PER
            if pd.notna(fig.best) and pd.notna(pop["best"]) and pop["best"]
            else np.nan
        )
        rows.append(
            {
                "figure_id": fig.figure_id,
                "subject": fig.subject,
                "metric_label": fig.metric_label,
                "rate_low": low,
                "rate_best": best,
                "rate_high": high,
                "rate_text": f"{format_range(low, best, high, '')} per 100,000",
                "population_figure_id": pop["figure_id"],
                "population_text": format_range(pop["low"], pop["best"], pop["high"], ""),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def casualty_table(ranges: pd.DataFrame, compared: pd.DataFrame, rates: pd.DataFrame):
    """The table a reader downloads: one row per figure, plain columns, no lists."""
    table = ranges.merge(
        compared[["figure_id", "comparison", "explanation"]], on="figure_id", how="left"
    ).merge(rates[["figure_id", "rate_text"]], on="figure_id", how="left")
    table["from"] = np.where(table["from_article"], "article", "reference")
    table = table.rename(
        columns={
            "family_title": "group",
            "metric_label": "measure",
            "range_text": "range",
            "source_title": "source",
            "rate_text": "per_100k",
        }
    )
    columns = [
        "group", "subject", "measure", "from", "range", "low", "best", "high", "unit",
        "per_100k", "price_basis", "basis", "as_of", "layer", "source", "comparison",
        "explanation", "note", "figure_id", "source_id", "claim_ids",
    ]  # fmt: skip
    return table[columns].fillna({"comparison": "", "explanation": "", "per_100k": ""})


# -- totals, when there are too many figures to draw one by one ----------------------------

# Past this many figures in view the page shows totals per country and per year instead of
# one range per figure: 223,041 per-event death counts (an ACLED import) took 88 s to draw
# and 115 MB to send. The curated data has a few dozen, each drawn as its own range.
AGGREGATE_ABOVE = 400
# Summing durations means nothing (two wars of a year are not a two-year war).
UNSUMMED_FAMILIES = ("duration",)
NO_COUNTRY = ""

TOTAL_COLUMNS = [
    "family", "family_title", "unit", "group", "figures", "with_low", "with_best",
    "with_high", "low_sum", "best_sum", "high_sum", "ranged", "total_text",
]  # fmt: skip


def has_article(dataset: Dataset) -> bool:
    """Whether the dataset holds an article (imported ACLED or UCDP data has none)."""
    return bool((dataset.sources["kind"] == "article").any())


def subject_names(full: Dataset, subject_ids: pd.Series) -> dict[str, str]:
    """display_names (evidence.display_names) for these subjects only: indexing a million
    events' ids for it takes time and memory, and a figure needs only its own subject's."""
    events = full.events[is_in(full.events["event_id"], subject_ids)]
    actors = full.actors[is_in(full.actors["actor_id"], subject_ids)]
    return {
        **dict(zip(events["event_id"], events["title"])),
        **dict(zip(actors["actor_id"], actors["name"])),
    }


def with_article_subjects_only(dataset: Dataset) -> Dataset:
    """The dataset with only the figures on subjects the article gives a number for (its
    own and the references' beside them), and only those subjects' events and actors: all
    that the comparisons with the article read, without a million rows they never use."""
    figures = dataset.figures
    articles = dataset.sources.loc[dataset.sources["kind"] == "article", "source_id"]
    subjects = figures.loc[is_in(figures["source_id"], articles).to_numpy(), "subject_id"]
    figures = figures[is_in(figures["subject_id"], subjects).to_numpy()]
    return dataset.with_tables(
        figures=figures,
        events=dataset.events[is_in(dataset.events["event_id"], figures["subject_id"])],
        actors=dataset.actors[is_in(dataset.actors["actor_id"], figures["subject_id"])],
    )


def _text_codes(cells: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each cell's code into its distinct texts, an empty cell counted as "" (the column
    factorized as it is: filled and cast first, 90,000 figures took 5 ms)."""
    codes, values = pd.factorize(cells, use_na_sentinel=False)
    texts = ["" if pd.isna(value) else str(value) for value in values]
    merged, distinct = pd.factorize(pd.Index(texts, dtype=object))  # a missing cell and ""
    return merged[codes] if len(codes) else codes, list(distinct)


def _sorted_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(keys, return_inverse=True) by hashing: the few distinct keys are sorted,
    not the 90,000 figures (3 ms of every filter change)."""
    codes, distinct = pd.factorize(keys)
    order = np.argsort(distinct, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return distinct[order], rank[codes]


def family_codes(figures: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Each figure's family as a code into a small table of (family, family_title, unit),
    worked out once per distinct metric and unit, not once per figure."""
    metric_codes, metrics = _text_codes(figures["metric"])
    unit_codes, units = _text_codes(figures["unit"])
    pairs, codes = _sorted_codes(metric_codes.astype(np.int64) * max(len(units), 1) + unit_codes)
    rows = []
    for pair in pairs:
        metric, unit = (
            str(metrics[pair // max(len(units), 1)]),
            str(units[pair % max(len(units), 1)]),
        )
        family = figure_family(metric, unit)
        label = METRIC_LABELS.get(metric, metric)
        shown_in = FAMILIES.get(family, ("", unit))[1]
        rows.append((family, family_title(family, label, unit), shown_in))
    info = pd.DataFrame(rows, columns=["family", "family_title", "unit"], dtype=object)
    return codes.reshape(-1), info


def figure_families(figures: pd.DataFrame) -> pd.DataFrame:
    """Each figure's family, its title and the unit it is drawn in, indexed like figures."""
    codes, info = family_codes(figures)
    return info.iloc[codes].set_index(figures.index)


def _text_array(series: pd.Series) -> pa.Array:
    return pa.array(series.fillna("").astype(str), type=pa.large_string())


def _where_and_when(dataset: Dataset) -> pd.DataFrame:
    figures = dataset.figures
    subjects = _text_array(figures["subject_id"])
    events, places, actors = dataset.events, dataset.places, dataset.actors
    # Arrow's hash lookups: a million event ids are looked up in a few hundred ms, where
    # pandas' Index on Arrow strings takes seconds.
    at_event = pc.index_in(subjects, value_set=_text_array(events["event_id"]))
    place = pc.take(_text_array(events["place_id"]), at_event)
    at_place = pc.index_in(place, value_set=_text_array(places["place_id"]))
    event_country = pc.take(_text_array(places["country"]), at_place)
    at_actor = pc.index_in(subjects, value_set=_text_array(actors["actor_id"]))
    actor_country = pc.take(_text_array(actors["country"]), at_actor)
    country = pc.coalesce(event_country, actor_country, pa.scalar(NO_COUNTRY, pa.large_string()))
    # The year the figure belongs to: its event's start, else (an actor's) its as_of.
    event_start = pc.take(_text_array(events["start"]), at_event)
    when = pc.coalesce(event_start, _text_array(figures["as_of"]))
    year = pd.to_numeric(
        pd.Series(pc.utf8_slice_codeunits(when, 0, 4), dtype=str, index=figures.index),
        errors="coerce",
    )
    return pd.DataFrame(
        {
            "country": pd.Series(country, dtype=str, index=figures.index),
            "year": year.astype("Int64"),
        },
        index=figures.index,
    )


def figure_whereabouts(dataset: Dataset) -> pd.DataFrame:
    """Each figure's country (its event's place's, else its actor's; '' if none) and year
    (its event's start, else its as_of), indexed like dataset.figures.

    Worked out once per dataset and kept while the dataset lives: a filtered cut keeps the
    rows' index, so each new filter only picks its rows out of this table.
    """
    return dataset.derived(("casualties", "whereabouts"), lambda: _where_and_when(dataset))


def whereabouts_of(full: Dataset, figures: pd.DataFrame) -> pd.DataFrame:
    """figure_whereabouts(full) of some of its figures (a cut's: they keep their rows'
    labels), indexed like them. A loaded table's labels are its row numbers: taken by
    position, where matching 200,000 labels took several ms of every filter change."""
    where = figure_whereabouts(full)
    if where.index.equals(figures.index):
        return where
    if is_numbered(full.figures):
        return where.take(figures.index.to_numpy())
    return where.reindex(figures.index)


def total_text(low: float, best: float, high: float, ranged: bool, unit: str) -> str:
    """A total in words: a range only when every figure summed gave one, else the best sum."""
    if ranged:
        return format_range(low, best, high, unit)
    return format_number(best, unit) if pd.notna(best) else "no best estimate"


def figure_totals(
    figures: pd.DataFrame,
    groups: pd.Series,
    families: tuple[np.ndarray, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Per family and group (a country, a year): how many figures, how many give a low, a
    best and a high, and the sums of each where given (families: family_codes(figures),
    when the caller has it already).

    A total is a range ('ranged') only when every one of its figures gives low, best and
    high; otherwise it is the sum of the best estimates given, which is not a range.
    """
    codes, info = families if families is not None else family_codes(figures)
    group_codes, group_values = pd.factorize(groups, use_na_sentinel=False)
    # Counted and summed with numpy's bincount over (family, group) keys: a pandas groupby
    # of 200,000 rows took ~70 ms, this a few.
    width = max(len(group_values), 1)
    keys = codes.astype(np.int64) * width + group_codes
    # The figures of families that are summed (all of them, mostly: nothing to pick then).
    summed = ~info["family"].isin(UNSUMMED_FAMILIES).to_numpy()[codes]
    picked = slice(None) if summed.all() else summed
    keys = keys[picked]
    cells = len(info) * width
    columns = {"figures": np.bincount(keys, minlength=cells)}
    for name in ("low", "best", "high"):
        values = figures[name].to_numpy(dtype=float, na_value=np.nan)[picked]
        given = ~np.isnan(values)
        if not given.all():
            values, given_keys = values[given], keys[given]
        else:
            given_keys = keys
        columns[f"with_{name}"] = np.bincount(given_keys, minlength=cells)
        total = np.bincount(given_keys, weights=values, minlength=cells)
        columns[f"{name}_sum"] = np.where(columns[f"with_{name}"] > 0, total, np.nan)
    present = np.flatnonzero(columns["figures"])
    counts = {name: column[present] for name, column in columns.items()}
    ranged = (
        (counts["with_low"] == counts["figures"])
        & (counts["with_best"] == counts["figures"])
        & (counts["with_high"] == counts["figures"])
    )
    families = info.iloc[present // width].reset_index(drop=True)
    words = zip(
        counts["low_sum"].tolist(), counts["best_sum"].tolist(), counts["high_sum"].tolist(),
        ranged.tolist(), families["unit"].tolist(),
    )  # fmt: skip
    # One frame made at once from its columns: built up column by column, the small table
    # took 5 ms of pandas' own work, twice in every Overview filter change.
    totals = {
        **{name: families[name] for name in info.columns},
        "group": np.asarray(group_values, dtype=object)[present % width]
        if len(group_values)
        else np.empty(0, dtype=object),
        **counts,
        "ranged": ranged,
        "total_text": [total_text(*values) for values in words],
    }
    return pd.DataFrame({name: totals[name] for name in TOTAL_COLUMNS})
