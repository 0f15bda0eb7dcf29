"""Limits on worker processes: a memory ceiling each, and death with their parent.

* ``--max-memory`` bounds the memory a worker holds (its resident set).  It is enforced
  with ``RLIMIT_AS``: a worker may map the ceiling plus what it had reserved but not
  touched when it was forked (thread stacks and malloc arenas inherited from the parent),
  so what it can fill with data never passes the ceiling.  A paper that needs more
  fails alone: Python raises MemoryError, a C library aborts the worker; either way the
  parent fails that paper with "out of memory: ..." and starts a fresh worker.
* A worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on
  Linux; elsewhere a thread watches the parent's process id), so ``kill -9`` of a run
  never leaves workers holding the database or the output pipe.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

from pipeline.errors import PapertrailError, size_text

MiB = 1 << 20
GiB = 1 << 30
FLOOR = 512 * MiB  # below this a worker cannot hold its language pipeline and a paper
CAP = 2 * GiB  # no council paper needs more; a worker that wants more is being fed a bomb
START_MARGIN = 128 * MiB  # what a ceiling must leave above a freshly started worker


class BadMemorySize(PapertrailError):
    code = "E403"


def parse_size(text: str) -> int:
    """``"2G"``, ``"1.5GB"``, ``"800M"``, ``"512MiB"`` -> bytes (binary units); ``"none"``
    or ``"0"`` -> 0 (no ceiling).  BadMemorySize for anything else."""
    value = text.strip().lower().replace(" ", "")
    if value in {"0", "none", "off", "unlimited"}:
        return 0
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kmgt])(?:i?b)?", value)
    if not match:
        raise BadMemorySize(f"{text!r} is not a memory size: give one such as 800M or 2G (or none)")
    scale = {"k": 1 << 10, "m": MiB, "g": GiB, "t": 1 << 40}[match.group(2)]
    return int(float(match.group(1)) * scale)


def physical_memory() -> int:
    """Bytes of memory this machine (or its container's cgroup) allows, 0 if unknown."""
    total = 0
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        pass
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < (total or 1 << 62):
            total = int(text)
    return total


def default_memory_ceiling(workers: int) -> int:
    """Each worker's share of 80% of the machine's memory, the parent counted as one more:
    at least 512 MB, at most 2 GB."""
    total = physical_memory()
    if not total:
        return CAP
    share = int(total * 0.8) // (max(1, workers) + 1)
    return max(FLOOR, min(CAP, share))


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes (0 if unknown)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def check_ceiling(ceiling: int) -> None:
    """BadMemorySize when ``ceiling`` leaves a worker no room to read a paper (a worker
    starts holding what this process, which it is forked from, holds)."""
    needed = _status("VmRSS") + START_MARGIN
    if ceiling and ceiling < needed:
        raise BadMemorySize(
            f"--max-memory {size_text(ceiling)} is less than a worker needs to start and read a "
            f"paper (about {size_text(needed)}): give more, or none"
        )


def apply_memory_ceiling(ceiling: int) -> None:
    """Limit this (freshly forked) process so that it cannot hold more than ``ceiling``
    bytes: its address space may grow by the ceiling less what it already holds (0: no
    limit)."""
    if not ceiling:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    mapped, held = _status("VmSize"), _status("VmRSS")
    if not mapped:  # no /proc: the ceiling on the whole address space
        mapped = held = 0
    # less a margin for reserved pages it may still touch (malloc's free lists)
    limit = ceiling - min(64 * MiB, ceiling // 16) + max(0, mapped - held)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def peak_resident(rusage_maxrss: int) -> int:
    """``ru_maxrss`` in bytes (Linux counts kilobytes, macOS bytes)."""
    return rusage_maxrss if sys.platform == "darwin" else rusage_maxrss * 1024


PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Make this (forked) process die when ``parent_pid`` does, even by ``kill -9``."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent_pid:  # the parent died before the request
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:  # elsewhere: an orphan is re-parented, so its parent id changes
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="papertrail-parent-watch", daemon=True).start()
