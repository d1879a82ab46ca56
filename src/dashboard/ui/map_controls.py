"""The map page's own controls (layers, focus, date of control) and its selection panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.analysis.article import publication_date
from dashboard.analysis.control import control_months
from dashboard.analysis.evidence import evidence_for, record_keys
from dashboard.analysis.places import region_events
from dashboard.ui.evidence import evidence_panel
from dashboard.ui.problems import problems_table
from dashboard.ui.sidebar import show_only
from dashboard.ui.text import escape_markdown
from dashboard.ui.timeline_controls import PLACE_PARAM
from dashboard.views.base import ViewData
from dashboard.views.fault_map import LAYERS, MapOptions, held_at_month, region_summary

RECORD_KIND = {"places": "Place", "control_areas": "Area of militant control", "regions": "Region"}
PICK_PARAM = "pick"
MAKEUP_LABELS = {"religion": "Religion", "ethnicity": "Ethnicity"}


def _month_text(month: str) -> str:
    return pd.Period(month, freq="M").strftime("%b %Y")


def map_options(data: ViewData) -> MapOptions:
    """The map's own controls (layers, zoom, month of militant control), kept in the URL,
    and the clicked record (kept in the URL as ?pick=table:key)."""
    names = data.geography.country_names if data.geography else {}
    chosen = [names[c] for c in data.filters.countries if c in names]
    whole = f"Sidebar's countries ({', '.join(chosen)})" if chosen else "Whole region"
    months = (
        control_months(data.dataset.control_areas, publication_date(data.full))
        if len(data.full.control_areas)
        else []
    )
    # The layer pills get the width all four need at 1366 px (a screen share); fewer would
    # scroll out of sight.
    layer_column, makeup_column, focus_column, month_column = st.columns([2.9, 1.35, 1.1, 1.1])
    layers = layer_column.pills(
        "Layers",
        list(LAYERS),
        format_func=LAYERS.get,
        selection_mode="multi",
        default=list(LAYERS),
        key="layers",
        bind="query-params",
    )
    makeup = makeup_column.segmented_control(
        "Colour regions by",
        list(MAKEUP_LABELS),
        format_func=MAKEUP_LABELS.get,
        default="religion",
        key="makeup",
        bind="query-params",
        help="Religion: the religious majority (Sunni, Shia, Alawite...). Ethnicity: the "
        "ethnic majority (Arab, Kurd, Persian...), sourced for fewer regions. Fault lines "
        "follow the layer shown.",
    )
    # "" (the whole region, or the sidebar's countries) is a real option rather than
    # index=None: a bound selectbox with no default lost the value a link gave it at the
    # next rerun (Streamlit 1.67).
    focus = focus_column.selectbox(
        "Zoom to",
        ["", *names],
        format_func=lambda code: names.get(code, whole),
        key="focus",
        bind="query-params",
    )
    held_at = None
    if months:
        default = held_at_month(data, MapOptions())
        # A select box, not a slider: with hindsight off only a month or two are sourced,
        # and a one-position slider draws as a bare dot.
        held_at = month_column.selectbox(
            "Militant control as of",
            list(reversed(months)),
            index=list(reversed(months)).index(default) if default in months else 0,
            format_func=_month_text,
            key="held_at",
            bind="query-params",
            help="Areas held in that month, as sourced. After the article's date only the "
            "hindsight layer speaks: switch it on in the sidebar for later months.",
        )
    elif data.full.control_areas.empty:
        month_column.caption("No control data in this dataset.")
    else:
        month_column.caption("No militant control is sourced for this selection.")
    return MapOptions(
        layers=tuple(layers),
        focus=(focus,) if focus else (),
        held_at=held_at,
        selected=st.query_params.get(PICK_PARAM),
        makeup=makeup or "religion",
    )


def remember_pick(pick: str | None, options: MapOptions) -> None:
    """Keep a new click in the URL (so a link reopens it) and redraw with it outlined."""
    if pick and pick != options.selected:
        st.query_params[PICK_PARAM] = pick
        st.rerun()


def _show_only_country(iso3: str) -> None:
    show_only("country", [iso3])


def _clear_pick() -> None:
    st.query_params.pop(PICK_PARAM, None)


REGION_EVENT_ROWS = 50  # the clicked region's events listed under an aggregated map


def _region_events_table(data: ViewData, adm1_code: str) -> None:
    """The clicked region's events, deadliest then latest first (an aggregated map has no
    marker per place to click)."""
    dataset = data.dataset
    table, total = region_events(
        dataset.places, dataset.events, dataset.figures, adm1_code, limit=REGION_EVENT_ROWS
    )
    if not total:
        st.caption("No event of this selection happened in this region.")
        return
    shown = f"the {len(table)} deadliest, then latest" if total > len(table) else "all"
    st.markdown(f"**{total:,} event(s) in this region** ({shown}):")
    st.dataframe(table, hide_index=True, width="stretch")


def selection_panel(data: ViewData, selected: str | None, *, region_events: bool = False) -> None:
    """The evidence for the picked item, and a button to filter every page to its country;
    with region_events, a picked region also lists its events (the aggregated map)."""
    table, _, key = (selected or "").partition(":")
    dataset, names = data.dataset, data.geography.country_names
    if table == "regions":
        summary = region_summary(data.geography, key, data.full.regions)
        if summary is None:
            table = ""
    elif table in RECORD_KIND and key in set(record_keys(table, dataset.table(table))):
        summary = None
    else:
        table = ""
    if not table:
        st.info(
            "Click a region, a place or a held area on the map to see its evidence.",
            icon=":material/touch_app:",
        )
        return
    if summary is not None:
        st.subheader(f"{escape_markdown(summary.name)}, {escape_markdown(summary.country)}")
        st.markdown(escape_markdown(summary.makeup))
        st.caption(escape_markdown(summary.basis))
        evidence = None
        if summary.evidence_key and summary.evidence_key in set(
            record_keys("regions", data.full.regions)
        ):
            evidence = evidence_for(data.full, "regions", summary.evidence_key)
        iso3 = key.split("-")[0]
    else:
        evidence = evidence_for(dataset, table, key)
        name = evidence.record.get("name", key)
        st.subheader(f"{RECORD_KIND[table]}: {escape_markdown(name)}")
        iso3 = evidence.record.get("country", "")
    buttons = st.container(horizontal=True)
    if iso3:
        buttons.button(
            f"Show only {escape_markdown(names.get(iso3, iso3))} on every page",
            on_click=_show_only_country,
            args=(iso3,),
            icon=":material/filter_alt:",
        )
    buttons.button("Clear the selection", on_click=_clear_pick, icon=":material/close:")
    if table == "places":
        # The way back from the timeline's "Show on the map": this place's events there.
        buttons.page_link(
            "pages/timeline.py",
            label="Its events on the timeline",
            query_params={PLACE_PARAM: key},
            icon=":material/timeline:",
        )
    if table == "regions" and region_events:
        _region_events_table(data, key)
    if evidence is not None:
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
