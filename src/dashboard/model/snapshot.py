"""A checked load remembered between server starts.

Every server start reads and checks each table before the first reader sees a chart: a
second for the curated data (most of it pandera's checks on a cold process), 15 s for a
million imported events. The checked, typed tables are written once as Parquet, with the
problems found as JSON, under the user's cache folder; a later start reads them back
(0.08 s and 1 s) for as long as no file of the dataset folder and no line of this
package has changed. The key says so: every file's name, size and modification time, the
package's source and the versions of the libraries that read and typed them.

Never written under the data folder, and never needed: a snapshot that cannot be written
or read back is left aside and the folder is loaded as before. Parquet and JSON, not
pickle: a file in the cache folder is read as data, never run as code.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pandera
import pyarrow
import pyarrow.parquet as pq

from dashboard.model.load import Dataset, give_back_freed_memory, load_dataset
from dashboard.model.problems import Problem

# Raise when what a snapshot holds changes shape (not for code changes: the key sees them).
FORMAT = 1
# The most recently used snapshots kept; each dataset folder (and each upload) has one.
KEPT = 4
MANIFEST = "manifest.json"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def snapshot_store() -> Path | None:
    """Where snapshots live: FAULT_LINES_SNAPSHOTS if set ('off': nowhere), else the
    user's cache folder (XDG_CACHE_HOME or ~/.cache) under fault-lines/."""
    chosen = os.environ.get("FAULT_LINES_SNAPSHOTS", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "fault-lines" / "snapshots"


def load_remembered(directory: Path, store: Path | None) -> tuple[Dataset, list[Problem]]:
    """load_dataset(directory), read back from store when this folder was loaded before by
    this code, else loaded and written there for the next start (store None: plain load)."""
    if store is None:
        return load_dataset(directory)
    folder = store / snapshot_key(directory)
    try:
        remembered = _read(folder, directory)
        os.utime(folder)  # recently used: kept when older ones are pruned
        return remembered
    except (OSError, ValueError, KeyError, TypeError, pyarrow.ArrowException):
        pass  # none yet, or unreadable: load the folder as before
    dataset, problems = load_dataset(directory)
    try:
        _write(store, folder, dataset, problems)
        _prune(store)
    except (OSError, ValueError, TypeError, pyarrow.ArrowException):
        pass  # a read-only or full disk costs the next start its head start, nothing else
    return dataset, problems


def snapshot_key(directory: Path) -> str:
    """A digest of every file under directory (name, size, modification time), the
    package's source and the library versions: any change means another key."""
    digest = hashlib.sha256(_code_key().encode())
    digest.update(str(directory.resolve()).encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(
            f"\0{path.relative_to(directory)}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
        )
    return digest.hexdigest()[:32]


@functools.cache
def _code_key() -> str:
    # The source cannot change under a running process: hashed once.
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + path.read_bytes())
    versions = (FORMAT, platform.python_version(), pd.__version__, pyarrow.__version__)
    return f"{versions}{pandera.__version__}{digest.hexdigest()}"


def _write(store: Path, folder: Path, dataset: Dataset, problems: list[Problem]) -> None:
    store.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Written aside and renamed into place: a reader never sees half a snapshot, and two
    # servers starting at once leave one.
    draft = store / f".draft-{uuid.uuid4().hex}"
    draft.mkdir(mode=0o700)
    try:
        dtypes = {}
        for name in dataset.table_names:
            frame = dataset.table(name)
            # One row group: read back, each column is then one block of memory as after a
            # load. In pieces (a row group each), every later cut of a million events
            # took twice as long.
            table = pyarrow.Table.from_pandas(frame)
            pq.write_table(table, draft / f"{name}.parquet", row_group_size=max(len(frame), 1))
            dtypes[name] = {column: str(dtype) for column, dtype in frame.dtypes.items()}
        manifest = {"format": FORMAT, "dtypes": dtypes, "problems": [_as_json(p) for p in problems]}
        (draft / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        draft.rename(folder)
    except OSError:
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(draft, ignore_errors=True)


def _read(folder: Path, directory: Path) -> tuple[Dataset, list[Problem]]:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest["format"] != FORMAT:
        raise ValueError("a snapshot of another format")
    tables = {}
    for name, dtypes in manifest["dtypes"].items():
        table = pq.read_table(folder / f"{name}.parquet")
        frame = table.combine_chunks().to_pandas() if _in_pieces(table) else table.to_pandas()
        # Parquet keeps every type but an empty categorical's, which comes back as text.
        changed = {c: t for c, t in dtypes.items() if str(frame[c].dtype) != t}
        tables[name] = frame.astype(changed) if changed else frame
    give_back_freed_memory()
    dataset = Dataset(directory=directory, **tables)
    return dataset, [_problem(p) for p in manifest["problems"]]


def _in_pieces(table: pyarrow.Table) -> bool:
    return any(column.num_chunks > 1 for column in table.columns)


def _as_json(problem: Problem) -> dict:
    return {
        "file": problem.file,
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
        "cell_blanked": problem.cell_blanked,
        "cites": [list(problem.cites[0]), problem.cites[1]] if problem.cites else None,
    }


def _problem(fields: dict) -> Problem:
    cites = fields.pop("cites")
    return Problem(**fields, cites=(tuple(cites[0]), cites[1]) if cites else None)


def _prune(store: Path) -> None:
    """Keep the KEPT most recently used snapshots."""
    snapshots = sorted(
        (p for p in store.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in snapshots[KEPT:]:
        shutil.rmtree(stale, ignore_errors=True)
