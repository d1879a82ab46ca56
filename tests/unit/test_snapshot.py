"""A checked load remembered between server starts: read back exactly as loaded, loaded
afresh after any change, never written in the data folder, never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import dashboard.model.snapshot as snapshot
from dashboard.model.load import load_dataset
from dashboard.model.snapshot import KEPT, load_remembered, snapshot_store
from tests.unit.conftest import set_cell, write_dataset


@pytest.fixture
def broken_dir(tmp_path: Path) -> Path:
    """A dataset with problems of each kind the loader reports: a bad date (row left out),
    a dangling actor in a list (knock-on) and a dangling place (cell blanked)."""
    directory = write_dataset(tmp_path / "data")
    set_cell(directory, "events", "fall_of_mosul", "start", "2014-13")
    set_cell(directory, "events", "geneva_deal", "actor_ids", "isil;daesh")
    set_cell(directory, "events", "geneva_deal", "place_id", "raqqa")
    return directory


def must_not_load(directory):
    pytest.fail("the folder was loaded again instead of read back")


def files_of(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


def assert_same_load(one, other) -> None:
    (first, first_problems), (second, second_problems) = one, other
    assert first.table_names == second.table_names
    for name in first.table_names:
        pd.testing.assert_frame_equal(first.table(name), second.table(name), check_exact=True)
        assert list(first.table(name).dtypes) == list(second.table(name).dtypes), name
    assert first_problems == second_problems
    assert [p.cites for p in first_problems] == [p.cites for p in second_problems]
    assert [p.cell_blanked for p in first_problems] == [p.cell_blanked for p in second_problems]


def test_a_second_start_reads_back_the_same_tables_and_problems(broken_dir, tmp_path, monkeypatch):
    store = tmp_path / "store"
    first = load_remembered(broken_dir, store)
    assert first[1], "the fixture has problems to remember"
    assert any(p.cell_blanked for p in first[1]) and any(p.cites for p in first[1])
    monkeypatch.setattr(snapshot, "load_dataset", must_not_load)
    second = load_remembered(broken_dir, store)
    assert_same_load(first, second)
    assert second[0].directory == broken_dir
    assert_same_load(second, load_dataset(broken_dir))  # as a load without snapshots


def test_the_curated_data_comes_back_whole(tmp_path, monkeypatch, repo_root):
    store = tmp_path / "store"
    first = load_remembered(repo_root / "data", store)
    monkeypatch.setattr(snapshot, "load_dataset", must_not_load)
    assert_same_load(first, load_remembered(repo_root / "data", store))


def test_any_change_to_a_file_is_loaded_afresh(dataset_dir, tmp_path):
    store = tmp_path / "store"
    before, _ = load_remembered(dataset_dir, store)
    # The same number of bytes: only the file's modification time tells the change.
    set_cell(dataset_dir, "events", "fall_of_mosul", "title", "Fall of MOSUL")
    after, _ = load_remembered(dataset_dir, store)
    titles = dict(zip(after.events["event_id"], after.events["title"]))
    assert titles["fall_of_mosul"] == "Fall of MOSUL"
    assert "Fall of Mosul" in set(before.events["title"])


def test_a_column_without_any_value_keeps_its_type(dataset_dir, tmp_path, monkeypatch):
    # No event has an end: its precision is an empty categorical, which Parquet alone
    # would give back as text.
    for event_id in ("iran_iraq_war", "geneva_deal", "fall_of_mosul"):
        set_cell(dataset_dir, "events", event_id, "end", "")
    first = load_remembered(dataset_dir, tmp_path / "store")
    assert isinstance(first[0].events["end_precision"].dtype, pd.CategoricalDtype)
    monkeypatch.setattr(snapshot, "load_dataset", must_not_load)
    assert_same_load(first, load_remembered(dataset_dir, tmp_path / "store"))


def test_a_boundary_file_is_part_of_the_key(dataset_dir, tmp_path):
    (dataset_dir / "geo").mkdir(exist_ok=True)
    outline = dataset_dir / "geo" / "countries.geojson"
    outline.write_text('{"type": "FeatureCollection", "features": []}')
    key = snapshot.snapshot_key(dataset_dir)
    outline.write_text('{"type": "FeatureCollection", "features": [] }')
    assert snapshot.snapshot_key(dataset_dir) != key


def test_nothing_is_written_in_the_data_folder(broken_dir, tmp_path):
    before = files_of(broken_dir)
    load_remembered(broken_dir, tmp_path / "store")
    load_remembered(broken_dir, tmp_path / "store")
    assert files_of(broken_dir) == before


def test_an_unreadable_snapshot_is_left_aside(broken_dir, tmp_path):
    store = tmp_path / "store"
    load_remembered(broken_dir, store)
    (folder,) = store.iterdir()
    (folder / "events.parquet").write_bytes(b"not parquet")
    assert_same_load(load_remembered(broken_dir, store), load_dataset(broken_dir))
    (folder / "manifest.json").write_text("{")
    assert_same_load(load_remembered(broken_dir, store), load_dataset(broken_dir))


def test_a_store_that_cannot_be_written_costs_only_the_head_start(broken_dir, tmp_path):
    store = tmp_path / "a file, not a folder"
    store.write_text("")
    assert_same_load(load_remembered(broken_dir, store), load_dataset(broken_dir))


def test_only_the_most_recently_used_snapshots_are_kept(tmp_path):
    store = tmp_path / "store"
    folders = [write_dataset(tmp_path / f"data{i}") for i in range(KEPT + 2)]
    for number, folder in enumerate(folders):
        load_remembered(folder, store)
        # Used in this order, a second apart whatever the file system's clock resolution.
        os.utime(store / snapshot.snapshot_key(folder), (number, number))
    assert len([p for p in store.iterdir() if not p.name.startswith(".")]) == KEPT
    assert (store / snapshot.snapshot_key(folders[-1])).is_dir()
    assert not (store / snapshot.snapshot_key(folders[0])).exists()


def test_the_store_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FAULT_LINES_SNAPSHOTS", "off")
    assert snapshot_store() is None
    monkeypatch.setenv("FAULT_LINES_SNAPSHOTS", str(tmp_path))
    assert snapshot_store() == tmp_path
    monkeypatch.delenv("FAULT_LINES_SNAPSHOTS")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert snapshot_store() == tmp_path / "cache" / "fault-lines" / "snapshots"


def test_each_column_read_back_is_one_piece(dataset_dir, tmp_path):
    # In pieces (a Parquet row group each), every later cut of a million events took twice
    # as long: a snapshot written in pieces is read back whole.
    store = tmp_path / "store"
    load_remembered(dataset_dir, store)
    (folder,) = store.iterdir()
    events = pq.read_table(folder / "events.parquet")
    pq.write_table(events, folder / "events.parquet", row_group_size=1)
    assert pq.read_table(folder / "events.parquet").column("event_id").num_chunks > 1
    dataset, _ = load_remembered(dataset_dir, store)
    ids = dataset.events["event_id"].array  # a text column (titles are categorical)
    assert len(dataset.events) > 1 and ids._pa_array.num_chunks == 1
    pd.testing.assert_frame_equal(dataset.events, load_dataset(dataset_dir)[0].events)
