"""Fault lines (analysis.fault_lines) on hand-built squares and on the real boundaries."""

from __future__ import annotations

import pytest
import shapely

from dashboard.analysis.fault_lines import fault_line_segments
from tests.unit.map_data import real_geography, squares

ROW = {"A": (0, 0, 1, 1), "B": (1, 0, 2, 1), "C": (2, 0, 3, 1)}


def test_only_the_border_between_different_groups_is_a_fault_line():
    regions = squares({"A": "sunni", "B": "shia", "C": "sunni"}, ROW)
    lines = fault_line_segments(regions)
    pairs = set(zip(lines["left_code"], lines["right_code"], strict=True))
    assert pairs == {("A", "B"), ("B", "C")}
    ab = lines[(lines["left_code"] == "A") & (lines["right_code"] == "B")].iloc[0]
    assert ab.geometry.equals(shapely.LineString([(1, 0), (1, 1)]))
    assert ab.geometry.length == pytest.approx(1.0)
    assert {ab["left_group"], ab["right_group"]} == {"sunni", "shia"}
    # One degree of latitude at the equator is about 110.6 km.
    assert ab["length_km"] == pytest.approx(110.6, rel=0.01)


def test_a_pair_reads_the_same_way_round_whatever_the_row_order():
    regions = squares({"A": "sunni", "B": "shia"}, {"B": (1, 0, 2, 1), "A": (0, 0, 1, 1)})
    lines = fault_line_segments(regions)
    assert list(zip(lines["left_code"], lines["left_group"], strict=True)) == [("A", "sunni")]
    assert list(lines["right_code"]) == ["B"]


def test_same_groups_give_no_fault_line():
    regions = squares({"A": "sunni", "B": "sunni", "C": "sunni"}, ROW)
    assert fault_line_segments(regions).empty


def test_point_contact_is_not_a_fault_line():
    regions = squares({"A": "sunni", "D": "shia"}, {"A": (0, 0, 1, 1), "D": (1, 1, 2, 2)})
    assert fault_line_segments(regions).empty


def test_mixed_and_unknown_regions_are_skipped_unless_asked():
    regions = squares({"A": "sunni", "B": "mixed", "C": None}, ROW)
    assert fault_line_segments(regions).empty
    kept = fault_line_segments(regions, ignore_groups=())
    assert set(zip(kept["left_code"], kept["right_code"], strict=True)) == {("A", "B")}


def test_cross_border_flag():
    regions = squares({"A": "sunni", "B": "shia", "C": "sunni"}, ROW)
    regions.loc[regions["adm1_code"] == "B", "iso3"] = "BBB"
    lines = fault_line_segments(regions)
    assert lines["cross_border"].all()
    regions.loc[regions["adm1_code"] == "B", "iso3"] = "AAA"
    assert not fault_line_segments(regions)["cross_border"].any()


# ---- the real boundaries and make-up ------------------------------------------------


@pytest.fixture(scope="module")
def lines():
    return real_geography().fault_lines


def test_real_sunni_shia_fault_lines_in_iraq(lines):
    pairs = set(zip(lines["left_code"], lines["right_code"], strict=True))
    assert ("IRQ-AL_ANBAR", "IRQ-KARBALA") in pairs
    assert ("IRQ-AL_ANBAR", "IRQ-AN_NAJAF") in pairs
    iraq_sunni_shia = lines[
        (lines["left_iso3"] == "IRQ")
        & (lines["right_iso3"] == "IRQ")
        & (lines[["left_group", "right_group"]].apply(set, axis=1) == {"sunni", "shia"})
    ]
    assert len(iraq_sunni_shia) >= 2
    assert (lines["length_km"] > 0).all()
    assert set(lines.geom_type) <= {"LineString", "MultiLineString"}
    # Sunni-majority Diyala meets Shia Wasit on the road south-east of Baghdad.
    assert ("IRQ-DIYALA", "IRQ-WASIT") in pairs


def test_real_fault_lines_include_cross_border_ones(lines):
    assert ("IRQ-AL_BASRAH", "KWT-AL_JAHRAH") in set(
        zip(lines["left_code"], lines["right_code"], strict=True)
    )


def test_real_fault_lines_only_separate_different_known_groups(lines):
    assert (lines["left_group"] != lines["right_group"]).all()
    assert not set(lines["left_group"]) & {"mixed", "none"}
    assert not set(lines["right_group"]) & {"mixed", "none"}
