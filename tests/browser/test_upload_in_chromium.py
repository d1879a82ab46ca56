"""Your data in a real browser: a reader uploads a zip of our tables, every page shows it,
another reader still sees the curated data, and Back returns to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.app.test_upload_apptest import ACTOR, small_dataset_zip
from tests.browser.conftest import RecordedPage, recording
from tests.conftest import ARTIFACTS_DIR

pytestmark = pytest.mark.browser

NOTICE = "Showing your data:"
FILTERS_LINE = "Showing all countries"  # the line above every page naming the filters


def settled(page: Page) -> None:
    """Wait until Streamlit has finished this run (its status widget is gone)."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )


def sidebar_actor_names(page: Page) -> str:
    """The names the sidebar's actor picker offers (its list opened, read, closed)."""
    actors = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").nth(1)
    listbox = page.get_by_role("listbox")
    for _ in range(3):  # a rerun that lands just after the click closes the list: again
        actors.click()  # countries, actors, sects: the second picker
        try:
            listbox.wait_for(timeout=10_000)
            break
        except PlaywrightTimeoutError:
            settled(page)
    names = listbox.inner_text(timeout=10_000)
    page.keyboard.press("Escape")
    return names


def test_an_upload_shows_on_every_page_of_this_reader_only_and_back_restores(
    server_url, browser, tmp_path
):
    zipped = tmp_path / "my-dataset.zip"
    zipped.write_bytes(small_dataset_zip())
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    other_context = browser.new_context(viewport={"width": 1366, "height": 768})
    reader: RecordedPage = recording(context.new_page())
    other: RecordedPage = recording(other_context.new_page())
    page = reader.page
    try:
        page.goto(f"{server_url}/your_data")
        expect(page.get_by_role("heading", name="Your data")).to_be_visible(timeout=60_000)
        settled(page)
        expect(page.get_by_text("200 MB").first).to_be_visible()
        page.locator("input[type=file]").set_input_files(str(zipped))
        use = page.get_by_role("button", name="Show this data on every page")
        expect(use).to_be_visible(timeout=60_000)
        page.screenshot(path=ARTIFACTS_DIR / "upload-checked-1366x768.png")
        use.click()
        expect(page.get_by_text(NOTICE)).to_be_visible(timeout=60_000)
        settled(page)
        page.screenshot(path=ARTIFACTS_DIR / "upload-switched-1366x768.png")

        page.get_by_role("link", name="Overview").first.click()
        expect(page.get_by_text(NOTICE)).to_be_visible(timeout=60_000)
        settled(page)
        page.screenshot(path=ARTIFACTS_DIR / "upload-overview-1366x768.png")
        assert ACTOR in sidebar_actor_names(page)
        # The whole span of the new data (2020-2024), not the curated period (to 2020) that
        # the browser kept for the slider, clamped into it.
        expect(page.get_by_text(FILTERS_LINE).first).to_contain_text("all dates")

        # Another reader on the same server: the curated data, no notice.
        other.page.goto(server_url)
        expect(other.page.get_by_role("heading", level=1).first).to_be_visible(timeout=60_000)
        settled(other.page)
        expect(other.page.get_by_text(NOTICE)).to_have_count(0)
        assert ACTOR not in sidebar_actor_names(other.page)

        page.get_by_role("button", name="Back to the curated data").click()
        expect(page.get_by_text(NOTICE)).to_have_count(0, timeout=60_000)
        settled(page)
        page.screenshot(path=ARTIFACTS_DIR / "upload-back-1366x768.png")
        assert ACTOR not in sidebar_actor_names(page)
        expect(page.get_by_text(FILTERS_LINE).first).to_contain_text("all dates")
        errors = page.locator('[data-testid="stException"]')
        assert errors.count() == 0
    finally:
        context.close()
        other_context.close()
    outside = reader.outside_requests() + other.outside_requests()
    assert not outside, f"requests left localhost: {outside}"
