"""Dates written at their precision mean a span: a month is the whole month, a year the year."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.model import dates


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("1980-09-22", "day"),
        ("2013-03", "month"),
        ("2013", "year"),
        (" 2013 ", "year"),
        ("", None),
        ("   ", None),
        ("ongoing", None),
        ("2013-1", None),
    ],
)
def test_precision_follows_what_is_written(text, precision):
    assert dates.precision_of(text) == precision


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("1980-09-22", "1980-09-22", "1980-09-22"),
        ("2013-11", "2013-11-01", "2013-11-30"),
        ("2012-02", "2012-02-01", "2012-02-29"),  # leap year
        ("2013-02", "2013-02-01", "2013-02-28"),
        ("2013-12", "2013-12-01", "2013-12-31"),
        ("2013", "2013-01-01", "2013-12-31"),
    ],
)
def test_a_date_spans_its_precision(text, first, last):
    assert dates.earliest(text) == pd.Timestamp(first)
    assert dates.latest(text) == pd.Timestamp(last)


def test_an_empty_date_is_unknown_not_a_day():
    assert dates.earliest("") is pd.NaT
    assert dates.latest("") is pd.NaT


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1980-09-22", "22 Sep 1980"),
        ("2013-03", "Mar 2013"),
        ("2013", "2013"),
        ("", "—"),
        ("ongoing", "ongoing"),
    ],
)
def test_display_is_never_more_precise_than_written(text, shown):
    assert dates.display(text) == shown


def test_a_column_of_dates_means_what_each_date_means():
    # A column is parsed once per distinct text and spread back over its rows: repeats,
    # blanks, missing cells, padding and non-dates keep their own answers and rows.
    cells = ["2013", "2013-03", None, "2013", " 1980-09-22 ", "", "ongoing", "2013-1", "2013-03"]
    column = pd.Series(cells, dtype="str", index=range(100, 100 + len(cells)))
    precision, first, last = dates.bounds(column)
    for series in (precision, first, last):
        assert series.index.equals(column.index)
    texts = [cell or "" for cell in cells]
    assert precision.tolist() == [dates.precision_of(t) for t in texts]
    assert first.tolist() == [dates.earliest(t) for t in texts]
    assert last.tolist() == [dates.latest(t) for t in texts]
    assert dates.bounds(column.iloc[:0])[1].empty
    # Shaped like a date but not one: no day at all, whatever it repeats with.
    unreal = dates.bounds(pd.Series(["2013-13", "2013-02-30", "2013-13"], dtype="str"))
    assert unreal[1].isna().all() and unreal[2].isna().all()
