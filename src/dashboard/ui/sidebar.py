"""The global sidebar: period, countries, actors, sects and hindsight, all kept in the URL."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard.analysis.article import article_date_text
from dashboard.analysis.filters import (
    Filters,
    describe_filters,
    filter_options,
    hidden_hindsight_events,
    period_presets,
)
from dashboard.charts.palette import group_label
from dashboard.model.load import Dataset
from dashboard.ui.text import escape_markdown

_IGNORED_KEY = "_ignored_in_link"


def _url_multiselect(label: str, labels: dict[str, str], param: str, **options) -> list[str]:
    """A multiselect that shows labels and keeps ids in the URL (?country=IRQ&country=SYR).

    Streamlit's bind="query-params" writes the labels a widget shows, so links grew long
    and broke when a label was edited. Here the URL is the truth: each value is an id, or
    a label from an older link (read as its id, any case); the link is rewritten with ids.
    Values that name nothing in the data are dropped and said (see below).
    """
    in_url = st.query_params.get_all(param)
    by_label = {text.casefold(): key for key, text in labels.items()}
    wanted: list[str] = []
    for value in in_url:
        key = value if value in labels else by_label.get(value.casefold())
        if key is None:
            st.session_state.setdefault(_IGNORED_KEY, {})[f"{param}={value}"] = None
        elif key not in wanted:
            wanted.append(key)
    if in_url != wanted:
        _write_ids(param, wanted)
    if st.session_state.get(param) != wanted:  # a link, Back or a "Show only" moved the URL
        st.session_state[param] = wanted

    def picked() -> None:
        _write_ids(param, st.session_state[param])

    return st.multiselect(
        label, list(labels), format_func=labels.get, key=param, on_change=picked, **options
    )


def _write_ids(param: str, keys: list[str]) -> None:
    if keys:
        st.query_params[param] = keys
    else:
        st.query_params.pop(param, None)


def show_only(param: str, keys: list[str]) -> None:
    """Filter every page to keys ('country', 'actor' or 'sect'): a button's callback."""
    _write_ids(param, keys)


def _say_what_the_link_named_in_vain() -> None:
    """Name the link's values that match nothing here, once, instead of dropping them."""
    ignored = st.session_state.pop(_IGNORED_KEY, None)
    if ignored:
        st.warning(
            "The link named what this data does not have, so it was left out: "
            + ", ".join(escape_markdown(value) for value in ignored),
            icon=":material/link_off:",
        )


def _apply_preset(presets: dict[str, tuple[date, date]]) -> None:
    # A preset is a one-off action, not a state: it sets the period and clears itself.
    chosen = st.session_state.get("period_preset")
    if chosen in presets:
        st.session_state["period"] = presets[chosen]
    st.session_state["period_preset"] = None


def _apply_exact_dates() -> None:
    start, end = st.session_state.get("period_from"), st.session_state.get("period_to")
    if start and end:
        st.session_state["period"] = (min(start, end), max(start, end))


def render_sidebar(dataset: Dataset, *, country_names: dict[str, str] | None = None) -> Filters:
    """Draw the global filters and return the reader's choice.

    Each widget is bound to a query parameter (its key), so the address bar always holds
    the current view and a copied link reopens it on any page.
    """
    options = filter_options(dataset, known_names=country_names)
    published = article_date_text(dataset)
    presets = period_presets(dataset, options.first_day, options.last_day)
    with st.sidebar:
        st.header("Filters")
        period: tuple[date, date] = st.slider(
            "Period",
            min_value=options.first_day,
            max_value=options.last_day,
            value=(options.first_day, options.last_day),
            # About a month a step: a 70-year track in one-day steps cannot be aimed.
            step=timedelta(days=30),
            format="MMM YYYY",
            key="period",
            bind="query-params",
        )
        st.pills(
            "Quick periods",
            list(presets),
            key="period_preset",
            on_change=_apply_preset,
            args=(presets,),
            label_visibility="collapsed",
        )
        # Drawn only once opened: two date pickers cost a browser about a second on every
        # page's first load (their scripts and widgets) for what few readers open.
        exact = st.expander("Exact dates", key="exact_dates", on_change="rerun")
        if exact.open:
            with exact:
                start_column, end_column = st.columns(2)
                start_column.date_input(
                    "From",
                    value=period[0],
                    min_value=options.first_day,
                    max_value=options.last_day,
                    key="period_from",
                    on_change=_apply_exact_dates,
                )
                end_column.date_input(
                    "To",
                    value=period[1],
                    min_value=options.first_day,
                    max_value=options.last_day,
                    key="period_to",
                    on_change=_apply_exact_dates,
                )
        # Typing "Iran" and Enter picks Iran, not every country that matches.
        choose = {"select_all": False, "filter_mode": "contains"}
        countries = _url_multiselect(
            "Countries", options.countries, "country", placeholder="All countries", **choose
        )
        actors = _url_multiselect(
            "Actors", options.actors, "actor", placeholder="All actors", **choose
        )
        sects = _url_multiselect(
            "Sects and affiliations",
            {s: group_label(s) for s in options.sects},
            "sect",
            placeholder="All",
            help="Religious groups (Sunni, Shia, Alawite, Druze, Christian, Ibadi, Jewish), "
            "plus two that are not: Kurdish is an ethnic affiliation, Secular / state a "
            "political one. Keeps the actors of those groups; the map highlights regions "
            "with that religious majority.",
            **choose,
        )
        _say_what_the_link_named_in_vain()
        after = st.toggle(
            "Show what happened after publication",
            key="after",
            bind="query-params",
            help=f"The article appeared in {published}. Events, ties and figures after that "
            "are a separate hindsight layer, off by default.",
        )
    filters = Filters(
        start=period[0] if period[0] != options.first_day else None,
        end=period[1] if period[1] != options.last_day else None,
        countries=tuple(countries),
        actors=tuple(actors),
        sects=tuple(sects),
        include_after_publication=after,
    )
    return filters


def active_filters_caption(
    dataset: Dataset, filters: Filters, *, country_names: dict[str, str] | None = None
) -> None:
    """One line at the top of every page naming the active filters (screenshots explain
    themselves), and how many later events the hindsight switch would add."""
    options = filter_options(dataset, known_names=country_names)
    names = {**options.countries, **options.actors, **{s: group_label(s) for s in options.sects}}
    line = describe_filters(filters, names)
    hidden = hidden_hindsight_events(dataset, filters)
    if hidden:
        line += f" ({hidden} later event(s) hidden: switch on hindsight to see them)"
    st.caption(escape_markdown(line))
