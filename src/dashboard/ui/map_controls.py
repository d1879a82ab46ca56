"""The map page's own controls (layers, focus, date of control) and its selection panel."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.analysis.evidence import evidence_for
from dashboard.analysis.filters import Filters
from dashboard.model.load import Dataset
from dashboard.ui.evidence import evidence_panel
from dashboard.ui.problems import problems_table
from dashboard.ui.text import escape_markdown

MAP_LAYERS = {
    "makeup": "Sect make-up",
    "fault_lines": "Fault lines",
    "control": "Militant control",
    "places": "Places and events",
}
RECORD_KIND = {"places": "Place", "control_areas": "Area of militant control", "regions": "Region"}


@dataclass(frozen=True)
class MapControls:
    """What the reader asked the map to show."""

    layers: tuple[str, ...]
    focus: str | None  # ISO3 of the country to zoom to
    as_of: pd.Timestamp  # the date the control areas are drawn for


def _control_months(areas: pd.DataFrame, published: pd.Timestamp | None) -> list[str]:
    """Every month from the first control area to the last date any of them speaks for."""
    dates = pd.concat([areas["start_date"], areas["end_date"]]).dropna()
    if published is not None:
        dates = pd.concat([dates, pd.Series([published])])
    if dates.empty:
        dates = pd.Series([pd.Timestamp.today()])
    return [p.strftime("%Y-%m") for p in pd.period_range(dates.min(), dates.max(), freq="M")]


def map_controls(
    dataset: Dataset, names: dict[str, str], published: pd.Timestamp | None, filters: Filters
) -> MapControls:
    """Layer toggles, zoom to one of names (ISO3 -> name), and the month of control; in the URL.

    dataset is the filtered one: without hindsight its control areas end at publication.
    """
    months = _control_months(dataset.control_areas, published)
    default_month = published.strftime("%Y-%m") if published is not None else months[-1]
    layer_column, focus_column, month_column = st.columns([3, 1.3, 2])
    layers = layer_column.pills(
        "Layers",
        list(MAP_LAYERS),
        format_func=MAP_LAYERS.get,
        selection_mode="multi",
        default=list(MAP_LAYERS),
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
    month = month_column.select_slider(
        "Militant control as of", months,
        value=default_month if default_month in months else months[-1],
        key="held_at", bind="query-params",
        help="Control areas as sourced for that month. After the article's date only the "
        "hindsight layer speaks (switch it on in the sidebar).",
    )  # fmt: skip
    chosen_countries = [code for code in filters.countries if code in names]
    return MapControls(
        layers=tuple(layers),
        focus=focus or (chosen_countries[0] if chosen_countries else None),
        as_of=pd.Period(month, freq="M").end_time.normalize(),
    )


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
