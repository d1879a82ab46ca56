"""Fault-lines map: regions by majority group, the borders where majorities meet, militant
control and the article's places, with the evidence for anything clicked."""

import streamlit as st

from dashboard.ui.brief import add_to_brief_button
from dashboard.ui.charts import show_figure
from dashboard.ui.map_controls import (
    map_options,
    off_the_map_note,
    remember_pick,
    selection_panel,
)
from dashboard.ui.shell import page_context
from dashboard.ui.text import escape_markdown
from dashboard.ui.views import cached_view
from dashboard.views.fault_map import clicked_record, fault_map_view, problems_off_the_map

context = page_context()
data = context.data

st.title(
    "Fault lines",
    help="Admin-1 regions coloured by their majority group, and the borders where "
    "majorities differ: computed from the boundaries, not drawn by hand. Click a region, "
    "a place or a held area for its evidence.",
)
if data.geography is None:
    st.info(escape_markdown(data.geography_note), icon=":material/map:")
    st.stop()
options = map_options(data)
view = cached_view(fault_map_view, data, options, theme=context.theme)
event = show_figure(view.figure, key="fault_map", on_select="rerun")
for caveat in view.caveats:  # what was aggregated, right under the map
    st.caption(escape_markdown(caveat))
remember_pick(clicked_record(event.selection["points"], data), options)
aggregated = "region_counts" in view.tables
selection_panel(data, options.selected, region_events=aggregated)
off_the_map_note(
    problems_off_the_map(data.problems), view.tables["unmatched"], view.tables["unplaced"]
)

st.subheader("The same data as tables")
if aggregated:
    st.dataframe(view.tables["region_counts"], hide_index=True, width="stretch")
if len(data.full.regions):  # imported data has no make-up: no table of blanks
    st.dataframe(view.tables["regions"], hide_index=True, width="stretch")
st.dataframe(view.tables["places"], hide_index=True, width="stretch")
add_to_brief_button("fault_map", options)
