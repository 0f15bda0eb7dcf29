"""Structure stage: a Document in, its blocks out (headings, paragraphs, list items,
label/value fields, tables with column roles, page furniture), read once per paper.

``structure(doc)`` returns a :class:`Structure`: the blocks in reading order, each with its
page and span in ``doc.text`` (``doc.text[b.char_start:b.char_end] == b.text``), and the
look-ups extractors need (the block at an offset, a heading's section, the items a line
introduces, the fields by label).  Extractors read these blocks; none re-derives headings,
labels, list items or tables from the raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property

from pipeline.structure.blocks import read_blocks
from pipeline.structure.lines import Line, logical_lines
from pipeline.structure.tables import regrid_ruled
from schemas.records import Document
from schemas.structure import Block, BlockKind, TableStructure

__all__ = ["Structure", "structure"]


class Structure:
    """A paper's blocks and the ways extractors look them up."""

    def __init__(self, doc: Document, blocks: list[Block], lines: list[Line]) -> None:
        self.doc = doc
        self.blocks = blocks
        self.lines = lines
        self._starts = [b.char_start if b.char_start is not None else -1 for b in blocks]

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def of_kind(self, *kinds: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    def block_at(self, offset: int) -> Block | None:
        """The block whose span holds ``offset`` (None between blocks)."""
        index = bisect_right(self._starts, offset) - 1
        while index >= 0:
            block = self.blocks[index]
            if block.char_start is not None and block.char_end is not None:
                if block.char_start <= offset < block.char_end:
                    return block
                if block.char_end <= offset:
                    return None
            index -= 1
        return None

    def heading_of(self, block: Block) -> Block | None:
        return self.blocks[block.section] if block.section is not None else None

    def section(self, heading: Block) -> list[Block]:
        """The blocks under a heading, up to the next heading of its level or above."""
        out = []
        for block in self.blocks[heading.id + 1 :]:
            if block.kind is BlockKind.heading and (block.level or 1) <= (heading.level or 1):
                break
            out.append(block)
        return out

    def children(self, block: Block) -> list[Block]:
        return [b for b in self.blocks[block.id + 1 :] if b.parent == block.id]

    def introduced_by(self, block: Block) -> list[Block]:
        """The top-level list items a line introduces ("Cabinet agree to:" -> a), b), c))."""
        return [b for b in self.blocks if b.kind is BlockKind.list_item and b.intro == block.id and b.level == 1]

    def descendants(self, item: Block) -> list[Block]:
        out: list[Block] = []
        frontier = {item.id}
        for block in self.blocks[item.id + 1 :]:
            if block.parent in frontier and block.kind is not BlockKind.heading:
                out.append(block)
                frontier.add(block.id)
        return out

    def fields(self, label: str | re.Pattern[str]) -> list[Block]:
        """Field blocks whose label matches (a regular expression, case-insensitive, or an
        exact label)."""
        pattern = re.compile(label, re.IGNORECASE) if isinstance(label, str) else label
        return [b for b in self.blocks if b.kind is BlockKind.field and b.label and pattern.search(b.label)]

    def headings(self, pattern: str | re.Pattern[str] | None = None) -> list[Block]:
        found = self.of_kind(BlockKind.heading)
        if pattern is None:
            return found
        compiled = re.compile(pattern, re.IGNORECASE) if isinstance(pattern, str) else pattern
        return [b for b in found if compiled.search(b.text)]

    @cached_property
    def tables(self) -> list[tuple[Block, TableStructure]]:
        return [(b, b.table) for b in self.blocks if b.kind is BlockKind.table and b.table is not None]

    @cached_property
    def furniture(self) -> list[Block]:
        return self.of_kind(BlockKind.furniture)


def _furniture(doc: Document, first_id: int) -> list[Block]:
    return [
        Block(id=first_id + i, kind=BlockKind.furniture, page=page, char_start=None, char_end=None, text=text)
        for i, (page, text) in enumerate(doc.furniture)
        if text.strip()
    ]


def structure(doc: Document) -> Structure:
    """Read ``doc`` into blocks (see the module docstring)."""
    lines = logical_lines(doc)
    context = " ".join(filter(None, [doc.title, doc.metadata_title]))
    blocks = regrid_ruled(read_blocks(lines, doc.text, context=context), lines, doc.tables, context)
    blocks.extend(_furniture(doc, len(blocks)))
    return Structure(doc, blocks, lines)
