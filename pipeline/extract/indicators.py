"""Indicators: performance rows from tables, flattened tables and KPI lists.

Three layouts, read in this order (a span read by one is not read again):

1. grids (ruled PDF tables, tab-separated or pipe lines) whose header reads as a
   performance table (:mod:`pipeline.extract.kpi_tables`);
2. tables flattened into lines under a first-column header such as "Indicator" (the
   text form of paper 003);
3. labelled-value lists: "Latest: 82% Target: 85% Floor: 80% Previous: 79% (Amber)"
   (:mod:`pipeline.extract.kpi_lists`), with the change the next line states in words;
4. a result stated in a sentence: "91% of patients ... were offered an appointment
   within 48 hours, against a target of 90%".

Each record quotes its row (or its entry's lines).  Changes are computed exactly:
``computed_change_pct`` = (current - baseline) / baseline x 100 to 0.01 (half up), and
for percentages ``computed_change_points`` = current - baseline.
"""

from __future__ import annotations

from pipeline.extract.nlp import Parsed

from pipeline.extract.grids import find_grids
from pipeline.extract.kpi_lists import kpi_list_indicators, prose_indicators
from pipeline.extract.kpi_tables import build_indicators, flattened_tables, kpi_table_from_grid
from schemas.records import Document, Indicator


def extract_indicators(doc: Document, parsed: Parsed | None = None) -> list[Indicator]:
    """Every performance indicator row of the paper, in text order."""
    out: list[Indicator] = []
    grids = find_grids(doc)
    taken: list[tuple[int, int]] = []
    for grid in grids:
        table = kpi_table_from_grid(grid)
        if table is not None:
            out.extend(build_indicators(doc, table))
        taken.append((grid.start, grid.end + 1))
    for table in flattened_tables(doc.text, taken):
        records = build_indicators(doc, table)
        out.extend(records)
        if table.rows:
            taken.append((table.rows[0].span[0], table.rows[-1].span[1] + 1))
    taken.extend((r.source.char_start, r.source.char_end + 1) for r in out)
    out.extend(kpi_list_indicators(doc, taken))
    taken.extend((r.source.char_start, r.source.char_end + 1) for r in out)
    out.extend(prose_indicators(doc, taken))
    out.sort(key=lambda r: r.source.char_start)
    return out
