"""The evidence panel: one record, the quotes and sources behind it, and its discrepancies."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.analysis.evidence import RecordEvidence
from dashboard.model.crosscheck import LINE
from dashboard.ui.text import escape_markdown

_HIDDEN = {LINE, "claim_ids", "start_date", "end_date", "start_precision", "end_precision"}


def _quote_cards(claims: pd.DataFrame) -> None:
    for claim in claims.itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"> {escape_markdown(claim.quote)}")
            source = ", ".join(
                escape_markdown(part)
                for part in (claim.title, claim.publisher, claim.published)
                if part
            )
            st.caption(f"{source} · claim `{claim.claim_id}`")  # ids are validated slugs
            if claim.note:
                st.caption(f"Note: {escape_markdown(claim.note)}")
            if claim.url:
                st.caption(f"Link (opens outside this app): {escape_markdown(claim.url)}")


def evidence_panel(evidence: RecordEvidence) -> None:
    """Show a record's fields, each supporting quote with its source, and any discrepancy."""
    fields = evidence.record.drop(labels=[c for c in evidence.record.index if c in _HIDDEN])
    st.dataframe(
        fields.astype(str).rename("value").rename_axis("field").reset_index(),
        hide_index=True,
        width="stretch",
    )
    for note in evidence.discrepancies.itertuples(index=False):
        st.warning(
            f"**The article differs from the references on {escape_markdown(note.field)}.**  \n"
            f"Article: {escape_markdown(note.article_value)}  \n"
            f"References: {escape_markdown(note.reference_value)}  \n"
            f"{escape_markdown(note.explanation)}",
            icon=":material/difference:",
        )
    st.subheader(f"Evidence ({len(evidence.claims)} claim(s))")
    _quote_cards(evidence.claims)
    if len(evidence.reference_claims):
        st.subheader("What the references say")
        _quote_cards(evidence.reference_claims)
