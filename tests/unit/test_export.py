"""Tables leave the app as CSV a spreadsheet opens safely: formulas defused, the rest intact."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard.export.tables import defuse_formula, safe_csv_bytes
from dashboard.model.load import load_dataset
from dashboard.model.schema import TABLES
from tests.unit.conftest import set_cell


def parse(data: bytes) -> list[list[str]]:
    """The rows of a CSV export, as a spreadsheet would split them (any line ends)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","click")',
        "+31 20 555",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_defused(cell):
    assert defuse_formula(cell) == "'" + cell
    frame = pd.DataFrame({"title": [cell, "plain"]})
    assert read_back(safe_csv_bytes(frame))["title"].tolist() == ["'" + cell, "plain"]


@pytest.mark.parametrize("cell", ["plain", "a=b", "1-2", " x", "", "Iran–Iraq", "«é» 日本"])
def test_other_text_round_trips_unchanged(cell):
    frame = pd.DataFrame({"text": [cell], "other": ["x"]})
    assert read_back(safe_csv_bytes(frame))["text"].tolist() == [cell]


def test_numbers_are_left_alone(dataset):
    relations = dataset.relations[TABLES["relations"].columns]
    assert pd.api.types.is_integer_dtype(relations["sign"])
    back = read_back(safe_csv_bytes(relations))
    assert back["sign"].tolist() == ["-1", "0", "-1"]  # not "'-1"
    places = read_back(safe_csv_bytes(dataset.places[["place_id", "lat"]]))
    assert places["lat"].tolist() == ["33.31", "36.34", "35.69"]
    negative = pd.DataFrame({"value": [-1.5, 2.0], "count": [-3, 4]})
    assert parse(safe_csv_bytes(negative)) == [["value", "count"], ["-1.5", "-3"], ["2.0", "4"]]


def test_non_text_cells_in_a_text_column_are_left_alone():
    assert defuse_formula(-1) == -1
    assert defuse_formula(None) is None


def test_the_file_is_utf8_with_a_byte_order_mark():
    data = safe_csv_bytes(pd.DataFrame({"name": ["Téhéran"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert parse(data) == [["name"], ["Téhéran"]]


def test_the_frame_given_is_not_changed():
    frame = pd.DataFrame({"title": ["=1+1"]})
    safe_csv_bytes(frame)
    assert frame["title"].tolist() == ["=1+1"]


def test_a_formula_loaded_as_data_is_defused_on_export(dataset_dir):
    formula = '=HYPERLINK("http://evil.example","click")'
    set_cell(dataset_dir, "sources", "src_news", "title", formula)
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    sources = dataset.sources[TABLES["sources"].columns]
    assert sources["title"].tolist()[2] == formula  # kept as the text it is
    back = read_back(safe_csv_bytes(sources))
    assert back["title"].tolist() == [
        "Iran-America Alliance?",
        "Encyclopaedia of Modern Wars",
        "'" + formula,
    ]
    assert back["source_id"].tolist() == ["src_article", "src_reference", "src_news"]


@pytest.mark.parametrize("dtype", ["string", "str"])
def test_pandas_string_columns_are_defused(dtype):
    frame = pd.DataFrame({"title": pd.Series(["=1+1", "ok"], dtype=dtype)})
    assert read_back(safe_csv_bytes(frame))["title"].tolist() == ["'=1+1", "ok"]


# Regression: only object/string columns were once defused.
def test_categorical_text_columns_are_defused():
    frame = pd.DataFrame({"kind": pd.Categorical(["=1+1", "ok"])})
    assert read_back(safe_csv_bytes(frame))["kind"].tolist() == ["'=1+1", "ok"]


# Regression: with "\n" line ends a bare "\r" in a cell was once written unquoted, and a
# spreadsheet started a new row there, with a live formula after it.
@pytest.mark.parametrize("cell", ["\r=1+1", "harmless note\r=1+1"])
def test_a_carriage_return_cannot_start_a_new_row(cell):
    frame = pd.DataFrame({"note": [cell], "n": [1]})
    rows = parse(safe_csv_bytes(frame))
    assert len(rows) == 2  # header + one record
    assert rows[1][1] == "1"
    assert not rows[1][0].startswith(("=", "+", "-", "@"))
