"""ACLED exports (current, old and variant headers, Excel) onto our tables, loaded back clean."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.model.formats import detect_format, import_file, write_dataset
from dashboard.model.load import load_dataset
from dashboard.model.schema import TABLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
CURRENT = FIXTURES / "acled_current.csv"
OLD = FIXTURES / "acled_old.csv"
SEMICOLON = FIXTURES / "acled_semicolon.csv"


def imported(path: Path, tmp_path: Path):
    """The tables, the report, and the dataset and problems of loading them back."""
    tables, report = import_file(path)
    out = tmp_path / "out"
    write_dataset(tables, out)
    dataset, problems = load_dataset(out)
    return tables, report, dataset, problems


@pytest.mark.parametrize("path", [CURRENT, OLD, SEMICOLON], ids=lambda p: p.name)
def test_an_import_loads_with_zero_problems(path, tmp_path):
    tables, report, dataset, problems = imported(path, tmp_path)
    assert problems == []
    assert len(dataset.events) == report.rows_imported > 0
    for name, table in TABLES.items():
        assert list(tables[name].columns) == [*table.columns, *table.optional_columns]
        assert all(
            isinstance(cell, str) for column in tables[name] for cell in tables[name][column]
        )


@pytest.mark.parametrize("path", [CURRENT, OLD, SEMICOLON], ids=lambda p: p.name)
def test_acled_files_are_detected(path):
    assert detect_format(path) == "acled"


def test_dates_are_written_at_their_precision(tmp_path):
    tables, *_ = imported(CURRENT, tmp_path)
    start = tables["events"].set_index("event_id")["start"]
    assert start["acled_irq1001"] == "2016-05-03"  # time_precision 1: the day
    assert start["acled_irq1002"] == "2016-05"  # 3: within a month
    assert start["acled_irq1003"] == "2016-05"  # 2: within a week, widened to its month
    assert (tables["events"]["end"] == "").all()


def test_old_date_formats_and_the_old_header(tmp_path):
    tables, report, *_ = imported(OLD, tmp_path)
    start = tables["events"].set_index("event_id")["start"]
    assert start["acled_irq501"] == "2014-01-03"  # 03 January 2014
    assert start["acled_irq502"] == "2014-01-04"  # 04-January-2014
    # 1/5/2014 is 1 May (ACLED's codebook: day/month/year), kept at month precision
    assert start["acled_irq503"] == "2014-05"
    assert "1 dates written like 01/03/2014 were read day/month/year" in report.summary()
    assert report.mapped["data_id"].startswith("events.event_id")
    assert report.mapped["iso3"].startswith("places.country")
    assert "timestamp" in report.dropped


def test_a_bad_date_is_reported_by_row_and_column(tmp_path):
    _, report, *_ = imported(OLD, tmp_path)
    [problem] = report.problems
    assert (problem.file, problem.row, problem.column) == ("acled_old.csv", 5, "event_date")
    assert "'32 January 2014' is not a date" in problem.message
    assert report.rows_read == 4 and report.rows_imported == 3
    assert report.left_out == {"event_date is not a date": 1}
    assert "1 row(s): event_date is not a date" in report.summary()


def test_event_types_map_onto_ours(tmp_path):
    tables, *_ = imported(CURRENT, tmp_path)
    kinds = tables["events"].set_index("event_id")["event_type"]
    assert kinds.to_dict() == {
        "acled_irq1001": "attack",  # Battles / Armed clash
        "acled_irq1002": "attack",  # Explosions/Remote violence
        "acled_irq1003": "takeover",  # Government regains territory
        "acled_syr2001": "uprising",  # Protests
        "acled_syr2002": "diplomacy",  # Strategic developments / Agreement
        "acled_irq1004": "attack",
    }


def test_every_record_cites_a_claim_naming_file_and_row(tmp_path):
    tables, *_ = imported(CURRENT, tmp_path)
    claims = tables["claims"].set_index("claim_id")
    for name in ("events", "places", "actors", "figures", "relations"):
        assert len(tables[name]) > 0
        for cited in tables[name]["claim_ids"]:
            for claim_id in cited.split(";"):
                assert claim_id in claims.index, (name, claim_id)
                line = int(claim_id.removeprefix("acled_r"))
                assert claims.loc[claim_id, "note"].startswith(f"acled_current.csv, row {line};")
    event = tables["events"].set_index("event_id").loc["acled_irq1002"]
    claim = claims.loc[event["claim_ids"]]
    assert claim["quote"] == "Around May 2016, an IS suicide bomber struck a market in Baghdad."
    assert claim["note"].endswith("sources: Reuters")


def test_a_note_over_two_lines_keeps_the_line_numbers_of_later_rows(tmp_path):
    tables, *_ = imported(CURRENT, tmp_path)
    ids = tables["events"].set_index("event_id")["claim_ids"]
    assert ids["acled_irq1003"] == "acled_r4"  # its note runs over lines 4 and 5
    assert ids["acled_syr2001"] == "acled_r6"


def test_actors_places_figures_and_ties(tmp_path):
    tables, *_ = imported(CURRENT, tmp_path)
    actors = tables["actors"].set_index("name")
    assert actors.loc["Military Forces of Iraq (2014-)", "kind"] == "government"
    assert actors.loc["Military Forces of Iraq (2014-)", "country"] == "IRQ"  # iso 368
    assert actors.loc["Islamic State (Iraq)", "kind"] == "armed_group"
    assert actors.loc["Islamic State (Iraq)", "country"] == ""  # not state forces
    assert actors.loc["Protesters (Syria)", "kind"] == "organisation"
    assert "Tribal Militia (Iraq)" in actors.index  # an assoc actor split on ';'
    assert set(actors["affiliation"]) == {"none"}
    places = tables["places"].set_index("name")
    assert len(tables["places"]) == 4  # Fallujah three times is one place
    assert places.loc["Fallujah", ["admin1", "precision", "kind"]].tolist() == [
        "IRQ-AL_ANBAR",
        "exact",
        "city",
    ]
    assert places.loc["Damascus", ["precision", "kind"]].tolist() == ["province", "site"]
    figures = tables["figures"].set_index("subject_id")
    assert figures.loc["acled_irq1001", ["low", "best", "high"]].tolist() == ["", "12", ""]
    assert "acled_irq1003" not in figures.index  # 0 fatalities: no figure
    relations = tables["relations"]
    fights = relations[relations["kind"] == "fights"]
    army = actors.loc["Military Forces of Iraq (2014-)", "actor_id"]
    state = actors.loc["Islamic State (Iraq)", "actor_id"]
    pairs = fights["source_actor"] + " " + fights["target_actor"]
    [tie] = fights[pairs.isin([f"{army} {state}", f"{state} {army}"])].to_dict("records")
    assert tie["description"] == "3 events in 2016 (ACLED)"
    assert (tie["start"], tie["end"], tie["sign"]) == ("2016-05-01", "2016-08-20", "-1")
    assert set(relations.loc[relations["kind"] == "ally", "sign"]) == {"1"}
    civilians = actors.loc["Civilians (Iraq)", "actor_id"]
    sides = relations[["source_actor", "target_actor"]]
    against = relations[(sides == civilians).any(axis=1)]
    assert set(against["kind"]) == {"hostile"}  # civilians are attacked, they do not fight


def test_a_formula_like_note_is_kept_as_text(tmp_path):
    tables, report, *_ = imported(CURRENT, tmp_path)
    quotes = tables["claims"].set_index("claim_id")["quote"]
    assert quotes["acled_r6"].startswith('=HYPERLINK("http://x")')
    assert any("formula" in note for note in report.notes)


def test_semicolons_upper_case_headers_a_bom_and_decimal_commas(tmp_path):
    tables, report, *_ = imported(SEMICOLON, tmp_path)
    places = tables["places"].set_index("name")
    assert places.loc["Ankara", ["lat", "lon", "country"]].tolist() == ["39.9334", "32.8597", "TUR"]
    quotes = tables["claims"]["quote"].tolist()
    assert "Two bombs exploded near Ankara station; 100 killed." in quotes
    [problem] = report.problems
    assert (problem.row, problem.column) == (4, "latitude")
    assert "'123.5' is out of range" in problem.message


def test_the_report_lists_mapped_and_dropped_columns():
    _, report = import_file(CURRENT)
    assert report.format == "acled" and report.file == "acled_current.csv"
    assert report.mapped["event_date"] == "events.start"
    assert report.mapped["notes"] == "claims.quote"
    assert set(report.dropped) == {
        "year", "interaction", "region", "admin2", "admin3", "source_scale", "tags", "timestamp",
    }  # fmt: skip
    summary = report.summary()
    assert "6 rows read, 6 imported, 0 left out" in summary
    assert "Not used: year, interaction" in summary


def test_an_excel_export(tmp_path):
    frame = pd.read_csv(CURRENT, dtype=str, keep_default_na=False)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        cells = list(row)
        cells[1] = pd.Timestamp(cells[1]).to_pydatetime()  # a real date cell
        cells[22], cells[23] = float(cells[22]), float(cells[23])
        sheet.append(cells)
    path = tmp_path / "export.xlsx"
    book.save(path)
    assert detect_format(path) == "acled"
    tables, report = import_file(path)
    assert report.rows_imported == 6
    assert tables["events"]["start"].tolist()[:3] == ["2016-05-03", "2016-05", "2016-05"]
    write_dataset(tables, tmp_path / "out")
    assert load_dataset(tmp_path / "out")[1] == []


def test_write_dataset_refuses_a_folder_with_files(tmp_path):
    tables, _ = import_file(CURRENT)
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not an empty folder"):
        write_dataset(tables, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    write_dataset(tables, tmp_path / "new")
    assert (tmp_path / "new" / "geo" / "admin1.geojson").is_file()
    assert (tmp_path / "new" / "geo" / "countries.geojson").is_file()


def test_our_own_tables_are_told_apart(tmp_path):
    data = Path(__file__).resolve().parents[2] / "data"
    assert detect_format(data) == "tables"
    tables, report = import_file(data)
    assert report.format == "tables"
    assert len(tables["events"]) == report.rows_read > 0


def test_a_file_re_saved_month_first_is_read_month_first(tmp_path):
    # One date whose second number cannot be a month shows the whole column's order.
    text = OLD.read_text(encoding="utf-8").replace("04-January-2014", "1/25/2014")
    source = tmp_path / "acled_us.csv"
    source.write_text(text, encoding="utf-8")
    tables, report, *_ = imported(source, tmp_path)
    start = tables["events"].set_index("event_id")["start"]
    assert start["acled_irq502"] == "2014-01-25"
    assert start["acled_irq503"] == "2014-01"  # 1/5/2014 is now 5 January
    assert "2 dates written like 01/25/2014 were read month/day/year" in report.summary()
