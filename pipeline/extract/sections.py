"""Where things are in a paper, read from its structure: labelled fields, headed sections
and the blocks inside a span.

Extractors ask here ("the value of the Decision No field", "the section headed Options",
"the list items in this span") instead of re-reading headings, labels or list items from
the text; every span indexes ``doc.text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pipeline.structure import Structure
from schemas.structure import Block, BlockKind

Span = tuple[int, int]


@dataclass(frozen=True)
class Section:
    """A headed section: the heading (or label) and the body up to the next heading of
    its level or above."""

    heading: Span
    body: Span
    block: Block


def strip_span(text: str, start: int, end: int) -> Span:
    """``start:end`` trimmed of white space (and of a leading colon)."""
    while start < end and (text[start].isspace() or text[start] == ":"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
"""A Markdown heading's marks ("## ") at the start of a text."""


def _heading_text(block: Block) -> str:
    text = block.text.strip()
    return MARKDOWN_HEADING.sub("", text)


def field_values(struct: Structure, label: re.Pattern[str], *, limit: int | None = None) -> Iterator[tuple[Span, Span]]:
    """(label span, value span) of every field whose label matches (``label.match`` over
    the label as printed, with its colon), in reading order, within the first ``limit``
    characters when given."""
    for block in struct.blocks:
        if block.kind is not BlockKind.field or block.char_start is None:
            continue
        if limit is not None and block.char_start >= limit:
            return
        printed = struct.doc.text[block.char_start : block.value_start if block.value_start is not None else block.char_end]
        printed = printed.strip()
        letter = re.match(r"^\(?[a-z]\)\s+|^\d{1,2}[.)]\s+", printed)
        if letter:
            printed = printed[letter.end() :]
        if not label.match(printed) and not (block.label and label.match(block.label + ":")):
            continue
        if block.value_start is None or block.value_end is None:
            continue
        start = block.char_start + (len(struct.doc.text[block.char_start : block.char_end]) - len(struct.doc.text[block.char_start : block.char_end].lstrip()))
        yield (start, start + len(printed)), (block.value_start, block.value_end)


def labelled_value(struct: Structure, label: re.Pattern[str], *, limit: int | None = None) -> tuple[Span, Span] | None:
    """The first field whose label matches, as (label span, value span)."""
    for found in field_values(struct, label, limit=limit):
        return found
    return None


def sections(struct: Structure, heading: re.Pattern[str], *, start: int = 0, end: int | None = None) -> Iterator[Section]:
    """Every section whose heading (a heading block, or a field or paragraph that heads the
    blocks after it, such as "Reason(s) for decision:") matches ``heading``."""
    text = struct.doc.text
    stop = len(text) if end is None else end
    blocks = struct.blocks
    for index, block in enumerate(blocks):
        if block.char_start is None or block.char_end is None:
            continue
        if block.char_start < start:
            continue
        if block.char_start >= stop:
            return
        if block.kind not in (BlockKind.heading, BlockKind.field, BlockKind.paragraph):
            continue
        printed = _heading_text(block)
        if block.kind is BlockKind.field and block.value_start is not None:
            printed = text[block.char_start : block.value_start].strip()
        match = heading.match(printed)
        if not match:
            continue
        if block.kind is BlockKind.paragraph and len(printed) > match.end() + 2:
            continue  # a sentence that starts like a heading
        if block.kind is BlockKind.field and block.value_start is not None:
            body_start = block.value_start
        else:
            body_start = block.char_start + (len(block.text) - len(block.text.lstrip())) + match.end()
            body_start = max(body_start, block.char_start)
        body_end = _section_end(blocks, index, block, stop)
        yield Section((block.char_start, block.char_end), (body_start, max(body_start, body_end)), block)


def _section_end(blocks: list[Block], index: int, head: Block, stop: int) -> int:
    level = head.level or 99
    end = head.char_end or 0
    for block in blocks[index + 1 :]:
        if block.char_start is None or block.char_end is None:
            continue
        if block.char_start >= stop:
            break
        if block.kind is BlockKind.heading and (head.kind is not BlockKind.heading or (block.level or 1) <= level):
            break
        if block.kind is BlockKind.field and block.label:
            break  # a labelled field starts a section of its own
        end = block.char_end
    return min(end, stop)


def blocks_in(struct: Structure, start: int, end: int, *kinds: BlockKind) -> list[Block]:
    """The blocks that begin inside ``start:end`` (of the given kinds, if any)."""
    return [
        b
        for b in struct.blocks
        if b.char_start is not None and start <= b.char_start < end and (not kinds or b.kind in kinds)
    ]


@cache
def load_rules(name: str) -> dict[str, Any]:
    """A rules file from ``patterns/`` (read once per process)."""
    folder = resources.files("pipeline.extract").joinpath("patterns")
    return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))


def clean_item_text(text: str) -> str:
    """A list item's words as read: bullets, emphasis markers and runs of spaces removed."""
    text = re.sub(r"^[•\-–*▪◦]\s+", "", text.strip())
    text = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    text = re.sub(r"\s*\n\s*[•\-–*▪◦]\s+", " ", text)
    return re.sub(r"\s+", " ", text).strip()
