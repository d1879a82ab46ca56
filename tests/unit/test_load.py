"""Loading a dataset directory: typed tables, problems that name file, line and column."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow
import pytest

from dashboard.model.crosscheck import LINE
from dashboard.model.load import DatasetDirectoryError, load_dataset
from dashboard.model.problems import Problem, problems_frame
from dashboard.model.schema import TABLES
from tests.unit.conftest import VALID, line_of, set_cell, snapshot


def test_the_valid_fixture_has_no_problem_and_every_row(dataset_dir):
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    assert dataset.table_names == list(TABLES)
    for name in TABLES:
        assert len(dataset.table(name)) == len(VALID[name]), name


def test_rows_keep_their_file_line(dataset):
    assert dataset.events.set_index("event_id")[LINE].to_dict() == {
        "iran_iraq_war": 2,
        "geneva_deal": 3,
        "fall_of_mosul": 4,
    }


def test_dates_are_parsed_at_their_precision(dataset):
    events = dataset.events.set_index("event_id")
    war = events.loc["iran_iraq_war"]
    assert war["start_date"] == pd.Timestamp("1980-09-22")
    assert war["end_date"] == pd.Timestamp("1988-08-20")
    assert (war["start_precision"], war["end_precision"]) == ("day", "day")


def test_a_moment_known_to_the_month_spans_the_month(dataset):
    deal = dataset.events.set_index("event_id").loc["geneva_deal"]
    assert deal["start"] == "2013-11"  # the text stays as written
    assert deal["start_date"] == pd.Timestamp("2013-11-01")
    assert deal["end_date"] == pd.Timestamp("2013-11-30")
    assert deal["start_precision"] == "month"
    assert pd.isna(deal["end_precision"])  # no end was written


def test_a_moment_known_to_the_day_is_one_day(dataset):
    mosul = dataset.events.set_index("event_id").loc["fall_of_mosul"]
    assert mosul["start_date"] == mosul["end_date"] == pd.Timestamp("2014-06-10")


def test_an_ongoing_event_stays_open(dataset_dir):
    set_cell(dataset_dir, "events", "fall_of_mosul", "end", "ongoing")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    mosul = dataset.events.set_index("event_id").loc["fall_of_mosul"]
    assert mosul["end"] == "ongoing"
    assert mosul["start_date"] == pd.Timestamp("2014-06-10")
    assert pd.isna(mosul["end_date"])
    assert pd.isna(mosul["end_precision"])


@pytest.mark.parametrize(
    ("table", "key", "column"),
    [
        ("relations", "iran_usa_talks", "end"),  # only events may be ongoing
        ("events", "geneva_deal", "start"),
        ("control_areas", "government_baghdad", "end"),
    ],
)
def test_ongoing_is_only_an_event_end(dataset_dir, table, key, column):
    line = set_cell(dataset_dir, table, key, column, "ongoing")
    _, problems = load_dataset(dataset_dir)
    assert [(p.file, p.row, p.column) for p in problems] == [(f"{table}.csv", line, column)]
    assert problems[0].message.startswith("'ongoing' must be a date")


def test_an_open_relation_has_no_end_date(dataset):
    relations = dataset.relations.set_index("relation_id")
    talks = relations.loc["iran_usa_talks"]
    assert talks["start_date"] == pd.Timestamp("2013-09-01")
    assert talks["start_precision"] == "month"
    assert pd.isna(talks["end_date"])
    assert relations.loc["iran_iraq_fight", "end_date"] == pd.Timestamp("1988-08-20")


def test_control_areas_get_date_spans_too(dataset):
    areas = dataset.control_areas.set_index("area_id")
    assert areas.loc["government_baghdad", "start_date"] == pd.Timestamp("2003-01-01")
    assert areas.loc["government_baghdad", "start_precision"] == "year"
    assert pd.isna(areas.loc["government_baghdad", "end_date"])
    assert areas.loc["isil_mosul", "end_date"] == pd.Timestamp("2017-07-31")


def test_numbers_and_flags_are_typed(dataset):
    relations = dataset.relations.set_index("relation_id")
    assert relations["sign"].to_dict() == {
        "iran_iraq_fight": -1,
        "iran_usa_talks": 0,
        "usa_isil_fight": -1,
    }
    assert pd.api.types.is_integer_dtype(relations["sign"])
    assert pd.api.types.is_bool_dtype(relations["directed"])
    places = dataset.places.set_index("place_id")
    assert places.loc["baghdad", "lat"] == pytest.approx(33.31)
    assert places.loc["baghdad", "lon"] == pytest.approx(44.36)
    figures = dataset.figures.set_index("figure_id")
    assert figures.loc["war_deaths_article", "best"] == 1_000_000
    assert math.isnan(figures.loc["war_deaths_article", "low"])  # empty = unknown
    regions = dataset.regions.set_index("iso3")
    assert regions.loc["IRQ", "majority_share_low"] == pytest.approx(0.6)
    assert math.isnan(regions.loc["IRN", "majority_share_high"])


def test_text_that_looks_like_something_else_stays_text(dataset_dir):
    set_cell(dataset_dir, "events", "geneva_deal", "title", "1984")
    set_cell(dataset_dir, "events", "geneva_deal", "description", "NA")
    set_cell(dataset_dir, "actors", "usa", "description", "None")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    deal = dataset.events.set_index("event_id").loc["geneva_deal"]
    assert (deal["title"], deal["description"]) == ("1984", "NA")
    assert dataset.actors.set_index("actor_id").loc["usa", "description"] == "None"


def test_spaces_around_cells_are_ignored(dataset_dir):
    set_cell(dataset_dir, "actors", "usa", "kind", " state ")
    set_cell(dataset_dir, "events", "geneva_deal", "actor_ids", "iran;usa  ")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    assert dataset.actors.set_index("actor_id").loc["usa", "kind"] == "state"


def test_a_faulty_row_is_left_out_and_the_others_stay(dataset_dir):
    line = set_cell(dataset_dir, "events", "geneva_deal", "start", "2013-13")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == [
        Problem("events.csv", line, "start", "'2013-13' is not a real calendar date")
    ]
    assert list(dataset.events["event_id"]) == ["iran_iraq_war", "fall_of_mosul"]
    assert len(dataset.relations) == len(VALID["relations"])


def test_every_fault_in_a_file_is_reported_not_just_the_first(dataset_dir):
    first = set_cell(dataset_dir, "places", "baghdad", "lat", "north")
    second = set_cell(dataset_dir, "places", "tehran", "lon", "200")
    third = set_cell(dataset_dir, "places", "tehran", "kind", "town")
    _, problems = load_dataset(dataset_dir)
    where = [(p.file, p.row, p.column) for p in problems if p.file == "places.csv"]
    assert where == [
        ("places.csv", first, "lat"),
        ("places.csv", second, "kind"),
        ("places.csv", third, "lon"),
    ]


def test_problems_come_sorted_by_file_and_line(dataset_dir):
    set_cell(dataset_dir, "relations", "usa_isil_fight", "sign", "2")
    set_cell(dataset_dir, "places", "tehran", "lat", "95")
    set_cell(dataset_dir, "relations", "iran_iraq_fight", "kind", "friends")
    _, problems = load_dataset(dataset_dir)
    assert [(p.file, p.row) for p in problems] == [
        ("places.csv", line_of("places", "tehran")),
        ("relations.csv", line_of("relations", "iran_iraq_fight")),
        ("relations.csv", line_of("relations", "usa_isil_fight")),
    ]


def test_problem_prints_as_file_row_column_message():
    assert str(Problem("events.csv", 7, "start", "bad")) == "events.csv:7: start: bad"
    assert str(Problem("events.csv", 7, None, "bad")) == "events.csv:7: -: bad"
    assert str(Problem("events.csv", None, None, "missing")) == "events.csv: -: missing"


def test_problems_frame_has_one_row_per_problem():
    frame = problems_frame([Problem("a.csv", 3, "x", "m1"), Problem("b.csv", None, None, "m2")])
    assert list(frame.columns) == ["file", "row", "column", "message"]
    assert frame["row"].tolist()[0] == 3
    assert pd.isna(frame["row"].tolist()[1])
    assert frame["message"].tolist() == ["m1", "m2"]


def test_loading_writes_nothing(dataset_dir):
    set_cell(dataset_dir, "places", "tehran", "lat", "95")
    before = snapshot(dataset_dir)
    load_dataset(dataset_dir)
    assert snapshot(dataset_dir) == before


def test_a_missing_directory_is_an_error_of_its_own(tmp_path):
    with pytest.raises(DatasetDirectoryError, match="No dataset directory"):
        load_dataset(tmp_path / "nowhere")


def test_a_file_is_not_a_dataset_directory(tmp_path):
    file = tmp_path / "events.csv"
    file.write_text("event_id\n")
    with pytest.raises(DatasetDirectoryError):
        load_dataset(file)


def test_repeating_event_columns_load_as_categoricals_of_the_text_as_written(dataset):
    # Stored once per distinct text (a million imported events in 213 MB instead of 518),
    # read back as the same text, and the link of event to actor likewise.
    assert TABLES["events"].repeating
    for column in TABLES["events"].repeating:
        cells = dataset.events[column]
        assert isinstance(cells.dtype, pd.CategoricalDtype), column
        assert cells.astype(str).tolist() == [row[column] for row in VALID["events"]], column
    for column in ("start_precision", "end_precision"):
        assert isinstance(dataset.events[column].dtype, pd.CategoricalDtype), column
    links = dataset.exploded("events", "actor_ids")
    assert isinstance(links.dtype, pd.CategoricalDtype)
    first = VALID["events"][0]
    assert links[links.index == 0].tolist() == first["actor_ids"].split(";")


def test_the_loaded_text_is_held_by_the_allocator_that_gives_memory_back(dataset_dir):
    # Arrow's default pool kept what a million-event load freed (440 MB over the tables):
    # text columns are allocated by the system allocator instead, for the whole process.
    before = pyarrow.system_memory_pool().bytes_allocated()
    dataset, _ = load_dataset(dataset_dir)
    assert pyarrow.default_memory_pool().backend_name == "system"
    assert pyarrow.system_memory_pool().bytes_allocated() > before
    assert str(dataset.claims["quote"].dtype) == "str"  # the text is Arrow's, in that pool
