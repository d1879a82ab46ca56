"""The one source of colour for every chart: groups, actors and the plotly template.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008), which stays distinguishable
under the common forms of colour blindness, plus a neutral grey. They are saturated enough
to survive a washed-out meeting-room projector.
"""

from __future__ import annotations

import hashlib

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
    "none": LIGHT_GREY,
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
}
UNKNOWN_COLOUR = LIGHT_GREY

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
TEMPLATE_NAME = "fault_lines"


def group_colour(group: str | None) -> str:
    """Colour of a sect/affiliation group; grey for unknown groups."""
    return GROUP_COLOURS.get(group or "", UNKNOWN_COLOUR)


def group_label(group: str | None) -> str:
    """Human label of a group id ("shia" -> "Shia")."""
    return GROUP_LABELS.get(group or "", (group or "Unknown").replace("_", " ").title())


def actor_colour(actor_id: str) -> str:
    """Stable colour of an actor: fixed for the main actors, hashed for the rest."""
    if actor_id in ACTOR_COLOURS:
        return ACTOR_COLOURS[actor_id]
    digest = hashlib.sha1(actor_id.encode("utf-8")).digest()
    return ACTOR_CYCLE[digest[0] % len(ACTOR_CYCLE)]


def _build_template() -> go.layout.Template:
    # Large type: briefers screenshare these charts onto projectors.
    return go.layout.Template(
        layout=go.Layout(
            font={"family": FONT_FAMILY, "size": 15},
            title={"font": {"size": 20}},
            legend={"font": {"size": 15}, "title": {"font": {"size": 15}}},
            hoverlabel={"font": {"size": 14, "family": FONT_FAMILY}},
            colorway=list(ACTOR_CYCLE),
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            xaxis={"gridcolor": "rgba(128,128,128,0.25)", "zeroline": False},
            yaxis={"gridcolor": "rgba(128,128,128,0.25)", "zeroline": False},
        )
    )


TEMPLATE = _build_template()
# Registered under its name so figures can say template="plotly_white+fault_lines".
pio.templates[TEMPLATE_NAME] = TEMPLATE
CHART_TEMPLATE = f"plotly_white+{TEMPLATE_NAME}"
