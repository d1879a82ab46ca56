"""The global sidebar: period, countries, actors, sects and hindsight, all kept in the URL."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.analysis.article import article_date_text
from dashboard.analysis.filters import (
    Filters,
    describe_filters,
    filter_options,
    hidden_hindsight_events,
)
from dashboard.charts.palette import group_label
from dashboard.model.load import Dataset
from dashboard.ui.text import escape_markdown


def render_sidebar(dataset: Dataset, *, country_names: dict[str, str] | None = None) -> Filters:
    """Draw the global filters and return the reader's choice.

    Each widget is bound to a query parameter (its key), so the address bar always holds
    the current view and a copied link reopens it on any page.
    """
    options = filter_options(dataset, known_names=country_names)
    published = article_date_text(dataset)
    with st.sidebar:
        st.header("Filters")
        period: tuple[date, date] = st.slider(
            "Period",
            min_value=options.first_day,
            max_value=options.last_day,
            value=(options.first_day, options.last_day),
            format="MMM YYYY",
            key="period",
            bind="query-params",
        )
        countries = st.multiselect(
            "Countries",
            options=list(options.countries),
            format_func=options.countries.get,
            key="country",
            bind="query-params",
            placeholder="All countries",
        )
        actors = st.multiselect(
            "Actors",
            options=list(options.actors),
            format_func=options.actors.get,
            key="actor",
            bind="query-params",
            placeholder="All actors",
        )
        sects = st.multiselect(
            "Sects and affiliations",
            options=list(options.sects),
            format_func=group_label,
            key="sect",
            bind="query-params",
            placeholder="All",
        )
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
