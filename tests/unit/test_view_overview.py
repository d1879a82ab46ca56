"""The Overview view (views.overview), without Streamlit: counts, comparisons, small map."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.analysis.geography import focus_bounds
from dashboard.charts.palette import surface
from dashboard.model import dates
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.fault_map import fault_map_view
from dashboard.views.network import network_view
from dashboard.views.overview import (
    SMALL_VIEWS,
    OverviewOptions,
    _period,
    overview_view,
    record_counts,
    small_map_view,
)
from dashboard.views.timeline import timeline_view
from tests.unit.conftest import WAR_KIND_DISCREPANCY, add_rows
from tests.unit.map_data import (
    luminance,
    real_dataset,
    real_geography,
    real_view_data,
    small_geography,
)


def counts(result) -> dict[str, int]:
    table = result.tables["counts"]
    return dict(zip(table["what"], table["count"], strict=True))


def view_data(dataset, filters: Filters | None = None) -> ViewData:
    return ViewData(dataset, filters or Filters(), small_geography(dataset))


def test_record_counts(dataset):
    assert dict(zip(*record_counts(dataset).to_dict("list").values(), strict=True)) == {
        "Actors": 4,
        "Events": 3,
        "Ties": 3,
        "Figures": 2,
        "Sources": 3,
        "Discrepancies": 1,
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Hindsight off: the fall of Mosul and the air strikes wait.
        (Filters(), {"Actors": 4, "Events": 2, "Ties": 2, "Figures": 2, "Discrepancies": 1}),
        (
            Filters(include_after_publication=True),
            {"Actors": 4, "Events": 3, "Ties": 3, "Figures": 2, "Discrepancies": 1},
        ),
        (
            Filters(actors=("usa",)),
            {"Actors": 1, "Events": 1, "Ties": 1, "Figures": 0, "Discrepancies": 0},
        ),
        (
            Filters(countries=("IRN",)),
            {"Actors": 1, "Events": 2, "Ties": 2, "Figures": 2, "Discrepancies": 1},
        ),
    ],
)
def test_counts_follow_the_filters(dataset, filters, expected):
    shown = counts(overview_view(view_data(dataset, filters)))
    assert {k: v for k, v in shown.items() if k != "Sources"} == expected
    assert shown == dict(
        zip(*record_counts(filtered_dataset(dataset, filters)).to_dict("list").values())
    )


def test_the_takeaway_counts_the_figures_that_differ(dataset):
    result = overview_view(view_data(dataset))
    assert result.takeaway == "1 of the article's 1 figures in view differ from the references."
    assert list(result.tables["figures"]["figure_id"]) == ["war_deaths_article"]
    assert result.tables["figures"]["discrepancy"].iloc[0] == (
        "The article gives the top of the range."
    )


def test_with_nothing_in_view_nothing_is_contradicted(dataset):
    result = overview_view(view_data(dataset, Filters(actors=("usa",))))
    assert result.takeaway == "Nothing the article says is contradicted within the current filters."
    assert result.tables["figures"].empty
    assert result.tables["disagreements"].empty


def test_other_disagreements_are_listed_by_subject_and_counted(dataset_dir):
    add_rows(
        dataset_dir,
        "discrepancies",
        WAR_KIND_DISCREPANCY,
    )
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    result = overview_view(view_data(dataset))
    notes = result.tables["disagreements"]
    assert list(notes["discrepancy_id"]) == ["war_kind"]  # the figure one is a card
    assert notes.iloc[0]["subject"] == "Iran-Iraq War"
    assert result.takeaway == (
        "1 of the article's 1 figures in view differ from the references; "
        "1 of its other statements are contradicted by them."
    )
    assert counts(result)["Discrepancies"] == 2
    # The actor filter that leaves the war out leaves its disagreement out too.
    assert overview_view(view_data(dataset, Filters(actors=("usa",)))).tables["disagreements"].empty


def test_the_thesis_byline_and_sources(dataset):
    result = overview_view(view_data(dataset), OverviewOptions())
    assert result.title == "Fault Lines"
    assert result.subtitle == "Iran-America Alliance? · John Amaruso · Example Review · Jan 2014"
    assert list(result.tables["thesis"]["claim_id"]) == ["thesis_alliance"]
    # The thesis and the disputed figure cite the article and the reference; article first.
    assert list(result.sources["source_id"]) == ["src_article", "src_reference"]


def test_the_small_map_has_no_printed_names_and_follows_the_country_filter(dataset):
    result = overview_view(view_data(dataset))
    assert list(result.figures) == ["map", "timeline", "network"]  # the map leads
    places = next(t for t in result.figure.data if t.name.startswith("Places"))
    assert set(places.text) == {""}  # too small for names: the hover has them
    assert "Fault line" not in {t.name for t in result.figure.data}  # no differing borders
    iran = overview_view(view_data(dataset, Filters(countries=("IRN",))))
    geography = small_geography(dataset)
    assert list(iran.figure.layout.geo.lonaxis.range) == pytest.approx(
        [focus_bounds(geography, ["IRN"])[0], focus_bounds(geography, ["IRN"])[2]]
    )
    assert list(result.figure.layout.geo.lonaxis.range) == pytest.approx(
        [focus_bounds(geography)[0], focus_bounds(geography)[2]]
    )


def test_the_small_map_follows_the_theme(dataset):
    dark = overview_view(view_data(dataset), theme="dark").figure
    assert dark.layout.geo.bgcolor == surface("dark").paper
    assert luminance(dark.layout.geo.bgcolor) < 0.2
    assert dark.layout.template.layout.paper_bgcolor == surface("dark").paper


def test_without_geography_there_is_no_map_and_a_caveat_says_why(dataset):
    data = ViewData(dataset, Filters(), None, "No map: no boundaries.")
    result = overview_view(data)
    assert "map" not in result.figures and list(result.figures) == ["timeline", "network"]
    assert result.caveats == ("No map: no boundaries.",)
    assert counts(result)["Actors"] == 4  # the rest of the Overview is still there


# ---- the real data ------------------------------------------------------------------------


def test_real_counts_follow_the_actor_filter():
    everything = counts(overview_view(real_view_data()))
    kerry = counts(overview_view(real_view_data(Filters(actors=("john_kerry",)))))
    assert kerry["Actors"] == 1
    assert 0 < kerry["Events"] < everything["Events"]
    assert kerry["Ties"] < everything["Ties"]
    assert everything["Actors"] == len(real_dataset().actors)  # no filter: every actor is in view
    hindsight = counts(overview_view(real_view_data(Filters(include_after_publication=True))))
    assert hindsight["Events"] > everything["Events"]


def test_real_takeaway_matches_the_comparisons_and_disagreements():
    result = overview_view(real_view_data())
    figures, notes = result.tables["figures"], result.tables["disagreements"]
    disputed = int((figures["discrepancy"] != "").sum())
    assert 0 < disputed <= len(figures)
    assert len(notes) > 0
    assert result.takeaway == (
        f"{disputed} of the article's {len(figures)} figures in view differ from the references; "
        f"{len(notes)} of its other statements are contradicted by them."
    )
    assert "figures" not in set(notes["table"])
    assert counts(result)["Discrepancies"] == disputed + len(notes)


def test_real_overview_cites_the_article_first():
    result = overview_view(real_view_data())
    article = real_dataset().sources.query("kind == 'article'")["source_id"].iloc[0]
    assert result.sources.iloc[0]["source_id"] == article
    assert len(result.tables["thesis"]) >= 1
    assert "Amaruso" in result.subtitle


def test_real_small_map_frames_the_chosen_countries():
    result = overview_view(real_view_data(Filters(countries=("IRQ", "SYR"))))
    west, east = result.figure.layout.geo.lonaxis.range
    bounds = focus_bounds(real_geography(), ["IRQ", "SYR"])
    assert (west, east) == pytest.approx((bounds[0], bounds[2]))
    assert west < 36.5 and east > 48


def test_real_small_map_is_drawn_at_thumbnail_detail():
    # A thumbnail a third of the screen wide: coarser regions and the 1:110m base map, so
    # the browser has less to fetch and draw before the Overview is on screen.
    data = real_view_data()
    small = small_map_view(data).figure
    full = fault_map_view(data).figure
    assert (small.layout.geo.resolution, full.layout.geo.resolution) == (110, 50)
    assert len(small.to_json()) < 0.9 * len(full.to_json())
    # The same regions, in the same colours: only their detail differs.
    shaded = {t.name: sorted(t.locations) for t in small.data if t.type == "choropleth"}
    assert shaded == {t.name: sorted(t.locations) for t in full.data if t.type == "choropleth"}


def test_the_small_charts_are_their_figures_alone_and_their_pages_keep_the_rest():
    # A thumbnail shows its figure and title: the tables and sources under it are its
    # page's, and computing them for the Overview only slowed every filter change.
    data = real_view_data()
    for name, (function, options, _page, _label) in SMALL_VIEWS.items():
        small = function(data, options)
        assert small.figure is not None and small.subtitle, name
        assert not small.tables and small.sources.empty, name
    for page in (fault_map_view(data), timeline_view(data), network_view(data)):
        assert page.tables and len(page.sources), page.title


def test_the_period_of_imported_events_reads_their_dates_as_written():
    # The first and last event are found by their parsed days, then named as written: a
    # year before a day of that year, an end with no day (ongoing) ignored, an event with
    # no end ending with its start's month.
    starts = pd.Series(["2015-01-01", "2015", "2016-03-05", "2017-02"], dtype=str)
    ends = pd.Series(["2016-12", "", "ongoing", ""], dtype=str)
    _, start_date, start_last = dates.bounds(starts)
    _, _, end_date = dates.bounds(ends)
    end_date = end_date.where(ends != "", start_last)
    events = pd.DataFrame({"start": starts, "end": ends})
    days = pd.DataFrame({"start_date": start_date, "end_date": end_date}).iloc[[3, 0, 2, 1]]
    assert _period(days, events) == ("2015 – Feb 2017", "2015–2017")
    assert _period(days.iloc[[1]], events) == ("Jan 2015 – Dec 2016", "2015–2016")
    assert _period(days.iloc[:0], events) == ("", "")
