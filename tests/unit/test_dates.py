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
