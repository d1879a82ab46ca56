"""The map page in AppTest: what the figure holds under filters, and a dataset without maps."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import shapely
from streamlit.testing.v1 import AppTest

from dashboard.model.boundaries import load_boundaries
from dashboard.navigation import PAGES
from tests.conftest import DATA_DIR, REPO_ROOT

PLACES = pd.read_csv(DATA_DIR / "places.csv", dtype=str, keep_default_na=False)
_ADMIN1, _ = load_boundaries(DATA_DIR / "geo")
IRAQ_BOUNDS = shapely.total_bounds(_ADMIN1.loc[_ADMIN1["iso3"] == "IRQ"].geometry.to_numpy())


def map_page(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    app.query_params.update(query)
    app.run().switch_page(page_path("fault_map")).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def page_path(stem: str) -> str:
    [path] = [page.path for page in PAGES if page.path == f"pages/{stem}.py"]
    return path


def map_spec(app: AppTest) -> dict:
    [chart] = app.get("plotly_chart")
    return json.loads(chart.proto.spec)


def map_traces(**query) -> dict[str, dict]:
    return {trace["name"]: trace for trace in map_spec(map_page(**query))["data"]}


def place_ids(trace: dict) -> set[str]:
    """The record ids of a marker trace (the first item of each customdata row)."""
    return {row[0] for row in trace["customdata"]}


def marker_traces(traces: dict[str, dict]) -> list[dict]:
    """The place marker trace(s): named 'Places...' ('Places and events' before)."""
    return [t for name, t in traces.items() if name.startswith("Places")]


def region_groups(traces: dict[str, dict]) -> dict[str, str]:
    """adm1_code -> the legend group it is drawn in, over every region choropleth."""
    return {
        code: name
        for name, trace in traces.items()
        if trace["type"] == "choropleth" and name != "Other countries"
        for code in trace["locations"]
    }


def test_a_country_filter_zooms_but_does_not_blank_the_neighbours():
    everywhere = region_groups(map_traces())
    iraq_only = region_groups(map_traces(country="Iraq"))
    # Far-off regions may be left out of a zoomed map, but no region drawn changes colour:
    # the make-up is geography, not filtered ("not sourced" stays the deliberate few).
    changed = {c: (everywhere.get(c), g) for c, g in iraq_only.items() if everywhere.get(c) != g}
    assert changed == {}
    neighbours = {code[:3] for code in iraq_only} - {"IRQ"}
    assert {"SYR", "IRN", "SAU", "TUR"} <= neighbours


def test_a_country_filter_zooms_to_it_and_keeps_only_its_places():
    iraqi = set(PLACES.loc[PLACES["country"] == "IRQ", "place_id"])
    everywhere = map_page()
    app = map_page(country="Iraq")
    geo, whole = map_spec(app)["layout"]["geo"], map_spec(everywhere)["layout"]["geo"]
    # The zoom: Iraq's bounds, padded a little, and well inside the whole region's frame.
    west, east = geo["lonaxis"]["range"]
    south, north = geo["lataxis"]["range"]
    minx, miny, maxx, maxy = IRAQ_BOUNDS
    assert minx - 1.5 < west < minx and maxx < east < maxx + 1.5
    assert miny - 1.5 < south < miny and maxy < north < maxy + 1.5
    whole_west, whole_east = whole["lonaxis"]["range"]
    assert whole_west < west and east < whole_east
    # The places kept: Iraq's own, Fallujah and Ramadi among them, on the map and in the table.
    shown = set().union(*(place_ids(t) for t in marker_traces(map_traces(country="Iraq"))))
    assert {"fallujah", "ramadi"} <= shown <= iraqi
    everywhere_shown = set().union(*(place_ids(t) for t in marker_traces(map_traces())))
    assert everywhere_shown - iraqi, "without the filter, places outside Iraq are shown"
    table = next(f.value for f in app.dataframe if {"id", "place_kind"} <= set(f.value.columns))
    assert set(table["id"]) == shown
    assert set(table["country"]) == {"IRQ"}


def test_holders_are_named_even_when_a_filter_leaves_them_out_of_the_actors():
    traces = map_traces(country="Iraq")
    held = traces["Militant control: contested"]["text"]
    assert any("held by Islamic State" in text for text in held if text), held


def test_without_boundaries_the_pages_still_run_and_say_why(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("geo"))
    monkeypatch.setenv("FAULT_LINES_DATA", str(data))
    for page in (page_path("overview"), page_path("fault_map")):
        app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60).run()
        app.switch_page(page).run()
        assert not app.exception, [e.message for e in app.exception]
        assert any("No map" in info.value and "geo" in info.value for info in app.info)
