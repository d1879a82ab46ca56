"""The C heap (glibc's malloc) under a server that redraws pages of a million rows.

Every filter change at a million events allocates, and then frees, some 100 MB of working
arrays: masks, positions, the columns a view reads. What the heap does with the freed
memory decides what the next filter change pays:

- handed back to the system (glibc does so on its own for blocks over its mmap threshold,
  for a heap's free top over its trim threshold, and malloc_trim does it for all), the
  next change gets it again one page fault at a time, each 4 KB page zeroed by the
  kernel: 14,000 faults and 20-50 ms of system time per Overview redraw;
- kept, it is reused at no cost, and the process's resident size stays at its working
  set instead of dropping between redraws.

glibc's defaults are made for short programs. A long-lived server is better served by
keeping its working memory (at a million events the server stays under its 1.5 GB
target; see benchmarks/million_server.py), and by one arena: each thread that allocates
gets a heap of its own by default, and Streamlit runs every page in a new thread, so the
memory one redraw freed sat in another heap than the next redraw's. The interpreter lock
already serialises the Python that allocates, so one arena costs no waiting worth
measuring.

Loads still give back what they freed (give_back_freed_memory): a load's parse buffers
are not a working set that comes back.
"""

from __future__ import annotations

import ctypes
import ctypes.util

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

# Blocks up to this size come from the heap (and are reused), not from a mapping of their
# own that is unmapped when freed: 32 MB, glibc's own ceiling, holds a million-row column
# of 8-byte values or two million links of them (its default starts at 128 KB and rises
# only as large blocks are freed).
REUSED_BLOCKS_UP_TO = 32 << 20
# Free memory at the top of a heap is kept up to this much: a redraw's working arrays
# at a million events. More is handed back as it is freed.
KEPT_FREE_UP_TO = 256 << 20

try:  # glibc, where there is one (Linux)
    _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _MALLOPT, _MALLOC_TRIM = _LIBC.mallopt, _LIBC.malloc_trim
except (OSError, AttributeError):
    _MALLOPT = _MALLOC_TRIM = None


def keep_working_memory() -> bool:
    """Set the heap up for a long-lived server (see the module's docstring): one arena,
    blocks up to REUSED_BLOCKS_UP_TO from the heap, KEPT_FREE_UP_TO of free memory kept.
    Call it first thing, before threads start (a thread that allocated keeps its arena).
    False where there is no glibc to tell (nothing changes then)."""
    if _MALLOPT is None:
        return False
    settings = (
        (M_ARENA_MAX, 1),
        (M_MMAP_THRESHOLD, REUSED_BLOCKS_UP_TO),
        (M_TRIM_THRESHOLD, KEPT_FREE_UP_TO),
    )
    # mallopt answers 1 when it took a setting
    return all(_MALLOPT(parameter, value) == 1 for parameter, value in settings)


def trim() -> None:
    """Hand the heap's free memory back to the system (malloc_trim), where there is glibc."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
