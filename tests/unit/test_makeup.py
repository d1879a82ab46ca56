"""The make-up of regions (analysis.makeup): joined to boundaries, and as a table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis.makeup import (
    blank_to_na,
    makeup_table,
    mapped_countries,
    regions_with_makeup,
    share_range_text,
    unmatched_makeup_rows,
)
from tests.unit.map_data import real_boundaries, real_geography, real_makeup_table, squares

ROW = {"A": (0, 0, 1, 1), "B": (1, 0, 2, 1), "C": (2, 0, 3, 1)}


def test_country_rows_fill_regions_without_their_own_row():
    admin1 = squares({"A": None, "B": None, "C": None}, ROW).drop(columns="majority")
    admin1.loc[admin1["adm1_code"] == "C", "iso3"] = "CCC"
    table = pd.DataFrame(
        {
            "adm1_code": ["A", "", "", "ZZZ-NOWHERE"],
            "iso3": ["AAA", "AAA", "QQQ", "AAA"],
            "majority": ["shia", "sunni", "sunni", "shia"],
            "claim_ids": ["c1", "c2", "c3", "c4"],
        }
    )
    merged = regions_with_makeup(admin1, table).set_index("adm1_code")
    assert merged.loc["A", "majority"] == "shia"
    assert merged.loc["A", "makeup_level"] == "admin1"
    assert merged.loc["B", "majority"] == "sunni"
    assert merged.loc["B", "makeup_level"] == "country"
    assert pd.isna(merged.loc["C", "majority"])
    assert pd.isna(merged.loc["C", "makeup_level"])
    unmatched = unmatched_makeup_rows(admin1, table)
    assert set(unmatched["claim_ids"]) == {"c3", "c4"}


def test_explicit_empty_majority_is_not_overridden_by_the_country_default():
    admin1 = squares({"A": None, "B": None}, {"A": (0, 0, 1, 1), "B": (1, 0, 2, 1)})
    table = pd.DataFrame(
        {"adm1_code": ["A", ""], "iso3": ["AAA", "AAA"], "majority": ["", "sunni"]}
    )
    merged = regions_with_makeup(admin1, table).set_index("adm1_code")
    assert pd.isna(merged.loc["A", "majority"])
    assert merged.loc["B", "majority"] == "sunni"


def test_shares_become_numbers_and_the_inputs_are_untouched():
    admin1 = squares({"A": None}, {"A": (0, 0, 1, 1)}).drop(columns="majority")
    table = pd.DataFrame(
        {
            "adm1_code": ["A"],
            "iso3": ["AAA"],
            "majority": ["shia"],
            "majority_share_low": ["0.6"],
            "majority_share_high": [" "],
        }
    )
    before = table.copy()
    merged = regions_with_makeup(admin1, table)
    assert merged["majority_share_low"].iloc[0] == pytest.approx(0.6)
    assert math.isnan(merged["majority_share_high"].iloc[0])
    assert "majority" not in admin1.columns
    pd.testing.assert_frame_equal(table, before)


def test_blank_to_na_blanks_only_empty_text():
    frame = pd.DataFrame({"a": ["", "  ", "x", None], "b": [0, 1, 2, 3]})
    blanked = blank_to_na(frame)
    assert blanked["a"].isna().tolist() == [True, True, False, True]
    assert blanked["b"].tolist() == [0, 1, 2, 3]
    assert frame["a"].tolist()[:2] == ["", "  "]  # a new frame


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (0.6, 0.8, "60%–80%"),
        (0.85, 0.85, "85%"),
        (0.9, float("nan"), "90%"),
        (float("nan"), 0.7, "70%"),
        (float("nan"), float("nan"), ""),
        (None, None, ""),
    ],
)
def test_share_range_text(low, high, text):
    assert share_range_text(low, high) == text


def test_makeup_table_says_what_is_not_sourced_and_sorts_by_country_and_region():
    regions = squares({"B": None, "A": "shia"}, {"B": (1, 0, 2, 1), "A": (0, 0, 1, 1)})
    regions["name"] = ["Beta", "Alpha"]
    for column in ("second_group", "as_of", "claim_ids", "note", "makeup_level"):
        regions[column] = [None, "x"]
    regions["majority_share_low"] = [float("nan"), 0.6]
    regions["majority_share_high"] = [float("nan"), 0.8]
    table = makeup_table(regions)
    assert list(table["region"]) == ["Alpha", "Beta"]
    assert list(table["majority"]) == ["shia", "not sourced"]
    assert list(table["majority share"]) == ["60%–80%", ""]
    assert list(table["claims"]) == ["x", ""]


def test_mapped_countries_names_the_countries_drawn_by_region_sorted_by_name():
    regions = squares({"A": "shia"}, {"A": (0, 0, 1, 1)}, iso3="IRQ")
    regions = pd.concat([regions, squares({"B": "shia"}, {"B": (1, 0, 2, 1)}, iso3="IRN")])
    regions = pd.concat([regions, squares({"C": "shia"}, {"C": (2, 0, 3, 1)}, iso3="QQQ")])
    countries = pd.DataFrame({"iso3": ["IRQ", "IRN", "SYR"], "name": ["Iraq", "Iran", "Syria"]})
    assert list(mapped_countries(regions, countries).items()) == [
        ("IRN", "Iran"),
        ("IRQ", "Iraq"),
        ("QQQ", "QQQ"),  # no outline: named by its code
    ]


# ---- the real make-up -----------------------------------------------------------------


def test_every_iraq_syria_lebanon_region_has_a_majority():
    regions = real_geography().regions
    core = regions[regions["iso3"].isin(["IRQ", "SYR", "LBN"])]
    assert len(core) >= 18 + 15 + 6
    assert core["majority"].notna().all()


def test_every_makeup_row_matches_a_boundary():
    admin1, _ = real_boundaries()
    assert unmatched_makeup_rows(admin1, real_makeup_table()).empty
    assert real_geography().unmatched.empty


def test_real_makeup_levels():
    regions = real_geography().regions.set_index("adm1_code")
    assert regions.loc["IRQ-AL_ANBAR", "majority"] == "sunni"
    assert regions.loc["IRQ-AL_ANBAR", "makeup_level"] == "admin1"
    assert real_geography().country_names["IRQ"] == "Iraq"
