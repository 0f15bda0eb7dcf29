"""Our own variants of the table forms the merge of the money branch taught us to read
(pipeline.structure.blocks, table_grid, extract.money.forms; commit 2806ca3): a parish
budget whose header rows are printed above its ruled grid and which carries on in a
second ruled grid after a short section line; a numbered-notes table carried over onto
the next page as a short run; and the explanation-of-variances form with both years and
the variance in the boxes' own rows (box 1 named in a row of its own over its figures,
box 2 a heading whose figures lead the table below).  Each in text form and as a PDF
drawn in the test, the printed sums checked, and a planted wrong total seen to fail."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract.money import extract_funding
from pipeline.ingest import ingest
from pipeline.store import Corpus
from pipeline.structure import structure
from pipeline.validate import check
from schemas.findings import Finding
from schemas.records import Document, Funding
from schemas.structure import BlockKind, RowKind, TableStructure
from tests.helpers import make_doc
from tests.test_layout_variants import Item, draw_pdf, variance_form_items, width

PAPERS = Path(__file__).resolve().parent / "papers"


def read(doc: Document) -> tuple[list[Funding], list[Finding]]:
    funding = extract_funding(doc)
    return funding, check(Corpus(documents=[doc], funding=funding))


def sums(funding: list[Funding]) -> dict[str, list[tuple[str, list[str], list[str]]]]:
    by_id = {f.id: f for f in funding}
    return {
        f.amount_text: [(g.kind, [by_id[p].amount_text for p in g.parts], [by_id[p].amount_text for p in g.minus]) for g in f.sums]
        for f in funding
        if f.sums
    }


def tables(doc: Document) -> list[TableStructure]:
    return [b.table for b in structure(doc).blocks if b.kind is BlockKind.table and b.table is not None]


# --------------------------------------------------------------------------- a parish budget in ruled grids

EDGES = [60, 220, 300, 380, 460, 540]  # the grids' column rulings


def grid(rows: list[list[str]], top: float) -> tuple[list[Item], float]:
    """A ruled grid of ``rows`` (label left, figures flush right) from ``top``; its bottom."""
    tops = [top + 16 * i for i in range(len(rows) + 1)]
    items: list[Item] = [("grid", EDGES, tops)]
    for row, y in zip(rows, tops):
        items.append(("text", EDGES[0] + 4, y + 3, row[0]))
        items += [("text", EDGES[j + 1] - 4, y + 3, cell, "right") for j, cell in enumerate(row[1:], 1) if cell]
    return items, tops[-1]


REVENUE = [["Clerk's salary", "3,500", "3,421", "3,600", "3,550"], ["Insurance", "450", "432", "470", "465"],
           ["Audit fees", "400", "400", "420", "420"], ["REVENUE TOTAL", "4,350", "4,253", "4,490", "4,435"]]
CAPITAL = [["Village hall roof", "8,000", "7,850", "9,000", "8,900"], ["Play area", "2,500", "2,610", "3,000", "3,965"],
           ["CAPITAL TOTAL", "10,500", "10,460", "12,000", "12,865"]]


def budget_pdf(path: Path, *, years: str, grand_spent: str = "17,300") -> Path:
    """Northwold PC's budget: "ITEM | Budget | Spent | Budget | Spent" and the years over
    them printed above the grid (``years`` "centred" over each Budget | Spent pair, or
    "flush right" over the Budget columns, as the headings above them), a short
    "REVENUE" line, the revenue grid, a short "CAPITAL" line, the capital grid ending in
    the grand total of both (its last cell ``grand_spent``)."""
    items: list[Item] = [
        ("text", 60, 50, "Northwold Parish Council"),
        ("text", 60, 70, "Budget and spending 2018-19"),
        ("text", 60, 100, "The figures below compare each year's budget with what was spent."),
        ("text", 64, 130, "ITEM"),
    ]
    items += [("text", EDGES[j] - 4, 130, head, "right") for j, head in enumerate(["Budget", "Spent", "Budget", "Spent"], 2)]
    if years == "centred":
        items += [("text", (EDGES[1] + EDGES[3]) / 2 + width("2017-18") / 2, 144, "2017-18", "right"),
                  ("text", (EDGES[3] + EDGES[5]) / 2 + width("2018-19") / 2, 144, "2018-19", "right")]
    else:
        items += [("text", EDGES[2] - 4, 144, "2017-18", "right"), ("text", EDGES[4] - 4, 144, "2018-19", "right")]
    items.append(("text", 64, 160, "REVENUE"))
    revenue, bottom = grid(REVENUE, 176)
    items += revenue + [("text", 64, bottom + 8, "CAPITAL")]
    capital, _ = grid(CAPITAL + [["GRAND TOTAL", "14,850", "14,713", "16,490", grand_spent]], bottom + 26)
    return draw_pdf(path, [items + capital])


@pytest.mark.parametrize("years", ["centred", "flush right"])
def test_header_rows_above_a_ruled_grid_and_a_grid_carried_on_read_as_one_table(tmp_path: Path, years: str) -> None:
    doc = ingest(budget_pdf(tmp_path / "budget.pdf", years=years), "budget")
    [table] = tables(doc)
    assert table.origin == "ruled" and table.header_rows == 2
    assert [c.text for c in table.rows[0].cells] == ["ITEM", "Budget", "Spent", "Budget", "Spent"]
    assert [(c.role.value, c.financial_year) for c in table.columns] == [
        ("label", None), ("budget", "2017-18"), ("actual", None), ("budget", "2018-19"), ("actual", None),
    ]
    kinds = {r.label: r.kind for r in table.rows}
    assert kinds["REVENUE"] is RowKind.section and kinds["CAPITAL"] is RowKind.section
    assert [r.label for r in table.rows if r.index in table.total_rows] == ["REVENUE TOTAL", "CAPITAL TOTAL", "GRAND TOTAL"]
    assert [r.label for r in table.rows if r.kind is RowKind.body] == [row[0] for row in REVENUE[:-1] + CAPITAL[:-1]]


@pytest.mark.parametrize("years", ["centred", "flush right"])
def test_the_budget_grand_total_adds_the_sub_totals_of_both_grids(tmp_path: Path, years: str) -> None:
    funding, findings = read(ingest(budget_pdf(tmp_path / "budget.pdf", years=years), "budget"))
    by_text = {f.amount_text: f for f in funding}
    assert by_text["3,500"].financial_year == "2017-18" and by_text["3,600"].financial_year == "2018-19"
    assert by_text["14,850"].role.value == "total" and by_text["4,350"].role.value == "component"
    assert sums(funding)["14,850"] == [("grand", ["4,350", "10,500"], [])]
    assert sums(funding)["17,300"] == [("grand", ["4,435", "12,865"], [])]
    table_sums = [f for f in findings if f.check.value == "table_sum"]
    assert len(table_sums) == 12 and all(f.status.value == "pass" for f in table_sums), [f.message for f in table_sums]


def test_a_planted_wrong_grand_total_of_the_budget_fails(tmp_path: Path) -> None:
    _, findings = read(ingest(budget_pdf(tmp_path / "budget.pdf", years="centred", grand_spent="17,400"), "budget"))
    failed = [(f.actual, f.expected) for f in findings if f.status.value == "fail"]
    assert failed == [(Decimal(17400), Decimal(17300))]


# --------------------------------------------------------------------------- numbered notes carried over a page

NOTES = [  # as the real notes print them: an item's number and title, its bullets below
    ("1", "Apologies"),
    ("", "• Apologies were received from Councillors Hale and Osborne and from the clerk"),
    ("2", "Notes of the last meeting"),
    ("", "• The notes of the meeting held in January were agreed as a true record of it"),
    ("3", "Waste collection"),
    ("", "• Officers reported that the new round had settled in after the first month"),
    ("", "• The group asked that the bowling green be kept open for the whole summer"),
    ("4", "Street lighting"),
    ("", "• The replacement of the old lanterns with new lamps is running a month late"),
]
CARRIED = [  # the notes' last item, carried over onto page 2 as a short ruled run
    ("5", "Customer Survey"),
    ("", "• Overall there has been a rise in the share of residents who are satisfied with the service"),
    ("", "• The panel asked for the results by ward at its next meeting in the summer"),
]


def notes_pdf(path: Path) -> Path:
    """A table of numbered notes (Item | Notes) on page 1, its last item carried over onto
    page 2 as a short ruled run (its title and two bullets) under a running header, then
    the next heading and a paragraph; a page number at the foot of each page."""
    xs = [56, 96, 560]

    def rows(notes: list[tuple[str, str]], top: float) -> list[Item]:
        tops = [top + 18 * i for i in range(len(notes) + 1)]
        out: list[Item] = [("grid", xs, tops)]
        for (number, text), y in zip(notes, tops):
            out += [("text", xs[0] + 4, y + 4, number), ("text", xs[1] + 4, y + 4, text)]
        return out

    page1: list[Item] = [("text", 56, 50, "Westhaven Borough Council"), ("text", 56, 70, "Notes of the Residents' Panel, 4 March 2024")]
    page1 += rows([("Item", "Notes")] + NOTES, 100)
    page1.append(("text", 280, 800, "Page 1"))
    page2: list[Item] = [("text", 56, 40, "Residents' Panel, 4 March 2024 (continued)"), ("text", 280, 800, "Page 2")]
    page2 += rows(CARRIED, 60) + [
        ("text", 56, 110, "Date of next meeting"),
        ("text", 56, 130, "The panel will next meet on 3 June 2024 at the civic offices."),
    ]
    return draw_pdf(path, [page1, page2])


def test_numbered_notes_carried_over_a_page_are_untabled_like_the_rest(tmp_path: Path) -> None:
    doc = ingest(notes_pdf(tmp_path / "notes.pdf"), "notes")
    blocks = structure(doc).blocks
    assert not [b for b in blocks if b.kind is BlockKind.table], [b.text[:60] for b in blocks if b.kind is BlockKind.table]
    carried = [b for b in blocks if "Customer Survey" in b.text or "Overall there has been a rise" in b.text]
    assert carried and {b.page for b in carried} == {2}
    assert "Customer Survey" in carried[0].text and "Overall there has been a rise" in carried[-1].text
    notes = [b for b in blocks if "bowling green" in b.text]
    assert len(notes) == 1 and notes[0].page == 1


def test_a_short_ruled_table_of_figures_after_a_page_break_stays_a_table(tmp_path: Path) -> None:
    """The carried-over rule is for prose: a short ruled run of figures is still a table."""
    xs = [56, 96, 400, 480]
    items: list[Item] = [("grid", xs, [60, 78, 96])]
    for i, row in enumerate([("8", "Grass cutting contract", "2,400"), ("9", "Bus shelter repairs", "650")]):
        items += [("text", xs[0] + 4, 64 + 18 * i, row[0]), ("text", xs[1] + 4, 64 + 18 * i, row[1]), ("text", xs[3] - 4, 64 + 18 * i, row[2], "right")]
    doc = ingest(draw_pdf(tmp_path / "short.pdf", [[("text", 56, 40, "Payments to approve")] + items]), "short")
    [table] = tables(doc)
    assert [r.label for r in table.rows if r.kind is RowKind.body][-1].startswith("Bus shelter")


# --------------------------------------------------------------------------- the explanation-of-variances form

FORM = PAPERS / "var_variance_form.txt"


def expected() -> dict:
    return json.loads((PAPERS / "expected" / "var_variance_form.json").read_text(encoding="utf-8"))


def form_pdf(path: Path, text: str) -> Path:
    """The form's text drawn on a landscape page: lines without a tab as they are, the
    name field with a column gap, every other tab row (header rows too; a row of figures
    alone under no label) with variance_form_items: figures flush right at the same edges
    down the page, a percent 7 pt after its variance, the longest label running up to 7 pt
    before its first figure."""
    lines = text.splitlines()

    def cells(line: str) -> tuple[str, ...]:
        parts = tuple(line.split("\t"))
        return ("",) + parts if re.fullmatch(r"-?[\d,]+", parts[0]) else parts

    table_rows = [cells(line) for line in lines if "\t" in line and not line.startswith("Name of")]
    longest = max(table_rows, key=lambda r: width(r[0]))
    items: list[Item] = []
    y = 40.0
    for line in lines:
        if not line.strip():
            y += 8
        elif line.startswith("Name of"):
            label, value = line.split("\t")
            items += [("text", 40, y, label), ("text", 40 + width(label) + 40, y, value)]
            y += 16
        elif "\t" in line:
            drawn, y = variance_form_items([cells(line)], top=y, longest=longest)
            items += drawn
        else:
            items.append(("text", 40, y, line))
            y += 16
    return draw_pdf(path, [items], wide=True)


def form_doc(form: str, tmp_path: Path, text: str) -> Document:
    return make_doc(text) if form == "text" else ingest(form_pdf(tmp_path / "form.pdf", text), "form")


@pytest.mark.parametrize("form", ["text", "pdf"])
def test_the_variance_form_reads_every_box_and_both_years(form: str, tmp_path: Path) -> None:
    text = FORM.read_text(encoding="utf-8")
    funding, findings = read(form_doc(form, tmp_path, text))
    want = expected()
    assert [(f.amount_text, f.amount_gbp) for f in funding] == [(w["amount_text"], Decimal(w["amount_gbp"])) for w in want["funding"]]
    got = sums(funding)
    for w in want["sums"]:
        assert (w["kind"], w["parts"], w["minus"]) in got[w["total"]], (w, got.get(w["total"]))
    balances = [(f.actual, f.status.value) for f in findings if f.check.value == "balance"]
    assert sorted(balances) == [(Decimal(18955), "pass"), (Decimal(22618), "pass")]


@pytest.mark.parametrize("form", ["text", "pdf"])
@pytest.mark.parametrize(
    ("printed", "planted", "check_name"),
    [
        ("7 Balances Carried Forward\t18,955\t22,618", "7 Balances Carried Forward\t18,955\t22,718", "balance"),
        ("6 All Other Payments\t11,441\t9,032\t-2,409", "6 All Other Payments\t11,441\t9,032\t-2,509", "table_sum"),
    ],
)
def test_a_planted_wrong_box_7_or_variance_fails(form: str, printed: str, planted: str, check_name: str, tmp_path: Path) -> None:
    text = FORM.read_text(encoding="utf-8")
    assert printed in text
    _, findings = read(form_doc(form, tmp_path, text.replace(printed, planted)))
    failed = [f.check.value for f in findings if f.status.value == "fail"]
    assert failed == [check_name], [f.message for f in findings if f.status.value == "fail"]
