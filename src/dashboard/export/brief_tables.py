"""The tables behind every step of a brief, as a zip of CSV files or one Excel workbook,
with every cell a spreadsheet would run as a formula defused."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

import pandas as pd

from dashboard.brief import StepView, all_sources
from dashboard.export.tables import defuse_formula, safe_csv_bytes

SHEET_NAME_CHARS = 31  # Excel's limit
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_NOT_IN_FILE_NAME = re.compile(r"[^a-z0-9]+")
# openpyxl refuses the control characters XML cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def step_tables(views: Sequence[StepView]) -> list[tuple[int, str, pd.DataFrame]]:
    """(step number, table name, table) for every non-empty table behind the steps."""
    return [
        (number, name, table)
        for number, view in enumerate(views, start=1)
        for name, table in view.tables.items()
        if isinstance(table, pd.DataFrame) and not table.empty
    ]


def contents_table(views: Sequence[StepView]) -> pd.DataFrame:
    """One row per step: its title, takeaway, view and source line."""
    return pd.DataFrame(
        {
            "step": range(1, len(views) + 1),
            "title": [v.title for v in views],
            "takeaway": [v.takeaway for v in views],
            "view": [v.step.view for v in views],
            "options": [v.step.options for v in views],
            "filters": [v.step.filters for v in views],
            "sources": [v.source_line for v in views],
            "tables": [", ".join(n for n, t in v.tables.items() if len(t)) for v in views],
        }
    )


def _slug(text: str) -> str:
    return _NOT_IN_FILE_NAME.sub("-", text.lower()).strip("-")[:40] or "step"


def tables_zip(views: Sequence[StepView]) -> bytes:
    """A zip: contents.csv, sources.csv and step-NN-<title>/<table>.csv for each table."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("contents.csv", safe_csv_bytes(contents_table(views)))
        archive.writestr("sources.csv", safe_csv_bytes(all_sources(views)))
        for number, name, table in step_tables(views):
            folder = f"step-{number:02d}-{_slug(views[number - 1].title)}"
            archive.writestr(f"{folder}/{_slug(name)}.csv", safe_csv_bytes(_flat(table)))
    return out.getvalue()


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """Cells a file can hold: lists and sets as text, times without their zone."""
    flat = table.copy()
    for column in flat.columns:
        series = flat[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            flat[column] = series.dt.tz_localize(None)
        elif series.dtype == object:
            flat[column] = series.map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple | set) else v
            )
    return flat


def _sheet_cell(cell: object) -> object:
    if isinstance(cell, str):
        return defuse_formula(_NOT_XML.sub(" ", cell))
    return cell


def _safe_for_sheet(table: pd.DataFrame) -> pd.DataFrame:
    """The table with text cells defused (openpyxl writes '=...' as a live formula)."""
    safe = _flat(table)
    for column in safe.select_dtypes(exclude=["number", "bool", "datetime"]).columns:
        safe[column] = safe[column].astype(object).map(_sheet_cell)
    safe.columns = [str(_sheet_cell(str(c))) for c in safe.columns]
    return safe


def _sheet_name(number: int, name: str, taken: set[str]) -> str:
    base = _NOT_IN_SHEET_NAME.sub(" ", f"{number} {name}")[:SHEET_NAME_CHARS].strip("'")
    candidate, extra = base, 2
    while candidate.lower() in taken:
        suffix = f" ({extra})"
        candidate = base[: SHEET_NAME_CHARS - len(suffix)] + suffix
        extra += 1
    taken.add(candidate.lower())
    return candidate


def tables_workbook(views: Sequence[StepView]) -> bytes:
    """One .xlsx: a Contents sheet, a Sources sheet, then one sheet per table of each step."""
    out = io.BytesIO()
    taken = {"contents", "sources"}
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        _safe_for_sheet(contents_table(views)).to_excel(writer, sheet_name="Contents", index=False)
        _safe_for_sheet(all_sources(views)).to_excel(writer, sheet_name="Sources", index=False)
        for number, name, table in step_tables(views):
            sheet = _sheet_name(number, name, taken)
            _safe_for_sheet(table).to_excel(writer, sheet_name=sheet, index=False)
    return out.getvalue()
