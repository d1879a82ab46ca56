"""Text from the data, made safe for plotly (which reads tags in titles, labels and hovers)."""

from __future__ import annotations

import html

import pandas as pd


def plotly_text(value) -> str:
    """A cell as plotly text: empty for NA, and escaped, because plotly reads tags in text
    (a name like "<b>x</b>" or worse must show as typed, not as markup)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=False)
