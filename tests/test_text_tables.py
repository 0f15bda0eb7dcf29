"""Tables drawn without lines: found from the words' alignment by both readers alike,
only where the page holds one (figures in aligned columns), never in running text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.ingest import ingest
from pipeline.ingest.pdf import RawPdf, Word, read_pdf_fast, read_pdf_plumber
from pipeline.ingest.text_tables import table_blocks
from tests.pdfgen import render_paper_pdf

BUDGET = [
    ("Clerk's Salary", "3,500", "3,421", "3,500"),
    ("Clerk's Home Allowance", "350", "350", "350"),
    ("Training", "0", "55", "50"),
    ("Village Hall Hire", "150", "130", "150"),
]


def _pdf(path: Path, draw: Callable[[canvas.Canvas], None]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 800, "Subject: Budget 2018-19")
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return path


def _budget(pdf: canvas.Canvas, lefts: tuple[float, ...] = (72, 72, 72, 72)) -> None:
    for n, row in enumerate(BUDGET):
        y = 700 - 14 * n
        pdf.drawString(lefts[n], y, row[0])
        for column, figure in enumerate(row[1:]):
            pdf.drawRightString(300 + 70 * column, y, figure)


def _text_tables(raw: RawPdf) -> list[list[list[str | None]]]:
    return [t.rows for page in raw.pages for t in page.tables if not t.ruled]


def test_figures_in_aligned_columns_are_a_table_for_both_readers(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "budget.pdf", _budget)
    fast, plumber = read_pdf_fast(path), read_pdf_plumber(path)
    assert _text_tables(fast) == _text_tables(plumber) == [[list(row) for row in BUDGET]]
    assert [p.text for p in fast.pages] == [p.text for p in plumber.pages]
    doc = ingest(path, "budget")
    assert doc.tables and doc.tables[0].rows[1] == list(BUDGET[1])
    assert "Clerk's Home Allowance\t350\t350\t350" in doc.text


def test_running_text_and_label_value_lines_are_not_tables(tmp_path: Path) -> None:
    text = """Subject: Library opening hours

Decision maker:\tCabinet Member for Communities
Key decision:\tYes
Date:\t12 March 2025

The Cabinet Member is asked to AGREE the opening hours of 12 libraries from 1 April
2025, at a cost of £250,000 in 2025-26, and to note the 3 consultation responses.

- 12 libraries open six days a week
- 4 libraries open on Sundays
- 250 volunteers support the service
"""
    raw = read_pdf_fast(render_paper_pdf(text, tmp_path / "hours.pdf"))
    assert _text_tables(raw) == []


def test_a_word_outside_the_found_columns_keeps_the_lines_as_text(tmp_path: Path) -> None:
    # one label starts left of the others: pdfplumber's columns would leave it out
    path = _pdf(tmp_path / "ragged.pdf", lambda pdf: _budget(pdf, lefts=(72, 40, 72, 72)))
    fast = read_pdf_fast(path)
    assert _text_tables(fast) == _text_tables(read_pdf_plumber(path)) == []
    assert "Clerk's Home Allowance\t350\t350\t350" in fast.pages[0].text


def test_blocks_need_three_rows_of_aligned_figures() -> None:
    def line(top: float, *cells: tuple[float, str]) -> list[Word]:
        return [Word(text, x, x + 6.0 * len(text), top, top + 10.0) for x, text in cells]

    rows = [line(100 + 14 * n, (72, "Item"), (250, f"{n}00"), (320, f"{n}50")) for n in range(1, 4)]
    assert len(table_blocks([w for r in rows for w in r])) == 1
    assert table_blocks([w for r in rows[:2] for w in r]) == []  # two rows: not yet a table
    unaligned = [line(100 + 14 * n, (72, "Item"), (200 + 30 * n, "100"), (380 - 25 * n, "150")) for n in range(1, 4)]
    assert table_blocks([w for r in unaligned for w in r]) == []
    # a ruled table already holds these lines
    assert table_blocks([w for r in rows for w in r], ruled=[(60.0, 90.0, 400.0, 160.0)]) == []
