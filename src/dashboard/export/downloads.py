"""What the app offers as downloads: file names that say what they hold and which filters
made them, and every table in view in one zip."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

from dashboard.analysis.filters import Filters
from dashboard.export.tables import safe_csv_bytes
from dashboard.model.load import Dataset
from dashboard.model.schema import TABLES

APP_SLUG = "fault-lines"
# A name with many actors would not fit a file system's limit: after this many, "+N more".
_MAX_IDS_IN_NAME = 3
# A zip entry's fixed date (the DOS epoch), so the same tables always make the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _slug(text: str) -> str:
    """text as a file-name part: letters, digits, '-' and '_' only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def _ids_part(kind: str, ids: tuple[str, ...]) -> str:
    shown = [_slug(i) for i in ids[:_MAX_IDS_IN_NAME]]
    more = len(ids) - len(shown)
    return f"{kind}-" + "-".join(shown) + (f"-and-{more}-more" if more else "")


def _day_or_year(day: date, *, end: bool) -> str:
    """A period bound as its year when it is the year's first (or, as an end, last) day."""
    whole_year = (day.month, day.day) == ((12, 31) if end else (1, 1))
    return str(day.year) if whole_year else day.isoformat()


def filters_part(filters: Filters) -> str:
    """The filters in a file name: 'country-IRQ_2011-2014'; '' when nothing is filtered."""
    parts = []
    if filters.countries:
        parts.append(_ids_part("country", filters.countries))
    if filters.actors:
        parts.append(_ids_part("actor", filters.actors))
    if filters.sects:
        parts.append(_ids_part("sect", filters.sects))
    if filters.start or filters.end:
        start = _day_or_year(filters.start, end=False) if filters.start else "start"
        end = _day_or_year(filters.end, end=True) if filters.end else "now"
        parts.append(start if start == end else f"{start}-{end}")
    if filters.include_after_publication:
        parts.append("with-hindsight")
    return "_".join(parts)


def download_name(what: str, filters: Filters, extension: str) -> str:
    """A download's file name: 'fault-lines_events_country-IRQ_2011-2014.csv'."""
    stem = "_".join(p for p in (APP_SLUG, _slug(what), filters_part(filters)) if p)
    return f"{stem}.{extension}"


def filters_text(filters: Filters) -> str:
    """The filters in words, one per line, for the README inside a zip."""
    period = (
        f"{filters.start.isoformat() if filters.start else 'the start'} to "
        f"{filters.end.isoformat() if filters.end else 'the end'}"
    )
    lines = [
        f"Period: {period}",
        f"Countries: {', '.join(filters.countries) or 'all'}",
        f"Actors: {', '.join(filters.actors) or 'all'}",
        f"Groups: {', '.join(filters.sects) or 'all'}",
        "After publication (hindsight): "
        + ("included" if filters.include_after_publication else "left out"),
    ]
    return "\n".join(lines)


def tables_zip(dataset: Dataset, filters: Filters) -> bytes:
    """Every table of dataset (the rows in view) as a defused CSV, with a README, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        readme = (
            "Fault Lines: the tables in view when this file was made, one CSV each.\n"
            "Cells a spreadsheet would run as formulas start with ' (kept as text).\n"
            "See data/README.md in the project for what every column means.\n\n"
            f"{filters_text(filters)}\n"
        )
        archive.writestr(zipfile.ZipInfo("README.txt", _ZIP_DATE), readme.encode("utf-8"))
        for name, spec in TABLES.items():
            frame = dataset.table(name)[spec.columns]
            info = zipfile.ZipInfo(download_name(name, filters, "csv"), _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, safe_csv_bytes(frame))
    return buffer.getvalue()
