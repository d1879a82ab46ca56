"""The synthetic ACLED-form events: ACLED's columns and codes, places inside the regions
they name, plausible distributions, one result per seed, and a CSV that reads back."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.model import synthetic
from dashboard.model.synthetic import generate_acled, write_acled_csv

REPO_ROOT = Path(__file__).resolve().parents[2]
ROWS = 2000
SEED = 7

# Spelled out here, not imported, so a change to the module's list shows up as a failure.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
ISO = {
    "Iraq": (368, "IRQ"), "Syria": (760, "SYR"), "Iran": (364, "IRN"), "Lebanon": (422, "LBN"),
    "Yemen": (887, "YEM"), "Afghanistan": (4, "AFG"), "Turkey": (792, "TUR"),
    "Saudi Arabia": (682, "SAU"), "Jordan": (400, "JOR"), "Israel": (376, "ISR"),
    "Palestine": (275, "PSE"), "Kuwait": (414, "KWT"), "Bahrain": (48, "BHR"),
    "Oman": (512, "OMN"), "United Arab Emirates": (784, "ARE"), "Qatar": (634, "QAT"),
    "Egypt": (818, "EGY"),
}  # fmt: skip
SUB_EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack",
                                   "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}  # fmt: skip


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return generate_acled(ROWS, seed=SEED)


def test_same_seed_gives_the_same_rows_and_another_seed_others():
    first = generate_acled(500, seed=3)
    pd.testing.assert_frame_equal(first, generate_acled(500, seed=3))
    assert not first["notes"].equals(generate_acled(500, seed=4)["notes"])


def test_columns_are_acleds_in_its_order(events):
    assert list(events.columns) == ACLED_COLUMNS
    assert len(events) == ROWS


def test_no_events_is_an_empty_frame_with_the_columns():
    empty = generate_acled(0)
    assert list(empty.columns) == ACLED_COLUMNS
    assert empty.empty


def test_points_lie_inside_the_admin1_region_they_name(events):
    regions = gpd.read_file(REPO_ROOT / "data" / "geo" / "admin1.geojson")
    polygon = {(iso3, name): geometry for iso3, name, geometry in
               zip(regions["iso3"], regions["name"], regions.geometry)}  # fmt: skip
    sample = events.sample(400, random_state=0)
    for row in sample.itertuples():
        shape = polygon[(ISO[row.country][1], row.admin1)]
        assert shapely.contains_xy(shape, row.longitude, row.latitude), row
    # Coordinates as ACLED writes them: 4 decimals.
    assert (events["latitude"].round(4) == events["latitude"]).all()


def test_places_recur_as_in_real_data(events):
    places = events.groupby(["country", "admin1", "location"]).ngroups
    assert 200 < places < ROWS * 0.9
    # A location sits in one admin-1 region, admin-2 district and spot.
    per_location = events.groupby(["country", "location"]).agg(
        {"admin1": "nunique", "admin2": "nunique", "latitude": "nunique"}
    )
    assert (per_location == 1).all().all()


def test_dates_parse_and_lie_in_2016_to_2024(events):
    days = pd.to_datetime(events["event_date"], format="%Y-%m-%d")
    assert days.min() >= pd.Timestamp("2016-01-01")
    assert days.max() <= pd.Timestamp("2024-12-31")
    assert (days.dt.year == events["year"]).all()
    assert days.is_monotonic_decreasing  # newest first
    day_start = (days - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
    assert (events["timestamp"] > day_start).all()


def test_precision_codes_are_1_to_3_and_mostly_1(events):
    for column in ("time_precision", "geo_precision"):
        assert set(events[column]) <= {1, 2, 3}
        assert (events[column] == 1).mean() > 0.6


def test_event_types_sub_event_types_and_disorder_match_the_codebook(events):
    for (kind, sub), _ in events.groupby(["event_type", "sub_event_type"]):
        assert sub in SUB_EVENT_TYPES[kind], (kind, sub)
    disorder = {
        kind: set(group) for kind, group in events.groupby("sub_event_type")["disorder_type"]
    }
    assert disorder["Armed clash"] == {"Political violence"}
    assert disorder["Peaceful protest"] == {"Demonstrations"}
    assert disorder["Arrests"] == {"Strategic developments"}


def test_inter_and_interaction_codes(events):
    assert set(events["inter1"]) <= set(range(1, 9))
    assert set(events["inter2"]) <= set(range(9))
    # No second actor: inter2 is 0 and the interaction is inter1 alone (e.g. 60).
    alone = events["actor2"].isna()
    assert (events.loc[alone, "inter2"] == 0).all()
    assert (events.loc[alone, "interaction"] == events.loc[alone, "inter1"] * 10).all()
    pair = events[~alone]
    low = np.minimum(pair["inter1"], pair["inter2"])
    high = np.maximum(pair["inter1"], pair["inter2"])
    assert (pair["interaction"] == low * 10 + high).all()
    assert {12, 13, 17, 60} <= set(events["interaction"])
    protesters = events["actor1"].str.startswith("Protesters (")
    assert (events.loc[protesters, "inter1"] == 6).all()
    civilians = events["civilian_targeting"].notna()
    assert (events.loc[civilians, "inter2"] == 7).all()
    assert set(events["civilian_targeting"].dropna()) == {"Civilian targeting"}


def test_countries_their_iso_codes_and_event_ids(events):
    for country, group in events.groupby("country"):
        iso, iso3 = ISO[country]
        assert (group["iso"] == iso).all()
        assert group["event_id_cnty"].str.fullmatch(iso3 + r"\d+").all()
    assert events["event_id_cnty"].is_unique
    ranking = events["country"].value_counts().index.tolist()
    assert ranking[:2] == ["Syria", "Yemen"]


def test_actors_have_a_heavy_tail(events):
    counts = events["actor1"].value_counts()
    assert len(counts) > 150
    assert counts.iloc[0] > 10 * counts.median()
    several = events["assoc_actor_1"].dropna().str.contains("; ")
    assert several.any() and several.mean() < 0.5


def test_fatalities_are_mostly_0_with_a_tail_and_protests_rarely_fatal(events):
    fatalities = events["fatalities"]
    assert (fatalities >= 0).all()
    assert (fatalities == 0).mean() > 0.6
    assert fatalities.max() >= 10
    by_type = events.groupby("event_type")["fatalities"]
    assert (by_type.apply(lambda f: (f > 0).mean())["Protests"]) < 0.02
    assert by_type.mean()["Battles"] > 5 * by_type.mean()["Protests"]
    assert by_type.mean()["Explosions/Remote violence"] > by_type.mean()["Protests"]
    assert (events.loc[events["sub_event_type"] == "Peaceful protest", "fatalities"] == 0).all()


def test_notes_and_sources_read_like_acleds(events):
    notes = events["notes"]
    assert notes.str.startswith("On ").all()
    lengths = notes.str.len()
    assert lengths.between(60, 260).all()
    assert lengths.between(80, 250).mean() > 0.95
    first = events.iloc[-1]
    day = pd.Timestamp(first["event_date"])
    assert first["notes"].startswith(f"On {day.day} {day:%B %Y}, ")
    assert events["source"].str.contains("; ").any()
    assert events["source_scale"].notna().all()


def test_csv_reads_back_as_the_frame(tmp_path, events):
    path = tmp_path / "acled.csv"
    write_acled_csv(path, ROWS, seed=SEED)
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(ACLED_COLUMNS)
    pd.testing.assert_frame_equal(pd.read_csv(path), events)


def test_chunks_join_seamlessly(tmp_path, monkeypatch):
    """Several chunks make the same kind of file: ids unique, dates still newest first."""
    monkeypatch.setattr(synthetic, "CHUNK_ROWS", 300)
    path = tmp_path / "chunked.csv"
    write_acled_csv(path, 1000, seed=1)
    written = pd.read_csv(path)
    pd.testing.assert_frame_equal(written, generate_acled(1000, seed=1))
    assert len(written) == 1000
    assert written["event_id_cnty"].is_unique
    assert pd.to_datetime(written["event_date"]).is_monotonic_decreasing
