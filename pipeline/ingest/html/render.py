"""Rendering a page's tree to lines of text, each with the element it was printed in.

The layout is the one the rest of the pipeline reads in text and PDF papers:

* block elements (``p``, ``div``, ``h1``-``h6``, ``li``, ``tr``, ``section``, ``br``, ...)
  start new lines; paragraphs, headings, lists and tables are separated by a blank line;
* list items read "• item"; ordered lists "1. item" (or "a) item", "i) item" for
  ``type="a"``/``type="i"`` or the matching ``list-style-type``); an item that prints its
  own label ("a) AGREE ...") keeps it, after a bullet;
* a table row is one line, its cells joined by tabs; a row whose cell holds paragraphs or
  a list (a "Decision:" cell) is read as blocks instead, and a layout table (a table
  holding tables) as plain blocks;
* white space inside a block is collapsed, ``<pre>`` keeps its lines, inline markup is
  plain text; CSS page breaks split the page into pages.

Each line carries a :data:`LineTag`: the element it was printed in (``"h2"`` with level
2, ``"li"`` with its list nesting, ``"td"`` or ``"th"`` for a table row, ``"p"``, ``"dd"``
...; a cell read as blocks is a ``"div"``), and each link its place, target and hidden
words (:class:`RenderedLink`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.ingest.html.chrome import dropped, hidden_text, visible_text
from pipeline.ingest.html.tables import (
    FOOTNOTE_MARK,
    OWN_LABEL,
    has_blocks,
    int_attr,
    item_label,
    list_type,
    table_parts,
)
from pipeline.ingest.html.tree import HEADINGS, LINE_BLOCKS, PARAGRAPH_BLOCKS, Node, walk

__all__ = ["LineTag", "Rendered", "RenderedLink", "render"]

LineTag = tuple[str, int | None]
"""(element, level): ("h2", 2), ("li", 1), ("td", None), ("p", None)."""

_LINE_SEPARATORS = re.compile("[\n\v\f\x1c-\x1e\x85\u2028\u2029]")  # a page break is ours
_NO_TAG = {"html", "body"}
_ROW_PARTS = {"td", "th", "tr", "thead", "tbody", "tfoot"}


@dataclass
class RenderedLink:
    """A link as rendered: page (0-based), line of that page, columns of its text."""

    page: int
    line: int
    start: int
    end: int | None  # None: the link's text runs past its first line
    href: str
    title: str
    hidden: str  # words inside the link hidden from view (" ref: 13567")


@dataclass
class Rendered:
    pages: list[str]
    tags: list[list[LineTag | None]]  # per page, one per "\n"-separated line
    links: list[RenderedLink] = field(default_factory=list)


@dataclass
class _OpenLink:
    node: Node
    start: tuple[int, int, int] | None = None


class _Writer:
    """Collects text with the breaks owed between blocks: 1 (a new line) or 2 (a blank
    line), or a page break ("\\f"), written only when more text follows; and the tag of
    each line it starts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0
        self.page = False
        self.space = False
        self.prefix: str | None = None  # a list item's label, written with its first text
        self.item_tag: LineTag | None = None
        self.started = False
        self.tag: LineTag | None = None  # the element text is being written in
        self.tags: list[list[LineTag | None]] = [[]]
        self.col = 0
        self.open_links: list[_OpenLink] = []

    def _put(self, piece: str) -> None:
        self.parts.append(piece)
        cut = max(piece.rfind("\n"), piece.rfind("\f"))
        self.col = len(piece) - cut - 1 if cut >= 0 else self.col + len(piece)

    def position(self) -> tuple[int, int, int]:
        return len(self.tags) - 1, len(self.tags[-1]) - 1, self.col

    def brk(self, level: int) -> None:
        if self.prefix is not None:
            return  # the item's label waits for the item's text
        self.pending = max(self.pending, level)
        self.space = False

    def line_break(self) -> None:
        """``<br>``: ends the line; a second one leaves a blank line."""
        if self.started and self.prefix is None:
            self.pending = min(self.pending + 1, 2)
            self.space = False

    def page_break(self) -> None:
        if self.started:
            self.page = True
            self.space = False

    def item(self, label: str | None, sibling: bool, level: int) -> None:
        """A list item starts: a new line (not a blank one after a sibling item)."""
        self.prefix = None
        if sibling and self.pending == 2:
            self.pending = 1
        self.brk(1)
        self.prefix = f"{label} " if label else ""
        self.item_tag = ("li", level)

    def end_item(self) -> None:
        self.prefix = None
        self.brk(1)

    def _begin(self) -> None:
        new_line = not self.started
        if self.pending or self.page or self.prefix is not None:
            if self.started:
                new_line = True
                if self.page:
                    self._put("\f")
                    self.tags.append([])
                else:
                    count = max(self.pending, 1)
                    self._put("\n" * count)
                    self.tags[-1].extend([None] * (count - 1))
            if new_line:
                self.tags[-1].append(self.item_tag if self.prefix is not None else self.tag)
            if self.prefix:
                self._put(self.prefix)
        elif self.space and self.started:
            self._put(" ")
        elif new_line:
            self.tags[-1].append(self.tag)
        self.pending, self.page, self.prefix, self.space = 0, False, None, False
        self.started = True
        for link in self.open_links:
            if link.start is None:
                link.start = self.position()

    def text(self, data: str) -> None:
        if not data:
            return
        words = data.split()
        if not words:
            self.space = True
            return
        if data[0].isspace():
            self.space = True
        self._begin()
        self._put(" ".join(words))
        self.space = data[-1].isspace()

    def whole_line(self, line: str, tag: LineTag) -> tuple[int, int, int]:
        """A line as it is (a table row), on its own line; where it starts."""
        self.brk(1)
        outer, self.tag = self.tag, tag
        self._begin()
        self.tag = outer
        at = self.position()
        self._put(line)
        self.brk(1)
        return at

    def preformatted(self, data: str) -> None:
        for index, line in enumerate(_LINE_SEPARATORS.split(data)):
            if index:
                self.line_break()
            line = line.rstrip()
            if line.strip():
                self._begin()
                self._put(line)

    def last_char(self) -> str:
        return self.parts[-1][-1] if self.parts and self.parts[-1] else ""

    def pages(self) -> list[str]:
        return "".join(self.parts).split("\f")


class _Renderer:
    """Writes a tree's visible text in the layout described at the top of this module."""

    def __init__(self) -> None:
        self.out = _Writer()
        self.pre = 0
        self.lists = 0
        self.stack: list[LineTag | None] = []
        self.links: list[RenderedLink] = []
        self.labels = False  # the table being read pairs labels with values

    # ------------------------------------------------------------------ tags

    def _enter(self, tag: LineTag | None) -> None:
        self.stack.append(tag)
        self.out.tag = tag

    def _leave(self) -> None:
        self.stack.pop()
        self.out.tag = self.stack[-1] if self.stack else None

    def _block(self, node: Node, gap: int) -> None:
        tag = node.tag
        if tag in HEADINGS:
            line_tag: LineTag | None = (tag, int(tag[1]))
        elif tag in _NO_TAG:
            line_tag = self.out.tag
        elif tag in _ROW_PARTS:
            line_tag = ("div", None)  # a cell read as blocks is not a table row
        else:
            line_tag = (tag, None)
        self.out.brk(gap)
        self._enter(line_tag)
        self.children(node)
        self._leave()
        self.out.brk(gap)

    # ------------------------------------------------------------------ dispatch

    def children(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                if self.pre:
                    self.out.preformatted(child)
                else:
                    self.out.text(child)
            else:
                self.element(child)

    def element(self, node: Node) -> None:
        if dropped(node):
            return
        if node.break_before:
            self.out.page_break()
        tag = node.tag
        if tag == "br":
            self.out.line_break()
        elif tag == "hr":
            self.out.brk(2)
        elif tag in ("ul", "ol", "dir", "menu"):
            self.list(node)
        elif tag == "li":  # an item outside any list
            self.out.item("•", sibling=False, level=1)
            self._enter(("li", 1))
            self.children(node)
            self._leave()
            self.out.end_item()
        elif tag == "table":
            self.table(node)
        elif tag in ("pre", "listing", "xmp", "plaintext"):
            self.pre += 1
            self._block(node, 2)
            self.pre -= 1
        elif tag in PARAGRAPH_BLOCKS:
            self._block(node, 2)
        elif tag in LINE_BLOCKS:
            self._block(node, 1)
        elif tag in ("sup", "sub"):
            words = visible_text(node)
            if tag == "sup" and FOOTNOTE_MARK.match(words) and self.out.last_char().isalnum():
                self.out.space = True  # a footnote mark: "£2m<sup>1</sup>" is not "£2m1"
            self.children(node)
        elif tag == "a" and node.attrs.get("href"):
            self.link(node)
        else:  # inline: a, span, strong, b, em, i, u, font, abbr, ...
            self.children(node)
        if node.break_after:
            self.out.page_break()

    def link(self, node: Node) -> None:
        opened = _OpenLink(node)
        self.out.open_links.append(opened)
        self.children(node)
        self.out.open_links.remove(opened)
        if opened.start is None:
            return
        page, line, start = opened.start
        now = self.out.position()
        end = now[2] if now[:2] == (page, line) else None
        self._add_link(node, page, line, start, end)

    def _add_link(self, node: Node, page: int, line: int, start: int, end: int | None) -> None:
        self.links.append(
            RenderedLink(
                page=page, line=line, start=start, end=end, href=node.attrs.get("href", ""),
                title=" ".join(node.attrs.get("title", "").split()), hidden=hidden_text(node),
            )
        )

    # ------------------------------------------------------------------ lists

    def list(self, node: Node) -> None:
        nested = self.lists > 0
        self.out.brk(1 if nested else 2)
        self.lists += 1
        ordered = node.tag == "ol"
        kind = list_type(node, "decimal" if ordered else "disc")
        items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
        reverse = ordered and "reversed" in node.attrs
        number = int_attr(node.attrs.get("start"), len(items) if reverse else 1)
        sibling = False
        for child in node.children:
            if isinstance(child, str):
                self.out.text(child)
                continue
            if child.tag != "li":
                self.element(child)
                continue
            if dropped(child):
                continue
            if "value" in child.attrs:
                number = int_attr(child.attrs["value"], number)
            label = item_label(list_type(child, kind), number)
            own = visible_text(child)[:12] + " "
            if label and label != "•" and OWN_LABEL.match(own):
                label = "•"  # the item prints its own label ("a) AGREE ...")
            self.out.item(label, sibling, self.lists)
            if child.break_before:
                self.out.page_break()
            self._enter(("li", self.lists))
            self.children(child)
            self._leave()
            if child.break_after:
                self.out.page_break()
            self.out.end_item()
            sibling = True
            number += -1 if reverse else 1
        self.lists -= 1
        self.out.brk(1 if nested else 2)

    # ------------------------------------------------------------------ tables

    def table(self, node: Node) -> None:
        layout = any(n.tag == "table" for n in walk(node) if n is not node)
        parts = list(table_parts(node))
        self.labels = _label_table(parts)
        self.out.brk(2)
        for kind, part, cells in parts:
            if kind == "caption":
                self._block(part, 1)
                continue
            if kind == "other":
                self.element(part)
                continue
            if part.tag == "tr" and part.break_before:
                self.out.page_break()
            cells = [c for c in cells if not dropped(c)]
            if layout or any(has_blocks(c) for c in cells):
                for cell in cells:  # read as blocks: a layout table, a "Decision:" cell
                    self._block(cell, 1)
            else:
                self.row(cells)
            if part.tag == "tr" and part.break_after:
                self.out.page_break()
        self.out.brk(2)

    def row(self, cells: list[Node]) -> None:
        texts = [visible_text(c) for c in cells]
        if not any(texts):
            return
        tag: LineTag = ("th", None) if all(c.tag == "th" for c in cells) else ("td", None)
        if self.labels:
            tag = ("tr", None)  # a row pairing a label with its value: a field, not table data
        page, line, col = self.out.whole_line("\t".join(texts), tag)
        for cell, text in zip(cells, texts):
            for anchor in walk(cell):
                if anchor.tag != "a" or not anchor.attrs.get("href") or _hidden_inside(anchor, cell):
                    continue
                words = visible_text(anchor)
                at = text.find(words) if words else -1
                if at >= 0:
                    self._add_link(anchor, page, line, col + at, col + at + len(words))
            col += len(text) + 1


def _label_table(parts: list[tuple[str, Node, list[Node]]]) -> bool:
    """Whether each row of a table pairs a label ("Decision maker:") with its value."""
    rows = [[visible_text(c) for c in cells if not dropped(c)] for kind, _, cells in parts if kind == "row"]
    rows = [r for r in rows if any(r)]
    return bool(rows) and all(len(r) >= 2 and r[0].rstrip().endswith((":", "?")) for r in rows)


def _hidden_inside(node: Node, stop: Node) -> bool:
    current: Node | None = node
    while current is not None and current is not stop:
        if dropped(current):
            return True
        current = current.parent
    return False


def render(root: Node) -> Rendered:
    """The page's visible text as pages of lines, with each line's tag and the links."""
    renderer = _Renderer()
    renderer.children(root)
    pages = renderer.out.pages()
    tags = renderer.out.tags
    for number, page in enumerate(pages):
        count = page.count("\n") + 1
        while len(tags) <= number:
            tags.append([])
        tags[number] = (tags[number] + [None] * count)[:count]
    return Rendered(pages=pages, tags=tags[: len(pages)], links=renderer.links)
