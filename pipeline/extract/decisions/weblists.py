"""Lists of decisions on a web page (ModernGov's delegated, officer and published decisions,
CMIS decision lists): one Decision per row that is a decision.

A table is a list of decisions when it has a title column ("Title", "Decision",
"Subject") and its rows link to decision pages, or its caption or header names decisions.
A row is a decision when its title links to a decision page, or it links nowhere in a
list of decisions; a row linking elsewhere (ModernGov's issue history) is not.  Columns
are read by their header: "Date" (ModernGov prints the date a decision was made and
published) and "Published" give ``date_published``; "Date of decision", "Decision date"
``decision_date``; "Effective from" ``effective_from``; "Call-ins" ``call_in``; "Decision
maker" the maker; "Status" the status as printed; "Wards" the wards; "Reference".
Published decisions are taken unless their status says otherwise.
"""

from __future__ import annotations

import re

from pipeline.extract.decisions.build import decision_record
from pipeline.extract.decisions.header import DecisionNumber
from pipeline.extract.decisions.maker import Maker
from pipeline.extract.decisions.webfields import (
    decision_link,
    first_date,
    key_of,
    link_reference,
    read_call_in,
    read_flag,
    read_status,
    read_wards,
)
from pipeline.structure import Structure
from schemas.records import Decision, DecisionStatus, Document
from schemas.structure import Link, RowKind, TableRow, TableStructure

__all__ = ["list_decisions"]

_DECISIONS_WORD = re.compile(r"\bdecisions?\b", re.IGNORECASE)
_COLUMN_KEYS = {"published": "published", "date": "published"}


def _rows(struct: Structure, table: TableStructure) -> tuple[dict[int, str], list[TableRow]]:
    """The header of each column, and the body rows.  A web page says which rows are its
    header (``th`` cells); other tables keep the header rows the structure found."""
    tags = {line.start: line.tag for line in struct.lines}
    tagged = [tags.get(row.char_start) if row.char_start is not None else None for row in table.rows]
    if any(tag in ("th", "td") for tag in tagged):
        header = [row for row, tag in zip(table.rows, tagged) if tag == "th"]
        body = [row for row, tag in zip(table.rows, tagged) if tag == "td"]
        headers: dict[int, str] = {}
        for row in header:
            for cell in row.cells:
                headers[cell.column] = " ".join([headers.get(cell.column, ""), cell.text]).strip()
        return headers, body
    headers = {column.index: column.header for column in table.columns}
    return headers, [row for row in table.rows if row.kind is not RowKind.header]


def _columns(headers: dict[int, str]) -> dict[str, int]:
    """The column of each fact the header names (first column wins)."""
    found: dict[str, int] = {}
    for index, header in sorted(headers.items()):
        header = " ".join(header.split())
        key = key_of(header) or key_of(re.sub(r"\s*\(.*?\)\s*", " ", header))
        if key is None and re.search(r"\bcall[- ]?ins?\b", header, re.IGNORECASE):
            key = "call_in"
        if key is not None:
            found.setdefault(_COLUMN_KEYS.get(key, key), index)
    return found


def list_decisions(doc: Document, struct: Structure) -> list[Decision]:
    """One Decision per decision row of each list of decisions (module docstring)."""
    found: list[Decision] = []
    for block, table in struct.tables:
        if block.char_start is None or block.char_end is None:
            continue
        headers, body = _rows(struct, table)
        columns = _columns(headers)
        title = columns.get("title", columns.get("decision"))
        if title is None:
            continue
        links = [k for k in doc.links if block.char_start <= k.char_start < block.char_end]
        named = _DECISIONS_WORD.search(" ".join([table.caption or "", *headers.values()]))
        if not named and not any(decision_link(k.href) for k in links):
            continue
        for row in body:
            if row.char_start is None or row.char_end is None or row.kind in (RowKind.section, RowKind.total):
                continue
            decision = _row_decision(doc, table, row, columns, title, links)
            if decision is not None:
                found.append(decision)
    return found


def _row_decision(
    doc: Document, table: TableStructure, row: TableRow, columns: dict[str, int], title: int, links: list[Link],
) -> Decision | None:
    assert row.char_start is not None and row.char_end is not None
    text = doc.text
    cells = {cell.column: cell for cell in row.cells if cell.char_start is not None and cell.char_end is not None}
    title_cell = cells.get(title)
    if title_cell is None or not title_cell.text.strip():
        return None
    row_links = [k for k in links if row.char_start <= k.char_start < row.char_end]
    to_decision = [k for k in row_links if decision_link(k.href)]
    if row_links and not to_decision:
        return None  # a row linking to an issue history or a document: not a decision

    def value(key: str) -> str | None:
        cell = cells.get(columns[key]) if key in columns else None
        return " ".join(cell.text.split()) if cell is not None and cell.text.strip() else None

    def date(key: str) -> str | None:
        cell = cells.get(columns[key]) if key in columns else None
        if cell is None or cell.char_start is None or cell.char_end is None:
            return None
        found = first_date(text, cell.char_start, cell.char_end)
        return found.iso if found else None

    status_text = value("status")
    status = read_status(status_text) or DecisionStatus.taken
    reference = value("reference") or (link_reference(to_decision[0].href, to_decision[0].hidden) if to_decision else None)
    number = DecisionNumber(None, reference, (row.char_start, row.char_end), False) if reference else None
    maker_cell = cells.get(columns["maker"]) if "maker" in columns else None
    maker = None
    if maker_cell is not None and maker_cell.text.strip() and maker_cell.char_start is not None and maker_cell.char_end is not None:
        span = (maker_cell.char_start, maker_cell.char_end)
        maker = Maker(role=" ".join(maker_cell.text.split()), name=None, honorific=None, span=span, role_span=span)
    return decision_record(
        doc,
        status=status,
        number=number,
        maker=maker,
        subject=title_cell.text,
        key_decision=read_flag(value("key")),
        items=[],
        span=(row.char_start, row.char_end),
        missing=[],
        divisions=read_wards(value("wards") or "") if "wards" in columns else [],
        decision_date=date("decided"),
        reference=reference,
        status_text=status_text,
        date_published=date("published"),
        effective_from=date("effective"),
        call_in=read_call_in(value("call_in")),
    )

