"""Tests for the test-side PDF generator (tests/pdfgen.py) and bad inputs (tests/badfiles.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from tests import badfiles, pdfgen
from tests.badfiles import make_bad_inputs, sample_paper_text
from tests.pdfgen import corpus_pdf, find_flattened_table, render_paper_pdf, simple_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
STEMS = [p.stem for p in CORPUS_FILES]
PAPER_003 = "003_d387949efc80ee04"

INDICATOR_TABLE = [
    ["Indicator", "April 18 \u2013 Mar 19 average", "Apr-19", "Percentage change"],
    ["Early Help caseload (target 300)", "106", "187", "+76%"],
    ["Consultations", "84", "105", "+25%"],
    ["Liaisons", "174", "198", "+14%"],
]

#: Phrases that must survive (whitespace-normalised) into each paper's text layer.
KEY_PHRASES = {
    "000_ac0f8596ed253323": [
        "KENT COUNTY COUNCIL \u2013PROPOSED RECORD OF DECISION",
        "Children and Young People\u2019s Mental Health Services",
        "\u00a32.65m per year",
        "\u2018Before making a payment under section 76",
        "18/00071",
    ],
    "001_0b6e1decf505607d": [
        "15/00006",
        "carried 11 votes to 2",
        "\u2022 1) NOTE that the Clinical Commissioning Groups",
        "Any Interest Declared when the Decision was Taken: *None expected*",
        "YES NO",
    ],
    "002_b02d85913e99e7be": [
        "\u00a32,728,288",
        "\u0422\u043e: Peter Oakford",  # Cyrillic "То" stays Cyrillic
        "Decision No: 16-00052",
        "a) AGREE that Kent County Council",
        "\u2022 2.4 The total KCC contribution will be \u00a32,728,288 per year",
    ],
    PAPER_003: [
        "\u201cFuture in Mind\u201d",
        "total contract value of \u00a316.5m per annum",
        "\u2022 Application of available contract sanctions",
        "3.3. Although this shows",
    ],
    "004_3e45d8215bfeea87": [
        "Total annual funding \u00a3500,000.",
        "\u2022 the adoption or significant amendment of major strategies",
        "in excess of \u00a31,000,000); or",
    ],
}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


# --------------------------------------------------------------------------- corpus PDFs


@pytest.fixture(scope="module")
def corpus_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("corpus_pdfs")
    return {src.stem: corpus_pdf(src, out) for src in CORPUS_FILES}


@pytest.fixture(scope="module")
def corpus_texts(corpus_pdfs: dict[str, Path]) -> dict[str, list[str]]:
    return {stem: _page_texts(path) for stem, path in corpus_pdfs.items()}


def test_corpus_is_present() -> None:
    assert len(CORPUS_FILES) == 5
    assert set(KEY_PHRASES) == set(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_corpus_pdf_opens_with_title(corpus_pdfs: dict[str, Path], stem: str) -> None:
    path = corpus_pdfs[stem]
    assert path.name == f"{stem}.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 1
        assert pdf.metadata["Title"] == stem
        # 5-10 KB of text: a realistic paper spans several A4 pages
        assert 2 <= len(pdf.pages) <= 6
        assert pdf.pages[0].width == pytest.approx(595.28, abs=0.5)
        assert pdf.pages[0].height == pytest.approx(841.89, abs=0.5)


@pytest.mark.parametrize("stem", STEMS)
def test_running_header_and_page_footer_on_every_page(
    corpus_texts: dict[str, list[str]], stem: str
) -> None:
    pages = corpus_texts[stem]
    for n, text in enumerate(pages, 1):
        lines = text.splitlines()
        assert lines[0] == "Kent County Council", (stem, n)
        assert lines[-1] == f"Page {n}", (stem, n)


@pytest.mark.parametrize("stem", STEMS)
def test_key_phrases_survive(corpus_texts: dict[str, list[str]], stem: str) -> None:
    text = _norm(" ".join(corpus_texts[stem]))
    for phrase in KEY_PHRASES[stem]:
        assert _norm(phrase) in text, (stem, phrase)
    assert "**" not in text


def test_cyrillic_lookalike_stays_cyrillic(corpus_texts: dict[str, list[str]]) -> None:
    lines = corpus_texts["002_b02d85913e99e7be"][0].splitlines()
    to_line = next(line for line in lines if "Peter Oakford" in line)
    assert to_line.startswith("\u0422\u043e:")  # CYRILLIC CAPITAL TE, SMALL O
    assert not to_line.startswith("To:")
    assert lines[1].startswith("From: Andrew Ireland")


def test_bold_markers_render_bold(corpus_pdfs: dict[str, Path]) -> None:
    with pdfplumber.open(corpus_pdfs["002_b02d85913e99e7be"]) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["fontname"])
    agree = [w for w in words if w["text"] == "AGREE"]
    assert agree and all("Bold" in w["fontname"] for w in agree)
    that = next(w for w in words if w["text"] == "that")
    assert "Bold" not in that["fontname"]


def test_indicator_table_is_a_ruled_table(corpus_pdfs: dict[str, Path]) -> None:
    with pdfplumber.open(corpus_pdfs[PAPER_003]) as pdf:
        pages = [p for p in pdf.pages if "Indicator" in (p.extract_text() or "")]
        assert len(pages) == 1
        assert pages[0].extract_tables() == [INDICATOR_TABLE]
        others = [p.extract_tables() for p in pdf.pages if p is not pages[0]]
    assert others == [[]] * len(others)


def test_tab_tables_are_borderless(corpus_pdfs: dict[str, Path]) -> None:
    for stem in ("001_0b6e1decf505607d", "002_b02d85913e99e7be"):
        with pdfplumber.open(corpus_pdfs[stem]) as pdf:
            for page in pdf.pages:
                assert page.lines == [] and page.rects == [], stem
                assert page.extract_tables() == [], stem


def test_same_input_gives_identical_bytes(corpus_pdfs: dict[str, Path], tmp_path: Path) -> None:
    for src in CORPUS_FILES:
        again = corpus_pdf(src, tmp_path)
        assert again.read_bytes() == corpus_pdfs[src.stem].read_bytes(), src.stem


# --------------------------------------------------------------------------- render_paper_pdf rules


def test_hard_line_breaks_are_reflowed(tmp_path: Path) -> None:
    pdf = render_paper_pdf("alpha\nbeta\ngamma\n\ndelta", tmp_path / "r.pdf", header="H")
    assert _page_texts(pdf) == ["H\nalpha beta gamma\ndelta\nPage 1"]


def test_bullets_and_continuation_lines(tmp_path: Path) -> None:
    text = "Intro line\n- first item\n  wrapped on\n• second item\n\uf0b7 third item\nafter"
    pdf = render_paper_pdf(text, tmp_path / "b.pdf", header="H")
    lines = _page_texts(pdf)[0].splitlines()
    assert lines == [
        "H",
        "Intro line",
        "\u2022 first item wrapped on",
        "\u2022 second item",
        "\u2022 third item after",
        "Page 1",
    ]


def test_markup_characters_are_escaped(tmp_path: Path) -> None:
    text = 'Subject: <script>alert("x")</script> & <b>bold</b> **really bold**'
    pdf = render_paper_pdf(text, tmp_path / "e.pdf", header="H", title="T <1>")
    with pdfplumber.open(pdf) as doc:
        assert doc.metadata["Title"] == "T <1>"
        body = doc.pages[0].extract_text().splitlines()[1]
        fonts = {c["text"]: c["fontname"] for c in doc.pages[0].chars if c["text"] in "ry"}
    assert body == 'Subject: <script>alert("x")</script> & <b>bold</b> really bold'
    assert "Bold" in fonts["y"]  # the 'y' of "really" is bold (no other y on the line)


def test_pipe_table_becomes_ruled_table(tmp_path: Path) -> None:
    text = (
        "Budget summary\n\n"
        "| Item | 2019/20 | 2020/21 |\n"
        "|---|:---:|---:|\n"
        "| Staff | £1,200 | £1,300 |\n"
        "| **Total** | £2,000 | £2,100 |\n\n"
        "After the table."
    )
    pdf = render_paper_pdf(text, tmp_path / "t.pdf")
    with pdfplumber.open(pdf) as doc:
        tables = doc.pages[0].extract_tables()
        text_out = doc.pages[0].extract_text()
    assert tables == [
        [
            ["Item", "2019/20", "2020/21"],
            ["Staff", "£1,200", "£1,300"],
            ["Total", "£2,000", "£2,100"],
        ]
    ]
    assert "---" not in text_out and "|" not in text_out
    assert "After the table." in text_out


def test_empty_text_still_gives_a_page(tmp_path: Path) -> None:
    pdf = render_paper_pdf("", tmp_path / "empty.pdf", header="H")
    assert _page_texts(pdf) == ["H\nPage 1"]


def test_untitled_paper_has_empty_title(tmp_path: Path) -> None:
    pdf = render_paper_pdf("x", tmp_path / "u.pdf")
    with pdfplumber.open(pdf) as doc:
        assert doc.metadata["Title"] == ""


def test_find_flattened_table_on_paper_003() -> None:
    lines = (CORPUS / f"{PAPER_003}.txt").read_text(encoding="utf-8").split("\n")
    hit = find_flattened_table(lines, INDICATOR_TABLE[0])
    assert hit is not None
    assert hit.rows == INDICATOR_TABLE
    assert lines[hit.start].strip() == "Indicator"
    assert lines[hit.end - 1].strip() == "Liaisons 174 198 +14%"
    assert lines[hit.end].strip() == ""  # the following paragraph is left alone


def test_find_flattened_table_needs_header_and_rows() -> None:
    header = ["Item", "Cost"]
    assert find_flattened_table(["Nothing here", "Cost 5"], header) is None
    assert find_flattened_table(["Item", "Cost", "", "no numbers at all"], header) is None
    long_line = "A long paragraph of ordinary prose that is not a table row at all"
    lines = ["Intro", "Item", "Cost", "Pens", "5", "", "Paper 7", long_line, "Late 9"]
    hit = find_flattened_table(lines, header)
    assert hit is not None and hit.rows == [["Item", "Cost"], ["Pens", "5"], ["Paper", "7"]]
    assert (hit.start, hit.end) == (1, 7)  # stops before the prose; "Late 9" is not a row


def test_missing_font_names_the_debian_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdfgen, "FONT_DIR", tmp_path)
    monkeypatch.setattr(pdfgen.pdfmetrics, "getRegisteredFontNames", list)
    with pytest.raises(pdfgen.FontNotFoundError, match="fonts-dejavu-core"):
        pdfgen.register_fonts()


# --------------------------------------------------------------------------- simple_pdf


def test_simple_pdf_lines_header_footer(tmp_path: Path) -> None:
    pages = [["First line £5", "Second – line"], ["То: Cyrillic"], []]
    pdf = simple_pdf(pages, tmp_path / "s.pdf", header="Running header")
    assert _page_texts(pdf) == [
        "Running header\nFirst line £5\nSecond – line\nPage 1",
        "Running header\nТо: Cyrillic\nPage 2",
        "Running header\nPage 3",
    ]
    bare = simple_pdf(pages[:1], tmp_path / "bare.pdf", footer_page_numbers=False)
    assert _page_texts(bare) == ["First line £5\nSecond – line"]


def test_simple_pdf_fixed_positions_and_determinism(tmp_path: Path) -> None:
    a = simple_pdf([["a", "b"]], tmp_path / "a.pdf")
    b = simple_pdf([["a", "b"]], tmp_path / "b.pdf")
    assert a.read_bytes() == b.read_bytes()
    with pdfplumber.open(a) as doc:
        chars = {c["text"]: c for c in doc.pages[0].chars}
    assert chars["a"]["x0"] == pytest.approx(pdfgen.SIMPLE_LEFT)
    assert chars["b"]["x0"] == pytest.approx(pdfgen.SIMPLE_LEFT)
    assert chars["b"]["top"] - chars["a"]["top"] == pytest.approx(pdfgen.SIMPLE_LEADING)


def test_simple_pdf_rejects_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        simple_pdf([], tmp_path / "x.pdf")
    with pytest.raises(ValueError):
        simple_pdf([["x"] * (pdfgen.SIMPLE_MAX_LINES + 1)], tmp_path / "x.pdf")
    with pytest.raises(ValueError):
        simple_pdf([["a\nb"]], tmp_path / "x.pdf")
    full = simple_pdf([["x"] * pdfgen.SIMPLE_MAX_LINES], tmp_path / "full.pdf")
    assert _page_texts(full)[0].splitlines()[-2] == "x"


# --------------------------------------------------------------------------- bad inputs


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, make_bad_inputs(folder)


def test_bad_inputs_expectations(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, expected = bad
    assert expected == {
        "empty.pdf": "empty file",
        "random.pdf": "not a PDF",
        "truncated.pdf": "damaged PDF",
        "encrypted.pdf": "encrypted PDF: a password is required",
        "error_page.pdf": "not a PDF: the file is an HTML page",
        "scanned.pdf": "no text layer",
        "cp1252.txt": None,
        "bom.txt": None,
        "script_paper.txt": None,
        "page.html": None,
        "notes.docx": "damaged Word document",
        "memo.odt": "SKIP",
        "good.pdf": None,
    }
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)


def test_bad_inputs_are_deterministic(
    bad: tuple[Path, dict[str, str | None]], tmp_path: Path
) -> None:
    folder, expected = bad
    make_bad_inputs(tmp_path)
    for name in expected:
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def _pdfium_opens(path: Path, password: str | None = None) -> int:
    doc = pdfium.PdfDocument(str(path), password=password)
    try:
        return len(doc)
    finally:
        doc.close()


def test_empty_and_random(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, _ = bad
    assert (folder / "empty.pdf").stat().st_size == 0
    data = (folder / "random.pdf").read_bytes()
    assert len(data) == 4096
    assert b"%PDF" not in data[:1024] and not data.lstrip().startswith(b"<")
    for name in ("empty.pdf", "random.pdf"):
        with pytest.raises(PdfminerException):
            pdfplumber.open(folder / name)
        with pytest.raises(pdfium.PdfiumError):
            _pdfium_opens(folder / name)


def test_truncated_pdf(bad: tuple[Path, dict[str, str | None]], tmp_path: Path) -> None:
    folder, _ = bad
    data = (folder / "truncated.pdf").read_bytes()
    full = render_paper_pdf(
        sample_paper_text(), tmp_path / "full.pdf", title="Winter gritting routes"
    )
    full_bytes = full.read_bytes()
    with pdfplumber.open(full) as doc:
        assert len(doc.pages) >= 2  # it was a multi-page PDF before the cut
    assert full_bytes.startswith(data)
    assert len(data) == int(len(full_bytes) * badfiles.TRUNCATE_FRACTION)
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" not in data and b"%%EOF" in full_bytes
    with pytest.raises(PdfminerException):
        pdfplumber.open(folder / "truncated.pdf")
    with pytest.raises(pdfium.PdfiumError):
        _pdfium_opens(folder / "truncated.pdf")


def test_encrypted_pdf(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, _ = bad
    path = folder / "encrypted.pdf"
    assert b"/Encrypt" in path.read_bytes()
    with pytest.raises(PdfminerException) as info:
        pdfplumber.open(path)
    assert isinstance(info.value.args[0], PDFPasswordIncorrect)
    with pytest.raises(pdfium.PdfiumError, match="password"):
        _pdfium_opens(path)
    with pdfplumber.open(path, password=badfiles.ENCRYPTED_PASSWORD) as doc:
        text = doc.pages[0].extract_text()
    assert "\u00a31,500,000" in text and "Councillor Jos\u00e9" in text
    assert _pdfium_opens(path, password=badfiles.ENCRYPTED_PASSWORD) == 1


def test_html_error_page_named_pdf(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, _ = bad
    data = (folder / "error_page.pdf").read_bytes()
    assert data.startswith(b"<!DOCTYPE html>")
    assert b"404 Not Found" in data and b"%PDF" not in data


def test_scanned_pdf_has_image_but_no_text(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, _ = bad
    path = folder / "scanned.pdf"
    with pdfplumber.open(path) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        assert page.chars == []
        assert len(page.images) == 1
        assert (page.extract_text() or "") == ""
    doc = pdfium.PdfDocument(str(path))
    try:
        image = doc[0].render(scale=0.5).to_pil().convert("L")
    finally:
        doc.close()
    darkest, lightest = image.getextrema()
    assert darkest < 100 and lightest > 200  # printed text on paper, not a blank page


def test_text_inputs(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, _ = bad
    cp = (folder / "cp1252.txt").read_bytes()
    assert b"\xa31,500,000" in cp and b"Councillor Jos\xe9" in cp
    with pytest.raises(UnicodeDecodeError):
        cp.decode("utf-8")
    assert "Councillor José" in cp.decode("cp1252")

    bom = (folder / "bom.txt").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf")
    assert bom.decode("utf-8-sig").startswith("KENT COUNTY COUNCIL")

    script = (folder / "script_paper.txt").read_text(encoding="utf-8")
    subject = next(line for line in script.splitlines() if line.startswith("Subject:"))
    assert '<script>alert("x")</script>' in subject and "<b>bold</b>" in subject
    assert "DECISION NO:" in script


def test_html_and_docx(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, _ = bad
    html = (folder / "page.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<html" in html
    docx = folder / "notes.docx"
    assert zipfile.is_zipfile(docx)
    with zipfile.ZipFile(docx) as zf:
        assert "word/document.xml" in zf.namelist()


def test_good_pdf(bad: tuple[Path, dict[str, str | None]]) -> None:
    folder, _ = bad
    texts = _page_texts(folder / "good.pdf")
    assert len(texts) >= 2
    assert all(t.splitlines()[0] == "Kent County Council" for t in texts)
    assert "\u00a31,000,000" in _norm(" ".join(texts))
    assert _pdfium_opens(folder / "good.pdf") == len(texts)
