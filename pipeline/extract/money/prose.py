"""Money printed in prose: paragraphs, list items, label/value fields and headings.

Every block of the paper's structure but tables and page furniture is read for figures
(:func:`pipeline.extract.money.parse.find_money`); each figure quotes its sentence, found
inside its block (a sentence never crosses a block, and a list label such as "2.1" or
"a)" does not end one).  Table cells are read by :mod:`pipeline.extract.money.tables`.

A figure in brackets is negative where the brackets stand for a minus: inside the currency
("£(2.3)m"), or where the figure fills the sentence's slot for an amount ("a variance of
(£50,000)", "Net movement: (£450,000)").  After words that end a thought ("moved to next
year (£80,000)", "the grant (£1.2m)") the brackets are an aside and the figure is positive.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract.money.figure import Figure, Place
from pipeline.extract.money.parse import MoneyMatch, find_money, parse_money
from pipeline.structure import Structure
from schemas.structure import Block, BlockKind

_TERMINATOR = re.compile(r"[.!?;](?=\s+[\"'(•£\-A-Z0-9])")
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|Nos|Cllr|St|approx|vs|cf|para|Ref|c)|\b[A-Z])\.$"
)
_BULLET = re.compile(r"[•\-–*▪◦●■]\s+")
# words after which a bracketed figure fills the place of an amount (so it is negative)
_SLOT = re.compile(
    r"(?:\b(?:of|is|was|are|were|be|been|at|by|to|from|a|an|shows?|showing|records?|recording|"
    r"reports?|reporting|forecasts?|forecasting|variance|deficit|overspend|underspend|movement|"
    r"balance|position|shortfall|surplus|outturn|change|net|total|equals?|minus|less)|[:=])\s*$",
    re.IGNORECASE,
)


def sentences(text: str, start: int, end: int, label: str | None = None) -> list[tuple[int, int]]:
    """The sentence spans of ``text[start:end]`` (a block), a leading bullet and list
    label left out of the first."""
    bullet = _BULLET.match(text, start, end)
    if bullet:
        start = bullet.end()
    label_end = start
    if label and text.startswith(label, start):
        label_end = start + len(label)
    spans: list[tuple[int, int]] = []
    for m in _TERMINATOR.finditer(text, start, end):
        if m.start() < label_end:
            continue
        if _NO_BREAK_BEFORE.search(text, max(start, m.start() - 8), m.end()):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return spans


def _sentence_of(spans: list[tuple[int, int]], start: int, end: int, block: tuple[int, int]) -> tuple[int, int]:
    for s, e in spans:
        if s <= start < e:
            return s, max(e, min(end, block[1]))
    return block


def bracket_is_minus(text: str, m: MoneyMatch) -> bool:
    """Whether a figure printed in brackets, "(£50,000)", is negative here (see the
    module docstring)."""
    line_start = text.rfind("\n", 0, m.start) + 1
    before = text[line_start : m.start]
    if not before.strip():
        return True  # a figure alone at the start of a line: a statement's negative
    return bool(_SLOT.search(before))


def _read(text: str, start: int, end: int) -> list[MoneyMatch]:
    """The figures of ``text[start:end]``, brackets read as prose reads them."""
    out = []
    for m in find_money(text[start:end]):
        m = replace(m, start=m.start + start, end=m.end + start)
        if m.text.startswith("(") and m.text.endswith(")") and m.negative and not bracket_is_minus(text, m):
            inner = parse_money(m.text[1:-1])
            if inner is not None:
                m = replace(inner, start=m.start + 1 + inner.start, end=m.start + 1 + inner.end)
        out.append(m)
    return out


def _figure(m: MoneyMatch, sentence: tuple[int, int], place: Place | None) -> Figure:
    return Figure(
        start=m.start,
        end=m.end,
        amount_text=m.text,
        value=m.value,
        max_value=m.max_value,
        is_range=m.is_range,
        decimals=m.decimals,
        precision=m.precision,
        span=sentence,
        block=place,
    )


_CONTINUES = re.compile(r"^[a-z£(0-9]")


def _units(struct: Structure) -> list[tuple[Block, int]]:
    """Prose blocks as units of reading: a paragraph that stops mid-sentence and the block
    after it that carries on ("... The CCGs invest" / "£13.8m per annum ...") are one
    unit, quoted as one sentence.  (block, end of the unit)"""
    units: list[tuple[Block, int]] = []
    for block in struct.blocks:
        if block.char_start is None or block.char_end is None or block.kind in (BlockKind.table, BlockKind.furniture):
            continue
        if units:
            first, end = units[-1]
            assert first.char_start is not None
            previous = struct.doc.text[first.char_start : end]
            carries = (
                first.kind is BlockKind.paragraph and block.kind is BlockKind.paragraph
                and not previous.rstrip().endswith((".", "!", "?", ":", ";"))
                and _CONTINUES.match(block.text) is not None
                and struct.doc.text[end : block.char_start].count("\n") <= 1
            )
            if carries:
                units[-1] = (first, block.char_end)
                continue
        units.append((block, block.char_end))
    return units


def prose_figures(struct: Structure) -> list[Figure]:
    """Every money figure printed outside tables, in reading order."""
    text = struct.doc.text
    figures: list[Figure] = []
    covered: list[tuple[int, int]] = [
        (b.char_start, b.char_end) for b in struct.blocks if b.char_start is not None and b.char_end is not None
    ]
    for block, end in _units(struct):
        chunk = text[block.char_start : end]
        if "£" not in chunk and "GBP" not in chunk:
            continue
        figures.extend(_block_figures(text, block, end))
    figures.extend(_loose_figures(text, covered))
    figures.sort(key=lambda f: f.start)
    return figures


def _block_figures(text: str, block: Block, end: int) -> list[Figure]:
    assert block.char_start is not None and block.char_end is not None
    span = (block.char_start, end)
    label = block.label if block.kind in (BlockKind.list_item, BlockKind.heading) else None
    spans = sentences(text, block.char_start, end, label)
    place = Place(block.id, block.section if block.kind is not BlockKind.heading else block.id)
    return [_figure(m, _sentence_of(spans, m.start, m.end, span), place) for m in _read(text, *span)]


def _loose_figures(text: str, covered: list[tuple[int, int]]) -> list[Figure]:
    """Figures on lines no block holds (each quotes its line)."""
    out = []
    covered.sort()
    position = 0
    gaps = []
    for start, end in covered:
        if start > position:
            gaps.append((position, start))
        position = max(position, end)
    gaps.append((position, len(text)))
    for start, end in gaps:
        chunk = text[start:end]
        if "£" not in chunk and "GBP" not in chunk:
            continue
        for m in _read(text, start, end):
            line_start = text.rfind("\n", 0, m.start) + 1
            line_end = text.find("\n", m.end)
            out.append(_figure(m, (line_start, len(text) if line_end < 0 else line_end), None))
    return out
