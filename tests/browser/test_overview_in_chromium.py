"""The Overview in Chromium: its key figure cards and three small charts are drawn, its
links lead into the pages, and no request leaves localhost."""

from __future__ import annotations

from tests.browser.conftest import RecordedPage


def test_overview_shows_cards_and_three_small_charts_offline(
    server_url, recorded_page: RecordedPage
):
    page = recorded_page.page
    page.goto(server_url)
    page.get_by_role("heading", name="Fault Lines").first.wait_for(timeout=90_000)
    charts = page.locator('[data-testid="stMain"] .js-plotly-plot')
    charts.nth(2).wait_for(timeout=120_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
    assert charts.count() == 3, "the Overview should draw the small map, timeline and network"
    # Each small chart has drawn something: regions on the map, marks elsewhere. Plotly
    # draws the map's regions after the script has finished: waited for, not counted at once
    # (a loaded CI machine saw none yet).
    page.locator(".choroplethlocation").nth(100).wait_for(state="attached", timeout=60_000)
    cards = page.get_by_text("the article", exact=True)
    assert cards.count() == 5, "one card per figure the article gives"
    assert page.get_by_text("≥ 1.25 million").count() == 1
    for words in ("Open the fault-lines map", "Open the timeline", "Open the relationships"):
        assert page.get_by_role("link", name=words).count() == 1
    evidence = page.get_by_role("link", name="claim thesis_1_alliance — see Evidence")
    assert "q=thesis_1_alliance" in (evidence.get_attribute("href") or "")
    assert not page.locator('[data-testid="stException"]').count()
    assert recorded_page.outside_requests() == []


def test_closed_expanders_open_on_a_click(server_url, recorded_page: RecordedPage):
    # The exact-date pickers and the contradicted statements are drawn only once opened
    # (a rerun): a reader's click must still show them.
    page = recorded_page.page
    page.goto(server_url)
    page.get_by_role("heading", name="Fault Lines").first.wait_for(timeout=90_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("From", exact=True).count() == 0
    sidebar.get_by_text("Exact dates", exact=True).click()
    sidebar.get_by_text("From", exact=True).wait_for(timeout=60_000)
    assert sidebar.get_by_text("To", exact=True).count() == 1
    page.get_by_text("Where the references contradict", exact=False).click()
    page.get_by_role("link", name="Check every quote and source").wait_for(timeout=60_000)
    assert page.get_by_text("(cooperation against the militants)", exact=False).count() == 1
    assert not page.locator('[data-testid="stException"]').count()
    assert recorded_page.outside_requests() == []
