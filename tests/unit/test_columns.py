"""The whole-column helpers behind filters and link tables, against plain Python answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.model.columns import (
    distinct_texts,
    is_in,
    is_numbered,
    per_distinct,
    positions_in,
    records,
    split_ids,
    split_repeating_ids,
)


def test_is_in_matches_pandas_isin_and_never_matches_a_missing_cell():
    cells = pd.Series(["iran", "", None, "iraq", "usa"], dtype="str", index=[10, 11, 12, 13, 14])
    found = is_in(cells, ["iraq", "iran", ""])
    assert found.tolist() == [True, True, False, True, False]
    assert found.index.tolist() == [10, 11, 12, 13, 14]
    assert is_in(cells.iloc[:0], ["iran"]).tolist() == []


def test_split_ids_gives_a_row_per_id_indexed_by_its_cell():
    cells = pd.Series(["a;b", "", "c;", "d"], dtype="str", index=[5, 6, 7, 8])
    links = split_ids(cells)
    assert list(zip(links.index, links)) == [(5, "a"), (5, "b"), (7, "c"), (8, "d")]


@pytest.mark.parametrize(
    "texts",
    [
        ["b;a", "", None, "c;", "b;a", "a;b;c", "c;"],
        ["x"] * 5,
        [None, ""],
        [],
    ],
)
def test_a_repeating_list_splits_as_every_cell_would(texts):
    # Each distinct list is split once, and its ids repeated for the rows holding it: the
    # same ids, in the same order, under the same rows as splitting every cell.
    cells = pd.Series(texts, dtype="str", index=range(10, 10 + len(texts)))
    once = split_repeating_ids(cells.astype("category"))
    every = split_ids(cells)
    assert isinstance(once.dtype, pd.CategoricalDtype)
    assert list(zip(once.index, once.astype(str))) == list(zip(every.index, every))


def test_positions_in_gives_each_cells_row_in_the_keys_or_minus_one():
    keys = pd.Series(["c1", "c2", "c3"], dtype="str")
    cells = pd.Series(["c3", "nope", "c1", "c3", ""], dtype="str")
    positions = positions_in(cells, keys)
    assert positions.dtype == np.int64
    assert positions.tolist() == [2, -1, 0, 2, -1]
    assert positions_in(["c2"], keys).tolist() == [1]
    assert positions_in(pd.Series([], dtype="str"), keys).tolist() == []


def test_only_a_table_numbered_from_zero_names_its_rows_by_position():
    frame = pd.DataFrame({"x": [1, 2, 3]})
    assert is_numbered(frame)
    assert not is_numbered(frame.iloc[1:])  # a cut keeps the whole table's labels
    assert not is_numbered(frame.set_index(pd.Index([0, 2, 4])))
    assert is_numbered(frame.iloc[:0])


def test_categorical_columns_answer_as_their_text_does():
    # Repeating event columns load as categoricals; matching them goes by category.
    text = pd.Series(["p1", "p2", None, "p1", "p3"], dtype="str", index=[3, 4, 5, 6, 7])
    coded = text.astype("category")
    keys = pd.Series(["p3", "p1"], dtype="str")
    assert is_in(coded, ["p1", "zz"]).tolist() == is_in(text, ["p1", "zz"]).tolist()
    assert is_in(coded, ["p1"]).index.tolist() == [3, 4, 5, 6, 7]
    assert positions_in(coded, keys).tolist() == positions_in(text, keys).tolist()
    assert positions_in(coded, keys).tolist() == [1, -1, -1, 1, 0]
    lists = pd.Series(["a;b", None, "c"], dtype="str").astype("category")
    assert split_ids(lists).tolist() == ["a", "b", "c"]
    empty = pd.Series([None, None], dtype="str").astype("category")
    assert is_in(empty, ["a"]).tolist() == [False, False]
    assert positions_in(empty, keys).tolist() == [-1, -1]


def test_distinct_texts_are_those_present_in_the_rows_never_a_missing_one():
    text = pd.Series(["p2", None, "p1", "p2", ""], dtype="str")
    assert sorted(distinct_texts(text)) == ["", "p1", "p2"]
    coded = text.astype("category")
    assert sorted(distinct_texts(coded)) == ["", "p1", "p2"]
    # A cut keeps the whole column's categories: only its rows' own count.
    assert distinct_texts(coded.iloc[2:3]).tolist() == ["p1"]
    assert distinct_texts(coded.iloc[1:2]).tolist() == []
    assert distinct_texts(text.iloc[:0]).tolist() == []
    assert distinct_texts(coded).dtype == "str"


def test_per_distinct_works_once_per_distinct_cell_and_spreads_back():
    seen: list[list] = []

    def shout(distinct: pd.Series) -> pd.Series:
        seen.append(distinct.tolist())
        return distinct.fillna("").str.upper()

    cells = pd.Series(["a;b", "c", "a;b", None] * 3, dtype="str", index=range(10, 22))
    for column in (cells, cells.astype("category")):
        seen.clear()
        out = per_distinct(column, shout)
        assert out.tolist() == ["A;B", "C", "A;B", ""] * 3
        assert out.index.tolist() == list(range(10, 22))
        assert len(seen[0]) == 3  # each distinct cell once, the missing one included
    unused = cells.astype("category").iloc[1:2]  # a cut: only "c" is present
    seen.clear()
    assert per_distinct(unused, shout).tolist() == ["C"]
    assert seen == [["c"]]


def test_records_are_the_rows_as_pandas_gives_them():
    """The same dicts, values and value types as to_dict("records"): text (missing too),
    numbers, flags, dates and a missing date."""
    frame = pd.DataFrame(
        {
            "a": pd.Series(["x", None, "z"], dtype="str"),
            "count": [1, 2, 3],
            "share": [0.5, np.nan, 1.0],
            "mixed": [True, False, True],
            "since": pd.to_datetime(["2014-01-31", None, "2015-07-14"]),
            "kind": pd.Categorical(["ally", "foe", None]),
        }
    )
    expected, found = frame.to_dict("records"), records(frame)
    assert [list(map(type, row.values())) for row in found] == [
        list(map(type, row.values())) for row in expected
    ]
    assert repr(found) == repr(expected)
