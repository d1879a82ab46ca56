"""Checks that span tables: references resolve, periods run forwards, ranges are ordered.

They run on the raw text tables (after each table's own schema), so a problem still cites
the file and line a person would fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pandas as pd

from dashboard.model import dates
from dashboard.model.columns import is_in, split_ids
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
RANGE = ("low", "best", "high")
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


def _ids(tables: dict[str, pd.DataFrame], name: str) -> pd.Series:
    return tables[name][ID_COLUMNS[name]]


def _rows(frame: pd.DataFrame, *columns: str) -> Iterator[tuple]:
    yield from frame[[LINE, *columns]].itertuples(index=False, name=None)


# Each check finds its faulty rows with whole-column operations and only then walks those
# rows to word the messages: a million sound rows cost a few vectorised passes.


def _dangling_references(tables: dict[str, pd.DataFrame]) -> Iterator[Problem]:
    for name, column, target, is_list in REFERENCES:
        frame, known = tables[name], _ids(tables, target)
        values = split_ids(frame[column]) if is_list else frame[column]
        dangling = (values != "") & ~is_in(values, known)
        if not dangling.any():
            continue
        lines = frame[LINE].reindex(values.index)
        for line, value in zip(lines[dangling], values[dangling]):
            message = f"'{value}' is not a {ID_COLUMNS[target]} in {target}.csv"
            yield _problem(name, int(line), column, message, cites=((target,), value))


def _unknown_boundaries(tables: dict[str, pd.DataFrame], codes: set[str]) -> Iterator[Problem]:
    for name, column in (
        ("regions", "adm1_code"),
        ("places", "admin1"),
        ("control_areas", "adm1_code"),
    ):
        frame = tables[name]
        unknown = (frame[column] != "") & ~is_in(frame[column], codes)
        for line, code in _rows(frame[unknown], column):
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
        frame = tables[name]
        backwards = dates.bounds(frame["end"])[2] < dates.bounds(frame["start"])[1]
        for line, start, end in _rows(frame[backwards], "start", "end"):
            yield Problem(f"{name}.csv", line, "end", f"'{end}' is before start '{start}'")


def _unordered_ranges(figures: pd.DataFrame) -> Iterator[Problem]:
    numbers = pd.DataFrame(
        {column: pd.to_numeric(figures[column], errors="coerce") for column in RANGE},
        index=figures.index,
    )
    empty = numbers.isna().all(axis=1)
    # Each given value against the next one given (low > high when best is empty, too).
    following = numbers.bfill(axis=1).shift(-1, axis=1)
    inverted = (numbers > following).any(axis=1)
    for line, *cells in _rows(figures[empty | inverted], *RANGE):
        given = [(column, float(cell)) for column, cell in zip(RANGE, cells) if cell]
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
    figures = tables["figures"]
    subjects = figures["subject_id"]
    known = is_in(subjects, _ids(tables, "events")) | is_in(subjects, _ids(tables, "actors"))
    for line, subject in _rows(figures[~known], "subject_id"):
        message = f"'{subject}' is neither an event_id nor an actor_id"
        cites = (("events", "actors"), subject)
        yield Problem("figures.csv", line, "subject_id", message, cites=cites)


def _unknown_discrepancy_records(tables: dict[str, pd.DataFrame]) -> Iterator[Problem]:
    notes = tables["discrepancies"]
    known = pd.Series(False, index=notes.index)
    for table in ID_COLUMNS:
        of_table = notes["table"] == table
        known |= of_table & is_in(notes["record_id"], _ids(tables, table))
    # An unknown table name is the schema's message; only judge the ids of real ones.
    unknown = notes["table"].isin(list(ID_COLUMNS)) & ~known
    for line, table, record in _rows(notes[unknown], "table", "record_id"):
        message = f"'{record}' is not in {table}.csv"
        yield Problem("discrepancies.csv", line, "record_id", message, cites=((table,), record))


def _unlocated_control_areas(areas: pd.DataFrame, places: pd.Series) -> Iterator[Problem]:
    # A dangling place_id is emptied (a soft reference), so it cannot locate the area either.
    nowhere = ~is_in(areas["place_id"], places) & (areas["adm1_code"] == "")
    for (line,) in _rows(areas[nowhere]):
        message = "nowhere to draw it: give a known place_id or an adm1_code"
        yield Problem("control_areas.csv", line, "place_id", message)


def _self_relations(relations: pd.DataFrame) -> Iterator[Problem]:
    for (line,) in _rows(relations[relations["source_actor"] == relations["target_actor"]]):
        yield Problem("relations.csv", line, "target_actor", "a tie needs two different actors")


def _duplicate_regions(regions: pd.DataFrame) -> Iterator[Problem]:
    # One make-up per admin-1 area, and at most one country-level row per country.
    keys = regions["adm1_code"].where(regions["adm1_code"] != "", "country:" + regions["iso3"])
    for line, key in zip(regions[LINE][keys.duplicated()], keys[keys.duplicated()]):
        yield Problem("regions.csv", int(line), "adm1_code", f"a second make-up row for {key}")
