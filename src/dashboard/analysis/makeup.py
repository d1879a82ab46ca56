"""The sectarian make-up of admin-1 regions: joined to the boundaries, and as a table."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

MAKEUP_COLUMNS = (
    "majority",
    "second_group",
    "majority_share_low",
    "majority_share_high",
    "as_of",
    "claim_ids",
    "note",
)


# The two make-ups a region has: its religious majority (the sect columns) and its ethnic
# majority (the ethnic_* columns). Either is read into the same standard columns, so the
# fault lines, the map and the tables work the same way on both.
MAKEUP_KINDS = ("religion", "ethnicity")
_ETHNIC_COLUMNS = {
    "ethnic_majority": "majority",
    "ethnic_share_low": "majority_share_low",
    "ethnic_share_high": "majority_share_high",
    "ethnic_as_of": "as_of",
    "ethnic_claim_ids": "claim_ids",
}


def makeup_rows(regions_table: pd.DataFrame, kind: str = "religion") -> pd.DataFrame:
    """The make-up table read for one kind of make-up, in the standard columns.

    For ethnicity, a row that records only the religion says nothing about ethnicity: it
    is dropped, so the country's ethnic row (if any) speaks for that region, as it does for
    any region without a row of its own.
    """
    if kind != "ethnicity":
        return regions_table
    if "ethnic_majority" not in regions_table:
        return regions_table.iloc[0:0]
    ethnic = regions_table[regions_table["ethnic_majority"].fillna("").str.strip() != ""]
    keep = ["adm1_code", "iso3", "admin1_name", "note", *_ETHNIC_COLUMNS]
    return ethnic[[c for c in keep if c in ethnic]].rename(columns=_ETHNIC_COLUMNS)


def blank_to_na(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with empty or whitespace-only strings turned into NA."""
    return frame.apply(
        lambda col: col.map(lambda v: pd.NA if isinstance(v, str) and not v.strip() else v)
    )


def _makeup_split(regions_table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table's admin-1 rows and its country-level rows (adm1_code empty)."""
    table = blank_to_na(regions_table.copy())
    for column in MAKEUP_COLUMNS:
        if column not in table.columns:
            table[column] = pd.NA
    own = table[table["adm1_code"].notna()]
    country = table[table["adm1_code"].isna() & table["iso3"].notna()]
    return own, country


def regions_with_makeup(admin1: gpd.GeoDataFrame, regions_table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Admin-1 regions with their make-up; country rows fill regions that have no own row."""
    own, country = _makeup_split(regions_table)
    columns = list(MAKEUP_COLUMNS)
    by_code = own.drop_duplicates("adm1_code").set_index("adm1_code")[columns]
    by_iso = country.drop_duplicates("iso3").set_index("iso3")[columns]

    result = admin1.copy()
    has_own = result["adm1_code"].isin(by_code.index)
    has_country = ~has_own & result["iso3"].isin(by_iso.index)
    for column in columns:
        values = pd.Series(pd.NA, index=result.index, dtype=object)
        values[has_own] = result.loc[has_own, "adm1_code"].map(by_code[column])
        values[has_country] = result.loc[has_country, "iso3"].map(by_iso[column])
        result[column] = values
    # An explicit row with an empty majority means "not sourced": it wins over the country
    # default on purpose, so a region is never coloured by a guess.
    result["makeup_level"] = np.select([has_own, has_country], ["admin1", "country"], None)
    for column in ("majority_share_low", "majority_share_high"):
        result[column] = pd.to_numeric(result[column], errors="coerce")
    return result


def shia_branches(regions: pd.DataFrame, regions_table: pd.DataFrame) -> pd.Series:
    """The Shia branch (regions.csv shia_branch) of the row that speaks for each region: its
    own row, or its country's row where it takes the country's make-up; NA where none."""
    branches = pd.Series(pd.NA, index=regions.index, dtype=object)
    if "shia_branch" not in regions_table or "makeup_level" not in regions:
        return branches
    table = regions_table[regions_table["shia_branch"].fillna("").str.strip() != ""]
    own = table[table["adm1_code"].fillna("") != ""].drop_duplicates("adm1_code")
    country = table[table["adm1_code"].fillna("") == ""].drop_duplicates("iso3")
    by_code = dict(zip(own["adm1_code"], own["shia_branch"], strict=True))
    by_iso = dict(zip(country["iso3"], country["shia_branch"], strict=True))
    level = regions["makeup_level"]
    branches[level == "admin1"] = regions.loc[level == "admin1", "adm1_code"].map(by_code)
    branches[level == "country"] = regions.loc[level == "country", "iso3"].map(by_iso)
    return branches


def unmatched_makeup_rows(admin1: gpd.GeoDataFrame, regions_table: pd.DataFrame) -> pd.DataFrame:
    """Make-up rows that match no boundary (unknown adm1_code, or a country with no regions)."""
    own, country = _makeup_split(regions_table)
    bad_own = own[~own["adm1_code"].isin(admin1["adm1_code"])]
    bad_country = country[~country["iso3"].isin(admin1["iso3"])]
    return pd.concat([bad_own, bad_country]).sort_index()


def share_range_text(low: float, high: float) -> str:
    """A share range as percent text ("60–80%", "85%"); empty when neither end is sourced."""
    if pd.isna(low) and pd.isna(high):
        return ""
    low = high if pd.isna(low) else low
    high = low if pd.isna(high) else high
    return f"{low:.0%}" if abs(low - high) < 1e-9 else f"{low:.0%}–{high:.0%}"


def makeup_table(regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """The map's regions as a plain table, for readers who cannot use the map."""
    return pd.DataFrame(
        {
            "region": regions["name"],
            "country": regions["iso3"],
            "majority": regions["majority"].fillna("not sourced"),
            "second group": regions["second_group"].fillna(""),
            "majority share": [
                share_range_text(low, high)
                for low, high in zip(regions["majority_share_low"], regions["majority_share_high"])
            ],
            "as of": regions["as_of"].fillna(""),
            "level": regions["makeup_level"].fillna(""),
            "claims": regions["claim_ids"].fillna(""),
            "note": regions["note"].fillna(""),
            "adm1_code": regions["adm1_code"],
        }
    ).sort_values(["country", "region"])


def mapped_countries(regions: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> dict[str, str]:
    """ISO3 -> name of every country drawn by region, sorted by name (for a zoom picker)."""
    names = dict(zip(countries["iso3"], countries["name"]))
    codes = set(regions["iso3"])
    return dict(sorted(((c, names.get(c, c)) for c in codes), key=lambda item: item[1]))
