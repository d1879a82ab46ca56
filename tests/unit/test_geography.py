"""The map's geography (analysis.geography): what is drawn, and where a map is framed."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from dashboard.analysis.geography import (
    KEPT_DRAWINGS,
    focus_bounds,
    map_geography,
    outline_names,
)
from tests.unit.map_data import real_boundaries, real_geography, small_boundaries


def small():
    admin1, countries = small_boundaries()
    table = pd.DataFrame(
        {
            "adm1_code": ["IRQ-3242", "IRQ-3241", ""],
            "iso3": ["IRQ", "IRQ", "IRN"],
            "majority": ["sunni", "shia", "shia"],
        }
    )
    return map_geography(admin1, countries, table)


def inside(inner, outer) -> bool:
    """inner's (minx, miny, maxx, maxy) lies within outer's."""
    return (
        outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )  # fmt: skip


def test_map_geography_joins_makeup_computes_lines_and_names_countries():
    geography = small()
    assert geography.country_names == {"IRN": "Iran", "IRQ": "Iraq"}  # Syria: outline only
    pairs = set(zip(geography.fault_lines["left_code"], geography.fault_lines["right_code"]))
    assert pairs == {("IRQ-3241", "IRQ-3242")}  # Shia Baghdad and Iran share a colour
    assert geography.unmatched.empty
    assert geography.regions.set_index("adm1_code").loc["IRN-0001", "makeup_level"] == "country"


def test_outline_names_name_every_outline_and_nothing_without_geography():
    assert outline_names(small()) == {"IRQ": "Iraq", "IRN": "Iran", "SYR": "Syria"}
    assert outline_names(None) == {}


def test_focus_bounds_frame_one_country_with_padding():
    minx, miny, maxx, maxy = focus_bounds(small(), ["IRN"])
    assert (minx, miny, maxx, maxy) == pytest.approx((44.5, 32.5, 46.5, 34.5))  # 0.5° floor


def test_focus_bounds_of_several_countries_are_their_union():
    geography = small()
    both = focus_bounds(geography, ["IRQ", "IRN"])
    assert both == pytest.approx((42.5, 32.5, 46.5, 34.5))
    assert inside(focus_bounds(geography, ["IRQ"]), both)
    assert inside(focus_bounds(geography, ["IRN"]), both)


def test_focus_bounds_reach_a_country_drawn_only_as_an_outline():
    minx, miny, maxx, maxy = focus_bounds(small(), ["SYR"])
    assert minx < 40 < 43 < maxx and miny < 33 < 36 < maxy
    union = focus_bounds(small(), ["SYR", "IRN"])
    assert union[0] < 40 and union[2] > 46


def test_focus_bounds_without_a_known_country_frame_every_region():
    geography = small()
    assert (
        focus_bounds(geography, ["ZZZ"])
        == focus_bounds(geography)
        == focus_bounds(geography, ["IRQ", "IRN"])
    )


def test_real_iraq_frame_lies_inside_the_region_and_holds_iraq():
    geography = real_geography()
    admin1, _ = real_boundaries()
    iraq = shapely.total_bounds(admin1[admin1["iso3"] == "IRQ"].geometry.to_numpy())
    framed = focus_bounds(geography, ["IRQ"])
    assert inside(iraq, framed)
    assert inside(framed, focus_bounds(geography))
    assert framed[2] - framed[0] < 15  # a zoom, not the whole region
    union = focus_bounds(geography, ["IRQ", "SYR"])
    assert inside(framed, union) and union[0] < framed[0]  # Syria lies west of Iraq


def test_drawings_kept_with_a_geography_are_drawn_once_the_oldest_let_go():
    geography, drawn = small(), []

    def drawing(key):
        def draw():
            drawn.append(key)
            return f"drawing {key}"

        return draw

    assert geography.kept("a", drawing("a")) == "drawing a"
    assert geography.kept("a", drawing("a")) == "drawing a" and drawn == ["a"]
    for key in range(KEPT_DRAWINGS):  # "a" is now the oldest, and goes
        geography.kept(key, drawing(key))
    geography.kept("a", drawing("a"))
    assert drawn.count("a") == 2
    # The most recently asked stay: 0 was let go for "a", 1..7 and "a" are kept.
    geography.kept(KEPT_DRAWINGS - 1, drawing(KEPT_DRAWINGS - 1))
    assert drawn.count(KEPT_DRAWINGS - 1) == 1
    assert small().kept("a", drawing("a")) == "drawing a" and drawn.count("a") == 3  # its own
