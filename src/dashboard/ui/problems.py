"""Telling the reader what is wrong with the data, without ever stopping the app."""

from __future__ import annotations

import streamlit as st

from dashboard.model.problems import Problem, problems_frame
from dashboard.ui.data import data_dir, imported_data
from dashboard.ui.text import escape_markdown


def problems_table(problems: list[Problem], *, key: str) -> None:
    """Every problem as file / row / column / message, as plain text cells."""
    st.dataframe(problems_frame(problems), hide_index=True, width="stretch", key=key)


def sidebar_problem_notice(problems: list[Problem]) -> None:
    """A short warning in the sidebar when rows were left out, with the full list."""
    if not problems:
        return
    with st.sidebar.expander(f"⚠ {len(problems)} data problem(s)", expanded=False):
        # The folder's path is text from the machine: a name like "[x](y)" stays text. A
        # reader's own upload is named as they named it, not by its temporary folder.
        imported = imported_data()
        folder = escape_markdown(imported.file_name if imported else data_dir())
        st.caption(
            f"Rows with problems are left out; nothing in {folder} is changed. "
            f"Running dashboard validate on {folder} prints the same list."
        )
        problems_table(problems, key="sidebar_problems")
