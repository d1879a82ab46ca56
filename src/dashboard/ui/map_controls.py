"""The map page's own controls (layers, focus, date of control) and its selection panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.analysis.article import publication_date
from dashboard.analysis.control import control_months
from dashboard.analysis.evidence import evidence_for
from dashboard.model.load import Dataset
from dashboard.ui.evidence import evidence_panel
from dashboard.ui.problems import problems_table
from dashboard.ui.text import escape_markdown
from dashboard.views.base import ViewData
from dashboard.views.fault_map import LAYERS, MapOptions, held_at_month

RECORD_KIND = {"places": "Place", "control_areas": "Area of militant control", "regions": "Region"}


def map_options(data: ViewData) -> MapOptions:
    """The map's own controls (layers, zoom, month of militant control), kept in the URL."""
    names = data.geography.country_names if data.geography else {}
    months = control_months(data.dataset.control_areas, publication_date(data.full))
    layer_column, focus_column, month_column = st.columns([3, 1.3, 2])
    layers = layer_column.pills(
        "Layers",
        list(LAYERS),
        format_func=LAYERS.get,
        selection_mode="multi",
        default=list(LAYERS),
        key="layers",
        bind="query-params",
    )
    # "" (the whole region) is a real option rather than index=None: a bound selectbox
    # with no default lost the value a link gave it at the next rerun (Streamlit 1.67).
    focus = focus_column.selectbox(
        "Zoom to",
        ["", *names],
        format_func=lambda code: names.get(code, "Whole region"),
        key="focus",
        bind="query-params",
    )
    held_at = None
    if months:
        default = held_at_month(data, MapOptions())
        held_at = month_column.select_slider(
            "Militant control as of", months,
            value=default if default in months else months[-1],
            format_func=lambda month: pd.Period(month, freq="M").strftime("%b %Y"),
            key="held_at", bind="query-params",
            help="Control areas as sourced for that month. After the article's date only "
            "the hindsight layer speaks (switch it on in the sidebar).",
        )  # fmt: skip
    return MapOptions(layers=tuple(layers), focus=(focus,) if focus else (), held_at=held_at)


def _show_only_country(iso3: str) -> None:
    st.session_state["country"] = [iso3]


def selection_panel(
    dataset: Dataset, record: tuple[str, str] | None, names: dict[str, str]
) -> None:
    """The evidence for the clicked item, and a button to filter every page to its country."""
    if record is None:
        st.info(
            "Click a region, a place or a held area on the map to see its evidence.",
            icon=":material/touch_app:",
        )
        return
    table, key = record
    evidence = evidence_for(dataset, table, key)
    name = evidence.record.get("name", evidence.record.get("admin1_name", key))
    st.subheader(f"{RECORD_KIND[table]}: {escape_markdown(name)}")
    iso3 = evidence.record.get("country", evidence.record.get("iso3", ""))
    if iso3:
        st.button(
            f"Show only {escape_markdown(names.get(iso3, iso3))} on every page",
            on_click=_show_only_country,
            args=(iso3,),
            icon=":material/filter_alt:",
        )
    evidence_panel(evidence)
    if table == "places":
        for happened in dataset.events[dataset.events["place_id"] == key].itertuples(index=False):
            with st.expander(
                f"Event: {escape_markdown(happened.title)} ({escape_markdown(happened.start)})"
            ):
                evidence_panel(evidence_for(dataset, "events", happened.event_id))


def off_the_map_note(problems: list, unmatched: pd.DataFrame, unplaced: pd.DataFrame) -> None:
    """A folded note under the map: what could not be drawn, and why."""
    if not (problems or len(unmatched) or len(unplaced)):
        return
    label = f"Not on the map: {len(problems) + len(unmatched)} row(s) with problems, "
    label += f"{len(unplaced)} event(s) without a place"
    with st.expander(label):
        if problems:
            st.caption("Rows whose problems keep them off the map (the event rows stay elsewhere).")
            problems_table(problems, key="map_problems")
        if len(unmatched):
            st.caption("Make-up rows that match no region.")
            st.dataframe(unmatched.drop(columns=["_line"], errors="ignore"), hide_index=True)
        if len(unplaced):
            st.caption("Events with no known place.")
            st.dataframe(unplaced, hide_index=True)
