"""Timeline: periods as bars and moments as points, in lanes, each date drawn no more
precisely than it is known; click an event for its evidence. Past MAX_DRAWN events, counts
per week, month or year."""

import streamlit as st

from dashboard.export.downloads import download_name
from dashboard.export.tables import safe_csv_bytes
from dashboard.ui.brief import add_to_brief_button
from dashboard.ui.charts import show_figure
from dashboard.ui.shell import page_context
from dashboard.ui.text import escape_markdown
from dashboard.ui.timeline_controls import event_panel, left_off_note, timeline_options
from dashboard.ui.views import cached_view
from dashboard.views.timeline import (
    TABLE_NOTE,
    clicked_event,
    problems_off_the_timeline,
    timeline_view,
)

context = page_context()
data = context.data

st.title("Timeline")
caption = st.empty()
takeaway_column, controls_column = st.columns([3, 2], vertical_alignment="bottom")
with controls_column:
    options = timeline_options(data)
view = cached_view(timeline_view, data, options, theme=context.theme)
takeaway_column.markdown(f"**{escape_markdown(view.takeaway)}**")
table_notes = [c for c in view.caveats if c.startswith(TABLE_NOTE)]
caption.caption(
    "Too many events to draw one by one: how many began in each week, month or year, each "
    "counted at its date's precision. Narrow the filters to see single events."
    if table_notes
    else "Wars and crises as bars, moments as points. A date known only to the month or year "
    "is drawn across all it can mean (faded), never as a false exact day. Drag to zoom."
)
for caveat in view.caveats:
    if caveat not in table_notes:
        st.info(escape_markdown(caveat), icon=":material/info:")
event = show_figure(view.figure, key="timeline", on_select="rerun")
if not table_notes:  # single events drawn: a click opens one (bins hold no single event)
    event_panel(data, clicked_event(event.selection["points"], view.tables["events"]["event_id"]))
left_off_note(problems_off_the_timeline(data.problems))

st.subheader("The events in view")
for note in table_notes:
    st.caption(escape_markdown(note))
table = view.tables["events"]
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(
    f"Download these {len(table):,} events (CSV)" if table_notes else "Download the events (CSV)",
    data=lambda: safe_csv_bytes(table),  # built only when someone downloads
    file_name=download_name("timeline-events", data.filters, "csv"),
    mime="text/csv",
    icon=":material/download:",
)
add_to_brief_button("timeline", options)
