"""The compiled word reader (pipeline/ingest/_words.c) gives the Python reader's words,
boxes and styles on every page: of the real councils' papers, of generated benchmark
papers, of pages drawn here to hold what the word splitter must get right (line-end
hyphens, non-breaking and other Unicode spaces, characters outside the BMP, an empty
page), and it fails cleanly on a broken style callback.  Its band filter for the table
characters (``wanted_runs``) leaves every page's text, tables and line geometry as the
Python filter does.

Where the extension is not built (no C compiler), these tests skip: papertrail then reads
words in Python, which the rest of the suite exercises."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import pipeline.ingest.pdf as pdf
from pipeline.ingest.pdf_layout import Word
from pipeline.ingest.pdfium_calls import address_of, text_calls

ROOT = Path(__file__).resolve().parent.parent
REALPAPERS = ROOT.parent / "shared" / "realpapers" / "pdf"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

if pdf.compiled_words is None and os.environ.get("PAPERTRAIL_REQUIRE_COMPILED") == "1":  # CI with a C compiler
    raise RuntimeError("the compiled word reader was not built, though a C compiler is installed")
pytestmark = pytest.mark.skipif(pdf.compiled_words is None, reason="the compiled word reader is not built (no C compiler)")


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[list[Word]], list[list[Word]]]:
    """Every page's words as the compiled reader and as the Python reader read them."""
    compiled, python = [], []
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            frame = pdf.PageFrame(tuple(page.get_mediabox()), page.get_rotation())  # type: ignore[arg-type]
            compiled.append(pdf._pdfium_words(textpage, frame))
            with monkeypatch.context() as patch:
                patch.setattr(pdf, "compiled_words", None)
                python.append(pdf._pdfium_words(textpage, frame))
            textpage.close()
            page.close()
    finally:
        document.close()
    return compiled, python


def _differences(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled, python = _both(path, monkeypatch)
    lines = []
    for number, (mine, reference) in enumerate(zip(compiled, python), start=1):
        if mine != reference:
            first = next(((a, b) for a, b in zip(mine, reference) if a != b), f"{len(mine)} words != {len(reference)}")
            lines.append(f"{path.stem} p{number}: {first}")
    return lines


@pytest.mark.slow
@pytest.mark.skipif(not REALPAPERS.is_dir(), reason="../shared/realpapers is absent (a newcomer's clone)")
def test_compiled_words_equal_pythons_on_every_real_page(monkeypatch: pytest.MonkeyPatch) -> None:
    papers = sorted(REALPAPERS.glob("*.pdf"))
    assert papers
    differences = [line for paper in papers for line in _differences(paper, monkeypatch)]
    assert not differences, "pages where the readers' words differ:\n" + "\n".join(differences)


@pytest.mark.slow
def test_compiled_words_equal_pythons_on_generated_benchmark_papers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.generate import generate

    papers = generate(tmp_path, papers=4, big_pages=0)
    differences = [line for paper in papers for line in _differences(paper, monkeypatch)]
    assert not differences, "pages where the readers' words differ:\n" + "\n".join(differences)
    words = [w for paper in papers for page in _both(paper, monkeypatch)[0] for w in page]
    assert len(words) > 1000  # the comparison covered real pages of words


def _drawn(path: Path, lines: list[str], rotation: int = 0) -> Path:
    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(DEJAVU.with_name("DejaVuSans-Bold.ttf"))))
    pdf_canvas = canvas.Canvas(str(path), pagesize=(595, 842))
    if rotation:
        pdf_canvas.setPageRotation(rotation)
    for number, line in enumerate(lines):
        pdf_canvas.setFont("DejaVu-Bold" if number % 2 else "DejaVu", 9 + number % 3)
        pdf_canvas.drawString(72, 780 - 18 * number, line)
    pdf_canvas.showPage()
    pdf_canvas.showPage()  # an empty page: no words
    pdf_canvas.save()
    return path


HARD_LINES = [
    "Funding of £2.65m was agreed by the Cabinet on 3 March 2024 for the wider pro-",
    "gramme; contributions\u00a0of £120,000\u2003and £5k (non\u2011breaking spaces, an em space)",
    "Unicode words: café Ünited Straße €1.2m ±3% 1½ “quoted” ‘single’ — dash – en",
    "a\tb  c   d    e (tabs and runs of spaces); trailing space ",
    "Characters outside the BMP: 𝟏𝟐𝟑 and 𝒂𝒃 then plain text after them",
    "x" * 60 + " one very long word, then a very short one: a",
]


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu fonts are not installed (fonts-dejavu-core)")
@pytest.mark.parametrize("rotation", [0, 90])
def test_compiled_words_equal_pythons_on_hard_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rotation: int) -> None:
    path = _drawn(tmp_path / "hard.pdf", HARD_LINES, rotation)
    compiled, python = _both(path, monkeypatch)
    assert compiled == python
    assert [type(w.text) for page in compiled for w in page] == [str] * sum(map(len, compiled))
    texts = [w.text for w in compiled[0]]
    assert "£2.65m" in texts and "café" in texts and "Straße" in texts
    assert compiled[1] == []  # the empty page
    assert any(w.bold for w in compiled[0]) and any(not w.bold for w in compiled[0])


def _textpage(tmp_path: Path) -> tuple[Any, Any, Any]:
    path = _drawn(tmp_path / "one.pdf", ["one two three"])
    document = pdfium.PdfDocument(str(path))
    page = document[0]
    return document, page, page.get_textpage()


def test_line_end_hyphen_and_odd_characters_are_split_as_the_python_reader_splits(tmp_path: Path) -> None:
    """The splitting alone, on texts no PDF here prints: pdfium's U+FFFE line-end hyphen
    (kept at a word's end, alone when it follows white space), U+FFFF, and mixed widths."""
    document, page, textpage = _textpage(tmp_path)
    calls = text_calls()
    try:
        for text in ["pro\ufffegramme", "a \ufffe b", "\ufffe\ufffe", "x\uffffy", "é\ufffe", "𝟏\ufffe z", "  \n\r\t ", "",
                     "one\u2028two\u3000three\x1cfour"]:
            made = pdf.compiled_words(text, address_of(textpage.raw), address_of(calls.loose_char_box),
                                      address_of(calls.text_object), 0.0, 842.0, lambda _i: (9.0, False), Word)
            expected = [m.group(0).replace("\ufffe", "-") for m in pdf._WORD.finditer(text)]
            assert [w.text for w in made] == expected, text
            assert all(type(w) is Word and w.size == 9.0 and w.bold is False for w in made)
    finally:
        textpage.close()
        page.close()
        document.close()


@pytest.mark.parametrize(
    "style, error",
    [
        (lambda _i: (9.0,), TypeError),  # not a pair
        (lambda _i: None, TypeError),
        (lambda _i: 1 / 0, ZeroDivisionError),  # the callback's own error comes through
    ],
)
def test_a_broken_style_callback_raises_its_error(tmp_path: Path, style: Any, error: type[Exception]) -> None:
    document, page, textpage = _textpage(tmp_path)
    calls = text_calls()
    try:
        with pytest.raises(error):
            pdf.compiled_words("one two", address_of(textpage.raw), address_of(calls.loose_char_box),
                               address_of(calls.text_object), 0.0, 842.0, style, Word)
    finally:
        textpage.close()
        page.close()
        document.close()


def _pages_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    import pipeline.ingest.pdf_tables as pdf_tables

    compiled = pdf.read_pdf_fast(path)
    with monkeypatch.context() as patch:
        patch.setattr(pdf_tables, "compiled_runs", None)
        python = pdf.read_pdf_fast(path)
    return compiled, python


@pytest.mark.slow
@pytest.mark.skipif(not REALPAPERS.is_dir(), reason="../shared/realpapers is absent (a newcomer's clone)")
def test_compiled_band_filter_reads_every_real_paper_as_pythons(monkeypatch: pytest.MonkeyPatch) -> None:
    papers = sorted(p for p in REALPAPERS.glob("*.pdf") if "_SCANNED" not in p.stem)
    differ, unruled = [], 0
    for paper in papers:
        compiled, python = _pages_both_ways(paper, monkeypatch)
        if compiled != python:
            differ.append(paper.stem)
        unruled += sum(not t.ruled for page in compiled.pages for t in page.tables)  # type: ignore[attr-defined]
    assert not differ, f"papers read differently with the compiled band filter: {differ}"
    assert unruled >= 1  # the filter ran: tables drawn without lines were found through it


@pytest.mark.slow
def test_compiled_band_filter_reads_generated_papers_as_pythons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.generate import generate

    tables = 0
    for paper in generate(tmp_path, papers=4, big_pages=0):
        compiled, python = _pages_both_ways(paper, monkeypatch)
        assert compiled == python, paper.name
        tables += sum(len(page.tables) for page in compiled.pages)  # type: ignore[attr-defined]
    assert tables >= 2  # tables were read


def test_band_filter_keeps_runs_by_the_centre_of_their_end_characters(tmp_path: Path) -> None:
    """wanted_runs keeps a run when its first or last character's centre is inside a band
    (ends included), as page_chars's Python filter does; no band, no run."""
    import pipeline.ingest.pdf_tables as pdf_tables

    document, page, textpage = _textpage(tmp_path)
    calls = text_calls()
    try:
        text = textpage.get_text_range(0, textpage.count_chars())
        assert text.split() == ["one", "two", "three"]
        words = pdf._pdfium_words(textpage, pdf.PageFrame(tuple(page.get_mediabox()), 0))  # type: ignore[arg-type]
        middle = (words[0].top + words[0].bottom) / 2

        def runs(bands: list[tuple[float, float]]) -> list[tuple[int, int]]:
            return pdf_tables.compiled_runs(text, address_of(textpage.raw), address_of(calls.loose_char_box), 0.0, 842.0, bands)

        spans = [(0, 3), (4, 7), (8, 13)]
        assert runs([(middle - 1, middle + 1)]) == spans
        assert runs([(0.0, 10.0), (middle, middle)]) == spans  # a band of one point, ends included
        assert runs([(0.0, 10.0)]) == [] and runs([]) == []
        with pytest.raises(TypeError):
            runs([(1.0,)])  # type: ignore[list-item]
    finally:
        textpage.close()
        page.close()
        document.close()
