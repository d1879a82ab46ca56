"""The one source of colour for every chart: groups, actors and the plotly template.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008), which stays distinguishable
under the common forms of colour blindness, plus a neutral grey. They are saturated enough
to survive a washed-out meeting-room projector.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#9A9A9A"
LIGHT_GREY = "#D9D9D9"

# Sect / ethnicity / affiliation -> colour. The same mapping colours a province on the map
# and an actor in the network, so "Shia" reads the same everywhere.
GROUP_COLOURS: dict[str, str] = {
    "sunni": OKABE_ITO["bluish_green"],
    "shia": OKABE_ITO["vermillion"],
    "alawite": OKABE_ITO["reddish_purple"],
    "kurdish": OKABE_ITO["yellow"],
    "druze": OKABE_ITO["sky_blue"],
    "christian": OKABE_ITO["blue"],
    "ibadi": OKABE_ITO["orange"],
    "jewish": "#7F6AB0",
    "mixed": GREY,
    "secular": "#5E5E5E",
    # Three greys a reader must tell apart: mixed (mid), not applicable (light) and, from
    # the surface, not sourced (the paper colour: no data, no fill).
    "none": "#BDBDBD",
}
# Ethnic majorities, for the map's ethnicity layer (a separate legend, so a hue may mean a
# sect on one layer and a people on the other). Kurds keep the yellow they had as a group.
ETHNIC_COLOURS: dict[str, str] = {
    "arab": OKABE_ITO["sky_blue"],
    "kurd": OKABE_ITO["yellow"],
    "persian": OKABE_ITO["reddish_purple"],
    # Not a blue: the militant-control wash darkens Arab sky blue (Anbar, Nineveh) into
    # something a reader took for Okabe-Ito blue. Tol's wine stays apart from Persian pink
    # by its darkness.
    "azeri": "#882255",
    "turkmen": OKABE_ITO["orange"],
    "turk": OKABE_ITO["bluish_green"],
    "baloch": OKABE_ITO["vermillion"],
    "pashtun": "#7F6AB0",
    "tajik": "#5E5E5E",
    "hazara": "#8C510A",
    # Tol's indigo: a dark blue none of the other peoples uses (Arab sky blue is light).
    "lur": "#332288",
}
GROUP_LABELS: dict[str, str] = {
    "sunni": "Sunni",
    "shia": "Shia",
    "alawite": "Alawite",
    "kurdish": "Kurdish",
    "druze": "Druze",
    "christian": "Christian",
    "ibadi": "Ibadi",
    "jewish": "Jewish",
    "mixed": "Mixed",
    "secular": "Secular / state",
    "none": "Not applicable",
    "kurd": "Kurd",
    "arab": "Arab",
    "persian": "Persian",
    "azeri": "Azeri",
    "turkmen": "Turkmen",
    "turk": "Turk",
    "baloch": "Baloch",
    "pashtun": "Pashtun",
    "tajik": "Tajik",
    "hazara": "Hazara",
    "lur": "Lur",
}
UNKNOWN_COLOUR = LIGHT_GREY
# The rim of a held-place marker in either theme: the holder's colour (black for ISIL)
# stays visible on any region fill.
MARKER_RIM = "#FFFFFF"

# Fixed colours for the actors a reader meets on every page; every other actor gets a
# stable colour from ACTOR_CYCLE by hashing its id, so it never changes between reruns.
ACTOR_COLOURS: dict[str, str] = {
    "iran": OKABE_ITO["vermillion"],
    "usa": OKABE_ITO["blue"],
    "iraq": OKABE_ITO["orange"],
    "syria": OKABE_ITO["reddish_purple"],
    "isil": OKABE_ITO["black"],
}
ACTOR_CYCLE = (
    OKABE_ITO["bluish_green"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    "#7F6AB0",
    "#5E5E5E",
)

FONT_FAMILY = "Source Sans Pro, Helvetica, Arial, sans-serif"  # system fonts only: offline
THEMES = ("light", "dark")


@dataclass(frozen=True)
class Surface:
    """The non-data colours of one theme: paper, ink, grid, and the quiet parts of a map.

    The backgrounds match .streamlit/config.toml's light and dark themes, so a chart sits
    on the page without a panel of another colour around it.
    """

    paper: str
    ink: str  # text
    muted_ink: str  # source lines, secondary labels
    grid: str
    land: str
    ocean: str
    base_fill: str  # countries outside the region
    base_line: str
    region_line: str  # between admin-1 regions
    country_line: str  # national borders, above the regions
    label_halo: str  # behind printed names, so they read over any fill
    hover_bg: str
    no_data: str  # a region whose make-up is not sourced


SURFACES = {
    "light": Surface(
        paper="#FFFFFF",
        ink="#1A1A1A",
        muted_ink="#555555",
        grid="rgba(0,0,0,0.12)",
        land="#F7F7F7",
        ocean="#E6EEF5",
        base_fill="#EEEEEE",
        base_line="#B5B5B5",
        region_line="#FFFFFF",
        country_line="#4D4D4D",
        label_halo="#FFFFFF",
        hover_bg="#FFFFFF",
        no_data="#FFFFFF",
    ),
    "dark": Surface(
        paper="#111418",
        ink="#F2F2F2",
        muted_ink="#B8B8B8",
        grid="rgba(255,255,255,0.14)",
        land="#23282F",
        ocean="#0B1A26",
        base_fill="#2C323A",
        base_line="#5A626C",
        region_line="#111418",
        country_line="#E0E0E0",
        label_halo="#000000",
        hover_bg="#1E232A",
        no_data="#3A4149",
    ),
}


def surface(theme: str) -> Surface:
    """The surface colours of theme ('light' or 'dark'); light for anything else."""
    return SURFACES.get(theme, SURFACES["light"])


def group_colour(group: str | None) -> str:
    """Colour of a sect/affiliation group; grey for unknown groups."""
    return GROUP_COLOURS.get(group or "", ETHNIC_COLOURS.get(group or "", UNKNOWN_COLOUR))


def group_label(group: str | None) -> str:
    """Human label of a group id ("shia" -> "Shia")."""
    return GROUP_LABELS.get(group or "", (group or "Unknown").replace("_", " ").title())


def actor_colour(actor_id: str) -> str:
    """Stable colour of an actor: fixed for the main actors, hashed for the rest."""
    if actor_id in ACTOR_COLOURS:
        return ACTOR_COLOURS[actor_id]
    digest = hashlib.sha1(actor_id.encode("utf-8")).digest()
    return ACTOR_CYCLE[digest[0] % len(ACTOR_CYCLE)]


def _template(colours: Surface) -> go.layout.Template:
    # Large type: briefers screenshare these charts onto projectors.
    axis = {
        "gridcolor": colours.grid,
        "zeroline": False,
        "linecolor": colours.grid,
        "tickfont": {"color": colours.ink},
        "title": {"font": {"color": colours.ink}},
    }
    return go.layout.Template(
        layout=go.Layout(
            font={"family": FONT_FAMILY, "size": 15, "color": colours.ink},
            title={"font": {"size": 20, "color": colours.ink}},
            paper_bgcolor=colours.paper,
            plot_bgcolor=colours.paper,
            legend={
                "font": {"size": 15, "color": colours.ink},
                "title": {"font": {"size": 15}},
                "bgcolor": "rgba(0,0,0,0)",
            },
            hoverlabel={
                "font": {"size": 14, "family": FONT_FAMILY, "color": colours.ink},
                "bgcolor": colours.hover_bg,
                "bordercolor": colours.muted_ink,
            },
            colorway=list(ACTOR_CYCLE),
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            xaxis=axis,
            yaxis=axis,
            geo={"bgcolor": colours.paper},
        )
    )


# Registered by name so a figure says template="fault_lines_dark" and stays plain JSON.
for _theme in THEMES:
    pio.templates[f"fault_lines_{_theme}"] = _template(SURFACES[_theme])


_BASE_TEMPLATES = {"light": "plotly_white", "dark": "plotly_dark"}


def chart_template(theme: str) -> str:
    """The plotly template of theme (plotly's own, then ours): light for exports and unknowns."""
    theme = theme if theme in THEMES else "light"
    return f"{_BASE_TEMPLATES[theme]}+fault_lines_{theme}"


@functools.cache
def merged_template(theme: str) -> go.layout.Template:
    """chart_template(theme) merged once, for figures to be given.

    Named "plotly_white+fault_lines_light", a template is merged anew for every figure
    (25 to 100 ms each, most of a redraw once the data is aggregated). A figure copies the
    template it is given, so this shared one is never changed.
    """
    return pio.templates[chart_template(theme)]


def apply_theme(figure: go.Figure, theme: str) -> go.Figure:
    """figure with the theme's merged template, given as plotly gives its own default one:
    without checking it again (it was checked when merged). The check copied every trace
    type's defaults, about 20 ms a figure; the Overview draws six."""
    layout = figure.layout
    layout._validate = False  # plotly's own switch (see BaseFigure._initialize_layout_template)
    try:
        layout.template = merged_template(theme)
    finally:
        layout._validate = figure._validate
    return figure


def themed_figure(traces: Sequence[Mapping], layout: Mapping, theme: str) -> go.Figure:
    """The figure of traces and layout (plain dicts in plotly's own keys) in the theme, made
    without plotly's property checks.

    The checks copy and test every value of every trace, once when a trace object is made
    and again when a figure takes it: 15 ms for ten lines of 300 points, 1.4 ms without;
    the Overview draws three figures on every filter change. Every figure the views make is
    built again with the checks on by tests/unit/test_figures_checked.py.
    """
    figure = go.Figure(
        {"data": [_set_only(trace) for trace in traces], "layout": _set_only(layout, lists=True)},
        _validate=False,
    )
    return apply_theme(figure, theme)


def _set_only(properties: Mapping, *, lists: bool = False) -> dict:
    """properties without those set to None, in nested dicts too (and with lists, in the
    lists of dicts a layout's annotations and shapes are): plotly's checks read None as
    "not set", while unchecked it would reach the browser as null. A trace's lists are
    values (a line's gaps are None), and a map's regions are thousands of dicts: kept as
    they are. Text in a numpy array becomes a list (see sendable)."""
    return {
        key: _set_only(value, lists=lists)
        if isinstance(value, Mapping)
        else [_set_only(v, lists=True) if isinstance(v, Mapping) else sendable(v) for v in value]
        if lists and isinstance(value, list)
        else sendable(value)
        for key, value in properties.items()
        if value is not None
    }


def sendable(value):
    """value in a form orjson writes at once: a pandas column as a numpy array, an array of
    text or objects as a list, a pandas Timestamp as its ISO text.

    Streamlit sends a figure through plotly.io.to_json, which hands it to orjson whole when
    orjson can write every value; one it cannot (a pandas Series, a numpy array of text)
    sends the whole figure down plotly's slow path, which walks every value in Python: 18
    of the 22 ms a map's thumbnail took to send.
    """
    if isinstance(value, pd.Series | pd.Index):
        value = value.to_numpy()
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        return value.tolist()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value
