"""Many readers at once on one server: each sees its own view, even on a cold start.

A Streamlit server is one process for every session. Readers who open deep links together
on a fresh server must each get the app shell (sidebar, navigation, wide layout) and their
own filters; fifteen readers with different filters on different pages must not see each
other's choices.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from dashboard.navigation import PAGES
from tests.browser.conftest import recording, served_app
from tests.conftest import ARTIFACTS_DIR

pytestmark = pytest.mark.browser

WAIT_MS = 240_000  # many sessions on two cores: a first draw can take a while
COUNTRIES = {"IRQ": "Iraq", "SYR": "Syria", "IRN": "Iran", "LBN": "Lebanon", "YEM": "Yemen"}


def _open_together(browser: Browser, urls: list[str]):
    """One context per url, all navigating at once: (contexts, pages, the outside requests)."""
    contexts, recorded = [], []
    for url in urls:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = recording(context.new_page())
        page.page.set_default_timeout(WAIT_MS)
        page.page.goto(url, wait_until="commit")  # do not wait: the server gets them together
        contexts.append(context)
        recorded.append(page)

    def outside() -> list[str]:
        return [url for page in recorded for url in page.outside_requests()]

    return contexts, [page.page for page in recorded], outside


def _page_path(spec_path: str) -> str:
    return "" if spec_path == PAGES[0].path else Path(spec_path).stem


def test_cold_deep_links_opened_together_each_get_the_shell_and_their_filter(browser):
    with served_app("server-cold.log") as url:  # a server no one has visited yet
        contexts, pages, outside = _open_together(browser, [f"{url}/evidence?country=Iraq"] * 5)
        try:
            for number, page in enumerate(pages):
                # The app shell ran: the filters line and the sidebar's navigation are there.
                expect(page.get_by_text("Showing Iraq", exact=False).first).to_be_visible(
                    timeout=WAIT_MS
                )
                expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=WAIT_MS)
                page.screenshot(path=ARTIFACTS_DIR / f"cold-deep-link-{number}.png")
            assert not outside()
        finally:
            for context in contexts:
                context.close()


def test_fifteen_readers_with_different_filters_each_see_their_own(browser, server_url):
    readers = [(PAGES[i % len(PAGES)], list(COUNTRIES)[i % len(COUNTRIES)]) for i in range(15)]
    urls = [f"{server_url}/{_page_path(spec.path)}?country={code}" for spec, code in readers]
    contexts, pages, outside = _open_together(browser, urls)
    try:
        for (spec, code), page in zip(readers, pages, strict=True):
            line = page.get_by_text("Showing ", exact=False).first
            expect(line).to_contain_text(COUNTRIES[code], timeout=WAIT_MS)
            others = [name for other, name in COUNTRIES.items() if other != code]
            text = line.inner_text()
            assert not any(name in text for name in others), (spec.path, code, text)
        assert not outside()
    finally:
        for context in contexts:
            context.close()
