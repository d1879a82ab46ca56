"""Bring your own data: import an ACLED export or a UCDP GED file onto our tables.

``detect_format`` names what a file is, ``import_file`` maps it onto our ten tables (raw
text, every column of ``schema.TABLES``) with an ``ImportReport`` of what was mapped,
dropped and left out, and ``write_dataset`` writes them as a dataset folder that
``load_dataset`` opens. Nothing is written anywhere else, and never over existing files.
The mapping of each format is documented in ``acled.py``, ``ucdp.py`` and data/README.md.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pandas as pd

from dashboard.model.formats import acled, ucdp
from dashboard.model.formats.common import (
    EXCEL_SUFFIXES,
    ImportFormatError,
    ImportReport,
    normalised_header,
    read_tables,
    write_dataset,
)
from dashboard.model.schema import TABLES

FORMATS = ("acled", "ucdp", "tables")

__all__ = [
    "FORMATS",
    "ImportFormatError",
    "ImportReport",
    "detect_format",
    "import_file",
    "write_dataset",
]


def detect_format(path: Path) -> str:
    """'acled', 'ucdp' or 'tables' (a folder or zip of our own CSVs); ImportFormatError else."""
    path = Path(path)
    name = path.name or str(path)
    if path.is_dir():
        if any((path / table.file).is_file() for table in TABLES.values()):
            return "tables"
        files = ", ".join(table.file for table in TABLES.values())
        raise ImportFormatError(f"{name}: a folder without any of our tables ({files})")
    if not path.is_file():
        raise ImportFormatError(f"{name}: no such file ({path})")
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                members = {Path(member).name for member in archive.namelist()}
        except (zipfile.BadZipFile, OSError) as error:
            raise ImportFormatError(f"{name}: not a readable zip file ({error})") from error
        if members & {table.file for table in TABLES.values()}:
            return "tables"
        raise ImportFormatError(f"{name}: a zip without any of our tables (events.csv, ...)")
    first = _first_row(path)
    header = normalised_header(first)
    if acled.looks_like(header):
        return "acled"
    if ucdp.looks_like(header) or ucdp.headerless_order(first):
        return "ucdp"
    shown = ", ".join(cell for cell in header if cell)[:200] or "(nothing)"
    raise ImportFormatError(
        f"{name}: neither an ACLED export (event_date, event_type, actor1, ...) nor a UCDP "
        f"GED file (id, type_of_violence, date_start, ...); its first row reads: {shown}"
    )


def import_file(
    path: Path, *, format: str | None = None, boundaries: Path | None = None
) -> tuple[dict[str, pd.DataFrame], ImportReport]:
    """Our tables as raw text (ready for write_dataset) from an ACLED, UCDP or tables file."""
    path = Path(path)
    chosen = detect_format(path) if format in (None, "auto") else format
    if chosen == "acled":
        return acled.import_acled(path, boundaries=boundaries)
    if chosen == "ucdp":
        return ucdp.import_ucdp(path, boundaries=boundaries)
    if chosen == "tables":
        tables = read_tables(path)
        events = len(tables["events"])
        report = ImportReport("tables", path.name, events, events, {}, (), ())
        return tables, report
    raise ImportFormatError(f"{path.name}: unknown format {format!r}: use acled, ucdp or auto")


def _first_row(path: Path) -> list[str]:
    """The first row of a CSV or Excel file, as text."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        try:
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                row = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            finally:
                book.close()
        except Exception as error:  # openpyxl raises many kinds for a file that is not a book
            raise ImportFormatError(
                f"{path.name}: cannot be read as an Excel workbook ({type(error).__name__})"
            ) from error
        return ["" if cell is None else str(cell) for cell in row]
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as error:
        raise ImportFormatError(f"{path.name}: cannot be read ({error.strerror})") from error
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.strip():
        raise ImportFormatError(f"{path.name}: the file is empty (no header, no rows)")
    line = head.splitlines()[0] if head.splitlines() else b""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            f"{path.name}: the first line is not UTF-8 text (byte 0x{line[error.start]:02x} "
            f"at byte {error.start + 1}); save the file as CSV UTF-8"
        ) from error
    counts = {sep: text.count(sep) for sep in (",", ";", "\t")}
    separator = max(counts, key=counts.get)
    try:
        return next(csv.reader([text], delimiter=separator), [])
    except csv.Error:
        return text.split(separator)
