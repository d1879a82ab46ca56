"""The Brief in a real browser: stepping with the arrow keys and the buttons, a brief link
reopening its step, and the exported HTML file drawing every chart with the network off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard.analysis.geography import map_geography
from dashboard.brief import Brief, Step, default_brief, step_view, to_param
from dashboard.export.html import brief_html
from dashboard.model.boundaries import load_boundaries
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.fault_map import MapOptions
from dashboard.views.timeline import TimelineOptions
from tests.conftest import ARTIFACTS_DIR, DATA_DIR

pytestmark = pytest.mark.browser

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def wait_for_step(page: Page, title: str, number: int, total: int) -> None:
    """Until the step's heading, its counter and its chart are drawn."""
    expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=60_000)
    expect(page.get_by_text(f"Step {number} of {total}")).to_be_visible(timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()


def test_the_brief_steps_with_the_arrow_keys_and_the_buttons(server_url, recorded_page):
    page = recorded_page.page
    titles = [step.title for step in default_brief().steps]
    page.goto(f"{server_url}/brief")
    wait_for_step(page, titles[0], 1, len(titles))
    # Presentation mode: the sidebar starts collapsed, the chart has no toolbar.
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    assert page.locator(".modebar-container .modebar").count() == 0

    page.keyboard.press("ArrowRight")
    wait_for_step(page, titles[1], 2, len(titles))
    assert re.search(r"[?&]step=2\b", page.url), page.url
    # The map has its regions (hundreds of paths), not an empty frame.
    page.wait_for_function("() => document.querySelectorAll('.geo path').length > 300")
    page.screenshot(path=ARTIFACTS_DIR / "brief-step-2.png")

    page.keyboard.press("ArrowLeft")
    wait_for_step(page, titles[0], 1, len(titles))
    page.get_by_role("button", name=re.compile("^Next")).click()
    wait_for_step(page, titles[1], 2, len(titles))
    page.get_by_role("button", name=re.compile("^Next")).click()
    wait_for_step(page, titles[2], 3, len(titles))
    page.get_by_role("button", name=re.compile("^Previous")).click()
    wait_for_step(page, titles[1], 2, len(titles))


def test_a_brief_link_reopens_that_brief_at_its_step(server_url, recorded_page):
    page = recorded_page.page
    brief = Brief(
        (
            Step.of("timeline", TimelineOptions(lanes="country"), title="First, the events"),
            Step.of("fault_map", MapOptions(focus=("IRQ",)), title="Second, Iraq's lines"),
        ),
        title="A brief of two steps",
    )
    page.goto(f"{server_url}/brief?brief={to_param(brief)}&step=2")
    wait_for_step(page, "Second, Iraq's lines", 2, 2)
    expect(page.get_by_text("A brief of two steps")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    wait_for_step(page, "First, the events", 1, 2)


@pytest.fixture(scope="module")
def exported_html(tmp_path_factory) -> tuple[Path, int]:
    """The default brief with hindsight as an HTML file, and how many charts it has."""
    full, _problems = load_dataset(DATA_DIR)
    admin1, countries = load_boundaries(DATA_DIR / "geo")
    data = ViewData(full, geography=map_geography(admin1, countries, full.regions))
    brief = default_brief(hindsight=True)
    views = [step_view(step, data) for step in brief.steps]
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    path.write_text(brief_html(brief.title, views), encoding="utf-8")
    return path, sum(v.figure is not None for v in views)


def test_the_exported_html_draws_every_chart_with_the_network_off(exported_html, browser):
    path, charts = exported_html
    context = browser.new_context(viewport={"width": 1366, "height": 768}, offline=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    blocked: list[str] = []

    def only_the_file(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_file)
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
        timeout=60_000,
    )
    assert page.locator(".js-plotly-plot").count() == charts
    # The maps drew their regions and their base layer (land from the embedded topojson).
    assert page.locator(".geo path").count() > 300
    assert page.locator(".geo .layer.land path, .geo path.land").count() >= 1
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.screenshot(path=ARTIFACTS_DIR / "brief-html-offline.png")
    context.close()
    assert not failures, failures
    assert not blocked, f"the file requested: {blocked}"
    # Nothing but the file itself (and data: URIs plotly makes for its own patterns).
    assert [url for url in requested if not url.startswith(("file:", "data:"))] == []
