"""The map page's own controls (layers, focus, date of control) and its selection panel."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.analysis.evidence import evidence_for
from dashboard.analysis.filters import country_names
from dashboard.model.load import Dataset
from dashboard.ui.evidence import evidence_panel
from dashboard.ui.problems import problems_table
from dashboard.ui.text import escape_markdown

LAYERS = {
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


def _months(first: pd.Timestamp, last: pd.Timestamp) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]


def map_controls(
    dataset: Dataset, names: dict[str, str], published: pd.Timestamp | None, hindsight: bool
) -> MapControls:
    """Layer toggles, zoom to one of names (ISO3 -> name), and the month of control; in the URL."""
    areas = dataset.control_areas
    first = areas["start_date"].min() if len(areas) else published or pd.Timestamp.today()
    last = published or first
    if hindsight and len(areas):
        last = max(
            last, areas["end_date"].max(skipna=True) if areas["end_date"].notna().any() else last
        )
    months = _months(min(first, last), last)
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
    focus = focus_column.selectbox(
        "Zoom to",
        list(names),
        format_func=names.get,
        index=None,
        placeholder="Whole region",
        key="focus",
        bind="query-params",
    )
    month = month_column.select_slider(
        "Militant control as of", months, value=months[-1], key="held_at", bind="query-params",
        help="Control areas as sourced for that month. After the article's date, only the "
        "hindsight layer speaks (switch it on in the sidebar).",
    )  # fmt: skip
    selected = st.session_state.get("country") or []
    return MapControls(
        layers=tuple(layers),
        focus=focus or (selected[0] if selected else None),
        as_of=pd.Period(month, freq="M").end_time.normalize(),
    )


def _show_only_country(iso3: str) -> None:
    st.session_state["country"] = [iso3]


def selection_panel(dataset: Dataset, record: tuple[str, str] | None) -> None:
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
            f"Show only {country_names(dataset).get(iso3, iso3)} on every page",
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
    count = len(problems) + len(unmatched) + len(unplaced)
    if not count:
        return
    with st.expander(f"Not on the map ({count})"):
        st.caption("Rows whose problems keep them off the map, and events with no known place.")
        if problems:
            problems_table(problems, key="map_problems")
        if len(unmatched):
            st.dataframe(unmatched.drop(columns=["_line"], errors="ignore"), hide_index=True)
        if len(unplaced):
            st.dataframe(unplaced, hide_index=True)
