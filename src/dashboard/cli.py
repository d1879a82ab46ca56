"""Command line of the dashboard.

``dashboard validate DIR``
    prints every problem of a dataset directory as ``file:row: column: message``, then (on
    stderr, without changing the exit status) a warning per high-reliability source whose link
    is a copy rather than the publisher's page or an archive (``model/citations.py``).
``dashboard import FORMAT FILE --out DIR``
    maps an ACLED export or a UCDP GED file (FORMAT acled, ucdp or auto) onto our tables in
    the new folder DIR, prints what was mapped, dropped and left out, then validates DIR.
``dashboard generate --events N --out FILE [--seed S]``
    writes N synthetic events as an ACLED export (for benchmarks and tests).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.model.citations import citation_warnings
from dashboard.model.load import DatasetDirectoryError, load_dataset

# Past this many events an import also writes each table as Parquet (DIR/columnar/), which
# reads many times faster than CSV for a large dataset.
COLUMNAR_FROM_EVENTS = 100_000
PROBLEMS_SHOWN = 100  # problems of an import printed one by one; the rest are counted


def validate(directory: str) -> int:
    """Print each problem as ``file:row: column: message``; return the exit status.

    Citation warnings follow on stderr, in the same form; they do not change the status.
    """
    try:
        dataset, problems = load_dataset(directory)
    except DatasetDirectoryError as error:
        print(error, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    warnings = citation_warnings(dataset)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rows = sum(len(dataset.table(name)) for name in dataset.table_names)
    tables = len(dataset.table_names)
    print(
        f"{len(problems)} problem(s) in {directory}; {rows} sound rows in {tables} tables; "
        f"{len(warnings)} citation warning(s)",
        file=sys.stderr,
    )
    return 1 if problems else 0


def import_command(format: str, file: str, out: str, *, boundaries: str | None = None) -> int:
    """Import file into the new folder out, print the report, validate; the exit status.

    0: imported and valid; 1: imported, but the output has problems; 2: nothing written
    (wrong format, unreadable file, or out already holds files).
    """
    from dashboard.model.formats import ImportFormatError, import_file, write_dataset

    out_dir = Path(out)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        print(f"{out_dir} already exists and is not empty: choose a new folder", file=sys.stderr)
        return 2
    geo = Path(boundaries) if boundaries else None
    try:
        tables, report = import_file(
            Path(file), format=None if format == "auto" else format, boundaries=geo
        )
        write_dataset(tables, out_dir, boundaries=geo)
    except (ImportFormatError, FileExistsError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 2
    print(report.summary())
    for problem in report.problems[:PROBLEMS_SHOWN]:
        print(problem)
    if len(report.problems) > PROBLEMS_SHOWN:
        print(f"... and {len(report.problems) - PROBLEMS_SHOWN:,} more problem(s)")
    if len(tables["events"]) > COLUMNAR_FROM_EVENTS:
        columnar = out_dir / "columnar"
        columnar.mkdir()
        for name, frame in tables.items():
            frame.to_parquet(columnar / f"{name}.parquet", index=False)
        print(f"Parquet copies of the tables in {columnar}")
    print(f"Wrote {out_dir}; validating it:")
    status = validate(str(out_dir))
    return status


def generate(events: int, out: str, *, seed: int = 0) -> int:
    """Write events synthetic ACLED rows to the new file out; the exit status."""
    path = Path(out)
    if path.exists():
        print(f"{path} already exists: choose a new file name", file=sys.stderr)
        return 2
    if events < 0:
        print("--events must be 0 or more", file=sys.stderr)
        return 2
    from dashboard.model.synthetic import write_acled_csv

    try:
        write_acled_csv(path, events, seed=seed)
    except BaseException:
        path.unlink(missing_ok=True)  # we made it: no half-written file left behind
        raise
    print(f"Wrote {events:,} synthetic ACLED events to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dashboard`` command."""
    parser = argparse.ArgumentParser(
        prog="dashboard", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a dataset directory")
    check.add_argument("directory", nargs="?", default="data")
    bring = commands.add_parser("import", help="import an ACLED or UCDP file as a dataset")
    bring.add_argument("format", choices=("acled", "ucdp", "auto"))
    bring.add_argument("file", help="the ACLED export or UCDP GED file (CSV or .xlsx)")
    bring.add_argument("--out", required=True, help="a new (or empty) folder to write")
    bring.add_argument(
        "--boundaries", help="folder with admin1.geojson and countries.geojson (default: data/geo)"
    )
    make = commands.add_parser("generate", help="write synthetic events as an ACLED export")
    make.add_argument("--events", type=int, required=True)
    make.add_argument("--out", required=True, help="the CSV file to write (must not exist)")
    make.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "import":
        return import_command(args.format, args.file, args.out, boundaries=args.boundaries)
    if args.command == "generate":
        return generate(args.events, args.out, seed=args.seed)
    return validate(args.directory)


if __name__ == "__main__":
    raise SystemExit(main())
