"""The Brief page (presentation mode, editing, exports) and the button every page uses to
add its current view to the brief.

The brief lives in the session and, on the Brief page, in the URL (?brief=...&step=3), so
a copied link reopens the same brief at the same step.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode, urlsplit

import streamlit as st

from dashboard.analysis.article import article_summary
from dashboard.brief import (
    MAX_STEPS,
    Brief,
    BriefError,
    Step,
    StepView,
    clean_title,
    default_brief,
    from_json,
    from_param,
    step_view,
    to_json,
    to_param,
    view_data_for,
)
from dashboard.export.brief_tables import tables_workbook, tables_zip
from dashboard.ui.charts import SentFigure, chart_config
from dashboard.ui.shell import PageContext, page_context
from dashboard.ui.text import escape_markdown
from dashboard.ui.views import cached_view, with_shared_cut
from dashboard.views.base import ViewData
from dashboard.views.registry import view_spec

BRIEF_PAGE = "pages/brief.py"
BRIEF_PARAM, STEP_PARAM = "brief", "step"
_BRIEF_KEY = "fault_lines_brief"  # session: the Brief being presented and edited
_STEP_KEY = "fault_lines_brief_step"  # session: the index of the step on screen
_ADOPTED_KEY = "fault_lines_brief_adopted"  # session: the link or file last read
_NOTES_KEY = "fault_lines_brief_notes"  # session: what was left out of it, to say once
_EXPORTS_KEY = "fault_lines_brief_exports"  # session: files made, by (kind, brief)
_ADDED_KEY = "fault_lines_brief_added"  # session: the step just added from a page
CHART_HEIGHT = 470  # fits a 1366x768 screen share under the title and takeaway

# Presentation mode: larger type for the title, takeaway and source line; less space
# above the page. Constant CSS of our own (nothing from the data), in version-pinned
# Streamlit's test ids and the st-key-<key> classes of keyed containers.
_PRESENTATION_CSS = """<style>
[data-testid='stMainBlockContainer']{padding-top:1.6rem;padding-bottom:1rem}
.st-key-brief_heading h1{font-size:2.3rem;line-height:1.15;padding:0 0 .2rem}
.st-key-brief_heading p{font-size:.95rem;margin:0}
.st-key-brief_takeaway p{font-size:1.45rem;line-height:1.35;font-weight:600;margin:0}
.st-key-brief_source p{font-size:1rem}
</style>"""


# -- the brief in the session and the URL ---------------------------------------------------


def _adopt(brief: Brief, notes: list[str], origin: str) -> None:
    st.session_state[_BRIEF_KEY] = brief
    st.session_state[_ADOPTED_KEY] = origin
    st.session_state[_NOTES_KEY] = notes
    st.session_state[_STEP_KEY] = 0


def current_brief(*, hindsight: bool) -> Brief:
    """The brief on screen: a link's (when it brings a new one), else the session's, else
    the default story (with the hindsight steps when the sidebar's hindsight is on)."""
    param = st.query_params.get(BRIEF_PARAM)
    if param and param != st.session_state.get(_ADOPTED_KEY):
        try:
            brief, notes = from_param(param)
        except BriefError as error:
            st.session_state[_ADOPTED_KEY] = param
            st.session_state[_NOTES_KEY] = [str(error)]
        else:
            step = st.query_params.get(STEP_PARAM, "1")
            _adopt(brief, notes, param)
            st.session_state[_STEP_KEY] = int(step) - 1 if step.isdigit() else 0
    brief = st.session_state.get(_BRIEF_KEY)
    return brief if isinstance(brief, Brief) else default_brief(hindsight=hindsight)


def _store(brief: Brief) -> None:
    st.session_state[_BRIEF_KEY] = brief
    st.session_state.pop(_EXPORTS_KEY, None)  # files made of the old brief are stale


def add_to_brief_button(view_name: str, options) -> None:
    """A button that adds this page's view (its options and the sidebar's filters, as one
    step) to the brief of this session, and a link to the Brief page."""
    filters = page_context().data.filters
    step = Step.of(view_name, options, filters)

    def add() -> None:
        brief = st.session_state.get(_BRIEF_KEY)
        brief = brief if isinstance(brief, Brief) else Brief()
        if len(brief.steps) >= MAX_STEPS:
            st.session_state[_ADDED_KEY] = (view_name, 0)
            return
        _store(brief.added(step))
        st.session_state[_ADDED_KEY] = (view_name, len(brief.steps) + 1)

    add_column, link_column = st.columns([1, 1], vertical_alignment="center")
    add_column.button(
        "Add this view to the brief",
        on_click=add,
        icon=":material/playlist_add:",
        key=f"add_to_brief_{view_name}",
        help="Adds this view, with its options and the sidebar's filters, as the next step "
        "of your brief (open it from Brief in the navigation).",
    )
    added = st.session_state.get(_ADDED_KEY)
    if added and added[0] == view_name:
        if added[1]:
            link_column.page_link(
                BRIEF_PAGE, label=f"Added as step {added[1]}: open the brief",
                icon=":material/slideshow:",
            )  # fmt: skip
        else:
            link_column.warning(f"The brief is full ({MAX_STEPS} steps).")


# -- presenting --------------------------------------------------------------------------------


def _step_result(step: Step, data: ViewData, *, theme: str):
    spec = view_spec(step.view)
    step_data = with_shared_cut(view_data_for(step, data))
    return cached_view(spec.function, step_data, step.options_value(), theme=theme)


def present_step(step: Step, data: ViewData, *, theme: str) -> StepView:
    """The step computed once per (data, filters, options, theme), shared by sessions."""
    return step_view(step, data, theme=theme, result=_step_result(step, data, theme=theme))


def _go_to(index: int) -> None:
    st.session_state[_STEP_KEY] = index


def _navigation(index: int, count: int) -> None:
    back, where, forward = st.columns([1, 3, 1], vertical_alignment="center")
    # No icons: Streamlit shows each button's shortcut (← and →) beside its label.
    back.button(
        "Previous", key="brief_previous", shortcut="Left",
        disabled=index == 0, on_click=_go_to, args=(index - 1,), width="stretch",
    )  # fmt: skip
    where.markdown(f"Step {index + 1} of {count} · arrow keys to move", text_alignment="center")
    forward.button(
        "Next", key="brief_next", shortcut="Right",
        disabled=index >= count - 1, on_click=_go_to, args=(index + 1,), width="stretch",
    )  # fmt: skip


def _present(view: StepView, brief: Brief, index: int) -> None:
    with st.container(key="brief_heading"):
        st.title(escape_markdown(view.title), anchor=False)
        st.caption(escape_markdown(brief.title))
    with st.container(key="brief_takeaway"):
        st.markdown(escape_markdown(view.takeaway))
    if view.figure is not None:
        config = {**chart_config(f"brief-step-{index + 1}"), "displayModeBar": False}
        st.plotly_chart(
            SentFigure(view.figure), width="stretch", height=CHART_HEIGHT, theme=None,
            config=config,
            key=f"brief_chart_{index}",
        )  # fmt: skip
    with st.container(key="brief_source"):
        st.caption(escape_markdown(view.source_line))
    for caveat in view.caveats:  # below the source line: the fold cuts these first
        st.caption(escape_markdown(caveat))


# -- editing -----------------------------------------------------------------------------------


def _edit(brief: Brief, current: int, change) -> None:
    """Apply change (a move or a removal) and keep the step on screen on screen."""
    changed = change(brief)
    # The same change on numbered markers says where the step on screen went.
    markers = change(Brief(tuple(Step(str(i)) for i in range(len(brief.steps))))).steps
    where = [m.view for m in markers].index(str(current)) if Step(str(current)) in markers else None
    _store(changed)
    last = max(len(changed.steps) - 1, 0)
    st.session_state[_STEP_KEY] = min(current, last) if where is None else where


def _replace(brief: Brief) -> None:
    _store(brief)
    st.session_state[_STEP_KEY] = 0


def _retitle(brief: Brief, index: int, key: str) -> None:
    _store(brief.retitled(index, st.session_state.get(key, "")))


def _rename(brief: Brief) -> None:
    title = clean_title(st.session_state.get("brief_title_input", "")) or brief.title
    _store(dataclasses.replace(brief, title=title))


def _step_editor(brief: Brief, current: int) -> None:
    st.text_input(
        "Title of the brief", value=brief.title, key="brief_title_input",
        on_change=_rename, args=(brief,), max_chars=160,
    )  # fmt: skip
    for index, step in enumerate(brief.steps):
        spec = view_spec(step.view)
        number, title, up, down, show, remove = st.columns(
            [0.4, 6, 0.7, 0.7, 0.7, 0.7], vertical_alignment="bottom"
        )
        number.markdown(f"**{index + 1}**" + (" ▶" if index == current else ""))
        key = f"brief_step_title_{index}_{abs(hash(step))}"
        title.text_input(
            f"Step {index + 1}: {spec.label if spec else step.view}",
            value=step.title, placeholder="The view's own title", key=key,
            on_change=_retitle, args=(brief, index, key), max_chars=160,
        )  # fmt: skip
        up.button(
            "", icon=":material/arrow_upward:", key=f"brief_up_{index}", help="Move up",
            disabled=index == 0, on_click=_edit,
            args=(brief, current, lambda b, i=index: b.moved(i, -1)),
        )  # fmt: skip
        down.button(
            "", icon=":material/arrow_downward:", key=f"brief_down_{index}", help="Move down",
            disabled=index == len(brief.steps) - 1, on_click=_edit,
            args=(brief, current, lambda b, i=index: b.moved(i, 1)),
        )  # fmt: skip
        show.button(
            "", icon=":material/visibility:", key=f"brief_show_{index}", help="Show this step",
            on_click=_go_to, args=(index,),
        )  # fmt: skip
        remove.button(
            "", icon=":material/delete:", key=f"brief_remove_{index}", help="Remove this step",
            on_click=_edit, args=(brief, current, lambda b, i=index: b.removed(i)),
        )  # fmt: skip


def _brief_link(brief: Brief, index: int) -> str:
    """The address that reopens this brief at this step (with the page's other params)."""
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    query.update({BRIEF_PARAM: [to_param(brief)], STEP_PARAM: [str(index + 1)]})
    url = st.context.url or ""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else "/brief"
    return f"{base}?{urlencode(query, doseq=True)}"


def _upload() -> None:
    upload = st.file_uploader(
        "Open a brief file (.json)", type=["json"], key="brief_upload",
        help="A brief saved with 'Save the brief file'.",
    )  # fmt: skip
    if upload is None or upload.file_id == st.session_state.get(_ADOPTED_KEY):
        return
    try:
        brief, notes = from_json(upload.getvalue())
    except BriefError as error:
        st.session_state[_ADOPTED_KEY] = upload.file_id
        st.error(escape_markdown(error), icon=":material/error:")
        return
    _adopt(brief, notes, upload.file_id)
    st.session_state.pop(_EXPORTS_KEY, None)
    st.rerun()


# -- exports -----------------------------------------------------------------------------------


def _byline(data: ViewData) -> str:
    try:
        return article_summary(data.full).byline
    except (KeyError, IndexError, ValueError):
        return ""


def _export_views(brief: Brief, data: ViewData) -> list[StepView]:
    """Every step in the light theme, as exports are drawn."""
    return [present_step(step, data, theme="light") for step in brief.steps]


def _made(kind: str, brief: Brief) -> bytes | None:
    made = st.session_state.get(_EXPORTS_KEY, {})
    return made.get((kind, to_param(brief)))


def _keep(kind: str, brief: Brief, payload: bytes) -> None:
    made = st.session_state.setdefault(_EXPORTS_KEY, {})
    made[(kind, to_param(brief))] = payload


def _exports(brief: Brief, data: ViewData, link: str) -> None:
    from dashboard.export.deck import ChartImageError, brief_deck
    from dashboard.export.html import brief_html

    stem = "fault-lines-brief"
    html_column, deck_column = st.columns(2)
    with html_column:
        html_file = _made("html", brief)
        if html_file is None and st.button(
            "Make the HTML brief (one file, works offline)", icon=":material/html:",
            key="brief_make_html",
        ):  # fmt: skip
            with st.status("Making the HTML brief…", expanded=True) as status:
                progress = st.progress(0.0, text="Computing the steps…")
                views = []
                for number, step in enumerate(brief.steps, start=1):
                    views.append(present_step(step, data, theme="light"))
                    progress.progress(number / (len(brief.steps) + 1), f"Step {number}…")
                html_file = brief_html(brief.title, views, byline=_byline(data), link=link).encode(
                    "utf-8"
                )
                _keep("html", brief, html_file)
                progress.progress(1.0, text="Done")
                status.update(label="The HTML brief is ready", state="complete")
        if html_file is not None:
            st.download_button(
                f"Download the HTML brief ({len(html_file) / 1e6:.1f} MB)", data=html_file,
                file_name=f"{stem}.html", mime="text/html", icon=":material/download:",
                key="brief_download_html", on_click="ignore",
            )  # fmt: skip
    with deck_column:
        deck_file = _made("pptx", brief)
        if deck_file is None and st.button(
            "Make the PowerPoint deck (about 4 s a chart)", icon=":material/slideshow:",
            key="brief_make_deck",
        ):  # fmt: skip
            with st.status("Making the PowerPoint deck…", expanded=True) as status:
                views = _export_views(brief, data)
                charts = sum(v.figure is not None for v in views)
                progress = st.progress(0.0, text=f"Drawing {charts} charts in Chromium…")

                def drawn(done: int, total: int) -> None:
                    progress.progress(done / total, text=f"Chart {done} of {total} drawn")

                try:
                    deck_file = brief_deck(
                        brief.title, views, byline=_byline(data), link=link, progress=drawn
                    )
                except ChartImageError as error:
                    status.update(label="The deck could not be made", state="error")
                    st.error(escape_markdown(error), icon=":material/error:")
                else:
                    _keep("pptx", brief, deck_file)
                    status.update(label="The deck is ready", state="complete")
        if deck_file is not None:
            st.download_button(
                f"Download the deck ({len(deck_file) / 1e6:.1f} MB, .pptx)", data=deck_file,
                file_name=f"{stem}.pptx", icon=":material/download:", key="brief_download_deck",
                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                on_click="ignore",
            )  # fmt: skip

    def views() -> list[StepView]:
        # Runs when the button is clicked, outside the script: pure view functions only.
        return [step_view(step, data, theme="light") for step in brief.steps]

    xlsx_column, csv_column, json_column = st.columns(3)
    xlsx_column.download_button(
        "Tables behind each step (Excel)", data=lambda: tables_workbook(views()),
        file_name=f"{stem}-tables.xlsx", icon=":material/table:", key="brief_download_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )  # fmt: skip
    csv_column.download_button(
        "Tables behind each step (CSV, zip)", data=lambda: tables_zip(views()),
        file_name=f"{stem}-tables.zip", mime="application/zip", icon=":material/folder_zip:",
        key="brief_download_csv", on_click="ignore",
    )  # fmt: skip
    json_column.download_button(
        "Save the brief file (.json)", data=to_json(brief), file_name=f"{stem}.json",
        mime="application/json", icon=":material/save:", key="brief_download_json",
        on_click="ignore",
    )  # fmt: skip


# -- the page ----------------------------------------------------------------------------------


def brief_page(context: PageContext) -> None:
    """Presentation mode: one step per screen; below it, the brief's editor and exports."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(_PRESENTATION_CSS)
    data = context.data
    brief = current_brief(hindsight=data.filters.include_after_publication)
    for note in st.session_state.pop(_NOTES_KEY, []):
        st.warning(escape_markdown(note), icon=":material/warning:")
    if not brief.steps:
        st.title("Brief")
        st.info(
            "This brief has no steps. Add views from any page with **Add this view to the "
            "brief**, or start again from the default story.",
            icon=":material/slideshow:",
        )
        st.button("Start from the default brief", on_click=_replace, args=(default_brief(),))
        return
    if _STEP_KEY not in st.session_state:  # a first visit: the link's step, if it has one
        asked = st.query_params.get(STEP_PARAM, "1")
        st.session_state[_STEP_KEY] = int(asked) - 1 if asked.isdigit() else 0
    index = min(max(int(st.session_state[_STEP_KEY]), 0), len(brief.steps) - 1)
    st.session_state[_STEP_KEY] = index
    st.query_params[STEP_PARAM] = str(index + 1)
    if _BRIEF_KEY in st.session_state:  # the default brief needs no parameter
        st.query_params[BRIEF_PARAM] = to_param(brief)
        st.session_state[_ADOPTED_KEY] = st.query_params[BRIEF_PARAM]

    _navigation(index, len(brief.steps))
    _present(present_step(brief.steps[index], data, theme=context.theme), brief, index)

    st.divider()
    link = _brief_link(brief, index)
    with st.expander("Share, edit and export this brief", icon=":material/edit_note:"):
        st.markdown("**The link to this brief** (it reopens this step)")
        st.code(link, language=None, wrap_lines=True)
        st.markdown("**Steps**")
        _step_editor(brief, index)
        hindsight = data.filters.include_after_publication
        restart, clear = st.columns(2)
        restart.button(
            "Start again from the default brief", icon=":material/restart_alt:",
            on_click=_replace, args=(default_brief(hindsight=hindsight),),
        )  # fmt: skip
        clear.button(
            "Empty the brief", icon=":material/clear_all:", on_click=_replace,
            args=(Brief(title=brief.title),),
        )  # fmt: skip
        st.markdown("**Save and open**")
        _upload()
        st.markdown("**Export** (charts in the light theme)")
        _exports(brief, data, link)
