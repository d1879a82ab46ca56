"""Checks across tables: references resolve, periods run forwards, ranges are ordered."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.model.crosscheck import REFERENCES
from dashboard.model.load import Dataset, load_dataset
from dashboard.model.problems import Problem
from dashboard.model.schema import TABLES
from tests.unit.conftest import VALID, add_rows, line_of, set_cell


def where(problems: list[Problem]) -> list[tuple]:
    return [(p.file, p.row, p.column) for p in problems]


def test_a_dangling_id_in_a_list_names_the_missing_id(dataset_dir):
    line = set_cell(dataset_dir, "events", "fall_of_mosul", "actor_ids", "isil;daesh")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == [
        Problem("events.csv", line, "actor_ids", "'daesh' is not a actor_id in actors.csv")
    ]
    assert "fall_of_mosul" not in set(dataset.events["event_id"])


@pytest.mark.parametrize(
    ("table", "key", "column", "value", "missing"),
    [
        ("claims", "c_census", "source_id", "src_gone", "src_gone"),
        ("events", "geneva_deal", "place_id", "geneva", "geneva"),
        ("events", "geneva_deal", "claim_ids", "c_news_geneva;c_gone", "c_gone"),
        ("relations", "iran_usa_talks", "target_actor", "us", "us"),
        ("figures", "war_deaths_reference", "source_id", "src_gone", "src_gone"),
        ("discrepancies", "war_deaths", "article_claim_id", "c_gone", "c_gone"),
        ("discrepancies", "war_deaths", "reference_claim_ids", "c_ref_iraq;c_gone", "c_gone"),
        ("control_areas", "isil_mosul", "controller", "isis", "isis"),
        ("control_areas", "isil_mosul", "place_id", "raqqa", "raqqa"),
        ("regions", 0, "claim_ids", "c_gone", "c_gone"),
    ],
)
def test_every_reference_is_checked(dataset_dir, table, key, column, value, missing):
    line = set_cell(dataset_dir, table, key, column, value)
    _, problems = load_dataset(dataset_dir)
    mine = [p for p in problems if (p.file, p.row, p.column) == (f"{table}.csv", line, column)]
    assert mine[0].message.startswith(f"'{missing}' is not a ")
    # A control area whose only location dangles is also said to have nowhere to be drawn.
    assert [p.message for p in mine[1:]] == (
        ["nowhere to draw it: give a known place_id or an adm1_code"]
        if (table, column) == ("control_areas", "place_id")
        else []
    )


def test_a_dangling_place_only_costs_an_event_its_place(dataset_dir):
    line = set_cell(dataset_dir, "events", "fall_of_mosul", "place_id", "raqqa")
    dataset, problems = load_dataset(dataset_dir)
    assert where(problems) == [("events.csv", line, "place_id")]
    assert problems[0].message == (
        "'raqqa' is not a place_id in places.csv — cell ignored, row kept"
    )
    assert problems[0].cell_blanked
    mosul = dataset.events.set_index("event_id").loc["fall_of_mosul"]
    assert mosul["place_id"] == ""
    assert mosul["title"] == "Fall of Mosul"


@pytest.mark.parametrize(
    ("table", "key", "end"),
    [
        ("events", "fall_of_mosul", "2014-05"),
        ("relations", "iran_iraq_fight", "1979"),
        ("control_areas", "isil_mosul", "2014-06-09"),
    ],
)
def test_an_end_before_its_start_is_reported(dataset_dir, table, key, end):
    line = set_cell(dataset_dir, table, key, "end", end)
    dataset, problems = load_dataset(dataset_dir)
    assert len(problems) == 1
    assert where(problems) == [(f"{table}.csv", line, "end")]
    assert f"'{end}' is before start" in problems[0].message
    assert len(dataset.table(table)) == len(VALID[table]) - 1


def test_an_end_in_the_same_year_as_a_more_precise_start_is_fine(dataset_dir):
    # "2014" may mean any day of 2014, so it need not be before 2014-06-10.
    set_cell(dataset_dir, "events", "fall_of_mosul", "end", "2014")
    _, problems = load_dataset(dataset_dir)
    assert problems == []


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (
            {"low": "500000", "best": "400000", "high": "1000000"},
            "best",
            "best (400000) is below low",
        ),
        ({"low": "", "best": "2000000", "high": "1000000"}, "high", "high (1e+06) is below best"),
        ({"low": "500000", "best": "", "high": "100000"}, "high", "high (100000) is below low"),
        ({"low": "", "best": "", "high": ""}, "best", "no value"),
    ],
)
def test_figure_ranges_must_be_ordered_and_given(dataset_dir, cells, column, message):
    for name, value in cells.items():
        set_cell(dataset_dir, "figures", "war_deaths_reference", name, value)
    dataset, problems = load_dataset(dataset_dir)
    line = line_of("figures", "war_deaths_reference")
    assert where(problems) == [("figures.csv", line, column)]
    assert message in problems[0].message
    assert list(dataset.figures["figure_id"]) == ["war_deaths_article"]


def test_a_figure_may_be_about_an_actor(dataset_dir):
    set_cell(dataset_dir, "figures", "war_deaths_reference", "subject_id", "isil")
    _, problems = load_dataset(dataset_dir)
    assert problems == []


def test_a_figure_about_nothing_known_is_reported(dataset_dir):
    line = set_cell(dataset_dir, "figures", "war_deaths_reference", "subject_id", "baghdad")
    _, problems = load_dataset(dataset_dir)
    assert problems == [
        Problem(
            "figures.csv", line, "subject_id", "'baghdad' is neither an event_id nor an actor_id"
        )
    ]


def test_a_discrepancy_must_point_into_the_table_it_names(dataset_dir):
    # iran_iraq_war exists, but in events.csv, not figures.csv.
    line = set_cell(dataset_dir, "discrepancies", "war_deaths", "record_id", "iran_iraq_war")
    _, problems = load_dataset(dataset_dir)
    assert problems == [
        Problem("discrepancies.csv", line, "record_id", "'iran_iraq_war' is not in figures.csv")
    ]


def test_a_control_area_needs_a_place_or_an_area(dataset_dir):
    set_cell(dataset_dir, "control_areas", "government_baghdad", "place_id", "")
    set_cell(dataset_dir, "control_areas", "government_baghdad", "adm1_code", "")
    _, problems = load_dataset(dataset_dir)
    assert where(problems) == [
        ("control_areas.csv", line_of("control_areas", "government_baghdad"), "place_id")
    ]


def test_a_tie_needs_two_actors(dataset_dir):
    line = set_cell(dataset_dir, "relations", "iran_usa_talks", "target_actor", "iran")
    dataset, problems = load_dataset(dataset_dir)
    assert where(problems) == [("relations.csv", line, "target_actor")]
    assert "iran_usa_talks" not in set(dataset.relations["relation_id"])


@pytest.mark.parametrize(
    ("adm1_code", "iso3"),
    [("IRQ-3241", "IRQ"), ("", "IRN")],
    ids=["same admin-1 area", "same country-level row"],
)
def test_one_make_up_row_per_area(dataset_dir, adm1_code, iso3):
    row = dict(VALID["regions"][0], adm1_code=adm1_code, iso3=iso3, admin1_name="Again")
    [line] = add_rows(dataset_dir, "regions", row)
    dataset, problems = load_dataset(dataset_dir)
    assert where(problems) == [("regions.csv", line, "adm1_code")]
    assert "a second make-up row" in problems[0].message
    assert "Again" not in set(dataset.regions["admin1_name"])  # the first row stays
    assert len(dataset.regions) == 2


def dangling_references(dataset: Dataset) -> list[str]:
    """References in a loaded dataset that point at no loaded row."""
    ids = {
        "sources": set(dataset.sources["source_id"]),
        "claims": set(dataset.claims["claim_id"]),
        "actors": set(dataset.actors["actor_id"]),
        "places": set(dataset.places["place_id"]),
    }
    found = []
    for table, column, target, is_list in REFERENCES:
        if target not in ids:
            continue
        for cell in dataset.table(table)[column]:
            for value in cell.split(";") if is_list else [cell]:
                if value and value not in ids[target]:
                    found.append(f"{table}.{column} -> {target}:{value}")
    subjects = set(dataset.events["event_id"]) | set(dataset.actors["actor_id"])
    found += [
        f"figures.subject_id -> {s}" for s in dataset.figures["subject_id"] if s not in subjects
    ]
    for table, record in zip(dataset.discrepancies["table"], dataset.discrepancies["record_id"]):
        if record not in set(dataset.table(table)[TABLES[table].id_column]):
            found.append(f"discrepancies.record_id -> {table}:{record}")
    return found


@pytest.mark.parametrize(
    ("table", "key", "column", "value"),
    [
        # Left out by its own table's schema: the rows citing it follow it out.
        pytest.param("claims", "c_ref_war_deaths", "quote", "", id="claim fails schema"),
        # Two levels: the event, then its figures, then the discrepancy on a figure.
        pytest.param(
            "events",
            "iran_iraq_war",
            "start",
            "1980-13",
            id="event fails schema",
        ),
        # Left out by a cross-table check: the same must happen (it once did not).
        pytest.param(
            "claims",
            "c_ref_war_deaths",
            "source_id",
            "src_gone",
            id="claim fails crosscheck",
        ),
        pytest.param(
            "events",
            "iran_iraq_war",
            "actor_ids",
            "iran;iraqq",
            id="event fails crosscheck",
        ),
    ],
)
def test_the_loaded_dataset_has_no_dangling_reference(dataset_dir, table, key, column, value):
    set_cell(dataset_dir, table, key, column, value)
    dataset, problems = load_dataset(dataset_dir)
    assert problems  # the fault itself is reported either way
    assert dangling_references(dataset) == []


def test_every_row_left_out_in_a_cascade_has_its_own_message(dataset_dir):
    line = set_cell(dataset_dir, "claims", "c_ref_war_deaths", "source_id", "src_gone")
    dataset, problems = load_dataset(dataset_dir)
    assert where(problems) == [
        ("claims.csv", line, "source_id"),
        ("discrepancies.csv", line_of("discrepancies", "war_deaths"), "reference_claim_ids"),
        ("figures.csv", line_of("figures", "war_deaths_reference"), "claim_ids"),
    ]
    assert "'c_ref_war_deaths' is not a claim_id" in problems[2].message
    assert list(dataset.figures["figure_id"]) == ["war_deaths_article"]
    assert dataset.discrepancies.empty


def test_the_dangling_reference_finder_finds_one(dataset):
    # Guard: the helper above can fail.
    broken = dataclasses.replace(dataset, claims=dataset.claims.iloc[1:])
    assert "actors.claim_ids -> claims:thesis_alliance" in dangling_references(broken)
