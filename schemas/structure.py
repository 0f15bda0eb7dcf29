"""Document structure: the lines a paper's text is made of, and the blocks read from them.

Ingest gives every line of the normalised text a :class:`TextLine` (its span, page and,
for a PDF, its box, font size and weight; for a web page, the element it came from).  The
structure stage reads those lines once into :class:`Block` items in reading order
(headings, paragraphs, list items, label/value fields, tables, page furniture), each with
its span in the normalised text, so that ``text[char_start:char_end] == block.text``.

The vocabulary follows docling's DoclingDocument (SectionHeaderItem, TextItem, ListItem,
KeyValueItem, TableItem with TableCells, furniture kept apart from the body) and
unstructured's elements (Title, NarrativeText, ListItem, Table, Header/Footer), with our own
character spans as provenance.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class TextLine(BaseModel):
    """One printed line of a paper, as it lies in the normalised text.

    A line that normalisation joined onto the previous one (a paragraph that wrapped) keeps
    its own span inside the joined text and ``joined`` is true.  Geometry is in PDF points
    from the displayed page's top left; it is absent (``None``) for text papers."""

    model_config = ConfigDict(frozen=True)

    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    page: int = Field(ge=1)
    joined: bool = False
    indent: int = Field(default=0, description="leading spaces in a text paper (a tab counts 4)")
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    size: float | None = Field(default=None, description="median font size, points")
    bold: bool | None = None
    cells: list[float] = Field(default_factory=list, description="x0 of each tab-separated cell")
    column: int = Field(default=0, description="0: spans the page; n: the n-th column of a band")
    table: int | None = Field(default=None, description="index into Document.tables of a ruled table row")
    row: int | None = Field(default=None, description="the row of that table")
    tag: str | None = Field(
        default=None,
        description='the element a web or Word paper printed it in: "h2", "li", "dt", "dd", "td", "th", "p", ...',
    )
    tag_level: int | None = Field(default=None, description="heading level or list nesting given by the markup")


class Link(BaseModel):
    """A link on a web or Word paper: the words it shows (a span of the normalised text), where
    it points, and words inside it hidden from view (a ModernGov row's " ref: 13567")."""

    model_config = ConfigDict(frozen=True)

    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    href: str
    title: str = ""
    hidden: str = Field(default="", description="text inside the link that the page does not display")


class BlockKind(str, Enum):
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list_item"
    field = "field"
    table = "table"
    furniture = "furniture"


class ColumnRole(str, Enum):
    """What a table column holds, read from its header cells, the caption and its cells."""

    label = "label"  # the row's name ("Clerk's Salary")
    code = "code"  # a reference printed per row ("ASC01", "A4")
    row_number = "row_number"  # 1, 2, 3 ... down the rows: never money
    budget = "budget"  # budget, estimate, precept, original/revised budget, plan
    actual = "actual"  # actual, spent, outturn, expenditure, receipts, payments, income
    forecast = "forecast"  # forecast, projected, estimated outturn
    variance = "variance"  # variance, under/overspend, difference (money)
    variance_pct = "variance_pct"  # variance % (a percent of the budget)
    percent = "percent"  # another percentage column (change, share, rate)
    total = "total"  # a row total ("Total", "Totals", "Full year")
    amount = "amount"  # money of no more specific role
    count = "count"  # numbers that are not money (counts, units)
    text = "text"  # words: notes, comments, explanations
    date = "date"
    empty = "empty"


class TableCell(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int = Field(ge=0)
    column: int = Field(ge=0)
    text: str
    char_start: int | None = Field(default=None, description="span of the cell in the normalised text")
    char_end: int | None = None
    span: int = Field(default=1, ge=1, description="columns a merged cell covers (1: its own only)")


class TableColumn(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int = Field(ge=0)
    header: str = Field(default="", description="the header cells above it, joined")
    role: ColumnRole = ColumnRole.text
    unit: str | None = Field(default=None, description='money unit as printed: "£", "£000s", "£m"; "%"')
    multiplier: Decimal | None = Field(
        default=None, description="pounds per printed unit: 1 for £, 1000 for £000s, 10^6 for £m"
    )
    year: str | None = Field(
        default=None, description='the period the column is for as printed: "2018/19", "2024-25", "Mar 2024"'
    )
    financial_year: str | None = Field(default=None, description='canonical financial year "2018-19"')


class RowKind(str, Enum):
    header = "header"
    body = "body"
    section = "section"  # a row that names a group below it ("REVENUE", "CAPITAL")
    subtotal = "subtotal"
    total = "total"
    note = "note"


class TableRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int = Field(ge=0)
    kind: RowKind = RowKind.body
    label: str = Field(default="", description="the row's label as printed (joined when it wraps)")
    char_start: int | None = None
    char_end: int | None = None
    cells: list[TableCell] = Field(default_factory=list)


class TableStructure(BaseModel):
    """A table's grid and what its rows and columns are."""

    model_config = ConfigDict(frozen=True)

    origin: str = Field(description='"ruled" (a PDF grid), "aligned" (tab-separated lines), "pipes", "html", "docx"')
    table: int | None = Field(default=None, description="index into Document.tables for a ruled table")
    caption: str | None = None
    unit: str | None = Field(default=None, description="the table's money unit from its caption or header")
    rows: list[TableRow] = Field(default_factory=list)
    columns: list[TableColumn] = Field(default_factory=list)
    header_rows: int = Field(default=0, description="how many rows at the top are headers")
    total_rows: list[int] = Field(default_factory=list, description="indexes of total and sub-total rows")
    total_columns: list[int] = Field(default_factory=list, description="indexes of total columns")


class Block(BaseModel):
    """One item of a paper's structure, in reading order."""

    model_config = ConfigDict(frozen=True)

    id: int = Field(ge=0, description="position in reading order")
    kind: BlockKind
    page: int = Field(ge=1)
    char_start: int | None = Field(description="span in the normalised text (null for furniture removed from it)")
    char_end: int | None = None
    text: str
    label: str | None = Field(
        default=None,
        description='heading numbering ("3.", "2.1"), list label ("a)", "(ii)", "•"), or a field\'s label',
    )
    level: int | None = Field(default=None, description="heading level (1 = top) or list nesting (1 = outer)")
    parent: int | None = Field(default=None, description="id of the enclosing list item (nested items) or heading")
    section: int | None = Field(default=None, description="id of the nearest heading above")
    intro: int | None = Field(
        default=None, description='list items: id of the block that introduces the list ("Cabinet agree to:")'
    )
    value: str | None = Field(default=None, description="a field's value")
    value_start: int | None = None
    value_end: int | None = None
    table: TableStructure | None = None
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="x0, top, x1, bottom on the page (PDF points), where known"
    )
