"""Fault-lines map: regions by majority group, the borders where majorities meet, militant
control and the article's places, with the evidence for anything clicked."""

import streamlit as st

from dashboard.analysis import geo
from dashboard.analysis.overview import publication_date
from dashboard.charts.fault_map import fault_line_map
from dashboard.ui.charts import show_figure
from dashboard.ui.data import current_view
from dashboard.ui.geo import map_geography
from dashboard.ui.map_controls import map_controls, off_the_map_note, selection_panel

current = current_view()
full_dataset, dataset, filters = current.full, current.dataset, current.filters

st.title("Fault lines")
st.caption(
    "Admin-1 regions coloured by their majority group, and in black the borders where "
    "majorities differ: computed from the boundaries, not drawn by hand. Click a region, "
    "a place or a held area for its evidence."
)
geography = map_geography(full_dataset)
if geography is None:
    st.stop()
published = publication_date(full_dataset)
controls = map_controls(dataset, geography.country_names, published, filters)
view = geo.fault_map_view(
    dataset,
    geography.regions,
    as_of=controls.as_of,
    published=published,
    focus_iso3=controls.focus,
    names_from=full_dataset,
)
figure = fault_line_map(
    geography.regions,
    countries=geography.countries,
    fault_lines=geography.fault_lines,
    control_areas=view.control_areas,
    markers=view.markers,
    focus_iso3=controls.focus,
    show_regions="makeup" in controls.layers,
    show_fault_lines="fault_lines" in controls.layers,
    show_control="control" in controls.layers,
    show_markers="places" in controls.layers,
    highlight_groups=filters.sects,
)
event = show_figure(figure, key="fault_map", on_select="rerun")
selection_panel(
    dataset, geo.clicked_record(event.selection["points"], dataset), geography.country_names
)
off_the_map_note(geo.problems_off_the_map(current.problems), geography.unmatched, view.unplaced)

st.subheader("The same data as tables")
st.dataframe(view.makeup, hide_index=True, width="stretch")
st.dataframe(view.markers.drop(columns=["lat", "lon"]), hide_index=True, width="stretch")
