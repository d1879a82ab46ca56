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
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].map(defuse_formula)
    return safe.to_csv(index=False).encode("utf-8-sig")
