"""Where each block lies on the printed pages: one box per page it occupies.

A block's own ``bbox`` is the box of the line it starts with on its first page; a
paragraph, list item or table that runs over several lines, or onto the next page, needs
the union of all its printed lines, page by page.  ``block_boxes`` reads that from
``Document.lines`` (every printed line's span and geometry).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.records import Document
from schemas.structure import Block, TextLine

__all__ = ["PageBox", "block_boxes"]


@dataclass(frozen=True)
class PageBox:
    """A box on one page: PDF points from the displayed page's top left."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: PageBox) -> PageBox:
        return PageBox(self.page, min(self.x0, other.x0), min(self.top, other.top),
                       max(self.x1, other.x1), max(self.bottom, other.bottom))


def _line_box(line: TextLine) -> PageBox | None:
    if line.x0 is None or line.x1 is None or line.top is None or line.bottom is None:
        return None
    return PageBox(line.page, line.x0, line.top, line.x1, line.bottom)


def block_boxes(doc: Document, blocks: Sequence[Block]) -> dict[int, list[PageBox]]:
    """Block id -> its boxes in page order (one per page), the union of the printed lines
    its span covers.  A block none of whose lines has geometry (a text or web paper) falls
    back to its own ``bbox`` on its page; a block with neither (page furniture, kept out
    of the text) is left out."""
    lines = sorted((ln for ln in doc.lines if ln.char_end > ln.char_start), key=lambda ln: ln.char_start)
    starts = [ln.char_start for ln in lines]
    found: dict[int, list[PageBox]] = {}
    for block in blocks:
        per_page: dict[int, PageBox] = {}
        if block.char_start is not None and block.char_end is not None:
            index = max(0, bisect_right(starts, block.char_start) - 1)
            while index < len(lines) and lines[index].char_start < block.char_end:
                line = lines[index]
                index += 1
                if line.char_end <= block.char_start:
                    continue
                box = _line_box(line)
                if box is not None:
                    seen = per_page.get(box.page)
                    per_page[box.page] = box if seen is None else seen.union(box)
        if not per_page and block.bbox is not None:
            x0, top, x1, bottom = block.bbox
            per_page[block.page] = PageBox(block.page, x0, top, x1, bottom)
        if per_page:
            found[block.id] = [per_page[p] for p in sorted(per_page)]
    return found
