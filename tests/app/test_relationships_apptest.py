"""The relationships page in Streamlit's AppTest: it runs under filters, dates and modes,
names the unbalanced triangles, and follows the sidebar."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

PAGE = "pages/relationships.py"


def run_page(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    app.query_params.update(query)
    app.run()
    return app.switch_page(PAGE).run()


def takeaway(app: AppTest) -> str:
    return next(m.value for m in app.markdown if m.value.startswith("**As of"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, "As of 31 Jan 2014"),
        ({"as_of": "Fall of the Shah"}, "As of 11 Feb 1979"),
        ({"after": "true", "as_of": "July 2015: nuclear deal"}, "As of 14 Jul 2015"),
        # Without the hindsight layer a later date is not offered: the article's date stays.
        ({"as_of": "July 2015: nuclear deal"}, "As of 31 Jan 2014"),
        ({"mode": "matrix"}, "As of 31 Jan 2014"),
        ({"mode": "ego", "ego": "Iran"}, "As of 31 Jan 2014"),
        ({"actor": "Iran"}, "As of 31 Jan 2014"),
        ({"sect": "Shia"}, "As of 31 Jan 2014"),
        ({"period": ["2003-01-01", "2008-12-31"]}, "As of"),
    ],
)
def test_page_runs_under_filters_dates_and_modes(query, expected):
    app = run_page(**query)
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.title[0].value == "Relationships"
    assert expected in takeaway(app).replace("\\", "")


def test_page_names_the_articles_unbalanced_triangle():
    app = run_page()
    text = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "Iran and United States are both hostile to ISIL, yet hostile to each other." in text


def test_actor_filter_changes_the_network():
    everything = takeaway(run_page())
    iran = takeaway(run_page(actor="Iran"))
    assert everything != iran


def test_key_dates_follow_the_hindsight_switch():
    at = run_page().select_slider(key="as_of").options
    after = run_page(after="true").select_slider(key="as_of").options
    assert at[-1].startswith("The article")
    assert len(after) > len(at)


def imported_data(tmp_path) -> str:
    """A generated import (no article): 500 actors and 5,000 per-year ties."""
    from dashboard.model.formats import write_dataset
    from tests.unit.test_casualties_at_scale import generated_tables
    from tests.unit.test_network_at_scale import generated_actors, generated_relations

    tables = generated_tables(200, ranged=False, publisher="ACLED")
    actors = generated_actors().drop(columns="_line").assign(claim_ids="c1")
    relations = generated_relations(rows=5_000)
    columns = ["relation_id", "source_actor", "target_actor", "kind", "sign", "directed",
               "start", "end", "layer", "description", "claim_ids"]  # fmt: skip
    relations = relations[columns].assign(
        sign=relations["sign"].astype(str), directed="false", claim_ids="c1"
    )
    tables.update(actors=actors.astype(str), relations=relations.astype(str))
    write_dataset(tables, tmp_path / "data")
    return str(tmp_path / "data")


def test_imported_data_shows_the_most_connected_over_a_year(tmp_path, monkeypatch):
    monkeypatch.setenv("FAULT_LINES_DATA", imported_data(tmp_path))
    app = run_page()
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.select_slider(key="as_of").options[:2] == ["2016", "2017"]
    text = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "**In the year to " in text
    notes = " ".join(w.value for w in app.warning).replace("\\", "")
    assert "The 40 most connected of " in notes
    assert "filter by actor or country to see others" in notes
    assert "article" not in app.caption[0].value
    assert len(app.get("plotly_chart")) >= 2  # the network and the balance over time
    earlier = run_page(as_of="2018")
    assert not earlier.exception
    text = " ".join(m.value for m in earlier.markdown).replace("\\", "")
    assert "**In the year to 31 Dec 2018" in text
