"""Dates written at their precision: ``1980-09-22`` (day), ``2013-03`` (month), ``2013`` (year)."""

from __future__ import annotations

import re

import pandas as pd

PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
ONGOING = "ongoing"  # an end that had not come when the layer was written
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"  # YYYY, YYYY-MM or YYYY-MM-DD
_DATE = re.compile(DATE_PATTERN)
_OFFSET = {"year": pd.offsets.YearEnd(0), "month": pd.offsets.MonthEnd(0)}


def precision_of(text: str) -> str | None:
    """The precision of a date as written: 'day', 'month' or 'year' (None if not a date)."""
    text = (text or "").strip()
    return PRECISION_BY_LENGTH[len(text)] if _DATE.fullmatch(text) else None


def earliest(text: str) -> pd.Timestamp:
    """The first day a date at its precision can mean ('2013' -> 2013-01-01); NaT if empty."""
    precision = precision_of(text)
    if precision is None:
        return pd.NaT
    return pd.Timestamp({"year": f"{text}-01-01", "month": f"{text}-01", "day": text}[precision])


def latest(text: str) -> pd.Timestamp:
    """The last day a date at its precision can mean ('2013' -> 2013-12-31); NaT if empty."""
    first = earliest(text)
    if first is pd.NaT:
        return first
    offset = _OFFSET.get(precision_of(text))
    return first + offset if offset is not None else first


def display(text: str) -> str:
    """A date as a reader should see it, no more precise than written ('2013-03' -> 'Mar 2013')."""
    if text == ONGOING:
        return "ongoing"
    precision = precision_of(text)
    if precision is None:
        return "—"
    formats = {"year": "%Y", "month": "%b %Y", "day": "%d %b %Y"}
    return earliest(text).strftime(formats[precision])
