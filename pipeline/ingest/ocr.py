"""OCR for scanned pages: Tesseract reads a page image into positioned words.

A PDF page with no usable text layer (no characters, or only garbage) is rendered with
pypdfium2 and read by Tesseract through tesserocr (its C API, in this process: no process
per page, word boxes and confidences straight from the result iterator).  What comes back
is the same thing the text-layer readers give, :class:`~pipeline.ingest.pdf.Word` objects
in PDF points from the page's top left, plus the ruling lines seen in the image as path
boxes, so lines, ruled tables and normalisation work unchanged.  Each word keeps its
Tesseract confidence (``conf``, 0-1) so records quoting it can say how sure the reading is
(:mod:`pipeline.ingest.ocr_spans`).

Modes (``papertrail run --ocr``): ``auto`` OCRs the pages with no usable text layer (also
inside papers that mix text and scanned pages), ``always`` every page, ``never`` none.

Tesseract's English model must be installed (Debian: ``tesseract-ocr tesseract-ocr-eng``);
it is never downloaded.  Without it a scanned paper fails with :data:`INSTALL_HINT`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline.errors import OcrUnavailable
from pipeline.ingest.ocr_image import OcrPage, read_image, render_scale

if TYPE_CHECKING:
    from pipeline.ingest.pdf import Word

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[str, ...] = ("auto", "always", "never")

LOW_CONFIDENCE = 0.80  # a figure read with less than this is flagged and cannot fail a check
INSTALL_HINT = "OCR needs Tesseract: apt-get install tesseract-ocr tesseract-ocr-eng"

# Where Debian, Ubuntu, Fedora and Homebrew put Tesseract's models (after $TESSDATA_PREFIX).
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


# --------------------------------------------------------------------------- the engine


def tessdata_dir(language: str = "eng") -> Path | None:
    """The folder holding ``<language>.traineddata``: $TESSDATA_PREFIX first, then the
    usual system places; None when Tesseract's model is not installed."""
    candidates = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    candidates += TESSDATA_DIRS
    for folder in candidates:
        path = Path(folder)
        for place in (path, path / "tessdata"):
            if (place / f"{language}.traineddata").is_file():
                return place
    return None


_LOCAL = threading.local()  # one Tesseract instance per thread (Dask workers use threads)


def tesseract() -> Any:
    """This thread's Tesseract instance, made on first use (~0.2 s) and kept for the
    process's later pages and papers.  Raises OcrUnavailable when it cannot be made."""
    api = getattr(_LOCAL, "api", None)
    if api is not None:
        return api
    folder = tessdata_dir()
    if folder is None:
        raise OcrUnavailable(INSTALL_HINT)
    try:
        from tesserocr import OEM, PSM, PyTessBaseAPI
    except ImportError as error:  # the Python binding is part of papertrail's install
        raise OcrUnavailable(f"{INSTALL_HINT} (and pip install tesserocr)") from error
    try:
        api = PyTessBaseAPI(path=str(folder) + os.sep, lang="eng", psm=PSM.AUTO, oem=OEM.LSTM_ONLY)
    except RuntimeError as error:
        raise OcrUnavailable(f"{INSTALL_HINT} (Tesseract could not load its model: {error})") from error
    _LOCAL.api = api
    return api


def available() -> bool:
    """Whether OCR can run here (Tesseract's English model and the binding are installed)."""
    try:
        tesseract()
    except OcrUnavailable:
        return False
    return True


# --------------------------------------------------------------------------- which pages


_GOOD_CHAR = re.compile(r"[\w£$€%.,;:()'\"&/+\-–—•*@#!?]")
_ALNUM = re.compile(r"[^\W_]")
_SPACE = re.compile(r"\s")
_WORD = re.compile(r"[^\W\d_]{3,}")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


def usable_text(text: str) -> bool:
    """Whether a page's text layer is worth reading: at least a few words of real text.

    Garbage is what a PDF with a broken font encoding gives (control characters,
    private-use glyphs, U+FFFD) or a scanner's stray marks; a page whose text is mostly
    that, or that has fewer than 12 letters or digits, has no usable text layer."""
    visible = len(text) - len(_SPACE.findall(text))
    if not visible:
        return False
    alnum = len(_ALNUM.findall(text))
    # the good characters (all printable: \w holds no control or private-use character)
    good = len(_GOOD_CHAR.findall(text))
    if alnum < 12 or good < 0.7 * visible:
        return False
    words = _WORD.findall(text)
    vowelled = sum(1 for w in words if _VOWEL.search(w))
    return not words or vowelled >= 0.5 * len(words)


def wants_ocr(mode: OcrMode, text: str, images: int, drawn: int) -> bool:
    """Whether a page is OCRed: always in ``always`` mode, never in ``never`` mode, and in
    ``auto`` mode when its text layer is not usable and something is drawn on it (an
    image, or paths: text turned into outlines)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return (images > 0 or drawn > 0) and not usable_text(text)


# --------------------------------------------------------------------------- a paper


@dataclass
class PageOcr:
    """The OCR side of reading one PDF: which pages were OCRed and what could not be.

    The PDF readers call :meth:`wanted` for each page and :meth:`read` for the pages it
    chooses.  In ``auto`` mode a page that needs OCR where Tesseract is missing is left as
    it is and noted in ``unread`` (the paper fails only when it has no other text); in
    ``always`` mode that raises OcrUnavailable at once."""

    mode: OcrMode = "auto"
    pages: list[int] = field(default_factory=list)  # 0-based indices of the pages OCRed
    unread: list[int] = field(default_factory=list)  # pages that needed OCR it could not have
    missing: OcrUnavailable | None = None
    _document: Any = field(default=None, repr=False)

    def wanted(self, words: Sequence[Word], images: int, drawn: int) -> bool:
        text = " ".join(w.text for w in words)
        return wants_ocr(self.mode, text, images, drawn)

    def read(self, page: Any, index: int, width: float, height: float) -> OcrPage | None:
        """OCR an open pypdfium2 page; None where OCR is not available (``auto``)."""
        if self.missing is None:
            scale = render_scale(width, height)
            try:
                image = page.render(scale=scale, grayscale=True).to_pil()
                result = read_image(tesseract(), image, scale, height)
            except OcrUnavailable as error:
                if self.mode == "always":
                    raise
                self.missing = error
            else:
                self.pages.append(index)
                return result
        self.unread.append(index)
        return None

    def read_at(self, path: Path, index: int) -> OcrPage | None:
        """OCR page ``index`` of the PDF at ``path`` (for a reader that has no pypdfium2
        page open: the PDF is opened once and kept until :meth:`close`)."""
        import pypdfium2 as pdfium

        if self._document is None:
            self._document = pdfium.PdfDocument(str(path))
        page = self._document[index]
        try:
            return self.read(page, index, page.get_width(), page.get_height())
        finally:
            page.close()

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

    def warnings(self) -> list[str]:
        """One line for a paper read without some of its scanned pages."""
        if not self.unread or self.missing is None:
            return []
        pages = ", ".join(str(i + 1) for i in self.unread)
        return [f"scanned page(s) {pages} not read: {self.missing}"]
