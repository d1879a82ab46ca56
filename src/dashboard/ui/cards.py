"""Cards for the Overview and the Brief: a quote, a key figure against its references, a
disagreement; each traced to the Evidence page in one click."""

from __future__ import annotations

import streamlit as st

from dashboard.ui.text import escape_markdown

EVIDENCE_PAGE = "pages/evidence.py"
# How far the references bear a figure out -> (badge, its colour). Colour is never alone:
# the badge says it in words.
AGREEMENT_BADGES = {
    "outside": ("Disputed", "red"),
    "edge": ("At the edge", "orange"),
    "within": ("Agrees", "green"),
    "none": ("No reference", "gray"),
}
SUBJECT_CHARS = 34  # a card's subject line, cut; the full name is in its tooltip


def evidence_link(label: str, query: dict[str, str], *, key_hint: str = "") -> None:
    """A link that opens the Evidence page on one record or claim (query as the page's
    own bound widgets write it); nothing when there is nothing to open."""
    if not query:
        return
    st.page_link(
        EVIDENCE_PAGE,
        label=label,
        icon=":material/fact_check:",
        query_params=query,
        help=f"Open the Evidence page on {key_hint}" if key_hint else None,
    )


def quote_block(quote: str, claim_id: str, query: dict[str, str] | None = None) -> None:
    """A large quote with a link that opens its claim on the Evidence page."""
    st.markdown(f"### “{escape_markdown(quote)}”")
    if query:
        evidence_link(f"claim {claim_id} — see Evidence", query, key_hint=claim_id)
    else:
        st.caption(f"claim `{claim_id}` — see Evidence")  # ids are validated slugs


def headline_number(text: str) -> str:
    """A range in words as a card's headline: 'at least X' -> '≥ X', 'up to X' -> '≤ X'."""
    for words, sign in (("at least ", "≥ "), ("up to ", "≤ ")):
        if text.startswith(words):
            return sign + text[len(words) :]
    return text


def key_figure_card(card) -> None:
    """One of the article's figures: the number large, the references' span (sources on
    hover), a badge saying how far the references bear it out (why, on hover), a link to
    its evidence. Short enough for five in a row at 1366 px."""
    with st.container(border=True, height="stretch"):
        subject = card.subject
        if len(subject) > SUBJECT_CHARS:
            subject = subject[: SUBJECT_CHARS - 1].rstrip(" ,:;(") + "…"
        st.caption(
            f"{escape_markdown(subject)} · {escape_markdown(card.metric_label)}",
            help=escape_markdown(card.subject) if subject != card.subject else None,
        )
        st.markdown(f"#### {escape_markdown(headline_number(card.article))}")
        st.caption("the article")
        if card.reference_range:
            sources = f"{card.reference_count} reference figure(s): {card.reference_sources}"
            st.markdown(
                f"References: **{escape_markdown(card.reference_range)}**",
                help=escape_markdown(sources),
            )
        badge, colour = AGREEMENT_BADGES.get(card.agreement, AGREEMENT_BADGES["none"])
        if card.disputed and card.agreement == "within":
            badge, colour = "Basis disputed", "orange"
        why = [escape_markdown(card.comparison)]
        why += [escape_markdown(card.explanation)] if card.explanation else []
        st.badge(badge, color=colour, help="\n\n".join(why))
        evidence_link("Trace it", card.evidence_query, key_hint=card.figure_id)


def key_number_card(row) -> None:
    """One key number of data without an article (what, value, note): the number large,
    what it is and how it was counted on hover."""
    with st.container(border=True, height="stretch"):
        st.metric(row.what, row.value, help=escape_markdown(row.note) if row.note else None)


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
