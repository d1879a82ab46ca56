"""Print JSON: the instructions a view's filter change executes, counted by callgrind.

    .venv/bin/python benchmarks/instructions.py --data DIR --view network
        [--country SYR | --actor ID | --year 2018] [--runs 2]

Milliseconds on these shared two-core machines move by a third from one minute to the
next (other tenants take the CPU): a change worth 5 % cannot be seen in them without many
interleaved runs. Instructions do not move: two runs of the same view count the same to
0.1 %. This runs itself under valgrind's callgrind, with the counting switched on only
around each filter change (a new cut of the data and the view computed on it, as
view_parts.py times them; the load and a first run are left out): --view is a name of
views.registry.VIEWS (overview is the Overview with its three small charts).

Needs valgrind and a C compiler (Debian: apt-get install valgrind gcc): the switches are
callgrind's client requests, compiled into a small library on the first run. About two
minutes at a million events (the load runs under valgrind too, without counting). An
instruction is not a millisecond (a cache miss costs more than an add), so this says
whether a change does less work; million_events.py says whether the target is met.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

SWITCHES = r"""
#include <valgrind/callgrind.h>
void start_instrumentation(void) { CALLGRIND_START_INSTRUMENTATION; }
void zero(void) { CALLGRIND_ZERO_STATS; }
void toggle_collection(void) { CALLGRIND_TOGGLE_COLLECT; }
void dump(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
"""


def switches(workdir: Path) -> Path:
    """The library of callgrind's switches, compiled into workdir."""
    source, library = workdir / "switches.c", workdir / "libswitches.so"
    source.write_text(SWITCHES)
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return library


def filters_of(args):
    from dashboard.analysis.filters import Filters

    if args.actor:
        return Filters(actors=(args.actor,))
    if args.year:
        return Filters(start=date(args.year, 1, 1), end=date(args.year, 12, 31))
    return Filters(countries=(args.country,))


def counted_runs(args) -> None:
    """Under callgrind: load, run once, then count each run (a dump per run)."""
    from dashboard.analysis.geography import map_geography
    from dashboard.model.boundaries import load_boundaries
    from dashboard.model.heap import keep_working_memory
    from dashboard.model.load import load_dataset
    from dashboard.views.base import ViewData
    from dashboard.views.registry import VIEWS, warm_up

    keep_working_memory()  # as the server does
    callgrind = ctypes.CDLL(str(args.switches))
    full, _problems = load_dataset(args.data)
    geography = map_geography(*load_boundaries(args.data / "geo"), full.regions)
    warm_up(full)
    spec, filters = VIEWS[args.view], filters_of(args)

    def filter_change() -> None:
        data = ViewData(full, filters, geography, "", (), known_names={})
        spec.function(data, spec.options())
        del data
        gc.collect()

    filter_change()  # per-dataset link tables, made once in a server's life
    gc.collect()
    gc.freeze()  # as the server does after its warm start
    callgrind.start_instrumentation()
    filter_change()  # valgrind translates the code it meets the first time: not counted
    for run in range(args.runs):
        callgrind.zero()
        callgrind.toggle_collection()
        filter_change()
        callgrind.toggle_collection()
        callgrind.dump(f"run {run}".encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a dataset folder")
    parser.add_argument("--view", default="overview", help="a name in views.registry.VIEWS")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--country", default="SYR")
    chosen.add_argument("--actor")
    chosen.add_argument("--year", type=int)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--counted", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--switches", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.counted:
        counted_runs(args)
        return
    missing = [tool for tool in ("valgrind", "gcc") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"needs {' and '.join(missing)} (Debian: apt-get install valgrind gcc)")
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no",
            f"--callgrind-out-file={work}/counts.%p", sys.executable, __file__, "--counted",
            f"--switches={switches(work)}", *sys.argv[1:],
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"the counted run failed:\n{done.stderr[-3000:]}")
        # Each dump is a file of its own (counts.PID.1, .2, ...) with its total.
        totals = [
            int(re.search(r"^summary: (\d+)", dump.read_text(), re.MULTILINE).group(1))
            for dump in sorted(work.glob("counts.*.*"), key=lambda p: int(p.suffix[1:]))
        ]
    print(
        json.dumps(
            {
                "data": str(args.data),
                "view": args.view,
                "filters": repr(filters_of(args)),
                "instructions_millions": [round(total / 1e6, 1) for total in totals],
                "median_millions": round(statistics.median(totals) / 1e6, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
