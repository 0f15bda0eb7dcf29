"""Logical lines: the lines of the normalised text, each with the printed lines it holds.

Normalisation joins lines a word processor wrapped; a logical line is one line of the
normalised text (between two line breaks) and keeps the geometry of the printed line it
starts with.  For a Document made without line geometry (a test, an older cache), lines are
read from the text alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from schemas.records import Document
from schemas.structure import TextLine


@dataclass
class Line:
    start: int
    end: int
    text: str
    page: int
    blank_before: bool  # a blank line (or a page break) separates it from the line before
    parts: list[TextLine] = field(default_factory=list)

    @property
    def first(self) -> TextLine | None:
        return self.parts[0] if self.parts else None

    @property
    def x0(self) -> float | None:
        first = self.first
        return first.x0 if first is not None else None

    @property
    def indent(self) -> int:
        first = self.first
        return first.indent if first is not None else 0

    @property
    def size(self) -> float | None:
        first = self.first
        return first.size if first is not None else None

    @property
    def bold(self) -> bool:
        return bool(self.parts) and all(p.bold for p in self.parts)

    @property
    def table(self) -> int | None:
        first = self.first
        return first.table if first is not None else None

    @property
    def tag(self) -> str | None:
        first = self.first
        return first.tag if first is not None else None

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        boxes = [p for p in self.parts if p.x0 is not None]
        if not boxes:
            return None
        return (
            min(p.x0 or 0.0 for p in boxes),
            min(p.top or 0.0 for p in boxes),
            max(p.x1 or 0.0 for p in boxes),
            max(p.bottom or 0.0 for p in boxes),
        )


def _page_of(page_starts: list[int], offset: int) -> int:
    page = 1
    for number, start in enumerate(page_starts, start=1):
        if start <= offset:
            page = number
        else:
            break
    return page


def logical_lines(doc: Document) -> list[Line]:
    """Every non-blank line of ``doc.text`` in order, with the printed lines it holds."""
    text = doc.text
    printed = sorted(doc.lines, key=lambda line: line.char_start)
    lines: list[Line] = []
    cursor = 0
    position = 0
    blank = True
    pages = doc.page_starts or [0]
    for raw in text.split("\n"):
        start, end = position, position + len(raw)
        position = end + 1
        stripped = raw.strip()
        if not stripped or stripped == "\f":
            blank = True
            continue
        lead = len(raw) - len(raw.lstrip())
        tail = len(raw) - len(raw.rstrip())
        start, end = start + lead, end - tail
        parts: list[TextLine] = []
        while cursor < len(printed) and printed[cursor].char_start < end:
            if printed[cursor].char_end > start:
                parts.append(printed[cursor])
            cursor += 1
        page = parts[0].page if parts else _page_of(pages, start)
        lines.append(Line(start, end, text[start:end], page, blank, parts))
        blank = False
    return lines


def body_size(lines: list[Line]) -> float | None:
    """The font size most text is set in (by characters), or None without geometry."""
    weighted: dict[float, int] = {}
    for line in lines:
        for part in line.parts:
            if part.size:
                weighted[part.size] = weighted.get(part.size, 0) + (part.char_end - part.char_start)
    if not weighted:
        return None
    return max(weighted.items(), key=lambda item: item[1])[0]


def left_margin(lines: list[Line]) -> dict[int, float]:
    """Each page's left text margin (the x0 most lines start at), for indentation."""
    by_page: dict[int, list[float]] = {}
    for line in lines:
        if line.x0 is not None and line.table is None:
            by_page.setdefault(line.page, []).append(round(line.x0))
    margins = {}
    for page, xs in by_page.items():
        counts: dict[float, int] = {}
        for x in xs:
            counts[x] = counts.get(x, 0) + 1
        common = max(counts.values())
        margins[page] = min(x for x, n in counts.items() if n >= max(2, common * 0.3)) if common >= 2 else float(median(xs))
    return margins
