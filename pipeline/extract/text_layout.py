"""Paragraph blocks, sections and sentences of a normalised text.

The normalised text of a text paper separates paragraphs with blank lines, a PDF's with
single line breaks, and either may leave a wrapped line unjoined ("The CCGs invest\\n
£13.8m per annum").  A *block* is a paragraph or list item: it starts at a list or
paragraph label ("2.1", "- 2.2", "•", "a)"), after a blank line, a heading or a table
row, and takes in the unlabelled lines under it.  A *section* runs from one heading to
the next.  Sentences never cross a block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.extract.common import iter_lines

LABEL = re.compile(
    r"^(?:[•\-–*]\s+)?(?:\d+(?:\.\d+)*\.?|\(?[a-zA-Z]\)|\(?[ivxIVX]{1,5}\))(?=\s)|^[•\-–*](?=\s)"
)
_TOP_NUMBER = re.compile(r"^(?:[•\-–*]\s+)?\d+\.?\s+\S")
_BULLET = re.compile(r"[•\-–*]\s+")
_TERMINATOR = re.compile(r"[.!?;](?=\s+[\"'(•£\-A-Z0-9])")
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|Nos|Cllr|St|approx|vs|cf|para|Ref)|\b[A-Z])\.$"
)


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # "paragraph", "heading" or "row"
    section: int
    index: int


def _is_heading(line: str, following: str) -> bool:
    stripped = line.strip()
    if not stripped or "£" in stripped or len(stripped) > 80 or "\t" in stripped:
        return False
    if stripped.endswith((".", ",", ";")) or stripped[0].islower():
        return False
    if following[:1].islower() or following.startswith("£"):
        return False  # a wrapped line, not a heading
    words = stripped.split()
    if stripped.endswith(":"):
        return len(words) <= 6
    return len(words) <= 10


class TextLayout:
    """Blocks, sections and sentences of one text, computed once and looked up by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []
        lines = list(iter_lines(text))
        open_block = False  # the last paragraph stops mid-sentence (no closing stop)
        blanks = 0
        section = 0
        for i, (start, end, line) in enumerate(lines):
            stripped = line.strip()
            following = lines[i + 1][2].strip() if i + 1 < len(lines) else ""
            if not stripped or stripped == "\f":
                blanks += 1
                continue
            if "\t" in line or stripped.startswith("|"):
                self._add(start, end, "row", section)
                open_block, blanks = False, 0
                continue
            labelled = bool(LABEL.match(stripped))
            heading = _is_heading(stripped, following) and (
                not labelled or bool(_TOP_NUMBER.match(stripped))
            )
            prev_terminal = not self.blocks or self.text[self.blocks[-1].end - 1] in ".!?:;"
            if heading and (prev_terminal or blanks or not open_block):
                section += 1
                self._add(start, end, "heading", section)
                open_block, blanks = False, 0
                continue
            continues = open_block and not labelled
            if continues and blanks:
                previous_line = lines[i - 1 - blanks][2]
                first = stripped[0]
                continues = (
                    blanks <= 2
                    and not prev_terminal
                    and (
                        first.islower()
                        or first in "(£"
                        or first.isdigit()
                        or len(previous_line) >= 70
                    )
                )
            if continues:
                last = self.blocks[-1]
                self.blocks[-1] = Block(last.start, end, last.kind, last.section, last.index)
            else:
                self._add(start, end, "paragraph", section)
            open_block, blanks = True, 0
        self._starts = [b.start for b in self.blocks]
        self._sentences: dict[int, list[tuple[int, int]]] = {}

    def _add(self, start: int, end: int, kind: str, section: int) -> None:
        self.blocks.append(Block(start, end, kind, section, len(self.blocks)))

    def block_at(self, offset: int) -> Block | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset <= self.blocks[i].end:
            return self.blocks[i]
        return None

    def sentences(self, block: Block) -> list[tuple[int, int]]:
        """The sentence spans of a block (a leading bullet glyph left out)."""
        cached = self._sentences.get(block.index)
        if cached is not None:
            return cached
        text = self.text
        start = block.start
        bullet = _BULLET.match(text, start, block.end)
        if bullet:
            start = bullet.end()
        spans: list[tuple[int, int]] = []
        label = LABEL.match(text[start : min(block.end, start + 20)])
        label_end = start + label.end() if label else start
        for m in _TERMINATOR.finditer(text, start, block.end):
            if m.start() < label_end:
                continue
            if _NO_BREAK_BEFORE.search(text, max(start, m.start() - 8), m.end()):
                continue
            spans.append((start, m.end()))
            start = m.end()
            while start < block.end and text[start].isspace():
                start += 1
        if start < block.end:
            spans.append((start, block.end))
        self._sentences[block.index] = spans
        return spans

    def sentence_at(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``text[start:end]`` (the line, outside any block)."""
        block = self.block_at(start)
        if block is None:
            line_start = self.text.rfind("\n", 0, start) + 1
            line_end = self.text.find("\n", end)
            return line_start, len(self.text) if line_end < 0 else line_end
        for s, e in self.sentences(block):
            if s <= start < e or (s <= start and end <= e):
                return s, max(e, min(end, block.end))
        return block.start, block.end
