"""Tables leaving the app as files a spreadsheet can open safely."""

from __future__ import annotations

import pandas as pd

# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection");
# tab and carriage return can smuggle one in after leading whitespace (OWASP guidance).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(cell: object) -> object:
    """A text cell that a spreadsheet would execute, prefixed with ' so it stays text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """frame as UTF-8 CSV (with BOM, so Excel reads accents right), formulas defused."""
    # Every column that is not numbers, flags or dates may hold text (object, string,
    # categorical...); numbers stay numbers, so a sign of -1 is not turned into text.
    text_columns = frame.select_dtypes(exclude=["number", "bool", "datetime", "datetimetz"]).columns
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].astype(object).map(defuse_formula)
    # With CRLF line ends the csv writer quotes any cell holding a bare CR, so a CR inside
    # a cell cannot end the row in a spreadsheet (and smuggle in a formula after it).
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
