"""Showing plotly figures: one config for every chart, offline base maps included."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from _plotly_utils.utils import is_homogeneous_array, is_skipped_key, to_typed_array_spec


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
        SentFigure(fig),
        width="stretch",
        key=key,
        on_select=on_select,
        config=chart_config(key),
        theme=None,  # our light and dark templates, not Streamlit's: exports look the same
    )


class SentFigure(go.Figure):
    """A figure as st.plotly_chart sends it, neither copied nor changed.

    Streamlit reads a plotly figure through to_dict, which deep-copies every trace and the
    layout, then encodes their number arrays (base64, as plotly.js reads them) in the copy,
    so as to leave the figure alone. This writes the encoded structure at once instead,
    sharing the values the encoding keeps (text, numbers, a map's GeoJSON): the spec is
    only written out as JSON. The Overview's three charts took 7.4 ms, this 3.9, on every
    filter change. The same JSON as plotly's is tested for every view's figures.
    """

    def __init__(self, figure: go.Figure) -> None:
        # Not plotly's __init__, which would copy figure: only to_dict is ever read.
        self._shown = figure

    def to_dict(self) -> dict:
        """figure.to_dict(), as plotly makes it (see convert_to_base64)."""
        shown = self._shown
        sent = {
            "data": [_encoded(trace) for trace in shown._data],
            "layout": _encoded(shown._layout),
        }
        frames = [_encoded(frame._props) for frame in shown._frame_objs]
        if frames:
            sent["frames"] = frames
        return sent


def _encoded(value):
    """value with plotly's base64 encoding of number arrays, in new dicts and lists where
    it has any: plotly's convert_to_base64 on a copy, without changing value."""
    if isinstance(value, dict):
        return {
            key: item
            if is_skipped_key(key)
            else to_typed_array_spec(item)
            if is_homogeneous_array(item)
            else _encoded(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(
            _encoded(item) if isinstance(item, dict | list | tuple) else item for item in value
        )
    return value
