"""Forms councils fill in: the accounting statements of the annual return.

Every smaller authority (parish, town and community councils) reports its accounts on the
same form, boxes 1 to 10 (AGAR Section 2, and the explanation-of-variances sheet that
repeats it): 1 balances brought forward, 2 precept or rates and levies, 3 (total) other
receipts, 4 staff costs, 5 loan interest/capital repayments, 6 (all) other payments,
7 balances carried forward, 8 cash and short-term investments, 9 fixed assets and
long-term investments, 10 borrowings.  The form's own arithmetic is
**box 7 = 1 + 2 + 3 - 4 - 5 - 6**, for each year, within the rounding the form allows (a
payment box printed in brackets, "(3,025)", is taken away once, not added back).

The boxes are found by their numbered labels, in order, in whichever blocks the layout
gave them (a heading and the number under it, a table row, a label with its figure run
on); at least seven in order make the form.  A second year printed beside them, in a
table of its own (one row per box, the year's figure first, then its variance in £ and
in %), is read by row order, and only where it has one row per box.  Each printed
variance is the second year less the first (recorded as a movement: first year +
variance = second year).
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.extract.money.figure import Figure, Group, Place
from pipeline.extract.money.parse import parse_table_number
from pipeline.extract.money.table_sums import signed_reading
from pipeline.extract.money.tables import TableRead
from pipeline.structure import Structure
from schemas.structure import Block, BlockKind, RowKind, TableRow

_BOXES = {
    1: r"balances?\s+brought\s+forward",
    2: r"precept|rates\s+and\s+levies",
    3: r"other\s+receipts",
    4: r"staff\s+costs",
    5: r"loan\s+interest|capital\s+repayments?",
    6: r"other\s+payments",
    7: r"balances?\s+carried\s+forward",
    8: r"cash\s+and\s+short[\s-]+term\s+investments",
    9: r"fixed\s+assets",
    10: r"borrowings",
}
_NUMBERED = re.compile(r"^\s*(10|[1-9])\.?\s+(\S.*?)\s*$", re.DOTALL)
_TRAILING = re.compile(r"\s(-?\(?\d{1,3}(?:,\d{3})*(?:\.\d+)?\)?)\s*$")
_BARE = re.compile(r"^\s*-?\(?\d{1,3}(?:,\d{3})*(?:\.\d+)?\)?\s*$")


def _box(text: str) -> tuple[int, str] | None:
    m = _NUMBERED.match(text)
    if not m:
        return None
    number = int(m.group(1))
    if not re.search(_BOXES[number], m.group(2), re.IGNORECASE):
        return None
    return number, m.group(2)


def _row_box(row: TableRow) -> tuple[int, str] | None:
    """The box a table row names: its label, else the first of its cells that names one."""
    return _box(row.label or "") or next((b for c in row.cells if (b := _box(c.text)) is not None), None)


def _new(struct: Structure, block: Block, start: int, end: int) -> Figure | None:
    text = struct.doc.text
    m = parse_table_number(text[start:end], "£")
    if m is None or block.char_start is None or block.char_end is None:
        return None
    return Figure(
        start=start + m.start,
        end=start + m.end,
        amount_text=m.text,
        value=m.value,
        max_value=None,
        is_range=False,
        decimals=m.decimals,
        precision=m.precision,
        span=(block.char_start, block.char_end),
        block=Place(block.id, block.section),
    )


def statements(struct: Structure, figures: list[Figure], reads: list[TableRead], tolerance: Decimal | None) -> list[Figure]:
    """Read the form's boxes (see the module docstring); returns the figures it printed that
    no block reader took (appended by the caller), and records the form's sums."""
    cells = {read.block.id: read for read in reads}
    first: dict[int, int] = {}  # box -> figure index, first year
    beside: dict[int, int] = {}  # box -> the second year printed in the same row
    moved: dict[int, int] = {}  # box -> the variance printed in the same row
    added: list[Figure] = []
    after: int | None = None
    pending: int | None = None  # a box named in a row or heading of its own, figures below
    blocks = struct.blocks
    for position, block in enumerate(blocks):
        if block.char_start is None or block.char_end is None:
            continue
        if block.kind is BlockKind.table and block.id in cells:
            read = cells[block.id]
            for row in read.rows():
                found = _row_box(row)
                money = [read.value_at(row.index, c) for c in read.money_columns]
                money = [m for m in money if m]
                if found and not money:
                    pending = found[0]  # "1 Balances Brought Forward" over its figures
                    continue
                number = found[0] if found else pending if money else None
                pending = None
                if number is None or number in first or not money:
                    continue
                first[number] = money[0][0]
                if len(money) > 1:
                    beside[number] = money[1][0]
                if len(money) > 2:
                    moved[number] = money[2][0]
                after = block.id
            continue
        if block.kind not in (BlockKind.heading, BlockKind.paragraph, BlockKind.list_item, BlockKind.field):
            continue
        found = _box(block.text)
        if not found or found[0] in first:
            continue
        figure = None
        trailing = _TRAILING.search(block.text)
        if trailing:
            figure = _new(struct, block, block.char_start + trailing.start(1), block.char_start + trailing.end(1))
        elif position + 1 < len(blocks) and _BARE.match(blocks[position + 1].text or ""):
            following = blocks[position + 1]
            if following.char_start is not None and following.char_end is not None:
                figure = _new(struct, following, following.char_start, following.char_end)
        elif position + 1 < len(blocks) and blocks[position + 1].kind is BlockKind.table:
            pending = found[0]  # the box's figures lead the table below, under no label
            continue
        if figure is not None:
            existing = next((i for i, f in enumerate(figures) if f.start == figure.start), None)
            if existing is None:
                added.append(figure)
                existing = len(figures) + len(added) - 1
            first[found[0]] = existing
            after = block.id
    numbers = sorted(first)
    if len(numbers) < 7 or numbers[:7] != list(range(1, 8)):
        return []
    everything = figures + added
    if all(b in beside for b in range(1, 8)):
        second, variance = beside, moved  # both years side by side in the boxes' own rows
    else:
        second, variance = _second_year(struct, reads, after, len(numbers), numbers)
    for year in (first, second):
        _box7(everything, year, tolerance)
    for box, v in variance.items():
        if box in first and box in second:
            everything[second[box]].groups.append(Group("movement", [first[box], v]))
    return added


def _second_year(struct: Structure, reads: list[TableRead], after: int | None, count: int, numbers: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """The next table after the boxes with one figure-led row per box: the second year's
    figure and the variance printed beside it."""
    if after is None:
        return {}, {}
    for read in reads:
        if read.block.id <= after or read.block.id > after + 12 or not read.money_columns:
            continue
        lead = read.money_columns[0]
        rows = [r for r in read.rows() if r.kind is not RowKind.header and read.value_at(r.index, lead)]
        if len(rows) != count:
            continue
        second: dict[int, int] = {}
        variance: dict[int, int] = {}
        for box, row in zip(numbers, rows):
            second[box] = read.value_at(row.index, lead)[0]
            rest = [i for c in read.money_columns[1:] for i in read.value_at(row.index, c)]
            if rest:
                variance[box] = rest[0]
        return second, variance
    return {}, {}


def _box7(figures: list[Figure], year: dict[int, int], tolerance: Decimal | None) -> None:
    """Box 7 = 1 + 2 + 3 - 4 - 5 - 6 (a payment box printed in brackets is already signed)."""
    if not all(b in year for b in range(1, 8)):
        return
    moves = [(year[2], False), (year[3], False), (year[4], True), (year[5], True), (year[6], True)]
    plus, minus, _ = signed_reading(figures, year[7], [year[1]], moves, tolerance, search=False)
    figures[year[7]].groups.append(Group("balance", plus, minus, tolerance=tolerance))
