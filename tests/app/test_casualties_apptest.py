"""The Casualties and costs page in AppTest: the takeaway, the comparisons, one chart per
family, the downloadable table; the sidebar's hindsight switch and the page's own controls."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

PAGE = "pages/casualties.py"


def run_page(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    app.query_params.update(query)
    app.run()
    return app.switch_page(PAGE).run()


def figure_ids(app: AppTest) -> set[str]:
    table = next(f.value for f in app.dataframe if "figure_id" in f.value.columns)
    return set(table["figure_id"])


def markdown_text(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown).replace("\\", "")


def test_the_page_shows_takeaway_comparisons_charts_and_table():
    app = run_page()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == "Casualties and costs"
    text = markdown_text(app)
    assert "Of the article's 5 figures in view" in text
    assert "the article says **at least 1.25 million**" in text
    assert "is the top of the reference range" in " ".join(c.value for c in app.caption).replace(
        "\\", ""
    )
    assert len(app.get("plotly_chart")) >= 3  # deaths, cost, duration (and the others)
    assert "art_iran_iraq_deaths" in figure_ids(app)
    assert any(b.label.startswith("Download") for b in app.get("download_button"))
    assert any("No population figure" in c.value for c in app.caption)


def test_the_hindsight_switch_adds_the_figure_reported_later():
    assert "ref_syria_deaths_sohr_jan" not in figure_ids(run_page())
    assert "ref_syria_deaths_sohr_jan" in figure_ids(run_page(after="true"))


def test_an_actor_filter_leaves_only_its_figures():
    app = run_page(actor="Iran")
    assert not app.exception
    assert "art_iraq_cost" not in figure_ids(app)  # the US war in Iraq is not Iran's


def test_the_family_control_narrows_the_charts_and_the_table():
    app = run_page()
    everything = figure_ids(app)
    app.segmented_control(key="family").set_value("cost").run()
    assert not app.exception
    cost = figure_ids(app)
    assert cost < everything and "art_iraq_cost" in cost
    assert len(app.get("plotly_chart")) == 1
