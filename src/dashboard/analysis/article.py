"""The dataset's article: its byline, its thesis in its own words, its date, and where the
references contradict it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.evidence import record_labels
from dashboard.model import dates
from dashboard.model.load import Dataset

# Claims whose id starts with this are the article's thesis, shown first on the Overview
# (a convention of the data dictionary, so another dataset can name its own).
THESIS_PREFIX = "thesis_"


@dataclass(frozen=True)
class ArticleSummary:
    """The byline of the dataset's article and the quotes that carry its thesis."""

    byline: str
    key_quotes: pd.DataFrame  # claim_id, quote


def article_summary(dataset: Dataset) -> ArticleSummary:
    """Byline and thesis quotes of the dataset's article (empty when there is none)."""
    articles = dataset.sources[dataset.sources["kind"] == "article"]
    if articles.empty:
        return ArticleSummary("No article in this dataset.", dataset.claims.iloc[0:0])
    article = articles.iloc[0]
    parts = [
        article["title"],
        article["author"],
        article["publisher"],
        dates.display(article["published"]),
    ]
    byline = " · ".join(part for part in parts if part and part != "—")
    claims = dataset.claims
    thesis = claims[
        (claims["source_id"] == article["source_id"])
        & claims["claim_id"].str.startswith(THESIS_PREFIX)
    ]
    return ArticleSummary(byline, thesis[["claim_id", "quote"]].sort_values("claim_id"))


def _article_published(dataset: Dataset) -> str:
    """The article's publication date as written ('' when unknown or no article).

    Looked up once per Dataset: every view asks, several times a rerun."""

    def look_up() -> str:
        published = dataset.sources.loc[dataset.sources["kind"] == "article", "published"]
        return published.iloc[0] if len(published) else ""

    return dataset.derived(("article_published",), look_up)


def publication_date(dataset: Dataset) -> pd.Timestamp | None:
    """The last day the article can have appeared, given the precision of its date."""
    published = _article_published(dataset)
    return dates.latest(published) if published else None


def disagreements(
    dataset: Dataset,
    *,
    names: Mapping[str, str] | None = None,
    exclude_tables: tuple[str, ...] = ("figures",),
) -> pd.DataFrame:
    """Where the article and the references differ (outside the figures), one line each."""
    notes = dataset.discrepancies[~dataset.discrepancies["table"].isin(exclude_tables)].copy()
    labels = {table: record_labels(dataset, table, names=names) for table in set(notes["table"])}
    notes["subject"] = [
        labels[table].get(record, record)
        for table, record in zip(notes["table"], notes["record_id"])
    ]
    columns = ["discrepancy_id", "subject", "table", "record_id", "field"]
    return notes[[*columns, "article_value", "reference_value", "explanation"]]


def article_date_text(dataset: Dataset) -> str:
    """When the article appeared, as precisely as known ("Jan 2014"), for help texts."""
    published = _article_published(dataset)
    return dates.display(published) if published else "an unknown date"


def publication_window(dataset: Dataset) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day the article can have appeared (its date at its precision)."""
    published = _article_published(dataset)
    return (dates.earliest(published), dates.latest(published)) if published else None
