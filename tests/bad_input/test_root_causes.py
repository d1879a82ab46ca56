"""`dashboard validate` on every broken folder of the corpus, and root causes before effects.

Every case that has a problem exits 1 (never 0, never a traceback), prints one
`file[:row]: column: message` line per problem, and a table that could not be read comes
first, its knock-on effects collapsed after it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.model.load import load_dataset
from tests.bad_input.test_bad_datasets import CASES, build
from tests.conftest import REPO_ROOT
from tests.unit.conftest import snapshot

PROBLEM_LINE = re.compile(r"^[a-z_/0-9]+\.(csv|geojson)(:\d+)?: \S.*: .+$")


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=case.id) for case in CASES if case.expected]
)
def test_validate_exits_1_with_one_line_per_problem(tmp_path, capsys, case):
    directory = build(tmp_path, case)
    before = snapshot(directory)
    assert main(["validate", str(directory)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines, err
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert snapshot(directory) == before


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", copy)
    return copy


def test_an_empty_claims_file_is_reported_first_and_its_effects_collapsed(curated_copy):
    (curated_copy / "claims.csv").write_bytes(b"")
    _, problems = load_dataset(curated_copy)
    assert str(problems[0]).startswith("claims.csv: -: file is empty")
    # Once 517 lines, the cause buried among them: now one line per table and column.
    assert len(problems) <= 12, [str(p) for p in problems]
    assert len({(p.file, p.column) for p in problems}) == len(problems)
    for problem in problems[1:]:
        assert "they cite claims.csv, which was not read — fix claims.csv first" in problem.message


def test_a_broken_record_is_reported_before_the_records_that_follow_it_out(curated_copy):
    path = curated_copy / "sources.csv"
    text = path.read_text(encoding="utf-8")
    assert ",article," in text
    path.write_text(text.replace(",article,", ",blog post,", 1), encoding="utf-8")
    _, problems = load_dataset(curated_copy)
    assert (problems[0].file, problems[0].row, problems[0].column) == ("sources.csv", 2, "kind")
    assert len(problems) > 1
    assert all("left out" in p.message for p in problems[1:]), [str(p) for p in problems]
