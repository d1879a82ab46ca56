"""Following any record back to its evidence: claims, sources and discrepancy notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.model.load import Dataset
from dashboard.model.schema import TABLES

# Tables whose rows carry claim_ids, with the column a reader knows each row by (relations
# and figures get a composed label, see record_labels).
TRACEABLE = {
    "actors": "name",
    "events": "title",
    "relations": "relation_id",
    "figures": "figure_id",
    "places": "name",
    "regions": "admin1_name",
    "control_areas": "name",
}
CLAIM_COLUMNS = [
    "claim_id",
    "quote",
    "note",
    "source_id",
    "title",
    "publisher",
    "published",
    "url",
    "kind",
]


@dataclass(frozen=True)
class RecordEvidence:
    """One record with the claims and sources behind it and any discrepancy noted on it."""

    record: pd.Series
    claims: pd.DataFrame
    discrepancies: pd.DataFrame
    reference_claims: pd.DataFrame  # the claims the discrepancies cite against the article


def claims_with_sources(dataset: Dataset) -> pd.DataFrame:
    """Every claim beside the title, publisher, date and link of its source."""
    sources = dataset.sources[["source_id", "title", "publisher", "published", "url", "kind"]]
    return dataset.claims.merge(sources, on="source_id", how="left")[CLAIM_COLUMNS]


def _matching_all_words(table: pd.DataFrame, columns: list[str], query: str) -> pd.DataFrame:
    """Rows of table whose columns, together, contain every word of query (any case)."""
    words = query.lower().split()
    if not words or table.empty:
        return table
    haystack = table[columns[0]].str.cat(table[columns[1:]].fillna(""), sep=" ").str.lower()
    keep = pd.Series(True, index=table.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return table[keep]


def search_evidence(dataset: Dataset, query: str) -> pd.DataFrame:
    """Claims whose quote, note or source mentions every word of query (any case)."""
    columns = ["quote", "note", "title", "publisher", "claim_id", "source_id"]
    return _matching_all_words(claims_with_sources(dataset), columns, query)


def search_sources(dataset: Dataset, query: str) -> pd.DataFrame:
    """Sources whose title, author, publisher, link or note mentions every word of query."""
    columns = ["title", "author", "publisher", "url", "note", "source_id"]
    return _matching_all_words(dataset.sources.drop(columns=["_line"]), columns, query)


def display_names(dataset: Dataset) -> dict[str, str]:
    """actor or event id -> the name a reader knows it by.

    Built once from the unfiltered dataset, so a record a filter left out is still named.
    """
    return {
        **dict(zip(dataset.events["event_id"], dataset.events["title"])),
        **dict(zip(dataset.actors["actor_id"], dataset.actors["name"])),
    }


def record_labels(
    dataset: Dataset, table: str, *, names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """record key -> a label a reader recognises, for a picker ("Iran – hostile – USA, 1979–").

    names (see display_names) names the actors and events a filter left out.
    """
    frame = dataset.table(table)
    keys = record_keys(table, frame)
    names = display_names(dataset) if names is None else names
    if table == "relations":
        labels = [
            f"{names.get(r.source_actor, r.source_actor)} – {r.kind.replace('_', ' ')} – "
            f"{names.get(r.target_actor, r.target_actor)}, {r.start}–{r.end}"
            for r in frame.itertuples(index=False)
        ]
    elif table == "figures":
        labels = [
            f"{names.get(r.subject_id, r.subject_id)}: {r.metric.replace('_', ' ')} ({r.source_id})"
            for r in frame.itertuples(index=False)
        ]
    else:
        labels = frame[TRACEABLE[table]].astype(str).where(frame[TRACEABLE[table]] != "", keys)
    return dict(zip(keys, labels))


def record_keys(table: str, frame: pd.DataFrame) -> pd.Series:
    """The key of each row: its id, or for regions its admin-1 code (or country)."""
    id_column = TABLES[table].id_column
    if id_column:
        return frame[id_column]
    return frame["adm1_code"].where(frame["adm1_code"] != "", frame["iso3"])


def evidence_for(dataset: Dataset, table: str, key: str) -> RecordEvidence:
    """The record of table with that key, its claims (with sources) and its discrepancies."""
    frame = dataset.table(table)
    matches = frame[record_keys(table, frame) == key]
    if matches.empty:
        raise KeyError(f"no record '{key}' in {table}")
    record = matches.iloc[0]
    notes = dataset.discrepancies
    notes = notes[(notes["table"] == table) & (notes["record_id"] == key)]
    reference_ids = [c for cell in notes["reference_claim_ids"] for c in cell.split(";")]
    return RecordEvidence(
        record=record,
        claims=_claims_in_order(dataset, record["claim_ids"].split(";")),
        discrepancies=notes,
        reference_claims=_claims_in_order(dataset, reference_ids),
    )


def _claims_in_order(dataset: Dataset, claim_ids: list[str]) -> pd.DataFrame:
    claims = claims_with_sources(dataset)
    wanted = list(dict.fromkeys(c for c in claim_ids if c))
    return claims.set_index("claim_id").reindex(wanted).dropna(how="all").reset_index()


SOURCE_LINE_COLUMNS = ["source_id", "title", "publisher", "published", "url", "reliability"]


def cited_sources(dataset: Dataset, claim_ids) -> pd.DataFrame:
    """The sources behind claim_ids (ids or ';'-joined id cells), each once, article first."""
    wanted = {part for cell in claim_ids for part in str(cell).split(";") if part}
    source_ids = set(dataset.claims.loc[dataset.claims["claim_id"].isin(wanted), "source_id"])
    sources = dataset.sources[dataset.sources["source_id"].isin(source_ids)]
    order = sources["kind"].ne("article")  # the article leads: it is what is being tested
    columns = [c for c in SOURCE_LINE_COLUMNS if c in sources.columns]
    return sources.assign(_order=order).sort_values(["_order", "title"])[columns]
