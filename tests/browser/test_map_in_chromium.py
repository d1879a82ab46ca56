"""The fault-lines map as a reader sees it: labels that never overlap (measured on the drawn
text), the reader's theme, a 1366x768 screen share, clicks kept in the link, and zooms."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from dashboard.charts.palette import surface
from tests.browser.conftest import recording
from tests.browser.test_pages_in_chromium import open_page
from tests.conftest import ARTIFACTS_DIR

pytestmark = pytest.mark.browser

# Every printed name of the map (place names and country names), with its drawn box, but
# only where the geo subplot shows it: names of off-frame places are clipped away.
DRAWN_LABELS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const frame = plot.querySelector('.geo .bg rect, .geolayer .bg rect, .geo path.bg')
  const clip = (frame || plot).getBoundingClientRect();
  return [...plot.querySelectorAll('.scattergeo .textpoint text, .scattergeo text')]
    .filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })
    .filter(b => b.x0 >= clip.left && b.x1 <= clip.right && b.y0 >= clip.top
                 && b.y1 <= clip.bottom);
}"""


def _overlapping(boxes: list[dict], slack: float = 1.0) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["y0"] + slack < b["y1"]
        and b["y0"] + slack < a["y1"]
    ]


def _map_page(browser: Browser, server_url: str, query: str, *, size, scheme="light"):
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, color_scheme=scheme
    )
    recorded = recording(context.new_page())
    open_page(recorded, f"{server_url}/fault_map{query}", "Fault lines")
    page = recorded.page
    page.locator(".js-plotly-plot .scattergeo").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    return context, page, recorded.outside_requests


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
@pytest.mark.parametrize(
    "query", ["", "?focus=Iraq", "?focus=Syria", "?country=Iraq&country=Syria"]
)
def test_no_two_printed_names_overlap(browser, server_url, size, query):
    context, page, outside = _map_page(browser, server_url, query, size=size)
    try:
        boxes = page.evaluate(DRAWN_LABELS)
        name = f"map-labels-{size[0]}x{size[1]}{query.replace('?', '-').replace('&', '-')}"
        page.screenshot(path=ARTIFACTS_DIR / f"{name}.png")
        assert len(boxes) >= 3, boxes  # the map does print names
        assert not _overlapping(boxes), _overlapping(boxes)
        assert not outside()
    finally:
        context.close()


def test_the_dark_theme_draws_a_dark_map_with_its_legend_above_the_fold(browser, server_url):
    context, page, outside = _map_page(browser, server_url, "", size=(1366, 768), scheme="dark")
    try:
        page.screenshot(path=ARTIFACTS_DIR / "map-dark-1366x768.png")
        paper = page.evaluate(
            "() => getComputedStyle(document.querySelector('.js-plotly-plot .main-svg'))"
            ".backgroundColor"
        )
        dark = surface("dark").paper.lstrip("#")
        assert paper == "rgb({}, {}, {})".format(*(int(dark[i : i + 2], 16) for i in (0, 2, 4)))
        legend = page.locator(".js-plotly-plot .legend").first.bounding_box()
        assert legend["y"] + legend["height"] <= 768, legend  # the whole legend in view
        geo = page.locator(".js-plotly-plot .geolayer").first.bounding_box()
        assert geo["y"] < 400, geo  # the map starts in the upper half of the screen
        assert not outside()
    finally:
        context.close()


def test_a_clicked_region_is_named_outlined_and_kept_in_the_link(browser, server_url):
    context, page, _ = _map_page(browser, server_url, "?focus=Iraq", size=(1600, 1000))
    try:
        # The centre of the largest region that lies wholly inside the map's frame.
        x, y = page.evaluate(
            """() => {
              const frame = document.querySelector('.js-plotly-plot .geo .bg rect')
                .getBoundingClientRect();
              const marks = [...document.querySelectorAll('.js-plotly-plot .scattergeo path.point')]
                .map(p => p.getBoundingClientRect());
              const free = r => !marks.some(m => m.right > r.left && m.left < r.right
                                               && m.bottom > r.top && m.top < r.bottom);
              const inside = [...document.querySelectorAll('.js-plotly-plot .choroplethlocation')]
                .map(p => p.getBoundingClientRect())
                .filter(r => r.left > frame.left && r.right < frame.right
                             && r.top > frame.top && r.bottom < frame.bottom && free(r));
              inside.sort((a, b) => b.width * b.height - a.width * a.height);
              const r = inside[0];
              return [r.left + r.width / 2, r.top + r.height / 2];
            }"""
        )
        page.mouse.click(x, y)
        expect(page.get_by_role("button", name="Clear the selection")).to_be_visible(timeout=30_000)
        assert "pick=regions" in page.url
        heading = page.get_by_role("heading", level=3).filter(has_text=",").first
        expect(heading).to_be_visible()
        assert "(country level)" not in heading.inner_text()
        assert page.locator(".js-plotly-plot .scattergeo").count() > 0
        # The link reopens the same selection.
        link = page.url
        page.goto(link)
        expect(page.get_by_role("button", name="Clear the selection")).to_be_visible(timeout=60_000)
    finally:
        context.close()


def test_several_countries_frame_their_union_and_say_so(browser, server_url):
    query = "?country=Iraq&country=Syria"
    context, page, _ = _map_page(browser, server_url, query, size=(1600, 1000))
    try:
        title = page.locator(".js-plotly-plot .gtitle").first.text_content()
        assert "Iraq" in title and "Syria" in title
        # The zoom picker says it follows the sidebar (its value is an input's).
        zoom = page.get_by_test_id("stSelectbox").filter(has_text="Zoom to").locator("input")
        expect(zoom).to_have_value("Sidebar's countries (Iraq, Syria)")
    finally:
        context.close()


def test_back_steps_back_through_filter_changes(browser, server_url):
    context, page, outside = _map_page(browser, server_url, "", size=(1366, 768))
    try:
        countries = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first
        for name, code in (("Iraq", "IRQ"), ("Syria", "SYR")):
            countries.click()
            page.keyboard.type(name)
            page.keyboard.press("Enter")  # one pick, not every match
            page.wait_for_url(lambda url, code=code: f"country={code}" in url)
            page.keyboard.press("Escape")
        assert "country=IRQ&country=SYR" in page.url
        page.go_back()
        page.wait_for_url(lambda url: "SYR" not in url and "country=IRQ" in url)
        expect(countries).to_contain_text("Iraq")
        expect(countries).not_to_contain_text("Syria")
        assert not outside()
    finally:
        context.close()
