"""The timeline past MAX_DRAWN events: counts per week, month or year, honest about date
precision, small in the browser, and the single events back once a filter narrows them.

The data is generated in memory from the curated dataset (20,000 events made by repeating
one of its rows with new ids and dates); the million-event import is never loaded here."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.evidence import cited_sources
from dashboard.analysis.filters import Filters
from dashboard.analysis.timeline import (
    MAX_BINS,
    OTHER_LANE,
    bin_unit,
    precision_ranks,
    time_bins,
    top_lanes,
)
from dashboard.charts.timeline import SMALL_NTICKS
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.timeline import (
    MAX_DRAWN,
    TABLE_NOTE,
    TABLE_ROWS,
    TimelineOptions,
    timeline_view,
)
from tests.conftest import DATA_DIR

COUNT = 20_000
FIRST, LAST = pd.Timestamp("2010-01-01"), pd.Timestamp("2016-12-31")
PROBE = "probe_march_2013"  # the one event known only to the month: "2013-03"
ACTORS = ("iran", "iraq", "usa", "syria", "isil", "saudi_arabia", "hezbollah", "turkey")
TYPES = ("attack", "takeover", "statement", "uprising")


@pytest.fixture(scope="module")
def curated():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset


@pytest.fixture(scope="module")
def big(curated):
    """20,000 day-precision moments over 2010-2016 (one row repeated), the PROBE event
    written "2013-03", and a deaths figure for every tenth event."""
    rng = np.random.default_rng(7)
    template = curated.events[curated.events["end"] == ""].iloc[[0]]
    events = template.loc[template.index.repeat(COUNT)].reset_index(drop=True)
    days = FIRST + pd.to_timedelta(rng.integers(0, (LAST - FIRST).days + 1, COUNT), unit="D")
    actors = [a for a in ACTORS if a in set(curated.actors["actor_id"])]
    events["event_id"] = [f"gen_{n:05d}" for n in range(COUNT)]
    events["title"] = [f"Generated {n}" for n in range(COUNT)]
    events["start"] = days.strftime("%Y-%m-%d")
    events["start_precision"] = "day"
    events["start_date"] = days
    events["end"] = ""
    events["end_precision"] = None
    events["end_date"] = days
    events["event_type"] = [TYPES[n % len(TYPES)] for n in range(COUNT)]
    events["actor_ids"] = [
        ";".join({actors[n % len(actors)], actors[(n * 7 + 3) % len(actors)]}) for n in range(COUNT)
    ]
    events["layer"] = "at_publication"
    probe = {
        "event_id": PROBE,
        "title": "Known to the month",
        "start": "2013-03",
        "start_precision": "month",
        "start_date": pd.Timestamp("2013-03-01"),
        "end_date": pd.Timestamp("2013-03-31"),
    }
    for column, value in probe.items():
        events.loc[COUNT - 1, column] = value
    events["start_date"] = events["start_date"].astype("datetime64[us]")
    events["end_date"] = events["end_date"].astype("datetime64[us]")
    figure = curated.figures.iloc[[0]]
    figures = figure.loc[figure.index.repeat(COUNT // 10)].reset_index(drop=True)
    figures["figure_id"] = [f"fig_{n}" for n in range(len(figures))]
    figures["subject_id"] = events["event_id"].iloc[::10].to_numpy()
    figures["metric"] = "deaths"
    figures["best"] = 3.0
    figures["layer"] = "at_publication"
    figures = pd.concat([curated.figures, figures], ignore_index=True)
    return dataclasses.replace(curated, events=events, figures=figures)


def _bars(view) -> pd.DataFrame:
    """The grey bars: all events per bin, as (bin start, count)."""
    bar = view.figure.data[0]
    return pd.DataFrame({"bin": pd.to_datetime(list(bar.x)), "events": list(bar.y)})


def test_past_the_threshold_the_figure_is_binned_small_and_says_so(big):
    view = timeline_view(ViewData(big))
    figure = view.figure
    assert figure.data[0].type == "bar" and {t.type for t in figure.data} <= {"bar", "scatter"}
    assert PROBE not in figure.to_json()  # no single event in the figure
    assert len(figure.to_json()) < 200_000  # kilobytes, not megabytes
    bars = _bars(view)
    assert len(bars) <= MAX_BINS
    # 2010-2016 is 7 years: too many weeks, so months.
    assert (bars["bin"].dt.day == 1).all() and bars["bin"].dt.month.nunique() == 12
    assert bars["events"].sum() == COUNT  # every event in one month (the probe too)
    assert "per month" in figure.layout.title.text
    note = view.caveats[0]
    assert f"{COUNT:,} events are too many to draw one by one" in note
    assert "each month" in note and f"fewer than {MAX_DRAWN:,} events" in note
    assert "1 event known only to the month is counted in its month" in view.caveats[1]


def test_a_month_precision_event_is_counted_in_its_month(big):
    view = timeline_view(ViewData(big))
    bars = _bars(view).set_index("bin")["events"]
    starts = big.events["start_date"]
    march = (starts >= "2013-03-01") & (starts < "2013-04-01")
    assert bars[pd.Timestamp("2013-03-01")] == int(march.sum())  # the probe included


def test_in_week_bins_a_month_event_is_not_put_on_a_made_up_week(big):
    view = timeline_view(ViewData(big, Filters(start=date(2013, 1, 1), end=date(2014, 6, 30))))
    bars = _bars(view)
    assert "per week" in view.figure.layout.title.text
    assert (bars["bin"].dt.day_of_week == 0).all()  # weeks from Monday
    day_events = big.events[big.events["start_precision"] == "day"]["start_date"]
    in_period = ((day_events >= "2013-01-01") & (day_events <= "2014-06-30")).sum()
    assert bars["events"].sum() == in_period  # the probe is in no week
    vague = next(t for t in view.figure.data if "Known only to the month" in (t.name or ""))
    assert list(vague.x[:2]) == ["2013-03-01", "2013-04-01"] and list(vague.y[:2]) == [1, 1]
    assert "1 event known only to the month is not put on a made-up week" in view.caveats[1]


def test_deaths_per_bin_where_figures_exist(big):
    view = timeline_view(ViewData(big))
    deaths = next(t for t in view.figure.data if (t.name or "").startswith("Deaths"))
    assert deaths.yaxis == "y2"
    assert np.nansum(np.array(deaths.y, dtype=float)) == 3.0 * (COUNT // 10)
    assert f"{COUNT // 10:,} events with a deaths figure" in view.caveats[1]


@pytest.mark.parametrize("lanes", ["actor", "country", "kind"])
def test_lines_per_busiest_lane_with_other(big, lanes):
    view = timeline_view(ViewData(big), TimelineOptions(lanes=lanes))
    lines = [t for t in view.figure.data if t.type == "scatter" and t.mode == "lines"]
    lines = [t for t in lines if "Known only" not in t.name]
    assert 1 <= len(lines) <= 6
    total = np.array(view.figure.data[0].y)
    for line in lines:
        counts = np.array(line.y[:-1])  # the last point closes the last step
        assert (counts <= total).all()
    if lanes == "kind":  # one kind per event: the lines add up to the bars
        assert (sum(np.array(t.y[:-1]) for t in lines) == total).all()


def test_the_table_lists_the_latest_events_not_all(big):
    view = timeline_view(ViewData(big))
    table = view.tables["events"]
    assert len(table) == TABLE_ROWS
    latest = big.events.nlargest(TABLE_ROWS, "start_date")["start_date"].min()
    shown = big.events.set_index("event_id").loc[table["event_id"], "start_date"]
    assert shown.min() >= latest and shown.is_monotonic_decreasing
    note = next(c for c in view.caveats if c.startswith(TABLE_NOTE))
    assert f"{TABLE_ROWS:,} latest of the {COUNT:,} events" in note


def test_narrowing_under_the_threshold_brings_single_events_back(big):
    data = ViewData(big, Filters(start=date(2013, 3, 1), end=date(2013, 3, 31)))
    assert len(data.dataset.events) < MAX_DRAWN
    view = timeline_view(data, TimelineOptions(lanes="kind"))
    ids = {row[0] for t in view.figure.data if t.customdata is not None for row in t.customdata}
    assert PROBE in ids and len(ids) == len(view.tables["events"])
    assert not any("too many" in c for c in view.caveats)


def test_no_article_is_not_dated_in_the_fine_print(big):
    sources = big.sources[big.sources["kind"] != "article"]
    view = timeline_view(ViewData(dataclasses.replace(big, sources=sources)))
    notes = " ".join(a.text for a in view.figure.layout.annotations)
    assert "article of" not in notes and "Evidence page" in notes


def test_the_small_timeline_has_few_ticks_that_fit(big, curated):
    for dataset in (big, curated):
        view = timeline_view(ViewData(dataset), height=340)
        xaxis = view.figure.layout.xaxis
        assert xaxis.nticks == SMALL_NTICKS
        formats = {stop.value for stop in xaxis.tickformatstops}
        assert "%b %Y" in formats and "%Y" in formats
    small = timeline_view(ViewData(big), height=340).figure
    assert not any(t.yaxis == "y2" for t in small.data)  # no deaths panel in a thumbnail
    assert small.layout.showlegend is False
    assert timeline_view(ViewData(curated)).figure.layout.xaxis.nticks is None


def test_bin_unit_keeps_to_a_few_hundred_bins():
    day = pd.Timestamp("2020-01-01")
    assert bin_unit(day, day + pd.Timedelta(days=365)) == "week"
    assert bin_unit(day, day + pd.Timedelta(days=9 * 365)) == "month"
    assert bin_unit(day, day + pd.Timedelta(days=40 * 365)) == "year"


def test_time_bins_count_each_event_once_per_lane():
    starts = pd.to_datetime(["2020-01-06", "2020-01-07", "2020-01-20", "2020-02-01"]).to_numpy()
    ranks = precision_ranks(pd.Series(["day", "day", "day", "month"]))
    assert list(ranks) == [0, 0, 0, 1]
    # Actors: event 0 a and c, event 1 b, event 2 b and c, event 3 b.
    positions, keys = np.array([0, 0, 1, 2, 2, 3]), np.array([0, 2, 1, 1, 2, 1])
    numbers, lanes = top_lanes(positions, keys, ["a", "b", "c"], keep=1)
    assert lanes == ["b", OTHER_LANE]
    totals, by_lane, vague = time_bins(
        starts, ranks, "week", lane_pairs=(positions, numbers), lanes=lanes
    )
    assert list(totals["events"]) == [2, 0, 1]  # weeks of 6, 13 and 20 January
    per_lane = by_lane.pivot(index="bin", columns="lane", values="events")
    assert per_lane["b"].tolist() == [1, 0, 1]
    assert per_lane[OTHER_LANE].tolist() == [1, 0, 1]  # event 0's two others count once
    # The event known only to February is in no week: it is counted in its month.
    assert vague[["precision", "events"]].values.tolist() == [["month", 1]]
    assert vague["bin"].tolist() == [pd.Timestamp("2020-02-01")]


def test_a_binned_timelines_sources_are_those_its_events_cite(big, curated):
    """Found through the claims' links to their sources, they are the sources of the claims
    the events in view cite, as cited_sources reads them by id, for every filter."""
    # Each year's events cite a claim of one source: a period keeps only some sources.
    one_per_source = curated.claims.drop_duplicates("source_id")["claim_id"].tolist()
    years = big.events["start_date"].dt.year.to_numpy()
    cites = [one_per_source[year % len(one_per_source)] for year in years]
    varied = dataclasses.replace(big, events=big.events.assign(claim_ids=cites))
    counts = []
    for filters in (Filters(), Filters(start=date(2015, 6, 1)), Filters(actors=("iran",))):
        data = ViewData(varied, filters)
        assert len(data.dataset.events) > MAX_DRAWN  # counted per bin
        expected = cited_sources(varied, data.dataset.events["claim_ids"])
        found = timeline_view(data).sources
        assert found["source_id"].tolist() == expected["source_id"].tolist(), filters
        counts.append(len(expected))
    assert 1 < counts[1] < counts[0]  # the period's two years cite fewer sources than all
