"""The structure page: a paper's blocks drawn over its printed pages (visual debugging).

``build_overlay(found, path)`` makes the typed context :class:`StructurePage`;
``render_overlay(page)`` turns it into one self-contained HTML page (Jinja template
``structure.html.j2``, autoescaped); ``write_overlay(found, path, out)`` does both and writes
the file atomically.

For a PDF every page is shown as an image (pypdfium2, greyscale, embedded as a ``data:``
URI) with an SVG over it: one box per block per page it occupies, coloured by kind and
labelled "kind label #id".  A text or web paper has no geometry: its normalised text is
shown with each block's span marked instead.  Beside either is the block list; hovering or
clicking an entry lights up its box or span (a small script, allowed by hash in the page's
Content-Security-Policy, which lets nothing else load or run).
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pipeline
from pipeline.store import atomic_write_text
from pipeline.structure import Structure
from pipeline.structure.boxes import PageBox, block_boxes
from pipeline.structure.export import last_page
from pipeline.structure.page_images import PageImage, locate_furniture, render_pages
from schemas.structure import Block, BlockKind, TableStructure

__all__ = [
    "BlockView", "BoxView", "ColumnView", "KindCount", "PageView", "Relation", "RowView", "Segment",
    "StructurePage", "TableView", "build_overlay", "render_overlay", "write_overlay",
]

TEMPLATE, STYLE, SCRIPT = "structure.html.j2", "structure.css", "structure.js"
SHORT_TEXT = 300  # characters of a block's text shown in the list
SHORT_LABEL = 32
TAG_SIZE = 6.0  # points: the "kind label #id" tag over a box


@dataclass(frozen=True)
class BoxView:
    """One block's box on one page (points, displayed page)."""

    block: int
    kind: str
    x: float
    y: float
    width: float
    height: float
    tag: str
    tag_y: float
    anchor: str | None  # the id of the block's first box, for links to it


@dataclass(frozen=True)
class PageView:
    number: int
    x: float  # the part of the page the image covers (the crop box)
    y: float
    width: float
    height: float
    image: str  # data: URI
    boxes: tuple[BoxView, ...]


@dataclass(frozen=True)
class ColumnView:
    index: int
    header: str
    role: str
    unit: str
    year: str


@dataclass(frozen=True)
class RowView:
    index: int
    kind: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class TableView:
    summary: str
    columns: tuple[ColumnView, ...]
    rows: tuple[RowView, ...]


@dataclass(frozen=True)
class Relation:
    """A link from a block to another: "parent", "intro" or "section"."""

    name: str
    block: int


@dataclass(frozen=True)
class BlockView:
    id: int
    kind: str
    pages: str  # "3" or "3-4"
    label: str | None
    level: int | None
    relations: tuple[Relation, ...]
    value: str | None  # shortened
    text: str  # shortened to SHORT_TEXT characters
    table: TableView | None
    anchor: str | None  # where its box or span is, None when it has none


@dataclass(frozen=True)
class Segment:
    """A stretch of the normalised text: inside one block's span, or between blocks."""

    text: str
    block: int | None
    kind: str | None
    anchor: str | None


@dataclass(frozen=True)
class KindCount:
    kind: str
    count: int


@dataclass(frozen=True)
class StructurePage:
    title: str
    doc_id: str
    file_name: str
    format: str
    page_count: int
    version: str
    csp: str
    kinds: tuple[KindCount, ...]
    blocks: tuple[BlockView, ...]
    pages: tuple[PageView, ...]  # PDFs: the page images with their boxes
    segments: tuple[Segment, ...]  # text and web papers: the text with block spans marked
    not_drawn: int  # blocks with no box or span to show


def _anchor(block_id: int) -> str:
    return f"at-{block_id}"


def _tag(block: Block) -> str:
    label = " ".join((block.label or "").split())
    if len(label) > SHORT_LABEL:
        label = label[: SHORT_LABEL - 1] + "…"
    return " ".join(filter(None, [block.kind.value, label, f"#{block.id}"]))


def _table_view(table: TableStructure) -> TableView:
    width = max([len(table.columns)] + [c.column + 1 for r in table.rows for c in r.cells])
    rows = []
    for row in table.rows:
        cells = [""] * width
        for cell in row.cells:
            cells[cell.column] = cell.text
        rows.append(RowView(row.index, row.kind.value, tuple(cells)))
    by_index = {c.index: c for c in table.columns}
    columns = tuple(
        ColumnView(i, by_index[i].header, by_index[i].role.value, by_index[i].unit or "", by_index[i].year or "")
        if i in by_index else ColumnView(i, "", "", "", "")
        for i in range(width)
    )
    facts = [f"{len(table.rows)} rows × {width} columns", table.origin]
    if table.unit:
        facts.append(f"unit {table.unit}")
    if table.caption:
        facts.append(f"caption “{table.caption}”")
    facts.append(f"header rows {table.header_rows}")
    if table.total_rows:
        facts.append("total rows " + ", ".join(map(str, table.total_rows)))
    if table.total_columns:
        facts.append("total columns " + ", ".join(map(str, table.total_columns)))
    return TableView(" · ".join(facts), columns, tuple(rows))


def _short(text: str) -> str:
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


def _block_view(found: Structure, block: Block, anchor: str | None) -> BlockView:
    end = last_page(found.doc, block)
    relations = tuple(Relation(name, target) for name, target in
                      (("parent", block.parent), ("intro", block.intro), ("section", block.section))
                      if target is not None)
    return BlockView(
        id=block.id, kind=block.kind.value,
        pages=str(block.page) if end == block.page else f"{block.page}-{end}",
        label=block.label, level=block.level, relations=relations,
        value=_short(block.value) if block.value is not None else None,
        text=_short(block.text),
        table=_table_view(block.table) if block.table is not None else None, anchor=anchor,
    )


def _box_view(block: Block, box: PageBox, anchor: str | None) -> BoxView:
    tag_y = box.top - 1.5 if box.top > TAG_SIZE + 1 else box.top + TAG_SIZE
    return BoxView(block.id, block.kind.value, round(box.x0, 2), round(box.top, 2),
                   round(max(box.x1 - box.x0, 1.0), 2), round(max(box.bottom - box.top, 1.0), 2),
                   _tag(block), round(tag_y, 2), anchor)


def _pages(found: Structure, images: list[PageImage], boxes: dict[int, list[PageBox]]) -> tuple[PageView, ...]:
    on_page: dict[int, list[BoxView]] = {}
    for block in found.blocks:
        for i, box in enumerate(boxes.get(block.id, [])):
            on_page.setdefault(box.page, []).append(_box_view(block, box, _anchor(block.id) if i == 0 else None))
    return tuple(
        PageView(im.number, im.x, im.y, im.width, im.height, im.data_uri, tuple(on_page.get(im.number, [])))
        for im in images
    )


def _segments(found: Structure) -> tuple[Segment, ...]:
    """The normalised text cut at block spans (a span that overlaps the one before it is
    cut to start where that one ends)."""
    text = found.doc.text
    spans = sorted((b for b in found.blocks if b.char_start is not None and b.char_end is not None),
                   key=lambda b: (b.char_start or 0, b.id))
    out: list[Segment] = []
    cursor = 0
    for block in spans:
        start, end = max(block.char_start or 0, cursor), min(block.char_end or 0, len(text))
        if end <= start:
            continue
        if start > cursor:
            out.append(Segment(text[cursor:start], None, None, None))
        out.append(Segment(text[start:end], block.id, block.kind.value, _anchor(block.id)))
        cursor = end
    if cursor < len(text):
        out.append(Segment(text[cursor:], None, None, None))
    return tuple(out)


def _source_hash(name: str) -> str:
    from pipeline.render import html_environment

    env = html_environment()
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()


def page_csp() -> str:
    """Nothing loads or runs but the page's own style and script (by hash) and its
    embedded page images."""
    return (f"default-src 'none'; style-src '{_source_hash(STYLE)}'; script-src '{_source_hash(SCRIPT)}'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def build_overlay(found: Structure, path: Path, *, dpi: int = 100) -> StructurePage:
    """The structure page's context for the paper read from ``path``.  For a PDF the pages
    are rendered at ``dpi``; raises :class:`pipeline.structure.page_images.PageImageError`
    when they cannot be."""
    doc = found.doc
    anchors: dict[int, str] = {}
    pages: tuple[PageView, ...] = ()
    segments: tuple[Segment, ...] = ()
    if doc.format == "pdf":
        boxes = block_boxes(doc, found.blocks)
        furniture = [b for b in found.blocks if b.kind is BlockKind.furniture and b.id not in boxes]
        for block_id, box in locate_furniture(path, furniture).items():
            boxes[block_id] = [box]
        pages = _pages(found, render_pages(path, dpi=dpi), boxes)
        anchors = {bid: _anchor(bid) for bid, found_boxes in boxes.items() if found_boxes}
    else:
        segments = _segments(found)
        anchors = {s.block: s.anchor for s in segments if s.block is not None and s.anchor}
    counts = Counter(b.kind.value for b in found.blocks)
    return StructurePage(
        title=doc.title or doc.metadata_title or doc.doc_id,
        doc_id=doc.doc_id,
        file_name=Path(doc.path).name,
        format=doc.format,
        page_count=doc.pages,
        version=pipeline.__version__,
        csp=page_csp(),
        kinds=tuple(KindCount(k.value, counts[k.value]) for k in BlockKind if counts[k.value]),
        blocks=tuple(_block_view(found, b, anchors.get(b.id)) for b in found.blocks),
        pages=pages,
        segments=segments,
        not_drawn=sum(1 for b in found.blocks if b.id not in anchors),
    )


def render_overlay(page: StructurePage) -> str:
    """The page as HTML text."""
    from pipeline.render import html_environment

    return html_environment().get_template(TEMPLATE).render(page=page)


def write_overlay(found: Structure, path: Path, out: Path, *, dpi: int = 100) -> StructurePage:
    """Render the structure page of the paper read from ``path`` and write it to ``out``
    (atomically; an OSError when it cannot be written)."""
    page = build_overlay(found, path, dpi=dpi)
    atomic_write_text(out, render_overlay(page))
    return page
