"""The brief (dashboard.brief): steps that round-trip through a link and a file, clear
messages for broken ones, edits, the default story, and steps computed on data/."""

from __future__ import annotations

import base64
import dataclasses
import json
import zlib
from datetime import date

import pandas as pd
import pytest

from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.brief import (
    MAX_STEPS,
    Brief,
    BriefError,
    Step,
    default_brief,
    from_json,
    from_param,
    source_line,
    step_view,
    to_json,
    to_param,
    view_data_for,
)
from dashboard.views.fault_map import MapOptions
from dashboard.views.network import NetworkOptions
from dashboard.views.registry import VIEWS
from dashboard.views.timeline import TimelineOptions
from tests.unit.map_data import real_view_data

CUSTOM = Brief(
    (
        Step.of(
            "fault_map",
            MapOptions(layers=("makeup", "fault_lines"), focus=("IRQ", "SYR"), labels=False),
            Filters(countries=("IRQ",), sects=("sunni",), start=date(2013, 1, 1)),
            title="Iraq's lines — “quoted” & <b>bold</b>?",
        ),
        Step.of("network", NetworkOptions(mode="ego", ego="iran", steps=2), figure="balance"),
        Step.of(
            "timeline", TimelineOptions(lanes="country"), Filters(include_after_publication=True)
        ),
    ),
    title="A briefer's brief: Iraq & Syria",
)


# -- values -----------------------------------------------------------------------------------


def test_a_step_keeps_its_options_and_filters_as_values():
    step = CUSTOM.steps[0]
    assert step.options_value() == MapOptions(
        layers=("makeup", "fault_lines"), focus=("IRQ", "SYR"), labels=False
    )
    assert step.filters_value() == Filters(
        countries=("IRQ",), sects=("sunni",), start=date(2013, 1, 1)
    )
    # Defaults are left out: the default step is just the view's name.
    assert Step.of("timeline", TimelineOptions(), Filters()) == Step("timeline")


@pytest.mark.parametrize("brief", [CUSTOM, default_brief(), default_brief(hindsight=True)])
def test_a_brief_round_trips_through_a_link(brief):
    param = to_param(brief)
    assert param.replace("-", "").replace("_", "").isalnum()  # URL-safe as it stands
    assert from_param(param) == (brief, [])


@pytest.mark.parametrize("brief", [CUSTOM, default_brief(), default_brief(hindsight=True)])
def test_a_brief_round_trips_through_a_file(brief):
    text = to_json(brief)
    assert json.loads(text)["format"] == "fault-lines-brief"
    assert from_json(text) == (brief, [])
    assert from_json(text.encode("utf-8-sig")) == (brief, [])  # as saved by Notepad


def test_a_brief_file_is_readable_by_a_person():
    document = json.loads(to_json(CUSTOM))
    first = document["steps"][0]
    assert first["view"] == "fault_map"
    assert first["options"]["focus"] == ["IRQ", "SYR"]
    assert first["filters"]["countries"] == ["IRQ"]
    assert document["steps"][1]["figure"] == "balance"


def test_a_hand_written_file_with_single_values_and_booleans_is_read():
    document = {
        "format": "fault-lines-brief",
        "version": 1,
        "steps": [{"view": "fault_map", "options": {"labels": False, "focus": "IRQ"}}],
    }
    brief, notes = from_json(json.dumps(document))
    assert notes == []
    assert brief.steps[0].options_value() == MapOptions(labels=False, focus=("IRQ",))


def test_unknown_and_malformed_options_fall_back_to_the_defaults():
    document = {
        "format": "fault-lines-brief",
        "version": 1,
        "steps": [
            {
                "view": "timeline",
                "options": {"max_lanes": ["many"], "no_such_option": ["1"]},
                "filters": {"start": ["2013-13-45"], "countries": ["IRQ"]},
            }
        ],
    }
    brief, _notes = from_json(json.dumps(document))
    step = brief.steps[0]
    assert step.options_value() == TimelineOptions()
    assert step.filters_value() == Filters(countries=("IRQ",))
    assert step.options == ""  # normalised: nothing unknown travels on


# -- broken links and files ------------------------------------------------------------------


def _file(steps, **extra) -> str:
    return json.dumps({"format": "fault-lines-brief", "version": 1, "steps": steps, **extra})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not valid JSON"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not text"),
        (b"[1, 2, 3]", "not a brief"),
        (json.dumps({"format": "something-else", "steps": []}), "not a brief"),
        (json.dumps({"format": "fault-lines-brief", "version": 7, "steps": []}), "version 7"),
        (json.dumps({"format": "fault-lines-brief", "version": 1}), 'no list of "steps"'),
        (_file([]), "no steps"),
        (_file([{"view": "retired_view"}]), "'retired_view'"),
        (_file([{"view": "overview"}] * (MAX_STEPS + 1)), f"at most {MAX_STEPS}"),
        (b" " * 300_000, "a brief is a few kB"),
    ],
)
def test_a_broken_file_gets_a_clear_message(data, message):
    with pytest.raises(BriefError, match=message.replace("(", r"\(")):
        from_json(data)


def test_a_step_whose_view_no_longer_exists_is_left_out_with_a_note():
    text = _file(
        [
            {"view": "overview"},
            {"view": "retired_view", "title": "Old"},
            {"view": "timeline", "options": ["not", "a", "mapping"]},
            "not even an object",
        ]
    )
    brief, notes = from_json(text)
    assert [s.view for s in brief.steps] == ["overview"]
    assert len(notes) == 3
    assert notes[0].startswith("Step 2 was left out") and "'retired_view'" in notes[0]
    assert all(name in notes[0] for name in VIEWS)  # says what there is instead
    assert notes[1].startswith("Step 3 was left out") and "malformed" in notes[1]
    assert notes[2].startswith("Step 4 was left out")


def test_a_title_from_a_file_is_one_plain_line():
    brief, _ = from_json(
        _file([{"view": "overview", "title": "Line one\nline two\x00\x1b[31m" + "x" * 500}])
    )
    title = brief.steps[0].title
    assert "\n" not in title and "\x00" not in title and "\x1b" not in title
    assert title.startswith("Line one line two") and len(title) <= 160


@pytest.mark.parametrize(
    "param",
    [
        "",
        "not-a-brief",
        to_param(CUSTOM)[:-12],  # cut short when copied
        base64.urlsafe_b64encode(zlib.compress(b"[1, 2]")).decode(),
        base64.urlsafe_b64encode(zlib.compress(b'[9, "t", [["overview"]]]')).decode(),
        base64.urlsafe_b64encode(zlib.compress(b'[1, "t", []]')).decode(),
        # A small parameter that would inflate to 2 MB: refused without inflating it all.
        base64.urlsafe_b64encode(zlib.compress(b"[" + b" " * 2_000_000 + b"]", 9)).decode(),
    ],
)
def test_a_broken_link_gets_a_clear_message(param):
    with pytest.raises(BriefError, match=r"cannot be read|no steps"):
        from_param(param)


# -- edits ---------------------------------------------------------------------------------


def test_steps_are_moved_removed_and_retitled():
    a, b, c = CUSTOM.steps
    assert CUSTOM.moved(0, 1).steps == (b, a, c)
    assert CUSTOM.moved(2, -5).steps == (c, a, b)  # kept inside the list
    assert CUSTOM.moved(2, 1).steps == (a, b, c)
    assert CUSTOM.removed(1).steps == (a, c)
    assert CUSTOM.retitled(1, "  New\ttitle ").steps[1].title == "New title"
    assert CUSTOM.retitled(0, "").steps[0].title == ""  # back to the view's own
    assert CUSTOM.added(Step("overview")).steps[-1] == Step("overview")


# -- the default story, computed --------------------------------------------------------------


def test_the_default_brief_tells_the_story_and_hindsight_adds_what_came_after():
    core, later = default_brief(), default_brief(hindsight=True)
    assert [s.view for s in core.steps] == [
        "network", "fault_map", "timeline", "network", "casualties",
    ]  # fmt: skip
    assert core.steps[3].options_value().ego == "iran"  # the triangle at the heart of it
    extra = later.steps[len(core.steps) :]
    assert later.steps[: len(core.steps)] == core.steps
    assert extra and all(s.filters_value().include_after_publication for s in extra)
    assert all(not s.filters_value().include_after_publication for s in core.steps)


@pytest.fixture(scope="module")
def story():
    data = real_view_data()
    brief = default_brief(hindsight=True)
    return brief, [step_view(step, data) for step in brief.steps]


def test_every_default_step_computes_on_the_data_with_a_chart_and_sources(story):
    brief, views = story
    for step, view in zip(brief.steps, views, strict=True):
        assert view.title == step.title
        assert view.takeaway and view.figure is not None, step
        assert len(view.sources), step
        assert view.source_line.startswith("Sources: ")


def test_a_step_follows_its_own_filters(story):
    brief, views = story
    timeline_now = views[[s.view for s in brief.steps].index("timeline")]
    timeline_after = next(v for v in views if v.title == "What came after")
    assert len(timeline_after.tables["events"]) > len(timeline_now.tables["events"])


def test_a_step_can_show_another_of_its_views_figures():
    data = real_view_data()
    main = step_view(Step.of("network", NetworkOptions()), data)
    balance = step_view(Step.of("network", NetworkOptions(), figure="balance"), data)
    unknown = step_view(Step.of("network", NetworkOptions(), figure="no_such"), data)
    assert "balance" in balance.figure.layout.title.text.lower()
    assert unknown.figure.layout.title.text == main.figure.layout.title.text
    assert balance.title == "Relationships"  # no title of its own: the view's


def test_a_step_of_an_unknown_view_is_refused_when_computed():
    with pytest.raises(BriefError, match="no view called"):
        step_view(Step("retired_view"), real_view_data())


def test_the_source_line_names_a_few_sources_and_counts_the_rest():
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b", "c", "d", "e"],
            "title": ["T1", "T2", "T3", "T4", "T5"],
            "publisher": ["Alpha", "Beta", "Alpha", "Gamma", "Delta"],
            "published": ["2014-01", "", "2014-01", "2013", "2012"],
        }
    )
    assert source_line(sources) == (
        "Sources: Alpha (2014-01); Beta; Gamma (2013) and 2 more (see the list of sources)"
    )
    assert source_line(sources.head(1)) == "Sources: Alpha (2014-01)"
    assert "none cited" in source_line(sources.head(0))


def test_a_step_with_its_own_filters_is_cut_by_them_not_by_the_pages():
    # The brief page holds the cut for the sidebar's filters; a step added with hindsight
    # on must be computed on its own cut, with the events after publication.
    page = real_view_data()
    page = dataclasses.replace(page, cut=filtered_dataset(page.full, page.filters))
    later = Filters(include_after_publication=True)
    step = view_data_for(Step.of("timeline", TimelineOptions(), later), page)
    assert step.filters == later
    expected = filtered_dataset(page.full, later).events["event_id"].tolist()
    assert step.dataset.events["event_id"].tolist() == expected
    assert len(expected) > len(page.dataset.events)
    same = view_data_for(Step.of("timeline", TimelineOptions(), page.filters), page)
    assert same.dataset is page.dataset  # the page's own filters: its cut is reused
