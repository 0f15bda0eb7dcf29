"""Indicators: performance rows from tables, flattened tables, KPI lists and sentences.

Read from the paper's structure, in this order (a span read by one is not read again):

1. tables the structure stage read (:class:`schemas.structure.TableStructure`) whose header
   reads as a performance table (:mod:`.tables`); money tables are not;
2. tables flattened into lines of text under a first-column header such as "Indicator"
   (the text form of paper 003), read over the lines of the paper's prose blocks;
3. labelled-value lists: "Latest: 82% Target: 85% Floor: 80% Previous: 79% (Amber)"
   (:mod:`.lists`), with the change the next line states in words;
4. a result stated in a sentence: "91% of patients ... were offered an appointment
   within 48 hours, against a target of 90%".

Each record quotes its row (or its entry's lines).  Changes are computed exactly
(:mod:`.values`): ``computed_change_pct`` = (current - baseline) / baseline x 100 to 0.01
(half up), and for percentages ``computed_change_points`` = current - baseline.
"""

from __future__ import annotations

from pipeline.extract.nlp import Parsed

from pipeline.extract.indicators.lists import kpi_list_indicators, prose_indicators
from pipeline.extract.indicators.tables import build_indicators, flattened_tables, kpi_table
from pipeline.structure import Structure, structure
from schemas.records import Document, Indicator
from schemas.structure import BlockKind

__all__ = ["extract_indicators", "prose_lines"]


def prose_lines(struct: Structure) -> list[tuple[int, int, str]]:
    """The printed lines of the paper's blocks in reading order, as (start, end, text) in
    ``doc.text``: each block's own lines, page furniture and tables of two rows or more
    left out (their rows are read as tables)."""
    text = struct.doc.text
    out = []
    for block in struct.blocks:
        if block.char_start is None or block.char_end is None or block.kind is BlockKind.furniture:
            continue
        if block.kind is BlockKind.table and block.table is not None and len(block.table.rows) >= 2:
            continue
        start = block.char_start
        for line in text[block.char_start : block.char_end].split("\n"):
            out.append((start, start + len(line), line))
            start += len(line) + 1
    return out


def extract_indicators(doc: Document, parsed: Parsed | None = None, struct: Structure | None = None) -> list[Indicator]:
    """Every performance indicator row of the paper, in text order; ``struct`` is the
    paper's structure when the caller has read it already."""
    if not doc.text.strip():
        return []
    struct = struct or structure(doc)
    out: list[Indicator] = []
    taken: list[tuple[int, int]] = []
    for block, table in struct.tables:
        found = kpi_table(table)
        if found is not None:
            out.extend(build_indicators(doc, found))
            if block.char_start is not None and block.char_end is not None:
                taken.append((block.char_start, block.char_end + 1))
    lines = prose_lines(struct)
    for table in flattened_tables(lines, taken):
        records = build_indicators(doc, table)
        out.extend(records)
        if table.rows:
            taken.append((table.rows[0].span[0], table.rows[-1].span[1] + 1))
    taken.extend((r.source.char_start, r.source.char_end + 1) for r in out)
    out.extend(kpi_list_indicators(doc, lines, taken))
    taken.extend((r.source.char_start, r.source.char_end + 1) for r in out)
    out.extend(prose_indicators(doc, struct, taken))
    out.sort(key=lambda r: r.source.char_start)
    return out
