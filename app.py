"""Fault Lines: the entry point. Page setup, the global sidebar and navigation."""

import streamlit as st

from dashboard.ui.data import dataset_or_stop
from dashboard.ui.geo import boundary_country_names
from dashboard.ui.problems import sidebar_problem_notice
from dashboard.ui.shell import FAVICON, warn_if_not_offline_safe
from dashboard.ui.sidebar import render_sidebar

st.set_page_config(
    page_title="Fault Lines",
    page_icon=str(FAVICON),  # a local file: a Material icon here is fetched from Google
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/fault_map.py", title="Fault-lines map", icon=":material/map:"),
    st.Page("pages/evidence.py", title="Evidence", icon=":material/fact_check:"),
]

navigation = st.navigation(PAGES)
warn_if_not_offline_safe()
dataset, problems = dataset_or_stop()
render_sidebar(dataset, country_names=boundary_country_names())
sidebar_problem_notice(problems)
navigation.run()
