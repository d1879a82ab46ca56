"""Where to print place names on a map so that no two overlap.

Plotly draws a marker's text at one of eight positions around it and never moves a label
out of another's way. This module places them itself: it projects the markers the way
plotly's geo subplot does (Mercator, the frame fitted into the plot area), estimates each
label's box from its length and font size, and gives every label, most important first,
the first position whose box meets no other label, marker or fixed text; a label with no
free position is left off the map (its marker and hover stay).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Plotly's positions, in the order tried: above and below read best, then the sides, then
# the corners.
POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
# Average glyph width of a sans-serif face as a share of the font size; generous, so the
# estimate errs on the side of a box larger than the drawn text.
GLYPH_WIDTH = 0.58
LINE_HEIGHT = 1.25
# The plot's width is not known on the server (it stretches with the window): frame on the
# narrowest map that a 1366x768 screen share with the sidebar open gives (the map takes
# 80% of a figure about 900 px wide). A wider plot only spreads the markers further apart.
NARROWEST_PLOT_PX = 700
# Room kept around every label: the estimate of a box is close, not exact.
LABEL_PADDING = 2.0


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in screen pixels (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area."""
        return (
            self.x0 < other.x1
            and other.x0 < self.x1
            and self.y0 < other.y1
            and (other.y0 < self.y1)
        )


def _inside(box: Box, frame: Box) -> bool:
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def map_frame(
    bounds: tuple[float, float, float, float],
    *,
    plot_height_px: float,
    plot_width_px: float = NARROWEST_PLOT_PX,
) -> Box:
    """The drawn map's own box in the coordinates of screen_points (labels stay inside)."""
    corner = screen_points(
        [bounds[2]], [bounds[1]], bounds, plot_height_px=plot_height_px, plot_width_px=plot_width_px
    )[0]
    return Box(0.0, 0.0, float(corner[0]), float(corner[1]))


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    return np.log(np.tan(np.pi / 4 + np.radians(np.clip(lat, -85, 85)) / 2))


def screen_points(
    lons: Sequence[float],
    lats: Sequence[float],
    bounds: tuple[float, float, float, float],
    *,
    plot_height_px: float,
    plot_width_px: float = NARROWEST_PLOT_PX,
) -> np.ndarray:
    """(n, 2) pixel positions of lon/lat points on a Mercator map framed on bounds."""
    minx, miny, maxx, maxy = bounds
    x_span = math.radians(maxx - minx)
    y_top, y_bottom = _mercator_y(np.array([maxy, miny]))
    scale = min(plot_width_px / x_span, plot_height_px / (y_top - y_bottom))
    x = np.radians(np.asarray(lons, dtype=float) - minx) * scale
    y = (y_top - _mercator_y(np.asarray(lats, dtype=float))) * scale
    return np.column_stack([x, y])


def label_box(x: float, y: float, text: str, position: str, *, font_px: float, gap: float) -> Box:
    """The box of text printed at position around a marker at (x, y)."""
    width = len(text) * font_px * GLYPH_WIDTH
    height = font_px * LINE_HEIGHT
    vertical, horizontal = position.split()
    if horizontal == "center":
        x0 = x - width / 2
    elif horizontal == "right":
        x0 = x + gap
    else:
        x0 = x - gap - width
    if vertical == "middle":
        y0 = y - height / 2
    elif vertical == "top":
        y0 = y - gap - height
    else:
        y0 = y + gap
    return Box(x0, y0, x0 + width, y0 + height)


def marker_box(x: float, y: float, size_px: float) -> Box:
    """The box a marker of size_px covers."""
    half = size_px / 2
    return Box(x - half, y - half, x + half, y + half)


def place_labels(
    points: np.ndarray,
    texts: Sequence[str],
    priority: Sequence[float],
    *,
    font_px: float = 15,
    marker_px: float = 10,
    obstacles: Sequence[Box] = (),
    positions: Sequence[str] = POSITIONS,
    frame: Box | None = None,
) -> list[str | None]:
    """A plotly text position for each label, or None where it would overlap.

    Labels are placed most important first (highest priority, then input order); each
    avoids every label already placed, every marker and every obstacle box, and stays
    inside frame (the map's edges) when one is given, trying positions in order.
    """
    markers = [marker_box(x, y, marker_px) for x, y in points]
    taken: list[Box] = []
    chosen: list[str | None] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: (-priority[i], i))
    for i in order:
        if not texts[i]:
            continue
        x, y = points[i]
        # An obstacle drawn on this very marker (a held-place square) is its own: the
        # label sits beside it, the square does not push it away.
        blocking = [
            *(box for j, box in enumerate(markers) if j != i),
            *(box for box in obstacles if not _contains(box, x, y)),
        ]
        for position in positions:
            box = label_box(x, y, texts[i], position, font_px=font_px, gap=label_gap(marker_px))
            if frame is not None and not _inside(box, frame):
                continue
            padded = _padded(box, LABEL_PADDING)
            if not any(padded.overlaps(other) for other in (*taken, *blocking)):
                chosen[i] = position
                taken.append(padded)
                break
    return chosen


def label_gap(marker_px: float) -> float:
    """How far plotly prints text from a marker's centre (measured in Chromium: size 10
    puts it 6-8 px away)."""
    return marker_px / 2 + 1.5


def _padded(box: Box, pad: float) -> Box:
    return Box(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)


def _contains(box: Box, x: float, y: float) -> bool:
    return box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1


def placed_boxes(
    points: np.ndarray,
    texts: Sequence[str],
    positions: Sequence[str | None],
    *,
    font_px: float = 15,
    marker_px: float = 10,
) -> list[Box]:
    """The boxes of the labels that were placed (for checking a placement)."""
    return [
        label_box(x, y, text, position, font_px=font_px, gap=label_gap(marker_px))
        for (x, y), text, position in zip(points, texts, positions, strict=True)
        if position is not None and text
    ]
