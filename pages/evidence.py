"""Evidence: search the claims and sources, trace any record to them, export every table."""

import streamlit as st

from dashboard.analysis.evidence import (
    TRACEABLE,
    evidence_for,
    record_labels,
    search_evidence,
    search_sources,
)
from dashboard.export.tables import safe_csv_bytes
from dashboard.model.schema import TABLES
from dashboard.ui.evidence import evidence_panel
from dashboard.ui.problems import problems_table
from dashboard.ui.shell import page_context

data = page_context().data
full_dataset, dataset, problems = data.full, data.dataset, list(data.problems)

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
    query = st.text_input("Search quotes, notes and sources", key="q", bind="query-params")
    found = search_evidence(dataset, query)
    st.caption(f"{len(found)} of {len(dataset.claims)} claims")
    st.dataframe(
        found,
        hide_index=True,
        width="stretch",
        column_config={"quote": st.column_config.TextColumn(width="large")},
    )
    sources = search_sources(dataset, query)
    st.caption(f"{len(sources)} of {len(dataset.sources)} sources")
    st.dataframe(sources, hide_index=True, width="stretch")

with trace_tab:
    table = st.selectbox(
        "Kind of record",
        list(TRACEABLE),
        format_func=lambda t: t.replace("_", " ").capitalize(),
        key="trace_table",
        bind="query-params",
    )
    labels = record_labels(dataset, table, names=data.names)
    key = st.selectbox(
        "Record",
        list(labels),
        format_func=labels.get,
        key=f"trace_{table}",
        bind="query-params",
        placeholder="No record matches the filters" if not labels else "Choose a record",
    )
    if key is not None:
        evidence_panel(evidence_for(dataset, table, key))

with tables_tab:
    name = st.selectbox("Table", list(TABLES), key="table", bind="query-params")
    frame = dataset.table(name)[TABLES[name].columns]
    st.caption(f"{len(frame)} of {len(full_dataset.table(name))} rows pass the filters")
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        f"Download {name}.csv",
        data=lambda: safe_csv_bytes(frame),  # built only when someone downloads
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
    )

with problems_tab:
    if problems:
        st.warning(
            "These rows were left out of every page. Nothing in the data folder was changed."
        )
        problems_table(problems, key="evidence_problems")
    else:
        st.success(f"All {len(TABLES)} tables passed every check.")
