"""Your data: a reader's own file, checked, unpacked into their session's own temporary
folder and shown on every page of that session only (the curated data/ is never touched).

The checks and the unpacking (``stage_upload``) use no Streamlit, so tests call them with
bytes; the page and the notice on every page are the Streamlit half.
"""

from __future__ import annotations

import io
import re
import shutil
import stat
import tempfile
import weakref
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import streamlit as st

from dashboard.analysis.filters import filter_options
from dashboard.model.load import Dataset, DatasetDirectoryError
from dashboard.model.problems import Problem
from dashboard.model.schema import TABLES
from dashboard.ui.data import (
    IMPORTED_KEY,
    REPO_ROOT,
    ImportedData,
    default_data_dir,
    imported_data,
    load_cached,
)
from dashboard.ui.problems import problems_table
from dashboard.ui.text import escape_markdown

MAX_UPLOAD_MB = 200  # also server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_ZIP_FILES = 50
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Our CSVs pack 3-10 to 1; a stream of zeros packs 1000 to 1. Small entries are exempt:
# a short file of repeated text can pack well without being a bomb.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024
# A workbook (.xlsx) is a zip of XML parts that the importer's reader unpacks in memory.
MAX_WORKBOOK_PARTS = 1000
MAX_WORKBOOK_BYTES = 1024 * 1024 * 1024
TEMP_PREFIX = "fault-lines-upload-"
CHUNK = 64 * 1024

TABLE_FILES = tuple(table.file for table in TABLES.values())
GEO_FILES = ("geo/admin1.geojson", "geo/countries.geojson")
# Files a zip of a dataset folder often carries that are not data: left out, never written.
_SKIPPED_NAMES = re.compile(r"(^|/)(__MACOSX/.*|\.DS_Store|Thumbs\.db|[^/]*\.(md|txt))$", re.I)
_DRIVE = re.compile(r"^[A-Za-z]:")
_SYMLINK = 0o120000

# Per session (st.session_state).
_FOLDER_KEY = "fault_lines_upload_folder"
_STAGED_KEY = "fault_lines_upload_staged"
_UPLOADER_KEY = "your_data_file"
# The sidebar's filters name ids of one dataset: a new dataset starts from no filter.
_FILTER_KEYS = ("period", "period_preset", "period_from", "period_to", "country", "actor", "sect")


@dataclass(frozen=True)
class StagedData:
    """An upload checked and unpacked (directory set), or refused (directory None)."""

    file_name: str
    directory: Path | None
    problems: tuple[Problem, ...] = ()
    summary: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.directory is None


class UploadRefusedError(Exception):
    """The upload cannot be used at all; problems say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# -- the Streamlit-free half -------------------------------------------------------------------


def _refusal(file: str, message: str) -> Problem:
    return Problem(file, None, None, message)


def _size_of(content: bytes | BinaryIO) -> int:
    if isinstance(content, bytes | bytearray):
        return len(content)
    position = content.tell()
    size = content.seek(0, io.SEEK_END)
    content.seek(position)
    return size


def zip_member_problems(archive: zipfile.ZipFile, *, name: str) -> list[Problem]:
    """Everything that makes a zip unsafe or not ours, judged from its directory alone."""
    entries = archive.infolist()
    problems: list[Problem] = []
    if len(entries) > MAX_ZIP_FILES:
        return [_refusal(name, f"holds {len(entries)} entries; at most {MAX_ZIP_FILES} are read")]
    seen: set[str] = set()
    for entry in entries:
        member = entry.filename
        parts = PurePosixPath(member).parts
        if (
            member.startswith(("/", "\\"))
            or "\\" in member
            or _DRIVE.match(member)
            or ".." in parts
            or "\x00" in member
        ):
            problems.append(_refusal(member, "has a path that leads outside the zip's folder"))
            continue
        kind = stat.S_IFMT(entry.external_attr >> 16)
        if kind == _SYMLINK:
            problems.append(_refusal(member, "is a symbolic link: links are not unpacked"))
            continue
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            problems.append(_refusal(member, "is not a plain file or folder"))
            continue
        if entry.flag_bits & 0x1:
            problems.append(_refusal(member, "is encrypted: zip the files without a password"))
            continue
        if member.casefold() in seen:
            problems.append(_refusal(member, "appears twice in the zip"))
        seen.add(member.casefold())
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            problems.append(
                _refusal(
                    member,
                    f"unpacks {entry.file_size / max(entry.compress_size, 1):,.0f} times larger "
                    f"than it is packed (more than {MAX_RATIO} to 1): refused as a zip bomb",
                )
            )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED_BYTES:
        problems.append(
            _refusal(
                name,
                f"unpacks to {total / 1024 / 1024:,.0f} MB; at most "
                f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB are unpacked",
            )
        )
    if problems:
        return problems
    return _layout_problems(_data_members(entries), name=name)


def _data_members(entries: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    return [
        entry
        for entry in entries
        if not entry.is_dir() and not _SKIPPED_NAMES.search(entry.filename)
    ]


def _top_folder(members: list[zipfile.ZipInfo]) -> str:
    """'' when the tables sit at the top of the zip, else their one top folder ('data/')."""
    tops = {entry.filename.split("/", 1)[0] for entry in members}
    if len(tops) == 1 and all("/" in entry.filename for entry in members):
        (top,) = tops
        if top != "geo":
            return f"{top}/"
    return ""


def _layout_problems(members: list[zipfile.ZipInfo], *, name: str) -> list[Problem]:
    """Only our tables (at the top or in one top folder) and geo/ boundary files."""
    prefix = _top_folder(members)
    allowed = {*TABLE_FILES, *GEO_FILES}
    problems = [
        _refusal(
            entry.filename,
            "is not one of the dataset's files: a zip holds only the tables of the data "
            "dictionary (sources.csv, claims.csv, actors.csv, …) at its top or in one folder, "
            "and optionally geo/admin1.geojson and geo/countries.geojson",
        )
        for entry in members
        if entry.filename.removeprefix(prefix) not in allowed
    ]
    if not problems and not any(e.filename.removeprefix(prefix) in TABLE_FILES for e in members):
        problems.append(
            _refusal(name, f"holds none of the dataset's tables ({', '.join(TABLE_FILES)})")
        )
    return problems


def extract_zip(content: bytes | BinaryIO, target: Path, *, name: str) -> None:
    """Unpack a checked zip of our tables into target (an empty folder); raise UploadRefusedError.

    Sizes in a zip's directory are written by whoever made it, so each file is streamed
    with a byte budget: a file that unpacks to more than it declared is refused mid-way.
    """
    stream = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    try:
        with zipfile.ZipFile(stream) as archive:
            problems = zip_member_problems(archive, name=name)
            if problems:
                raise UploadRefusedError(problems)
            members = _data_members(archive.infolist())
            prefix = _top_folder(members)
            budget = MAX_UNPACKED_BYTES
            for entry in members:
                budget -= _unpack(
                    archive, entry, target / entry.filename.removeprefix(prefix), budget
                )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as error:
        raise UploadRefusedError(
            [_refusal(name, f"is not a zip file that can be read ({error})")]
        ) from None


def _unpack(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, path: Path, budget: int) -> int:
    """Stream one entry to path, refusing it past its declared size or the budget left."""
    limit = min(entry.file_size, budget)
    path.parent.mkdir(exist_ok=True)  # only target itself or target/geo: names were checked
    written = 0
    with archive.open(entry) as source, path.open("xb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise UploadRefusedError(
                    [
                        _refusal(
                            entry.filename,
                            "unpacks to more than its zip entry declares or than the "
                            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB allowed: refused",
                        )
                    ]
                )
            out.write(chunk)
    return written


def _importer():
    """The ACLED / UCDP importer (dashboard.model.formats), or None while it is not there."""
    try:
        from dashboard.model import formats
    except ImportError:
        return None
    # While the package is being written, its folder alone imports as an empty namespace.
    needed = ("import_file", "write_dataset", "ImportFormatError")
    return formats if all(hasattr(formats, name) for name in needed) else None


def importer_available() -> bool:
    """Whether this server can import ACLED and UCDP files."""
    return _importer() is not None


def workbook_problems(content: bytes | BinaryIO, *, name: str) -> list[Problem]:
    """What makes an .xlsx unsafe to open, judged from its zip directory.

    The reader stops each part at the size its directory declares (zipfile's own check), so
    the declared sizes bound what opening the workbook unpacks.
    """
    stream = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    try:
        with zipfile.ZipFile(stream) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return [_refusal(name, "is not an Excel workbook (.xlsx) that can be read")]
    finally:
        stream.seek(0)
    if len(parts) > MAX_WORKBOOK_PARTS:
        return [_refusal(name, f"holds {len(parts)} parts: not an ordinary workbook")]
    total = sum(part.file_size for part in parts)
    packed = max(sum(part.compress_size for part in parts), 1)
    if total > MAX_WORKBOOK_BYTES or (total > RATIO_FLOOR_BYTES and total > MAX_RATIO * packed):
        return [
            _refusal(
                name,
                f"unpacks to {total / 1024 / 1024:,.0f} MB from {packed / 1024 / 1024:,.1f} MB: "
                "refused as a zip bomb (save it as CSV UTF-8 if it is real data)",
            )
        ]
    return []


def _import_table_file(
    content: bytes | BinaryIO, staging: Path, *, name: str, suffix: str
) -> tuple[Path, list[Problem], str]:
    """An ACLED or UCDP file turned into our tables in staging/dataset."""
    formats = _importer()
    if formats is None:
        raise UploadRefusedError(
            [
                _refusal(
                    name,
                    "ACLED and UCDP files cannot be imported on this server yet: upload a .zip "
                    "of the dataset's own tables instead",
                )
            ]
        )
    if suffix == ".xlsx" and (problems := workbook_problems(content, name=name)):
        raise UploadRefusedError(problems)
    # The reader's file name never becomes a path: only the extension is kept.
    raw = staging / f"upload{suffix}"
    with raw.open("xb") as out:
        if isinstance(content, bytes | bytearray):
            out.write(content)
        else:
            content.seek(0)
            shutil.copyfileobj(content, out, CHUNK)
    dataset_dir = staging / "dataset"
    try:
        tables, report = formats.import_file(raw)
        formats.write_dataset(tables, dataset_dir)
    except (formats.ImportFormatError, ValueError) as error:
        message = str(error).replace(raw.name, name)
        raise UploadRefusedError([_refusal(name, message)]) from None
    except Exception as error:  # a fault of the importer, not of the reader
        # Whatever an odd file trips in the importer, the reader gets a message and the
        # app keeps running; the kind of error is enough for a report.
        message = f"could not be imported ({type(error).__name__}): please report this file"
        raise UploadRefusedError([_refusal(name, message)]) from None
    finally:
        raw.unlink(missing_ok=True)
    problems = [
        Problem(name if p.file == raw.name else p.file, p.row, p.column, p.message)
        for p in report.problems
    ]
    return dataset_dir, problems, report.summary().replace(f"file {raw.name}", f"file {name}")


def stage_upload(
    name: str,
    content: bytes | BinaryIO,
    session_dir: Path,
    *,
    load: Callable[[Path], tuple[Dataset, list[Problem]]] | None = None,
) -> StagedData:
    """Check an uploaded file and unpack or import it into a new folder of session_dir.

    A zip of our tables is checked before anything is unpacked; an ACLED or UCDP file
    goes through the importer. The result is loaded (with load, the app's cached loader)
    so the reader sees its problems and counts before switching to it. Nothing is written
    outside session_dir; a refused upload leaves nothing behind.
    """
    load = load or _plain_load
    suffix = PurePosixPath(name).suffix.casefold()
    size = _size_of(content)
    if size > MAX_UPLOAD_BYTES:
        return StagedData(
            name,
            None,
            (
                _refusal(
                    name,
                    f"is {size / 1024 / 1024:,.0f} MB; files up to {MAX_UPLOAD_MB} MB are accepted",
                ),
            ),
        )
    if suffix not in (".zip", ".csv", ".xlsx"):
        return StagedData(name, None, (_refusal(name, "is not a .zip, .csv or .xlsx file"),))
    session_dir = Path(session_dir)
    staging = Path(tempfile.mkdtemp(prefix="staged-", dir=session_dir))
    try:
        summary = ""
        problems: list[Problem] = []
        if suffix == ".zip":
            directory = staging / "dataset"
            directory.mkdir()
            extract_zip(content, directory, name=name)
        else:
            directory, problems, summary = _import_table_file(
                content, staging, name=name, suffix=suffix
            )
        dataset, load_problems = load(directory)
    except UploadRefusedError as refused:
        shutil.rmtree(staging, ignore_errors=True)
        return StagedData(name, None, tuple(refused.problems))
    except (DatasetDirectoryError, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        return StagedData(name, None, (_refusal(name, f"could not be unpacked: {error}"),))
    counts = {table: len(dataset.table(table)) for table in dataset.table_names}
    if not counts.get("events") and not counts.get("actors"):
        shutil.rmtree(staging, ignore_errors=True)
        no_rows = _refusal(name, "has no event or actor that passed the checks: nothing to show")
        return StagedData(name, None, (no_rows, *load_problems))
    return StagedData(name, directory, (*problems, *load_problems), summary, counts)


def _plain_load(directory: Path) -> tuple[Dataset, list[Problem]]:
    from dashboard.model.load import load_dataset

    return load_dataset(directory)


_ONE = {"discrepancies": "discrepancy", "control_areas": "control area"}


def counts_line(counts: dict[str, int]) -> str:
    """'12 events, 1 actor, …' for the tables that have rows."""
    shown = [
        f"{count:,} "
        + (_ONE.get(table, table.removesuffix("s")) if count == 1 else table.replace("_", " "))
        for table, count in counts.items()
        if count
    ]
    return ", ".join(shown)


# -- the Streamlit half ------------------------------------------------------------------------


class _SessionFolder:
    """The session's own temporary folder, removed when the session's state is dropped."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        # Under the system's temporary folder, never the repository: refuse otherwise.
        if self.path.resolve().is_relative_to(REPO_ROOT.resolve()):
            shutil.rmtree(self.path, ignore_errors=True)
            raise RuntimeError("the temporary folder is inside the repository: not used")
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)


def session_folder() -> Path:
    """This session's temporary folder for uploads (made on first use)."""
    folder = st.session_state.get(_FOLDER_KEY)
    if not isinstance(folder, _SessionFolder) or not folder.path.is_dir():
        folder = _SessionFolder()
        st.session_state[_FOLDER_KEY] = folder
    return folder.path


def _forget_filters(directory: Path) -> None:
    """Start the sidebar afresh on the dataset in directory (its ids and dates differ).

    Popping a widget's state is not enough: the browser keeps the slider's last value and
    sends it back with the next rerun (the curated 1941-2020 then clamps to the new data).
    Values set here are sent to the browser, so the period is set to the new data's whole
    span; the pickers follow the cleared link themselves.
    """
    st.query_params.clear()
    for key in _FILTER_KEYS:
        st.session_state.pop(key, None)
    try:
        dataset, _ = load_cached(directory)
    except (DatasetDirectoryError, OSError):
        return  # the page says what is wrong with the folder on this very rerun
    options = filter_options(dataset)
    st.session_state["period"] = (options.first_day, options.last_day)
    st.session_state["period_from"] = options.first_day
    st.session_state["period_to"] = options.last_day


def _remove(directory: Path | None) -> None:
    """Remove a staged folder (the parent of its dataset/), only inside the session folder."""
    if directory is None:
        return
    folder = st.session_state.get(_FOLDER_KEY)
    staging = directory.parent
    if isinstance(folder, _SessionFolder) and staging.parent == folder.path:
        shutil.rmtree(staging, ignore_errors=True)


def use_imported(staged: StagedData) -> None:
    """Switch this session to staged (a button's callback)."""
    previous = imported_data()
    st.session_state[IMPORTED_KEY] = ImportedData(
        staged.directory, staged.file_name, datetime.now(), counts_line(staged.counts)
    )
    if previous and previous.directory != staged.directory:
        _remove(previous.directory)
    _forget_filters(staged.directory)


def use_curated() -> None:
    """Back to the curated data, for this session only (a button's callback)."""
    previous = imported_data()
    st.session_state.pop(IMPORTED_KEY, None)
    # The copy goes: a file still in the uploader is checked again if the reader asks.
    st.session_state.pop(_STAGED_KEY, None)
    if previous:
        _remove(previous.directory)
    _forget_filters(default_data_dir())


# The Brief's presentation mode pulls the page up under Streamlit's header, which would hide
# the notice: there (only), it keeps clear of the header. Constant CSS of our own.
_NOTICE_CSS = (
    "<style>[data-testid='stMainBlockContainer']:has(.st-key-brief_heading) "
    ".st-key-imported_notice{margin-top:2.4rem}</style>"
)


def imported_data_notice() -> None:
    """At the top of every page while this session shows imported data: which, and the way
    back. Nothing otherwise."""
    chosen = imported_data()
    if chosen is None:
        return
    st.html(_NOTICE_CSS)
    with st.container(
        horizontal=True, vertical_alignment="center", gap="medium", key="imported_notice"
    ):
        st.markdown(
            f":material/upload_file: **Showing your data:** {escape_markdown(chosen.file_name)}, "
            f"imported {chosen.imported_at:%d %b %H:%M}, for you only.",
            width="content",
        )
        st.button(
            "Back to the curated data",
            key="back_to_curated",
            icon=":material/undo:",
            type="tertiary",
            on_click=use_curated,
        )


def _staged(upload) -> StagedData:
    """The upload checked once (a rerun reuses the result for the same file)."""
    kept = st.session_state.get(_STAGED_KEY)
    if kept and kept[0] == upload.file_id:
        return kept[1]
    if kept and not (imported_data() and imported_data().directory == kept[1].directory):
        _remove(kept[1].directory)
    with st.spinner("Checking your file…"):
        staged = stage_upload(upload.name, upload, session_folder(), load=_cached_load)
    st.session_state[_STAGED_KEY] = (upload.file_id, staged)
    return staged


def _cached_load(directory: Path) -> tuple[Dataset, list[Problem]]:
    return load_cached(directory)


def _accepted_text() -> str:
    formats = (
        "- **An ACLED export or a UCDP GED file** (.csv or .xlsx): turned into the tables "
        "above; what is mapped and what is left out is listed after the import."
        if importer_available()
        else "- ACLED and UCDP files (.csv, .xlsx): not on this server yet."
    )
    return (
        "- **A .zip of the dataset's own tables**: the CSV files of the data dictionary "
        f"({', '.join(TABLE_FILES)}), at the top of the zip or in one folder, and optionally "
        "geo/admin1.geojson and geo/countries.geojson for the map. A missing table is "
        "reported and read as empty.\n"
        f"{formats}\n"
        f"- Up to **{MAX_UPLOAD_MB} MB** a file; a zip of at most {MAX_ZIP_FILES} files and "
        f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB unpacked. Text must be UTF-8."
    )


def your_data_page() -> None:
    """The Your data page: what is accepted, the upload, its check, and the switch."""
    st.title("Your data")
    st.caption(
        "Look at your own data with every page of the dashboard. The file is checked and "
        "kept in a temporary folder for your session only: the curated data and other "
        "readers are not affected. Back to the curated data returns you to it, and so does "
        "reloading the page or opening a link (your data lives in this browser tab only)."
    )
    chosen = imported_data()
    if chosen:
        st.success(
            f"Every page now shows **{escape_markdown(chosen.file_name)}** "
            f"({escape_markdown(chosen.summary)}), imported {chosen.imported_at:%H:%M}.",
            icon=":material/check_circle:",
        )
        st.page_link("pages/overview.py", label="Open the Overview", icon=":material/dashboard:")
    st.markdown(_accepted_text())
    upload = st.file_uploader(
        f"Upload a dataset (.zip, .csv or .xlsx, up to {MAX_UPLOAD_MB} MB)",
        type=["zip", "csv", "xlsx"],
        key=_UPLOADER_KEY,
        max_upload_size=MAX_UPLOAD_MB,
    )
    if upload is None:
        return
    staged = _staged(upload)
    name = escape_markdown(staged.file_name)
    if staged.refused:
        st.error(
            f"**{name} was not used.** Nothing was changed; fix what is listed and upload "
            "it again.",
            icon=":material/block:",
        )
        problems_table(list(staged.problems), key="upload_problems")
        return
    in_use = chosen is not None and chosen.directory == staged.directory
    line = escape_markdown(counts_line(staged.counts))
    if staged.summary:
        with st.expander("What the import did: columns mapped, rows left out"):
            st.text(staged.summary)  # the importer's own lines, as plain text
    if in_use and not staged.problems:
        return  # the success line above says it all
    if staged.problems:
        st.warning(
            f"**{name}**: {line}. {len(staged.problems)} problem(s): rows with problems are "
            "left out (listed below).",
            icon=":material/warning:",
        )
    else:
        st.info(f"**{name}**: {line}. Every table passed every check.", icon=":material/task_alt:")
    if not in_use:
        st.button(
            "Show this data on every page",
            key="use_imported",
            type="primary",
            icon=":material/swap_horiz:",
            on_click=use_imported,
            args=(staged,),
        )
    if staged.problems:
        problems_table(list(staged.problems), key="upload_problems")
