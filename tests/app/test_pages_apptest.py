"""Every page runs in Streamlit's AppTest on the curated data, and obeys the filters."""

from __future__ import annotations

import ast

import pytest
from streamlit.testing.v1 import AppTest

import dashboard.navigation
from dashboard.navigation import DEFAULT_PAGE, PAGES
from dashboard.ui.text import shown_text
from tests.conftest import REPO_ROOT

PAGE_PATHS = [page.path for page in PAGES]


def run_app(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    app.query_params.update(query)
    return app.run()


@pytest.mark.parametrize("page", PAGE_PATHS)
def test_page_runs_without_exception(page):
    app = run_app().switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.title, f"{page} shows no title"


def test_every_page_file_is_in_the_one_list_of_pages():
    # st.navigation ignores unregistered files in pages/: each must be in PAGES.
    on_disk = {f"pages/{path.name}" for path in (REPO_ROOT / "pages").glob("*.py")}
    assert on_disk == set(PAGE_PATHS)
    assert len(PAGE_PATHS) == len(set(PAGE_PATHS))
    assert len({page.title for page in PAGES}) == len(PAGES)
    assert DEFAULT_PAGE in PAGES


def test_app_builds_its_navigation_from_the_list_of_pages():
    # In the source: app.py's st.navigation iterates over PAGES, and lists no page itself.
    tree = ast.parse((REPO_ROOT / "app.py").read_text(encoding="utf-8"))
    [navigation] = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "navigation"
    ]
    names_used = {n.id for n in ast.walk(navigation) if isinstance(n, ast.Name)}
    assert "PAGES" in names_used
    literals = {n.value for n in ast.walk(navigation) if isinstance(n, ast.Constant)}
    assert not {v for v in literals if isinstance(v, str) and v.startswith("pages/")}


def test_a_page_left_out_of_the_list_is_left_out_of_the_app(monkeypatch):
    # In behaviour: the app registers exactly what PAGES holds, no more.
    # Drop a page no other page links to (a page_link to a missing page is an error).
    sources = {page.path: (REPO_ROOT / page.path).read_text(encoding="utf-8") for page in PAGES}
    dropped = next(
        page
        for page in reversed(PAGES)
        if page != DEFAULT_PAGE
        and not any(page.path in text for path, text in sources.items() if path != page.path)
    )
    kept = tuple(page for page in PAGES if page != dropped)
    monkeypatch.setattr(dashboard.navigation, "PAGES", kept)
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception, [e.message for e in app.exception]
    for page in kept:
        app.switch_page(page.path)  # registered: no error
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(dropped.path)


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
    # The path is shown as text (escaped Markdown): compare what the reader sees.
    assert any(str(missing) in shown_text(e.value) and "no data" in e.value for e in app.error)
