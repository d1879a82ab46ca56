"""Your data: a reader's upload is checked, lands only in their session's temporary folder,
switches their session alone to it, and Back returns them to the curated data."""

from __future__ import annotations

import csv
import gc
import io
import stat
import struct
import tempfile
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.model.schema import TABLES
from dashboard.model.snapshot import snapshot_key, snapshot_store
from dashboard.ui import upload
from dashboard.ui.upload import MAX_UPLOAD_MB, stage_upload
from tests.conftest import DATA_DIR, REPO_ROOT

ACTOR = "Zebra Brigade"
# A small dataset of our own tables with no article among its sources, as an analyst's
# own export would be: no figures, no discrepancies, no make-up, no map.
ROWS = {
    "sources": [
        dict(source_id="src_field", title="Field notes", author="", publisher="Our team",
             published="2020-05", url="", kind="reference", reliability="medium", note=""),
    ],
    "claims": [
        dict(claim_id="c_one", source_id="src_field", quote="The brigade took the bridge.",
             note=""),
        dict(claim_id="c_two", source_id="src_field", quote="Talks began.", note=""),
    ],
    "actors": [
        dict(actor_id="zebra_brigade", name=ACTOR, kind="armed_group", country="IRQ",
             affiliation="sunni", description="A test militia.", claim_ids="c_one"),
        dict(actor_id="river_council", name="River Council", kind="government", country="IRQ",
             affiliation="shia", description="A test council.", claim_ids="c_two"),
    ],
    "places": [
        dict(place_id="bridge_town", name="Bridge Town", kind="city", country="IRQ", admin1="",
             lat="33.3", lon="44.4", claim_ids="c_one"),
    ],
    "events": [
        dict(event_id="bridge_taken", title="Bridge taken", start="2020-03-04", end="",
             event_type="attack", place_id="bridge_town", actor_ids="zebra_brigade",
             description="", layer="at_publication", claim_ids="c_one"),
        dict(event_id="talks", title="Talks", start="2020-04", end="2024-05",
             event_type="diplomacy", place_id="", actor_ids="zebra_brigade;river_council",
             description="", layer="at_publication", claim_ids="c_two"),
    ],
    "relations": [
        dict(relation_id="brigade_council", source_actor="zebra_brigade",
             target_actor="river_council", kind="fights", sign="-1", directed="false",
             start="2020-03", end="", layer="at_publication", description="", claim_ids="c_one"),
    ],
}  # fmt: skip


def table_csv(name: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TABLES[name].columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(ROWS.get(name, []))
    return out.getvalue()


def small_dataset_zip(*, folder: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """Every table of the small dataset, at the zip's top or in one folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in TABLES.items():
            archive.writestr(f"{folder}{table.file}", table_csv(name))
        for member, content in (extra or {}).items():
            archive.writestr(member, content)
    return buffer.getvalue()


def zip_of(entries: dict[str | zipfile.ZipInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in entries.items():
            archive.writestr(member, content)
    return buffer.getvalue()


def symlink_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, so the mode bits below are read
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def zip_bomb(megabytes: int = 300) -> bytes:
    """megabytes of zeros, deflated (about 0.3 MB), streamed so it never sits in memory."""
    buffer = io.BytesIO()
    zeros = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("events.csv", "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(zeros)
    return buffer.getvalue()


def lying_zip() -> bytes:
    """events.csv of 2 MB whose zip headers say it is 1,000 bytes (under every ratio check)."""
    content = zip_of({"events.csv": bytes(2 * 1024 * 1024)})
    lie = struct.pack("<I", 1000)
    patched = bytearray(content)
    local = patched.index(b"PK\x03\x04")
    patched[local + 22 : local + 26] = lie
    central = patched.index(b"PK\x01\x02")
    patched[central + 24 : central + 28] = lie
    return bytes(patched)


def files_under(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file())


def mtimes(directory: Path) -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns for path in files_under(directory)}


# -- staging, without Streamlit ----------------------------------------------------------------


def test_a_zip_of_our_tables_is_unpacked_inside_the_session_folder(tmp_path):
    staged = stage_upload("mine.zip", small_dataset_zip(), tmp_path)
    assert not staged.refused, staged.problems
    assert staged.directory.is_relative_to(tmp_path)
    assert staged.counts["actors"] == 2 and staged.counts["events"] == 2
    assert staged.problems == ()
    assert {path.name for path in staged.directory.iterdir()} == {
        table.file for table in TABLES.values()
    }


def test_tables_in_one_top_folder_with_boundaries_and_a_readme_are_accepted(tmp_path):
    geo = {
        f"data/geo/{name}": (DATA_DIR / "geo" / name).read_bytes()
        for name in ("admin1.geojson", "countries.geojson")
    }
    notes = {"data/README.md": b"# notes", "__MACOSX/data/._events.csv": b"junk"}
    staged = stage_upload(
        "folder.zip", small_dataset_zip(folder="data/", extra=geo | notes), tmp_path
    )
    assert not staged.refused, staged.problems
    assert (staged.directory / "geo" / "admin1.geojson").is_file()
    assert not (staged.directory / "README.md").exists()  # documentation is left out
    assert not any("MACOSX" in str(path) for path in files_under(tmp_path))


@pytest.mark.parametrize(
    ("entries", "said"),
    [
        ({"../evil.csv": b"x", "events.csv": b"a"}, "outside"),
        ({"/etc/evil.csv": b"x"}, "outside"),
        ({"C:/evil.csv": b"x"}, "outside"),
        ({"data\\..\\evil.csv": b"x"}, "outside"),
        ({symlink_entry("events.csv"): b"/etc/passwd"}, "symbolic link"),
        ({"run.py": b"import os"}, "not one of the dataset's files"),
        ({"geo/other.geojson": b"{}"}, "not one of the dataset's files"),
        ({"a/events.csv": b"x", "b/actors.csv": b"y"}, "not one of the dataset's files"),
        ({f"extra{i}.csv": b"x" for i in range(60)}, "at most 50"),
        ({"notes.md": b"only notes"}, "none of the dataset's tables"),
    ],
    ids=["dotdot", "absolute", "drive", "backslash", "symlink", "script", "other-geo",
         "two-folders", "too-many", "no-tables"],
)  # fmt: skip
def test_an_unsafe_or_foreign_zip_is_refused_and_leaves_nothing(tmp_path, entries, said):
    session = tmp_path / "session"
    session.mkdir()
    staged = stage_upload("bad.zip", zip_of(entries), session)
    assert staged.refused
    assert any(said in problem.message for problem in staged.problems), staged.problems
    assert files_under(tmp_path) == []
    assert list(session.iterdir()) == []  # the staging folder is removed too


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    bomb = zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024  # 300 MB packed small: that is the point
    staged = stage_upload("bomb.zip", bomb, tmp_path)
    assert staged.refused
    messages = " ".join(problem.message for problem in staged.problems)
    assert "zip bomb" in messages and "unpacks to 300 MB" in messages
    assert files_under(tmp_path) == []


def test_a_zip_whose_headers_understate_its_size_is_stopped_while_unpacking(tmp_path):
    staged = stage_upload("liar.zip", lying_zip(), tmp_path)
    assert staged.refused, "a 2 MB entry declared as 1,000 bytes was unpacked"
    assert files_under(tmp_path) == []


def test_a_file_over_the_size_cap_is_refused_with_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 1000)
    staged = stage_upload("big.zip", small_dataset_zip(), tmp_path)
    assert staged.refused
    assert f"up to {MAX_UPLOAD_MB} MB" in staged.problems[0].message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("notes.pdf", b"%PDF", "not a .zip, .csv or .xlsx"),
        ("broken.zip", b"PK\x03\x04 not really a zip", "not a zip file"),
    ],
)
def test_a_file_that_is_not_a_dataset_is_refused(tmp_path, name, content, said):
    staged = stage_upload(name, content, tmp_path)
    assert staged.refused
    assert said in staged.problems[0].message
    assert list(tmp_path.iterdir()) == []


def test_rows_in_bad_encoding_or_tables_without_a_column_are_listed_by_file_row_column(tmp_path):
    events = table_csv("events").encode() + "bad,Caf\xe9 row,2020,,attack,,,,,c_one\n".encode(
        "latin-1"
    )
    out = io.StringIO()
    columns = [c for c in TABLES["actors"].columns if c != "description"]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(ROWS["actors"])
    actors = out.getvalue().encode()  # a table without its description column
    content = zip_of(
        {**{t.file: table_csv(n).encode() for n, t in TABLES.items()}, "events.csv": events}
        | {"actors.csv": actors}
    )
    staged = stage_upload("mixed.zip", content, tmp_path)
    assert not staged.refused, staged.problems
    found = {(p.file, p.row, p.column) for p in staged.problems}
    assert ("events.csv", 4, "title") in found  # the latin-1 byte sits in the title
    assert ("actors.csv", 1, "description") in found
    assert any("UTF-8" in p.message for p in staged.problems)


def test_a_csv_needs_the_importer_or_says_it_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(upload, "_importer", lambda: None)
    staged = stage_upload("acled.csv", b"event_id_cnty,event_date\n", tmp_path)
    assert staged.refused
    assert "cannot be imported on this server yet" in staged.problems[0].message
    assert list(tmp_path.iterdir()) == []


def test_the_session_folder_goes_when_the_session_state_does():
    folder = upload._SessionFolder()
    path = folder.path
    assert path.is_dir() and path.name.startswith(upload.TEMP_PREFIX)
    assert path.is_relative_to(Path(tempfile.gettempdir()))
    assert not path.resolve().is_relative_to(REPO_ROOT.resolve())
    del folder
    gc.collect()
    assert not path.exists()


# -- the app -----------------------------------------------------------------------------------


@pytest.fixture
def session_tmp(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder for this test: every upload must land under it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def new_session() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=90).run()


def on_your_data(app: AppTest) -> AppTest:
    app.switch_page("pages/your_data.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def upload_file(app: AppTest, name: str, content: bytes) -> AppTest:
    app.get("file_uploader")[0].upload(name, content, "application/zip")
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def actor_options(app: AppTest) -> list[str]:
    return list(app.sidebar.multiselect(key="actor").options)  # the names shown


def test_the_page_says_what_is_accepted_and_the_size_cap():
    app = on_your_data(new_session())
    text = " ".join(m.value for m in app.markdown)
    assert ".zip" in text and "events.csv" in text and "geo/admin1.geojson" in text
    assert f"{MAX_UPLOAD_MB} MB" in text
    [uploader] = app.get("file_uploader")
    assert set(uploader.allowed_type) >= {".zip", ".csv", ".xlsx"}


def test_an_upload_switches_this_session_only_and_back_restores_it(session_tmp):
    data_before = mtimes(DATA_DIR)
    reader = on_your_data(new_session())
    other = new_session()
    curated = metrics(other)

    upload_file(reader, "mine.zip", small_dataset_zip())
    assert not reader.error, [e.value for e in reader.error]
    reader.button(key="use_imported").click().run()
    assert any("mine" in s.value for s in reader.success)

    reader.switch_page("pages/overview.py").run()
    assert not reader.exception, [e.message for e in reader.exception]
    assert metrics(reader)["Actors"] == "2" and metrics(reader)["Events"] == "2"
    assert ACTOR in actor_options(reader)
    assert any("Showing your data" in m.value for m in reader.markdown)
    reader.switch_page("pages/evidence.py").run()
    assert not reader.exception, [e.message for e in reader.exception]
    assert any("1 of 1 sources" in c.value for c in reader.caption)

    # The other reader, on the same server process, still sees the curated data.
    other.run()
    assert metrics(other) == curated
    assert ACTOR not in actor_options(other)
    assert not any("Showing your data" in m.value for m in other.markdown)

    # The upload sits in this session's temporary folder, never under the repository, and
    # is never copied to the snapshots of loads that outlive sessions.
    [folder] = session_tmp.iterdir()
    assert folder.name.startswith(upload.TEMP_PREFIX)
    assert any(path.name == "actors.csv" for path in files_under(folder))
    imported = next(path.parent for path in files_under(folder) if path.name == "actors.csv")
    assert snapshot_key(imported) not in {p.name for p in snapshot_store().glob("*")}

    reader.button(key="back_to_curated").click().run()
    reader.switch_page("pages/overview.py").run()
    assert metrics(reader) == curated
    assert ACTOR not in actor_options(reader)
    assert not _has_key(reader, "back_to_curated")
    assert mtimes(DATA_DIR) == data_before
    assert files_under(session_tmp) == []  # Back removed the imported copy


def _has_key(app: AppTest, key: str) -> bool:
    return any(button.key == key for button in app.button)


def test_back_is_offered_only_while_imported_data_is_shown(session_tmp):
    app = new_session()
    assert not _has_key(app, "back_to_curated")
    upload_file(on_your_data(app), "mine.zip", small_dataset_zip())
    app.button(key="use_imported").click().run()
    assert _has_key(app, "back_to_curated")
    app.button(key="back_to_curated").click().run()
    assert not _has_key(app, "back_to_curated")


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("traversal.zip", zip_of({"../evil.csv": b"x", "events.csv": b"a"}), "outside"),
        ("link.zip", zip_of({symlink_entry("events.csv"): b"/etc/passwd"}), "symbolic link"),
        ("bomb.zip", zip_bomb(), "zip bomb"),
    ],
)
def test_a_bad_zip_gets_a_clear_message_and_writes_nothing(session_tmp, name, content, said):
    data_before = mtimes(DATA_DIR)
    app = upload_file(on_your_data(new_session()), name, content)
    assert any("was not used" in e.value for e in app.error)
    shown = [
        m for frame in app.dataframe if "message" in frame.value for m in frame.value["message"]
    ]
    assert any(said in message for message in shown), shown
    assert not _has_key(app, "use_imported")
    assert files_under(session_tmp) == []
    assert not (REPO_ROOT / "evil.csv").exists() and not (REPO_ROOT.parent / "evil.csv").exists()
    assert mtimes(DATA_DIR) == data_before
    app.switch_page("pages/overview.py").run()
    assert not app.exception and int(metrics(app)["Actors"]) > 2  # still the curated data


def test_pages_that_look_for_the_article_run_on_data_without_one(session_tmp):
    app = new_session()
    upload_file(on_your_data(app), "mine.zip", small_dataset_zip())
    app.button(key="use_imported").click().run()
    for page in ("overview", "brief", "casualties", "evidence", "timeline", "relationships",
                 "fault_map"):  # fmt: skip
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, (page, [e.message for e in app.exception])
        assert not app.error, (page, [e.value for e in app.error])


def test_a_vanished_upload_folder_falls_back_to_the_curated_data(session_tmp):
    import shutil

    app = new_session()
    curated = metrics(app)
    upload_file(on_your_data(app), "mine.zip", small_dataset_zip())
    app.button(key="use_imported").click().run()
    for folder in session_tmp.iterdir():
        shutil.rmtree(folder)  # as a system cleaning its temporary files would
    app.switch_page("pages/overview.py").run()
    assert not app.exception
    assert metrics(app) == curated


# -- ACLED and UCDP files, through the importer (dashboard.model.formats) -----------------

needs_importer = pytest.mark.skipif(
    not upload.importer_available(), reason="dashboard.model.formats is not there yet"
)


def acled_bytes(events: int, *, excel: bool = False) -> bytes:
    from dashboard.model.synthetic import generate_acled

    frame = generate_acled(events, seed=3)
    buffer = io.BytesIO()
    if excel:
        frame.to_excel(buffer, index=False)
    else:
        frame.to_csv(buffer, index=False)
    return buffer.getvalue()


@needs_importer
@pytest.mark.parametrize("excel", [False, True], ids=["csv", "xlsx"])
def test_an_acled_export_is_imported_inside_the_session_folder(tmp_path, excel):
    name = "acled-export.xlsx" if excel else "acled-export.csv"
    staged = stage_upload(name, acled_bytes(40, excel=excel), tmp_path)
    assert not staged.refused, staged.problems
    assert staged.directory.is_relative_to(tmp_path)
    assert staged.counts["events"] == 40
    assert name in staged.summary and "upload" not in staged.summary
    assert [p.name[:7] for p in tmp_path.iterdir()] == ["staged-"]
    assert not list(tmp_path.rglob("upload.*"))  # the raw copy is not kept


@needs_importer
def test_a_csv_that_is_neither_acled_nor_ucdp_is_refused_with_what_it_reads(tmp_path):
    staged = stage_upload("budget.csv", b"year,amount\n2020,5\n", tmp_path)
    assert staged.refused
    message = staged.problems[0].message
    assert "neither an ACLED export" in message and "budget.csv" in message
    assert list(tmp_path.iterdir()) == []


@needs_importer
def test_an_acled_upload_switches_the_session_and_says_what_was_mapped(session_tmp):
    app = new_session()
    app = on_your_data(app)
    app.get("file_uploader")[0].upload("acled-export.csv", acled_bytes(60), "text/csv")
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert any(e.label.startswith("What the import did") for e in app.expander)
    assert any("ACLED file acled-export.csv" in t.value for t in app.text)
    app.button(key="use_imported").click().run()
    app.switch_page("pages/overview.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert metrics(app)["Events"] == "60"
    app.switch_page("pages/fault_map.py").run()  # the curated boundaries came with it
    assert not app.exception, [e.message for e in app.exception]
    assert not any("No map" in i.value for i in app.info)


@pytest.mark.parametrize(
    ("content", "said"),
    [(zip_bomb(), "zip bomb"), (b"not a workbook", "not an Excel workbook")],
    ids=["bomb", "not-a-zip"],
)
def test_a_workbook_that_would_unpack_a_bomb_is_refused_before_it_is_opened(
    tmp_path, monkeypatch, content, said
):
    opened = []
    importer = SimpleNamespace(
        import_file=lambda path, **_: opened.append(path),
        write_dataset=lambda *_, **__: None,
        ImportFormatError=ValueError,
    )
    monkeypatch.setattr(upload, "_importer", lambda: importer)
    staged = stage_upload("book.xlsx", content, tmp_path)
    assert staged.refused and said in staged.problems[0].message
    assert opened == []  # the importer is never handed the file
    assert list(tmp_path.iterdir()) == []
