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


def imported_data(tmp_path, count: int = 1_000) -> str:
    """A generated ACLED-like import: more figures than are drawn one by one, no article."""
    from dashboard.model.formats import write_dataset
    from tests.unit.test_casualties_at_scale import generated_tables

    write_dataset(generated_tables(count, ranged=False, publisher="ACLED"), tmp_path / "data")
    return str(tmp_path / "data")


def test_imported_data_shows_totals_and_no_article_switch(tmp_path, monkeypatch):
    monkeypatch.setenv("FAULT_LINES_DATA", imported_data(tmp_path))
    app = run_page()
    assert not app.exception, [e.message for e in app.exception]
    assert not [t for t in app.toggle if t.label.startswith("Only what the article")]
    captions = " ".join(c.value for c in app.caption).replace("\\", "").replace("\u2060", "")
    assert "1,000 figures in view: too many to draw one by one" in captions
    assert "ACLED gives a single count per event" in captions
    assert "the article" not in captions.lower()
    assert len(app.get("plotly_chart")) == 2  # per country, per year
    top = next(f.value for f in app.dataframe if "country" in f.value.columns)
    assert set(top["country"]) == {"Iraq", "Syria", "Yemen", "Lebanon"}
    labels = [b.label for b in app.get("download_button")]
    assert "Download the totals per country (CSV)" in labels
    assert "Download the totals per year (CSV)" in labels
