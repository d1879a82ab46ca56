"""Following any record back to its evidence: claims, sources and discrepancy notes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.analysis.figures import METRIC_LABELS, format_range
from dashboard.analysis.filters import cited_claim_rows, country_names, kept_rows
from dashboard.model.columns import is_in, positions_in
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
    "reliability",
]


SOURCE_COLUMNS_OF_CLAIMS = [
    "source_id",
    "title",
    "publisher",
    "published",
    "url",
    "kind",
    "reliability",
]


@dataclass(frozen=True)
class RecordEvidence:
    """One record with the claims and sources behind it and any discrepancy noted on it."""

    record: pd.Series
    claims: pd.DataFrame
    discrepancies: pd.DataFrame
    reference_claims: pd.DataFrame  # the claims the discrepancies cite against the article


def _with_sources(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Each claim beside the title, publisher, date and link of its source, in the claims'
    order (a claim whose source is missing gets empty source cells)."""
    # Each claim's source found by position and its cells taken, not a join: the Evidence
    # page asks on every rerun, and joining 300,000 claims took a seventh of a second.
    at = positions_in(claims["source_id"], sources["source_id"])
    of_source = {
        column: pd.api.extensions.take(sources[column].array, at, allow_fill=True)
        for column in SOURCE_COLUMNS_OF_CLAIMS
        if column != "source_id"
    }
    frame = pd.DataFrame({**{c: claims[c].array for c in claims.columns}, **of_source})
    return frame[CLAIM_COLUMNS]


# -- search ---------------------------------------------------------------------------------

# Names an analyst may type for the same thing: a search for one finds them all. Each group
# is matched as whole words ("ISIS" must not find "crisis", "AQI" must not find "Iraqi"),
# with or without the hyphen, space or apostrophe ("al Qaida", "Da'esh").
SYNONYMS: tuple[tuple[str, ...], ...] = (
    (
        "ISIL",
        "ISIS",
        "Daesh",
        "Da'esh",
        "Da'ish",
        "Islamic State",
        "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and Syria",
        "Islamic State of Iraq and al-Sham",
    ),
    ("al-Qaeda", "al-Qaida", "al-Qa'ida", "Qaeda", "Qaida"),
    ("AQI", "al-Qaeda in Iraq", "al-Qaida in Iraq"),
    ("AQAP", "al-Qaeda in the Arabian Peninsula", "al-Qaida in the Arabian Peninsula"),
    ("al-Nusra", "Nusra", "Jabhat al-Nusra", "Nusra Front"),
    ("Hezbollah", "Hizbollah", "Hizballah", "Hizbullah", "Hizb Allah"),
    ("Shia", "Shi'a", "Shiite", "Shi'ite", "Shiites", "Shi'ites", "Shias"),
    ("Quds Force", "Qods Force"),
)
# A search for the first group also finds the second: al-Qaeda's branches are al-Qaeda, but
# a search for AQI should not bring back every al-Qaeda quote.
NARROWER: dict[str, tuple[str, ...]] = {"al-Qaeda": ("AQI", "AQAP")}

_SEPARATOR = r"[\s\-\u2010-\u2015]?"  # "al-Qaeda", "al Qaeda", "alQaeda"
_APOSTROPHE = "['\u2018\u2019\u02bc`]?"  # "Da'esh", "Da\u2019esh", "Daesh"


def _name_pattern(name: str) -> str:
    """A regex for name that tolerates the hyphens, spaces and apostrophes people vary."""
    parts = []
    for char in name:
        if char in " -":
            parts.append(_SEPARATOR)
        elif char == "'":
            parts.append(_APOSTROPHE)
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _whole_words(names) -> re.Pattern:
    longest_first = sorted(names, key=len, reverse=True)  # "Islamic State of Iraq" first
    alternatives = "|".join(_name_pattern(name) for name in longest_first)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# The same whole-word match in RE2, the engine Arrow runs over a million quotes at once: it
# has no lookbehind, so the neighbours are matched instead (a letter, digit or _ is \w).
_RE2_NOT_WORD = r"[^\pL\pN_]"
_RE2_SEPARATOR = "[\\s\\-\u2010-\u2015]?"


def _re2_whole_words(names) -> str:
    longest_first = sorted(names, key=len, reverse=True)
    alternatives = "|".join(
        _name_pattern(name).replace(_SEPARATOR, _RE2_SEPARATOR) for name in longest_first
    )
    return rf"(?:^|{_RE2_NOT_WORD})(?:{alternatives})(?:{_RE2_NOT_WORD}|$)"


@dataclass(frozen=True)
class SearchTerm:
    """One thing the reader asked for: a word, or a name with its synonyms."""

    typed: str  # as the reader typed it
    names: tuple[str, ...]  # what is searched for: the typed word, or a synonym group
    pattern: re.Pattern  # to mark matches in a quote
    whole_words: bool = False  # a name of the synonym table: matched as whole words

    def found_in(self, cells: pd.Series) -> pd.Series:
        """Which cells hold the term (any case), for a whole column at once."""
        text = pa.array(cells.fillna("").astype(str)) if len(cells) else pa.array([], pa.string())
        if self.whole_words:
            hits = pc.match_substring_regex(text, _re2_whole_words(self.names), ignore_case=True)
        else:
            hits = pc.match_substring(text, self.typed, ignore_case=True)
        return pd.Series(hits.to_numpy(zero_copy_only=False), index=cells.index, dtype=bool)

    @property
    def synonyms(self) -> tuple[str, ...]:
        """The names searched beside the one typed (empty for a plain word)."""
        return tuple(n for n in self.names if not _whole_words([n]).fullmatch(self.typed))


def _synonym_groups() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each group's own names, and every name a search for one of them finds (NARROWER)."""
    by_head = {group[0]: group for group in SYNONYMS}
    return [
        (
            group,
            group + tuple(name for head in NARROWER.get(group[0], ()) for name in by_head[head]),
        )
        for group in SYNONYMS
    ]


def search_terms(query: str) -> tuple[SearchTerm, ...]:
    """The terms of query, in the order typed: the names of the synonym table (longest
    first, so "Islamic State" is one term), then every other word, matched anywhere."""
    remaining = " ".join(query.split())
    terms: list[tuple[int, SearchTerm]] = []
    names = sorted(
        ((name, searched) for own, searched in _synonym_groups() for name in own),
        key=lambda item: len(item[0]),
        reverse=True,
    )
    for name, searched in names:
        for found in _whole_words([name]).finditer(remaining):
            typed = found.group()
            term = SearchTerm(typed, searched, _whole_words(searched), whole_words=True)
            terms.append((found.start(), term))
            # Blanked with as many spaces, so the positions of the rest hold.
            remaining = remaining[: found.start()] + " " * len(typed) + remaining[found.end() :]
    for found in re.finditer(r"\S+", remaining):
        word = found.group()
        pattern = re.compile(re.escape(word), re.IGNORECASE)
        terms.append((found.start(), SearchTerm(word, (word,), pattern)))
    return tuple(term for _, term in sorted(terms, key=lambda item: item[0]))


def match_spans(text: str, terms) -> list[tuple[int, int]]:
    """The (start, end) of every match of terms in text, overlaps merged, in order."""
    spans = sorted(
        m.span() for term in terms for m in term.pattern.finditer(text) if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _matching_all_terms(table: pd.DataFrame, columns: list[str], query: str) -> pd.DataFrame:
    """Rows of table whose columns, together, match every term of query."""
    terms = search_terms(query)
    if not terms or table.empty:
        return table
    return table[_match_all(table, columns, terms)]


def _match_all(
    table: pd.DataFrame, columns: list[str], terms: tuple[SearchTerm, ...]
) -> np.ndarray:
    """Which rows of table match every one of terms in one of columns."""
    keep = np.ones(len(table), dtype=bool)
    for term in terms:
        # Column by column in Arrow: a million quotes are searched in well under a second.
        found = np.zeros(len(table), dtype=bool)
        for column in columns:
            found |= term.found_in(table[column]).to_numpy()
        keep &= found
    return keep


SEARCHED_CLAIM_COLUMNS = ["quote", "note", "title", "publisher", "claim_id", "source_id"]
SEARCHED_SOURCE_COLUMNS = ["title", "author", "publisher", "url", "note", "source_id"]


@dataclass(frozen=True)
class FoundClaims:
    """The claims a search found, in the claims' order: counted at once, their cells taken
    a page at a time (a million events' cut cites hundreds of thousands, see kept_rows)."""

    claims: pd.DataFrame  # the table the found rows are positions in
    rows: np.ndarray
    sources: pd.DataFrame
    searched: int  # how many claims were searched

    def __len__(self) -> int:
        return len(self.rows)

    def between(self, start: int = 0, stop: int | None = None) -> pd.DataFrame:
        """The found claims from start to stop with their sources' cells (CLAIM_COLUMNS)."""
        rows = self.rows[start:stop]
        claims = self.claims if len(rows) == len(self.claims) else self.claims.take(rows)
        return _with_sources(claims, self.sources)


def find_claims(dataset: Dataset, query: str) -> FoundClaims:
    """Claims whose quote, note or source matches every term of query (any case; a name
    finds its synonyms, see SYNONYMS); every claim for a query without terms."""
    claims, rows = kept_rows(dataset, "claims")
    searched = len(rows)
    if (terms := search_terms(query)) and searched:
        candidates = FoundClaims(claims, rows, dataset.sources, searched).between()
        rows = rows[_match_all(candidates, SEARCHED_CLAIM_COLUMNS, terms)]
    return FoundClaims(claims, rows, dataset.sources, searched)


def search_evidence(dataset: Dataset, query: str) -> pd.DataFrame:
    """find_claims' claims, every one taken, beside their sources' title, publisher, date
    and link (CLAIM_COLUMNS)."""
    return find_claims(dataset, query).between()


def search_sources(dataset: Dataset, query: str) -> pd.DataFrame:
    """Sources whose title, author, publisher, link or note matches every term of query."""
    sources = dataset.sources.drop(columns=["_line"])
    return _matching_all_terms(sources, SEARCHED_SOURCE_COLUMNS, query)


def safe_link(url: object) -> str | None:
    """url if it is a plain http(s) address a browser may open, else None.

    Only such links are ever made clickable: a 'javascript:' or 'data:' link from the data,
    or text that merely looks like a link, stays text.
    """
    if not isinstance(url, str) or not url or url != url.strip():
        return None
    if any(char.isspace() or ord(char) < 32 or char in '<>"\\`' for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


class RecordNames(Mapping[str, str]):
    """actor or event id -> the name a reader knows it by (an actor's name wins over an
    event's title of the same id), read from the tables' own columns.

    The events are looked up through an index of their ids, not copied into a dictionary:
    for a million events that took 1.8 s and 190 MB; the index takes 0.2 s and 60 MB.
    """

    def __init__(self, dataset: Dataset) -> None:
        self._actors = dict(zip(dataset.actors["actor_id"], dataset.actors["name"]))
        self._event_ids = pd.Index(dataset.events["event_id"])
        self._titles = dataset.events["title"].array

    def __getitem__(self, record_id: str) -> str:
        if record_id in self._actors:
            return self._actors[record_id]
        at = self._event_ids.get_loc(record_id)  # KeyError when it is neither
        return str(self._titles[at])

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._actors or record_id in self._event_ids

    def __iter__(self) -> Iterator[str]:
        yield from self._actors
        yield from (i for i in self._event_ids if i not in self._actors)

    def __len__(self) -> int:
        shared = sum(1 for a in self._actors if a in self._event_ids)
        return len(self._actors) + len(self._event_ids) - shared


def display_names(dataset: Dataset) -> Mapping[str, str]:
    """actor or event id -> the name a reader knows it by (see RecordNames).

    Built once from the unfiltered dataset, so a record a filter left out is still named.
    """
    return RecordNames(dataset)


def record_labels(
    dataset: Dataset,
    table: str,
    *,
    names: Mapping[str, str] | None = None,
    countries: Mapping[str, str] | None = None,
    limit: int | None = None,
    keeping: str | None = None,
) -> dict[str, str]:
    """record key -> a label a reader recognises, one per record and all distinct, for a
    picker ("Iran – hostile – USA, 1979–", "Baghdad, Iraq").

    names (see display_names) names the actors and events a filter left out; countries
    (ISO3 -> name) names the countries of regions (by default, from the data). Where two
    records would read the same, each says its key in brackets. limit: label only the
    first records (a picker of a million is no picker), plus the one whose key is keeping
    (the record a link names).
    """
    frame = dataset.table(table)
    if limit is not None and len(frame) > limit:
        keys = record_keys(table, frame)
        frame = frame[(pd.RangeIndex(len(frame)) < limit) | (keys == keeping).to_numpy()]
    keys = list(record_keys(table, frame))
    names = display_names(dataset) if names is None else names
    if table == "relations":
        labels = [
            f"{names.get(r.source_actor, r.source_actor)} – {r.kind.replace('_', ' ')} – "
            f"{names.get(r.target_actor, r.target_actor)}, {r.start}–{r.end}"
            for r in frame.itertuples(index=False)
        ]
    elif table == "figures":
        labels = [
            f"{names.get(r.subject_id, r.subject_id)}: {_metric(r.metric)}, "
            f"{format_range(r.low, r.best, r.high, r.unit)} ({r.source_id})"
            for r in frame.itertuples(index=False)
        ]
    elif table == "regions":
        countries = country_names(dataset) if countries is None else countries
        labels = [
            _region_label(r.admin1_name, r.adm1_code, countries.get(r.iso3, r.iso3))
            for r in frame.itertuples(index=False)
        ]
    else:
        column = frame[TRACEABLE[table]].astype(str)
        labels = list(column.where(column.str.strip() != "", pd.Series(keys, index=frame.index)))
    return dict(zip(keys, _distinct(keys, labels)))


def _region_label(admin1_name: str, adm1_code: str, country: str) -> str:
    """ "Baghdad, Iraq"; a row without an admin-1 code describes the whole country."""
    if not adm1_code:
        return f"{country} (whole country)"
    return f"{admin1_name or adm1_code}, {country}"


def _metric(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric.replace("_", " ")).lower()


def _distinct(keys: list[str], labels: list[str]) -> list[str]:
    """labels, where any that more than one record shares ends with its key in brackets."""
    counts = Counter(labels)
    return [f"{label} [{key}]" if counts[label] > 1 else label for key, label in zip(keys, labels)]


def _legacy_labels(dataset: Dataset, table: str, names: Mapping[str, str]) -> dict[str, str]:
    """label -> key as links made before labels were distinct read them (the record such a
    link opened: of several with one label, the last)."""
    frame = dataset.table(table)
    keys = list(record_keys(table, frame))
    if table == "figures":
        labels = [
            f"{names.get(r.subject_id, r.subject_id)}: {r.metric.replace('_', ' ')} ({r.source_id})"
            for r in frame.itertuples(index=False)
        ]
    elif table == "regions":
        labels = [name or key for name, key in zip(frame["admin1_name"], keys)]
    else:
        return {}
    return dict(zip(labels, keys))


def record_key_for(
    dataset: Dataset,
    table: str,
    value: str | None,
    *,
    names: Mapping[str, str] | None = None,
    countries: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> str | None:
    """The key of the record of table that value names: its key (what links hold), its
    label, or the label an older link held; None when no record answers to it.

    labels: record_labels(dataset, table, ...) if the caller has them already.
    """
    if not value:
        return None
    names = display_names(dataset) if names is None else names
    if labels is None:
        labels = record_labels(dataset, table, names=names, countries=countries)
    if value in labels:
        return value
    by_label = {label: key for key, label in labels.items()}
    return by_label.get(value) or _legacy_labels(dataset, table, names).get(value)


def table_for(value: str | None) -> str | None:
    """The traceable table that value names: its name ("control_areas") or the label an
    older link held ("Control areas")."""
    if value in TRACEABLE:
        return value
    by_label = {table_label(table): table for table in TRACEABLE}
    return by_label.get(value or "")


def table_label(table: str) -> str:
    """How a table is named to a reader: 'control_areas' -> 'Control areas'."""
    return table.replace("_", " ").capitalize()


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
    wanted = list(dict.fromkeys(c for c in claim_ids if c))
    # Only the wanted claims are taken, from the claims the dataset was cut from: a cut's
    # own claims table would copy every kept claim for these few (see kept_rows).
    claims, kept = kept_rows(dataset, "claims")
    at = np.flatnonzero(is_in(claims["claim_id"], wanted))
    # Those kept: kept is ascending, so a binary search (np.isin sorted all of it, 0.1 s).
    if len(kept):
        where = np.minimum(np.searchsorted(kept, at), len(kept) - 1)
        at = at[kept[where] == at]
    else:
        at = at[:0]
    claims = _with_sources(claims.take(at), dataset.sources)
    return claims.set_index("claim_id").reindex(wanted).dropna(how="all").reset_index()


SOURCE_LINE_COLUMNS = ["source_id", "title", "publisher", "published", "url", "reliability"]


def cited_sources(dataset: Dataset, claim_ids) -> pd.DataFrame:
    """The sources behind claim_ids (ids or ';'-joined id cells), each once, article first."""
    wanted = {part for cell in claim_ids for part in str(cell).split(";") if part}
    # is_in, not Series.isin: pandas turns each wanted id into an Arrow scalar and back
    # (about 5 µs each: 20 ms for the 4,000 claims of a network's ties at a million events).
    claims = dataset.claims
    source_ids = claims["source_id"][is_in(claims["claim_id"], wanted)].unique()
    return _article_first(dataset.sources[is_in(dataset.sources["source_id"], source_ids)])


def sources_cited_by(dataset: Dataset, table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """cited_sources of the claims that rows (of the dataset's table, labelled as it labels
    them) cite, found through the dataset's link tables, not by matching claim ids as text:
    that searched a million imported claims on every redraw of a network (15-45 ms)."""
    claims = cited_claim_rows(dataset, table, "claim_ids", rows)
    of_claims = dataset.linked_rows("claims", "source_id", "sources").to_numpy()
    sources = of_claims[claims[claims >= 0]]
    return sources_at(dataset, np.unique(sources[sources >= 0]))


def sources_at(dataset: Dataset, rows: np.ndarray) -> pd.DataFrame:
    """The sources at rows of the dataset's sources table (distinct, in order), as
    cited_sources lists them."""
    return _article_first(dataset.sources.iloc[rows])


def _article_first(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources as a source line lists them: the article first (it is what is being
    tested), then by title."""
    order = sources["kind"].ne("article")
    columns = [c for c in SOURCE_LINE_COLUMNS if c in sources.columns]
    return sources.assign(_order=order).sort_values(["_order", "title"])[columns]


def first_source_title(dataset: Dataset, claim_ids: str) -> str:
    """The title of the source behind the first claim of a ';'-joined cell ('' if none)."""
    sources = cited_sources(dataset, [claim_ids])
    return str(sources["title"].iloc[0]) if len(sources) else ""
