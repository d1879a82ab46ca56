"""Figures (deaths, costs, durations) as ranges, the article's beside the references'."""

from __future__ import annotations

import pandas as pd

from dashboard.model.load import Dataset

METRIC_LABELS = {
    "deaths": "Deaths",
    "military_deaths": "Military deaths",
    "civilian_deaths": "Civilian deaths",
    "cost_usd": "Cost",
    "duration_days": "Duration",
    "duration_years": "Duration",
    "displaced": "Displaced",
    "hostages": "Hostages",
    "count": "Count",
}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_number(value: float, unit: str) -> str:
    """A number as said aloud: 1.25e6 people -> '1.25 million', 8.15e11 USD -> '$815 billion'."""
    value = float(f"{value:.3g}") if abs(value) >= _SCALES[-1][0] else value
    # Rounded first, so 999.96 million reads "1 billion", never "1e+03 million".
    for scale, word in _SCALES:
        if abs(value) >= scale:
            text = f"{value / scale:.3g} {word}"
            break
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit.upper() == "USD":
        return f"${text}"
    if unit in ("people", ""):
        return text
    return f"{text} {unit}"


def format_range(low: float, best: float, high: float, unit: str) -> str:
    """A figure's range in words: 'B (range L – H)', 'L – H', 'at least L', 'up to H'."""
    given = {k: v for k, v in (("low", low), ("best", best), ("high", high)) if pd.notna(v)}
    fmt = {k: format_number(v, unit) for k, v in given.items()}
    if "best" in given:
        spread = [fmt[k] for k in ("low", "high") if k in fmt]
        return f"{fmt['best']}" + (f" (range {' – '.join(spread)})" if spread else "")
    if "low" in given and "high" in given:
        return f"{fmt['low']} – {fmt['high']}"
    if "low" in given:
        return f"at least {fmt['low']}"
    if "high" in given:
        return f"up to {fmt['high']}"
    return "no value"


def figures_with_context(dataset: Dataset) -> pd.DataFrame:
    """Every figure with its subject's name, its source, its range in words, and its origin."""
    names = pd.concat(
        [
            dataset.events[["event_id", "title"]].set_axis(["subject_id", "subject"], axis=1),
            dataset.actors[["actor_id", "name"]].set_axis(["subject_id", "subject"], axis=1),
        ]
    )
    sources = dataset.sources[["source_id", "title", "publisher", "kind"]].rename(
        columns={"title": "source_title", "kind": "source_kind"}
    )
    frame = dataset.figures.merge(names, on="subject_id", how="left").merge(
        sources, on="source_id", how="left"
    )
    frame["from_article"] = frame["source_kind"] == "article"
    frame["metric_label"] = frame["metric"].map(METRIC_LABELS).fillna(frame["metric"])
    frame["range_text"] = [
        format_range(r.low, r.best, r.high, r.unit) for r in frame.itertuples(index=False)
    ]
    return frame


def article_figures_against_references(dataset: Dataset) -> pd.DataFrame:
    """One row per figure the article gives, with the references' on the same subject and metric."""
    frame = figures_with_context(dataset)
    article = frame[frame["from_article"]]
    references = frame[~frame["from_article"]]
    notes = dataset.discrepancies[dataset.discrepancies["table"] == "figures"]
    rows = []
    for fig in article.itertuples(index=False):
        same = references[
            (references["subject_id"] == fig.subject_id) & (references["metric"] == fig.metric)
        ]
        note = notes.loc[notes["record_id"] == fig.figure_id, "explanation"]
        rows.append(
            {
                "figure_id": fig.figure_id,
                "subject": fig.subject,
                "metric": fig.metric_label,
                "article": fig.range_text,
                "references": [
                    f"{r.range_text} — {r.source_title} ({r.basis})"
                    if r.basis
                    else f"{r.range_text} — {r.source_title}"
                    for r in same.itertuples(index=False)
                ],
                "discrepancy": note.iloc[0] if len(note) else "",
            }
        )
    return pd.DataFrame(
        rows, columns=["figure_id", "subject", "metric", "article", "references", "discrepancy"]
    )
