"""Fault Lines: the entry point. Page setup, the global sidebar and navigation."""

import streamlit as st

from dashboard.analysis.geography import outline_names
from dashboard.navigation import DEFAULT_PAGE, PAGES
from dashboard.ui.data import dataset_or_stop, geography_or_note
from dashboard.ui.problems import sidebar_problem_notice
from dashboard.ui.server import guard_session
from dashboard.ui.shell import (
    FAVICON,
    PageContext,
    compact_page_top,
    reader_theme,
    run_page,
    warn_if_not_offline_safe,
)
from dashboard.ui.sidebar import active_filters_caption, render_sidebar
from dashboard.ui.upload import imported_data_notice
from dashboard.ui.views import page_data

st.set_page_config(
    page_title="Fault Lines",
    page_icon=str(FAVICON),  # a local file: a Material icon here is fetched from Google
    layout="wide",
    initial_sidebar_state="expanded",
)

navigation = st.navigation(
    [st.Page(p.path, title=p.title, icon=p.icon, default=p == DEFAULT_PAGE) for p in PAGES]
)
guard_session()
compact_page_top()
warn_if_not_offline_safe()
imported_data_notice()  # this session shows its own upload: which, and the way back
full, problems = dataset_or_stop()
geography, geography_note = geography_or_note(full)
country_names = outline_names(geography)
filters = render_sidebar(full, country_names=country_names)
sidebar_problem_notice(problems)
active_filters_caption(full, filters, country_names=country_names)
data = page_data(full, problems, filters, geography, geography_note)
run_page(navigation, PageContext(data, reader_theme()))
