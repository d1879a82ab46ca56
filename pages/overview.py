"""Overview: the bottom line, what is in view, where the fault lines run, and the article's
numbers against the references, each a way into its page."""

import streamlit as st

from dashboard.ui.cards import disagreement_line, figure_card, quote_block
from dashboard.ui.charts import show_figure
from dashboard.ui.shell import page_context
from dashboard.ui.text import escape_markdown
from dashboard.ui.views import cached_view
from dashboard.views.overview import OverviewOptions, overview_view

context = page_context()
view = cached_view(overview_view, context.data, OverviewOptions(), theme=context.theme)

st.title(view.title)
st.caption(escape_markdown(view.subtitle))
st.subheader("Bottom line, in the article's words")
for quote in view.tables["thesis"].itertuples(index=False):
    quote_block(quote.quote, quote.claim_id)

for column, row in zip(st.columns(len(view.tables["counts"])), view.tables["counts"].itertuples()):
    column.metric(row.what, row.count)

map_column, notes_column = st.columns([3, 2])
with map_column:
    st.subheader("Where the fault lines run")
    if "map" in view.figures:
        show_figure(view.figures["map"], key="overview_map")
    for caveat in view.caveats:
        st.info(escape_markdown(caveat), icon=":material/map:")
    st.page_link("pages/fault_map.py", label="Open the fault-lines map", icon=":material/map:")

with notes_column:
    st.subheader("Where the article is contradicted")
    for note in view.tables["disagreements"].itertuples(index=False):
        disagreement_line(note)
    st.page_link(
        "pages/evidence.py", label="Check every quote and source", icon=":material/fact_check:"
    )

st.subheader("The article's numbers against the references")
st.markdown(escape_markdown(view.takeaway))
comparisons = view.tables["figures"]
if comparisons.empty:
    st.info("No figure from the article passes the current filters.")
for row_start in range(0, len(comparisons), 3):
    row = comparisons.iloc[row_start : row_start + 3]
    for column, card in zip(st.columns(3), row.itertuples(), strict=False):
        with column:
            figure_card(card)
