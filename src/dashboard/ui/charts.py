"""Showing plotly figures: one config for every chart, offline base maps included."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st


def _topojson_url() -> str:
    # plotly's geo subplot fetches its base map from a CDN unless told otherwise; the files
    # are served from static/topojson/ (server.enableStaticServing), under any base path.
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/topojson/" if base else "/app/static/topojson/"


def chart_config(filename: str) -> dict:
    """The plotly config: PNG export at twice the size (for decks), no plotly logo."""
    return {
        "displaylogo": False,
        "topojsonURL": _topojson_url(),
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def show_figure(fig: go.Figure, *, key: str, on_select: str = "ignore"):
    """Render fig full-width; with on_select="rerun" return the selection event.

    fig may be shared by every session (a cached view): it is never changed here.
    """
    return st.plotly_chart(
        fig,
        width="stretch",
        key=key,
        on_select=on_select,
        config=chart_config(key),
        theme=None,  # our light and dark templates, not Streamlit's: exports look the same
    )
