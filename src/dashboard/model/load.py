"""Load a dataset directory into typed DataFrames, reporting every problem found on the way.

Loading never stops at the first fault and never writes anything: each problem becomes a
``Problem`` naming file, row and column, the faulty rows are left out, and the rest of the
dataset is returned so the dashboard keeps working on what is sound.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from dashboard.model import dates
from dashboard.model.crosscheck import LINE, blank_soft_references, cross_table_problems
from dashboard.model.problems import Problem
from dashboard.model.schema import TABLES, Table

BOUNDARIES_FILE = "geo/admin1.geojson"


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


def load_dataset(directory: str | Path) -> tuple[Dataset, list[Problem]]:
    """Read, check and parse every table in directory; return the sound rows and the problems."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DatasetDirectoryError(
            f"No dataset directory at {directory.resolve()}: it does not exist or is not a folder."
        )
    problems: list[Problem] = []
    raw = {}
    for table in TABLES.values():
        frame, table_problems = read_table(directory, table)
        problems += table_problems
        raw[table.name] = frame
    sound, cross_problems = _without_cross_table_faults(raw, boundary_codes(directory))
    problems += cross_problems
    typed = {
        name: _typed(name, blank_soft_references(name, frame, problems))
        for name, frame in sound.items()
    }
    return Dataset(directory=directory, **typed), sorted(problems, key=_problem_order)


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


def boundary_codes(directory: Path) -> set[str] | None:
    """The adm1_code of every region in geo/admin1.geojson, or None when there is no such file.

    Read as plain JSON: the validator should not need the geometry stack to check a code.
    """
    path = directory / BOUNDARIES_FILE
    if not path.is_file():
        return None
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return {feature["properties"]["adm1_code"] for feature in features}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a broken boundary file is the map's problem; it says so there


def read_table(directory: Path, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """One table's rows that pass its schema (as text, with their line numbers) and its problems."""
    path = directory / table.file
    if not path.is_file():
        return _empty(table), [Problem(table.file, None, None, f"file is missing from {directory}")]
    try:
        data = path.read_bytes()
    except OSError as error:
        return _empty(table), [Problem(table.file, None, None, f"cannot be read: {error.strerror}")]
    text, problems = _decode(table.file, data)
    if not text.strip():
        message = f"file is empty: expected a header row ({', '.join(table.columns)})"
        return _empty(table), problems or [Problem(table.file, None, None, message)]
    frame, parse_problems = _parse_csv(table, text)
    problems += parse_problems
    missing = [c for c in table.columns if c not in frame.columns]
    for column in missing:
        problems.append(Problem(table.file, 1, column, "column is missing from the header"))
        frame[column] = ""
    schema_problems, faulty_lines = _schema_problems(table, frame, skip_columns=set(missing))
    problems += schema_problems
    return frame[~frame[LINE].isin(faulty_lines)].reset_index(drop=True), problems


def _decode(file: str, data: bytes) -> tuple[str, list[Problem]]:
    """Text of a UTF-8 file; lines holding bytes that are not UTF-8 are reported and blanked."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark from Excel's "CSV UTF-8"
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems, lines = [], []
    header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    columns = next(csv.reader([header]), [])
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError as error:
            prefix = line[: error.start].decode("utf-8", errors="replace")
            field = len(next(csv.reader([prefix]), [""])) - 1
            column = columns[field] if 0 <= field < len(columns) else None
            message = (
                f"is not UTF-8 text (byte 0x{line[error.start]:02x}); "
                "save the file as CSV UTF-8 — the row was left out"
            )
            problems.append(Problem(file, number, column, message))
            lines.append("")
    return "\n".join(lines), problems


def _parse_csv(table: Table, text: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows of a CSV text as stripped strings with their starting line numbers."""
    # strict: an unclosed quote is an error at its line, not a silent merge of the rest.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as error:
        return _empty(table), [Problem(table.file, 1, None, f"header is not valid CSV: {error}")]
    rows, lines = [], []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            message = f"is not valid CSV ({error}); this row and the rest of the file were not read"
            problems.append(Problem(table.file, start, None, message))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are harmless
        if len(cells) != len(header):
            message = f"has {len(cells)} fields but the header has {len(header)}"
            problems.append(Problem(table.file, start, None, message))
            continue
        rows.append([cell.strip() for cell in cells])
        lines.append(start)
    frame = pd.DataFrame(rows, columns=header, dtype=object).astype(str)
    frame[LINE] = lines
    return frame, problems


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
    frame = pd.DataFrame({column: pd.Series(dtype=str) for column in table.columns})
    frame[LINE] = pd.Series(dtype=int)
    return frame


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The text table with numbers, flags and dates parsed into their own typed columns."""
    frame = frame.copy()
    for column in (
        "lat",
        "lon",
        "low",
        "best",
        "high",
        "majority_share_low",
        "majority_share_high",
    ):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    if "sign" in frame:
        # Int64 (nullable): a column missing from the file was filled with "" and its rows
        # already reported; an empty table must still load.
        frame["sign"] = pd.to_numeric(frame["sign"].replace("", None), errors="coerce").astype(
            "Int64"
        )
    if "directed" in frame:
        frame["directed"] = frame["directed"] == "true"
    if "start" in frame:
        frame["start_date"] = pd.to_datetime(frame["start"].map(dates.earliest))
        frame["start_precision"] = frame["start"].map(dates.precision_of)
        frame["end_date"] = pd.to_datetime(frame["end"].map(dates.latest))
        frame["end_precision"] = frame["end"].map(dates.precision_of)
        if name == "events":
            # An event with no end is a moment, but a moment known only to the month or
            # year still spans that month or year: draw and filter it that wide. An
            # "ongoing" end stays open (NaT), like a tie that still holds.
            moment_end = pd.to_datetime(frame["start"].map(dates.latest))
            is_moment = frame["end"] == ""
            frame.loc[is_moment, "end_date"] = moment_end[is_moment]
    return frame.reset_index(drop=True)


def _problem_order(problem: Problem) -> tuple:
    return (problem.file, problem.row or 0, problem.column or "", problem.message)
