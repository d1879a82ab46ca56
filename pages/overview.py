"""Overview: the bottom line, the key figures against the references, and the way in."""

import streamlit as st

from dashboard.analysis.figures import article_figures_against_references
from dashboard.analysis.filters import filtered_dataset
from dashboard.analysis.overview import article_summary, dataset_counts
from dashboard.ui.cards import figure_card, quote_block
from dashboard.ui.data import dataset_or_stop
from dashboard.ui.sidebar import current_filters

full_dataset, _problems = dataset_or_stop()
dataset = filtered_dataset(full_dataset, current_filters())
summary = article_summary(full_dataset)

st.title("Fault Lines")
st.caption(summary.byline)
st.subheader("Bottom line, in the article's words")
for quote in summary.key_quotes.itertuples(index=False):
    quote_block(quote.quote, quote.claim_id)

counts = dataset_counts(dataset)
for column, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(label, value)

st.subheader("The article's numbers against the references")
comparisons = article_figures_against_references(dataset)
if comparisons.empty:
    st.info("No figure from the article passes the current filters.")
for row_start in range(0, len(comparisons), 3):
    for column, card in zip(
        st.columns(3), comparisons.iloc[row_start : row_start + 3].itertuples()
    ):
        with column:
            figure_card(card)

st.page_link(
    "pages/evidence.py", label="Check every quote and source", icon=":material/fact_check:"
)
