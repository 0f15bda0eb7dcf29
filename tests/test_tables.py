"""Reading tables: cells placed in their columns (ruled grid, page positions, as printed),
header rows, units, column roles and row kinds (pipeline.structure.tables)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.money import extract_funding
from pipeline.structure import structure
from pipeline.structure.lines import Line
from pipeline.structure.tables import is_figure, parse_number, read_table
from schemas.structure import ColumnRole, RowKind, TableStructure, TextLine
from tests.helpers import make_doc


def _lines(rows: list[str], *, cells: list[list[float]] | None = None, x1: list[float] | None = None,
           table: int | None = None) -> tuple[str, list[Line]]:
    """Lines of a table (one row a line), with page positions or grid rows when given."""
    text = "\n".join(rows)
    lines = []
    start = 0
    for i, row in enumerate(rows):
        end = start + len(row)
        part = TextLine(
            char_start=start, char_end=end, page=1,
            x0=cells[i][0] if cells else None, x1=x1[i] if x1 else None,
            cells=cells[i] if cells else [], table=table, row=i if table is not None else None,
        )
        lines.append(Line(start, end, row, 1, i == 0, [part]))
        start = end + 1
    return text, lines


def _cells(t: TableStructure, row: int) -> dict[int, str]:
    return {c.column: c.text for c in t.rows[row].cells}


def test_cell_spans_point_at_their_text() -> None:
    text, lines = _lines(["Item\tBudget\tActual", "Audit\t400\t409", "Total\t400\t409"])
    t = read_table(lines, origin="aligned", context="budget")
    for row in t.rows:
        for cell in row.cells:
            assert text[cell.char_start : cell.char_end] == cell.text


def test_ruled_grid_keeps_empty_cells_in_place() -> None:
    """A ruled table's text leaves its empty cells out; the grid puts every cell back in
    its column (a header over the label column, a net row with no rate)."""
    rows = ["31-Mar-24\t2024-25\t30-Sep-24", "Balance £m\tMovement £m\tBalance £m", "Borrowing\t771.9\t-25.1\t746.8",
            "Net borrowing\t318.5\t244.1"]
    grid = [["", "31-Mar-24", "2024-25", "30-Sep-24"], [None, "Balance £m", "Movement £m", "Balance £m"],
            ["Borrowing", "771.9", "-25.1", "746.8"], ["Net borrowing", "318.5", "", "244.1"]]
    _, lines = _lines(rows, table=0)
    t = read_table(lines, origin="ruled", table=0, grid=grid)
    assert t.header_rows == 2
    assert [c.header for c in t.columns] == ["", "31-Mar-24 Balance £m", "2024-25 Movement £m", "30-Sep-24 Balance £m"]
    assert [c.role for c in t.columns] == [ColumnRole.label, ColumnRole.amount, ColumnRole.variance, ColumnRole.amount]
    assert {c.unit for c in t.columns[1:]} == {"£m"} and t.columns[1].multiplier == Decimal(1000000)
    assert _cells(t, 3) == {0: "Net borrowing", 1: "318.5", 3: "244.1"}


def test_ruled_grid_merged_cell_keeps_its_span() -> None:
    rows = ["Item\tBudget\tApr\tMay\tTotal", "VAT\t22.51 223.91\t246.42"]
    grid = [["Item", "Budget", "Apr", "May", "Total"], ["VAT", "22.51 223.91", None, None, "246.42"]]
    _, lines = _lines(rows, table=0)
    t = read_table(lines, origin="ruled", table=0, grid=grid, context="spending")
    vat = t.rows[1].cells
    assert [(c.column, c.span) for c in vat] == [(0, 1), (1, 3), (4, 1)]


def test_borderless_columns_from_positions_with_an_empty_column() -> None:
    """Figures right-aligned under their headers; the last column ("Spent 2018-19") is
    empty in the body but keeps its header, and no figure shifts into it."""
    rows = ["ITEM\tBudget\tSpent\tBudget\tSpent", "Salary\t3,500\t3,421\t3,500", "Training\t0\t55\t50",
            "TOTAL\t3,500\t3,476\t3,550"]
    cells = [[57.0, 216.0, 322.0, 428.0, 534.0], [57.0, 240.4, 346.4, 452.4], [57.0, 259.9, 360.3, 466.3],
             [57.0, 240.4, 346.4, 452.4]]
    x1 = [559.7, 477.5, 477.5, 477.5]
    _, lines = _lines(rows, cells=cells, x1=x1)
    t = read_table(lines, origin="aligned", context="budget")
    assert len(t.columns) == 5
    assert _cells(t, 2) == {0: "Training", 1: "0", 2: "55", 3: "50"}
    assert t.columns[4].role is ColumnRole.empty
    assert t.rows[3].kind is RowKind.total and t.total_rows == [3]


def test_a_figure_further_right_is_a_column_of_its_own() -> None:
    """An overspend printed in a column of its own, right of the underspends."""
    rows = ["Item\tBudget\tunder/over", "Hall\t350.00\t100.00", "Party\t200.00\t288.64", "Totals\t550.00\t100.00"]
    cells = [[100.0, 200.0, 300.0], [100.0, 210.0, 310.0], [100.0, 210.0, 370.0], [100.0, 210.0, 310.0]]
    x1 = [340.0, 340.0, 400.0, 340.0]
    _, lines = _lines(rows, cells=cells, x1=x1)
    t = read_table(lines, origin="aligned", context="accounts")
    assert _cells(t, 2)[3] == "288.64" and 2 not in {c.column for c in t.rows[2].cells if c.text == "288.64"}
    assert _cells(t, 1)[2] == "100.00"


def test_title_row_names_no_column_and_unit_rows_are_headers() -> None:
    rows = ["Spending v Budget 2018/19", "Item\tPrecept\tTotals", "\t£\t£", "Audit\t200\t230", "\t200\t230"]
    _, lines = _lines(rows)
    t = read_table(lines, origin="aligned")
    assert t.header_rows == 3
    assert [c.header for c in t.columns] == ["Item", "Precept £", "Totals £"]
    assert t.columns[1].role is ColumnRole.budget and t.columns[2].role is ColumnRole.total


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Total", RowKind.total),
        ("Totals", RowKind.total),
        ("REVENUE TOTAL", RowKind.total),
        ("Total net expenditure (excluding Housing Benefit subsidy)", RowKind.total),
        ("Sub-total", RowKind.subtotal),
        ("Pyrford Global Total Return Sterling Fund", RowKind.body),
        ("Net expenditure brought forward", RowKind.body),
    ],
)
def test_total_rows_by_label(label: str, kind: RowKind) -> None:
    _, lines = _lines(["Item\tAmount £", "Audit\t400", f"{label}\t400"])
    t = read_table(lines, origin="aligned")
    assert t.rows[2].kind is kind


def test_percent_rate_and_years_columns_are_not_money() -> None:
    rows = ["Loan\tBalance £m\tRate %\tLife yrs", "PWLB\t456.3\t4.33\t15.11", "Banks\t90.0\t4.15\t39.38"]
    _, lines = _lines(rows)
    t = read_table(lines, origin="aligned")
    assert [c.role for c in t.columns] == [ColumnRole.label, ColumnRole.amount, ColumnRole.percent, ColumnRole.count]
    assert t.columns[2].multiplier is None and t.columns[3].multiplier is None


def test_a_column_of_plain_counts_with_no_money_context_is_not_money() -> None:
    _, lines = _lines(["Ward\tHouseholds", "North\t120", "South\t340"])
    t = read_table(lines, origin="aligned")
    assert t.columns[1].role is ColumnRole.count and t.columns[1].unit is None


@pytest.mark.parametrize(
    ("cell", "value"),
    [("(2,300)", "-2300"), ("-1,937", "-1937"), ("1 ,174.00", "1174.00"), ("£ 3000", "3000"), ("350.00 •", "350.00"),
     ("£(450)", "-450"), ("5.14%", "5.14"), ("£215.8m", "215.8")],
)
def test_parse_number(cell: str, value: str) -> None:
    assert parse_number(cell) == Decimal(value)


@pytest.mark.parametrize("cell", ["2024-25", "2018/19", "14/10/24", "31-Mar-24", "A+", "-", "£", "n/a"])
def test_not_figures(cell: str) -> None:
    assert not is_figure(cell)


# --------------------------------------------------------------------------- hostile tables

_CELLS = st.sampled_from(
    ["Total", "Sub-total", "Balance b/f", "Balance c/f", "Net position", "REVENUE", "Item", "£", "£000s", "£m",
     "2023/24", "Budget", "Variance %", "-", "nil", "", "0", "1,234", "(2,300)", "-45.5", "12.5%", "£7.86",
     "3 ,174.00", "98 98", "Rounding errors of up to £2 are tolerable", "1", "2", "3"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=1, max_size=6), min_size=1, max_size=12), st.sampled_from(["\t", " | "]))
def test_any_table_reads_without_error_and_every_span_quotes_its_text(rows: list[list[str]], sep: str) -> None:
    lines = [("| " + sep.join(r) + " |") if sep == " | " else "\t".join(r) for r in rows]
    text = "Accounts for the year\n\n" + "\n".join(lines) + "\n"
    doc = make_doc(text)
    for block in structure(doc).blocks:
        if block.table is None:
            continue
        for row in block.table.rows:
            for cell in row.cells:
                assert cell.char_start is not None and text[cell.char_start : cell.char_end] == cell.text
    for record in extract_funding(doc):
        assert text[record.source.char_start : record.source.char_end] == record.source.quote
        assert record.amount_text in record.source.quote
        assert all(p != record.id for g in record.sums for p in (*g.parts, *g.minus))
