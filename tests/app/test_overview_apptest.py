"""The Overview in AppTest: bottom line, claim links into the Evidence page, key figure
cards with their badges, three small charts each with its link, the honest coverage line."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT


def run_app(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    app.query_params.update(query)
    return app.run()


def links(app: AppTest) -> list:
    return list(app.get("page_link"))


def test_the_overview_a_briefer_opens_with():
    app = run_app()
    assert not app.exception, [e.message for e in app.exception]
    text = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "Iran and the U.S. may form an alliance" in text
    assert "≥ 1.25 million" in text  # the article's floor as a card's headline
    # st.badge is markdown to AppTest: one badge per card, in words and colour.
    badges = [m.value for m in app.markdown if "-badge[" in m.value]
    assert len(app.get("plotly_chart")) == 3
    labels = [link.proto.label for link in links(app)]
    for words in ("Open the fault-lines map", "Open the timeline", "Open the relationships"):
        assert words in labels
    assert "claim thesis_1_alliance — see Evidence" in labels
    assert labels.count("Trace it") == 5
    captions = " ".join(c.value for c in app.caption).replace("\\", "")
    assert "It holds only what the article touches" in captions
    assert sorted(badges) == sorted(
        [":orange-badge[At the edge]", ":orange-badge[Basis disputed]", ":green-badge[Agrees]"]
        + [":red-badge[Disputed]"] * 2
    )


def test_claim_and_figure_links_open_the_evidence_page_on_them():
    app = run_app()
    by_label = {link.proto.label: link.proto for link in links(app)}
    claim = by_label["claim thesis_1_alliance — see Evidence"]
    assert claim.page.endswith("evidence") and "q=thesis_1_alliance" in claim.query_string
    traced = {link.proto.query_string for link in links(app) if link.proto.label == "Trace it"}
    assert "trace_table=figures&trace_figures=art_iran_iraq_deaths" in traced
    assert len(traced) == 5
    # The link opens the Evidence page on that record.
    evidence = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    evidence.query_params.update(
        {"trace_table": "figures", "trace_figures": "art_iran_iraq_deaths"}
    )
    evidence.run().switch_page("pages/evidence.py").run()
    assert not evidence.exception
    shown = " ".join(m.value for m in evidence.markdown).replace("\\", "")
    assert "1.25 million" in shown or "1,250,000" in shown


def test_the_cards_follow_the_filters():
    app = run_app(actor="Iran")
    assert not app.exception
    labels = [link.proto.label for link in links(app)]
    assert labels.count("Trace it") < 5


def test_imported_data_is_described_not_quoted(tmp_path, monkeypatch):
    from tests.app.test_casualties_apptest import imported_data

    monkeypatch.setenv("FAULT_LINES_DATA", imported_data(tmp_path))
    app = run_app()
    assert not app.exception, [e.message for e in app.exception]
    text = " ".join(m.value for m in app.markdown).replace("\\", "").replace("\u2060", "")
    assert "“" not in text
    assert "Imported data, not an article: 1,000 events from ACLED export test.csv" in text
    captions = " ".join(c.value for c in app.caption).replace("\\", "").replace("\u2060", "")
    assert "No article in this dataset" not in captions
    assert "Imported data: ACLED export test.csv" in captions
    assert {m.label for m in app.metric} >= {"Events", "People killed", "Period", "Countries"}
    assert not [e for e in app.expander if "contradict the article" in e.label]
    labels = [link.proto.label for link in links(app)]
    assert "Trace it" not in labels


def test_the_contradictions_are_listed_once_opened():
    app = run_app()
    [expander] = [e for e in app.expander if "contradict the article" in e.label]
    assert not expander.markdown  # closed: nothing sent for the browser to draw
    app.session_state["contradictions"] = True  # what opening it does
    app.run()
    [expander] = [e for e in app.expander if "contradict the article" in e.label]
    lines = [m.value for m in expander.markdown]
    count = int(expander.label.rsplit("(", 1)[1].rstrip(")"))
    assert len(lines) == count > 0
    assert any("cooperation against the militants" in line.replace("\\", "") for line in lines)
    assert "Check every quote and source" in [link.proto.label for link in links(app)]
