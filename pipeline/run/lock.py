"""One run at a time per output folder.

``OutputLock(out_dir)`` takes an exclusive ``flock`` on ``out_dir/.papertrail.lock``
without waiting: a second run on the same folder gets :class:`OutputBusy` (one line,
naming the process that holds it).  The kernel drops the lock when the holder exits, by
any means, so a lock left by a run that was killed is simply taken over; the file's
text (the last holder's process id) only serves the messages.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import TracebackType

from pipeline.errors import OutputBusy, OutputError, describe_os_error, printable

log = logging.getLogger("papertrail")

LOCK_NAME = ".papertrail.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputLock:
    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_NAME
        self.out_dir = out_dir
        self.fd: int | None = None

    def acquire(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as error:
            raise OutputError(
                f"cannot write to the output folder {printable(str(self.out_dir))}: {describe_os_error(error)}"
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._holder(fd)
            os.close(fd)
            who = f"process {holder}" if holder else "another process"
            raise OutputBusy(
                f"{printable(str(self.out_dir))} is in use by another papertrail run ({who}): wait for it "
                "to finish, or give another --out"
            ) from None
        except OSError as error:  # a file system without locks (some network shares)
            log.warning("cannot lock %s (%s): make sure no other run uses it",
                        printable(str(self.out_dir)), describe_os_error(error))
        previous = self._holder(fd)
        if previous and previous != os.getpid() and not _alive(previous):
            log.info("taking over %s from a run that stopped without finishing (process %d)",
                     printable(str(self.out_dir)), previous)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:  # the id only serves messages: a full disk must not stop the lock
            pass
        self.fd = fd
        return self

    @staticmethod
    def _holder(fd: int) -> int:
        try:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            return 0
        return int(text) if text.isdigit() else 0

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
            except OSError:
                pass
            os.close(self.fd)  # closing drops the lock
            self.fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
