"""Areas of militant control (analysis.control): which held when, and where they lie."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from dashboard.analysis.control import control_area_shapes, control_areas_at, control_months
from tests.unit.map_data import squares


def control_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": ["town", "province", "later"],
            "name": ["Town", "Province", "Later"],
            "controller": ["isil"] * 3,
            "place_id": ["town", "", "town"],
            "adm1_code": ["A", "A", "A"],
            "extent": ["full", "contested", "full"],
            "start": ["2014-01", "2014-01", "2014-06-10"],
            "end": ["", "", "2016-06"],
            "layer": ["at_publication", "at_publication", "after_publication"],
            "start_date": pd.to_datetime(["2014-01-01", "2014-01-01", "2014-06-10"]),
            "end_date": pd.to_datetime([None, None, "2016-06-30"]),
        }
    )


def test_control_areas_use_place_points_else_their_region():
    admin1 = squares({"A": "sunni"}, {"A": (0, 0, 1, 1)})
    places = pd.DataFrame({"place_id": ["town"], "lat": [0.5], "lon": [0.25]})
    shapes = control_area_shapes(control_table(), admin1, places).set_index("area_id")
    assert shapes.loc["town"].geometry.equals(shapely.Point(0.25, 0.5))
    assert shapes.loc["town", "shape_kind"] == "place"
    assert shapes.loc["province"].geometry.geom_type == "Polygon"
    assert shapes.loc["province", "shape_kind"] == "region"


def test_a_place_without_coordinates_falls_back_to_its_region_and_nowhere_is_unlocated():
    admin1 = squares({"A": "sunni"}, {"A": (0, 0, 1, 1)})
    areas = control_table()
    areas.loc[2, "adm1_code"] = "NOWHERE"
    areas.loc[2, "place_id"] = ""
    places = pd.DataFrame({"place_id": ["town"], "lat": [""], "lon": [""]})
    shapes = control_area_shapes(areas, admin1, places).set_index("area_id")
    assert shapes.loc["town", "shape_kind"] == "region_of_place"
    assert shapes.loc["town"].geometry.equals(admin1.geometry.iloc[0])
    assert shapes.loc["later", "shape_kind"] == "unlocated"
    assert shapes.loc["later"].geometry is None


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2013-12-31", set()),  # before anything was taken
        ("2014-01-15", {"town", "province"}),  # at publication: the article's layer
        ("2016-06-30", {"later"}),  # hindsight: open at-publication rows no longer speak
        ("2016-07-01", set()),  # retaken
    ],
)
def test_control_areas_at_a_date_come_from_the_layer_for_that_date(as_of, expected):
    held = control_areas_at(
        control_table(), pd.Timestamp(as_of), published=pd.Timestamp("2014-01-31")
    )
    assert set(held["area_id"]) == expected


def test_without_a_publication_date_the_article_layer_speaks_for_every_date():
    held = control_areas_at(control_table(), pd.Timestamp("2020-01-01"), published=None)
    assert set(held["area_id"]) == {"town", "province"}


def test_control_months_run_from_the_first_area_to_the_last_date_spoken_for():
    months = control_months(control_table(), pd.Timestamp("2014-01-31"))
    assert months[0] == "2014-01"
    assert months[-1] == "2016-06"
    assert len(months) == 30
    assert months == sorted(set(months))


def test_control_months_reach_the_publication_date():
    areas = control_table().iloc[:2]  # open-ended from Jan 2014
    assert control_months(areas, pd.Timestamp("2014-03-31")) == ["2014-01", "2014-02", "2014-03"]


def test_no_control_areas_and_no_date_means_no_months():
    assert control_months(control_table().iloc[0:0], None) == []
    assert control_months(control_table().iloc[0:0], pd.Timestamp("2014-01-31")) == ["2014-01"]
