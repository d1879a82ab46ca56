"""Property-based tests of the reader and validator: whatever bytes, CSV shapes or cell text
a folder holds, loading never raises, every problem is one `file[:row]: column: message`
line, nothing is written, and cell text shown in the app stays text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model.load import load_dataset
from dashboard.model.schema import TABLES
from dashboard.ui.text import escape_markdown, shown_text
from tests.unit.conftest import VALID, snapshot, valid_tables, write_dataset

SETTINGS = settings(
    max_examples=10,  # each example loads a whole folder: about a second
    deadline=None,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TABLE_NAMES = sorted(TABLES)


def assert_loads_cleanly(directory: Path) -> None:
    before = snapshot(directory)
    dataset, problems = load_dataset(directory)  # must not raise
    for problem in problems:
        line = str(problem)
        assert "\n" not in line and line.startswith(problem.file)
    for name in TABLES:
        assert len(dataset.table(name)) <= max(len(VALID[name]), 200)
    assert snapshot(directory) == before


@SETTINGS
@given(table=st.sampled_from(TABLE_NAMES), data=st.binary(max_size=3_000))
def test_any_bytes_in_any_table(tmp_path_factory, table, data):
    directory = write_dataset(tmp_path_factory.mktemp("bytes") / "data")
    (directory / f"{table}.csv").write_bytes(data)
    assert_loads_cleanly(directory)


CELL = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(list(',"\r\n\x00')),
    max_size=12,
)


@SETTINGS
@given(
    table=st.sampled_from(TABLE_NAMES),
    header=st.lists(st.sampled_from(["", "name", "x", *TABLES["actors"].columns]), max_size=9),
    rows=st.lists(st.lists(CELL, max_size=10), max_size=8),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_csv_shape_in_any_table(tmp_path_factory, table, header, rows, line_end):
    directory = write_dataset(tmp_path_factory.mktemp("shape") / "data")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerows([header, *rows])
    (directory / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    assert_loads_cleanly(directory)


@SETTINGS
@given(
    table=st.sampled_from(TABLE_NAMES),
    column_index=st.integers(min_value=0),
    row_index=st.integers(min_value=0),
    text=st.text(max_size=80),
)
def test_any_cell_text_loads_and_stays_text(tmp_path_factory, table, column_index, row_index, text):
    tables = valid_tables()
    rows = tables[table]
    row = rows[row_index % len(rows)]
    column = list(row)[column_index % len(row)]
    row[column] = text
    directory = write_dataset(tmp_path_factory.mktemp("cell") / "data", tables)
    assert_loads_cleanly(directory)
    dataset, _ = load_dataset(directory)
    for cell in dataset.table(table).get(column, []):
        if isinstance(cell, str):
            assert shown_text(escape_markdown(cell)) == " ".join(cell.split())
