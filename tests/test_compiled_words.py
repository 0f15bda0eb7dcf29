"""The compiled word reader (pipeline/ingest/_words.c) gives the Python reader's words,
boxes and styles on every page: of the real councils' papers, of generated benchmark
papers, of pages drawn here to hold what the word splitter must get right (line-end
hyphens, non-breaking and other Unicode spaces, characters outside the BMP, an empty
page), and it fails cleanly on a broken style callback.  Its band filter for the table
characters (``wanted_runs``) leaves every page's text, tables and line geometry as the
Python filter does.  Its grouping of words into rows (``baseline_rows``) gives the Python
grouping's rows on every real and generated page and on any words drawn here.

Where the extension is not built (no C compiler), these tests skip: papertrail then reads
words in Python, which the rest of the suite exercises."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import pipeline.ingest.pdf as pdf
from pipeline.ingest.pdf_layout import Word, compiled_rows
from pipeline.ingest.pdfium_calls import address_of, text_calls

ROOT = Path(__file__).resolve().parent.parent
REALPAPERS = ROOT.parent / "shared" / "realpapers" / "pdf"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

if (pdf.compiled_words is None or compiled_rows is None) and os.environ.get("PAPERTRAIL_REQUIRE_COMPILED") == "1":
    # CI with a C compiler: the extension must be built, and built from today's source
    raise RuntimeError("the compiled word reader was not built (or is an old build), though a C compiler is installed")
needs_rows = pytest.mark.skipif(compiled_rows is None, reason="the compiled grouping is not built (an old build of the extension)")
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


# --------------------------------------------------------------------------- rows


def _page_words(path: Path) -> list[list[Word]]:
    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(pdf._pdfium_words(textpage, pdf.PageFrame(tuple(page.get_mediabox()), page.get_rotation())))  # type: ignore[arg-type]
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def _rows_differ(paths: list[Path]) -> list[str]:
    from pipeline.ingest.pdf_layout import python_baseline_rows

    assert compiled_rows is not None
    differ = []
    for path in paths:
        for number, words in enumerate(_page_words(path), start=1):
            if compiled_rows(words, Word) != python_baseline_rows(words):
                differ.append(f"{path.stem} p{number}")
    return differ


@pytest.mark.slow
@pytest.mark.skipif(not REALPAPERS.is_dir(), reason="../shared/realpapers is absent (a newcomer's clone)")
@needs_rows
def test_compiled_rows_equal_pythons_on_every_real_page() -> None:
    papers = sorted(REALPAPERS.glob("*.pdf"))
    assert not _rows_differ(papers)


@pytest.mark.slow
@needs_rows
def test_compiled_rows_equal_pythons_on_generated_benchmark_papers(tmp_path: Path) -> None:
    from bench.generate import generate

    assert not _rows_differ(generate(tmp_path, papers=4, big_pages=0))


_TOPS = st.one_of(
    st.sampled_from([0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -1.5, 99.5, 100.49999999999999, 100.50000000000001, 1e300, float("inf"), float("-inf")]),
    st.integers(0, 400).map(lambda n: n / 4),  # quarter points: many ties at .5
    st.floats(-50.0, 900.0, allow_nan=False),
)
_HEIGHTS = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0, 12.0]), st.floats(-5.0, 40.0, allow_nan=False))


@st.composite
def _words(draw: st.DrawFn) -> list[Word]:
    count = draw(st.integers(0, 40))
    words = []
    for n in range(count):
        top = draw(_TOPS)
        x0 = draw(st.one_of(st.sampled_from([10.0, 10.0, 72.0, -0.0, 0.0]), st.floats(-20.0, 600.0, allow_nan=False)))
        words.append(Word(f"w{n}", x0, x0 + 5.0, top, top + draw(_HEIGHTS)))
    return words


@needs_rows
@given(_words())
def test_compiled_rows_equal_pythons_on_any_words(words: list[Word]) -> None:
    """Ties in the rounded top (x.5 rounds to even, as Python rounds), equal x0s (the
    words' order stands), signed zeros, infinities and heights under a point: the same
    rows, the same word objects."""
    from pipeline.ingest.pdf_layout import python_baseline_rows

    assert compiled_rows is not None
    rows = compiled_rows(words, Word)
    expected = python_baseline_rows(words)
    assert rows == expected
    assert [[id(w) for w in row] for row in rows] == [[id(w) for w in row] for row in expected]


@needs_rows
def test_compiled_rows_leave_to_python_what_they_cannot_order_as_python_does() -> None:
    from pipeline.ingest.pdf_layout import baseline_rows

    assert compiled_rows is not None
    nan = float("nan")
    for words in (
        [Word("a", 1.0, 2.0, nan, 10.0), Word("b", 1.0, 2.0, 5.0, 10.0)],  # a NaN top
        [Word("a", nan, 2.0, 5.0, 10.0)],  # a NaN x0
        [Word("a", 72, 80, 100, 110)],  # whole numbers (OCR), not floats
    ):
        assert compiled_rows(words, Word) is None
        assert sum(len(row) for row in baseline_rows(words)) == len(words)  # answered in Python

    class Other(tuple):  # a tuple that is not a Word
        pass

    assert compiled_rows([Other(("a", 1.0, 2.0, 3.0, 4.0))], Word) is None
    assert compiled_rows([1.0], float) is None  # a type that is not a tuple at all
    generator = (w for w in [Word("a", 1.0, 2.0, nan, 3.0), Word("b", 1.0, 2.0, 5.0, 9.0)])
    assert [[w.text for w in row] for row in baseline_rows(generator)] == [["a"], ["b"]]  # read once, answered in Python
    assert compiled_rows((Word("a", 1.0, 2.0, 3.0, 4.0),), Word) == [[Word("a", 1.0, 2.0, 3.0, 4.0)]]  # any sequence
    assert compiled_rows([], Word) == []
    with pytest.raises(TypeError):
        compiled_rows(5, Word)
    # a NaN bottom is a height of one point, as max(1.0, nan) is
    rows = compiled_rows([Word("a", 1.0, 2.0, 10.0, nan), Word("b", 3.0, 4.0, 10.4, 12.0), Word("c", 5.0, 6.0, 10.6, 12.0)], Word)
    assert [[w.text for w in row] for row in rows] == [["a", "b"], ["c"]]
