"""Relationships: the signed network of actors on a key date, and whether it is balanced
("the enemy of my enemy is my friend"): the article's thesis tested on the data."""

from datetime import date

import streamlit as st

from dashboard.analysis.evidence import evidence_for
from dashboard.export.tables import safe_csv_bytes
from dashboard.ui.brief import add_to_brief_button
from dashboard.ui.charts import show_figure
from dashboard.ui.evidence import evidence_panel
from dashboard.ui.shell import page_context
from dashboard.ui.sidebar import show_only
from dashboard.ui.text import escape_markdown
from dashboard.ui.views import cached_view
from dashboard.views.network import (
    MODES,
    NetworkOptions,
    by_year,
    clicked_item,
    dates_offered,
    network_view,
    shown_date,
)

context = page_context()
data = context.data
st.title("Relationships")
yearly = by_year(data)  # no article: ties over the year up to each date
st.caption(
    "Who fought or allied with whom over the year up to a date, and Heider's balance test: "
    "two enemies of one foe should become friends. Click an actor or a tie for its evidence."
    if yearly
    else "Who stood with whom on a date, and Heider's balance test of the article's thesis: "
    "two enemies of one foe should become friends. Click an actor or a tie for its evidence."
)
offered = {k.day.isoformat(): k.label for k in dates_offered(data)}
default = shown_date(data, NetworkOptions())
date_column, mode_column, ego_column = st.columns([2.6, 2.6, 1.6])
as_of = date_column.select_slider(
    "As of", list(offered) or ["none"], value=default.isoformat() if default else "none",
    format_func=lambda day: offered.get(day, "no date"), key="as_of", bind="query-params",
    help="The end of each year in the data: the ties of the year up to it."
    if yearly
    else "Key dates of the story; switch on the hindsight layer for what came after.",
)  # fmt: skip
mode = mode_column.segmented_control(
    "View", list(MODES), format_func=MODES.get, default="network", key="mode",
    bind="query-params",
)  # fmt: skip
ego, steps = None, 1
if mode == "ego":
    names = dict(zip(data.full.actors["actor_id"], data.full.actors["name"]))
    ego = ego_column.selectbox(
        "Actor", sorted(names, key=names.get), format_func=names.get, key="ego",
        bind="query-params",
    )  # fmt: skip
    steps = ego_column.radio("Steps", [1, 2], horizontal=True, key="steps")
chosen = date.fromisoformat(as_of) if as_of in offered else None
options = NetworkOptions(as_of=chosen, mode=mode or "network", ego=ego, steps=steps)
view = cached_view(network_view, data, options, theme=context.theme)

st.markdown(f"**{escape_markdown(view.takeaway)}**")
unbalanced = view.tables.get("unbalanced")
if unbalanced is not None and len(unbalanced):
    more = (
        f" (and {len(unbalanced) - 1:,} more, listed under the network)"
        if len(unbalanced) > 1
        else ""
    )
    st.markdown(f"Unbalanced: {escape_markdown(unbalanced['statement'].iloc[0])}{more}")
for caveat in view.caveats:
    st.warning(escape_markdown(caveat), icon=":material/warning:")
if view.figure is None:
    st.stop()
event = show_figure(view.figure, key="network", on_select="rerun")
clicked = clicked_item(event.selection["points"]) if event else None
if clicked and clicked[0] == "actor":
    name = data.names.get(clicked[1], clicked[1])
    st.button(
        f"Show only {escape_markdown(name)} and its ties on every page",
        on_click=show_only,
        args=("actor", [clicked[1]]),
        icon=":material/filter_alt:",
    )
    evidence_panel(evidence_for(data.full, "actors", clicked[1]))
elif clicked:
    for relation_id in clicked[1].split("; "):
        with st.expander(f"Evidence for tie {escape_markdown(relation_id)}", expanded=True):
            evidence_panel(evidence_for(data.full, "relations", relation_id))

LISTED = 200  # unbalanced triangles listed in full (a big network has thousands)
if unbalanced is not None and len(unbalanced) > 1:
    listed = unbalanced["statement"].head(LISTED)
    more = f", the first {LISTED} listed" if len(unbalanced) > LISTED else ""
    with st.expander(f"All unbalanced triangles ({len(unbalanced):,}{more})"):
        st.markdown("\n".join(f"- {escape_markdown(s)}" for s in listed))
st.subheader("Ties balance theory predicts")
st.dataframe(view.tables["predicted"], hide_index=True, width="stretch")
for name in ("balance", "flows"):
    if name in view.figures:
        show_figure(view.figures[name], key=name)
if len(view.tables["contradictions"]):
    st.subheader("Contradictory ties (left out on the dates they clash)")
    st.dataframe(view.tables["contradictions"], hide_index=True, width="stretch")
st.subheader("Ties in view")
ties = view.tables["ties"]
st.dataframe(ties, hide_index=True, width="stretch")
st.download_button(
    "Download ties.csv", data=lambda: safe_csv_bytes(ties), file_name="ties.csv",
    mime="text/csv", icon=":material/download:",
)  # fmt: skip
add_to_brief_button("network", options)
