"""`dashboard validate DIR`: one `file:row: column: message` line per problem; exit 0 / 1 / 2."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dashboard.cli import main
from tests.conftest import REPO_ROOT
from tests.unit.conftest import VALID, line_of, set_cell, snapshot

ALL_ROWS = sum(len(rows) for rows in VALID.values())
PROBLEM_LINE = re.compile(r"^[a-z_]+\.csv(:\d+)?: [a-z_0-9-]+: .+$")


def test_a_valid_directory_exits_0_and_prints_no_problem(dataset_dir, capsys):
    assert main(["validate", str(dataset_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"0 problem(s) in {dataset_dir}" in err
    assert f"{ALL_ROWS} sound rows in 10 tables" in err


def test_a_broken_copy_exits_1_with_one_line_per_problem(dataset_dir, capsys):
    set_cell(dataset_dir, "places", "tehran", "lat", "95")
    set_cell(dataset_dir, "events", "geneva_deal", "start", "Nov 2013")
    before = snapshot(dataset_dir)
    assert main(["validate", str(dataset_dir)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"events.csv:{line_of('events', 'geneva_deal')}: start: "
        "'Nov 2013' must be a date: YYYY, YYYY-MM or YYYY-MM-DD",
        f"places.csv:{line_of('places', 'tehran')}: lat: '95' must be between -90 and 90",
    ]
    assert all(PROBLEM_LINE.match(line) for line in out.splitlines())
    assert "2 problem(s)" in err
    assert f"{ALL_ROWS - 2} sound rows" in err
    assert snapshot(dataset_dir) == before


def test_a_file_level_problem_has_no_row(dataset_dir, capsys):
    (dataset_dir / "regions.csv").unlink()
    assert main(["validate", str(dataset_dir)]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith("regions.csv: -: file is missing from ")


def test_a_missing_directory_exits_2_with_a_message(tmp_path, capsys):
    missing = tmp_path / "no_such_dir"
    assert main(["validate", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "No dataset directory" in err
    assert "no_such_dir" in err


def test_the_command_runs_as_a_program(dataset_dir):
    set_cell(dataset_dir, "relations", "iran_usa_talks", "sign", "2")
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "validate", str(dataset_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 1
    line = line_of("relations", "iran_usa_talks")
    assert result.stdout == f"relations.csv:{line}: sign: '2' must be one of: 1, 0, -1\n"


def test_a_trusted_source_on_a_copy_is_warned_about_on_stderr_and_still_exits_0(
    dataset_dir, capsys
):
    line = set_cell(dataset_dir, "sources", "src_news", "reliability", "high")
    set_cell(dataset_dir, "sources", "src_news", "url", "https://www.newssniffer.co.uk/a/1")
    assert main(["validate", str(dataset_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == ""  # stdout holds problems only
    warning = (
        f"warning: sources.csv:{line}: url: 'src_news' is marked high reliability but its link "
        "is a copy on newssniffer.co.uk (not the publisher's site or an archive): cite the "
        "original or lower its reliability"
    )
    assert err.splitlines() == [
        warning,
        f"0 problem(s) in {dataset_dir}; {ALL_ROWS} sound rows in 10 tables; 1 citation warning(s)",
    ]


def test_warnings_follow_the_problems_and_leave_the_status_to_them(dataset_dir, capsys):
    set_cell(dataset_dir, "sources", "src_reference", "url", "https://studylib.net/doc/1")
    set_cell(dataset_dir, "places", "tehran", "lat", "95")
    assert main(["validate", str(dataset_dir)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"places.csv:{line_of('places', 'tehran')}: lat: '95' must be between -90 and 90"
    ]
    assert f"sources.csv:{line_of('sources', 'src_reference')}: url: 'src_reference'" in err
    assert err.index("warning: ") < err.index("1 problem(s)")
    assert "1 citation warning(s)" in err


def test_the_curated_dataset_has_no_problem(capsys):
    assert main(["validate", str(REPO_ROOT / "data")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "0 problem(s)" in err


# `dashboard import FORMAT FILE --out DIR` and `dashboard generate --events N --out FILE`

IMPORTS = REPO_ROOT / "tests" / "fixtures" / "imports"


def test_import_writes_a_dataset_prints_the_report_and_validates_it(tmp_path, capsys):
    out = tmp_path / "acled"
    assert main(["import", "acled", str(IMPORTS / "acled_old.csv"), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert "ACLED file acled_old.csv: 4 rows read, 3 imported, 1 left out." in printed
    assert "Left out: 1 row(s): event_date is not a date" in printed
    assert "acled_old.csv:5: event_date: '32 January 2014' is not a date" in printed
    assert f"0 problem(s) in {out}" in err
    assert (out / "events.csv").is_file() and (out / "geo" / "admin1.geojson").is_file()
    assert not (out / "columnar").exists()  # small: CSV only


def test_import_auto_detects_a_headerless_ged_file(tmp_path, capsys):
    out = tmp_path / "ged"
    assert main(["import", "auto", str(IMPORTS / "ucdp_ged_noheader.csv"), "--out", str(out)]) == 0
    printed, _ = capsys.readouterr()
    assert "UCDP file ucdp_ged_noheader.csv" in printed
    assert "no header row" in printed


def test_import_refuses_a_folder_with_files_and_a_wrong_file(tmp_path, capsys):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    assert main(["import", "acled", str(IMPORTS / "acled_current.csv"), "--out", str(out)]) == 2
    _, err = capsys.readouterr()
    assert "already exists and is not empty" in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    assert main(["import", "auto", str(wrong), "--out", str(tmp_path / "new")]) == 2
    _, err = capsys.readouterr()
    assert "wrong.csv: neither an ACLED export" in err
    assert not (tmp_path / "new").exists()


def test_import_writes_parquet_copies_past_the_threshold(tmp_path, capsys, monkeypatch):
    import pandas as pd

    import dashboard.cli as cli

    monkeypatch.setattr(cli, "COLUMNAR_FROM_EVENTS", 3)  # the fixture's 6 events are "many"
    out = tmp_path / "big"
    assert main(["import", "acled", str(IMPORTS / "acled_current.csv"), "--out", str(out)]) == 0
    events = pd.read_parquet(out / "columnar" / "events.parquet")
    assert len(events) == 6
    assert sorted(p.stem for p in (out / "columnar").iterdir()) == sorted(VALID)
    assert "Parquet copies" in capsys.readouterr().out


def test_generate_writes_an_acled_file_that_imports(tmp_path, capsys):
    pytest.importorskip("dashboard.model.synthetic")
    path = tmp_path / "synthetic.csv"
    assert main(["generate", "--events", "300", "--out", str(path), "--seed", "3"]) == 0
    assert "Wrote 300 synthetic ACLED events" in capsys.readouterr().out
    assert main(["generate", "--events", "10", "--out", str(path)]) == 2  # never overwrites
    out = tmp_path / "dataset"
    assert main(["import", "auto", str(path), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert "300 rows read, 300 imported" in printed
    assert f"0 problem(s) in {out}" in err
