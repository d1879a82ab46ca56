"""Cards for the Overview and the Brief: a quote, a figure against its references."""

from __future__ import annotations

import streamlit as st

from dashboard.ui.text import escape_markdown


def quote_block(quote: str, claim_id: str) -> None:
    """A large quote with the claim id that traces it."""
    st.markdown(f"### “{escape_markdown(quote)}”")
    st.caption(f"claim `{claim_id}` — see Evidence")  # ids are validated slugs


def figure_card(card) -> None:
    """One article figure: its value, the references beside it, and the discrepancy note."""
    with st.container(border=True):
        st.caption(f"{escape_markdown(card.subject)} · {escape_markdown(card.metric)}")
        st.markdown(f"#### {escape_markdown(card.article)}")
        st.caption("the article")
        for reference in card.references:
            st.markdown(f"- {escape_markdown(reference)}")
        if not card.references:
            st.caption("No reference figure recorded yet.")
        if card.discrepancy:
            st.warning(escape_markdown(card.discrepancy), icon=":material/difference:")


def disagreement_line(note) -> None:
    """One discrepancy in a line: the explanation, with both versions on hover."""
    st.markdown(
        f"- **{escape_markdown(note.subject)}** ({escape_markdown(note.field)}) — "
        f"{escape_markdown(note.explanation)}",
        help=(
            f"Article: {escape_markdown(note.article_value)}\n\n"
            f"References: {escape_markdown(note.reference_value)}"
        ),
    )
