"""Overview: the bottom line, what the dataset covers, the article's numbers against the
references, and small versions of the map, the timeline and the network, each a way in.
Imported data (no article): what it is and its key numbers instead of the bottom line."""

import streamlit as st

from dashboard.ui.cards import (
    disagreement_line,
    evidence_link,
    key_figure_card,
    key_number_card,
)
from dashboard.ui.charts import show_figure
from dashboard.ui.shell import page_context
from dashboard.ui.text import escape_markdown
from dashboard.ui.views import cached_view
from dashboard.views.base import ViewResult
from dashboard.views.overview import DRAWING_ORDER, SMALL_VIEWS, OverviewOptions, overview_view

context = page_context()
data = context.data
# The page is laid out first and filled in DRAWING_ORDER, cheapest chart first: the
# timeline is drawn before the text above it is computed, so a chart is on screen as
# early as possible after a cold start.
top = st.container()
charts = dict(zip(SMALL_VIEWS, st.columns(len(SMALL_VIEWS))))
bottom = st.container()


def small_chart(name: str) -> None:
    """One small chart from its own cached view, with the link into its page."""
    function, options, page, label = SMALL_VIEWS[name]
    with charts[name]:
        if name == "map" and data.geography is None:
            st.info(escape_markdown(data.geography_note), icon=":material/map:")
        else:
            small = cached_view(function, data, options, theme=context.theme)
            if small.figure is not None:
                st.caption(escape_markdown(small.subtitle))
                show_figure(small.figure, key=f"overview_{name}")
            else:
                st.caption(escape_markdown(small.takeaway))
        st.page_link(page, label=label, icon=":material/arrow_forward:")


def headline() -> ViewResult:
    """The bottom line (or what imported data is) and its figures as cards, at the top;
    returns the view, whose counts and notes go at the bottom."""
    view = cached_view(overview_view, data, OverviewOptions(charts=False), theme=context.theme)
    imported = "key_numbers" in view.tables  # no article: what the data is, and its numbers
    with top:
        with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
            st.title(view.title, anchor=False)
            source = "Imported data" if imported else "The article"
            st.caption(f"{source}: {escape_markdown(view.subtitle)}")
        if imported:
            st.markdown(f"#### {escape_markdown(view.tables['about']['text'].iloc[0])}")
            st.markdown(f"**{escape_markdown(view.takeaway)}**")
            numbers = view.tables["key_numbers"]
            for column, row in zip(st.columns(max(len(numbers), 1)), numbers.itertuples()):
                with column:
                    key_number_card(row)
        else:
            st.markdown(f"#### “{escape_markdown(view.tables['bottom_line']['text'].iloc[0])}”")
            with st.container(horizontal=True, gap="medium"):
                for quote in view.tables["thesis"].itertuples(index=False):
                    evidence_link(
                        f"claim {quote.claim_id} — see Evidence",
                        quote.evidence_query,
                        key_hint=quote.claim_id,
                    )
            st.markdown(f"**{escape_markdown(view.takeaway)}**")

            cards = view.tables["key_figures"]
            if cards.empty:
                st.info("No figure from the article passes the current filters.")
            for column, card in zip(
                st.columns(max(len(cards), 1)), cards.itertuples(), strict=False
            ):
                with column:
                    key_figure_card(card)
    return view


for part in DRAWING_ORDER:
    if part == "text":
        view = headline()
    else:
        small_chart(part)
imported = "key_numbers" in view.tables

with bottom:
    covers, missing = view.tables["coverage"].iloc[0]
    st.caption(f"{escape_markdown(covers)} {escape_markdown(missing)}")
    for column, row in zip(
        st.columns(len(view.tables["counts"])), view.tables["counts"].itertuples()
    ):
        column.metric(row.what, f"{row.count:,}")

    if not imported:
        notes = view.tables["disagreements"]
        # Its lines are drawn once it is opened (a rerun): below the fold, they only
        # slowed the browser's first drawing of the page.
        contradicted = st.expander(
            f"Where the references contradict the article's other statements ({len(notes)})",
            key="contradictions",
            on_change="rerun",
        )
        if contradicted.open:
            with contradicted:
                for note in notes.itertuples(index=False):
                    disagreement_line(note)
                st.page_link(
                    "pages/evidence.py",
                    label="Check every quote and source",
                    icon=":material/fact_check:",
                )
