"""Performance tables: indicator rows from real tables and from tables flattened into lines.

Both layouts become a :class:`KpiTable` (value-column headers and rows of located value
cells), and one builder turns its rows into Indicator records:

* a table the structure stage read (:class:`schemas.structure.TableStructure`: a ruled
  PDF table, a borderless one, a web or Markdown table) whose header names an indicator,
  a target, periods or a change ("Indicator | April 18 – Mar 19 average | Apr-19 |
  Percentage change"); a money table is not one;
* a flattened table, as paper 003's text form prints it: a header cell per line under
  a line that names the first column ("Indicator"), then rows "Consultations 84 105
  +25%", where a long name may stand on its own line above its numbers.

Column roles come from the headers: target, floor, change, RAG, baseline ("Previous",
"Baseline", "Last year"), current ("Latest", "Current", "Actual"); other value columns
are periods, and the latest two (by their dates, else left to right) are the baseline
and the current value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.common import source
from pipeline.extract.dates import find_dates
from pipeline.extract.indicators.values import (
    as_rise_or_fall,
    infer_unit,
    percent_change,
    point_change,
    polarity,
    read_change,
    read_value,
    split_code,
    split_target,
    strip_polarity,
)
from pipeline.extract.money import table_unit
from schemas.records import Document, Indicator, IndicatorValue
from schemas.structure import RowKind, TableStructure

_ROLES = [
    ("target", re.compile(r"\btargets?\b", re.IGNORECASE)),
    ("floor", re.compile(r"\bfloor\b|\bminimum\s+standard\b", re.IGNORECASE)),
    ("change", re.compile(r"change|difference|variance|movement|\+/-|\bdiff\b", re.IGNORECASE)),
    ("rag", re.compile(r"\bRAG\b|\bstatus\b|\brating\b", re.IGNORECASE)),
    ("direction", re.compile(r"direction|trend|\bDoT\b", re.IGNORECASE)),
    ("polarity", re.compile(r"polarity|good\s+is|better", re.IGNORECASE)),
    (
        "baseline",
        re.compile(r"baseline|previous|prior|last\s+(?:year|quarter|month|period)", re.IGNORECASE),
    ),
    (
        "current",
        re.compile(r"current|latest|actual|this\s+(?:year|quarter|month)|outturn", re.IGNORECASE),
    ),
]
_ROLE_WORDS = re.compile(
    r"baseline|previous|prior|last\s+(?:year|quarter|month|period)|current|latest|actual|"
    r"this\s+(?:year|quarter|month)|outturn|value|position|performance|[():,]",
    re.IGNORECASE,
)
_TABLE_WORDS = re.compile(
    r"indicator|measure|\bkpi|metric|performance|target|baseline|latest|previous|current|"
    r"change|actual|outturn",
    re.IGNORECASE,
)
_NAME_HEADER_START = re.compile(
    r"^(?:key\s+)?(?:performance\s+)?(?:indicator|measure|kpi|metric)s?(?:\s+name)?(?:\s+description)?(?=\s|$)",
    re.IGNORECASE,
)
_RAG = re.compile(
    r"^(?:red|amber|green|amber/green|red/amber|blue|grey|r|a|g|ag|ra)$", re.IGNORECASE
)


@dataclass(frozen=True)
class KpiCell:
    text: str
    start: int | None = None
    end: int | None = None


@dataclass
class KpiRow:
    name: str
    cells: list[KpiCell]  # one per value column
    span: tuple[int, int]


@dataclass
class KpiTable:
    headers: list[str]  # one per value column
    rows: list[KpiRow]
    caption: str = ""


# --------------------------------------------------------------------------- building


def _roles(headers: list[str]) -> list[str]:
    roles = []
    for header in headers:
        role = next((name for name, pattern in _ROLES if pattern.search(header)), "period")
        roles.append(role)
    periods = [i for i, r in enumerate(roles) if r == "period"]
    if "baseline" not in roles or "current" not in roles:
        dated = [(i, find_dates(headers[i])) for i in periods]
        if dated and all(d for _, d in dated):
            periods.sort(key=lambda i: _date_key(headers[i]))
        if "current" not in roles and periods:
            roles[periods.pop()] = "current"
        if "baseline" not in roles and periods:
            roles[periods.pop()] = "baseline"
    return roles


def _date_key(header: str) -> str:
    """When a period column ends (its last month), for putting periods in order."""
    first = find_dates(header)[0]
    return first.end_iso or first.iso


def _period(header: str) -> str | None:
    """The period a value column's header gives ("Apr-19"), without role words."""
    if not header:
        return None
    if not _ROLE_WORDS.search(header):
        return header.strip() or None
    dates = find_dates(header)
    if dates:
        return header[dates[0].start : dates[-1].end]
    rest = _ROLE_WORDS.sub(" ", header).strip()
    return rest or None


def build_indicators(doc: Document, table: KpiTable) -> list[Indicator]:
    """One Indicator per row of a performance table."""
    roles = _roles(table.headers)
    out: list[Indicator] = []
    col = {role: roles.index(role) for role in set(roles)}
    for row in table.rows:
        name, target_in_name = split_target(row.name)
        name, _code = split_code(strip_polarity(name))
        if not name:
            continue

        def cell(role: str, row: KpiRow = row) -> KpiCell | None:
            i = col.get(role)
            return row.cells[i] if i is not None and i < len(row.cells) else None

        base_cell, cur_cell = cell("baseline"), cell("current")
        base = read_value(base_cell.text) if base_cell else None
        cur = read_value(cur_cell.text) if cur_cell else None
        if base is None and cur is None:
            continue
        target_cell, floor_cell = cell("target"), cell("floor")
        target = read_value(target_cell.text) if target_cell else None
        target = target or target_in_name
        floor = read_value(floor_cell.text) if floor_cell else None
        change_cell = cell("change")
        change_header = table.headers[col["change"]] if "change" in col else ""
        stated_pct, stated_points = (
            read_change(change_cell.text, change_header) if change_cell else (None, None)
        )
        value_headers = [table.headers[col[r]] for r in ("baseline", "current") if r in col]
        unit = infer_unit([base, cur], name, value_headers)
        rag_cell = cell("rag")
        rag = rag_cell.text.strip() if rag_cell and _RAG.match(rag_cell.text.strip()) else None
        higher = polarity(row.name, " ".join(table.headers), table.caption)
        if (
            higher is None
            and target is not None
            and floor is not None
            and target.value != floor.value
        ):
            higher = target.value > floor.value
        b, c = (base.value if base else None), (cur.value if cur else None)
        out.append(
            Indicator(
                doc_id=doc.doc_id,
                name=name,
                unit=unit,
                target=target.value if target else None,
                floor=floor.value if floor else None,
                baseline=IndicatorValue(
                    value=b,
                    period=_period(table.headers[col["baseline"]]) if "baseline" in col else None,
                    text=base.text if base else None,
                ),
                current=IndicatorValue(
                    value=c,
                    period=_period(table.headers[col["current"]]) if "current" in col else None,
                    text=cur.text if cur else None,
                ),
                stated_change_pct=as_rise_or_fall(stated_pct, change_cell.text if change_cell else None, higher),
                stated_change_text=change_cell.text.strip()
                if change_cell and change_cell.text.strip()
                else None,
                stated_change_points=as_rise_or_fall(stated_points, change_cell.text if change_cell else None, higher),
                computed_change_pct=percent_change(b, c),
                computed_change_points=point_change(b, c) if unit == "percent" else None,
                higher_is_better=higher,
                rag=rag,
                source=source(doc, *row.span),
            )
        )
    return out


# --------------------------------------------------------------------------- grids


def _is_header_value(text: str) -> bool:
    """A header cell may hold a year or a date, but not a measured value."""
    reading = read_value(text)
    if reading is None:
        return True
    return (
        reading.unit == "count"
        and reading.value == reading.value.to_integral_value()
        and 1990 <= reading.value <= 2099
    )


def kpi_table(table: TableStructure) -> KpiTable | None:
    """The table as a performance table, or None when it is not one (money tables are not)."""
    rows = table.rows
    if len(rows) < 2:
        return None
    if any("£" in c.text for row in rows for c in row.cells) or table_unit(table.caption or ""):
        return None
    width = len(table.columns)

    def texts(row) -> list[str]:  # type: ignore[no-untyped-def]
        cells = [""] * width
        for cell in row.cells:
            if cell.column < width:
                cells[cell.column] = cell.text
        return cells

    header = texts(rows[0])
    if not all(_is_header_value(t) for t in header[1:]) or not header[0] or read_value(header[0]):
        return None
    headers = header[1:]
    if table.header_rows > 1:
        headers = [c.header for c in table.columns[1:]]
    if not (_TABLE_WORDS.search(" ".join(header)) or sum(bool(find_dates(h)) for h in headers) >= 2):
        return None
    out: list[KpiRow] = []
    for row in rows[max(1, table.header_rows) :]:
        if row.kind is RowKind.header or row.char_start is None or row.char_end is None:
            continue
        by_column = {c.column: c for c in row.cells}
        first = by_column.get(0)
        if first is None or not first.text:
            continue
        values = [
            KpiCell(by_column[i].text, by_column[i].char_start, by_column[i].char_end) if i in by_column else KpiCell("")
            for i in range(1, width)
        ]
        if sum(read_value(v.text) is not None for v in values) < 1:
            continue
        out.append(KpiRow(row.label or first.text, values[: len(headers)], (row.char_start, row.char_end)))
    if not out:
        return None
    return KpiTable(headers=headers, rows=out, caption=table.caption or "")


# --------------------------------------------------------------------------- flattened


_TOKEN = re.compile(r"\S+")


def _trailing_values(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """A row line split into its name and its trailing value tokens (with offsets)."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(line)]
    values: list[tuple[int, int, str]] = []
    while tokens and (read_value(tokens[-1][2]) is not None or tokens[-1][2] in {"-", "–", "n/a"}):
        values.insert(0, tokens.pop())
    name = line[: tokens[-1][1]].strip() if tokens else ""
    return name, values


def _split_header(line: str, n: int) -> list[str]:
    """Header cells joined on one line ("2020-21 2021-22 Percentage change"): each date
    is a cell, and so is each stretch of words between them."""
    cells: list[str] = []
    pos = 0

    def words(segment: str) -> None:
        segment = segment.strip()
        if not segment:
            return
        if cells and segment[0].islower():  # "April 18 – Mar 19 average"
            cells[-1] += " " + segment
        else:
            cells.append(segment)

    for d in find_dates(line):
        words(line[pos : d.start])
        cells.append(d.text)
        pos = d.end
    words(line[pos:])
    return cells if len(cells) == n else [line]


def _merge_headers(lines: list[str], n: int) -> list[str]:
    headers = list(lines)
    while len(headers) > n:
        join = next((i for i in range(len(headers) - 1) if headers[i + 1][:1].islower()), None)
        if join is None:
            join = len(headers) - 2
        headers[join : join + 2] = [headers[join] + " " + headers[join + 1]]
    return headers + [""] * (n - len(headers))


def flattened_tables(lines: list[tuple[int, int, str]], taken: list[tuple[int, int]]) -> list[KpiTable]:
    """Tables whose cells were flattened into lines under a first-column header line
    (``lines``: the lines of the paper's prose blocks, in reading order)."""
    tables: list[KpiTable] = []
    i = 0
    while i < len(lines):
        s, _e, line = lines[i]
        head = _NAME_HEADER_START.match(line.strip())
        if not head or any(a <= s < b for a, b in taken):
            i += 1
            continue
        inline = line.strip()[head.end() :].strip()  # header cells joined on one line
        content = [j for j in range(i + 1, min(len(lines), i + 40)) if lines[j][2].strip()]
        first_row = next(
            (k for k, j in enumerate(content) if len(_trailing_values(lines[j][2])[1]) >= 2), None
        )
        if first_row is None:
            i += 1
            continue
        name, _ = _trailing_values(lines[content[first_row]][2])
        head_end = first_row if name else first_row - 1
        header_lines = [lines[j][2].strip() for j in content[:head_end]]
        if inline:
            header_lines = [inline, *header_lines]
        if not header_lines or any(len(_trailing_values(h)[1]) >= 2 for h in header_lines):
            i += 1
            continue
        rows, last = _flattened_rows(lines, content[head_end:])
        if not rows:
            i += 1
            continue
        n = max(len(r[1]) for r in rows)
        if len(header_lines) == 1 and n > 1:
            header_lines = _split_header(header_lines[0], n)
        headers = _merge_headers(header_lines, n)
        table = KpiTable(headers=headers, rows=[])
        for name, values, span in rows:
            cells = [KpiCell(t, a, b) for a, b, t in values]
            cells = [KpiCell("")] * (n - len(cells)) + cells if len(cells) < n else cells
            table.rows.append(KpiRow(name, cells, span))
        tables.append(table)
        i = last + 1
    return tables


def _flattened_rows(
    lines: list[tuple[int, int, str]], indices: list[int]
) -> tuple[list[tuple[str, list[tuple[int, int, str]], tuple[int, int]]], int]:
    """Rows from the lines after a flattened header: "name v1 v2 v3", or a name line
    followed by a line of values.  Stops at the first line that is neither."""
    rows = []
    pending: tuple[int, str] | None = None  # a name line waiting for its values
    last = indices[0] if indices else 0
    for j in indices:
        start, end, line = lines[j]
        name, values = _trailing_values(line)
        located = [(start + a, start + b, t) for a, b, t in values]
        if values and not name and pending is not None:
            rows.append((pending[1], located, (pending[0], end)))
            pending = None
            last = j
        elif len(values) >= 2 and name and pending is None:
            rows.append((name, located, (start, end)))
            last = j
        elif not values and len(line) <= 120 and not line.strip().endswith((".", ":")):
            if pending is None:
                pending = (start, line.strip())
            elif len(pending[1]) + len(line) <= 200:  # a row name wrapped over lines
                pending = (pending[0], pending[1] + " " + line.strip())
            else:
                break
        else:
            break
    return rows, last
