"""Casualties and costs: every figure as a range with its source, the article's numbers
beside the references', and the same data as a table to download; past a few hundred
figures (an imported export), their totals per country and per year."""

import streamlit as st

from dashboard.export.downloads import download_name
from dashboard.export.tables import safe_csv_bytes
from dashboard.ui.brief import add_to_brief_button
from dashboard.ui.charts import show_figure
from dashboard.ui.shell import page_context
from dashboard.ui.text import escape_markdown
from dashboard.ui.views import cached_view
from dashboard.views.casualties import (
    CasualtiesOptions,
    casualties_view,
    families_in_view,
    offers_article_only,
)

context = page_context()
data = context.data
with_article = offers_article_only(data)

st.title("Casualties and costs")
caption = st.empty()
families = families_in_view(data)
# The unit picker gets the whole width: at 1366x768 its last options were cut off.
family_column, scope_column = st.container(), st.container()
family = family_column.segmented_control(
    "Show",
    ["", *families],
    format_func=lambda key: families.get(key, "Everything"),
    default="",
    required=True,
    key="family",
    bind="query-params",
)
# Without an article (imported data) there is nothing to narrow to: no switch.
article_only = with_article and scope_column.toggle(
    "Only what the article gives a number for", key="article_only", bind="query-params"
)
options = CasualtiesOptions(family=family or "", article_only=article_only)
view = cached_view(casualties_view, data, options, theme=context.theme)
totals = "top" in view.tables  # too many figures to draw one by one: their totals
if totals or not with_article:
    caption.caption(escape_markdown(view.subtitle))
else:
    caption.caption(
        "Each figure as the range its source gives (low, best, high), the article's beside "
        "the references', grouped by conflict or event. Units are never mixed on one axis."
    )

st.markdown(f"**{escape_markdown(view.takeaway)}**")
for caveat in view.caveats:
    st.caption(f":material/info: {escape_markdown(caveat)}")

compared = view.tables.get("comparisons", [])
if len(compared):
    st.subheader("Where the article stands")
    for row in compared.itertuples(index=False):
        with st.container(border=True):
            st.markdown(
                f"**{escape_markdown(row.subject)}** · {escape_markdown(row.metric_label)}: "
                f"the article says **{escape_markdown(row.article)}**, the references "
                f"{escape_markdown(row.reference_range or 'give no figure')}."
            )
            st.caption(escape_markdown(row.comparison))
            if row.explanation:
                st.caption(f"Disputed: {escape_markdown(row.explanation)}")

for key, figure in view.figures.items():
    show_figure(figure, key=f"casualties_{key}")

if totals:
    top = view.tables["top"]
    st.subheader("The countries with the most")
    st.caption(
        "The countries with the largest totals in view, the others summed in one row (sums "
        "of best estimates; a range only where every figure summed gives one). The "
        "downloads hold every country's and every year's totals."
    )
    st.dataframe(top, hide_index=True, width="stretch")
    for what, name in (("country", "by_country"), ("year", "by_year")):
        st.download_button(
            f"Download the totals per {what} (CSV)",
            data=safe_csv_bytes(view.tables[name]),
            file_name=download_name(f"casualties-per-{what}", data.filters, "csv"),
            mime="text/csv",
            icon=":material/download:",
            key=f"download_{name}",
        )
else:
    st.subheader("Every figure, with its source")
    table = view.tables["figures"]
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download the figures (CSV)",
        data=safe_csv_bytes(table),
        file_name="casualties-and-costs.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    if len(view.tables["rates"]):
        st.subheader("Deaths per 100,000 people")
        st.dataframe(view.tables["rates"], hide_index=True, width="stretch")
add_to_brief_button("casualties", options)
