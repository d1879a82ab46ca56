"""Command line: ``dashboard validate DIR`` prints every problem of a dataset directory."""

from __future__ import annotations

import argparse
import sys

from dashboard.model.load import DatasetDirectoryError, load_dataset


def validate(directory: str) -> int:
    """Print each problem as ``file:row: column: message``; return the exit status."""
    try:
        dataset, problems = load_dataset(directory)
    except DatasetDirectoryError as error:
        print(error, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    rows = sum(len(dataset.table(name)) for name in dataset.table_names)
    tables = len(dataset.table_names)
    print(
        f"{len(problems)} problem(s) in {directory}; {rows} sound rows in {tables} tables",
        file=sys.stderr,
    )
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dashboard`` command."""
    parser = argparse.ArgumentParser(prog="dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a dataset directory")
    check.add_argument("directory", nargs="?", default="data")
    args = parser.parse_args(argv)
    return validate(args.directory)


if __name__ == "__main__":
    raise SystemExit(main())
