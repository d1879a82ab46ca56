"""The timeline: precision spans, lanes, stacking, eras, the view on the real data, and the
figure in both themes."""

from __future__ import annotations

import dataclasses

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.analysis.filters import Filters
from dashboard.analysis.timeline import (
    NO_LANE,
    OTHER_LANE,
    counts_by_lane_and_year,
    densest_years,
    era_bands,
    event_spans,
    lane_layout,
    lane_memberships,
    stacked_rows,
    when_text,
    with_precision,
    year_span,
)
from dashboard.charts.palette import actor_colour, surface
from dashboard.model.load import load_dataset
from dashboard.model.problems import Problem
from dashboard.views.base import ViewData, from_query, to_query
from dashboard.views.timeline import (
    MAX_DRAWN,
    TABLE_ROWS,
    TimelineOptions,
    clicked_event,
    problems_off_the_timeline,
    timeline_view,
)
from tests.conftest import DATA_DIR

T = pd.Timestamp


def events_frame(rows: list[tuple]) -> pd.DataFrame:
    """Events as the loader types them: (id, start, end, type, actor_ids, place_id, layer)."""
    frame = pd.DataFrame(
        rows, columns=["event_id", "start", "end", "event_type", "actor_ids", "place_id", "layer"]
    )
    frame["title"] = frame["event_id"].str.replace("_", " ").str.capitalize()
    frame["claim_ids"] = "c1"
    spans = event_spans(frame, horizon=T("2020-12-31"))
    frame["start_date"] = spans["earliest"]
    frame["end_date"] = spans["latest"]
    return frame


EVENTS = events_frame(
    [
        ("war", "1980-09-22", "1988-08-20", "war", "iran;iraq", "", "at_publication"),
        ("talks", "2013-03", "2013-11-24", "diplomacy", "iran;usa", "muscat", "at_publication"),
        ("call", "2013-09", "", "diplomacy", "iran;usa", "", "at_publication"),
        ("violence", "2013", "2013", "crisis", "iraq", "baghdad", "at_publication"),
        ("deal", "2013-11-24", "", "diplomacy", "iran;usa", "geneva", "at_publication"),
        ("syria", "2011-03-15", "ongoing", "uprising", "syria", "", "at_publication"),
        ("mosul", "2014-06-10", "", "takeover", "isil", "mosul", "after_publication"),
        ("loose", "2012", "", "statement", "", "", "at_publication"),
    ]
)
ACTORS = pd.DataFrame(
    {
        "actor_id": ["iran", "iraq", "usa", "syria", "isil"],
        "name": ["Iran", "Iraq", "United States", "Syria", "Islamic State"],
        "kind": ["state", "state", "state", "state", "armed_group"],
        "country": ["IRN", "IRQ", "USA", "SYR", ""],
    }
)
PLACES = pd.DataFrame(
    {
        "place_id": ["muscat", "baghdad", "geneva", "mosul"],
        "country": ["OMN", "IRQ", "CHE", "IRQ"],
    }
)
NAMES = dict(zip(ACTORS["actor_id"], ACTORS["name"], strict=True))


def span_of(event_id: str) -> pd.Series:
    spans = event_spans(EVENTS, horizon=T("2014-01-31"))
    return spans.set_index("event_id").loc[event_id]


# -- precision ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2013-03", "March 2013 (month precision)"),
        ("2013", "2013 (year precision)"),
        ("1980-09-22", "22 September 1980 (exact day)"),
        ("ongoing", "ongoing"),
    ],
)
def test_a_date_says_its_precision_and_never_a_false_day(text, expected):
    assert with_precision(text) == expected


def test_when_text_of_moment_period_and_open_period():
    assert when_text("2013-09", "") == "September 2013 (month precision)"
    assert when_text("2013-03", "2013-11-24") == (
        "March 2013 (month precision) – 24 November 2013 (exact day)"
    )
    assert when_text("2011-03-15", "ongoing").endswith("– ongoing (no end in the sources)")


@pytest.mark.parametrize(
    ("event_id", "earliest", "latest", "core_start", "core_end", "exact"),
    [
        # A day-precision period: certain from its first to its last day.
        ("war", "1980-09-22", "1988-08-20", "1980-09-22", "1988-08-20", False),
        # Started some time in March 2013: certain only from the 31st.
        ("talks", "2013-03-01", "2013-11-24", "2013-03-31", "2013-11-24", False),
        # A month-precision moment spans its month; a day one is exact.
        ("call", "2013-09-01", "2013-09-30", None, None, False),
        ("deal", "2013-11-24", "2013-11-24", None, None, True),
        # Written 2013–2013: it lies within the year, and no part of it is certain.
        ("violence", "2013-01-01", "2013-12-31", None, None, False),
        # Ongoing: runs to the horizon, open.
        ("syria", "2011-03-15", "2014-01-31", "2011-03-15", "2014-01-31", False),
        ("loose", "2012-01-01", "2012-12-31", None, None, False),
    ],
)
def test_precision_spans_have_known_answers(
    event_id, earliest, latest, core_start, core_end, exact
):
    span = span_of(event_id)
    assert span["earliest"] == T(earliest)
    assert span["latest"] == T(latest)
    assert (pd.isna(span["core_start"]) and core_start is None) or span["core_start"] == T(
        core_start
    )
    assert (pd.isna(span["core_end"]) and core_end is None) or span["core_end"] == T(core_end)
    assert bool(span["exact"]) is exact


def test_ongoing_and_period_flags():
    assert bool(span_of("syria")["ongoing"]) and bool(span_of("syria")["is_period"])
    assert not span_of("call")["is_period"] and not span_of("call")["ongoing"]


# -- lanes and stacking ---------------------------------------------------------------------


def test_stacking_puts_overlapping_items_on_new_rows_and_reuses_free_ones():
    starts = pd.Series(T(d) for d in ["2000-01-01", "2000-06-01", "2001-06-01", "2000-03-01"])
    ends = pd.Series(T(d) for d in ["2001-01-01", "2000-12-01", "2002-01-01", "2000-04-01"])
    # Sorted by start: 0 (Jan–Jan) row 0; 3 (Mar–Apr) overlaps it, row 1; 1 (Jun–Dec)
    # overlaps 0 but row 1 is free again; 2 (Jun 2001) starts after 0 ended: row 0.
    assert stacked_rows(starts, ends).tolist() == [0, 1, 0, 1]
    # Three at once need three rows.
    third = pd.Series([T("2000-02-01"), T("2000-02-02"), T("2000-02-03")])
    assert stacked_rows(third, third + pd.Timedelta(days=10)).tolist() == [0, 1, 2]


def test_stacking_keeps_markers_apart_by_their_width():
    starts = pd.Series([T("2013-01-05"), T("2013-01-10"), T("2013-06-01")])
    assert stacked_rows(starts, starts).tolist() == [0, 0, 0]  # points never overlap
    wide = stacked_rows(starts, starts, min_width=pd.Timedelta(days=30))
    assert wide.tolist() == [0, 1, 0]


def test_actor_lanes_put_an_event_in_each_of_its_actors_lanes_busiest_first():
    pairs = lane_memberships(EVENTS, "actor", actors=ACTORS, places=PLACES, names=NAMES)
    lanes = list(dict.fromkeys(pairs["lane"]))
    assert lanes[0] == "iran"  # four events
    assert lanes[-1] == NO_LANE  # 'loose' has no actor: last, never lost
    assert set(pairs.loc[pairs["event_id"] == "talks", "lane"]) == {"iran", "usa"}
    assert pairs.loc[pairs["lane"] == "usa", "lane_label"].iloc[0] == "United States"


def test_country_lanes_come_from_actors_and_places():
    pairs = lane_memberships(
        EVENTS, "country", actors=ACTORS, places=PLACES, country_names={"IRQ": "Iraq"}
    )
    assert set(pairs.loc[pairs["event_id"] == "talks", "lane"]) == {"IRN", "USA", "OMN"}
    assert set(pairs.loc[pairs["event_id"] == "mosul", "lane"]) == {"IRQ"}  # ISIL: no country
    assert pairs.loc[pairs["lane"] == "IRQ", "lane_label"].iloc[0] == "Iraq"


def test_kind_lanes_have_one_lane_per_event():
    pairs = lane_memberships(EVENTS, "kind", actors=ACTORS, places=PLACES)
    assert len(pairs) == len(EVENTS)
    assert pairs.loc[pairs["event_id"] == "deal", "lane_label"].item() == "Diplomacy"


def test_lanes_beyond_the_cap_share_one_other_lane():
    pairs = lane_memberships(EVENTS, "actor", actors=ACTORS, places=PLACES, max_lanes=3)
    lanes = list(dict.fromkeys(pairs["lane"]))
    assert lanes == ["iran", "usa", OTHER_LANE]
    assert not pairs.duplicated(["event_id", "lane"]).any()
    assert set(pairs["event_id"]) == set(EVENTS["event_id"])  # nobody dropped


def test_unknown_lane_kind_is_refused():
    with pytest.raises(ValueError, match="unknown lane kind"):
        lane_memberships(EVENTS, "sect", actors=ACTORS, places=PLACES)


def test_lane_layout_stacks_inside_each_lane_and_keeps_lanes_apart():
    spans = event_spans(EVENTS, horizon=T("2014-12-31"))
    pairs = lane_memberships(EVENTS, "actor", actors=ACTORS, places=PLACES, names=NAMES)
    items, lanes = lane_layout(spans, pairs, min_width=pd.Timedelta(days=60))
    iran = items[items["lane"] == "iran"].set_index("event_id")["row_y"]
    # talks (Mar–24 Nov 2013) covers the call (Sep 2013, drawn 60 days wide, so to the end
    # of October) and the deal (24 Nov 2013): the call and the deal share the second row.
    assert iran["war"] == iran["talks"] == 0
    assert iran["call"] == iran["deal"] == 1
    assert lanes.set_index("lane").loc["iran", "rows"] == 2
    # Drawn 90 days wide, the call reaches past 24 November: the deal needs a third row.
    items, lanes = lane_layout(spans, pairs, min_width=pd.Timedelta(days=90))
    iran = items[items["lane"] == "iran"].set_index("event_id")["row_y"]
    assert (iran["call"], iran["deal"]) == (1, 2)
    assert lanes.set_index("lane").loc["iran", "rows"] == 3
    # Lanes never overlap.
    ordered = lanes.sort_values("top")
    assert (ordered["top"].iloc[1:].to_numpy() > ordered["bottom"].iloc[:-1].to_numpy()).all()


# -- eras and counts ------------------------------------------------------------------------


def test_eras_are_long_wars_and_uprisings_not_their_episodes():
    episode = events_frame([("awakening", "2006-09", "2008", "uprising", "", "", "at_publication")])
    us_war = events_frame([("us_war", "2003-03-20", "2011-12", "war", "usa", "", "at_publication")])
    eras = era_bands(pd.concat([EVENTS, us_war, episode]), horizon=T("2014-01-31"))
    assert eras["event_id"].tolist() == ["war", "us_war", "syria"]
    assert eras.set_index("event_id").loc["syria", "ongoing"]


def test_densest_years_and_span():
    spans = event_spans(EVENTS[EVENTS["layer"] == "at_publication"], horizon=T("2014-01-31"))
    assert densest_years(spans) == ([2013], 4)
    assert year_span(spans) == (1980, 2013)  # ongoing reaches only the drawing's edge
    tied = event_spans(EVENTS[EVENTS["event_id"].isin(["war", "syria"])])
    assert densest_years(tied) == ([1980, 2011], 1)
    assert densest_years(tied.iloc[0:0]) == ([], 0)


def test_counts_by_lane_and_year_count_each_event_once_per_lane():
    spans = event_spans(EVENTS, horizon=T("2014-12-31"))
    pairs = lane_memberships(EVENTS, "actor", actors=ACTORS, places=PLACES)
    grid = counts_by_lane_and_year(pairs.merge(spans, on="event_id"))
    iran_2013 = grid[(grid["lane"] == "iran") & (grid["year"] == 2013)]["events"].item()
    assert iran_2013 == 3
    assert grid["events"].sum() == len(pairs)


# -- the view on the real data --------------------------------------------------------------


@pytest.fixture(scope="module")
def curated():
    dataset, problems = load_dataset(DATA_DIR)
    return dataset, problems


def _expected_takeaway(events: pd.DataFrame) -> str:
    """The takeaway recomputed independently of the view, from the raw columns."""
    years = events["start"].str[:4].astype(int)
    counts = years.value_counts()
    top = counts.max()
    densest = sorted(counts[counts == top].index)
    reached = events.loc[events["end"] != "ongoing", "end_date"].dt.year.max()
    last = max(reached, years.max())
    return f"{len(events)} events from {years.min()} to {last}; densest year" + (
        f" {densest[0]} ({top} events)" if len(densest) == 1 else "s"
    )


def test_view_takeaway_on_the_curated_data(curated):
    dataset, _ = curated
    view = timeline_view(ViewData(dataset))
    at_publication = dataset.events[dataset.events["layer"] == "at_publication"]
    assert view.takeaway.startswith(_expected_takeaway(at_publication))
    assert view.takeaway.startswith(f"{len(at_publication)} events from 1978 to 2014;")
    assert len(view.tables["events"]) == len(at_publication)
    assert set(view.tables["events"]["event_id"]) == set(at_publication["event_id"])
    assert "src_article" in set(view.sources["source_id"]) or len(view.sources) > 0


def test_hindsight_adds_events_and_is_drawn_apart(curated):
    dataset, _ = curated
    before = timeline_view(ViewData(dataset))
    after = timeline_view(ViewData(dataset, Filters(include_after_publication=True)))
    assert len(after.tables["events"]) > len(before.tables["events"])
    hatched = [t for t in after.figure.data if t.type == "bar" and t.marker.pattern.shape == "/"]
    hollow = [
        t
        for t in after.figure.data
        if t.type == "scatter"
        and str(t.marker.symbol or "").endswith("-open")
        and t.customdata is not None
    ]
    assert hatched or hollow
    assert not [t for t in before.figure.data if t.type == "bar" and t.marker.pattern.shape]
    assert any("Hindsight" in (t.name or "") for t in after.figure.data)
    assert not any("Hindsight" in (t.name or "") for t in before.figure.data)


def test_country_filter_narrows_the_timeline(curated):
    dataset, _ = curated
    everything = timeline_view(ViewData(dataset))
    iraq = timeline_view(ViewData(dataset, Filters(countries=("IRQ",))))
    assert 0 < len(iraq.tables["events"]) < len(everything.tables["events"])
    assert "iran_iraq_war" in set(iraq.tables["events"]["event_id"])


def test_period_filter_sets_the_axis_and_its_zoom_limits(curated):
    from datetime import date

    dataset, _ = curated
    filters = Filters(start=date(2010, 1, 1), end=date(2014, 12, 31))
    xaxis = timeline_view(ViewData(dataset, filters)).figure.layout.xaxis
    assert list(xaxis.range) == ["2010-01-01", "2014-12-31"]
    assert (xaxis.minallowed, xaxis.maxallowed) == ("2010-01-01", "2014-12-31")
    assert [b.step for b in xaxis.rangeselector.buttons][-1] == "all"


def test_every_drawn_event_has_its_id_for_clicks(curated):
    dataset, _ = curated
    view = timeline_view(ViewData(dataset), TimelineOptions(lanes="kind"))
    ids = {
        row[0]
        for trace in view.figure.data
        if trace.customdata is not None
        for row in trace.customdata
    }
    assert ids == set(view.tables["events"]["event_id"])
    points = [{"customdata": ["nope"]}, {"customdata": ["iran_iraq_war", "x"]}]
    assert clicked_event(points, dataset.events["event_id"]) == "iran_iraq_war"
    assert clicked_event([{"x": 1}], dataset.events["event_id"]) is None


def test_moments_known_to_a_month_are_whiskers_not_dots(curated):
    dataset, _ = curated
    fig = timeline_view(ViewData(dataset), TimelineOptions(lanes="kind")).figure
    rows = {
        row[0]: (trace.marker.symbol, row[2])
        for trace in fig.data
        if trace.type == "scatter" and trace.customdata is not None
        for row in trace.customdata
    }
    symbol, hover = rows["obama_rouhani_call"]  # written 2013-09
    assert symbol == "diamond" and hover == "September 2013 (month precision)"
    symbol, hover = rows["jpoa_geneva"]  # written 2013-11-24
    assert symbol == "circle" and hover == "24 November 2013 (exact day)"


def test_figure_explains_itself_and_escapes_text(curated):
    dataset, _ = curated
    events = dataset.events.copy()
    titles = events["title"].astype(str)  # loaded as a categorical: a new title is text
    titles.iloc[0] = "<b>bold</b> & <script>x</script>"
    events["title"] = titles
    data = ViewData(dataclasses.replace(dataset, events=events))
    fig = timeline_view(data, TimelineOptions(lanes="kind")).figure
    assert fig.layout.title.text.startswith("Events by kind of event")
    notes = [a.text for a in fig.layout.annotations]
    assert any("Evidence page" in text for text in notes)  # the source line
    assert any(text.startswith("Article (") for text in notes)  # the article's date
    texts = [row[1] for t in fig.data if t.customdata is not None for row in t.customdata]
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in texts
    assert not any("<script>" in text for text in texts)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figure_follows_the_theme(curated, theme):
    dataset, _ = curated
    fig = timeline_view(ViewData(dataset), theme=theme).figure
    colours = surface(theme)
    assert fig.layout.template.layout.paper_bgcolor == colours.paper
    assert fig.layout.template.layout.font.color == colours.ink
    # The key is drawn in the theme's ink, the context in its grid colour.
    legend = [t for t in fig.data if t.showlegend]
    assert legend and all((t.line.color or t.marker.color) == colours.ink for t in legend)
    eras = [s for s in fig.layout.shapes if s.type == "rect" and s.fillcolor == colours.grid]
    assert len(eras) >= 3  # the Iran-Iraq war, US forces in Iraq, the Syrian war
    assert fig.layout.xaxis.rangeselector.font.color == colours.ink


def test_lane_colours_match_the_actors_everywhere(curated):
    dataset, _ = curated
    fig = timeline_view(ViewData(dataset)).figure
    bars = [t for t in fig.data if t.type == "bar"]
    colours = {
        row[4]: colour
        for bar in bars
        for row, colour in zip(bar.customdata, bar.marker.color, strict=True)
    }
    assert colours["Iran"] == actor_colour("iran")


def test_ten_thousand_events_are_drawn_as_counts_with_a_note(curated):
    # Was a lane x year heatmap and a table of all 10,000 rows; now bars per time bin, a
    # line per busiest lane and the latest TABLE_ROWS events (see test_timeline_at_scale).
    from benchmarks.timeline import generated_dataset

    dataset, _ = curated
    big = generated_dataset(dataset, 10_000, seed=1)
    view = timeline_view(ViewData(big, Filters(include_after_publication=True)))
    assert view.caveats and "too many to draw" in view.caveats[0]
    assert view.figure.data[0].type == "bar"
    assert {t.type for t in view.figure.data} <= {"bar", "scatter"}
    assert len(view.figure.to_json()) < 2_000_000
    assert len(view.tables["events"]) == TABLE_ROWS
    assert MAX_DRAWN < 10_000


def test_problems_in_events_are_the_ones_the_timeline_reports():
    problems = [
        Problem("events.csv", 4, "start", "not a date"),
        Problem("actors.csv", 2, "name", "required"),
    ]
    assert problems_off_the_timeline(problems) == problems[:1]
    dataset, _ = load_dataset(DATA_DIR)
    view = timeline_view(ViewData(dataset, problems=tuple(problems)))
    assert any("1 problem(s) in events.csv" in caveat for caveat in view.caveats)


def test_options_round_trip_through_a_link():
    options = TimelineOptions(lanes="country", place="fallujah", labels=False)
    assert from_query(TimelineOptions, to_query(options)) == options
    assert to_query(TimelineOptions()) == {}


def test_a_figure_is_new_each_time(curated):
    dataset, _ = curated
    first = timeline_view(ViewData(dataset)).figure
    second = timeline_view(ViewData(dataset)).figure
    assert isinstance(first, go.Figure) and first is not second
