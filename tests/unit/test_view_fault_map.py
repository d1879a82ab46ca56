"""The fault-lines map view (views.fault_map), without Streamlit: known answers on a small
hand-built world and on the real data/."""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis.filters import Filters
from dashboard.analysis.geography import focus_bounds
from dashboard.charts.palette import surface
from dashboard.model.load import Dataset, load_dataset
from dashboard.model.problems import Problem
from dashboard.views import fault_map
from dashboard.views.base import ViewData, from_query
from dashboard.views.fault_map import (
    LAYERS,
    MapOptions,
    clicked_record,
    fault_map_view,
    framed_countries,
    held_at_month,
    problems_off_the_map,
    region_summary,
)
from tests.unit.conftest import add_rows, write_dataset
from tests.unit.map_data import (
    SUNNI_NINAWA_ROW,
    luminance,
    real_dataset,
    real_geography,
    real_view_data,
    small_geography,
)

TAKEAWAY = re.compile(
    r"^(?P<lines>\d+) fault-line segments \((?P<km>[\d,]+) km\) divide regions of different "
    r"majority(?: in (?P<where>[^;]+))?; militants held (?P<held>\d+) sourced area\(s\) in "
    r"(?P<month>\w{3} \d{4})"
)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Dataset:
    """conftest's valid dataset with a Sunni region beside Shia Baghdad."""
    directory = write_dataset(Path(tmp_path_factory.mktemp("small")) / "data")
    add_rows(directory, "regions", SUNNI_NINAWA_ROW)
    dataset, problems = load_dataset(directory)
    assert problems == []
    return dataset


def view_data(dataset: Dataset, filters: Filters | None = None) -> ViewData:
    return ViewData(dataset, filters or Filters(), small_geography(dataset))


def trace_names(result) -> set[str]:
    return {trace.name for trace in result.figure.data}


def lon_range(result) -> tuple[float, float]:
    return tuple(result.figure.layout.geo.lonaxis.range)


# ---- the small world ----------------------------------------------------------------------


def test_the_takeaway_counts_the_lines_and_the_areas_held_in_the_articles_month(small):
    result = fault_map_view(view_data(small))
    # One border, Sunni IRQ-3242 | Shia Baghdad, one degree of latitude at 33°N: ~111 km.
    assert result.takeaway == (
        "1 fault-line segments (111 km) divide regions of different majority; "
        "militants held 1 sourced area(s) in Jan 2014 (Iraq)."
    )
    assert result.title == "Fault lines"
    assert result.subtitle == "Framed on the whole region; militant control as of Jan 2014."
    assert list(result.tables["held"]["area_id"]) == ["government_baghdad"]


def test_held_at_defaults_to_the_articles_month_and_keeps_a_month_it_knows(small):
    data = view_data(small)
    assert held_at_month(data, MapOptions()) == "2014-01"
    assert held_at_month(data, MapOptions(held_at="2010-05")) == "2010-05"
    # Outside the sourced months, or not a month at all: the article's month again.
    assert held_at_month(data, MapOptions(held_at="1999-01")) == "2014-01"
    assert held_at_month(data, MapOptions(held_at="junk")) == "2014-01"
    # After publication only with the hindsight layer on.
    assert held_at_month(data, MapOptions(held_at="2015-01")) == "2014-01"
    later = view_data(small, Filters(include_after_publication=True))
    assert held_at_month(later, MapOptions(held_at="2015-01")) == "2015-01"


def test_a_month_after_publication_shows_the_hindsight_holders_by_name(small):
    data = view_data(small, Filters(include_after_publication=True))
    result = fault_map_view(data, MapOptions(held_at="2015-01"))
    assert list(result.tables["held"]["area_id"]) == ["isil_mosul"]
    assert result.takeaway.endswith("militants held 1 sourced area(s) in Jan 2015 (Islamic State).")
    assert "as of Jan 2015" in result.subtitle


def test_no_control_sourced_for_the_month_is_said(small):
    result = fault_map_view(view_data(small), MapOptions(held_at="2002-12"))
    # 2002-12 is before the first area (2003): not a sourced month, so the article's month.
    assert "in Jan 2014" in result.takeaway
    areas = small.control_areas.assign(start_date=pd.Timestamp("2013-12-01"))
    areas = areas[areas["area_id"] == "isil_mosul"].assign(layer="at_publication")
    later_start = dataclasses.replace(small, control_areas=areas)
    result = fault_map_view(view_data(later_start), MapOptions(held_at="2013-12"))
    assert "militants held 1 sourced area(s) in Dec 2013 (Islamic State)" in result.takeaway
    early = ViewData(later_start, Filters(), small_geography(small))
    assert held_at_month(early, MapOptions()) == "2014-01"


def test_a_focus_frames_the_map_and_the_tables_follow_the_zoom(small):
    result = fault_map_view(view_data(small), MapOptions(focus=("IRN",)))
    assert result.takeaway.startswith(
        "0 fault-line segments (0 km) divide regions of different majority in Iran;"
    )
    assert list(result.tables["regions"]["adm1_code"]) == ["IRN-0001"]
    assert list(result.tables["places"]["id"]) == ["tehran"]
    assert lon_range(result) == pytest.approx((44.5, 46.5))
    assert result.figure.layout.title.text == "Sectarian fault lines: Iran"


def test_several_framed_countries_frame_their_union(small):
    data = view_data(small)
    result = fault_map_view(data, MapOptions(focus=("IRQ", "IRN")))
    geography = data.geography
    assert lon_range(result) == pytest.approx((42.5, 46.5))
    bounds = focus_bounds(geography, ["IRQ", "IRN"])
    assert list(result.figure.layout.geo.lataxis.range) == pytest.approx([bounds[1], bounds[3]])
    assert set(result.tables["regions"]["country"]) == {"IRQ", "IRN"}
    assert set(result.tables["places"]["id"]) == {"baghdad", "mosul", "tehran"}
    assert "in Iraq, Iran" in result.takeaway
    assert result.takeaway.startswith("1 fault-line segments")


def test_the_sidebar_countries_frame_the_map_unless_the_map_has_its_own_focus(small):
    data = view_data(small, Filters(countries=("IRQ",)))
    assert framed_countries(data, MapOptions()) == ("IRQ",)
    assert framed_countries(data, MapOptions(focus=("IRN",))) == ("IRN",)
    result = fault_map_view(data)
    assert set(result.tables["places"]["id"]) == {"baghdad", "mosul"}
    assert set(result.tables["regions"]["country"]) == {"IRQ"}
    assert lon_range(result) == pytest.approx((42.5, 45.5))


def test_only_countries_drawn_by_region_can_be_framed(small):
    data = view_data(small)
    # Syria is a base outline in the small world, and ZZZ is nowhere.
    assert framed_countries(data, MapOptions(focus=("SYR", "ZZZ"))) == ()
    result = fault_map_view(data, MapOptions(focus=("ZZZ",)))
    assert result.subtitle.startswith("Framed on the whole region")


@pytest.mark.parametrize(
    ("layers", "absent"),
    [
        (tuple(LAYERS), set()),
        (("makeup",), {"Fault line", "Places", "Held places"}),
        (("fault_lines", "places"), {"Sunni", "Shia", "Held places"}),
        (("control",), {"Sunni", "Shia", "Fault line", "Places"}),
        ((), {"Sunni", "Shia", "Fault line", "Places", "Held places"}),
    ],
)
def test_layers_not_chosen_are_not_drawn(small, layers, absent):
    names = trace_names(fault_map_view(view_data(small), MapOptions(layers=layers)))
    everything = {"Sunni", "Shia", "Fault line", "Places", "Held places"}
    assert names & everything == everything - absent
    assert "Other countries" in names  # the quiet base layer is always there


def test_labels_off_print_no_names(small):
    result = fault_map_view(view_data(small), MapOptions(labels=False))
    places = next(t for t in result.figure.data if t.name == "Places")
    assert set(places.text) == {""}
    labelled = fault_map_view(view_data(small))
    places = next(t for t in labelled.figure.data if t.name == "Places")
    # Names are printed for the towns inside the frame, where they fit.
    assert set(places.text) - {""}


def test_a_sect_filter_fades_the_other_groups(small):
    result = fault_map_view(view_data(small, Filters(sects=("sunni",))))
    opacity = {t.name: t.marker.opacity for t in result.figure.data if t.type == "choropleth"}
    assert opacity["Sunni"] == 1.0 and opacity["Shia"] == 0.25


def test_the_sources_are_those_cited_by_what_the_map_shows(small):
    result = fault_map_view(view_data(small))
    # Make-up rows and Baghdad's control cite the reference; Tehran cites the news story.
    assert set(result.sources["source_id"]) == {"src_reference", "src_news"}
    assert result.sources["source_id"].is_unique
    assert {"title", "publisher", "published"} <= set(result.sources.columns)


def test_the_figure_follows_the_theme_and_explains_itself(small):
    dark = fault_map_view(view_data(small), theme="dark").figure
    light = fault_map_view(view_data(small)).figure
    assert dark.layout.geo.bgcolor == surface("dark").paper
    assert light.layout.geo.bgcolor == surface("light").paper
    assert luminance(dark.layout.geo.bgcolor) < 0.2 < 0.9 < luminance(light.layout.geo.bgcolor)
    assert dark.layout.template.layout.paper_bgcolor == surface("dark").paper
    source_line = light.layout.annotations[0].text
    assert "Jan 2014" in source_line and "Natural Earth" in source_line


def test_the_tables_repeat_the_map_for_readers_who_cannot_use_it(small):
    tables = fault_map_view(view_data(small)).tables
    assert set(tables) == {"regions", "places", "held", "unplaced", "unmatched"}
    assert "lat" not in tables["places"] and "_line" not in tables["held"]
    regions = tables["regions"].set_index("adm1_code")
    assert regions.loc["IRQ-3241", "majority"] == "shia"
    assert regions.loc["IRQ-3241", "majority share"] == "60%–80%"
    assert regions.loc["IRN-0001", "level"] == "country"
    assert set(tables["unplaced"]["event_id"]) == {"iran_iraq_war", "geneva_deal"}
    assert tables["unmatched"].empty


def test_without_geography_the_view_says_why_and_still_lists_the_unplaced(small):
    data = ViewData(small, Filters(), None, "No map: there are no boundaries in x/geo.")
    result = fault_map_view(data)
    assert result.figure is None and result.figures == {}
    assert result.takeaway.startswith("No map")
    assert result.caveats == ("No map: there are no boundaries in x/geo.",)
    assert set(result.tables["unplaced"]["event_id"]) == {"iran_iraq_war", "geneva_deal"}


def test_the_view_leaves_its_inputs_alone(small):
    data = view_data(small)
    before = {name: small.table(name).copy() for name in small.table_names}
    fault_map_view(data, MapOptions(focus=("IRQ",)))
    for name, frame in before.items():
        pd.testing.assert_frame_equal(small.table(name), frame)


# ---- clicks and problems ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([{"customdata": ["mosul", "2014-06-10"]}], "places:mosul"),
        ([{"customdata": "government_baghdad"}], "control_areas:government_baghdad"),
        ([{"location": "IRQ-3241"}], "regions:IRQ-3241"),
        # A region coloured by its country's row is still picked as itself.
        ([{"customdata": ["IRN-0001"]}], "regions:IRN-0001"),
        ([{"lon": 44.0, "lat": 33.0}, {"customdata": ["tehran"]}], "places:tehran"),
        ([{"customdata": ["SYR"]}], None),  # the base layer: nothing to trace
        ([], None),
    ],
)
def test_a_click_finds_its_record(small, points, expected):
    assert clicked_record(points, view_data(small)) == expected


def test_only_problems_that_cost_the_map_something_are_listed_under_it():
    problems = [
        Problem("regions.csv", 3, "adm1_code", "matches no region"),
        Problem("events.csv", 4, "place_id", "names no place"),
        Problem("events.csv", 5, "start", "is not a date"),
        Problem("actors.csv", 2, "name", "is empty"),
        Problem("control_areas.csv", 2, "start", "is not a date"),
    ]
    kept = problems_off_the_map(tuple(problems))
    assert [(p.file, p.row) for p in kept] == [
        ("regions.csv", 3),
        ("events.csv", 4),
        ("control_areas.csv", 2),
    ]


# ---- the real data ------------------------------------------------------------------------


def at_publication_areas_held(dataset: Dataset, as_of: pd.Timestamp, countries=()) -> set[str]:
    """The control areas of the article's layer that held on as_of (computed here, apart)."""
    areas = dataset.control_areas
    held = (
        (areas["layer"] == "at_publication")
        & (areas["start_date"] <= as_of)
        & (areas["end_date"].isna() | (areas["end_date"] >= as_of))
    )
    return set(areas.loc[held, "area_id"])


def test_real_takeaway_numbers_match_the_geography_and_the_control_table():
    result = fault_map_view(real_view_data())
    found = TAKEAWAY.match(result.takeaway)
    assert found, result.takeaway
    lines = real_geography().fault_lines
    assert int(found["lines"]) == len(lines) > 50
    assert int(found["km"].replace(",", "")) == round(lines["length_km"].sum())
    assert found["where"] is None
    assert found["month"] == "Jan 2014"  # the article's month
    held = at_publication_areas_held(real_dataset(), pd.Timestamp("2014-01-31"))
    assert int(found["held"]) == len(held) > 0
    assert set(result.tables["held"]["area_id"]) == held


def test_real_map_under_the_iraq_filter_frames_iraq_and_lists_only_iraqi_places():
    result = fault_map_view(real_view_data(Filters(countries=("IRQ",))))
    found = TAKEAWAY.match(result.takeaway)
    assert found and found["where"] == "Iraq"
    lines = real_geography().fault_lines
    touching_iraq = (lines["left_iso3"] == "IRQ") | (lines["right_iso3"] == "IRQ")
    assert int(found["lines"]) == touching_iraq.sum() < len(lines)
    places = result.tables["places"]
    assert set(places["country"]) == {"IRQ"}
    assert {"fallujah", "ramadi", "baghdad", "mosul"} <= set(places["id"])
    assert set(result.tables["regions"]["country"]) == {"IRQ"}
    west, east = lon_range(result)
    assert west == pytest.approx(focus_bounds(real_geography(), ["IRQ"])[0])
    assert 37 < west < 39 and 49 < east < 50  # Iraq spans about 38.8°E to 48.6°E


def test_real_map_framed_on_iraq_and_syria_covers_both():
    result = fault_map_view(real_view_data(), MapOptions(focus=("IRQ", "SYR")))
    iraq = fault_map_view(real_view_data(), MapOptions(focus=("IRQ",)))
    (west, east), (iraq_west, iraq_east) = lon_range(result), lon_range(iraq)
    assert west < 36.5 < iraq_west and east >= iraq_east  # Syria's coast is near 35.7°E
    assert set(result.tables["regions"]["country"]) == {"IRQ", "SYR"}
    assert "in Iraq, Syria" in result.takeaway


def test_real_sources_are_cited_and_the_article_leads():
    dataset = real_dataset()
    result = fault_map_view(real_view_data())
    sources = result.sources
    assert len(sources) > 10 and sources["source_id"].is_unique
    cited = set(dataset.claims["source_id"])
    assert set(sources["source_id"]) <= cited
    assert set(sources["source_id"]) <= set(dataset.sources["source_id"])
    assert sources.iloc[0]["source_id"] in set(
        dataset.sources.loc[dataset.sources["kind"] == "article", "source_id"]
    )
    # The make-up rows of the regions in view cite their sources.
    makeup_claims = {c for cell in result.tables["regions"]["claims"] for c in cell.split(";") if c}
    makeup_sources = set(
        dataset.claims.loc[dataset.claims["claim_id"].isin(makeup_claims), "source_id"]
    )
    assert makeup_sources <= set(sources["source_id"])


def test_options_from_a_link_give_the_same_view_as_the_value():
    data = real_view_data()
    query = {"focus": ["IRQ"], "layers": ["makeup", "places"], "held_at": ["2014-01"]}
    from_link = fault_map_view(data, from_query(MapOptions, query))
    direct = fault_map_view(
        data, MapOptions(layers=("makeup", "places"), focus=("IRQ",), held_at="2014-01")
    )
    assert from_link.takeaway == direct.takeaway
    assert trace_names(from_link) == trace_names(direct)
    assert "Fault line" not in trace_names(from_link)


def test_a_recorded_shia_branch_is_named_in_the_hover_and_the_summary():
    """Sa'dah's Zaydi majority reads 'Shia (Zaydi)'; Iran's provinces take the country's
    Twelver branch; a Shia region without a recorded branch stays plain 'Shia'."""
    result = fault_map_view(real_view_data(), MapOptions(focus=("YEM", "IRN")))
    hover = {
        row[0]: row[3]  # the region's code, its majority in words
        for trace in result.figure.data
        if (trace.legendgroup or "").startswith("group:")
        for row in trace.customdata
    }
    assert hover["YEM-SA_DAH"] == "Shia (Zaydi)"
    assert hover["YEM-SANA_A"] == "Shia"  # no source names it: no branch
    assert hover["IRN-TEHRAN"] == "Shia (Twelver)"  # the country row speaks for it
    assert hover["IRN-KORDESTAN"] == "Sunni"

    geography, table = real_geography(), real_dataset().regions
    summary = region_summary(geography, "YEM-SA_DAH", table)
    assert summary.makeup.startswith("Shia (Zaydi) majority")
    assert "second group Sunni" in summary.makeup
    # without the table (older callers) the wording is as before
    assert region_summary(geography, "YEM-SA_DAH").makeup.startswith("Shia majority")


def test_a_frame_drawn_before_is_drawn_from_what_was_kept_and_reads_the_same(small, monkeypatch):
    drawn = []
    real_base_map = fault_map.base_map

    def counted(*args, **kwargs):
        drawn.append(kwargs["bounds"])
        return real_base_map(*args, **kwargs)

    monkeypatch.setattr(fault_map, "base_map", counted)
    geography = small_geography(small)

    def figure(filters: Filters, theme: str = "light") -> str:
        data = ViewData(small, filters, geography)
        return fault_map_view(data, theme=theme).figure.to_json()

    first = figure(Filters())
    # Another period, the same frame: the base layers are not drawn again.
    later = figure(Filters(start=date(2013, 1, 1), end=date(2014, 1, 31)))
    assert len(drawn) == 1
    fresh = ViewData(small, Filters(), small_geography(small))  # nothing kept yet
    assert figure(Filters()) == first == fault_map_view(fresh).figure.to_json()
    assert later != first  # the filter still changes what is drawn on the base
    figure(Filters(), theme="dark")  # another theme, another frame, a sect: drawn anew
    figure(Filters(countries=("IRQ",)))
    figure(Filters(sects=("sunni",)))
    assert len(drawn) == 5


def test_maps_drawn_at_once_from_the_same_kept_frame_are_all_whole(small):
    # Sessions share what a geography keeps: figures made from one frame's base layers by
    # several threads at once must each get every layer, and leave the kept ones alone.
    geography = small_geography(small)
    data = ViewData(small, Filters(), geography)
    expected = fault_map_view(data).figure.to_json()
    results: list[str] = []

    def draw() -> None:
        for _ in range(4):
            results.append(fault_map_view(data).figure.to_json())

    threads = [threading.Thread(target=draw) for _ in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(results) == 16 and all(result == expected for result in results)
