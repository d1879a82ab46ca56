"""The timeline page in Streamlit's AppTest: it runs under the filters, follows them, and
says what it left off."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR, REPO_ROOT

PAGE = "pages/timeline.py"


def timeline(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=90)
    app.query_params.update(query)
    app.run()
    return app.switch_page(PAGE).run()


def takeaway(app: AppTest) -> str:
    return next(m.value for m in app.markdown if "events" in m.value and m.value.startswith("**"))


def event_ids(app: AppTest) -> set[str]:
    frame = next(df.value for df in app.dataframe if "event_id" in df.value.columns)
    return set(frame["event_id"])


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({}, {"iran_iraq_war", "jpoa_geneva", "anbar_takeover_2014"}, {"mosul_falls"}),
        ({"after": "true"}, {"mosul_falls", "iran_iraq_war"}, set()),
        ({"country": "Iraq"}, {"iran_iraq_war", "anbar_takeover_2014"}, {"obama_rouhani_call"}),
        ({"actor": "Iran"}, {"iran_iraq_war"}, {"fallujah_first_battle"}),
        ({"lanes": "Country"}, {"iran_iraq_war"}, {"mosul_falls"}),
        ({"lanes": "Kind of event", "after": "true"}, {"soleimani_killed"}, set()),
    ],
)
def test_page_runs_and_follows_the_filters(query, present, absent):
    app = timeline(**query)
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.title[0].value == "Timeline"
    shown = event_ids(app)
    assert present <= shown, present - shown
    assert not (absent & shown), absent & shown
    assert f"{len(shown)} events" in takeaway(app)


def test_hindsight_adds_events():
    before, after = event_ids(timeline()), event_ids(timeline(after="true"))
    assert before < after


def test_lanes_control_is_bound_to_the_link():
    app = timeline(lanes="Country")
    assert app.get("button_group")[0].value == "country"


def test_a_period_narrows_the_events():
    everything = event_ids(timeline())
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=90).run()
    app.switch_page(PAGE).run()
    from datetime import date

    app.sidebar.slider(key="period").set_value((date(2013, 1, 1), date(2013, 12, 31))).run()
    narrowed = event_ids(app)
    assert narrowed < everything
    assert "iran_iraq_war" not in narrowed and "us_iran_secret_talks" in narrowed


def test_event_rows_with_problems_are_named_and_the_rest_draws(tmp_path, monkeypatch):
    broken = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken)
    lines = (broken / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    blank = dict.fromkeys(header, "")
    bad_rows = [
        {**blank, "event_id": "no_start", "title": "No start", "start": ""},
        {**blank, "event_id": "backwards", "title": "Backwards", "start": "2013-05", "end": "2012"},
        {**blank, "event_id": "vague", "title": "Vague", "start": "spring 2013"},
    ]
    for row in bad_rows:
        row.update(event_type="statement", layer="at_publication", claim_ids="a_shah")
        lines.append(",".join(row[column] for column in header) + "\n")
    (broken / "events.csv").write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("FAULT_LINES_DATA", str(broken))
    app = timeline()
    assert not app.exception, [e.message for e in app.exception]
    notes = [e.label for e in app.expander if "Not on the timeline" in e.label]
    assert notes and "events.csv" in notes[0]
    shown = event_ids(app)
    assert "iran_iraq_war" in shown
    assert not {"no_start", "backwards", "vague"} & shown
    assert any("left off the timeline" in i.value for i in app.info)


def test_a_place_from_the_map_narrows_to_its_events_and_can_be_cleared():
    # The map links here with ?place=<place_id> ("its events on the timeline").
    app = timeline(place="fallujah", after="true")
    assert not app.exception, [e.message for e in app.exception]
    shown = event_ids(app)
    assert shown and "iran_iraq_war" not in shown
    assert {"fallujah_first_battle", "fallujah_retaken"} <= shown
    clear = next(b for b in app.button if "show every place" in b.label)
    clear.click().run()
    assert "iran_iraq_war" in event_ids(app)
