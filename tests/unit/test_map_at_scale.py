"""The fault-lines map past its threshold of events: counts per admin-1 region, not one
marker per place or event, under a size budget; honest place precision; no wording about
control or an article the data does not have.

The data is generated here from the curated data (its events repeated 20,000 times over its
places), never read from a million-event folder: what matters is being over the threshold.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely

from dashboard.analysis.casualties import whereabouts_of
from dashboard.analysis.figures import format_number
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.analysis.geography import map_geography
from dashboard.analysis.places import (
    MAP_EVENT_LIMIT,
    dataset_links,
    place_counts,
    region_counts,
    region_events,
    should_aggregate,
)
from dashboard.model.load import Dataset
from dashboard.views.base import ViewData
from dashboard.views.fault_map import clicked_record, fault_map_view
from dashboard.views.overview import overview_view
from tests.unit.map_data import real_boundaries, real_dataset, real_view_data

EVENTS = 20_000
FIGURE_BUDGET = 1_500_000  # bytes of figure JSON; the ceiling is 2 MB
PRECISION = {"anbar": "province", "daraa_province": "province", "iraq_country": "country"}


def _generated(*, makeup: bool) -> Dataset:
    """The curated data with EVENTS events spread over its places (some placed nowhere),
    one deaths figure each, place precisions as an import gives them, and no control
    areas; the make-up kept or dropped."""
    real = real_dataset()
    rows = np.arange(EVENTS) % len(real.events)
    events = real.events.iloc[rows].reset_index(drop=True)
    place_ids = [*real.places["place_id"], ""]
    events["event_id"] = pd.Series([f"e{i}" for i in range(EVENTS)], dtype=str)
    events["place_id"] = pd.Series(
        [place_ids[i % len(place_ids)] for i in range(EVENTS)], dtype=str
    )
    events["layer"] = "at_publication"
    figures = real.figures.iloc[np.zeros(EVENTS, dtype=int)].reset_index(drop=True)
    figures["figure_id"] = pd.Series([f"f{i}" for i in range(EVENTS)], dtype=str)
    figures["subject_id"] = events["event_id"]
    figures["metric"] = "deaths"
    figures["layer"] = "at_publication"
    figures["best"] = (np.arange(EVENTS) % 5).astype(float)
    places = real.places.assign(
        precision=real.places["place_id"].map(PRECISION).fillna("exact").astype(str)
    )
    return dataclasses.replace(
        real,
        events=events,
        figures=figures,
        places=places,
        regions=real.regions if makeup else real.regions.iloc[:0],
        control_areas=real.control_areas.iloc[:0],
        # Imported data cites no article.
        sources=real.sources[real.sources["kind"] != "article"],
    )


@functools.cache
def generated(makeup: bool) -> Dataset:
    return _generated(makeup=makeup)


@functools.cache
def geography(makeup: bool):
    admin1, countries = real_boundaries()
    return map_geography(admin1, countries, generated(makeup).regions)


def view_data(makeup: bool = False, filters: Filters | None = None) -> ViewData:
    return ViewData(generated(makeup), filters or Filters(), geography(makeup))


@functools.cache
def imported_view():
    return fault_map_view(view_data(makeup=False))


def traces(result, name: str) -> list:
    return [t for t in result.figure.data if t.name == name]


def placed_in_regions(dataset: Dataset) -> pd.Series:
    """Expected events per admin-1 code (places known only to a country left out)."""
    places = dataset.places.set_index("place_id")
    regional = places[(places["precision"] != "country") & (places["admin1"].fillna("") != "")]
    at = dataset.events["place_id"]
    return at[at.isin(regional.index)].map(regional["admin1"]).value_counts()


# ---- the figure: aggregated, small ------------------------------------------------------


def test_over_the_threshold_the_map_draws_counts_per_region_not_places():
    result = imported_view()
    assert should_aggregate(generated(False).places, generated(False).events)
    names = {t.name for t in result.figure.data}
    assert "Places" not in names and "Events per region" in names
    (shaded,) = traces(result, "Events per region")
    assert isinstance(shaded, go.Choropleth)
    expected = placed_in_regions(generated(False))
    drawn = set(geography(False).regions["adm1_code"])
    assert set(shaded.locations) == set(expected.index) & drawn
    # One item per region or country on the whole map, never one per event.
    points = sum(len(t.lon) for t in result.figure.data if getattr(t, "mode", None) == "markers")
    assert points <= len(drawn) + len(geography(False).countries)


def test_the_aggregated_figure_stays_under_its_size_budget():
    assert len(imported_view().figure.to_json()) < FIGURE_BUDGET


def test_a_regions_hover_gives_its_events_deaths_and_top_types():
    result = imported_view()
    (shaded,) = traces(result, "Events per region")
    table = result.tables["region_counts"].set_index("code")
    expected = placed_in_regions(generated(False))
    anbar = list(shaded.locations).index("IRQ-AL_ANBAR")
    custom = shaded.customdata[anbar]
    assert custom[0] == "IRQ-AL_ANBAR"
    assert custom[2] == f"{expected['IRQ-AL_ANBAR']:,}"
    assert custom[3] == f"{table.loc['IRQ-AL_ANBAR', 'deaths']:,.0f}"
    assert custom[4] and custom[4] == table.loc["IRQ-AL_ANBAR", "most frequent event types"]
    # Anbar province (precision 'province') is counted in its region, and said to be.
    assert "located only to the province" in custom[5]
    assert "events" in shaded.hovertemplate and "deaths" in shaded.hovertemplate


def test_counts_and_deaths_add_up_to_the_placed_events():
    dataset = generated(False)
    per_place = place_counts(dataset.places, dataset.events, dataset.figures)
    by_region, by_country = region_counts(dataset.places, per_place)
    placed = dataset.events["place_id"] != ""
    assert by_region["events"].sum() + by_country["events"].sum() == placed.sum()
    deaths = dataset.figures.set_index("subject_id")["best"]
    assert by_region["deaths"].sum() + by_country["deaths"].sum() == pytest.approx(
        deaths[dataset.events.loc[placed, "event_id"]].sum()
    )
    assert by_region["events"].to_dict() == placed_in_regions(dataset).to_dict()


def test_events_known_only_to_a_country_are_open_rings_in_no_regions_count():
    result = imported_view()
    (rings,) = traces(result, "Events known only to a country")
    assert rings.marker.symbol == "circle-open"
    iraq = [row[0] for row in rings.customdata].index("IRQ")
    assert "in no region's count" in rings.customdata[iraq][5]
    places = generated(False).places
    country_only = places.loc[places["precision"] == "country", "place_id"]
    events = generated(False).events
    in_iraq = events["place_id"].isin(country_only[country_only == "iraq_country"])
    assert rings.customdata[iraq][2] == f"{in_iraq.sum():,}"


def test_the_view_says_what_was_aggregated_and_nothing_about_absent_control_or_article():
    result = imported_view()
    placed = int((generated(False).events["place_id"] != "").sum())
    assert any(f"{placed:,} events shown as counts per admin-1 region" in c for c in result.caveats)
    figure = result.figure
    assert "counts per admin-1 region" in figure.layout.title.subtitle.text
    assert "Sectarian" not in figure.layout.title.text  # no make-up in this data
    source_line = figure.layout.annotations[0].text
    assert "Militant control" not in source_line and "no date" not in source_line
    assert "article" not in source_line
    assert "no control data in this dataset" in result.subtitle
    assert "No sect make-up in this dataset" in result.takeaway


def test_the_overview_copies_none_of_a_cuts_events_or_figures_and_counts_them_right():
    # A filter change on the Overview of imported data: its numbers, the map, the timeline
    # and the network read a few columns of the cut, each taken alone (kept_columns).
    filters = Filters(countries=("IRQ",))
    full = generated(False)
    full = dataclasses.replace(full, figures=full.figures.assign(unit="people"))  # deaths
    data = ViewData(full, filters, geography(False))
    result = overview_view(data)
    assert set(result.figures) == {"map", "timeline", "network"}
    assert data.dataset.taken("events") is None and data.dataset.taken("figures") is None
    cut = filtered_dataset(full, filters)
    numbers = dict(zip(result.tables["key_numbers"]["what"], result.tables["key_numbers"]["value"]))
    assert numbers["Events"] == f"{len(cut.events):,}"
    assert numbers["People killed"] == format_number(cut.figures["best"].sum(), "people")
    counts = dict(zip(result.tables["counts"]["what"], result.tables["counts"]["count"]))
    assert counts["Events"] == len(cut.events) and counts["Figures"] == len(cut.figures)
    starts = cut.events["start_date"]
    assert numbers["Period"] == f"{starts.min().year}–{cut.events['end_date'].max().year}"
    # The takeaway names where and when the most were killed, with their sums.
    where = whereabouts_of(full, cut.figures)
    for column in ("country", "year"):
        sums = cut.figures["best"].groupby(where[column]).sum()
        sums = sums[sums.index != ""]
        if len(sums) > 1:
            assert f"({format_number(sums.max(), 'people')})" in result.takeaway, column


def test_with_make_up_the_regions_keep_their_sect_colours_and_counts_are_bubbles():
    result = fault_map_view(view_data(makeup=True))
    curated = real_view_data()
    assert {"Sunni", "Shia"} <= {t.name for t in result.figure.data}
    (bubbles,) = traces(result, "Events per region")
    assert isinstance(bubbles, go.Scattergeo)
    sizes = np.asarray(bubbles.marker.size, dtype=float)
    assert sizes.max() > sizes.min()  # sized by count
    assert "Sectarian fault lines" in result.figure.layout.title.text
    assert fault_map_view(curated).figure.layout.title.text == result.figure.layout.title.text


def test_a_click_on_a_counted_region_picks_it_and_lists_its_events():
    data = view_data()
    (shaded,) = traces(imported_view(), "Events per region")
    point = {"customdata": list(shaded.customdata[0]), "location": shaded.locations[0]}
    assert clicked_record([point], data) == f"regions:{shaded.locations[0]}"
    dataset = data.dataset
    table, total = region_events(
        dataset.places, dataset.events, dataset.figures, "IRQ-AL_ANBAR", limit=10
    )
    assert total == placed_in_regions(dataset)["IRQ-AL_ANBAR"]
    assert len(table) == 10
    assert list(table["deaths"]) == sorted(table["deaths"], reverse=True)
    assert set(table["place"]) <= {"Fallujah", "Ramadi", "Anbar province", "Hit", "Al-Qa'im"}


def test_a_filtered_cut_counts_the_same_with_the_datasets_links_as_without():
    dataset = generated(False)
    cut = filtered_dataset(dataset, Filters(countries=("SYR",)))
    links = dataset_links(dataset)
    assert links is not None
    fast = place_counts(cut.places, cut.events, cut.figures, links=links)
    plain = place_counts(cut.places, cut.events, cut.figures)
    pd.testing.assert_frame_equal(fast.sort_index(axis=1), plain.sort_index(axis=1))


def test_under_the_threshold_places_known_only_to_a_province_or_country_are_not_points():
    dataset = generated(False)
    few = dataclasses.replace(
        dataset,
        events=dataset.events.iloc[: MAP_EVENT_LIMIT // 2],
        figures=dataset.figures.iloc[: MAP_EVENT_LIMIT // 2],
    )
    result = fault_map_view(ViewData(few, Filters(), geography(False)))
    assert "region_counts" not in result.tables
    (rough,) = traces(result, "Places known only to a province or country")
    (exact,) = traces(result, "Places")
    assert {row[0] for row in rough.customdata} == set(PRECISION)
    assert not {row[0] for row in exact.customdata} & set(PRECISION)
    assert rough.marker.size > exact.marker.size and rough.marker.symbol == "circle-open"
    assert all(label == "" for label in rough.text)  # no name printed as if at a point
    anbar = [row[0] for row in rough.customdata].index("anbar")
    assert "located only to its province" in rough.customdata[anbar][3]


def test_the_curated_map_is_never_aggregated():
    result = fault_map_view(real_view_data())
    assert "region_counts" not in result.tables
    assert result.caveats == ()
    assert "Events per region" not in {t.name for t in result.figure.data}


def test_shaded_regions_wind_clockwise_so_none_fills_the_globe():
    (shaded,) = traces(imported_view(), "Events per region")
    assert "SYR-DAMASCUS" in set(shaded.locations)  # simplified the other way round
    for feature in shaded.geojson["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for rings in polygons:
            assert not shapely.is_ccw(shapely.LinearRing(rings[0])), feature["id"]


def test_the_curated_regions_wind_clockwise_too():
    # coverage_simplify turned eight small regions the other way round: the white 'Not
    # sourced' trace then covered the globe and hid every coloured region of the curated map.
    figure = fault_map_view(real_view_data()).figure
    for trace in figure.data:
        if not isinstance(trace, go.Choropleth):
            continue
        for feature in trace.geojson["features"]:
            geometry = feature["geometry"]
            polygons = (
                [geometry["coordinates"]]
                if geometry["type"] == "Polygon"
                else geometry["coordinates"]
            )
            for rings in polygons:
                assert not shapely.is_ccw(shapely.LinearRing(rings[0])), feature["id"]


def test_a_frames_region_shapes_are_written_once_and_drawn_the_same_for_every_filter(
    monkeypatch,
):
    # The shaded regions' GeoJSON is kept with the frame (BaseMap.region_geometry): a new
    # filter on the same frame writes none again, and draws each region as it was.
    from dashboard.charts import fault_map as charts

    def shaded(result) -> dict:
        (trace,) = traces(result, "Events per region")
        return {f["id"]: f["geometry"] for f in trace.geojson["features"]}

    whole = shaded(fault_map_view(view_data()))
    written = []
    monkeypatch.setattr(
        charts, "_geometry_dict", lambda geom: written.append(geom) or pytest.fail("written")
    )
    year = shaded(fault_map_view(view_data(filters=Filters(start=date(2016, 1, 1)))))
    assert not written
    assert year and set(year) <= set(whole)
    for code, geometry in year.items():
        assert geometry["type"] == whole[code]["type"]
        assert json.dumps(geometry, default=lambda a: a.tolist()) == json.dumps(
            whole[code], default=lambda a: a.tolist()
        )
