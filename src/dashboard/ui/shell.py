"""The app shell's guards: every page runs inside app.py, with the offline-safe settings."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP_DIR = Path(__file__).resolve().parents[3]
FAVICON = APP_DIR / "static" / "favicon.png"


def run_through_app_shell() -> None:
    """Rerun through app.py when Streamlit ran a page file on its own.

    Streamlit (1.67) treats an app with a pages/ folder as an old-style multipage app until
    some run calls st.navigation: a first visit straight to /fault_map would then run the
    page without app.py, so without the sidebar, the wide layout or our navigation. Every
    page asks for the dataset first, so this is the one place that catches it.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


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
