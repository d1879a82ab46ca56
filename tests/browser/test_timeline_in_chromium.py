"""The timeline in a real browser: it draws exactly the events the filter lets through, a
click shows the evidence and leads to the map, nothing leaves localhost, and it reads in
light and dark at a laptop's and a projector's size."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.analysis.filters import Filters
from dashboard.charts.palette import surface
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.timeline import timeline_view
from tests.browser.conftest import RecordedPage
from tests.browser.test_pages_in_chromium import assert_no_errors, open_page
from tests.conftest import ARTIFACTS_DIR, DATA_DIR

pytestmark = pytest.mark.browser

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}
# The event ids of every mark plotly drew (each mark's customdata starts with its id).
DRAWN_IDS = """() => {
  const plot = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
  if (!plot || !plot.data) return null;
  const ids = new Set();
  for (const trace of plot.data) {
    for (const row of trace.customdata || []) { if (row && row[0]) ids.add(row[0]); }
  }
  return [...ids].sort();
}"""


def expected_ids(**filters) -> set[str]:
    """What the view function says the filter lets through: the page must draw the same."""
    dataset, _ = load_dataset(DATA_DIR)
    view = timeline_view(ViewData(dataset, Filters(**filters)))
    return set(view.tables["events"]["event_id"])


def open_timeline(recorded: RecordedPage, url: str) -> None:
    open_page(recorded, url, "Timeline")
    recorded.page.locator(".js-plotly-plot .barlayer .point").first.wait_for(timeout=60_000)


def drawn_ids(recorded: RecordedPage) -> set[str]:
    recorded.page.wait_for_function(f"() => ({DRAWN_IDS})() !== null", timeout=30_000)
    return set(recorded.page.evaluate(DRAWN_IDS))


def test_timeline_draws_the_events_of_a_filter(server_url, recorded_page):
    open_timeline(recorded_page, f"{server_url}/timeline?country=Iraq")
    iraq = expected_ids(countries=("IRQ",))
    assert {"iran_iraq_war", "anbar_takeover_2014"} <= iraq
    assert drawn_ids(recorded_page) == iraq
    page = recorded_page.page
    expect(page.get_by_text(f"{len(iraq)} events from", exact=False)).to_have_count(1)
    # The legend and the article's date are part of the figure (an exported PNG keeps them).
    assert page.locator(".js-plotly-plot .legend .traces").count() >= 3
    assert page.get_by_text("Article (Jan 2014)").count() == 1
    assert_no_errors(recorded_page, "timeline-iraq")


def test_hindsight_adds_the_events_after_publication(server_url, recorded_page):
    open_timeline(recorded_page, f"{server_url}/timeline?after=true")
    drawn = drawn_ids(recorded_page)
    assert drawn == expected_ids(include_after_publication=True)
    assert "mosul_falls" in drawn
    assert recorded_page.page.get_by_text("Hindsight: after publication", exact=False).count() >= 1
    assert_no_errors(recorded_page, "timeline-hindsight")


def test_clicking_an_event_shows_its_evidence_and_leads_to_the_map(server_url, recorded_page):
    open_timeline(recorded_page, f"{server_url}/timeline?country=Iraq&lanes=Kind+of+event")
    page = recorded_page.page
    # The widest bar in view: the Iran-Iraq war or the US war in Iraq.
    bars = page.locator(".js-plotly-plot .barlayer .point path")
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    box = max((b for b in boxes if b), key=lambda b: b["width"])
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name="Event:").first.wait_for(timeout=30_000)
    page.get_by_role("heading", name="Evidence (").first.wait_for(timeout=30_000)
    expect(page.get_by_role("button", name="on every page")).to_have_count(1)
    assert_no_errors(recorded_page, "timeline-clicked")
    page.get_by_role("link", name="on the map").click()
    page.get_by_role("heading", name="Fault lines").first.wait_for(timeout=60_000)
    page.wait_for_url(lambda url: "focus=" in url, timeout=30_000)
    assert_no_errors(recorded_page, "timeline-to-map")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_screenshots_in_both_themes(server_url, recorded_page, scheme, size):
    page = recorded_page.page
    page.emulate_media(color_scheme=scheme)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    open_timeline(recorded_page, f"{server_url}/timeline?after=true")
    page.wait_for_timeout(800)
    paper = page.evaluate(
        "() => getComputedStyle(document.querySelector('.js-plotly-plot .main-svg'))"
        ".backgroundColor"
    )
    # The chart's paper is the theme's: no white panel in the dark.
    red, green, blue = (int(surface(scheme).paper[i : i + 2], 16) for i in (1, 3, 5))
    assert paper == f"rgb({red}, {green}, {blue})", paper
    # The legend is above the fold at this size.
    legend = page.locator(".js-plotly-plot .legend").first.bounding_box()
    assert legend and legend["y"] + legend["height"] < height, legend
    page.screenshot(path=ARTIFACTS_DIR / f"timeline-{scheme}-{size}.png")
    assert_no_errors(recorded_page, f"timeline-{scheme}-{size}-full")
