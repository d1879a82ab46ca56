"""A view's options and the filters in a link (views.base.to_query / from_query)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.analysis.filters import Filters
from dashboard.views.base import from_query, to_query
from dashboard.views.fault_map import LAYERS, MapOptions
from dashboard.views.overview import OverviewOptions


@pytest.mark.parametrize("cls", [MapOptions, Filters, OverviewOptions])
def test_the_default_is_an_empty_query_and_back(cls):
    assert to_query(cls()) == {}
    assert from_query(cls, {}) == cls()


@pytest.mark.parametrize(
    "options",
    [
        MapOptions(layers=("makeup", "places"), focus=("IRQ", "SYR"), held_at="2014-01"),
        MapOptions(labels=False),
        MapOptions(layers=()),  # nothing drawn is a choice, not the default
        MapOptions(focus=("IRQ",), held_at="2016-06", labels=False, layers=("control",)),
    ],
)
def test_map_options_round_trip(options):
    assert from_query(MapOptions, to_query(options)) == options


@pytest.mark.parametrize(
    "filters",
    [
        Filters(start=date(2013, 1, 1)),
        Filters(start=date(1979, 2, 11), end=date(2014, 1, 31)),
        Filters(countries=("IRQ", "SYR"), actors=("john_kerry",), sects=("shia", "sunni")),
        Filters(include_after_publication=True),
        Filters(
            start=date(2003, 3, 20),
            end=date(2011, 12, 18),
            countries=("IRQ",),
            actors=("usa", "iran"),
            sects=("shia",),
            include_after_publication=True,
        ),
    ],
)
def test_filters_round_trip(filters):
    assert from_query(Filters, to_query(filters)) == filters


def test_the_query_is_short_and_readable():
    assert to_query(MapOptions(focus=("IRQ",), labels=False)) == {
        "focus": ["IRQ"],
        "labels": ["false"],
    }
    assert to_query(Filters(start=date(2013, 1, 1), countries=("IRQ",))) == {
        "start": ["2013-01-01"],
        "countries": ["IRQ"],
    }
    assert to_query(MapOptions(layers=())) == {"layers": [""]}


def test_a_single_value_may_come_as_a_plain_string():
    # st.query_params hands back the last value of a key as a string.
    assert from_query(MapOptions, {"focus": "IRQ", "labels": "false"}) == MapOptions(
        focus=("IRQ",), labels=False
    )
    assert from_query(Filters, {"start": "2013-01-01", "include_after_publication": "true"}) == (
        Filters(start=date(2013, 1, 1), include_after_publication=True)
    )


@pytest.mark.parametrize(
    ("cls", "query", "expected"),
    [
        (Filters, {"start": ["2014-13-45"]}, Filters()),  # not a date
        (Filters, {"end": ["yesterday"], "countries": ["IRQ"]}, Filters(countries=("IRQ",))),
        (Filters, {"start": [""]}, Filters()),
        (Filters, {"start": []}, Filters()),
        (Filters, {"include_after_publication": ["maybe"]}, Filters()),
        (Filters, {"bogus": ["1"], "sects": ["shia"]}, Filters(sects=("shia",))),
        (MapOptions, {"labels": ["banana"]}, MapOptions()),
        (MapOptions, {"labels": [""]}, MapOptions()),
        (MapOptions, {"held_at": [""]}, MapOptions()),
        (MapOptions, {"focus": ["", "IRQ", ""]}, MapOptions(focus=("IRQ",))),
        (OverviewOptions, {"anything": ["at all"]}, OverviewOptions()),
    ],
)
def test_malformed_values_fall_back_to_the_default(cls, query, expected):
    assert from_query(cls, query) == expected


def test_the_last_of_repeated_single_values_wins():
    assert from_query(MapOptions, {"held_at": ["2013-01", "2014-01"]}).held_at == "2014-01"


def test_every_layer_has_a_name_for_the_layer_picker():
    assert set(MapOptions().layers) == set(LAYERS)
    assert all(LAYERS.values())
