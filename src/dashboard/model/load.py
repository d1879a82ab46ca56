"""Load a dataset directory into typed DataFrames, reporting every problem found on the way.

Loading never stops at the first fault and never writes anything: each problem becomes a
``Problem`` naming file, row and column, the faulty rows are left out, and the rest of the
dataset is returned so the dashboard keeps working on what is sound.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
from pyarrow import csv as arrow_csv

from dashboard.model import dates, heap
from dashboard.model.columns import is_in, positions_in, split_ids, split_repeating_ids
from dashboard.model.crosscheck import LINE, blank_soft_references, cross_table_problems
from dashboard.model.problems import Problem
from dashboard.model.schema import FLAG, ID_LIST, INTEGER, NUMBER, TABLES, Table

BOUNDARY_FILE = "geo/admin1.geojson"

# Arrow's default allocator (mimalloc) keeps what a load frees for its own reuse: a million
# imported events left the process 440 MB above the tables it keeps, and the server over
# its memory ceiling. The system allocator hands large blocks back; loads and filter
# changes measured no slower with it (benchmarks/million_events.py). Set once, for the
# process, before the first table is read; pandas' text columns live in the same pool.
pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def give_back_freed_memory() -> None:
    """Return to the system what a load freed: Arrow's pool, and the C heap's.

    The C library keeps freed memory for reuse, in a heap per thread that allocated it:
    Parquet's decoding threads left 180 MB of it after a million events were read back.
    """
    pyarrow.default_memory_pool().release_unused()
    heap.trim()


T = TypeVar("T")


def derived_memo(owner: object, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), worked out once per owner (a frozen dataclass shared by sessions) and kept
    in its __dict__, as functools.cached_property writes. Two sessions asking at once may
    both compute; one result is kept."""
    memo = owner.__dict__.setdefault("_derived", {})
    if key not in memo:
        memo.setdefault(key, compute())
    return memo[key]


class DatasetDirectoryError(Exception):
    """The dataset directory itself is missing or unreadable."""


@dataclass(frozen=True)
class Dataset:
    """Every table of a dataset, parsed and validated; faulty rows are already left out."""

    directory: Path
    sources: pd.DataFrame
    claims: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    events: pd.DataFrame
    relations: pd.DataFrame
    figures: pd.DataFrame
    discrepancies: pd.DataFrame
    regions: pd.DataFrame
    control_areas: pd.DataFrame

    def table(self, name: str) -> pd.DataFrame:
        """The table called name ('events', 'actors', ...)."""
        return getattr(self, name)

    @property
    def table_names(self) -> list[str]:
        return [f.name for f in fields(self) if f.name != "directory"]

    def exploded(self, table: str, column: str) -> pd.Series:
        """A ';'-separated id column as one row per id, indexed by its record's row.

        The link table behind filters and citations (event-actor, record-claim), split once
        per Dataset: filtering a million events is then an isin, not a million sets.
        """

        def split() -> pd.Series:
            cells = self.table(table)[column]
            if isinstance(cells.dtype, pd.CategoricalDtype):
                # The ids of a repeating list repeat too (a country's few armed forces
                # across a million events): each stored once, and matched once by is_in.
                return split_repeating_ids(cells)
            return split_ids(cells)

        return self.derived(("exploded", table, column), split)

    def linked_rows(self, table: str, column: str, target: str) -> pd.Series:
        """What a column names, as row positions in the target table (-1: no such record),
        indexed by the naming record's row; an id-list column gives a row per id. Worked
        out once per Dataset.

        A cut then gathers claims, sources and figures by position: matching hundreds of
        thousands of ids as text took a fifth of a second on every filter change. Kept for
        the Dataset's life, the positions are int32 (half of int64's memory; any table we
        load has far fewer than 2**31 rows).
        """

        def positions() -> pd.Series:
            if column in TABLES[table].columns_parsed_as(ID_LIST):
                named = self.exploded(table, column)
            else:
                named = self.table(table)[column]
            ids = self.table(target)[TABLES[target].id_column]
            return pd.Series(positions_in(named, ids).astype(np.int32), index=named.index)

        return self.derived(("rows_in", table, column, target), positions)

    def with_tables(
        self, later: Mapping[str, Callable[[], pd.DataFrame]] | None = None, **tables: pd.DataFrame
    ) -> Dataset:
        """This dataset with tables replaced (as dataclasses.replace would replace them) and
        those named in later taken when first read, then kept. A table of this dataset not
        taken yet stays so: use this, not dataclasses.replace, which would take it now.

        A filtered cut of a million imported events cites hundreds of thousands of claims;
        copying their quotes and notes took 0.2 s on every filter change and about 100 MB
        per cached cut, yet only the Evidence page, the brief and the exports read a cut's
        claims (every other view looks claims up in the full dataset).
        """
        names = {f.name for f in fields(self)}
        if unknown := (set(tables) | set(later or {})) - names:
            raise TypeError(f"A Dataset has no table {', '.join(sorted(unknown))}")
        untaken = {
            n: take for n, take in self.__dict__.get("_later", {}).items() if n not in self.__dict__
        }
        pending = {n: take for n, take in {**untaken, **(later or {})}.items() if n not in tables}
        copy = object.__new__(Dataset)
        copy.__dict__.update(
            {
                f.name: tables[f.name] if f.name in tables else getattr(self, f.name)
                for f in fields(self)
                if f.name not in pending
            },
            _later=pending,
        )
        return copy

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Reached only for an attribute that is not set: a table taken when first read.
        # Sessions share the Dataset: one that reads it second keeps the first's copy.
        later = self.__dict__.get("_later", {})
        if name not in later:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return self.__dict__.setdefault(name, later[name]())

    def taken(self, name: str) -> pd.DataFrame | None:
        """The table called name if it is at hand (loaded, replaced or already taken), None
        while it waits to be taken when first read (see with_tables)."""
        return self.__dict__.get(name)

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), worked out once per Dataset and kept with it (link tables, lookups).

        The memo is written as functools.cached_property writes (the dataclass is frozen).
        It is derived from the frozen tables, so every session sharing the Dataset may share
        it; a filtered cut is a new Dataset with its own memo; it goes when the Dataset goes.
        """
        return derived_memo(self, key, compute)


def load_dataset(directory: str | Path) -> tuple[Dataset, list[Problem]]:
    """Read, check and parse every table in directory; return the sound rows and the problems."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DatasetDirectoryError(
            f"No dataset directory at {directory.resolve()}: it does not exist or is not a folder."
        )
    problems: list[Problem] = []
    raw = {}
    written: dict[str, pd.DataFrame] = {}  # per table, each id as written and its line
    for table in TABLES.values():
        frame, table_problems, faulty_lines = _read_table(directory, table)
        problems += table_problems
        raw[table.name] = frame[~frame[LINE].isin(list(faulty_lines))].reset_index(drop=True)
        if table.id_column:
            written[table.name] = frame[[table.id_column, LINE]]
    codes, boundary_problems = boundary_check(directory)
    problems += boundary_problems
    sound, cross_problems = _without_cross_table_faults(raw, codes)
    problems += cross_problems
    typed = {
        name: _typed(TABLES[name], blank_soft_references(name, frame, problems))
        for name, frame in sound.items()
    }
    dataset = Dataset(directory=directory, **typed)
    problems = _root_causes_first(problems, written)
    give_back_freed_memory()  # what parsing used
    return dataset, problems


def _root_causes_first(
    problems: list[Problem], written_tables: dict[str, pd.DataFrame]
) -> list[Problem]:
    """The problems to report: files and headers first, then rows, then knock-on effects.

    A reference is a knock-on when what it names was written but left out for a problem of
    its own, or sits in a table that could not be read: an empty claims.csv strands every
    record that cites a claim, and hundreds of "'c1' is not a claim_id" lines would bury
    the one line that matters. Knock-ons of one column are collapsed into one message.
    """
    unreadable = {p.file.removesuffix(".csv") for p in problems if _is_file_level(p)}
    written = _lines_of_cited_ids(problems, written_tables)
    roots, knock_ons = [], []
    for problem in problems:
        if problem.cites is None:
            roots.append(problem)
            continue
        tables, value = problem.cites
        if any(table in unreadable for table in tables):
            knock_ons.append((problem, f"{' or '.join(t + '.csv' for t in tables)} was not read"))
            continue
        line = next((written[t][value] for t in tables if value in written.get(t, {})), None)
        where = next((t for t in tables if value in written.get(t, {})), None)
        if line is None:
            roots.append(problem)  # a genuinely dangling id: the mistake is in this row
        else:
            knock_ons.append((problem, f"its row {where}.csv:{line} was left out"))
    groups: dict[tuple, list[tuple[Problem, str]]] = {}
    for problem, reason in knock_ons:
        key = (problem.file, problem.column, problem.cites[0], problem.cell_blanked)
        groups.setdefault(key, []).append((problem, reason))
    collapsed = []
    for (file, column, tables, blanked), members in groups.items():
        if len(members) == 1:
            problem, reason = members[0]
            message = f"{problem.message} ({reason}: fix that first)"
            collapsed.append(Problem(file, problem.row, column, message, blanked))
            continue
        lines = sorted({problem.row for problem, _ in members})
        shown = ", ".join(map(str, lines[:8])) + (", …" if len(lines) > 8 else "")
        cited = " or ".join(f"{table}.csv" for table in tables)
        outcome = "cells ignored, rows kept" if blanked else "rows left out"
        unread = all(reason.endswith("was not read") for _, reason in members)
        why = f"{cited}, which was not read" if unread else f"records of {cited} left out"
        message = f"{len(lines)} {outcome} (lines {shown}): they cite {why} — fix {cited} first"
        collapsed.append(Problem(file, None, column, message, blanked))
    return [
        *sorted((p for p in roots if _is_file_level(p)), key=_problem_order),
        *sorted((p for p in roots if not _is_file_level(p)), key=_problem_order),
        *sorted(collapsed, key=_problem_order),
    ]


def _lines_of_cited_ids(
    problems: list[Problem], written: dict[str, pd.DataFrame]
) -> dict[str, dict[str, int]]:
    """Per table, the line of each id that a problem cites (only those: a table of a million
    ids is not turned into a dictionary to look up a handful)."""
    cited: dict[str, set[str]] = {}
    for problem in problems:
        if problem.cites is not None:
            for table in problem.cites[0]:
                cited.setdefault(table, set()).add(problem.cites[1])
    lines = {}
    for table, values in cited.items():
        if table in written:
            ids, line = written[table].iloc[:, 0], written[table][LINE]
            found = is_in(ids, values)
            lines[table] = dict(zip(ids[found], line[found].astype(int)))
    return lines


def _is_file_level(problem: Problem) -> bool:
    """A problem with a whole file or its header, after which its rows cannot be trusted."""
    return problem.row is None or (problem.row == 1 and problem.column is None)


def _without_cross_table_faults(
    tables: dict[str, pd.DataFrame], codes: set[str] | None
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The tables less the rows whose references fail, repeated until nothing dangles.

    Leaving out a claim can strand the event that cites it, and so on; each round reports
    the rows newly at fault, so every row left out has its own message.
    """
    problems: list[Problem] = []
    seen: set[Problem] = set()  # a set: a broken file can hold tens of thousands of problems
    while True:
        found, faulty = cross_table_problems(tables, boundary_codes=codes)
        new = [p for p in found if p not in seen]
        seen.update(new)
        problems += new
        if not any(faulty.values()):
            return tables, problems
        tables = {
            name: frame[~frame[LINE].isin(faulty.get(name, set()))]
            for name, frame in tables.items()
        }


# The boundary files and the property each feature needs for the map to draw and name it.
BOUNDARY_FILES = {
    "geo/admin1.geojson": ("adm1_code", "iso3"),
    "geo/countries.geojson": ("iso3", "name"),
}
_POLYGONS = {"Polygon", "MultiPolygon"}


def boundary_codes(directory: Path) -> set[str] | None:
    """The adm1_code of every region in geo/admin1.geojson, or None when it cannot be read."""
    return boundary_check(directory)[0]


def boundary_check(directory: Path) -> tuple[set[str] | None, list[Problem]]:
    """The admin-1 codes of the boundary files (None when unreadable) and their problems.

    A dataset without a geo/ folder has no map, which is allowed; once there is one, both
    files must be there and readable. Read as plain JSON: the validator should not need the
    geometry stack to check a code.
    """
    if not (directory / "geo").exists():
        return None, []
    codes: set[str] | None = None
    problems: list[Problem] = []
    for file, required in BOUNDARY_FILES.items():
        features, file_problems = _geojson_features(directory, file)
        problems += file_problems
        if features is None:
            continue
        feature_problems = _feature_problems(file, features, required)
        problems += feature_problems
        if file == BOUNDARY_FILE and not any(p.column == "adm1_code" for p in feature_problems):
            # Only a file where every region has its code can judge the tables' codes;
            # otherwise each make-up row would be "unknown" for a fault of the file.
            codes = {feature["properties"]["adm1_code"] for feature in features}
    return codes, problems


def _geojson_features(directory: Path, file: str) -> tuple[list | None, list[Problem]]:
    """The features of a GeoJSON FeatureCollection file, or None and why not."""
    path = directory / file
    if not path.is_file():
        message = f"file is missing from {directory / 'geo'}: the map cannot be drawn without it"
        return None, [Problem(file, None, None, message)]
    if refusal := _outside_refusal(directory, file):
        return None, [refusal]
    try:
        document = json.loads(path.read_bytes())
    except OSError as error:
        return None, [Problem(file, None, None, f"cannot be read: {error.strerror}")]
    except UnicodeDecodeError:
        return None, [Problem(file, None, None, "is not UTF-8 text: the map cannot be drawn")]
    except json.JSONDecodeError as error:
        message = f"is not valid JSON ({error.msg}, column {error.colno}): the map cannot be drawn"
        return None, [Problem(file, error.lineno, None, message)]
    except (ValueError, RecursionError) as error:  # e.g. a number too long, nesting too deep
        message = f"is not valid JSON ({error}): the map cannot be drawn"
        return None, [Problem(file, None, None, message)]
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        message = (
            "is not a GeoJSON FeatureCollection (no list of features): the map cannot be drawn"
        )
        return None, [Problem(file, None, None, message)]
    return features, []


def _feature_problems(file: str, features: list, required: tuple[str, ...]) -> list[Problem]:
    """One problem per property that some features lack, and one for features with no shape.

    Counted, not listed: a file of 2,000 regions without codes is one mistake, not 2,000.
    """
    missing: dict[str, list[int]] = {name: [] for name in required}
    shapeless: list[int] = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        for name in required:
            value = properties.get(name)
            if not isinstance(value, str) or not value.strip():
                missing[name].append(number)
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not (isinstance(geometry, dict) and geometry.get("type") in _POLYGONS):
            shapeless.append(number)
    problems = [
        Problem(file, None, name, f"{_features(numbers)} no {name}: not drawn")
        for name, numbers in missing.items()
        if numbers
    ]
    if shapeless:
        message = f"{_features(shapeless)} no Polygon or MultiPolygon geometry: not drawn"
        problems.append(Problem(file, None, "geometry", message))
    return problems


def _features(numbers: list[int]) -> str:
    """'feature 3 has' or '12 features (3, 4, 9, …) have', for a message."""
    if len(numbers) == 1:
        return f"feature {numbers[0]} has"
    shown = ", ".join(str(n) for n in numbers[:5]) + (", …" if len(numbers) > 5 else "")
    return f"{len(numbers)} features ({shown}) have"


def read_table(directory: Path, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """One table's rows that pass its schema (as text, with their line numbers) and its problems."""
    frame, problems, faulty_lines = _read_table(directory, table)
    return frame[~frame[LINE].isin(faulty_lines)].reset_index(drop=True), problems


def _read_table(directory: Path, table: Table) -> tuple[pd.DataFrame, list[Problem], set[int]]:
    """Every row of a table as written, its problems, and the lines of the rows at fault."""
    path = directory / table.file
    if not path.is_file():
        message = f"file is missing from {directory}"
        return _empty(table), [Problem(table.file, None, None, message)], set()
    if refusal := _outside_refusal(directory, table.file):
        return _empty(table), [refusal], set()
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot be read: {error.strerror}"
        return _empty(table), [Problem(table.file, None, None, message)], set()
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark from Excel's "CSV UTF-8"
    if not data or data.isspace():  # (not data.strip(): that copies the whole file)
        message = f"file is empty: expected a header row ({', '.join(table.columns)})"
        return _empty(table), [Problem(table.file, None, None, message)], set()
    # A sound file goes from bytes to Arrow in one pass: a 340 MB events.csv is never held
    # as Python text (which, with one non-Latin letter, takes four bytes a character).
    parsed = _whole_file_table(data)
    # In UTF-8 these bytes are never part of another character: a file without them has no
    # cell to search (0.16 s for 340 MB, against 1.8 s to search every column's cells).
    has_controls = bool(data.translate(None, _NOT_CONTROL_BYTES))
    # The parsed table no longer needs the bytes (a careful read opens the file again): let
    # them go before the table becomes a frame, or both are held at the peak of the load.
    del data
    fast = _as_frame(*parsed) if parsed is not None else None
    # Freed blocks are kept for reuse; give them back between tables, or the parse buffers
    # of each large file add to the server's resident memory for good.
    give_back_freed_memory()
    if fast is not None:
        frame, problems = _by_header(table, *fast, [])
    else:
        text, problems = _decode(table.file, path.read_bytes())
        if not text.strip():
            message = f"file is empty: expected a header row ({', '.join(table.columns)})"
            return _empty(table), problems or [Problem(table.file, None, None, message)], set()
        frame, parse_problems = _parse_csv(table, text)
        problems += parse_problems
    missing = [c for c in table.columns if c not in frame.columns]
    for column in missing:
        problems.append(Problem(table.file, 1, column, "column is missing from the header"))
        frame[column] = ""
    for column in table.optional_columns:
        if column not in frame.columns:
            frame[column] = ""  # an older file without it: every row as if left empty
    if fast is None or has_controls:
        control_problems, control_lines = _control_character_problems(table, frame)
        problems += control_problems
    else:
        control_lines = set()
    schema_problems, faulty_lines = _schema_problems(table, frame, skip_columns=set(missing))
    problems += schema_problems
    return frame, problems, faulty_lines | control_lines


def _outside_refusal(directory: Path, file: str) -> Problem | None:
    """A problem when directory/file is a link (or under a linked folder) leading outside it.

    The dashboard reads only what lives in its data folder: a link to a system file or to
    another team's folder would otherwise be parsed and its contents shown in messages.
    """
    try:
        inside = (directory / file).resolve().is_relative_to(directory.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if inside:
        return None
    message = "is a link that leads outside the dataset folder: not read (copy the file in)"
    return Problem(file, None, None, message)


# C0 controls other than tab, LF and CR, and DEL: a NUL byte truncates text in C code and
# in spreadsheets, and none of them belongs in a name or a note.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL_CHARACTER.match(chr(b)))


def _control_character_problems(
    table: Table, frame: pd.DataFrame
) -> tuple[list[Problem], set[int]]:
    """One problem per cell holding a control character, and the lines of those rows."""
    problems, faulty = [], set()
    for column in frame.columns:
        if column == LINE:
            continue
        cells = frame[column]
        found = cells.str.contains(_CONTROL_CHARACTER.pattern, regex=True)
        for line, cell in zip(frame.loc[found, LINE], cells[found]):
            code = ord(_CONTROL_CHARACTER.search(cell).group())
            message = f"holds a control character (U+{code:04X}): remove it; the row was left out"
            problems.append(Problem(table.file, int(line), column, message))
            faulty.add(int(line))
    return problems, faulty


def _decode(file: str, data: bytes) -> tuple[str, list[Problem]]:
    """Text of a UTF-8 file; lines holding bytes that are not UTF-8 are reported and blanked."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark from Excel's "CSV UTF-8"
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems, lines = [], []
    # splitlines, not split(b"\n"): Excel's "CSV (Macintosh)" ends lines with CR alone, and
    # the csv module counts CR, LF and CRLF alike, so the line numbers agree with the parser.
    raw_lines = data.splitlines(keepends=True)
    header = raw_lines[0].rstrip(b"\r\n")
    try:
        columns = _fields(header.decode("utf-8"))
    except UnicodeDecodeError as error:
        message = (
            f"the header is not UTF-8 text (byte 0x{header[error.start]:02x}): "
            "save the file as CSV UTF-8 — the table was not read"
        )
        return "", [Problem(file, 1, None, message)]
    for number, line in enumerate(raw_lines, start=1):
        body = line.rstrip(b"\r\n")
        ending = line[len(body) :].decode("ascii")
        try:
            lines.append(body.decode("utf-8") + ending)
        except UnicodeDecodeError as error:
            prefix = body[: error.start].decode("utf-8", errors="replace")
            field = len(_fields(prefix) or [""]) - 1
            column = columns[field] if 0 <= field < len(columns) else None
            message = (
                f"is not UTF-8 text (byte 0x{body[error.start]:02x}); "
                "save the file as CSV UTF-8 — the row was left out"
            )
            problems.append(Problem(file, number, column, message))
            lines.append(ending)
    return "".join(lines), problems


def _fields(line: str) -> list[str]:
    """The cells of one line read as CSV, or [] when the line is not CSV on its own."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # e.g. a quote opened on this line and closed on a later one
        return []


def _parse_csv(table: Table, text: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows of a CSV text, read row by row, as stripped strings with their line numbers."""
    header, rows, lines, problems = _rows_one_at_a_time(table.file, text)
    if header is None:
        return _empty(table), problems
    frame = _frame_of_rows(table.file, len(header), rows, lines, problems)
    return _by_header(table, header, frame, problems)


def _by_header(
    table: Table, header: list[str], frame: pd.DataFrame, problems: list[Problem]
) -> tuple[pd.DataFrame, list[Problem]]:
    """The cells (by position) named by the header, stripped, without blank rows."""
    keep, duplicate_problems = _first_of_each_column(table.file, header)
    # Column by column: a million cells are stripped by Arrow, not one at a time, and only
    # a column with a cell to strip is copied.
    columns = {header[i]: _stripped(frame.iloc[:, i]) for i in keep}
    frame = pd.DataFrame({**columns, LINE: frame[LINE]}, index=frame.index)
    # A row of empty cells (",,,,") is as harmless as a blank line.
    cells = frame.drop(columns=LINE)
    blank = (cells == "").all(axis=1) if len(cells.columns) else pd.Series(False, frame.index)
    if blank.any():
        frame = frame[~blank].reset_index(drop=True)
    return frame, duplicate_problems + problems


def _stripped(cells: pd.Series) -> pd.Series:
    cells = cells.astype(str)
    stripped = cells.str.strip()
    # Keep the column as read when nothing changed: one copy at a time, not one per column.
    return cells if stripped.equals(cells) else stripped


def _whole_file_table(data: bytes) -> tuple[list[str], pyarrow.Table] | None:
    """(header, cells by position) read by Arrow's parser in one pass, or
    None when the file needs the careful path: bytes that are not UTF-8, a row of the wrong
    width, a blank line, a quoted cell over several lines or a CR-only line end (then a
    row's line number cannot be told from its position), or anything Arrow will not parse."""
    end_of_header = data.find(b"\n")
    first_line = data[:end_of_header] if end_of_header >= 0 else data  # the body not copied
    try:
        header = [cell.strip() for cell in _fields(first_line.rstrip(b"\r").decode("utf-8"))]
    except UnicodeDecodeError:
        return None
    start = len(first_line) + 1  # the body is read in place, never copied
    body_length = max(len(data) - start, 0)
    lines_in_body = data.count(b"\n", start) + (body_length > 0 and not data.endswith(b"\n"))
    carriage_returns = data.count(b"\r", start)  # the second count only when there are any
    if not header or (carriage_returns and carriage_returns > data.count(b"\r\n", start)):
        return None
    body = memoryview(data)[start:] if body_length else b""
    wrong_width = []
    options = arrow_csv.ParseOptions(
        newlines_in_values=False,
        invalid_row_handler=lambda row: wrong_width.append(row) or "skip",
    )
    names = [f"f{i}" for i in range(len(header))]
    try:
        table = arrow_csv.read_csv(
            pyarrow.py_buffer(body),
            read_options=arrow_csv.ReadOptions(column_names=names, use_threads=True),
            parse_options=options,
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pyarrow.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pyarrow.ArrowInvalid, UnicodeError):
        return None
    if wrong_width or table.num_rows != lines_in_body:
        return None
    return header, table


def _as_frame(header: list[str], table: pyarrow.Table) -> tuple[list[str], pd.DataFrame]:
    """(header, the parsed table as a frame of pandas text, with each row's line)."""
    # One chunk per column: the parser leaves hundreds (one per block it read), and Arrow's
    # take, behind every filter, then works chunk by chunk: cutting 1M events for a country
    # took 0.49 s on 326 chunks against 0.05 s on one. A column at a time, each column's
    # pieces let go once joined: the whole table joined at once held it twice.
    columns = {}
    for name in table.column_names:
        columns[name] = table.column(name).combine_chunks()
        table = table.drop_columns([name])
    text = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own "str" dtype
    frame = pyarrow.table(columns).to_pandas(types_mapper={pyarrow.large_string(): text}.get)
    frame[LINE] = np.arange(2, len(frame) + 2)
    return header, frame


def _frame_of_rows(
    file: str, width: int, rows: list[list[str]], lines: list[int], problems: list[Problem]
) -> pd.DataFrame:
    """The rows of the header's width as a frame by position; the others reported."""
    good, good_lines = [], []
    for row, line in zip(rows, lines):
        if len(row) == width:
            good.append(row)
            good_lines.append(line)
        elif any(cell.strip() for cell in row):  # blank lines are harmless
            message = f"has {len(row)} fields but the header has {width}"
            problems.append(Problem(file, int(line), None, message))
    columns = list(zip(*good)) if good else [()] * width
    frame = pd.DataFrame({i: pd.Series(columns[i], dtype=str) for i in range(width)})
    frame[LINE] = pd.Series(good_lines, dtype="int64")
    return frame


def _rows_one_at_a_time(file: str, text: str) -> tuple:
    """(header or None, rows, lines, problems), reading row by row to cite where it breaks."""
    # strict: an unclosed quote is an error at its line, not a silent merge of the rest.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as error:
        return None, [], [], [Problem(file, 1, None, f"header is not valid CSV: {error}")]
    rows, lines, problems = [], [], []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            message = f"is not valid CSV ({error}); this row and the rest of the file were not read"
            problems.append(Problem(file, start, None, message))
            break
        line = reader.line_num
        rows.append(cells)
        lines.append(start)
    return header, rows, lines, problems


def _first_of_each_column(file: str, header: list[str]) -> tuple[list[int], list[Problem]]:
    """The positions of the header's columns to read (the first of each name) and a problem
    for each name given twice: two 'name' columns cannot both be the name."""
    keep: list[int] = []
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        positions.setdefault(name, []).append(position)
        if len(positions[name]) == 1:
            keep.append(position)
    problems = []
    for name, where in positions.items():
        if len(where) > 1:
            fields = ", ".join(str(position + 1) for position in where)
            label = f"'{name}'" if name else "an unnamed column"
            message = (
                f"{label} is in the header {len(where)} times (fields {fields}): "
                "only the first is read — rename or delete the others"
            )
            problems.append(Problem(file, 1, name or None, message))
    return keep, problems


def _schema_problems(
    table: Table, frame: pd.DataFrame, *, skip_columns: set[str]
) -> tuple[list[Problem], set[int]]:
    """Problems the table's pandera schema finds, and the lines of the rows at fault."""
    try:
        table.schema.validate(frame, lazy=True)
        return [], set()
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    problems, faulty = [], set()
    seen_ids: set[str] = set()
    for case in cases.itertuples(index=False):
        if case.column in skip_columns or pd.isna(case.index):
            continue
        line = int(frame[LINE].iloc[int(case.index)])
        value = str(case.failure_case)
        if "uniqueness" in str(case.check):
            # The first row with an id keeps it; the later ones are the duplicates.
            if value not in seen_ids:
                seen_ids.add(value)
                continue
            message = f"duplicate id '{value}'"
        else:
            message = f"{_shown(value)} {case.check}"
        problems.append(Problem(table.file, line, case.column, message))
        faulty.add(line)
    return problems, faulty


def _shown(value: str) -> str:
    """A cell value quoted for a message, shortened so a huge cell cannot flood the report."""
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _empty(table: Table) -> pd.DataFrame:
    every_column = [*table.columns, *table.optional_columns]
    frame = pd.DataFrame({column: pd.Series(dtype=str) for column in every_column})
    frame[LINE] = pd.Series(dtype=int)
    return frame


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The text table with numbers, flags and dates parsed, as its schema says."""
    frame = frame.copy()
    for column in table.columns_parsed_as(NUMBER):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    for column in table.columns_parsed_as(INTEGER):
        # Int64 (nullable): a column missing from the file was filled with "" and its rows
        # already reported; an empty table must still load.
        numbers = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        frame[column] = numbers.astype("Int64")
    for column in table.columns_parsed_as(FLAG):
        frame[column] = frame[column] == "true"
    if "start" in frame:
        # A period's bounds, typed; every date column also stays as written, at its precision.
        frame["start_precision"], frame["start_date"], start_last = dates.bounds(frame["start"])
        frame["end_precision"], _, frame["end_date"] = dates.bounds(frame["end"])
        # 'day', 'month', 'year' or none: three texts, stored once each.
        for column in ("start_precision", "end_precision"):
            frame[column] = frame[column].astype("category")
        if table.name == "events":
            # An event with no end is a moment, but a moment known only to the month or
            # year still spans that month or year: draw and filter it that wide. An
            # "ongoing" end stays open (NaT), like a tie that still holds.
            is_moment = frame["end"] == ""
            frame.loc[is_moment, "end_date"] = start_last[is_moment]
    for column in table.repeating:
        frame[column] = frame[column].astype("category")
    return frame.reset_index(drop=True)


def _problem_order(problem: Problem) -> tuple:
    return (problem.file, problem.row or 0, problem.column or "", problem.message)
