"""The launcher's warm start: what it computes while the server comes up is exactly what the
first reader of the Overview asks for, so that reader's page computes none of it again."""

from __future__ import annotations

import functools
import gc

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import dashboard.ui.views as ui_views
import dashboard.views.overview as overview
from dashboard.ui.server import warm_start
from dashboard.views.overview import SMALL_VIEWS
from tests.conftest import REPO_ROOT


@pytest.fixture(autouse=True)
def collect_as_before():
    """warm_start() sets what is loaded aside from collection, for the process: undone
    after each test, so the rest of the suite runs as it always does."""
    yield
    gc.unfreeze()


def must_not_run(view):
    """view under its own name (the cache's key), failing if the cache ever calls it."""

    @functools.wraps(view)
    def recomputed(*args, **kwargs):
        pytest.fail(f"{view.__qualname__} was computed again for the first reader")

    return recomputed


def test_the_first_readers_overview_is_already_computed(monkeypatch):
    st.cache_resource.clear()  # a cold process
    warm_start()  # as the launcher's thread runs it, outside any session
    monkeypatch.setattr(overview, "overview_view", must_not_run(overview.overview_view))
    monkeypatch.setattr(
        overview,
        "SMALL_VIEWS",
        {
            name: (must_not_run(function), *rest)
            for name, (function, *rest) in overview.SMALL_VIEWS.items()
        },
    )
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception, [e.message for e in app.exception]
    assert len(app.get("plotly_chart")) == 3
    assert "Iran and the U.S. may form an alliance" in " ".join(
        m.value for m in app.markdown
    ).replace("\\", "")


def test_a_failing_warm_start_leaves_the_server_to_the_page(monkeypatch, caplog):
    def broken():
        raise OSError("no data here")

    monkeypatch.setattr("dashboard.ui.views.warm_first_page", broken)
    warm_start()  # logs, never raises: the thread must not take anything down with it
    assert "warm start failed" in caplog.text
    assert gc.isenabled()  # and the process collects its garbage again


def test_the_warm_start_runs_without_collections_and_then_collection_resumes(monkeypatch):
    # The imports and first views made 530 collections walk what they loaded, 0.44-0.55 s
    # of the warm start, while the first reader waited.
    collecting_during = []
    monkeypatch.setattr(
        "dashboard.ui.views.warm_first_page", lambda: collecting_during.append(gc.isenabled())
    )
    assert gc.isenabled()
    warm_start()
    assert collecting_during == [False]
    assert gc.isenabled()


def test_after_the_warm_start_a_collection_leaves_what_it_loaded_alone(monkeypatch):
    # Streamlit collects after every script run: walking the 200,000 objects of a loaded
    # dashboard took 0.1 s of the interpreter lock, per rerun, per session.
    monkeypatch.setattr("dashboard.ui.views.warm_first_page", lambda: None)
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    warm_start()
    loaded = gc.get_freeze_count()
    assert loaded > 10_000  # the imported modules at least
    assert len(gc.get_objects()) < loaded / 10  # what a collection still walks


def record_computations(monkeypatch) -> list[str]:
    """The Overview's views, wrapped under their own names (the cache's key) to append
    their part's name to the returned list when computed, for the page and the warm start."""
    computed: list[str] = []

    def recorded(part, view):
        @functools.wraps(view)
        def computing(*args, **kwargs):
            computed.append(part)
            return view(*args, **kwargs)

        return computing

    text = recorded("text", overview.overview_view)
    small = {name: (recorded(name, view), *rest) for name, (view, *rest) in SMALL_VIEWS.items()}
    for module in (overview, ui_views):
        monkeypatch.setattr(module, "overview_view", text)
        monkeypatch.setattr(module, "SMALL_VIEWS", small)
    return computed


def test_the_warm_start_computes_first_the_chart_the_page_shows_first(monkeypatch):
    # After a cold start the first reader's page waits for the warm start's views: made in
    # another order, its first chart would wait for the map, the slowest.
    computed = record_computations(monkeypatch)
    st.cache_resource.clear()
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception, [e.message for e in app.exception]
    asked_by_the_page = list(computed)

    computed.clear()
    st.cache_resource.clear()
    warm_start()
    assert computed == asked_by_the_page == ["timeline", "text", "network", "map"]


def test_the_app_skips_streamlits_check_for_being_run_outside_streamlit_run(monkeypatch):
    # The check walks the stack with inspect at the first element any session sends,
    # resolving the path of every loaded module: up to a second in front of the first
    # reader's first element after a cold start, for a warning a served app never gets.
    from streamlit import delta_generator, env_util

    assert hasattr(delta_generator, "_use_warning_has_been_displayed")  # Streamlit's own flag
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    walked = []
    monkeypatch.setattr(env_util, "is_repl", lambda: walked.append(True) or False)
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title, "the page drew nothing"
    assert walked == []
