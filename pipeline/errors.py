"""Typed errors.  The library raises these; only the CLI turns them into messages.

Every error carries a stable ``code`` (for logs and tests) and a one-line ``message``
a clerk can act on.  :func:`failure_message` turns any exception met while reading one
paper into such a line; :func:`printable` escapes what a terminal would act on (control
characters, bidirectional overrides) in any text that carries a file name.
"""

from __future__ import annotations

import errno
import re
import sqlite3
from pathlib import Path
from types import TracebackType


class PapertrailError(Exception):
    """Base class: ``str(error)`` is one plain line for the user."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self)


class IngestError(PapertrailError):
    """A paper cannot be read; the paper fails, the run goes on."""

    code = "E100"


class EmptyFile(IngestError):
    code = "E101"

    def __init__(self) -> None:
        super().__init__("empty file: nothing to read")


class NotAPdf(IngestError):
    code = "E102"


class DamagedPdf(IngestError):
    code = "E103"


class EncryptedPdf(IngestError):
    code = "E104"

    def __init__(self) -> None:
        super().__init__("encrypted PDF: a password is required")


class NoTextLayer(IngestError):
    code = "E105"


class ScriptShell(NoTextLayer):
    """A saved web page whose text a script loads after it opens: nothing to read."""

    code = "E114"

    def __init__(self) -> None:
        super().__init__("no content: the page's text is loaded by a script; save the rendered page")


class OcrUnavailable(IngestError):
    """A page needs OCR and Tesseract (or its English model) is not installed."""

    code = "E115"


class NotText(IngestError):
    code = "E106"


class UnsupportedPaper(IngestError):
    """A known format papertrail cannot read yet (fails the paper, clearly)."""

    code = "E107"


class PaperTooLong(IngestError):
    code = "E110"


class PaperTimeout(IngestError):
    code = "E108"


class WorkerCrashed(IngestError):
    code = "E109"


class CannotRead(IngestError):
    """The file system refused the file (permissions, a vanished file, a disk error)."""

    code = "E111"


class NotRegularFile(IngestError):
    """A FIFO, device or socket: never opened for reading, so it cannot block a run."""

    code = "E112"


class OutOfMemory(IngestError):
    code = "E113"


class UnsupportedFormat(PapertrailError):
    """An extension papertrail does not read at all: the file is skipped, not failed."""

    code = "E200"


class OutputError(PapertrailError):
    code = "E300"


class OutputBusy(OutputError):
    """Another run holds the output folder's lock."""

    code = "E301"


class DiskFull(OutputError):
    """No space (or quota) left where the outputs are written."""

    code = "E302"


class StoreError(OutputError):
    """The SQLite store cannot be used (damaged, read-only, an I/O error)."""

    code = "E303"


class InputNotFound(PapertrailError):
    code = "E402"


# --------------------------------------------------------------------------- one line


_TERMINAL_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on written as an escape
    (``\\r``, ``\\e``, ``\\x07``, ``\\u202e``; a byte that is not UTF-8 as ``\\udce9``), so
    a file name can neither move the cursor, recolour the screen nor fake a line."""

    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        if char in _NAMED:
            return _NAMED[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _TERMINAL_CONTROLS.sub(escape, text)


def path_text(path: object) -> str:
    """A path as records keep it: as given, with any byte that is not UTF-8 (a file named
    on another system) shown as U+FFFD, so JSON and SQLite can hold it."""
    import os

    return os.fsencode(path).decode("utf-8", "replace")  # type: ignore[call-overload]


def one_line(error: BaseException) -> str:
    """A one-line message for any exception (typed errors keep their own text)."""
    if isinstance(error, PapertrailError):
        return printable(str(error))
    text = " ".join(str(error).split()) or error.__class__.__name__
    return printable(f"unexpected error ({error.__class__.__name__}): {text}")[:300]


# --------------------------------------------------------------------------- files


_READ_ERRORS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the file disappeared while the run was going",
    errno.ENOTDIR: "the file disappeared while the run was going",
    errno.EIO: "input/output error (a failing disk or a lost network share)",
    errno.ESTALE: "the network share holding it went away",
    errno.ETIMEDOUT: "the network share holding it did not answer",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "a symbolic link that loops",
    errno.ENAMETOOLONG: "its path is longer than the system allows",
    errno.ENXIO: "not a regular file (a device or socket)",
    errno.ENODEV: "not a regular file (a device)",
}
READ_ERRNOS = frozenset(_READ_ERRORS)


def describe_os_error(error: OSError) -> str:
    """What the file system said, in plain words: "permission denied", ..."""
    if error.errno in _READ_ERRORS:
        return _READ_ERRORS[error.errno]
    return (error.strerror or error.__class__.__name__).lower()


def cannot_read(error: OSError, what: str = "cannot read") -> CannotRead:
    """``CannotRead("cannot read: permission denied")`` from an OSError."""
    return CannotRead(f"{what}: {describe_os_error(error)}")


def is_disk_full(error: BaseException) -> bool:
    """An OSError or SQLite error that means no space (or quota) is left."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF == sqlite3.SQLITE_FULL
        return "disk is full" in str(error)
    return False


def disk_full(error: BaseException, out_dir: Path) -> DiskFull:
    """Say what is full: the disk (or quota) holding ``out_dir``, and how much is free."""
    import shutil

    try:
        free = shutil.disk_usage(out_dir).free
        room = f"{_size(free)} free"
    except OSError:
        room = "no room left"
    what = "your disk quota" if isinstance(error, OSError) and error.errno == errno.EDQUOT else "the disk"
    return DiskFull(
        f"{what} holding {printable(str(out_dir))} is full ({room}): free some space, then run "
        "the same command again; the papers read so far are kept and the outputs are those of "
        "the last complete run"
    )


def store_error(error: sqlite3.Error, db_path: Path) -> StoreError:
    """A plain line for a SQLite error that is not a full disk."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if code is not None else None
    text = str(error).lower()
    where = printable(str(db_path))
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return StoreError(
            f"{where} is damaged or is not papertrail's ({error}): it holds the auditors' reviews, so "
            "keep a copy; move it away and run again (the papers will be read again)"
        )
    if primary == sqlite3.SQLITE_READONLY or "readonly" in text:
        return StoreError(f"{where} cannot be written (read-only): check its permissions")
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return StoreError(f"{where} is in use by another program: close it (Datasette, a spreadsheet?) and run again")
    if primary == sqlite3.SQLITE_IOERR or "disk i/o" in text:
        return StoreError(f"{where} cannot be written: input/output error (a failing disk or a lost network share)")
    return StoreError(f"{where} cannot be used: {error}")


def _size(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def size_text(count: int) -> str:
    """``2147483648`` -> ``"2.0 GB"`` (binary units, as --max-memory reads them)."""
    return _size(count)


# --------------------------------------------------------------------------- any failure


_PDF_LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2", "PIL")

_PDFIUM_REASONS = {
    "data format error": "damaged PDF: its structure is broken and it cannot be opened",
    "file access error": "cannot read: the PDF reader could not open the file",
    "incorrect password": "encrypted PDF: a password is required",
    "unsupported security scheme": "encrypted PDF: it uses a security scheme papertrail cannot open",
    "page not found or content error": "damaged PDF: a page is missing or its content is broken",
}

#: Every line a failed paper can carry begins with one of these (the fuzz test checks it):
#: a new kind of failure adds its opening words here.
KNOWN_FAILURES = (
    "empty file:",
    "not a PDF:",
    "not an HTML page:",
    "no text:",
    "damaged PDF:",
    "encrypted PDF:",
    "no text layer:",
    "no content:",
    "OCR needs Tesseract",
    "damaged Word document",
    "not a text file:",
    "not a regular file",
    "cannot read:",
    "paper too long:",
    "paper timed out after",
    "out of memory:",
    "worker crashed",
    "could not store its records:",
    "papertrail could not read this paper",
    "papertrail could not make records from this paper",
)


def _raised_in(traceback: TracebackType | None, packages: tuple[str, ...]) -> bool:
    while traceback is not None:
        module = traceback.tb_frame.f_globals.get("__name__", "")
        if module.split(".")[0] in packages:
            return True
        traceback = traceback.tb_next
    return False


def _library_error(error: BaseException) -> bool:
    name = error.__class__.__name__
    module = error.__class__.__module__.split(".")[0]
    return module in _PDF_LIBRARIES or name in {"PdfiumError", "PdfminerException", "PSException"}


def from_pdf_library(error: BaseException) -> bool:
    """Whether a PDF library (pdfminer, pdfplumber, pypdfium2, Pillow) raised ``error``."""
    return _library_error(error) or _raised_in(error.__traceback__, _PDF_LIBRARIES)


def pdf_failure(error: BaseException) -> str:
    """A damaged-PDF line for an exception a PDF library raised (never its dump)."""
    text = " ".join(str(error).split()).lower()
    for reason, message in _PDFIUM_REASONS.items():
        if reason in text:
            return message
    if "password" in text:
        return "encrypted PDF: a password is required"
    if "failed to load page" in text:
        return "damaged PDF: a page cannot be read"
    if isinstance(error, RecursionError):
        return "damaged PDF: its objects nest too deeply to read (a loop in its structure?)"
    if "eof" in text or "truncat" in text:
        return "damaged PDF: the file ends too early (truncated)"
    return "damaged PDF: its internal structure is broken and cannot be read"


def failure_message(error: BaseException, *, limit: int | None = None, pdf: bool = False) -> str:
    """One line a clerk understands for any exception met while reading a paper.

    Typed errors keep their own line; file-system errors say what the system refused;
    exceptions raised inside the PDF libraries say "damaged PDF: ..." without the library's
    dump; running out of memory names the limit (``limit``, bytes, for a worker); anything
    else is papertrail's own failure and says so."""
    if isinstance(error, PapertrailError):
        return one_line(error)
    if isinstance(error, MemoryError):
        if limit:
            return (f"out of memory: reading it needed more than the {size_text(limit)} a worker "
                    "may use (--max-memory)")
        return "out of memory: reading it needed more memory than this machine could give"
    if isinstance(error, OSError) and error.errno in READ_ERRNOS and error.filename is not None:
        return str(cannot_read(error))
    if pdf and from_pdf_library(error):
        return pdf_failure(error)
    deepest = _deepest_module(error.__traceback__)
    making = deepest.startswith("pipeline.extract") or error.__class__.__module__.startswith("pydantic")
    stage = "make records from this paper" if making else "read this paper"
    return (f"papertrail could not {stage} (an internal error, {error.__class__.__name__}): "
            "please report it with the file")


def _deepest_module(traceback: TracebackType | None) -> str:
    module = ""
    while traceback is not None:
        name = traceback.tb_frame.f_globals.get("__name__", "")
        if name.startswith("pipeline."):
            module = name
        traceback = traceback.tb_next
    return module
