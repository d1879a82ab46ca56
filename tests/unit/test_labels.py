"""Label placement: boxes, the projection, and a placement where no two labels overlap."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.analysis.geography import focus_bounds
from dashboard.analysis.labels import (
    Box,
    label_box,
    place_labels,
    placed_boxes,
    screen_points,
)
from dashboard.views.fault_map import MapOptions, fault_map_view
from tests.unit.map_data import real_view_data


def test_boxes_overlap_only_when_they_share_area():
    a = Box(0, 0, 10, 10)
    assert a.overlaps(Box(5, 5, 15, 15))
    assert not a.overlaps(Box(10, 0, 20, 10))  # touching edges share no area
    assert not a.overlaps(Box(0, 11, 10, 20))


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("top center", Box(100 - 29, 100 - 7 - 12.5, 100 + 29, 100 - 7)),
        ("bottom center", Box(100 - 29, 107, 100 + 29, 107 + 12.5)),
        ("middle right", Box(107, 100 - 6.25, 107 + 58, 100 + 6.25)),
        ("middle left", Box(100 - 7 - 58, 100 - 6.25, 93, 100 + 6.25)),
    ],
)
def test_a_label_box_sits_on_its_side_of_the_marker(position, expected):
    # 10 characters at 10 px: 58 px wide (0.58 em each), 12.5 px tall.
    box = label_box(100, 100, "x" * 10, position, font_px=10, gap=7)
    assert [box.x0, box.y0, box.x1, box.y1] == pytest.approx(
        [expected.x0, expected.y0, expected.x1, expected.y1]
    )


def test_the_projection_keeps_aspect_and_puts_north_up():
    bounds = (40.0, 30.0, 50.0, 40.0)
    points = screen_points([40, 50, 45], [40, 40, 30], bounds, plot_height_px=500)
    west, east, south = points
    assert west == pytest.approx([0, 0])
    assert east[1] == pytest.approx(0) and east[0] > 0
    assert south[1] > 0  # south is further down the screen
    # Mercator: ten degrees of latitude here are longer than ten of longitude.
    assert south[1] > east[0]


def test_crowded_labels_take_other_sides_and_the_least_important_yields():
    points = np.array([[100.0, 100.0], [104.0, 100.0], [100.0, 104.0]])
    positions = place_labels(points, ["Baghdad", "Fallujah", "Ramadi"], [2, 4, 0], font_px=15)
    assert positions[1] is not None  # the most important is placed first
    boxes = placed_boxes(points, ["Baghdad", "Fallujah", "Ramadi"], positions, font_px=15)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_a_label_with_no_free_side_is_left_off():
    points = np.array([[100.0, 100.0], [101.0, 100.0]])
    # Every side of both markers is taken; only a sliver around the markers is free.
    wall = [Box(0, 0, 300, 98), Box(0, 103, 300, 300), Box(0, 98, 99, 103), Box(102, 98, 300, 103)]
    assert place_labels(points, ["A", "B"], [1, 1], obstacles=wall) == [None, None]


def test_a_square_drawn_on_the_marker_itself_does_not_push_its_label_away():
    points = np.array([[100.0, 100.0]])
    own_square = [Box(92, 92, 108, 108)]  # a held-place square on this very place
    assert place_labels(points, ["Raqqa"], [1], obstacles=own_square) == ["top center"]


def test_empty_texts_get_no_position():
    assert place_labels(np.array([[0.0, 0.0]]), [""], [1]) == [None]


@pytest.fixture(scope="module")
def real_data():
    return real_view_data()


def _zoom_presets(geography) -> list[tuple[str, ...]]:
    return [(), *((code,) for code in geography.country_names), ("IRQ", "SYR")]


def test_no_two_place_labels_overlap_at_any_zoom_preset(real_data):
    """Every preset of the 'Zoom to' picker, and a union: the model's boxes never meet."""
    for focus in _zoom_presets(real_data.geography):
        figure = fault_map_view(real_data, MapOptions(focus=focus)).figure
        bounds = focus_bounds(real_data.geography, focus)
        boxes = []
        for trace in figure.data:
            if trace.name in ("Places", "Places after publication (hindsight)"):
                points = screen_points(trace.lon, trace.lat, bounds, plot_height_px=500 - 66)
                boxes += placed_boxes(
                    points, list(trace.text), list(trace.textposition), font_px=15, marker_px=10
                )
        if focus in ((), ("IRQ",), ("SYR",)):
            assert boxes, focus  # where the story is, names are printed
        overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]
        assert not overlapping, (focus, overlapping)
