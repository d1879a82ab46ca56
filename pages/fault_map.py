"""Fault-lines map: regions by majority group, the borders where majorities meet, militant
control and the article's places, with the evidence for anything clicked."""

import streamlit as st

from dashboard.analysis import geo
from dashboard.analysis.filters import filtered_dataset
from dashboard.analysis.overview import publication_date
from dashboard.charts.fault_map import fault_line_map
from dashboard.ui.charts import show_figure
from dashboard.ui.data import dataset_or_stop
from dashboard.ui.geo import map_geography
from dashboard.ui.map_controls import map_controls, off_the_map_note, selection_panel
from dashboard.ui.sidebar import current_filters

full_dataset, problems = dataset_or_stop()
filters = current_filters()
dataset = filtered_dataset(full_dataset, filters)

st.title("Fault lines")
st.caption(
    "Admin-1 regions coloured by their majority group, and in black the borders where "
    "majorities differ: computed from the boundaries, not drawn by hand. Click a region, "
    "a place or a held area for its evidence."
)
regions, countries, fault_lines, unmatched = map_geography(dataset)
published = publication_date(full_dataset)
names = geo.mapped_countries(regions, countries)
controls = map_controls(dataset, names, published, filters.include_after_publication)
admin1 = regions[["adm1_code", "iso3", "geometry"]]
held = geo.control_areas_at(
    dataset.control_areas, controls.as_of, published=publication_date(full_dataset)
)
markers = geo.place_markers(dataset.places, dataset.events)
figure = fault_line_map(
    regions,
    countries=countries,
    fault_lines=fault_lines,
    control_areas=geo.control_area_shapes(held, admin1, dataset.places),
    markers=markers,
    focus_iso3=controls.focus,
    show_regions="makeup" in controls.layers,
    show_fault_lines="fault_lines" in controls.layers,
    show_control="control" in controls.layers,
    show_markers="places" in controls.layers,
    highlight_groups=filters.sects,
)
event = show_figure(figure, key="fault_map", on_select="rerun")
selection_panel(dataset, geo.clicked_record(event.selection["points"], dataset))

off_the_map_note(
    geo.problems_off_the_map(problems), unmatched, geo.events_without_place(dataset.events)
)
st.subheader("The same data as tables")
in_focus = regions if controls.focus is None else regions[regions["iso3"] == controls.focus]
st.dataframe(geo.makeup_table(in_focus), hide_index=True, width="stretch")
st.dataframe(markers.drop(columns=["lat", "lon"]), hide_index=True, width="stretch")
