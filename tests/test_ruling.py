"""Ruled tables from pdfium's paths: the fast reader finds pdfplumber's tables, cell for
cell, without pdfminer's page parse: plain grids, merged cells, partial rulings, shaded
rows, rounded corners, tables inside form XObjects and on rotated pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

import pipeline.ingest.pdf as pdf_module
from pipeline.ingest import ingest
from pipeline.ingest.pdf import RawPdf, read_pdf_fast, read_pdf_plumber
from pipeline.ingest.pdf_tables import PageSpace, _subpath_objects
from tests.pdfgen import render_paper_pdf

BUDGET = """Subject: Budget monitoring

The table below sets out the budget by service.

| Service (£m) | 2022-23 | 2023-24 | Total |
|---|---|---|---|
| Early Help | 12.5 | 13.0 | 25.5 |
| Children in Care | 40.2 | 41.9 | 82.1 |
| Total | 52.7 | 54.9 | 107.6 |

A second table follows.

| Measure | Latest | Target |
|---|---|---|
| Caseload | 187 | 300 |
| Waiting days | 42 | 28 |
"""

ROWS = [
    ["Service", "2023-24", "2024-25"],
    ["Early Help", "13.0", "14.1"],
    ["Children in Care", "41.9", "43.0"],
    ["Total", "54.9", "57.1"],
]


def _read_fast_without_pdfminer(path: Path, monkeypatch: pytest.MonkeyPatch) -> RawPdf:
    """The fast reader, failing the test if it opens the paper with pdfplumber."""

    def refuse(_path: Path) -> None:
        raise AssertionError("the fast reader parsed a page with pdfminer")

    with monkeypatch.context() as patch:
        patch.setattr(pdf_module, "_open_plumber", refuse)
        return read_pdf_fast(path)


def _assert_same_tables(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[list[str | None]]]:
    fast = _read_fast_without_pdfminer(path, monkeypatch)
    plumber = read_pdf_plumber(path)
    for mine, reference in zip(fast.pages, plumber.pages, strict=True):
        assert [t.rows for t in mine.tables] == [t.rows for t in reference.tables], f"page {mine.number}"
        for a, b in zip(mine.tables, reference.tables):
            assert (a.top, a.bottom, a.x0, a.x1) == pytest.approx((b.top, b.bottom, b.x0, b.x1), abs=0.01)
    return [t.rows for page in fast.pages for t in page.tables]


def _platypus_pdf(path: Path, style: list[tuple], rows: list[list[str]] = ROWS) -> Path:
    table = Table(rows)
    table.setStyle(TableStyle(style))
    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("Subject: Spending plan", styles["Normal"]), table])
    return path


def _canvas_pdf(path: Path, draw: Callable[[canvas.Canvas], None], rotation: int = 0) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    if rotation:
        pdf.setPageRotation(rotation)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 800, "Subject: Budget")
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return path


def _grid(pdf: canvas.Canvas, left: float = 72, top: float = 700, widths: tuple[float, ...] = (140, 70, 70), height: float = 20) -> None:
    """ROWS as a full grid of lines, drawn with the canvas."""
    xs = [left]
    for width in widths:
        xs.append(xs[-1] + width)
    ys = [top - height * i for i in range(len(ROWS) + 1)]
    pdf.grid(xs, ys)
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            pdf.drawString(xs[c] + 3, ys[r] - height + 6, cell)


def test_fast_and_pdfplumber_readers_agree_on_budget_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = render_paper_pdf(BUDGET, tmp_path / "budget.pdf")
    _assert_same_tables(pdf, monkeypatch)
    fast = ingest(pdf, "budget", reader="fast")
    plumber = ingest(pdf, "budget", reader="pdfplumber")
    assert fast.text == plumber.text
    assert fast.tables[0].rows[0] == ["Service (£m)", "2022-23", "2023-24", "Total"]
    assert fast.tables[0].rows[-1] == ["Total", "52.7", "54.9", "107.6"]
    assert fast.tables[1].rows[1] == ["Caseload", "187", "300"]
    assert "Early Help\t12.5\t13.0\t25.5" in fast.text


def test_merged_cells_are_read_without_pdfminer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _platypus_pdf(
        tmp_path / "merged.pdf",
        [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (0, 0), (-1, 0))],
        [["Spending plan", "", ""], *ROWS],
    )
    (rows,) = _assert_same_tables(path, monkeypatch)
    assert rows[0] == ["Spending plan", None, None]
    assert rows[1] == ROWS[0]


def test_partial_rulings_are_read_as_pdfplumber_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # an outer box, a rule under the heading and one column rule that stops short
    path = _platypus_pdf(
        tmp_path / "partial.pdf",
        [
            ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEAFTER", (0, 0), (0, 1), 0.5, colors.black),
        ],
    )
    tables = _assert_same_tables(path, monkeypatch)
    assert tables and tables[0][0][0] == "Service"


def _text(pdf: canvas.Canvas, left: float = 72, top: float = 700, widths: tuple[float, ...] = (140, 70, 70)) -> None:
    xs = [left]
    for width in widths:
        xs.append(xs[-1] + width)
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            pdf.drawString(xs[c] + 3, top - 20 * (r + 1) + 6, cell)


def test_shaded_cells_count_as_rulings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # no line at all: each cell a filled, unstroked rectangle with a white gap between
    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFillColor(colors.lightgrey)
        for r in range(len(ROWS)):
            for x, width in ((72, 140), (212, 70), (282, 70)):
                pdf.rect(x, 700 - 20 * (r + 1), width, 20, stroke=0, fill=1)
        pdf.setFillColor(colors.black)
        _text(pdf)

    (rows,) = _assert_same_tables(_canvas_pdf(tmp_path / "shaded.pdf", draw), monkeypatch)
    assert rows == ROWS


def test_rulings_drawn_as_polylines_and_rounded_corners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pdfminer makes a path of more than one segment a curve; its straight pieces rule
    def draw(pdf: canvas.Canvas) -> None:
        pdf.roundRect(66, 614, 292, 92, 8)  # a rounded frame: Bézier corners
        path = pdf.beginPath()
        for y in (700, 680, 660, 640, 620):
            path.moveTo(72, y)
            path.lineTo(212, y)
            path.lineTo(352, y)
        for x in (72, 212, 282, 352):
            path.moveTo(x, 700)
            path.lineTo(x, 660)
            path.lineTo(x, 620)
        pdf.drawPath(path)
        _text(pdf)

    (rows,) = _assert_same_tables(_canvas_pdf(tmp_path / "curves.pdf", draw), monkeypatch)
    assert rows == ROWS


def test_table_inside_a_scaled_form_xobject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        pdf.beginForm("budget")
        pdf.setFont("Helvetica", 10)
        _grid(pdf, left=0, top=100)
        pdf.endForm()
        pdf.saveState()
        pdf.translate(90, 500)
        pdf.scale(1.2, 0.9)
        pdf.doForm("budget")
        pdf.restoreState()

    (rows,) = _assert_same_tables(_canvas_pdf(tmp_path / "form.pdf", draw), monkeypatch)
    assert rows == ROWS


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_tables_on_rotated_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rotation: int) -> None:
    # pdfplumber reads a page turned a quarter as the viewer sees it: columns become rows
    (rows,) = _assert_same_tables(_canvas_pdf(tmp_path / f"rotated{rotation}.pdf", _grid, rotation), monkeypatch)
    shape = (len(rows), len(rows[0]))
    assert shape == ((3, 4) if rotation in (90, 270) else (4, 3))
    assert all(cell for row in rows for cell in row)


def test_sub_paths_are_classified_as_pdfminer_does() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0), (0.0, 0.0)]
    assert [k for k, _ in _subpath_objects("mlllh", square)] == ["rect"]
    assert [k for k, _ in _subpath_objects("mllll", square)] == ["rect"]
    skewed = [(0.0, 0.0), (10.0, 1.0), (10.0, 5.0), (0.0, 5.0), (0.0, 0.0)]
    assert [k for k, _ in _subpath_objects("mlllh", skewed)] == ["curve"]
    # a closing line drawn back to the start before "h" is dropped, as pdfminer does
    assert [k for k, _ in _subpath_objects("mllllh", square + [(0.0, 0.0)])] == ["rect"]
    two_lines = [(0.0, 0.0), (5.0, 0.0), (0.0, 3.0), (5.0, 3.0)]
    assert [(k, p) for k, p in _subpath_objects("mlml", two_lines)] == [
        ("line", two_lines[:2]),
        ("line", two_lines[2:]),
    ]
    assert [k for k, _ in _subpath_objects("mcl", [(0.0, 0.0), (4.0, 4.0), (8.0, 0.0)])] == ["curve"]
    assert list(_subpath_objects("m", [(0.0, 0.0)])) == []


def test_page_space_matches_pdfplumber_on_offset_and_rotated_boxes() -> None:
    # pdfminer's initial matrix, then pdfplumber's flip to a top-left origin
    plain = PageSpace.of((0.0, 0.0, 595.0, 842.0), 0)
    assert plain.point(*_apply(plain.ctm, 72.0, 800.0)) == (72.0, 42.0)
    offset = PageSpace.of((-8.0, 8.0, 833.0, 604.0), 0)
    assert offset.point(*_apply(offset.ctm, 100.0, 500.0)) == pytest.approx((100.0, 96.0))
    turned = PageSpace.of((0.0, 0.0, 595.0, 842.0), 90)
    assert (turned.height, turned.x_shift) == (595.0, 0.0)
    # rotated clockwise: the PDF's top-left corner ends at the top-right
    assert turned.point(*_apply(turned.ctm, 0.0, 842.0)) == pytest.approx((842.0, 0.0))


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def test_text_taller_than_its_row_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 20-point figures in 16-point rows: each character's box pokes out of its cell
    def draw(pdf: canvas.Canvas) -> None:
        xs, ys = [72, 212, 352], [700 - 16 * i for i in range(4)]
        pdf.grid(xs, ys)
        pdf.setFont("Helvetica", 20)
        for r, (label, value) in enumerate([("Precept", "6,600"), ("Grant", "1,174"), ("Total", "7,774")]):
            pdf.drawString(xs[0] + 3, ys[r] - 13, label)
            pdf.drawString(xs[1] + 3, ys[r] - 13, value)

    (rows,) = _assert_same_tables(_canvas_pdf(tmp_path / "tall.pdf", draw), monkeypatch)
    assert rows == [["Precept", "6,600"], ["Grant", "1,174"], ["Total", "7,774"]]
