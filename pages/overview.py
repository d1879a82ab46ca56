"""Overview: the bottom line, what is in view, where the fault lines run, and the article's
numbers against the references, each a way into its page."""

import streamlit as st

from dashboard.analysis import geo
from dashboard.analysis.figures import article_figures_against_references
from dashboard.analysis.overview import article_summary, dataset_counts, disagreements
from dashboard.charts.fault_map import fault_line_map
from dashboard.ui.cards import disagreement_line, figure_card, quote_block
from dashboard.ui.charts import show_figure
from dashboard.ui.data import current_view
from dashboard.ui.geo import map_geography
from dashboard.ui.text import escape_markdown

view = current_view()
full_dataset, dataset, filters = view.full, view.dataset, view.filters
summary = article_summary(full_dataset)

st.title("Fault Lines")
st.caption(escape_markdown(summary.byline))
st.subheader("Bottom line, in the article's words")
for quote in summary.key_quotes.itertuples(index=False):
    quote_block(quote.quote, quote.claim_id)

counts = dataset_counts(dataset)
for column, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(label, value)

map_column, notes_column = st.columns([3, 2])
with map_column:
    st.subheader("Where the fault lines run")
    geography = map_geography(full_dataset)
    if geography is not None:
        overview_map = fault_line_map(
            geography.regions,
            countries=geography.countries,
            fault_lines=geography.fault_lines,
            markers=geo.place_markers(dataset.places, dataset.events),
            focus_iso3=next(iter(filters.countries), None),
            show_labels=False,  # too small for names: they would pile up; hover has them
            height=460,
        )
        show_figure(overview_map, key="overview_map")
    st.page_link("pages/fault_map.py", label="Open the fault-lines map", icon=":material/map:")

with notes_column:
    st.subheader("Where the article is contradicted")
    for note in disagreements(dataset, names_from=full_dataset).itertuples(index=False):
        disagreement_line(note)
    st.page_link(
        "pages/evidence.py", label="Check every quote and source", icon=":material/fact_check:"
    )

st.subheader("The article's numbers against the references")
comparisons = article_figures_against_references(dataset)
if comparisons.empty:
    st.info("No figure from the article passes the current filters.")
for row_start in range(0, len(comparisons), 3):
    row = comparisons.iloc[row_start : row_start + 3]
    for column, card in zip(st.columns(3), row.itertuples(), strict=False):
        with column:
            figure_card(card)
