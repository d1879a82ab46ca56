"""Whole-column operations on text columns that stay fast at a million rows.

pandas keeps text in Arrow arrays, but some of its methods still walk them one Python
object at a time: ``isin`` builds a Python scalar per wanted value (seconds for 200,000
ids) and ``str.split().explode()`` makes a Python list per cell. These helpers ask
Arrow's compute kernels directly, so filters and checks are joins, not loops.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow_text(values: pd.Series | Iterable[str]) -> pa.Array | pa.ChunkedArray:
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=str)
    if series.dtype != "str":
        series = series.astype(str)
    return pa.array(series) if len(series) else pa.array([], type=pa.large_string())


def _value_set(values: pd.Series | Iterable[str]) -> pa.Array:
    wanted = _arrow_text(values).cast(pa.large_string())
    if isinstance(wanted, pa.ChunkedArray):
        wanted = wanted.combine_chunks()  # a value set must be one array
    return wanted


def _by_category(cells: pd.Series, answer, missing) -> np.ndarray:
    """answer (an array per distinct text) for a categorical column, spread over its cells
    by their codes: each distinct text is matched once, not once per row; a missing cell
    gets missing."""
    per_value = np.asarray(answer(pd.Series(cells.cat.categories, dtype=str)))
    # A missing cell's code is -1: the last entry, missing, answers for it. np.take, not
    # indexing: with a categorical's small integer codes it is one pass over two million
    # links, where indexing and a separate test of the codes took three times as long.
    answers = np.append(per_value, np.array([missing], dtype=per_value.dtype))
    return np.take(answers, cells.cat.codes.to_numpy())


def is_in(cells: pd.Series, values: pd.Series | Iterable[str]) -> pd.Series:
    """cells.isin(values) for text: True where a cell is one of values."""
    if not len(cells):
        return pd.Series(False, index=cells.index, dtype=bool)
    if isinstance(cells.dtype, pd.CategoricalDtype):
        hit = _by_category(cells, lambda texts: is_in(texts, values).to_numpy(), False)
        return pd.Series(hit.astype(bool, copy=False), index=cells.index)
    found = pc.is_in(_arrow_text(cells), value_set=_value_set(values))
    # A missing cell is never "in" the values (pandas' isin says the same for NaN).
    flags = found.fill_null(False).to_numpy(zero_copy_only=False)
    return pd.Series(np.asarray(flags, dtype=bool), index=cells.index)


def distinct_texts(cells: pd.Series) -> pd.Series:
    """The distinct texts of a text column, missing cells left out.

    A categorical's are the categories its rows use, found from their codes: a cut keeps
    all of the whole table's categories, and turning 300,000 events' places back into text
    to find the few hundred used took 25 ms.
    """
    if isinstance(cells.dtype, pd.CategoricalDtype):
        codes = cells.cat.codes.to_numpy()
        used = np.bincount(codes[codes >= 0], minlength=len(cells.cat.categories))
        return pd.Series(cells.cat.categories[np.flatnonzero(used)], dtype=str)
    return pd.Series(pc.unique(pc.drop_null(_arrow_text(cells))), dtype=str)


def split_ids(cells: pd.Series, separator: str = ";") -> pd.Series:
    """A ';'-separated id column exploded: one row per id, indexed by its cell's row.

    Empty cells and empty parts (a trailing ';') give no row.
    """
    if not len(cells):
        return pd.Series([], dtype=str, index=cells.index[:0])
    lists = pc.split_pattern(pc.fill_null(_arrow_text(cells), ""), separator)
    flat = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists).to_numpy()
    ids = pd.Series(flat, dtype=str, index=cells.index[parents])
    return ids[ids != ""]


def split_repeating_ids(cells: pd.Series, separator: str = ";") -> pd.Series:
    """split_ids of a categorical column, as a categorical: each distinct list is split
    once and its ids repeated for the rows that hold it.

    A million events' actor lists are a few thousand distinct lists: splitting every cell
    took 0.8 s and 290 MB of passing copies at load, this takes a fraction of both.
    """
    lists = pd.Series(cells.cat.categories, dtype=str)
    parts = split_ids(lists, separator)  # indexed by the list's category number
    ids, names = pd.factorize(parts, sort=False)
    per_list = np.bincount(parts.index.to_numpy(), minlength=len(lists))
    first_of_list = np.cumsum(per_list) - per_list
    codes = cells.cat.codes.to_numpy()
    held = codes >= 0
    per_row = np.where(held, per_list[np.where(held, codes, 0)], 0)
    rows = np.repeat(np.arange(len(cells)), per_row)
    # Each id's place in its list: its position among all ids minus where its row began.
    nth = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    taken = ids[first_of_list[codes[rows]] + nth] if len(rows) else ids[:0]
    return pd.Series(
        pd.Categorical.from_codes(taken, categories=pd.Index(names, dtype=str)),
        index=cells.index[rows],
    )


def positions_in(cells: pd.Series | Iterable[str], keys: pd.Series) -> np.ndarray:
    """For each cell, the position of its value in keys (-1 where it is none of them).

    keys should be unique (an id column); a link table turned into row numbers once lets
    every later filter pick rows by number instead of matching text again.
    """
    if isinstance(cells, pd.Series) and isinstance(cells.dtype, pd.CategoricalDtype):
        return _by_category(cells, lambda texts: positions_in(texts, keys), -1).astype(np.int64)
    found = pc.index_in(_arrow_text(cells), value_set=_value_set(keys))
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def is_numbered(frame: pd.DataFrame) -> bool:
    """Whether frame's row labels are its positions 0..n-1, as a loaded table's are: a cut
    taken from it then names its rows in the whole table by their labels."""
    index = frame.index
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def per_distinct(cells: pd.Series, function) -> pd.Series:
    """function applied to each distinct cell once and spread back over the rows.

    function takes and returns a Series (of the distinct cells, missing ones included).
    ACLED's codes, types and actor lists repeat a million times over far fewer values:
    working on the distinct values is many times faster than on every row. A categorical
    column hands over its distinct texts as text, only those present.
    """
    codes, uniques = pd.factorize(cells, sort=False, use_na_sentinel=False)
    dtype = cells.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    result = function(pd.Series(np.asarray(uniques, dtype=object), dtype=dtype))
    return pd.Series(np.asarray(result.to_numpy())[codes], index=cells.index)


def records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records"): a dict per row, of the same Python values (str, int,
    Timestamp, NaN), read a column at a time. pandas boxes each cell on its own, which
    took 5 ms for the 600 ties of a network, this 1."""
    columns = {name: frame[name].tolist() for name in frame.columns}
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
