"""The Brief page in Streamlit's AppTest: it presents the default story, steps forward and
back, reopens a brief link, survives a broken one, and takes views added from other pages."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.analysis.filters import Filters
from dashboard.brief import Brief, Step, default_brief, to_param
from dashboard.views.fault_map import MapOptions
from tests.conftest import REPO_ROOT

BRIEF = "pages/brief.py"


def run_brief(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    app.query_params.update(query)
    app.run()
    return app.switch_page(BRIEF).run()


def shown_markdown(app: AppTest) -> str:
    """The page's Markdown, with its title written as '# title'."""
    return "\n".join([*(f"# {t.value}" for t in app.title), *(m.value for m in app.markdown)])


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_the_default_brief_is_presented_one_step_at_a_time():
    app = run_brief()
    assert_clean(app)
    steps = default_brief().steps
    text = shown_markdown(app)
    assert f"Step 1 of {len(steps)}" in text
    assert "# Who stood with whom when the article appeared" in text
    app.button(key="brief_next").click().run()
    assert_clean(app)
    assert f"Step 2 of {len(steps)}" in shown_markdown(app)
    assert "# The sectarian fault lines" in shown_markdown(app)
    assert app.query_params["step"] == "2"
    app.button(key="brief_previous").click().run()
    assert "# Who stood with whom" in shown_markdown(app)
    assert app.button(key="brief_previous").disabled


def test_hindsight_adds_what_came_after_to_the_default_brief():
    app = run_brief(after="true")
    assert f"Step 1 of {len(default_brief(hindsight=True).steps)}" in shown_markdown(app)


def test_a_brief_link_reopens_its_brief_at_its_step():
    brief = Brief(
        (Step("timeline"), Step.of("fault_map", MapOptions(focus=("IRQ",)), title="Iraq")),
        title="Two steps",
    )
    app = run_brief(brief=to_param(brief), step="2")
    assert_clean(app)
    assert "Step 2 of 2" in shown_markdown(app)
    assert "# Iraq" in shown_markdown(app)
    assert app.query_params["brief"] == to_param(brief)


def test_a_broken_brief_link_is_explained_and_the_default_shown():
    app = run_brief(brief="this-was-cut-sho")
    assert not app.exception
    assert any("cannot be read" in w.value for w in app.warning)
    assert f"Step 1 of {len(default_brief().steps)}" in shown_markdown(app)


def test_a_step_is_retitled_moved_and_removed():
    app = run_brief()
    first = next(t for t in app.text_input if t.label.startswith("Step 1"))
    first.input("Opening").run()
    assert "# Opening" in shown_markdown(app)
    count = len(default_brief().steps)
    app.button(key="brief_down_0").click().run()
    # The step on screen moved to second place, and stays on screen.
    assert f"Step 2 of {count}" in shown_markdown(app) and "# Opening" in shown_markdown(app)
    app.button(key="brief_previous").click().run()
    assert "# The sectarian fault lines" in shown_markdown(app)
    app.button(key="brief_remove_1").click().run()
    assert f"Step 1 of {count - 1}" in shown_markdown(app)
    assert "# The sectarian fault lines" in shown_markdown(app)
    assert "# Opening" not in shown_markdown(app)
    app.button(key="brief_next").click().run()
    assert "# How it came to this" in shown_markdown(app)


def test_a_view_added_from_its_page_becomes_a_step_of_the_brief():
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    app.query_params.update(country="Iraq")
    app.run()
    app.switch_page("pages/fault_map.py").run()
    app.button(key="add_to_brief_fault_map").click().run()
    assert_clean(app)
    app.switch_page(BRIEF).run()
    assert_clean(app)
    assert "Step 1 of 1" in shown_markdown(app)
    assert "in Iraq" in shown_markdown(app)  # the map step kept the sidebar's country


def test_a_step_shows_its_own_filters_whatever_the_sidebars():
    # A brief link reopens each step as it was added: the sidebar's country (Syria here)
    # must not replace the step's own (Iraq), nor its hindsight.
    step = Step.of("timeline", filters=Filters(countries=("IRQ",), include_after_publication=True))
    brief = to_param(Brief((step,), title="Iraq"))
    shown = {}
    for sidebar in ("IRQ", "SYR"):
        app = run_brief(brief=brief, country=sidebar)
        assert_clean(app)
        shown[sidebar] = (shown_markdown(app), app.get("plotly_chart")[0].proto.spec)
    assert shown["SYR"] == shown["IRQ"]
    assert "Battle of Mosul" in shown["IRQ"][1]  # after publication, in Iraq
