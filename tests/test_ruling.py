"""Ruled tables: the fast reader's own grids equal pdfplumber's; irregular rulings fall back."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.lib.styles import getSampleStyleSheet

from pipeline.ingest import ingest
from pipeline.ingest.pdf import read_pdf_fast
from pipeline.ingest.ruling import grids, segments_from_boxes
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


def test_full_grids_from_line_segments() -> None:
    height = 800.0
    boxes = [(50, 700, 300, 701), (50, 650, 300, 651), (50, 600, 300, 601),
             (50, 600, 51, 701), (150, 600, 151, 701), (299, 600, 300, 701)]
    found = grids(segments_from_boxes(boxes, height))
    assert found is not None and len(found) == 1
    assert [round(x) for x in found[0].xs] == [50, 150, 300]
    assert [round(y) for y in found[0].ys] == [100, 150, 200]


def test_partial_rulings_are_not_a_grid() -> None:
    height = 800.0
    boxes = [(50, 700, 300, 701), (50, 650, 200, 651), (50, 600, 51, 701), (299, 600, 300, 701)]
    assert grids(segments_from_boxes(boxes, height)) is None


def test_lone_rules_are_not_tables() -> None:
    assert grids(segments_from_boxes([(50, 700, 500, 701)], 800.0)) == []


def test_fast_and_pdfplumber_readers_agree_on_budget_tables(tmp_path: Path) -> None:
    pdf = render_paper_pdf(BUDGET, tmp_path / "budget.pdf")
    fast = ingest(pdf, "budget", reader="fast")
    plumber = ingest(pdf, "budget", reader="pdfplumber")
    assert [t.rows for t in fast.tables] == [t.rows for t in plumber.tables]
    assert fast.text == plumber.text
    assert fast.tables[0].rows[0] == ["Service (£m)", "2022-23", "2023-24", "Total"]
    assert fast.tables[0].rows[-1] == ["Total", "52.7", "54.9", "107.6"]
    assert fast.tables[1].rows[1] == ["Caseload", "187", "300"]
    assert "Early Help\t12.5\t13.0\t25.5" in fast.text


def test_merged_cells_fall_back_to_pdfplumber(tmp_path: Path) -> None:
    path = tmp_path / "merged.pdf"
    styles = getSampleStyleSheet()
    table = Table([["Spending plan", "", ""], ["Service", "2023-24", "2024-25"], ["Early Help", "13.0", "14.1"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (0, 0), (-1, 0))]))
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("Subject: Plan", styles["Normal"]), table])
    raw = read_pdf_fast(path)
    rows = raw.pages[0].tables[0].rows
    assert rows[1] == ["Service", "2023-24", "2024-25"]
    assert rows[0][0] == "Spending plan"
    plumber = ingest(path, "merged", reader="pdfplumber")
    assert [t.rows for t in ingest(path, "merged").tables] == [t.rows for t in plumber.tables]
