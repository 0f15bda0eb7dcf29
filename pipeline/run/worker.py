"""The unit of work: one paper in, its records out.  Executors import this; it imports no
executor and no runner.

``process_paper`` never raises: whatever goes wrong becomes a failed Document whose error
is one line from :data:`pipeline.errors.KNOWN_FAILURES`.  What the PDF libraries log or
warn while a paper is read goes to papertrail's debug log, named after that paper, never
to the terminal as a line that names no paper.
"""

from __future__ import annotations

from pipeline.ingest.ocr import OcrMode
from pipeline.ingest.ocr_marks import mark_ocr

import hashlib
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pipeline
from pipeline.errors import IngestError, UnsupportedFormat, failure_message, path_text, printable
from pipeline.ingest import file_sha256, ingest
from pipeline.ingest.pdf import Reader
from pipeline.store import PaperRecords
from schemas.records import DocStatus, Document

log = logging.getLogger("papertrail")

#: The lines of failures that may pass next time (PaperTimeout, WorkerCrashed, OutOfMemory,
#: CannotRead): such a paper is not cached, so the next run tries it again.
TRANSIENT_PREFIXES = ("paper timed out", "worker crashed", "out of memory", "cannot read", "OCR needs Tesseract")

LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL", "fontTools")

_RULES_HASH: str | None = None


def record_code_folders() -> list[Path]:
    """The folders whose code and pattern data make a paper's records: the stages a
    worker runs (ingest, structure, extract) and the record schema."""
    import schemas

    root = Path(pipeline.__file__).parent
    return [root / "ingest", root / "structure", root / "extract", Path(schemas.__file__).parent]


def rules_hash() -> str:
    """A hash of papertrail's version and of the code and pattern data that make records:
    any change to them invalidates the cache."""
    global _RULES_HASH
    if _RULES_HASH is None:
        digest = hashlib.sha256(pipeline.__version__.encode())
        for folder in record_code_folders():
            for path in sorted(folder.rglob("*")):
                if path.suffix in {".py", ".json", ".jsonl"} and path.is_file():
                    digest.update(path.relative_to(folder.parent).as_posix().encode())
                    digest.update(path.read_bytes())
        _RULES_HASH = digest.hexdigest()[:16]
    return _RULES_HASH


def is_transient(doc: Document) -> bool:
    return doc.status is DocStatus.failed and any((doc.error or "").startswith(p) for p in TRANSIENT_PREFIXES)


def failed_document(path: Path, doc_id: str, message: str, sha256: str = "") -> Document:
    """The documents row of a paper that failed with the one-line ``message``."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return Document(
        doc_id=doc_id,
        path=path_text(path),
        sha256=sha256,
        pages=0,
        status=DocStatus.failed,
        error=printable(" ".join(message.split())),
        format=path.suffix.lower().lstrip("."),
        size_bytes=size,
    )


# --------------------------------------------------------------------------- library noise


class _ToPaperLog(logging.Handler):
    """Re-logs a library's record at debug level, prefixed with the paper being read."""

    paper = ""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = " ".join(record.getMessage().split())[:300]
        except Exception:  # a library's broken format string must not fail the paper
            text = str(record.msg)[:300]
        log.debug("%s: %s said: %s", self.paper or "(no paper)", record.name, text)


_FORWARD = _ToPaperLog()


def quiet_libraries() -> None:
    """Route the PDF libraries' log records to papertrail's debug log (idempotent)."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _FORWARD not in logger.handlers:
            logger.addHandler(_FORWARD)
        logger.propagate = False
        logger.setLevel(logging.WARNING)


@contextmanager
def reading(doc_id: str) -> Iterator[None]:
    """While one paper is read: library log records and Python warnings name it, at debug."""
    quiet_libraries()
    _FORWARD.paper = doc_id
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", ResourceWarning)  # raised when garbage is collected: about no paper
        try:
            yield
        finally:
            _FORWARD.paper = ""
    for warning in caught:
        log.debug("%s: warning: %s", doc_id, " ".join(str(warning.message).split())[:300])


# --------------------------------------------------------------------------- one paper


def cache_key(sha256: str, ocr: OcrMode = "auto") -> str:
    """What a paper's stored records were made from: its content, papertrail's rules and
    (when not the default) the OCR setting."""
    key = f"{sha256}:{rules_hash()}"
    return key if ocr == "auto" else f"{key}:ocr={ocr}"


def process_paper(
    path: str, doc_id: str, reader: Reader = "fast", sha256: str | None = None, ocr: OcrMode = "auto",
    *, memory_limit: int = 0, document: Document | None = None,
) -> PaperRecords:
    """Ingest and extract one paper: its records as they are stored (the document without
    its reading-only fields: see :meth:`PaperRecords.for_storage`).  Never raises (but
    UnsupportedFormat, which discovery rules out): a failure is a failed Document.
    ``memory_limit`` (bytes) is named in an out-of-memory failure.  ``document``: the
    paper as :func:`read_only` read it already (only the later stages run)."""
    from pipeline.extract import extract_all

    file = Path(path)
    digest = sha256 or ""
    with reading(doc_id):
        try:
            digest = digest or file_sha256(file)
            doc = document if document is not None else ingest(file, doc_id, reader=reader, sha256=digest, ocr=ocr)
            return mark_ocr(extract_all(doc)).for_storage()
        except IngestError as error:
            return PaperRecords(document=failed_document(file, doc_id, str(error), digest))
        except UnsupportedFormat:
            raise
        except Exception as error:  # a bug or a parser crash: this paper fails, the run goes on
            log.debug("paper %s failed", printable(doc_id), exc_info=True)
            message = failure_message(error, limit=memory_limit, pdf=file.suffix.lower() == ".pdf")
            return PaperRecords(document=failed_document(file, doc_id, message, digest))


def read_only(
    path: str, doc_id: str, reader: Reader = "fast", sha256: str | None = None, ocr: OcrMode = "auto",
) -> Document | None:
    """Only the ingest stage of :func:`process_paper` (what a read-ahead does while the
    workers are being made): the paper's Document when it was read, else None (whatever
    went wrong, the worker that reads the paper again reports it).  Never raises."""
    file = Path(path)
    with reading(doc_id):
        try:
            doc = ingest(file, doc_id, reader=reader, sha256=sha256 or file_sha256(file), ocr=ocr)
        except Exception:  # noqa: BLE001 - read again, and reported, by a worker
            return None
    return doc if doc.status is DocStatus.ok else None
