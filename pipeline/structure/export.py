"""A paper's blocks as JSON lines: what ``papertrail structure FILE`` prints.

``read_structure(path)`` ingests one paper and reads its blocks; ``block_record(block,
doc)`` gives one block as a plain dict; ``block_lines(structure)`` the JSON lines.

Each record holds ``id, kind, page, char_start, char_end, label, level, text`` (the span
indexes the paper's normalised text, and ``text[char_start:char_end] == text`` for every
block but page furniture, whose span is null: it was kept out of the text), then, where
set, ``page_end`` (the last page of a block that runs onto later pages), ``parent``,
``section``, ``intro`` (block ids), ``value`` with ``value_start``/``value_end`` (a field's
value), ``bbox`` ([x0, top, x1, bottom], PDF points from the displayed page's top left) and
``table`` (a table's rows with their kind and cells, its columns with role, unit,
multiplier and year, ``header_rows``, ``total_rows`` and ``total_columns``: the shape of
``schemas.structure.TableStructure``).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.ingest import ingest
from pipeline.ingest.pdf import Reader
from pipeline.structure import Structure, structure
from schemas.records import Document
from schemas.structure import Block

__all__ = ["block_lines", "block_record", "last_page", "read_structure"]

_ALWAYS = ("id", "kind", "page", "char_start", "char_end", "label", "level", "text")
_WHERE_SET = ("parent", "section", "intro", "value", "value_start", "value_end")


def read_structure(path: Path, doc_id: str | None = None, *, reader: Reader = "fast") -> Structure:
    """Ingest the paper at ``path`` (doc_id: its file name without the extension) and read
    its blocks.  Raises :class:`pipeline.errors.IngestError` for a paper that cannot be
    read and :class:`pipeline.errors.UnsupportedFormat` for a file type papertrail does
    not read."""
    doc = ingest(path, doc_id or path.stem, reader=reader)
    return structure(doc)


def last_page(doc: Document, block: Block) -> int:
    """The page a block's span ends on (its own page for furniture or an empty span)."""
    if block.char_start is None or block.char_end is None or block.char_end <= block.char_start:
        return block.page
    if not doc.page_starts:
        return block.page
    return max(block.page, bisect_right(doc.page_starts, block.char_end - 1))


def block_record(block: Block, doc: Document) -> dict[str, Any]:
    """One block as a JSON-ready dict (see the module docstring for its keys)."""
    data = block.model_dump(mode="json")
    record: dict[str, Any] = {key: data[key] for key in _ALWAYS}
    end_page = last_page(doc, block)
    if end_page != block.page:
        record["page_end"] = end_page
    record.update({key: data[key] for key in _WHERE_SET if data[key] is not None})
    if block.bbox is not None:
        record["bbox"] = [round(v, 2) for v in block.bbox]
    if block.table is not None:
        record["table"] = block.table.model_dump(mode="json", exclude_none=True)
    return record


def block_lines(found: Structure) -> Iterator[str]:
    """The paper's blocks in reading order, one JSON object a line (UTF-8 text, no
    trailing newline on each)."""
    for block in found.blocks:
        yield json.dumps(block_record(block, found.doc), ensure_ascii=False)
