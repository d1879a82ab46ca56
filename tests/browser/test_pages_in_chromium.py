"""Every page in a real browser: it draws its content, shows no error, stays on localhost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RecordedPage
from tests.conftest import ARTIFACTS_DIR

pytestmark = pytest.mark.browser

ERROR_SELECTORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def open_page(recorded: RecordedPage, url: str, heading: str) -> None:
    """Load url and wait until Streamlit has drawn the page's heading and finished running."""
    page = recorded.page
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    # The status widget shows while the script runs; wait for it to go.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(500)


def screenshot_whole_page(recorded: RecordedPage, name: str) -> None:
    """Screenshot the whole page: Streamlit scrolls inside stMain, so grow the viewport."""
    page = recorded.page
    viewport = page.viewport_size
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 1000"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height, 1000), 8000)})
    page.wait_for_timeout(300)
    page.screenshot(path=ARTIFACTS_DIR / f"{name}.png")
    page.set_viewport_size(viewport)


def assert_no_errors(recorded: RecordedPage, name: str) -> None:
    screenshot_whole_page(recorded, name)
    errors = recorded.page.locator(ERROR_SELECTORS)
    assert errors.count() == 0, f"{name}: error on the page: {errors.first.inner_text()}"


# First in the file on purpose: the session's first visit is a deep link to a page, the
# case where Streamlit would run the page without app.py (see ui/data.py).
def test_link_reopens_the_same_view_and_keeps_it(server_url, recorded_page):
    # A briefer copies the address bar; a colleague opening it sees the same filters, and
    # they survive the next interaction. Older links name countries (country=Iraq): they
    # still open, and the address is rewritten with ids (country=IRQ).
    link = f"{server_url}/fault_map?q=x&after=true&country=Iraq&focus=Iraq"
    open_page(recorded_page, link, "Fault lines")
    page = recorded_page.page
    # expect() retries: right after a first visit the sidebar may still be drawing.
    switch = page.get_by_role("switch", name="Show what happened after publication")
    expect(switch).to_be_checked(timeout=20_000)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Iraq", exact=True)).to_have_count(1, timeout=20_000)
    page.get_by_text("Show what happened after publication").click()
    page.wait_for_url(lambda url: "after=true" not in url)
    assert "country=IRQ" in page.url and "focus=Iraq" in page.url
    assert_no_errors(recorded_page, "map-from-link")


def test_overview_shows_bottom_line_and_figures(server_url, recorded_page):
    open_page(recorded_page, server_url, "Fault Lines")
    page = recorded_page.page
    assert page.get_by_text("“Iran and the U.S. may form an alliance", exact=False).count() >= 1
    metrics = page.locator('[data-testid="stMetric"]')
    metrics.nth(5).wait_for()
    assert metrics.count() == 6
    assert page.get_by_text("the article", exact=True).count() >= 1, "no figure card drawn"
    assert_no_errors(recorded_page, "overview")


def test_evidence_page_lists_claims(server_url, recorded_page):
    open_page(recorded_page, f"{server_url}/evidence", "Evidence")
    page = recorded_page.page
    page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first.wait_for()
    assert page.get_by_text("claims", exact=False).count() >= 1
    assert_no_errors(recorded_page, "evidence")


def test_map_draws_regions_fault_lines_and_markers_offline(server_url, recorded_page):
    open_page(recorded_page, f"{server_url}/fault_map", "Fault lines")
    page = recorded_page.page
    regions = page.locator(".choroplethlocation")
    regions.nth(100).wait_for(timeout=60_000)
    assert regions.count() >= 250, "the admin-1 regions were not drawn"
    assert page.locator(".scattergeo .js-line").count() >= 1, "no fault lines drawn"
    assert page.locator(".scattergeo .point").count() >= 3, "no place markers drawn"
    # The base map (land, coastlines) comes from the app's own static folder.
    assert any("/app/static/topojson/" in url for url in recorded_page.requests)
    assert page.locator(".geo .bglayer path, .geo .layer.land path, .geo path.land").count() >= 1
    assert_no_errors(recorded_page, "fault-map")


def visible_marker_centre(page) -> tuple[float, float]:
    """The centre of a place marker drawn inside the map's frame (not clipped)."""
    frame = page.locator(".geo .bg rect").first.bounding_box()
    markers = page.locator(".scattergeo.trace").last.locator(".point")
    for index in range(markers.count()):
        box = markers.nth(index).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if (
            frame["x"] + 10 < x < frame["x"] + frame["width"] - 10
            and frame["y"] + 10 < y < frame["y"] + frame["height"] - 10
        ):
            return x, y
    raise AssertionError("no place marker is visible on the map")


def test_clicking_a_place_on_the_map_shows_its_evidence(server_url, recorded_page):
    open_page(recorded_page, f"{server_url}/fault_map?focus=Iraq", "Fault lines")
    page = recorded_page.page
    page.locator(".scattergeo .point").first.wait_for(timeout=60_000)
    page.mouse.click(*visible_marker_centre(page))
    page.get_by_role("heading", name="Evidence (").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="on every page").wait_for()
    assert page.get_by_role("heading", name="Place:").count() == 1
    assert_no_errors(recorded_page, "fault-map-clicked")
