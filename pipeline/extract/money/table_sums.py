"""The sums a table prints, read from its structure (row kinds, column roles, labels).

Down each money column, row by row:

* a **Total** row (by its label) adds the rows above it since the last total or section
  row ("REVENUE TOTAL"); with earlier totals still open it is either that (a sub-total
  after another) or a **running** total that carries them on ("Total income" + "Balance
  at start of year" = "Total"), and with nothing but earlier totals above it a **grand**
  total ("TOTAL EXPENDITURE" = revenue + capital; a section printed without a sub-total
  of its own adds its rows to it).  Where the labels allow more than one
  reading the one whose arithmetic holds is taken; "Total Money Market Funds" may cover
  only the rows above it that name money market funds;
* a row that no label calls a total but that adds up the rows above it in every money
  column (two columns at least, or one for a table's unlabelled last row) is an
  **inferred** sub-total ("Internally Managed Cash");
* a **net** row ("Net borrowing") after two totals is the first less the others; after a
  total and more rows it carries the total on ("Net funding position");
* a **balance** statement: an opening balance ("Balance brought forward", "b/f"), rows
  added or taken away as their labels say ("Add income", "Deduct expenditure", costs,
  payments; a figure printed negative under such a label, "Payments (1,500.00)", where
  that reading holds, is already signed), and the closing balance ("Balance", "c/f",
  "carried forward"); where only signs the labels do not give make it hold (a row the
  word list does not know) the sum is inferred (see :func:`signed_reading`);
* a **Total column** adds its row's figures for each period column (financial years,
  months), else its row's other plain amount columns (a budget column beside monthly
  spend is not a part); a merged cell of several figures counts each; where that does
  not hold, the row's other spend columns too ("Spent to date"), and where neither holds
  while figures stand in columns not added ("Prior years") the sum is inferred;
* a **movement** column between two columns of one kind at two dates ("Balance
  31-Mar-24", "Movement", "Balance 30-Sep-24") makes the second from the first.

Across tables (:func:`paper_sums`): a table of nothing but total rows adds the figures the
tables before it leave open (their totals, and rows no total covers), in whichever of
their money columns makes it hold ("Total Investments" = internal total + market value,
not book cost); and a "b/f" row followed at once by "c/f" moves by the bottom line of the
table before it ("Net funding position (use of reserves)": a use of reserves comes off).

Inferred sums (no label says total) are kept only where they hold, except a net row
after two totals and a balance carried from the table before (kept, and marked inferred,
so the validator warns rather than fails).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise, product

from pipeline.extract.money.figure import Figure, Group
from pipeline.extract.money.tables import TableRead
from pipeline.structure.tables import is_figure
from schemas.structure import ColumnRole, RowKind, TableRow

_OPENING = re.compile(
    r"\b(?:brought\s+forward|b/fwd|b/f|opening\s+balances?|balances?\s+at\s+(?:the\s+)?(?:start|beginning)|"
    r"balance\s+at\s+1(?:st)?\s+april)\b",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^\s*(?:closing\s+)?balances?\s*(?:(?:carried\s+forward|c/f|at\s+(?:the\s+)?end\b.*|at\s+31.*))?\s*$|"
    r"\bcarried\s+forward\b|\bc/fwd\b|\bc/f\b|\bclosing\s+balance",
    re.IGNORECASE,
)
_DEDUCT = re.compile(
    r"\b(?:deduct|less|minus|expenditure|payments?|spent|spending|costs?|liabilit\w*|creditors|"
    r"withdrawals?|use\s+of\s+reserves|drawdowns?|repayments?|transfers?\s+out)\b",
    re.IGNORECASE,
)
# money coming back under a cost word ("Legal costs recovered", "VAT refund on payments",
# "Payments received") is added, unless the label says to take it away ("Less fees received")
_COMES_IN = re.compile(
    r"\b(?:recovered|reclaim(?:ed)?|reimburse(?:d|ments?)|refund(?:s|ed)?|rebates?|received)\b",
    re.IGNORECASE,
)
_TAKE_AWAY = re.compile(r"\b(?:deduct|less|minus)\b", re.IGNORECASE)


def _takes_away(label: str) -> bool:
    """Whether a statement row's label says its figure is taken away."""
    return bool(_TAKE_AWAY.search(label) or _DEDUCT.search(label) and not _COMES_IN.search(label))


_NET = re.compile(r"^\s*net\b", re.IGNORECASE)
_USE = re.compile(r"\buse\s+of\s+reserves|\bdeficit\b|\bdrawdown|\bfrom\s+reserves", re.IGNORECASE)
_ADDITION = re.compile(r"\bcontribution\s+to\s+reserves|\bsurplus\b|\bto\s+reserves", re.IGNORECASE)
_BOTTOM = re.compile(r"^\s*net\b|reserves|surplus|deficit|position", re.IGNORECASE)
_STOP = {"total", "totals", "sub", "subtotal", "the", "of", "and", "for", "&", "to", "in", "grand", "overall"}
_DATEISH = re.compile(
    r"\b(?:\d{1,2}[-/ ](?:[A-Za-z]{3,9}|\d{1,2})[-/ ](?:\d{4}|\d{2})|(?:19|20)\d{2}(?:\s*[/-]\s*\d{1,4})?|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|at|as)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- arithmetic


def allowance(total: Figure, parts: list[Figure]) -> Decimal:
    """How far printed rounding can put the parts from the total (half a printed unit of
    each figure; a part printed more coarsely than its total counts only half a unit of
    the total)."""
    step = total.precision
    return step / 2 + sum((min(p.precision, step) / 2 for p in parts), Decimal(0))


def holds(figures: list[Figure], total: int, plus: list[int], minus: list[int] = (), tolerance: Decimal | None = None) -> bool:  # type: ignore[assignment]
    """Whether the figures ``plus`` less ``minus`` make ``total`` within rounding."""
    t = figures[total]
    parts = [figures[i] for i in (*plus, *minus)]
    if not plus or any(p.is_range for p in parts) or t.is_range:
        return False
    added = sum((figures[i].value for i in plus), Decimal(0)) - sum((figures[i].value for i in minus), Decimal(0))
    slack = max(allowance(t, parts), tolerance or Decimal(0))
    return abs(t.value - added) <= slack


# --------------------------------------------------------------------------- one table


@dataclass
class _Column:
    plain: list[int] = field(default_factory=list)  # rows since the last total or section
    open: list[int] = field(default_factory=list)  # total rows no later total has taken
    loose: list[int] = field(default_factory=list)  # rows a total left out
    sectioned: bool = False
    # running figures of the plain rows, so a row can be tried as their sub-total at once
    added: Decimal = Decimal(0)
    half_units: Decimal = Decimal(0)
    coarsest: Decimal = Decimal(0)
    nonzero: int = 0

    def take(self, row: int, figure: Figure) -> None:
        self.plain.append(row)
        self.added += figure.value
        self.half_units += figure.precision / 2
        self.coarsest = max(self.coarsest, figure.precision)
        self.nonzero += figure.value != 0

    def clear(self) -> None:
        self.plain = []
        self.added = self.half_units = self.coarsest = Decimal(0)
        self.nonzero = 0

    def sums_to(self, total: Figure, tolerance: Decimal | None) -> bool:
        """Whether the plain rows make ``total`` within rounding (quick when no part is
        printed more coarsely than the total; see :func:`allowance`)."""
        if self.coarsest > total.precision or total.is_range:
            return False
        slack = max(total.precision / 2 + self.half_units, tolerance or Decimal(0))
        return abs(total.value - self.added) <= slack


@dataclass
class TableSums:
    """What one table leaves open for a total across tables: per money column, the
    figures no total of the table took (its totals and any rows they left out)."""

    read: TableRead
    open: dict[int, list[int]]
    pending_balances: list[tuple[int, int]] = field(default_factory=list)  # (b/f row, c/f row)


def _single(read: TableRead, row: int, col: int) -> int | None:
    """The one figure of a cell (None for an empty cell, or a merged cell of several)."""
    found = read.value_at(row, col)
    if len(found) == 1 and read.spans.get((row, col), 1) == 1:
        return found[0]
    if len(found) > 1 and read.spans.get((row, col), 1) == 1:
        return found[0]  # "10409.00 11365.54": the column's figure, a sub-total printed beside it
    return None


def _words(label: str) -> set[str]:
    words = {w.rstrip("s") for w in re.findall(r"[a-z]+", label.lower())}
    return {w for w in words if w not in _STOP and len(w) > 2}


def _group(figures: list[Figure], total: int, kind: str, plus: list[int], minus: list[int] = (), *,  # type: ignore[assignment]
           inferred: bool = False, tolerance: Decimal | None = None) -> None:
    figures[total].groups.append(Group(kind, list(plus), list(minus), inferred, tolerance))


def table_sums(read: TableRead, figures: list[Figure], tolerance: Decimal | None = None) -> TableSums:
    """Record every sum the table prints on its totals' figures (see the module doc)."""
    rows = read.rows()
    label_of = {r.index: r.label for r in rows}
    statement_rows, pending = _statements(read, figures, tolerance)
    state = {c: _Column() for c in read.money_columns}
    body_rows = [r.index for r in rows if r.kind not in (RowKind.header, RowKind.section) and any(read.value_at(r.index, c) for c in read.money_columns)]
    last = body_rows[-1] if body_rows else None

    def value(row: int, col: int) -> int | None:
        return _single(read, row, col)

    boxes = _numbered_boxes(rows)
    for row in rows:
        if row.kind in (RowKind.header, RowKind.section):
            for st in state.values():
                st.loose.extend(st.plain)
                st.clear()
                st.sectioned = True
            continue
        if row.index in statement_rows:
            continue
        cols = [c for c in read.money_columns if value(row.index, c) is not None]
        if not cols:
            continue
        if row.kind in (RowKind.total, RowKind.subtotal) and not boxes:
            for c in cols:
                _close(figures, state[c], row.index, c, value, label_of, tolerance, inferred=False)
            continue
        if _NET.match(row.label) and not _OPENING.search(row.label) and _net(figures, state, row.index, cols, value, label_of, tolerance):
            continue
        if _inferred_total(figures, state, row.index, cols, value, tolerance, last=row.index == last and (not row.label or bool(_BOTTOM.search(row.label)))):
            continue
        for c in cols:
            state[c].take(row.index, figures[value(row.index, c)])
    _row_sums(read, figures, tolerance)
    _movements(read, figures, tolerance)
    open_items = {}
    for c, st in state.items():
        items = [value(r, c) for r in (*st.open, *st.loose, *st.plain)]
        open_items[c] = [i for i in items if i is not None]
    return TableSums(read, open_items, pending)


def _numbered_boxes(rows: list[TableRow]) -> bool:
    """Rows numbered 1, 2, 3 ... down their labels: the boxes of a form ("3 Total Other
    Receipts" names a box; it is no total of the rows above it)."""
    numbers = [int(m.group(1)) for r in rows if (m := re.match(r"\s*(\d{1,2})\s+\D", r.label))]
    return len(numbers) >= 3 and sum(1 for a, b in pairwise(numbers) if b == a + 1) >= len(numbers) - 2


def _close(figures: list[Figure], st: _Column, row: int, col: int, value, label_of: dict[int, str],  # type: ignore[no-untyped-def]
           tolerance: Decimal | None, *, inferred: bool, kind_hint: str | None = None) -> None:
    """A total row in one column: take the reading of its parts whose arithmetic holds."""
    total = value(row, col)
    plain = [value(r, col) for r in st.plain]
    opened = [value(r, col) for r in st.open]
    hypotheses: list[tuple[str, list[int], list[int]]] = []  # (kind, figure parts, rows taken)
    if st.plain:
        hypotheses.append(("column", plain, st.plain))
    if st.open and st.plain:
        hypotheses.append(("running", opened + plain, st.open + st.plain))
    if st.open and not st.plain:
        hypotheses.append(("grand", opened, list(st.open)))
    if st.loose and (st.open or st.plain):
        # rows a section left without a sub-total of its own, with the totals and rows since
        hypotheses.append(("grand", [value(r, col) for r in st.loose] + opened + plain, st.loose + st.open + st.plain))
    if not hypotheses:
        st.open.append(row)
        return
    chosen = next((h for h in hypotheses if holds(figures, total, h[1], tolerance=tolerance)), None)
    if chosen is None and len(st.plain) > 2:
        named = _words(label_of.get(row, ""))
        if named:
            for k in range(len(st.plain) - 1, 1, -1):
                tail = st.plain[-k:]
                if all(named & _words(label_of.get(r, "")) for r in tail) and holds(figures, total, [value(r, col) for r in tail], tolerance=tolerance):
                    chosen = ("column", [value(r, col) for r in tail], tail)
                    break
    if chosen is None:
        chosen = hypotheses[0]
    kind, parts, taken = chosen
    _group(figures, total, kind_hint or kind, parts, inferred=inferred, tolerance=tolerance)
    st.loose = [r for r in st.loose if r not in taken] + [r for r in st.plain if r not in taken]
    st.open = [r for r in st.open if r not in taken] + [row]
    st.clear()
    st.sectioned = False


def _inferred_total(figures: list[Figure], state: dict[int, _Column], row: int, cols: list[int], value, tolerance: Decimal | None, *, last: bool) -> bool:  # type: ignore[no-untyped-def]
    """A row no label calls a total that adds up the rows above it in its money columns."""
    agree = disagree = 0
    for c in cols:
        st = state[c]
        if st.nonzero < 2:
            if st.plain or st.open:
                disagree += 1
            continue
        total = value(row, c)
        if st.sums_to(figures[total], tolerance) or (
            st.coarsest > figures[total].precision and holds(figures, total, [value(r, c) for r in st.plain], tolerance=tolerance)
        ):
            agree += 1
        else:
            disagree += 1
    if disagree or not (agree >= 2 or (agree >= 1 and last)):
        return False
    for c in cols:
        _close(figures, state[c], row, c, value, {}, tolerance, inferred=True, kind_hint="column")
    return True


def _net(figures: list[Figure], state: dict[int, _Column], row: int, cols: list[int], value, label_of: dict[int, str], tolerance: Decimal | None) -> bool:  # type: ignore[no-untyped-def]
    """A "Net ..." row: the first open total less the others, or a running total of an
    open total and the rows since, or rows above with liabilities taken away."""
    done = False
    for c in cols:
        st = state[c]
        total = value(row, c)
        opened = [value(r, c) for r in st.open]
        plain = [value(r, c) for r in st.plain]
        if not st.plain and len(st.open) >= 2:
            if holds(figures, total, opened[:1], opened[1:], tolerance):
                _group(figures, total, "net", opened[:1], opened[1:], tolerance=tolerance)
            elif holds(figures, total, opened, tolerance=tolerance):
                _group(figures, total, "grand", opened, tolerance=tolerance)
            else:
                _group(figures, total, "net", opened[:1], opened[1:], inferred=True, tolerance=tolerance)
            st.open.append(row)
            done = True
        elif st.plain and st.open and holds(figures, total, opened + plain, tolerance=tolerance):
            _group(figures, total, "running", opened + plain, inferred=True, tolerance=tolerance)
            st.open = [row]
            st.clear()
            done = True
        elif st.plain and not st.open:
            plus = [value(r, c) for r in st.plain if not _takes_away(label_of.get(r, ""))]
            minus = [value(r, c) for r in st.plain if _takes_away(label_of.get(r, ""))]
            if holds(figures, total, plus, minus, tolerance):
                _group(figures, total, "net", plus, minus, inferred=True, tolerance=tolerance)
                st.open = [row]
                st.clear()
                done = True
    return done


def _statements(read: TableRead, figures: list[Figure], tolerance: Decimal | None) -> tuple[set[int], list[tuple[int, int]]]:
    """Balance statements: opening row, rows added or deducted, closing row."""
    rows = [r for r in read.rows() if r.kind not in (RowKind.header, RowKind.section)]
    taken: set[int] = set()
    pending: list[tuple[int, int]] = []
    i = 0
    while i < len(rows):
        opening = rows[i]
        if not _OPENING.search(opening.label) or not any(read.value_at(opening.index, c) for c in read.money_columns):
            i += 1
            continue
        j = i + 1
        while j < len(rows) and not _CLOSING.search(rows[j].label) and not _OPENING.search(rows[j].label) and j - i <= 8:
            j += 1
        if j >= len(rows) or not _CLOSING.search(rows[j].label) or rows[j].kind in (RowKind.total, RowKind.subtotal):
            i += 1
            continue
        closing, between = rows[j], rows[i + 1 : j]
        if not _same_account(opening.label, closing.label):
            i += 1
            continue
        if not between:
            pending.append((opening.index, closing.index))
        for c in read.money_columns:
            o, t = _single(read, opening.index, c), _single(read, closing.index, c)
            if o is None or t is None or not between:
                continue
            moves = [(x, _takes_away(r.label)) for r in between if (x := _single(read, r.index, c)) is not None]
            plus, minus, inferred = signed_reading(figures, t, [o], moves, tolerance)
            _group(figures, t, "balance", plus, minus, inferred=inferred, tolerance=tolerance)
        taken.update(r.index for r in rows[i : j + 1])
        i = j + 1
    return taken, pending


_CARRY_WORDS = re.compile(
    r"\b(?:brought|carried|forward|b/fwd|c/fwd|b/f|c/f|opening|closing|balances?|at|the|start|end|beginning|of|year|"
    r"1st|31st|\d+|april|march)\b",
    re.IGNORECASE,
)


def signed_reading(
    figures: list[Figure], total: int, opening: list[int], moves: list[tuple[int, bool]],
    tolerance: Decimal | None, *, search: bool = True,
) -> tuple[list[int], list[int], bool]:
    """How a statement's rows make its closing figure: ``(plus, minus, inferred)``.

    ``opening`` is added; each of ``moves`` is (figure, whether its label takes it away).
    The labels' reading where it holds; else, with a figure printed negative under a label
    that takes it away ("Payments (1,500.00)") read as already signed, where that holds;
    else, when ``search`` and other signs for the rows no label takes away make it hold
    (a label the word list does not know, "Salaries"), the labels' reading marked
    inferred, so the validator warns rather than fails; else the labels' reading."""
    plus = opening + [i for i, away in moves if not away]
    minus = [i for i, away in moves if away]
    if holds(figures, total, plus, minus, tolerance):
        return plus, minus, False
    printed_negative = [i for i in minus if figures[i].value < 0]
    if printed_negative:
        signed_plus = plus + printed_negative
        signed_minus = [i for i in minus if i not in printed_negative]
        if holds(figures, total, signed_plus, signed_minus, tolerance):
            return signed_plus, signed_minus, False
    unsure = [i for i, away in moves if not away]
    if search and unsure and len(unsure) <= 10:
        for flips in product((False, True), repeat=len(unsure)):
            if any(flips):
                p = opening + [i for i, away in zip(unsure, flips) if not away]
                m = minus + [i for i, away in zip(unsure, flips) if away]
                if holds(figures, total, p, m, tolerance):
                    return plus, minus, True
    return plus, minus, False


def _same_account(opening: str, closing: str) -> bool:
    """Whether a closing row closes the opening row's account: the same words once the
    carrying words are left out ("General Fund b/f" / "General Fund c/f"), or a closing
    row that is just "Balance" ("2017/18 Budgets Carried Forward" does not close "Net
    expenditure brought forward")."""
    rest_open = set(_CARRY_WORDS.sub(" ", opening).lower().split())
    rest_close = set(_CARRY_WORDS.sub(" ", closing).lower().split())
    return not rest_close or bool(rest_open & rest_close) or (not rest_open and re.search(r"balance", closing, re.IGNORECASE) is not None)


def _row_sums(read: TableRead, figures: list[Figure], tolerance: Decimal | None) -> None:
    """Each row's figure in a Total column: the sum of its period (or plain amount) cells;
    where that does not hold but adding the row's other spend or amount columns does
    ("Spent to date" beside the years of a capital programme) that sum; and where neither
    holds while the row prints figures in columns not added (a "Prior years" column read
    as a count), the sum is inferred, as the Total may cover them (a budget, forecast or
    variance column beside the spend is never a part)."""
    columns = read.columns
    totals = [c for c in read.table.total_columns if c in read.money_columns]
    if not totals:
        return
    periods = [c for c in read.money_columns if c not in totals and columns[c].year]
    parts_of = periods or [c for c in read.money_columns if c not in totals and columns[c].role is ColumnRole.amount]
    if not parts_of:
        return
    more = [c for c in read.money_columns if c not in totals and c not in parts_of and columns[c].role in (ColumnRole.actual, ColumnRole.amount)]
    for row in read.rows():
        if row.kind in (RowKind.header, RowKind.section):
            continue
        for tc in totals:
            total = _single(read, row.index, tc)
            if total is None:
                continue
            parts = _row_parts(read, row.index, tc, totals, parts_of)
            if not parts:
                continue
            inferred = False
            if not holds(figures, total, parts, tolerance=tolerance):
                wider = _row_parts(read, row.index, tc, totals, parts_of + more)
                if len(wider) > len(parts) and holds(figures, total, wider, tolerance=tolerance):
                    parts = wider
                else:
                    inferred = _unread(read, row, tc, totals, parts_of + more)
            _group(figures, total, "row", parts, inferred=inferred, tolerance=tolerance)


def _row_parts(read: TableRead, row: int, tc: int, totals: list[int], parts_of: list[int]) -> list[int]:
    """The row's figures in the ``parts_of`` columns (a merged cell's figures count each)."""
    parts: list[int] = []
    for (r, c), found in sorted(read.cells.items()):
        if r != row or c == tc or c in totals:
            continue
        covered = range(c, c + read.spans.get((r, c), 1))
        if any(k in parts_of for k in covered):
            parts.extend(found if read.spans.get((r, c), 1) > 1 else found[:1])
    return parts


_NOT_PARTS = (
    ColumnRole.label, ColumnRole.text, ColumnRole.empty, ColumnRole.row_number, ColumnRole.code, ColumnRole.date,
    ColumnRole.percent, ColumnRole.variance_pct, ColumnRole.budget, ColumnRole.forecast, ColumnRole.variance,
)


def _unread(read: TableRead, row: TableRow, tc: int, totals: list[int], tried: list[int]) -> bool:
    """Whether the row prints a figure in a column its Total may cover but that no reading
    tried (not a period, spend or amount column, nor a budget, forecast, variance or percent)."""
    return any(
        cell.column not in tried and cell.column not in totals and cell.column != tc
        and cell.column < len(read.columns) and read.columns[cell.column].role not in _NOT_PARTS
        and is_figure(cell.text)
        for cell in row.cells
    )


def _plain_header(header: str) -> str:
    return " ".join(_DATEISH.sub(" ", header).split()).lower()


def _movements(read: TableRead, figures: list[Figure], tolerance: Decimal | None) -> None:
    """Opening column + movement column = closing column, row by row."""
    columns = read.columns
    money = read.money_columns
    for m in money:
        if columns[m].role is not ColumnRole.variance or not re.search(r"movement|change", columns[m].header, re.IGNORECASE):
            continue
        left = [c for c in money if c < m]
        right = [c for c in money if c > m]
        if not left or not right:
            continue
        a, b = left[-1], right[0]
        if not _plain_header(columns[a].header) or _plain_header(columns[a].header) != _plain_header(columns[b].header):
            continue
        for row in read.rows():
            x, y, z = (_single(read, row.index, c) for c in (a, m, b))
            if x is not None and y is not None and z is not None:
                _group(figures, z, "movement", [x, y], tolerance=tolerance)


# --------------------------------------------------------------------------- across tables


def paper_sums(sums: list[TableSums], figures: list[Figure], tolerance: Decimal | None = None) -> None:
    """Totals across tables and balances carried from the table before (module doc)."""
    window: list[TableSums] = []
    for current in sums:
        read = current.read
        body = [r for r in read.rows() if r.kind not in (RowKind.header, RowKind.section)]
        only_totals = bool(body) and all(r.kind in (RowKind.total, RowKind.subtotal) for r in body)
        if only_totals and window and _across(current, window, figures, tolerance):
            window = [current]
            continue
        if current.pending_balances:
            _carried(current, window[-1] if window else None, figures, tolerance)
        window.append(current)
        window = window[-4:]


def _gap(figures: list[Figure], total: int, parts: list[int]) -> Decimal:
    return abs(figures[total].value - sum((figures[i].value for i in parts), Decimal(0)))


def _across(current: TableSums, window: list[TableSums], figures: list[Figure], tolerance: Decimal | None) -> bool:
    read = current.read
    totals = [x for r in read.rows() if r.kind in (RowKind.total, RowKind.subtotal)
              for c in read.money_columns if (x := _single(read, r.index, c)) is not None]
    if len(totals) != 1:
        return False
    total = totals[0]
    choices = [[items for items in t.open.values() if items] for t in window]
    choices = [c for c in choices if c]
    if not choices or len(list(product(*choices))) > 64:
        return False
    fitting = [
        parts for combo in product(*choices)
        if len(parts := [i for items in combo for i in items]) >= 2 and holds(figures, total, parts, tolerance=tolerance)
    ]
    if not fitting:
        return False
    parts = min(fitting, key=lambda p: _gap(figures, total, p))  # market value, not book cost
    _group(figures, total, "across", parts, inferred=True, tolerance=tolerance)
    current.open = {c: [total] for c in read.money_columns if _single(read, read.rows()[-1].index, c) is not None} or {0: [total]}
    return True


def _carried(current: TableSums, before: TableSums | None, figures: list[Figure], tolerance: Decimal | None) -> None:
    """b/f then c/f with nothing between: the movement is the bottom line just above them
    (the row before, or the last row of the table before), in the same column, added or
    taken away as its label says."""
    read = current.read
    for opening, closing in current.pending_balances:
        above = [r for r in read.rows() if r.index < opening and r.kind not in (RowKind.header, RowKind.section)]
        if above and _BOTTOM.search(above[-1].label):
            prior, bottom = read, above[-1]
        elif before is not None and len(read.columns) == len(before.read.columns):
            prior = before.read
            bottom = next((r for r in reversed(prior.rows()) if r.kind not in (RowKind.header, RowKind.section)), None)
            if bottom is None or not _BOTTOM.search(bottom.label):
                continue
        else:
            continue
        for c in read.money_columns:
            o, t = _single(read, opening, c), _single(read, closing, c)
            x = _single(prior, bottom.index, c) if c in prior.money_columns else None
            if o is None or t is None or x is None:
                continue
            if _USE.search(bottom.label) or _ADDITION.search(bottom.label):
                # the label says which way the line moves the balance, but councils sign it
                # either way ("Surplus / (deficit)", "(use of reserves)" printed positive), and
                # only the layout ties the c/f row to it: the other sign where that alone
                # holds, and a warning where neither does
                said = ([o], [x]) if _USE.search(bottom.label) else ([o, x], [])
                other = ([o, x], []) if said[1] else ([o], [x])
                if holds(figures, t, *said, tolerance=tolerance):
                    _group(figures, t, "carried", *said, tolerance=tolerance)
                elif holds(figures, t, *other, tolerance=tolerance):
                    _group(figures, t, "carried", *other, inferred=True, tolerance=tolerance)
                else:
                    _group(figures, t, "carried", *said, inferred=True, tolerance=tolerance)
            elif holds(figures, t, [o], [x], tolerance):
                _group(figures, t, "carried", [o], [x], inferred=True, tolerance=tolerance)
            elif holds(figures, t, [o, x], tolerance=tolerance):
                _group(figures, t, "carried", [o, x], inferred=True, tolerance=tolerance)
