"""A small, valid, hand-made dataset directory, and helpers to break it one cell at a time.

The tables are plain Python dicts written with the csv module, so a test can change one
cell, drop a column or replace a file's bytes and know exactly which file, line and column
the loader must then name. Line numbers follow the data dictionary: the header is line 1,
so the n-th record (0-based) of a table is on line n + 2.
"""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import pytest

from dashboard.model.load import Dataset, load_dataset
from dashboard.model.schema import TABLES

VALID: dict[str, list[dict[str, str]]] = {
    "sources": [
        {
            "source_id": "src_article",
            "title": "Iran-America Alliance?",
            "author": "John Amaruso",
            "publisher": "Example Review",
            "published": "2014-01",
            "url": "https://example.org/iran-america-alliance",
            "kind": "article",
            "reliability": "medium",
            "note": "The seed article; an opinion piece.",
        },
        {
            "source_id": "src_reference",
            "title": "Encyclopaedia of Modern Wars",
            "author": "",
            "publisher": "Reference Press",
            "published": "2010",
            "url": "",
            "kind": "reference",
            "reliability": "high",
            "note": "Print edition.",
        },
        {
            "source_id": "src_news",
            "title": "Interim deal reached in Geneva",
            "author": "A. Reporter",
            "publisher": "Daily Wire Service",
            "published": "2013-11-24",
            "url": "https://example.org/geneva",
            "kind": "news",
            "reliability": "medium",
            "note": "",
        },
    ],
    "claims": [
        {
            "claim_id": "thesis_alliance",
            "source_id": "src_article",
            "quote": "Iran and America may end up on the same side against Sunni extremism.",
            "note": "The article's central claim.",
        },
        {
            "claim_id": "c_article_war",
            "source_id": "src_article",
            "quote": "The Iran-Iraq war killed a million people.",
            "note": "",
        },
        {
            "claim_id": "c_ref_war_deaths",
            "source_id": "src_reference",
            "quote": "Estimates of the dead range from 500,000 to 1,000,000.",
            "note": "",
        },
        {
            "claim_id": "c_ref_iraq",
            "source_id": "src_reference",
            "quote": "Iraq invaded Iran on 22 September 1980; the war ended in August 1988.",
            "note": "",
        },
        {
            "claim_id": "c_news_geneva",
            "source_id": "src_news",
            "quote": "Negotiators reached an interim deal over Iran's nuclear programme.",
            "note": "Dated November 2013.",
        },
        {
            "claim_id": "c_later_mosul",
            "source_id": "src_reference",
            "quote": "Militants took Mosul in June 2014.",
            "note": "After the article appeared.",
        },
        {
            "claim_id": "c_census",
            "source_id": "src_reference",
            "quote": "Baghdad province is majority Shia.",
            "note": "Cited only by the regions table.",
        },
    ],
    "actors": [
        {
            "actor_id": "iran",
            "name": "Iran",
            "kind": "state",
            "country": "IRN",
            "affiliation": "shia",
            "description": "The Islamic Republic of Iran.",
            "claim_ids": "c_ref_iraq",
        },
        {
            "actor_id": "iraq",
            "name": "Iraq",
            "kind": "state",
            "country": "IRQ",
            "affiliation": "secular",
            "description": "The Iraqi state.",
            "claim_ids": "c_ref_iraq",
        },
        {
            "actor_id": "usa",
            "name": "United States",
            "kind": "state",
            "country": "USA",
            "affiliation": "secular",
            "description": "The United States of America.",
            "claim_ids": "thesis_alliance",
        },
        {
            "actor_id": "isil",
            "name": "Islamic State",
            "kind": "armed_group",
            "country": "",
            "affiliation": "sunni",
            "description": "A transnational jihadist group.",
            "claim_ids": "c_later_mosul",
        },
    ],
    "places": [
        {
            "place_id": "baghdad",
            "name": "Baghdad",
            "kind": "city",
            "country": "IRQ",
            "admin1": "IRQ-3241",
            "lat": "33.31",
            "lon": "44.36",
            "claim_ids": "c_ref_iraq",
        },
        {
            "place_id": "mosul",
            "name": "Mosul",
            "kind": "city",
            "country": "IRQ",
            "admin1": "IRQ-3242",
            "lat": "36.34",
            "lon": "43.13",
            "claim_ids": "c_later_mosul",
        },
        {
            "place_id": "tehran",
            "name": "Tehran",
            "kind": "city",
            "country": "IRN",
            "admin1": "",
            "lat": "35.69",
            "lon": "51.39",
            "claim_ids": "c_news_geneva",
        },
    ],
    "events": [
        {
            "event_id": "iran_iraq_war",
            "title": "Iran-Iraq War",
            "start": "1980-09-22",
            "end": "1988-08-20",
            "event_type": "war",
            "place_id": "",
            "actor_ids": "iran;iraq",
            "description": "Eight years of war between Iran and Iraq.",
            "layer": "at_publication",
            "claim_ids": "c_ref_iraq;c_article_war",
        },
        {
            "event_id": "geneva_deal",
            "title": "Geneva interim agreement",
            "start": "2013-11",
            "end": "",
            "event_type": "diplomacy",
            "place_id": "",
            "actor_ids": "iran;usa",
            "description": "Known to the month only.",
            "layer": "at_publication",
            "claim_ids": "c_news_geneva",
        },
        {
            "event_id": "fall_of_mosul",
            "title": "Fall of Mosul",
            "start": "2014-06-10",
            "end": "",
            "event_type": "takeover",
            "place_id": "mosul",
            "actor_ids": "isil",
            "description": "After the article appeared.",
            "layer": "after_publication",
            "claim_ids": "c_later_mosul",
        },
    ],
    "relations": [
        {
            "relation_id": "iran_iraq_fight",
            "source_actor": "iran",
            "target_actor": "iraq",
            "kind": "fights",
            "sign": "-1",
            "directed": "false",
            "start": "1980-09-22",
            "end": "1988-08-20",
            "layer": "at_publication",
            "description": "The war.",
            "claim_ids": "c_ref_iraq",
        },
        {
            "relation_id": "iran_usa_talks",
            "source_actor": "iran",
            "target_actor": "usa",
            "kind": "negotiates",
            "sign": "0",
            "directed": "false",
            "start": "2013-09",
            "end": "",
            "layer": "at_publication",
            "description": "Nuclear talks, still open.",
            "claim_ids": "c_news_geneva",
        },
        {
            "relation_id": "usa_isil_fight",
            "source_actor": "usa",
            "target_actor": "isil",
            "kind": "fights",
            "sign": "-1",
            "directed": "false",
            "start": "2014-08",
            "end": "",
            "layer": "after_publication",
            "description": "Air strikes.",
            "claim_ids": "c_later_mosul",
        },
    ],
    "figures": [
        {
            "figure_id": "war_deaths_article",
            "subject_id": "iran_iraq_war",
            "metric": "deaths",
            "low": "",
            "best": "1000000",
            "high": "",
            "unit": "people",
            "as_of": "1988",
            "basis": "",
            "layer": "at_publication",
            "source_id": "src_article",
            "claim_ids": "c_article_war",
            "note": "",
        },
        {
            "figure_id": "war_deaths_reference",
            "subject_id": "iran_iraq_war",
            "metric": "deaths",
            "low": "500000",
            "best": "",
            "high": "1000000",
            "unit": "people",
            "as_of": "1988",
            "basis": "military and civilian",
            "layer": "at_publication",
            "source_id": "src_reference",
            "claim_ids": "c_ref_war_deaths",
            "note": "",
        },
    ],
    "discrepancies": [
        {
            "discrepancy_id": "war_deaths",
            "table": "figures",
            "record_id": "war_deaths_article",
            "field": "best",
            "article_claim_id": "c_article_war",
            "article_value": "a million",
            "reference_value": "500,000 to 1,000,000",
            "reference_claim_ids": "c_ref_war_deaths",
            "explanation": "The article gives the top of the range.",
        },
    ],
    "regions": [
        {
            "adm1_code": "IRQ-3241",
            "iso3": "IRQ",
            "admin1_name": "Baghdad",
            "majority": "shia",
            "second_group": "sunni",
            "majority_share_low": "0.6",
            "majority_share_high": "0.8",
            "as_of": "2010",
            "claim_ids": "c_census",
            "note": "",
        },
        {
            "adm1_code": "",
            "iso3": "IRN",
            "admin1_name": "Iran",
            "majority": "shia",
            "second_group": "",
            "majority_share_low": "0.9",
            "majority_share_high": "",
            "as_of": "",
            "claim_ids": "c_ref_iraq",
            "note": "Country-level row.",
        },
    ],
    "control_areas": [
        {
            "area_id": "isil_mosul",
            "name": "Mosul under the Islamic State",
            "controller": "isil",
            "place_id": "mosul",
            "adm1_code": "",
            "extent": "full",
            "start": "2014-06-10",
            "end": "2017-07",
            "layer": "after_publication",
            "claim_ids": "c_later_mosul",
            "note": "",
        },
        {
            "area_id": "government_baghdad",
            "name": "Baghdad",
            "controller": "iraq",
            "place_id": "baghdad",
            "adm1_code": "IRQ-3241",
            "extent": "full",
            "start": "2003",
            "end": "",
            "layer": "at_publication",
            "claim_ids": "c_ref_iraq",
            "note": "",
        },
    ],
}


# A discrepancy outside the figures (about what kind of war the Iran-Iraq war was), for
# tests of the lists that show such notes.
WAR_KIND_DISCREPANCY = {
    "discrepancy_id": "war_kind",
    "table": "events",
    "record_id": "iran_iraq_war",
    "field": "characterisation",
    "article_claim_id": "c_article_war",
    "article_value": "sectarian",
    "reference_value": "territorial",
    "reference_claim_ids": "c_ref_iraq",
    "explanation": "A border war.",
}


def valid_tables() -> dict[str, list[dict[str, str]]]:
    """A fresh deep copy of the valid tables, safe to mutate."""
    return copy.deepcopy(VALID)


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    """rows as CSV text (header first, '\\n' line ends) with the csv module."""
    columns = columns or list(rows[0])
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_dataset(directory: Path, tables: dict[str, list[dict[str, str]]] | None = None) -> Path:
    """Write every table (default: the valid ones) as UTF-8 CSV files into directory."""
    tables = valid_tables() if tables is None else tables
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(rows[0]) if rows else TABLES[name].columns
        (directory / f"{name}.csv").write_text(csv_text(rows, columns), encoding="utf-8")
    return directory


def line_of(table: str, key: str | int) -> int:
    """The file line of a valid record: by its id, or by its 0-based position."""
    if isinstance(key, int):
        return key + 2
    id_column = TABLES[table].id_column
    ids = [row[id_column] for row in VALID[table]]
    return ids.index(key) + 2


def read_rows(directory: Path, table: str) -> list[dict[str, str]]:
    with (directory / f"{table}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def write_rows(directory: Path, table: str, rows: list[dict[str, str]], columns=None) -> None:
    columns = columns or (list(rows[0]) if rows else TABLES[table].columns)
    (directory / f"{table}.csv").write_text(csv_text(rows, columns), encoding="utf-8")


def set_cell(directory: Path, table: str, key: str | int, column: str, value: str) -> int:
    """Rewrite one cell of a table on disk; return the line it is on."""
    rows = read_rows(directory, table)
    index = key if isinstance(key, int) else line_of(table, key) - 2
    rows[index][column] = value
    write_rows(directory, table, rows)
    return index + 2


def drop_column(directory: Path, table: str, column: str) -> None:
    """Rewrite a table without one of its columns."""
    rows = read_rows(directory, table)
    columns = [c for c in rows[0] if c != column]
    write_rows(directory, table, [{c: row[c] for c in columns} for row in rows], columns)


def add_rows(directory: Path, table: str, *new_rows: dict[str, str]) -> list[int]:
    """Append records to a table on disk; return their lines."""
    rows = read_rows(directory, table)
    first = len(rows) + 2
    write_rows(directory, table, rows + list(new_rows))
    return list(range(first, first + len(new_rows)))


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file in directory with its exact bytes, to prove nothing was written."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """A fresh copy of the valid dataset directory."""
    return write_dataset(tmp_path / "data")


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The valid dataset, loaded once (asserting it has no problem). Treat it as read-only."""
    loaded, problems = load_dataset(write_dataset(tmp_path_factory.mktemp("valid") / "data"))
    assert problems == []
    return loaded
