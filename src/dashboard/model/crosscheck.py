"""Checks that span tables: references resolve, periods run forwards, ranges are ordered.

They run on the raw text tables (after each table's own schema), so a problem still cites
the file and line a person would fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pandas as pd

from dashboard.model import dates
from dashboard.model.problems import Problem
from dashboard.model.schema import TABLES

LINE = "_line"  # the CSV line each row came from, so every check can cite it

# (table, column, referenced table, is the cell a ';' list). A broken reference leaves its
# row out, except the SOFT ones below.
REFERENCES: tuple[tuple[str, str, str, bool], ...] = (
    ("claims", "source_id", "sources", False),
    ("actors", "claim_ids", "claims", True),
    ("places", "claim_ids", "claims", True),
    ("events", "claim_ids", "claims", True),
    ("events", "place_id", "places", False),
    ("events", "actor_ids", "actors", True),
    ("relations", "claim_ids", "claims", True),
    ("relations", "source_actor", "actors", False),
    ("relations", "target_actor", "actors", False),
    ("figures", "claim_ids", "claims", True),
    ("figures", "source_id", "sources", False),
    ("discrepancies", "article_claim_id", "claims", False),
    ("discrepancies", "reference_claim_ids", "claims", True),
    ("regions", "claim_ids", "claims", True),
    ("control_areas", "claim_ids", "claims", True),
    ("control_areas", "controller", "actors", False),
    ("control_areas", "place_id", "places", False),
)
# A dangling place only costs an event or area its spot on the map: the cell is blanked and
# the record stays on every other view.
SOFT_REFERENCES = {("events", "place_id"), ("control_areas", "place_id"), ("places", "admin1")}
ID_COLUMNS = {name: table.id_column for name, table in TABLES.items() if table.id_column}


def cross_table_problems(
    tables: dict[str, pd.DataFrame], *, boundary_codes: set[str] | None = None
) -> tuple[list[Problem], dict[str, set[int]]]:
    """Every cross-table problem, and per table the lines of the rows to leave out.

    boundary_codes, when given, are the admin-1 codes of the boundary files; make-up rows,
    places and areas naming another code are reported (they could not be drawn).
    """
    problems = [
        *_dangling_references(tables),
        *(_unknown_boundaries(tables, boundary_codes) if boundary_codes is not None else []),
        *_backwards_periods(tables),
        *_unordered_ranges(tables["figures"]),
        *_unknown_subjects(tables),
        *_unknown_discrepancy_records(tables),
        *_unlocated_control_areas(tables["control_areas"], _ids(tables, "places")),
        *_self_relations(tables["relations"]),
        *_duplicate_regions(tables["regions"]),
    ]
    faulty: dict[str, set[int]] = {}
    for problem in problems:
        if not problem.cell_blanked:
            faulty.setdefault(problem.file.removesuffix(".csv"), set()).add(problem.row)
    return problems, faulty


def blank_soft_references(name: str, frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """frame with the cells of its soft broken references emptied (see SOFT_REFERENCES)."""
    frame = frame.copy()
    for problem in problems:
        if problem.file == f"{name}.csv" and problem.cell_blanked:
            frame.loc[frame[LINE] == problem.row, problem.column] = ""
    return frame


def _ids(tables: dict[str, pd.DataFrame], name: str) -> set[str]:
    return set(tables[name][ID_COLUMNS[name]])


def _rows(frame: pd.DataFrame, *columns: str) -> Iterator[tuple]:
    yield from frame[[LINE, *columns]].itertuples(index=False, name=None)


def _dangling_references(tables: dict[str, pd.DataFrame]) -> Iterator[Problem]:
    for name, column, target, is_list in REFERENCES:
        known = _ids(tables, target)
        for line, cell in _rows(tables[name], column):
            values = cell.split(";") if is_list else [cell]
            for value in values:
                if value and value not in known:
                    message = f"'{value}' is not a {ID_COLUMNS[target]} in {target}.csv"
                    yield _problem(name, line, column, message, cites=((target,), value))


def _unknown_boundaries(tables: dict[str, pd.DataFrame], codes: set[str]) -> Iterator[Problem]:
    for name, column in (
        ("regions", "adm1_code"),
        ("places", "admin1"),
        ("control_areas", "adm1_code"),
    ):
        for line, code in _rows(tables[name], column):
            if code and code not in codes:
                message = f"'{code}' matches no region in geo/admin1.geojson"
                yield _problem(name, line, column, message)


def _problem(
    name: str, line: int, column: str, message: str, *, cites: tuple | None = None
) -> Problem:
    """A problem that leaves its row out, or for a soft reference only empties the cell."""
    if (name, column) in SOFT_REFERENCES:
        message = f"{message} — cell ignored, row kept"
        return Problem(f"{name}.csv", line, column, message, True, cites=cites)
    return Problem(f"{name}.csv", line, column, message, cites=cites)


def _backwards_periods(tables: dict[str, pd.DataFrame]) -> Iterator[Problem]:
    for name in ("events", "relations", "control_areas"):
        for line, start, end in _rows(tables[name], "start", "end"):
            if dates.precision_of(end) and dates.latest(end) < dates.earliest(start):
                yield Problem(f"{name}.csv", line, "end", f"'{end}' is before start '{start}'")


def _unordered_ranges(figures: pd.DataFrame) -> Iterator[Problem]:
    for line, *cells in _rows(figures, "low", "best", "high"):
        given = [
            (column, float(cell)) for column, cell in zip(("low", "best", "high"), cells) if cell
        ]
        if not given:
            yield Problem(
                "figures.csv", line, "best", "no value: give at least one of low/best/high"
            )
        for (left, a), (right, b) in pairwise(given):
            if a > b:
                yield Problem(
                    "figures.csv", line, right, f"{right} ({b:g}) is below {left} ({a:g})"
                )


def _unknown_subjects(tables: dict[str, pd.DataFrame]) -> Iterator[Problem]:
    subjects = _ids(tables, "events") | _ids(tables, "actors")
    for line, subject in _rows(tables["figures"], "subject_id"):
        if subject not in subjects:
            message = f"'{subject}' is neither an event_id nor an actor_id"
            cites = (("events", "actors"), subject)
            yield Problem("figures.csv", line, "subject_id", message, cites=cites)


def _unknown_discrepancy_records(tables: dict[str, pd.DataFrame]) -> Iterator[Problem]:
    for line, table, record in _rows(tables["discrepancies"], "table", "record_id"):
        # An unknown table name is the schema's message; only judge the ids of real ones.
        if table in ID_COLUMNS and record not in _ids(tables, table):
            message = f"'{record}' is not in {table}.csv"
            yield Problem("discrepancies.csv", line, "record_id", message, cites=((table,), record))


def _unlocated_control_areas(areas: pd.DataFrame, places: set[str]) -> Iterator[Problem]:
    # A dangling place_id is emptied (a soft reference), so it cannot locate the area either.
    for line, place, adm1 in _rows(areas, "place_id", "adm1_code"):
        if place not in places and not adm1:
            message = "nowhere to draw it: give a known place_id or an adm1_code"
            yield Problem("control_areas.csv", line, "place_id", message)


def _self_relations(relations: pd.DataFrame) -> Iterator[Problem]:
    for line, source, target in _rows(relations, "source_actor", "target_actor"):
        if source == target:
            yield Problem("relations.csv", line, "target_actor", "a tie needs two different actors")


def _duplicate_regions(regions: pd.DataFrame) -> Iterator[Problem]:
    # One make-up per admin-1 area, and at most one country-level row per country.
    keys = regions["adm1_code"].where(regions["adm1_code"] != "", "country:" + regions["iso3"])
    for line, key in zip(regions[LINE][keys.duplicated()], keys[keys.duplicated()]):
        yield Problem("regions.csv", line, "adm1_code", f"a second make-up row for {key}")
