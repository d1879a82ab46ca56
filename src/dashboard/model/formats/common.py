"""What the ACLED and UCDP importers share: reading a file, the report, and our tables.

An importer turns one row of the analyst's file into one *record*: a flat frame of plain
columns (``RECORD_COLUMNS``) with the row's line, its dates at their precision, its place,
its actors and its figure. ``assemble`` then builds our ten tables from the records, so
both formats make sources, claims, actors, places, events, relations and figures the
same way. Everything runs column by column on the whole frame (pandas string methods,
``to_datetime`` with a format, ``groupby``, ``merge``): a million rows take seconds.
Python loops run only over distinct names (actors, places) and over problems to report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.model.columns import per_distinct
from dashboard.model.problems import Problem
from dashboard.model.schema import TABLES

REPO_GEO = Path(__file__).resolve().parents[4] / "data" / "geo"
BOUNDARY_FILES = ("admin1.geojson", "countries.geojson")
QUOTE_LIMIT = 1000  # characters of a quote before it is cut (and the claim's note says so)
CLAIMS_PER_RECORD = 3  # an actor, place or tie cites the first three rows that show it
PROBLEMS_PER_REASON = 1000  # rows listed one by one per reason; the rest are counted
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


class ImportFormatError(ValueError):
    """The file is not one we can import: wrong format, missing columns, unreadable."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did with the analyst's file, for a person to read."""

    format: str
    file: str
    rows_read: int
    rows_imported: int
    mapped: dict[str, str]
    dropped: tuple[str, ...]
    problems: tuple[Problem, ...]
    # Rows left out per reason (every left-out row is counted here, even past the listed
    # problems), and what else a reader should know (header assumed, quotes cut, ...).
    left_out: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """A few plain lines: what was mapped, what dropped, which rows left out and why."""
        left = self.rows_read - self.rows_imported
        lines = [
            f"{self.format.upper()} file {self.file}: {self.rows_read:,} rows read, "
            f"{self.rows_imported:,} imported, {left:,} left out.",
            "Mapped (their column -> our table):",
        ]
        by_table: dict[str, list[str]] = {}
        for theirs, ours in self.mapped.items():
            for table in dict.fromkeys(re.findall(r"\b([a-z_]+)\.", ours)):
                by_table.setdefault(table, []).append(theirs)
        lines += [f"  {table}: {', '.join(columns)}" for table, columns in by_table.items()]
        lines.append("Not used: " + (", ".join(self.dropped) or "-"))
        for reason, count in sorted(self.left_out.items(), key=lambda item: -item[1]):
            if count:
                lines.append(f"Left out: {count:,} row(s): {reason}")
        lines += [f"Note: {note}" for note in self.notes]
        if self.problems:
            lines.append(f"{len(self.problems):,} problem(s) listed (file:row: column: message).")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Reading the analyst's file


@dataclass
class RawFile:
    """The cells of a file as text, positional columns, and the line of each row."""

    name: str
    rows: pd.DataFrame  # columns 0..n-1, every cell a stripped str
    lines: np.ndarray  # the line in the file where each row starts (first line = 1)
    problems: list[Problem]
    left_out: Counter
    excel: bool = False


def read_rows(path: Path) -> RawFile:
    """Every row of a CSV (any of , ; tab) or Excel file as text, with its line number."""
    name = path.name
    if not path.is_file():
        raise ImportFormatError(f"{name}: no such file ({path})")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path)
    if path.suffix.lower() == ".xls":
        raise ImportFormatError(
            f"{name}: old Excel 97-2003 workbooks (.xls) are not read; save it as .xlsx or CSV"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFormatError(f"{name}: cannot be read ({error.strerror})") from error
    data = data.removeprefix(b"\xef\xbb\xbf")
    if not data.strip():
        raise ImportFormatError(f"{name}: the file is empty (no header, no rows)")
    if data[:4] == b"PK\x03\x04":
        raise ImportFormatError(
            f"{name}: this is a zip or Excel file, not CSV text; name an Excel file .xlsx"
        )
    problems: list[Problem] = []
    left_out: Counter = Counter()
    bad_lines: dict[int, int] = {}  # line -> first byte there that is not UTF-8
    try:
        text = data.decode("utf-8")
        source: io.IOBase = io.BytesIO(data)
    except UnicodeDecodeError:
        text, bad_lines = _undecodable_lines(data)
        if 1 in bad_lines:
            raise ImportFormatError(
                f"{name}: the first line is not UTF-8 text (byte 0x{bad_lines[1]:02x}); "
                "save the file as CSV UTF-8"
            ) from None
        source = io.StringIO(text)
    if "\x00" in text[:65536]:
        raise ImportFormatError(f"{name}: holds NUL bytes: this is not a CSV text file")
    separator = _separator(text)
    rows = _read_fast(data, separator) if not bad_lines else None
    caught: list = []
    if rows is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                rows = pd.read_csv(
                    source,
                    sep=separator,
                    header=None,
                    dtype=str,
                    keep_default_na=False,
                    skip_blank_lines=False,
                    on_bad_lines="warn",
                    engine="c",
                )
            except (pd.errors.ParserError, ValueError) as error:
                raise ImportFormatError(f"{name}: is not readable as CSV ({error})") from error
            except pd.errors.EmptyDataError as error:
                raise ImportFormatError(f"{name}: the file is empty") from error
    skipped = _skipped_records(caught)
    lines = _row_lines(data, rows, skipped)
    for record, message in skipped.items():
        problems.append(Problem(name, record, None, f"{message}: the row was left out"))
    if skipped:
        left_out["has more fields than the first row"] += len(skipped)
    rows = rows.fillna("")
    rows, lines = _without_blank_rows(rows, lines)
    if bad_lines:
        rows, lines = _without_undecodable(name, rows, lines, bad_lines, problems, left_out)
    return RawFile(name, _stripped(rows), lines, problems, left_out)


def _read_excel(path: Path) -> RawFile:
    try:
        rows = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFormatError(
            f"{path.name}: cannot be read as an Excel workbook ({type(error).__name__}: {error})"
        ) from error
    if rows.empty:
        raise ImportFormatError(f"{path.name}: the workbook's first sheet is empty")
    rows = rows.fillna("")
    rows.columns = range(rows.shape[1])
    lines = np.arange(1, len(rows) + 1)  # a sheet's row numbers, as Excel shows them
    rows, lines = _without_blank_rows(rows, lines)
    return RawFile(path.name, _stripped(rows), lines, [], Counter(), excel=True)


_SURROGATE = re.compile("[\udc80-\udcff]")


def _undecodable_lines(data: bytes) -> tuple[str, dict[int, int]]:
    """The text with each byte that is not UTF-8 marked, and per line the first such byte."""
    text = data.decode("utf-8", errors="surrogateescape")
    newlines = np.flatnonzero(np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8) == 10)
    bad: dict[int, int] = {}
    encoded_offsets = _char_to_byte_offsets(text)
    for match in _SURROGATE.finditer(text):
        line = int(np.searchsorted(newlines, encoded_offsets(match.start()))) + 1
        bad.setdefault(line, ord(match.group()) - 0xDC00)
    return _SURROGATE.sub("\ufffd", text), bad


def _char_to_byte_offsets(text: str):
    """A function from a character offset of text to its byte offset in the UTF-8 form."""

    def offset(position: int) -> int:
        return len(text[:position].encode("utf-8", "surrogatepass"))

    return offset


def _without_undecodable(
    name: str,
    rows: pd.DataFrame,
    lines: np.ndarray,
    bad_lines: dict[int, int],
    problems: list[Problem],
    left_out: Counter,
) -> tuple[pd.DataFrame, np.ndarray]:
    """rows less those holding bytes that are not UTF-8, each reported with its byte."""
    ends = np.append(lines[1:], np.iinfo(np.int64).max)
    drop = np.zeros(len(rows), dtype=bool)
    for line, byte in sorted(bad_lines.items()):
        index = int(np.searchsorted(lines, line, side="right")) - 1
        if index < 0 or line >= ends[index] or drop[index]:
            continue
        drop[index] = True
        hits = [c for c in rows.columns if "\ufffd" in str(rows.iat[index, c])]
        column = hits[0] if hits else None
        message = (
            f"is not UTF-8 text (byte 0x{byte:02x}); save the file as CSV UTF-8 "
            "(nothing is guessed) — the row was left out"
        )
        problems.append(Problem(name, line, column, message))  # column: renamed later
        left_out["not UTF-8 text"] += 1
    return rows[~drop].reset_index(drop=True), lines[~drop]


def _read_fast(data: bytes, separator: str) -> pd.DataFrame | None:
    """The rows read by pyarrow's parser (several times faster, and its text columns are
    what pandas works on fastest), or None when the file needs the careful path: a blank
    line (pyarrow skips it, so line numbers would shift) or any parsing error (a row with
    too many fields is reported by the careful path, row by row)."""
    if b"\n\n" in data or b"\n\r\n" in data or data[:1] in (b"\n", b"\r"):
        return None
    try:
        return pd.read_csv(
            io.BytesIO(data),
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            engine="pyarrow",
        )
    except Exception:  # pyarrow raises its own kinds; the careful path names the problem
        return None


def _separator(text: str) -> str:
    """The field separator of a CSV text: the one of , ; tab most used on its first line,
    outside quotes."""
    first = text[:65536].split("\n", 1)[0]
    first = re.sub(r'"[^"]*"', "", first)
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


_SKIPPING = re.compile(r"Skipping line (\d+): (.*)")


def _skipped_records(caught: list) -> dict[int, str]:
    skipped: dict[int, str] = {}
    for warning in caught:
        for line in str(warning.message).splitlines():
            if match := _SKIPPING.match(line.strip()):
                skipped[int(match.group(1))] = match.group(2).replace("saw", "found")
    return skipped


def _row_lines(data: bytes, rows: pd.DataFrame, skipped: dict[int, int]) -> np.ndarray:
    """The line where each row starts: its record number plus the line breaks quoted
    inside the rows before it (a note written over two lines)."""
    total = len(rows) + len(skipped)
    records = np.setdiff1d(np.arange(1, total + 1), np.fromiter(skipped, dtype=np.int64))
    breaks = data.count(b"\n") or data.count(b"\r")
    if breaks <= total:  # no quoted line breaks: each record is one line
        return records
    inside = np.zeros(len(rows), dtype=np.int64)
    for column in rows.columns:
        cells = rows[column]
        has = cells.str.contains("\n", regex=False).fillna(False).to_numpy(bool)
        if has.any():
            inside[has] += cells[has].str.count("\n").to_numpy(np.int64)
    before = np.concatenate(([0], np.cumsum(inside)[:-1])) if len(inside) else inside
    return records + before


def _without_blank_rows(rows: pd.DataFrame, lines: np.ndarray):
    blank = (rows[rows.columns[0]].astype(str).str.strip() == "").to_numpy(bool)
    for column in rows.columns[1:]:
        if not blank.any():
            break
        candidates = np.flatnonzero(blank)
        cells = rows[column].iloc[candidates].astype(str).str.strip()
        blank[candidates[(cells != "").to_numpy(bool)]] = False
    if blank.any():
        return rows[~blank].reset_index(drop=True), lines[~blank]
    return rows.reset_index(drop=True), lines


def _stripped(rows: pd.DataFrame) -> pd.DataFrame:
    """rows as str cells; stripping waits for the columns an importer reads (see cells)."""
    return rows.astype(str).reset_index(drop=True)


def cells(data: pd.DataFrame, name: str, cache: dict[str, pd.Series]) -> pd.Series:
    """The stripped text of one column of data ('' everywhere when there is no such column)."""
    if name not in cache:
        if name in data:
            cache[name] = data[name].str.strip()
        else:
            cache[name] = pd.Series("", index=data.index, dtype=object).astype(str)
    return cache[name]


def named_problem(problem: Problem, header: list[str]) -> Problem:
    """A reading problem with its positional column named from the header."""
    if isinstance(problem.column, int):
        name = header[problem.column] if problem.column < len(header) else None
        return Problem(problem.file, problem.row, name, problem.message)
    return problem


def normalised_header(cells: list[str]) -> list[str]:
    """Header cells as lower-case snake names: 'EVENT DATE' and 'Event-Date' -> 'event_date'."""
    out = []
    for cell in cells:
        name = str(cell).strip().strip("\ufeff").strip().lower()
        out.append(re.sub(r"[\s\-.]+", "_", name).strip("_"))
    return out


# ---------------------------------------------------------------------------------------
# Cells


def parse_dates(cells: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Each cell as a day (Timestamp), trying formats in order; NaT where none fits."""
    result = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    left = cells != ""
    for form in formats:
        if not left.any():
            break
        parsed = pd.to_datetime(cells[left], format=form, errors="coerce")
        result[parsed.index] = result[parsed.index].fillna(parsed)
        left &= result.isna()
    return result


def numbers(cells: pd.Series) -> pd.Series:
    """Cells as floats; a decimal comma ('33,31' in a semicolon file) is read as a point."""
    values = pd.to_numeric(cells.where(cells != "", None), errors="coerce")
    comma = values.isna() & cells.str.fullmatch(r"-?\d+,\d+").fillna(False).astype(bool)
    if comma.any():
        values[comma] = pd.to_numeric(cells[comma].str.replace(",", ".", regex=False))
    return values.astype(float)


def day_text(days: pd.Series, precision: pd.Series) -> pd.Series:
    """Days written at their precision: '2016-05-03', '2016-05' or '2016'."""
    values = days.to_numpy(dtype="datetime64[ns]")
    out = pd.Series(values.astype("datetime64[D]").astype(str), index=days.index)
    month = (precision == "month").to_numpy(bool)
    year = (precision == "year").to_numpy(bool)
    if month.any():
        out[month] = values[month].astype("datetime64[M]").astype(str)
    if year.any():
        out[year] = values[year].astype("datetime64[Y]").astype(str)
    return out.where(days.notna().to_numpy(bool), "")


def period_bounds(days: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The first and last day a date at its precision may mean."""
    first = days.copy()
    last = days.copy()
    month = precision == "month"
    year = precision == "year"
    first[month] = days[month].dt.to_period("M").dt.start_time
    last[month] = days[month].dt.to_period("M").dt.end_time.dt.normalize()
    first[year] = days[year].dt.to_period("Y").dt.start_time
    last[year] = days[year].dt.to_period("Y").dt.end_time.dt.normalize()
    return first, last


_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def clean_text(cells: pd.Series) -> tuple[pd.Series, int]:
    """cells with control characters turned into spaces (the loader refuses them), and
    how many cells held one. Formula-like text ('=cmd|...') stays as written."""
    has = cells.str.contains(_CONTROL, regex=True).fillna(False).astype(bool)
    count = int(has.sum())
    if count:
        cells = cells.copy()
        cells[has] = cells[has].str.replace(_CONTROL, " ", regex=True)
    return cells, count


def slug(cells: pd.Series, *, limit: int = 40) -> pd.Series:
    """Lower-case [a-z0-9_] slugs of names (accents dropped), at most limit characters."""
    ascii_text = (
        cells.astype(str).str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    )
    out = ascii_text.str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True).str.strip("_")
    return out.str.slice(0, limit).str.rstrip("_")


def hashed_ids(keys: pd.Series, names: pd.Series, prefix: str) -> pd.Series:
    """Ids 'prefix_<slug of name>_<6 hex of key>' for distinct keys: readable and unique."""
    digests = [hashlib.sha1(key.encode("utf-8")).hexdigest()[:6] for key in keys]
    slugs = slug(names).replace("", "x")
    ids = prefix + "_" + slugs + "_" + pd.Series(digests, index=keys.index)
    return unique_ids(ids)


def unique_ids(ids: pd.Series) -> pd.Series:
    """ids with later repeats suffixed _2, _3, ... so each is unique."""
    repeat = ids.groupby(ids).cumcount()
    if not (repeat > 0).any():
        return ids
    return ids.where(repeat == 0, ids + "_" + (repeat + 1).astype(str))


def first_claims(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per key: its claim ids (the first three by line, ';'-joined) and its row count."""
    ordered = frame.sort_values("line", kind="stable")
    counts = ordered.groupby(key, sort=False).size().rename("count")
    joined = joined_groups(ordered[key], ordered["claim_id"], limit=CLAIMS_PER_RECORD)
    return pd.concat([joined.rename("claim_ids"), counts], axis=1).rename_axis(key).reset_index()


def joined_groups(keys: pd.Series, values: pd.Series, *, limit: int | None = None) -> pd.Series:
    """values ';'-joined per key in the order given (the first limit of each), by key.

    Column-wise: one pass per position within a group (first values, second values, ...)
    instead of a Python join per group, which costs seconds for a million groups.
    """
    codes, uniques = pd.factorize(keys, sort=False)
    values = np.asarray(values.to_numpy(), dtype=object)
    rank = pd.Series(codes).groupby(codes, sort=False).cumcount().to_numpy()
    joined = np.empty(len(uniques), dtype=object)
    first = rank == 0
    joined[codes[first]] = values[first]
    last = int(rank.max()) if len(rank) else 0
    stop = last if limit is None else min(last, limit - 1)
    for position in range(1, stop + 1):
        at = rank == position
        joined[codes[at]] = joined[codes[at]] + ";" + values[at]
    return pd.Series(joined, index=pd.Index(uniques))


def row_problems(
    file: str,
    lines: pd.Series | np.ndarray,
    column: str | None,
    messages: pd.Series | str,
    problems: list[Problem],
) -> None:
    """One problem per row (up to PROBLEMS_PER_REASON), then one counting the rest."""
    lines = np.asarray(lines)
    if isinstance(messages, str):
        shown = [messages] * min(len(lines), PROBLEMS_PER_REASON)
    else:
        shown = list(messages.iloc[:PROBLEMS_PER_REASON])
    for line, message in zip(lines[:PROBLEMS_PER_REASON], shown):
        problems.append(Problem(file, int(line), column, message))
    if len(lines) > PROBLEMS_PER_REASON:
        rest = len(lines) - PROBLEMS_PER_REASON
        example = shown[-1] if shown else ""
        problems.append(
            Problem(file, None, column, f"{rest:,} more rows like line {lines[0]}: {example}")
        )


def coordinates(
    lat_text: pd.Series, lon_text: pd.Series, leave_out: Callable
) -> tuple[pd.Series, pd.Series]:
    """Latitude and longitude as numbers; leave_out(mask, column, messages, reason) is told
    of every row whose coordinate is not a number or out of range."""
    lat, lon = numbers(lat_text), numbers(lon_text)
    for name, texts, values, limit in (
        ("latitude", lat_text, lat, 90),
        ("longitude", lon_text, lon, 180),
    ):
        leave_out(
            values.isna(),
            name,
            lambda m, texts=texts: texts[m].map(shown) + " is not a number: the row was left out",
            f"{name} is not a number",
        )
        leave_out(
            values.abs() > limit,
            name,
            lambda m, texts=texts, limit=limit: (
                texts[m].map(shown) + f" is out of range (-{limit}..{limit}): the row was left out"
            ),
            "coordinates out of range",
        )
    return lat, lon


def shown(value: str) -> str:
    """A cell quoted for a message, cut so a huge cell cannot flood the report."""
    return repr(value if len(value) <= 60 else value[:57] + "...")


# ---------------------------------------------------------------------------------------
# Countries: ACLED writes ISO 3166 numeric codes, UCDP Gleditsch-Ward numbers; both also
# write names. (alpha-3, ISO numeric, GW number or None, names as the two data sets write
# them). Covers the Middle East, North Africa, the Horn and the Sahel, Afghanistan and
# Pakistan, Turkey, Iran, the Caucasus and Central Asia, and the outside powers that fight
# there. A code not listed is left empty and counted in the report: never guessed.
COUNTRIES: tuple[tuple[str, int, int | None, tuple[str, ...]], ...] = (
    ("AFG", 4, 700, ("Afghanistan",)),
    ("DZA", 12, 615, ("Algeria",)),
    ("BHR", 48, 692, ("Bahrain",)),
    ("BGD", 50, 771, ("Bangladesh",)),
    ("ARM", 51, 371, ("Armenia",)),
    ("AZE", 31, 373, ("Azerbaijan",)),
    ("BGR", 100, 355, ("Bulgaria",)),
    ("MMR", 104, 775, ("Myanmar", "Myanmar (Burma)")),
    ("CMR", 120, 471, ("Cameroon",)),
    ("CAF", 140, 482, ("Central African Republic",)),
    ("TCD", 148, 483, ("Chad",)),
    ("CHN", 156, 710, ("China",)),
    ("COD", 180, 490, ("Democratic Republic of Congo", "DR Congo (Zaire)")),
    ("CYP", 196, 352, ("Cyprus",)),
    ("ETH", 231, 530, ("Ethiopia",)),
    ("ERI", 232, 531, ("Eritrea",)),
    ("FRA", 250, 220, ("France",)),
    ("DJI", 262, 522, ("Djibouti",)),
    ("GEO", 268, 372, ("Georgia",)),
    ("PSE", 275, None, ("Palestine",)),
    ("DEU", 276, 255, ("Germany",)),
    ("GRC", 300, 350, ("Greece",)),
    ("IND", 356, 750, ("India",)),
    ("IRN", 364, 630, ("Iran",)),
    ("IRQ", 368, 645, ("Iraq",)),
    ("ISR", 376, 666, ("Israel",)),
    ("JOR", 400, 663, ("Jordan",)),
    ("KAZ", 398, 705, ("Kazakhstan",)),
    ("KEN", 404, 501, ("Kenya",)),
    ("KWT", 414, 690, ("Kuwait",)),
    ("KGZ", 417, 703, ("Kyrgyzstan",)),
    ("LBN", 422, 660, ("Lebanon",)),
    ("LBY", 434, 620, ("Libya",)),
    ("MLI", 466, 432, ("Mali",)),
    ("MRT", 478, 435, ("Mauritania",)),
    ("MAR", 504, 600, ("Morocco",)),
    ("OMN", 512, 698, ("Oman",)),
    ("NER", 562, 436, ("Niger",)),
    ("NGA", 566, 475, ("Nigeria",)),
    ("PAK", 586, 770, ("Pakistan",)),
    ("QAT", 634, 694, ("Qatar",)),
    ("RUS", 643, 365, ("Russia", "Russia (Soviet Union)")),
    ("SAU", 682, 670, ("Saudi Arabia",)),
    ("SOM", 706, 520, ("Somalia",)),
    ("SSD", 728, 626, ("South Sudan",)),
    ("SDN", 729, 625, ("Sudan",)),
    ("ESH", 732, None, ("Western Sahara",)),
    ("SYR", 760, 652, ("Syria",)),
    ("TJK", 762, 702, ("Tajikistan",)),
    ("ARE", 784, 696, ("United Arab Emirates",)),
    ("TUN", 788, 616, ("Tunisia",)),
    ("TUR", 792, 640, ("Turkey", "Türkiye")),
    ("TKM", 795, 701, ("Turkmenistan",)),
    ("UKR", 804, 369, ("Ukraine",)),
    ("EGY", 818, 651, ("Egypt",)),
    ("GBR", 826, 200, ("United Kingdom",)),
    ("USA", 840, 2, ("United States", "United States of America")),
    ("UZB", 860, 704, ("Uzbekistan",)),
    ("YEM", 887, 678, ("Yemen", "Yemen (North Yemen)")),
)
ISO_NUMERIC = {numeric: alpha for alpha, numeric, _, _ in COUNTRIES}
GLEDITSCH_WARD = {gw: alpha for alpha, _, gw, _ in COUNTRIES if gw is not None}
GLEDITSCH_WARD[679] = "YEM"  # unified Yemen in the COW numbering some files use
COUNTRY_NAMES = {name.lower(): alpha for alpha, _, _, names in COUNTRIES for name in names}
ALPHA3 = {alpha for alpha, *_ in COUNTRIES}


def countries_from_codes(cells: pd.Series, table: dict[int, str]) -> pd.Series:
    """Alpha-3 codes for numeric codes ('368' or '368.0' -> 'IRQ'); '' when not listed."""
    return per_distinct(cells, lambda distinct: _countries_from_codes(distinct, table))


def _countries_from_codes(cells: pd.Series, table: dict[int, str]) -> pd.Series:
    codes = pd.to_numeric(cells.where(cells != "", None), errors="coerce")
    known = codes.notna()
    out = pd.Series("", index=cells.index, dtype=object)
    out[known] = codes[known].astype(int).map(table).fillna("")
    return out.astype(str)


def countries_from_names(cells: pd.Series) -> pd.Series:
    """Alpha-3 codes for country names as ACLED and UCDP write them; '' when not listed."""
    return per_distinct(
        cells, lambda distinct: distinct.str.lower().map(COUNTRY_NAMES).fillna("").astype(str)
    )


# ---------------------------------------------------------------------------------------
# Assembling our tables from the records

# The columns an importer fills, one row per imported row of their file.
RECORD_COLUMNS = (
    "line",  # int: where the row starts in their file
    "key",  # their id, as written (made into our event_id)
    "start_day",  # Timestamp: the first day of the date as they give it
    "end_day",  # Timestamp or NaT: their end day (UCDP)
    "precision",  # 'day', 'month' or 'year'
    "event_type",  # ours
    "title",
    "description",
    "quote",  # their words, verbatim
    "sources",  # their source column, for the claim's note
    "place_name",
    "lat",  # float
    "lon",  # float
    "lat_text",
    "lon_text",
    "country",  # alpha-3 or ''
    "place_precision",  # one of schema.PLACE_PRECISIONS, or '' to drop the place
    "place_kind",
    "actor1",
    "actor1_kind",
    "actor1_country",
    "actor2",
    "actor2_kind",
    "actor2_country",
    "assoc1",  # ';'-separated names
    "assoc2",
    "tie",  # 'fights' or 'hostile': what actor1 and actor2 are to each other
    "low",  # text, '' when not given
    "best",
    "high",
)


@dataclass
class Assembly:
    """Our tables and what building them found worth telling."""

    tables: dict[str, pd.DataFrame]
    notes: list[str]


def report_of(
    fmt: str,
    file: str,
    columns: pd.Index,
    mapped_columns: dict[str, str],
    *,
    rows_read: int,
    records: pd.DataFrame,
    problems: list[Problem],
    left_out: dict[str, int],
    notes: list[str],
) -> ImportReport:
    """The report of one import: which of the file's columns became what, which were not
    used, and what was left out or worth telling."""
    return ImportReport(
        format=fmt,
        file=file,
        rows_read=rows_read,
        rows_imported=len(records),
        mapped={name: mapped_columns[name] for name in columns if name in mapped_columns},
        dropped=tuple(name for name in columns if name not in mapped_columns),
        problems=tuple(problems),
        left_out=dict(left_out),
        notes=tuple(notes),
    )


def assemble(
    records: pd.DataFrame,
    *,
    fmt: str,
    file: str,
    publisher: str,
    rows_read: int,
    boundaries: Path | None,
    basis: str,
) -> Assembly:
    """Our ten tables from the records of one imported file."""
    notes: list[str] = []
    if not records["line"].is_monotonic_increasing:  # sorting takes every column: only if needed
        records = records.sort_values("line", kind="stable")
    records = records.reset_index(drop=True)
    source_id = f"import_{fmt}"
    today = date.today().isoformat()
    sources = pd.DataFrame(
        [
            {
                "source_id": source_id,
                "title": f"{publisher} export {file}",
                "author": "",
                "publisher": publisher,
                "published": "",
                "url": "",
                "kind": "reference",
                "reliability": "medium",
                "note": (
                    f"Imported on {today} from {file}: {len(records):,} of {rows_read:,} rows. "
                    "The export's own date is not in the file (published left empty)."
                ),
            }
        ]
    )
    records["claim_id"] = f"{fmt}_r" + records["line"].astype(str)
    claims, quote_notes = _claims(records, fmt=fmt, file=file, source_id=source_id)
    notes += quote_notes

    records["event_id"] = unique_ids(
        f"{fmt}_"
        + records["key"]
        .str.lower()
        .str.replace(r"[^a-z0-9_]+", "_", regex=True)
        .str.strip("_")
        .where(lambda s: s != "", "r" + records["line"].astype(str))
    )
    renamed = int((records["event_id"].str.contains(r"_\d+$") & records["key"].duplicated()).sum())
    if renamed:
        notes.append(f"{renamed:,} repeated ids given a suffix (_2, _3, ...) to keep ids unique")

    actors, long = _actors(records, notes)
    places, records = _places(records, boundaries, notes)
    first_day, last_day = period_bounds(records["start_day"], records["precision"])
    events = _events(records, long)
    relations = _relations(records, long, first_day, last_day, fmt=fmt, notes=notes)
    figures = _figures(records, source_id=source_id, basis=basis)
    tables = {
        "sources": sources,
        "claims": claims,
        "actors": actors,
        "places": places,
        "events": events,
        "relations": relations,
        "figures": figures,
    }
    return Assembly(as_text_tables(tables), notes)


def as_text_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table of schema.TABLES with all its columns, every cell a str."""
    out = {}
    for name, table in TABLES.items():
        frame = tables.get(name)
        columns = [*table.columns, *table.optional_columns]
        size = 0 if frame is None else len(frame)
        text = {}
        for column in columns:
            if frame is None or column not in frame:
                text[column] = pd.Series([""] * size, dtype=str)
                continue
            cells = frame[column].reset_index(drop=True)
            if not (pd.api.types.is_string_dtype(cells) and not cells.hasnans):
                cells = cells.astype(object).fillna("").astype(str)
            text[column] = cells
        out[name] = pd.DataFrame(text, columns=columns)
    return out


def _claims(records: pd.DataFrame, *, fmt: str, file: str, source_id: str):
    quote = records["quote"]
    length = quote.str.len()
    long = length > QUOTE_LIMIT
    empty = quote == ""
    note = file + ", row " + records["line"].astype(str) + "; sources: " + records["sources"]
    if long.any():
        quote = quote.where(~long, quote.str.slice(0, QUOTE_LIMIT - 1).str.rstrip() + "…")
        note = note.where(
            ~long,
            note + "; quote cut to " + str(QUOTE_LIMIT) + " of " + length.astype(str) + " chars",
        )
    if empty.any():
        quote = quote.where(~empty, "(no text in the row: " + records["title"] + ")")
        note = note.where(~empty, note + "; the row has no text to quote: the quote is its title")
    claims = pd.DataFrame(
        {"claim_id": records["claim_id"], "source_id": source_id, "quote": quote, "note": note}
    )
    notes = []
    if long.any():
        notes.append(f"{int(long.sum()):,} quotes over {QUOTE_LIMIT:,} characters cut (said so)")
    if empty.any():
        notes.append(f"{int(empty.sum()):,} rows had no text to quote: their title stands in")
    return claims, notes


def _actors(records: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actors (one per distinct name) and the long frame of (row, role, actor)."""
    parts = []
    for role in ("actor1", "actor2"):
        part = records.loc[
            records[role] != "", ["line", "claim_id", role, f"{role}_kind", f"{role}_country"]
        ]
        part.columns = ["line", "claim_id", "name", "kind", "country"]
        parts.append(part.assign(role=role, row=part.index))
    for role in ("assoc1", "assoc2"):
        part = records.loc[records[role] != "", ["line", "claim_id", role]]
        if part.empty:
            continue
        part = part.assign(row=part.index, name=part[role].str.split(";")).explode("name")
        part["name"] = part["name"].str.strip()
        part = part[part["name"] != ""]
        parts.append(
            part[["line", "claim_id", "name", "row"]].assign(
                kind="organisation", country="", role=role
            )
        )
    long = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["line", "claim_id", "name", "kind", "country", "role", "row"])
    )
    if long.empty:
        empty = pd.DataFrame(columns=TABLES["actors"].columns)
        return empty, long.assign(actor_id="")
    names = pd.Series(pd.unique(long["name"]), dtype=object)
    ids = hashed_ids(names, names, "a")
    id_of = dict(zip(names, ids))
    long["actor_id"] = long["name"].map(id_of)
    # A name coded several ways: the most frequent kind and country win (ties: first seen).
    kind = _most_frequent(long, "kind", prefer_not="organisation")
    country = _most_frequent(long[long["country"] != ""], "country")
    cited = first_claims(long.drop_duplicates(["row", "actor_id"]), "actor_id")
    actors = pd.DataFrame({"actor_id": ids, "name": names})
    actors = actors.merge(cited, on="actor_id", how="left")
    actors["kind"] = actors["actor_id"].map(kind.to_dict()).astype(object).fillna("organisation")
    actors["country"] = actors["actor_id"].map(country.to_dict()).astype(object).fillna("")
    actors["affiliation"] = "none"
    actors["description"] = (
        "Imported actor; in "
        + actors["count"].astype(int).map("{:,}".format)
        + np.where(actors["count"] == 1, " row", " rows")
        + " of the file. Affiliation not in the data (none recorded)."
    )
    return actors, long


def _most_frequent(long: pd.DataFrame, column: str, *, prefer_not: str | None = None):
    if long.empty:
        return pd.Series(dtype=object)
    counts = long.groupby(["actor_id", column], sort=False).size().rename("n").reset_index()
    if prefer_not is not None:
        counts["n"] = counts["n"].where(counts[column] != prefer_not, 0)
    counts = counts.sort_values("n", ascending=False, kind="stable")
    return counts.drop_duplicates("actor_id").set_index("actor_id")[column]


def _places(records: pd.DataFrame, boundaries: Path | None, notes: list[str]):
    """The places (one per name, point and country) and the records with their place_id."""
    usable = (records["place_precision"] != "") & (records["country"] != "")
    no_country = (records["place_precision"] != "") & (records["country"] == "")
    if no_country.any():
        notes.append(
            f"{int(no_country.sum()):,} rows in countries without an ISO alpha-3 code in our "
            "table: their events are kept without a place"
        )
    keys = ["place_name", "lat_text", "lon_text", "country"]
    located = records[usable]
    if located.empty:
        records = records.assign(place_id="")
        return pd.DataFrame(columns=TABLES["places"].columns), records
    distinct = located.drop_duplicates(keys)[
        [*keys, "lat", "lon", "place_precision", "place_kind"]
    ].reset_index(drop=True)
    key = distinct[keys[0]].str.cat([distinct[k] for k in keys[1:]], sep="|")
    distinct["place_id"] = hashed_ids(key, distinct["place_name"], "p")
    records = records.merge(distinct[[*keys, "place_id"]], on=keys, how="left")
    records["place_id"] = records["place_id"].fillna("").where(usable.to_numpy(), "")
    cited = first_claims(records[records["place_id"] != ""], "place_id")
    places = distinct.merge(cited, on="place_id", how="left")
    places["admin1"] = _admin1_codes(places, boundaries, notes)
    places = places.rename(
        columns={"place_name": "name", "place_kind": "kind", "place_precision": "precision"}
    )
    places["lat"] = places["lat_text"]
    places["lon"] = places["lon_text"]
    return places, records


def _admin1_codes(places: pd.DataFrame, boundaries: Path | None, notes: list[str]) -> pd.Series:
    """The adm1_code of the region holding each place's point ('' outside every region)."""
    import geopandas as gpd  # the geometry stack only when there is a point to place

    path = (boundaries or REPO_GEO) / "admin1.geojson"
    if not path.is_file():
        notes.append(f"no {path}: places have no admin-1 region")
        return pd.Series("", index=places.index)
    regions = gpd.read_file(path, columns=["adm1_code", "iso3"])
    regions = regions.set_crs("EPSG:4326", allow_override=True)
    points = gpd.GeoDataFrame(
        {"row": np.arange(len(places))},
        geometry=gpd.points_from_xy(places["lon"], places["lat"]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(points, regions, how="inner", predicate="within")
    # A point just over a border (simplified outlines) falls in the neighbour's region: a
    # region of another country than the place's is no region of the place.
    joined = joined[joined["iso3"].to_numpy() == places["country"].to_numpy()[joined["row"]]]
    joined = joined.drop_duplicates("row").set_index("row")["adm1_code"]
    codes = pd.Series(joined.reindex(np.arange(len(places))).to_numpy(), index=places.index)
    codes[places["place_precision"].to_numpy() == "country"] = ""  # a country has no admin1
    outside = int(codes.isna().sum())
    if outside:
        notes.append(
            f"{outside:,} places lie in no region of their country in {path.name}: no admin1"
        )
    return codes.fillna("").astype(str)


def _events(records: pd.DataFrame, long: pd.DataFrame) -> pd.DataFrame:
    start = day_text(records["start_day"], records["precision"])
    end = day_text(records["end_day"], records["precision"])
    end = end.where(end != start, "")
    if long.empty:
        actor_ids = pd.Series("", index=records.index)
    else:
        order = {"actor1": 0, "assoc1": 1, "actor2": 2, "assoc2": 3}
        ranked = long.assign(order=long["role"].map(order)).sort_values(["row", "order"])
        ranked = ranked.drop_duplicates(["row", "actor_id"])
        joined = joined_groups(ranked["row"], ranked["actor_id"])
        actor_ids = pd.Series(joined.reindex(records.index).to_numpy(), index=records.index)
        actor_ids = actor_ids.fillna("").astype(str)
    return pd.DataFrame(
        {
            "event_id": records["event_id"],
            "title": records["title"],
            "start": start,
            "end": end,
            "event_type": records["event_type"],
            "place_id": records["place_id"],
            "actor_ids": actor_ids,
            "description": records["description"],
            "layer": "at_publication",
            "claim_ids": records["claim_id"],
        }
    )


def _relations(
    records: pd.DataFrame,
    long: pd.DataFrame,
    first_day: pd.Series,
    last_day: pd.Series,
    *,
    fmt: str,
    notes: list[str],
) -> pd.DataFrame:
    """Ties per (pair of actors, year, kind): opponents fight or are hostile, an actor and
    its associates are allies. Each cites its first three rows and counts the rest."""
    if long.empty:
        return pd.DataFrame(columns=TABLES["relations"].columns)
    by_role = {
        role: long[long["role"] == role].set_index("row")["actor_id"]
        for role in ("actor1", "actor2")
    }
    frame = records[["line", "claim_id", "tie"]].assign(
        first=first_day, last=last_day, year=records["start_day"].dt.year
    )
    pairs = []
    opposed = frame.assign(
        a=by_role["actor1"].reindex(records.index), b=by_role["actor2"].reindex(records.index)
    ).dropna(subset=["a", "b"])
    pairs.append(opposed.rename(columns={"tie": "kind"}))
    for assoc, main in (("assoc1", "actor1"), ("assoc2", "actor2")):
        allies = long[long["role"] == assoc][["row", "actor_id"]].rename(columns={"actor_id": "b"})
        allies["a"] = allies["row"].map(by_role[main])
        allies = allies.dropna(subset=["a"]).set_index("row")
        pairs.append(frame.loc[allies.index].assign(a=allies["a"], b=allies["b"], kind="ally"))
    ties = pd.concat(pairs, ignore_index=True)
    same = ties["a"] == ties["b"]
    if same.any():
        notes.append(f"{int(same.sum()):,} ties of an actor with itself not made into relations")
        ties = ties[~same]
    if ties.empty:
        return pd.DataFrame(columns=TABLES["relations"].columns)
    swap = ties["a"] > ties["b"]
    ties.loc[swap, ["a", "b"]] = ties.loc[swap, ["b", "a"]].to_numpy()
    ties["group"] = (
        ties["kind"] + "|" + ties["a"] + "|" + ties["b"] + "|" + ties["year"].astype(str)
    )
    ties = ties.drop_duplicates(["group", "line"])
    cited = first_claims(ties, "group")
    spans = ties.groupby("group", sort=False).agg(
        a=("a", "first"),
        b=("b", "first"),
        kind=("kind", "first"),
        year=("year", "first"),
        start=("first", "min"),
        end=("last", "max"),
    )
    relations = spans.reset_index().merge(cited, on="group")
    year_end = pd.to_datetime(relations["year"].astype(str) + "-12-31")
    year_start = pd.to_datetime(relations["year"].astype(str) + "-01-01")
    relations["start"] = relations["start"].clip(lower=year_start)
    relations["end"] = relations["end"].clip(upper=year_end)
    digest = [hashlib.sha1(group.encode()).hexdigest()[:8] for group in relations["group"]]
    relations["relation_id"] = unique_ids(
        f"{fmt}_"
        + relations["kind"]
        + "_"
        + relations["year"].astype(str)
        + "_"
        + pd.Series(digest, index=relations.index)
    )
    count = relations["count"].astype(int)
    label = fmt.upper()
    description = (
        count.map("{:,}".format)
        + np.where(count == 1, " event in ", " events in ")
        + relations["year"].astype(str)
        + f" ({label})"
    )
    cut = count > CLAIMS_PER_RECORD
    description = description.where(~cut, description + f"; cites the first {CLAIMS_PER_RECORD}")
    return pd.DataFrame(
        {
            "relation_id": relations["relation_id"],
            "source_actor": relations["a"],
            "target_actor": relations["b"],
            "kind": relations["kind"],
            "sign": np.where(relations["kind"] == "ally", "1", "-1"),
            "directed": "false",
            "start": day_text(relations["start"], pd.Series("day", index=relations.index)),
            "end": day_text(relations["end"], pd.Series("day", index=relations.index)),
            "layer": "at_publication",
            "description": description,
            "claim_ids": relations["claim_ids"],
        }
    )


def _figures(records: pd.DataFrame, *, source_id: str, basis: str) -> pd.DataFrame:
    values = {column: numbers(records[column]) for column in ("low", "best", "high")}
    deadly = (values["low"] > 0) | (values["best"] > 0) | (values["high"] > 0)
    chosen = records[deadly]
    start = day_text(chosen["start_day"], chosen["precision"])
    return pd.DataFrame(
        {
            "figure_id": chosen["event_id"] + "_deaths",
            "subject_id": chosen["event_id"],
            "metric": "deaths",
            "low": chosen["low"],
            "best": chosen["best"],
            "high": chosen["high"],
            "unit": "people",
            "as_of": start,
            "basis": basis,
            "layer": "at_publication",
            "source_id": source_id,
            "claim_ids": chosen["claim_id"],
            "note": "",
        }
    )


# ---------------------------------------------------------------------------------------
# Writing


def write_dataset(
    tables: dict[str, pd.DataFrame], out_dir: Path, *, boundaries: Path | None = None
) -> None:
    """Write one CSV per table into out_dir (new or empty) and copy the boundary files."""
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise FileExistsError(
            f"{out_dir} already exists and is not an empty folder: nothing was written "
            "(choose a new folder; existing data is never overwritten)"
        )
    geo_source = Path(boundaries) if boundaries is not None else REPO_GEO
    missing = [name for name in BOUNDARY_FILES if not (geo_source / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"boundary files {', '.join(missing)} are missing from {geo_source}: nothing written"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, table in TABLES.items():
        frame = tables.get(name)
        if frame is None:
            frame = as_text_tables({})[name]
        with (out_dir / table.file).open("x", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    geo = out_dir / "geo"
    geo.mkdir()
    for name in (*BOUNDARY_FILES, "ATTRIBUTION.md"):
        if (geo_source / name).is_file():
            shutil.copyfile(geo_source / name, geo / name)


def read_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Our own tables from a folder or a zip of their CSVs, as raw text."""
    out: dict[str, pd.DataFrame] = {}
    if path.is_dir():
        for name, table in TABLES.items():
            if (path / table.file).is_file():
                out[name] = _read_text_csv((path / table.file).read_bytes(), table.file)
        return as_text_tables_keeping(out)
    with zipfile.ZipFile(path) as archive:
        members = {Path(info.filename).name: info for info in archive.infolist()}
        for name, table in TABLES.items():
            if table.file in members:
                data = archive.read(members[table.file])
                out[name] = _read_text_csv(data, table.file)
    return as_text_tables_keeping(out)


def _read_text_csv(data: bytes, file: str) -> pd.DataFrame:
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"{file}: is not UTF-8 text (byte {error.start})") from error
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def as_text_tables_keeping(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Like as_text_tables, but keeping any column a table has beyond the schema's."""
    base = as_text_tables(tables)
    for name, frame in tables.items():
        for column in frame.columns:
            if column not in base[name]:
                base[name][column] = frame[column].astype(str).to_numpy()
    return base
