"""Print JSON: the time to generate synthetic ACLED-form events as a DataFrame and to write
them as a CSV (dashboard.model.synthetic), with the file's size and the peak memory.

Run with `.venv/bin/python benchmarks/generate.py [--events N] [--seed S] [--out FILE]`.
Each step runs once. The places, actors and sources that both share are built first and
reported apart ("world_s"), as every later call with the same seed reuses them. Without
--out the CSV goes to a temporary file that is removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from dashboard.model import synthetic  # noqa: E402


def _peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def world_seconds(seed: int) -> float:
    """Build the places, actors and sources that every chunk draws from."""
    started = time.perf_counter()
    synthetic._world(seed, synthetic.DEFAULT_DATA_DIR.resolve())
    return round(time.perf_counter() - started, 3)


def write_times(events: int, seed: int, out: Path) -> dict:
    started = time.perf_counter()
    synthetic.write_acled_csv(out, events, seed=seed)
    seconds = time.perf_counter() - started
    size = out.stat().st_size
    return {
        "seconds": round(seconds, 3),
        "rows_per_s": round(events / seconds) if seconds else None,
        "bytes": size,
        "mb": round(size / 1e6, 1),
        "peak_rss_mb": _peak_rss_mb(),
    }


def generate_times(events: int, seed: int) -> dict:
    started = time.perf_counter()
    frame = synthetic.generate_acled(events, seed=seed)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "rows_per_s": round(events / seconds) if seconds else None,
        "frame_mb": round(frame.memory_usage(deep=True).sum() / 1e6, 1),
        "distinct_locations": int(frame.groupby(["country", "location"]).ngroups),
        "distinct_actor1": int(frame["actor1"].nunique()),
        "peak_rss_mb": _peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="keep the CSV here (default: a temp file)")
    args = parser.parse_args()
    result = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "events": args.events,
        "chunk_rows": synthetic.CHUNK_ROWS,
        "world_s": world_seconds(args.seed),
    }
    # The CSV first: its peak memory is then the chunked writer's, not the whole frame's.
    if args.out:
        result["write_acled_csv"] = write_times(args.events, args.seed, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result["write_acled_csv"] = write_times(args.events, args.seed, Path(tmp) / "e.csv")
    result["generate_acled"] = generate_times(args.events, args.seed)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
