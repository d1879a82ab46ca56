"""Evidence: search the claims and sources, trace any record to them, export every table."""

import streamlit as st

from dashboard.analysis.evidence import (
    TRACEABLE,
    evidence_for,
    find_claims,
    record_key_for,
    record_labels,
    search_sources,
    search_terms,
    table_for,
    table_label,
)
from dashboard.model.schema import TABLES
from dashboard.ui.evidence import (
    claim_cards,
    evidence_panel,
    page_bounds,
    sources_table,
    synonyms_note,
    table_downloads,
    trace_picker,
)
from dashboard.ui.problems import problems_table
from dashboard.ui.shell import page_context

# A browser table or a picker of a million rows is neither readable nor light to send.
PICKER_RECORDS = 2_000
TABLE_ROWS = 10_000

data = page_context().data
full_dataset, dataset, filters, problems = data.full, data.dataset, data.filters, data.problems
countries = data.geography.country_names if data.geography else None

st.title("Evidence")
st.caption(
    "Every actor, event, tie and figure rests on short quotes from its sources. "
    "The article is one source among several: where the references disagree with it, "
    "both are kept and the difference is explained. Tables follow the sidebar filters."
)
search_tab, trace_tab, tables_tab, problems_tab = st.tabs(
    ["Search claims", "Trace a record", "Tables and downloads", f"Data problems ({len(problems)})"]
)

with search_tab:
    query = st.text_input(
        "Search quotes, notes and sources",
        key="q",
        bind="query-params",
        help="Every word must match, in any case. Names find their other spellings "
        "(ISIL, ISIS, Daesh, Islamic State; al-Qaeda, al-Qaida, AQI).",
    )
    terms = search_terms(query)
    synonyms_note(terms)
    found = find_claims(dataset, query)
    st.caption(f"{len(found):,} of {found.searched:,} claims")
    claim_cards(found.between(*page_bounds(len(found), size=20, key="claims_page")), terms)
    sources = search_sources(dataset, query)
    st.caption(f"{len(sources)} of {len(dataset.sources)} sources")
    sources_table(sources, terms)

with trace_tab:
    table, key = trace_picker(
        {table: table_label(table) for table in TRACEABLE},
        lambda table: record_labels(
            dataset,
            table,
            names=data.names,
            countries=countries,
            limit=PICKER_RECORDS,
            keeping=st.query_params.get(f"trace_{table}"),
        ),
        lambda table, value, labels: record_key_for(
            dataset, table, value, names=data.names, labels=labels
        ),
        table_of=table_for,
    )
    if len(dataset.table(table)) > PICKER_RECORDS:
        st.caption(
            f"The picker lists the first {PICKER_RECORDS:,} of {len(dataset.table(table)):,} "
            "records: narrow the sidebar's filters, or search the claims, to reach the others."
        )
    if key is not None:
        evidence_panel(evidence_for(dataset, table, key))

with tables_tab:
    name = st.selectbox("Table", list(TABLES), key="table", bind="query-params")
    frame = dataset.table(name)[TABLES[name].columns]
    shown = frame.head(TABLE_ROWS)
    st.caption(
        f"{len(frame):,} of {len(full_dataset.table(name)):,} rows pass the filters"
        + (
            f"; the first {len(shown):,} are shown, the downloads hold all"
            if len(frame) > len(shown)
            else ""
        )
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    table_downloads(name, frame, dataset, filters)

with problems_tab:
    if problems:
        st.warning(
            "These rows were left out of every page. Nothing in the data folder was changed."
        )
        problems_table(list(problems), key="evidence_problems")
    else:
        st.success(f"All {len(TABLES)} tables passed every check.")
