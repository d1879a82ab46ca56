"""UCDP GED files (with and without a header row) onto our tables, loaded back clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.model.formats import detect_format, import_file, write_dataset
from dashboard.model.formats.ucdp import GED_COLUMNS, GED_CORE_COLUMNS
from dashboard.model.load import load_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
WITH_HEADER = FIXTURES / "ucdp_ged.csv"
WITHOUT_HEADER = FIXTURES / "ucdp_ged_noheader.csv"


@pytest.mark.parametrize("path", [WITH_HEADER, WITHOUT_HEADER], ids=lambda p: p.name)
def test_a_ged_file_is_detected_and_loads_with_zero_problems(path, tmp_path):
    assert detect_format(path) == "ucdp"
    tables, report = import_file(path)
    write_dataset(tables, tmp_path / "out")
    dataset, problems = load_dataset(tmp_path / "out")
    assert problems == []
    assert len(dataset.events) == report.rows_imported > 0
    assert tables["sources"].loc[0, "publisher"] == "UCDP"
    assert tables["sources"].loc[0, "title"] == f"UCDP export {path.name}"


def test_the_range_of_deaths_is_kept():
    tables, _ = import_file(WITH_HEADER)
    figures = tables["figures"].set_index("subject_id")
    assert figures.loc["ucdp_244657", ["low", "best", "high"]].tolist() == ["20", "24", "31"]
    assert figures.loc["ucdp_244658", ["low", "best", "high"]].tolist() == ["35", "40", "65"]
    assert set(figures["metric"]) == {"deaths"} and set(figures["unit"]) == {"people"}
    assert figures.loc["ucdp_244657", "as_of"] == "2014-06-20"


def test_dates_keep_their_precision():
    tables, _ = import_file(WITH_HEADER)
    events = tables["events"].set_index("event_id")
    assert events.loc["ucdp_244657", ["start", "end"]].tolist() == ["2014-06-20", ""]  # same day
    assert events.loc["ucdp_244658", ["start", "end"]].tolist() == ["2014-06", ""]  # date_prec 4
    assert events.loc["ucdp_244659", ["start", "end"]].tolist() == ["2014-09-16", "2014-09-20"]
    assert events.loc["ucdp_244660", ["start", "end"]].tolist() == ["2014", ""]  # date_prec 5


def test_sides_places_and_ties():
    tables, _ = import_file(WITH_HEADER)
    actors = tables["actors"].set_index("name")
    assert actors.loc["Government of Iraq", ["kind", "country"]].tolist() == ["government", "IRQ"]
    assert actors.loc["IS", ["kind", "country"]].tolist() == ["armed_group", ""]
    assert actors.loc["Civilians", "kind"] == "organisation"
    places = tables["places"].set_index("name")
    assert places.loc["Tikrit town", ["precision", "admin1", "country"]].tolist() == [
        "exact",
        "IRQ-SALA_AD_DIN",
        "IRQ",
    ]
    assert places.loc["Ninawa province", ["precision", "kind"]].tolist() == ["province", "province"]
    assert places.loc["Iran", ["precision", "kind", "admin1"]].tolist() == [
        "country",
        "country",
        "",
    ]
    # Kobani's point falls over the border in the simplified outlines: no Turkish region.
    assert places.loc["Kobani town", ["country", "admin1"]].tolist() == ["SYR", ""]
    kinds = tables["relations"].set_index("description")["kind"]
    relations = tables["relations"]
    civilians = actors.loc["Civilians", "actor_id"]
    one_sided = relations[(relations[["source_actor", "target_actor"]] == civilians).any(axis=1)]
    assert one_sided["kind"].tolist() == ["hostile"]  # type_of_violence 3
    assert "fights" in set(kinds)


def test_claims_quote_the_headline_or_the_description():
    tables, _ = import_file(WITH_HEADER)
    claims = tables["claims"].set_index("claim_id")
    assert claims.loc["ucdp_r2", "quote"] == "Iraq army retakes town near Tikrit"
    assert claims.loc["ucdp_r3", "quote"] == "Villages of Ninawa province"  # no headline
    assert claims.loc["ucdp_r2", "note"] == (
        "ucdp_ged.csv, row 2; sources: Reuters;AFP; original: Iraqi military"
    )
    for name in ("events", "places", "actors", "figures", "relations"):
        for cited in tables[name]["claim_ids"]:
            assert all(claim in claims.index for claim in cited.split(";"))


def test_a_file_without_a_header_says_the_order_was_assumed():
    tables, report = import_file(WITHOUT_HEADER)
    assert report.rows_read == 3 and report.rows_imported == 3
    assert any("no header row" in note for note in report.notes)
    assert "no header row" in report.summary()
    claims = tables["claims"].set_index("claim_id")
    assert claims.loc["ucdp_r1", "note"].startswith("ucdp_ged_noheader.csv, row 1;")
    figures = tables["figures"].set_index("subject_id")
    assert figures.loc["ucdp_244657", ["low", "best", "high"]].tolist() == ["20", "24", "31"]


def test_the_documented_column_orders():
    assert len(GED_COLUMNS) == 49 and GED_COLUMNS[:3] == ("id", "relid", "year")
    assert len(GED_CORE_COLUMNS) == 42 and GED_CORE_COLUMNS[-3:] == ("best", "high", "low")


def test_a_bad_row_is_reported_and_the_report_lists_columns():
    _, report = import_file(WITH_HEADER)
    [problem] = report.problems
    assert (problem.file, problem.row, problem.column) == ("ucdp_ged.csv", 6, "longitude")
    assert "'sixty' is not a number" in problem.message
    assert report.left_out == {"longitude is not a number": 1}
    assert report.mapped["best"] == "figures.best (deaths)"
    assert report.mapped["date_start"] == "events.start"
    assert "geom_wkt" in report.dropped and "priogrid_gid" in report.dropped


def test_an_unordered_range_costs_the_figure_not_the_event(tmp_path):
    text = WITH_HEADER.read_text().replace('"24","31","20"', '"24","10","20"')
    path = tmp_path / "ged.csv"
    path.write_text(text)
    tables, report = import_file(path)
    assert "ucdp_244657" in set(tables["events"]["event_id"])
    assert "ucdp_244657" not in set(tables["figures"]["subject_id"])
    assert any(p.row == 2 and "not in order" in p.message for p in report.problems)
