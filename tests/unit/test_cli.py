"""`dashboard validate DIR`: one `file:row: column: message` line per problem; exit 0 / 1 / 2."""

from __future__ import annotations

import re
import subprocess
import sys

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
