"""Typed errors.  The library raises these; only the CLI turns them into messages.

Every error carries a stable ``code`` (for logs and tests) and a one-line ``message``
a clerk can act on.
"""

from __future__ import annotations


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


class OcrUnavailable(IngestError):
    """A page needs OCR and Tesseract (or its English model) is not installed."""

    code = "E111"


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


class UnsupportedFormat(PapertrailError):
    """An extension papertrail does not read at all: the file is skipped, not failed."""

    code = "E200"


class OutputError(PapertrailError):
    code = "E300"


def one_line(error: BaseException) -> str:
    """A one-line message for any exception (typed errors keep their own text)."""
    if isinstance(error, PapertrailError):
        return str(error)
    text = " ".join(str(error).split()) or error.__class__.__name__
    return f"unexpected error ({error.__class__.__name__}): {text}"[:300]
