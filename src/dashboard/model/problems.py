"""A problem found in a dataset file, reported as ``file:row: column: message``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell, row or file of a dataset directory."""

    file: str
    row: int | None  # line number in the file (header = 1); None for file-level problems
    column: str | None
    message: str
    # True when the row stays in the dataset with the faulty cell emptied (see crosscheck).
    cell_blanked: bool = False
    # For a reference that does not resolve: the tables it may point into and the id it
    # names. The loader uses it to tell a root cause from its knock-on effects.
    cites: tuple[tuple[str, ...], str] | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        return f"{where}: {self.column or '-'}: {self.message}"


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a table (file, row, column, message) for display and export."""
    return pd.DataFrame(
        [(p.file, p.row, p.column, p.message) for p in problems],
        columns=["file", "row", "column", "message"],
    ).astype({"row": "Int64"})
