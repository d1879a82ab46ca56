"""Broken files given to the importers: each gets a clear message naming file, row, column."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.model.formats import ImportFormatError, detect_format, import_file, write_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
CURRENT = FIXTURES / "acled_current.csv"
HEADER = CURRENT.read_text(encoding="utf-8").splitlines()[0]


def acled(tmp_path: Path, *rows: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def row(**changes: str) -> str:
    """A sound ACLED row (the fixture's last one) with some cells changed."""
    header = HEADER.split(",")
    cells = dict(zip(header, CURRENT.read_text().splitlines()[-1].split(",")))
    cells.update(changes)
    return ",".join(cells[name] for name in header)


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFormatError, match=r"empty\.csv: the file is empty"):
        import_file(path, format="acled")
    with pytest.raises(ImportFormatError, match="empty"):
        detect_format(path)


def test_a_header_without_rows(tmp_path):
    with pytest.raises(ImportFormatError, match=r"export\.csv: has a header but no rows"):
        import_file(acled(tmp_path), format="acled")


def test_a_file_of_another_kind(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("item,amount\npens,3\n")
    with pytest.raises(ImportFormatError, match=r"budget\.csv: neither an ACLED export"):
        detect_format(path)


def test_missing_required_columns_are_named(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text("event_id_cnty,event_date,event_type,actor1\nX1,2016-01-01,Battles,A\n")
    with pytest.raises(ImportFormatError) as error:
        import_file(path, format="acled")
    message = str(error.value)
    assert message.startswith("cut.csv: ")
    assert "missing location, latitude, longitude" in message


def test_a_ucdp_file_missing_columns(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text("id,type_of_violence,date_start,side_a\n1,1,2014-01-01,Government of Iraq\n")
    with pytest.raises(ImportFormatError, match="missing side_b, latitude, longitude"):
        import_file(path, format="ucdp")


def test_bad_dates_and_coordinates_are_left_out_and_counted(tmp_path):
    path = acled(
        tmp_path,
        row(event_id_cnty="OK1"),
        row(event_id_cnty="BAD1", event_date="2016-13-45"),
        row(event_id_cnty="BAD2", event_date=""),
        row(event_id_cnty="BAD3", latitude="north"),
        row(event_id_cnty="BAD4", longitude="200"),
        row(event_id_cnty="BAD5", event_type="Parades"),
    )
    tables, report = import_file(path)
    assert tables["events"]["event_id"].tolist() == ["acled_ok1"]
    where = {(p.row, p.column): p.message for p in report.problems}
    assert set(where) == {
        (3, "event_date"),
        (4, "event_date"),
        (5, "latitude"),
        (6, "longitude"),
        (7, "event_type"),
    }
    assert "'2016-13-45' is not a date" in where[(3, "event_date")]
    assert "'north' is not a number" in where[(5, "latitude")]
    assert "'200' is out of range (-180..180)" in where[(6, "longitude")]
    assert "'Parades' is not an ACLED event type" in where[(7, "event_type")]
    assert all(p.file == "export.csv" for p in report.problems)
    assert report.rows_read == 6 and report.rows_imported == 1
    assert sum(report.left_out.values()) == 5


def test_non_utf8_text_is_reported_by_row_and_byte(tmp_path):
    path = tmp_path / "latin1.csv"
    good = row(event_id_cnty="OK1").encode()
    bad = row(event_id_cnty="BAD1", location="Caf\xe9").encode("latin-1")
    path.write_bytes(HEADER.encode() + b"\n" + good + b"\n" + bad + b"\n")
    tables, report = import_file(path)
    assert tables["events"]["event_id"].tolist() == ["acled_ok1"]
    [problem] = report.problems
    assert (problem.file, problem.row, problem.column) == ("latin1.csv", 3, "location")
    assert "not UTF-8 text (byte 0xe9)" in problem.message
    assert report.left_out == {"not UTF-8 text": 1}


def test_a_header_that_is_not_utf8(tmp_path):
    path = tmp_path / "header.csv"
    path.write_bytes(HEADER.replace("notes", "not\xe9s").encode("latin-1") + b"\n")
    with pytest.raises(ImportFormatError, match=r"header\.csv: the first line is not UTF-8"):
        import_file(path)


def test_a_row_with_too_many_fields(tmp_path):
    path = acled(tmp_path, row(event_id_cnty="OK1"), row(event_id_cnty="WIDE") + ",extra")
    tables, report = import_file(path)
    assert tables["events"]["event_id"].tolist() == ["acled_ok1"]
    [problem] = report.problems
    assert problem.row == 3 and "fields" in problem.message


def test_control_characters_and_formulas_are_handled(
    tmp_path,
):
    path = acled(
        tmp_path,
        row(event_id_cnty="F1", notes="=cmd|' /C calc'!A0"),
        row(event_id_cnty="C1", notes="bell\x07here"),
    )
    tables, _ = import_file(path)
    quotes = tables["claims"]["quote"].tolist()
    assert quotes == ["=cmd|' /C calc'!A0", "bell here"]
    write_dataset(tables, tmp_path / "out")
    from dashboard.model.load import load_dataset

    assert load_dataset(tmp_path / "out")[1] == []


def test_a_very_long_note_is_cut_and_says_so(tmp_path):
    path = acled(tmp_path, row(event_id_cnty="L1", notes="word " * 400))
    tables, _ = import_file(path)
    claim = tables["claims"].iloc[0]
    assert len(claim["quote"]) == 1000 and claim["quote"].endswith("…")
    assert "quote cut to 1000 of 1999 chars" in claim["note"]  # 2000 less the last space


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(ImportFormatError, match=r"fake\.xlsx: cannot be read as an Excel"):
        import_file(path, format="acled")


def test_a_missing_file(tmp_path):
    with pytest.raises(ImportFormatError, match="no such file"):
        import_file(tmp_path / "nope.csv", format="acled")


def test_nothing_is_written_over_existing_files(tmp_path):
    tables, _ = import_file(CURRENT)
    out = tmp_path / "out"
    out.mkdir()
    (out / "events.csv").write_text("precious")
    with pytest.raises(FileExistsError):
        write_dataset(tables, out)
    assert (out / "events.csv").read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["events.csv"]
