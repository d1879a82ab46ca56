"""Every page runs in Streamlit's AppTest on the curated data, and obeys the filters."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

PAGES = ["pages/overview.py", "pages/fault_map.py", "pages/evidence.py"]


def run_app(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    app.query_params.update(query)
    return app.run()


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    app = run_app().switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.title, f"{page} shows no title"


def test_every_page_file_is_registered_in_navigation():
    # st.navigation ignores unregistered files in pages/: each must appear in app.py.
    registered = set(re.findall(r'st\.Page\("(pages/[^"]+)"', (REPO_ROOT / "app.py").read_text()))
    on_disk = {f"pages/{path.name}" for path in (REPO_ROOT / "pages").glob("*.py")}
    assert on_disk == registered == set(PAGES)


def test_overview_counts_follow_the_actor_filter():
    everything = {m.label: m.value for m in run_app().metric}
    app = run_app()
    app.sidebar.multiselect(key="actor").select("john_kerry").run()
    kerry_only = {m.label: m.value for m in app.metric}
    assert int(kerry_only["Events"]) < int(everything["Events"])
    assert int(kerry_only["Actors"]) == 1


def test_hindsight_layer_is_off_by_default_and_adds_events():
    before = int({m.label: m.value for m in run_app().metric}["Events"])
    after = int({m.label: m.value for m in run_app(after="true").metric}["Events"])
    assert after > before


def test_missing_data_directory_is_explained_in_the_page(tmp_path, monkeypatch):
    missing = tmp_path / "no-such-folder"
    monkeypatch.setenv("FAULT_LINES_DATA", str(missing))
    app = run_app()
    assert not app.exception
    assert any(str(missing) in e.value and "no data" in e.value for e in app.error)
