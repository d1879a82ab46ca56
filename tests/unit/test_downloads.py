"""Downloads: file names that say what they hold and which filters made them; one zip of
every table in view, each CSV defused like the single-table download."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.export.downloads import download_name, tables_zip
from dashboard.export.tables import safe_csv_bytes
from dashboard.model.load import load_dataset
from dashboard.model.schema import TABLES
from tests.unit.conftest import set_cell


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), "fault-lines_events.csv"),
        (
            Filters(countries=("IRQ",), start=date(2011, 1, 1), end=date(2014, 12, 31)),
            "fault-lines_events_country-IRQ_2011-2014.csv",
        ),
        (Filters(start=date(2013, 3, 15)), "fault-lines_events_2013-03-15-now.csv"),
        (Filters(end=date(2014, 1, 31)), "fault-lines_events_start-2014-01-31.csv"),
        (Filters(start=date(2014, 1, 1), end=date(2014, 12, 31)), "fault-lines_events_2014.csv"),
        (
            Filters(actors=("iran", "usa", "isil", "al_qaeda"), sects=("shia",)),
            "fault-lines_events_actor-iran-usa-isil-and-1-more_sect-shia.csv",
        ),
        (Filters(include_after_publication=True), "fault-lines_events_with-hindsight.csv"),
        # Ids from a hand-edited link cannot smuggle a path or odd characters into a name.
        (Filters(countries=("../etc/x y",)), "fault-lines_events_country-etc-x-y.csv"),
    ],
)
def test_a_file_name_says_what_it_holds_and_the_filters(filters, expected):
    assert download_name("events", filters, "csv") == expected


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_every_table_in_view_and_says_which_filters(dataset):
    filters = Filters(countries=("IRQ",))
    in_view = filtered_dataset(dataset, filters)
    files = unzip(tables_zip(in_view, filters))
    assert set(files) == {"README.txt"} | {f"fault-lines_{name}_country-IRQ.csv" for name in TABLES}
    assert "Countries: IRQ" in files["README.txt"].decode()
    for name, spec in TABLES.items():
        frame = in_view.table(name)[spec.columns]
        assert files[f"fault-lines_{name}_country-IRQ.csv"] == safe_csv_bytes(frame), name


def test_the_zip_follows_the_filters(dataset):
    everything = unzip(tables_zip(dataset, Filters()))
    filters = Filters(actors=("no_such_actor",))
    nothing = unzip(tables_zip(filtered_dataset(dataset, filters), filters))
    events = pd.read_csv(io.BytesIO(everything["fault-lines_events.csv"]), encoding="utf-8-sig")
    assert len(events) == len(dataset.events) > 0
    left = nothing["fault-lines_events_actor-no_such_actor.csv"]
    assert len(pd.read_csv(io.BytesIO(left), encoding="utf-8-sig")) == 0


def test_every_csv_in_the_zip_is_defused(dataset_dir):
    set_cell(dataset_dir, "events", "geneva_deal", "description", '=HYPERLINK("http://x","y")')
    dataset, _ = load_dataset(dataset_dir)
    events = unzip(tables_zip(dataset, Filters()))["fault-lines_events.csv"].decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in events
    assert ",=HYPERLINK" not in events


def test_the_same_tables_make_the_same_zip(dataset):
    assert tables_zip(dataset, Filters()) == tables_zip(dataset, Filters())
