"""The evidence panel: one record, the quotes and sources behind it, and its discrepancies."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard.analysis.evidence import RecordEvidence, SearchTerm, match_spans, safe_link
from dashboard.analysis.filters import Filters
from dashboard.export.downloads import download_name, tables_zip
from dashboard.export.tables import safe_csv_bytes
from dashboard.model.crosscheck import LINE
from dashboard.model.load import Dataset
from dashboard.ui.text import escape_markdown

_HIDDEN = {LINE, "claim_ids", "start_date", "end_date", "start_precision", "end_precision"}


# Reliability as the data dictionary grades it, with a colour that repeats the word.
_RELIABILITY_COLOURS = {"high": "green", "medium": "orange", "low": "red"}
# Highlighted matches: readable on the light and the dark theme alike.
MATCH_BACKGROUND = "orange-background"
MATCH_CELL_STYLE = "background-color: rgba(230, 159, 0, 0.35)"  # Okabe-Ito orange


def _escape_keeping_edges(text: str) -> str:
    """escape_markdown(text), keeping a space it would strip at either end (the seams
    between highlighted and plain parts)."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{escape_markdown(text)}{trail}"


def highlighted(text: object, terms: Sequence[SearchTerm] = ()) -> str:
    """text as inert Markdown on one line, each search match on an orange background.

    Every part, matched or not, goes through escape_markdown, so the only live Markdown is
    the highlight this function adds.
    """
    flat = " ".join(("" if text is None else str(text)).split())
    parts, last = [], 0
    for start, end in match_spans(flat, terms):
        parts.append(_escape_keeping_edges(flat[last:start]))
        parts.append(f":{MATCH_BACKGROUND}[{escape_markdown(flat[start:end])}]")
        last = end
    parts.append(_escape_keeping_edges(flat[last:]))
    return "".join(parts).strip()


def reliability_badge(reliability: object) -> str:
    """The source's reliability as a Markdown badge ("reliability: high", in green)."""
    grade = "" if reliability is None or pd.isna(reliability) else str(reliability)
    colour = _RELIABILITY_COLOURS.get(grade, "gray")
    return f":{colour}-badge[reliability: {escape_markdown(grade or 'not graded')}]"


def source_link_button(url: object, *, key: str | None = None) -> None:
    """A button that opens the source in a new tab, if its link is a plain http(s) one.

    The app never fetches it: the reader's browser opens it, outside the app.
    """
    link = safe_link(url)
    if link:
        st.link_button(
            "Open source",
            link,
            icon=":material/open_in_new:",
            help=f"Opens {urlsplit(link).hostname}, outside this app",
            width="content",
        )


def _quote_cards(claims: pd.DataFrame, terms: Sequence[SearchTerm] = ()) -> None:
    for claim in claims.itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"> {highlighted(claim.quote, terms)}")
            text, link = st.columns([5, 1], vertical_alignment="center")
            source = ", ".join(
                highlighted(part, terms)
                for part in (claim.title, claim.publisher, claim.published)
                if isinstance(part, str) and part
            )
            # claim ids are validated slugs, safe in code spans
            text.markdown(
                f"{source} · {reliability_badge(getattr(claim, 'reliability', None))} "
                f"· claim `{claim.claim_id}`"
            )
            if isinstance(claim.note, str) and claim.note:
                text.caption(f"Note: {highlighted(claim.note, terms)}")
            with link:
                source_link_button(claim.url)


def claim_cards(claims: pd.DataFrame, terms: Sequence[SearchTerm] = ()) -> None:
    """Each claim in full, its source, the source's reliability and link, matches marked."""
    _quote_cards(claims, terms)


def page_bounds(count: int, *, size: int, key: str) -> tuple[int, int]:
    """Where the page of count results the reader picks starts and stops ("21–40 of 315").

    A page number, not a list of the pages: a million events' cut finds hundreds of
    thousands of claims, and a select box listing their pages sent 17,000 options.
    """
    if count <= size:
        return 0, count
    pages = -(-count // size)
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        number = st.number_input(
            f"Page of results (of {pages:,})",
            min_value=1,
            max_value=pages,
            step=1,
            key=f"{key}_{count}",  # a new search starts again at its first page
            width=260,
        )
        start = (int(number) - 1) * size
        stop = min(start + size, count)
        st.caption(f"Results {start + 1:,}–{stop:,} of {count:,}")
    return start, stop


def id_selectbox(
    label: str,
    labels: Mapping[str, str],
    *,
    param: str,
    resolve: Callable[[str | None], str | None],
    on_pick: Callable[[], None] | None = None,
    **selectbox_options,
) -> tuple[str | None, str | None]:
    """A select box that shows labels but keeps the chosen key in the URL under param.

    Streamlit's bind="query-params" writes the label a select box shows, so a link would
    hold labels (and break when one is edited). Here the URL is the truth: its value (a
    key, or a label from an older link, see resolve) picks the option; a pick writes the
    key. The first option is the default and leaves the URL. Returns (the chosen key,
    the URL's value when it names nothing in labels, e.g. a record a filter left out).
    """
    keys = list(labels)
    default = keys[0] if keys else None
    widget = f"{param}__choice"
    in_url = st.query_params.get(param)
    wanted = resolve(in_url)
    if wanted in labels:
        target = wanted
        if in_url != wanted or wanted == default:
            _write_param(param, wanted, default)  # an old label link: now the key
    else:
        target = default
    if st.session_state.get(widget) != target:  # a link or Back/Forward moved the URL
        st.session_state[widget] = target

    def picked() -> None:
        _write_param(param, st.session_state[widget], default)
        if on_pick:
            on_pick()

    chosen = st.selectbox(
        label, keys, format_func=labels.get, key=widget, on_change=picked, **selectbox_options
    )
    missing = in_url if in_url and wanted not in labels else None
    return chosen, missing


def _write_param(param: str, key: str | None, default: str | None) -> None:
    if key is None or key == default:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = key


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


def synonyms_note(terms: Sequence[SearchTerm]) -> None:
    """Say which other names a search also looked for ("ISIL also finds: ISIS, Daesh")."""
    lines = [
        f"**{escape_markdown(term.typed)}** also finds "
        + ", ".join(escape_markdown(name) for name in term.synonyms)
        for term in terms
        if term.synonyms
    ]
    if lines:
        st.caption("  \n".join(lines))


def sources_table(sources: pd.DataFrame, terms: Sequence[SearchTerm] = ()) -> None:
    """Sources as a table: reliability beside each, links clickable (plain http(s) only),
    the cells that match the search shaded."""
    columns = ["title", "author", "publisher", "published", "kind", "reliability", "url"]
    shown = sources[[*columns, "note", "source_id"]].assign(url=sources["url"].map(safe_link))

    def shade(cell: object) -> str:
        return MATCH_CELL_STYLE if terms and match_spans(str(cell), terms) else ""

    st.dataframe(
        shown.style.map(shade) if terms else shown,
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn(width="large"),
            "url": st.column_config.LinkColumn("link", display_text="open ↗"),
        },
    )


def trace_picker(
    tables: Mapping[str, str],
    labels_of: Callable[[str], Mapping[str, str]],
    resolve: Callable[[str, str | None, Mapping[str, str]], str | None],
    *,
    table_of: Callable[[str | None], str | None],
) -> tuple[str, str | None]:
    """Pick a kind of record, then a record of it; the URL keeps both as ids
    (?trace_table=figures&trace_figures=ref_iiw_cow). Returns (table, record key)."""

    def forget_other_records() -> None:
        for other in tables:
            st.query_params.pop(f"trace_{other}", None)

    kind_column, record_column = st.columns([1, 3])
    with kind_column:
        table, _ = id_selectbox(
            "Kind of record",
            tables,
            param="trace_table",
            resolve=table_of,
            on_pick=forget_other_records,
        )
    labels = labels_of(table)
    with record_column:
        key, missing = id_selectbox(
            "Record",
            labels,
            param=f"trace_{table}",
            resolve=lambda value: resolve(table, value, labels),
            placeholder="No record matches the filters" if not labels else "Choose a record",
        )
    if missing:
        st.info(
            f"The link names a record ({escape_markdown(missing)}) that the sidebar's "
            "filters leave out, or that the data no longer has.",
            icon=":material/filter_alt_off:",
        )
    if key is not None:
        st.caption(f"Record id: {escape_markdown(key)}")
    return table, key


def table_downloads(name: str, frame: pd.DataFrame, dataset: Dataset, filters: Filters) -> None:
    """The only ways tables leave the app: one table, or every table in view, as CSV with
    formulas defused, named for what they hold and the filters applied. (The tables' own
    "Download as CSV" is off: client.disableDataExport in .streamlit/config.toml.)"""
    one, every = st.columns(2)
    one.download_button(
        f"Download {name} (CSV)",
        data=lambda: safe_csv_bytes(frame),  # built only when someone downloads
        file_name=download_name(name, filters, "csv"),
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
    )
    every.download_button(
        f"Download all {len(dataset.table_names)} tables in view (zip)",
        data=lambda: tables_zip(dataset, filters),
        file_name=download_name("tables", filters, "zip"),
        mime="application/zip",
        icon=":material/folder_zip:",
        width="stretch",
    )
    st.caption(
        "Cells a spreadsheet would run as formulas stay text (they start with ').  \n"
        "File names say what they hold and the filters applied."
    )
