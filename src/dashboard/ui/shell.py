"""The app shell: app.py hands each page what it needs for this rerun, and a page that
Streamlit ran on its own (without app.py) is sent back through it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard.views.base import ViewData

APP_DIR = Path(__file__).resolve().parents[3]
FAVICON = APP_DIR / "static" / "favicon.png"
# Per session (st.session_state), set by app.py for the length of one page run only.
_PAGE_CONTEXT_KEY = "fault_lines_page_context"


@dataclass(frozen=True)
class PageContext:
    """What app.py hands to the page it runs: the view data and the reader's theme."""

    data: ViewData
    theme: str  # "light" or "dark": the charts follow the reader's choice


def reader_theme() -> str:
    """The theme the reader's browser shows ('light' until the browser has said)."""
    theme = getattr(st.context, "theme", None)
    kind = getattr(theme, "type", None)
    return kind if kind in ("light", "dark") else "light"


def run_page(navigation, context: PageContext) -> None:
    """Run the chosen page with context available to it (and only during that run)."""
    st.session_state[_PAGE_CONTEXT_KEY] = context
    try:
        navigation.run()
    finally:
        st.session_state.pop(_PAGE_CONTEXT_KEY, None)


def page_context() -> PageContext:
    """The context app.py handed to this page run.

    Without one, Streamlit ran the page file on its own: with a pages/ folder, Streamlit
    (1.67) runs a first visit to /evidence as an old-style page until some session has
    called st.navigation. The page is then sent back through app.py. This is judged per
    session, from this run's own context, so readers arriving together on a cold server
    are each caught (a process-wide flag caught only the first).
    """
    context = st.session_state.get(_PAGE_CONTEXT_KEY)
    if isinstance(context, PageContext):
        return context
    # The flag only ever moves to False, as st.navigation itself sets it: from then on
    # every rerun of every session goes through app.py.
    PagesManager.uses_pages_directory = False
    st.rerun()


# Streamlit leaves 6rem above every page (its header takes 3.75rem); at 1366x768 that pushes a
# map's legend below the fold. Our own constant CSS (nothing from the data), version-pinned.
_COMPACT_TOP = "<style>[data-testid='stMainBlockContainer']{padding-top:3.6rem}</style>"


def compact_page_top() -> None:
    """Less empty space above each page, so a chart and its legend fit a screen share."""
    st.html(_COMPACT_TOP)


def warn_if_not_offline_safe() -> None:
    """Say so on the page when the server runs without .streamlit/config.toml.

    Streamlit reads that file from the folder it is started in; started elsewhere, the
    browser reports usage statistics to an outside host and the base maps are not served.
    """
    if st.get_option("browser.gatherUsageStats") or not st.get_option("server.enableStaticServing"):
        st.error(
            "This server was started without the project's settings, so it may call out to "
            "the internet and the maps have no base layer. Start it from the project folder "
            "with `make run`.",
            icon=":material/wifi_off:",
        )
