"""The timeline page's own controls, the panel for a clicked event and the note on rows
left off."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis.evidence import evidence_for
from dashboard.analysis.timeline import LANE_KINDS, when_text
from dashboard.ui.evidence import evidence_panel
from dashboard.ui.problems import problems_table
from dashboard.ui.sidebar import show_only
from dashboard.ui.text import escape_markdown
from dashboard.views.base import ViewData
from dashboard.views.timeline import TimelineOptions, event_countries

MAP_PAGE = "pages/fault_map.py"
PLACE_PARAM = "place"  # set by the map's "its events on the timeline" link


def timeline_options(data: ViewData) -> TimelineOptions:
    """The lanes control (kept in the URL) and the place a map link may have narrowed to."""
    lanes = st.segmented_control(
        "Lanes",
        list(LANE_KINDS),
        format_func=LANE_KINDS.get,
        default="actor",
        required=True,
        key="lanes",
        bind="query-params",
    )
    place = st.query_params.get(PLACE_PARAM) or None
    places = dict(zip(data.full.places["place_id"], data.full.places["name"]))
    if place not in places:
        place = None
    if place:
        st.button(
            f"Only events at {escape_markdown(places[place])}: show every place",
            on_click=lambda: st.query_params.pop(PLACE_PARAM, None),
            icon=":material/close:",
        )
    return TimelineOptions(lanes=lanes or "actor", place=place)


def _show_only_actors(actor_ids: list[str]) -> None:
    show_only("actor", actor_ids)


def event_panel(data: ViewData, event_id: str | None) -> None:
    """The clicked event: when, its figures, quotes and sources, and where to go next."""
    if event_id is None:
        st.info("Click a bar or a point to see the event's evidence.", icon=":material/touch_app:")
        return
    dataset = data.dataset
    evidence = evidence_for(dataset, "events", event_id)
    record = evidence.record
    st.subheader(f"Event: {escape_markdown(record['title'])}")
    st.caption(escape_markdown(when_text(record["start"], record["end"])))
    actor_ids = [a for a in str(record["actor_ids"]).split(";") if a in data.names]
    left, right = st.columns(2)
    if actor_ids:
        names = ", ".join(data.names[a] for a in actor_ids)
        left.button(
            f"Show only {escape_markdown(names)} on every page",
            on_click=_show_only_actors,
            args=(actor_ids,),
            icon=":material/filter_alt:",
        )
    countries = event_countries(data.full, event_id)
    mapped = data.geography.country_names if data.geography else {}
    shown = next((code for code in countries if code in mapped), None)
    if shown:
        # The map's "Zoom to" box is bound to ?focus= and reads its visible label.
        right.page_link(
            MAP_PAGE,
            label=f"Show {escape_markdown(mapped[shown])} on the map",
            icon=":material/map:",
            query_params={"focus": mapped[shown]},
        )
    figures = dataset.figures[dataset.figures["subject_id"] == event_id]
    if len(figures):
        st.caption("Figures about this event")
        columns = ["metric", "low", "best", "high", "unit", "as_of", "basis", "source_id"]
        st.dataframe(figures[columns], hide_index=True, width="stretch")
    evidence_panel(evidence)


def left_off_note(problems: list) -> None:
    """A folded warning listing the events.csv rows left off the timeline, and why."""
    if not problems:
        return
    with st.expander(f"⚠ Not on the timeline: {len(problems)} problem(s) in events.csv"):
        st.caption("Each row named here is left off; the rest of the timeline is drawn.")
        problems_table(problems, key="timeline_problems")
