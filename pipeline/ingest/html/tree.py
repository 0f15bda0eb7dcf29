"""Building an element tree from a page's text.

The parser is the standard library's :class:`html.parser.HTMLParser`, fed into a small
tolerant tree builder: unclosed ``<p>``/``<li>``/``<td>``, stray end tags and unclosed
elements are what browsers make of them, near enough, so a malformed page is read, not
refused.  We keep it rather than lxml or BeautifulSoup: libxml2's HTML parser is not an
HTML5 parser either (it nests unclosed cells and paragraphs differently from browsers and
stops at a fixed depth), the tree builder's rules are pinned by tests of broken pages, and
council pages are small, so speed is not at stake.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

log = logging.getLogger("papertrail")

__all__ = ["ANY_BLOCK", "HEADINGS", "LINE_BLOCKS", "PARAGRAPH_BLOCKS", "Node", "flatten", "inside", "parse", "walk"]



@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)
    closed: bool = False  # closed by its own end tag (not implied, not left open)
    hidden: bool = False  # not displayed, by a rule of the page's style sheet
    break_before: bool = False  # a page break before or after it (CSS)
    break_after: bool = False


_VOID = {
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
_HEAD_CONTENT = {
    "base", "basefont", "bgsound", "link", "meta", "noframes", "script", "style",
    "template", "title", "noscript",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CLOSES_P = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul", "li",
    "dd", "dt", *HEADINGS,
}  # fmt: skip
_SCOPE = {"html", "table", "td", "th", "caption", "template"}
_TABLE_PARTS = {"td", "th", "tr", "thead", "tbody", "tfoot", "caption", "colgroup"}
_MAX_DEPTH = 200  # deeper elements are read as part of their ancestor


class TreeBuilder(HTMLParser):
    """Builds a tree of :class:`Node` from the parser's events, closing elements the
    way HTML implies (a new ``<p>`` or ``<li>`` closes the open one, a ``<td>`` the open
    cell, ``<tr>`` the open row) and ignoring end tags that close nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack: list[Node] = [self.root]
        self.head_open = False  # a <head> is among the open elements

    # ------------------------------------------------------------------ helpers

    @property
    def current(self) -> Node:
        return self.stack[-1]

    def _close(self, tags: set[str], boundary: set[str], *, explicit: bool = False) -> bool:
        """Close the innermost open element named in ``tags`` (and what is open inside
        it), unless an element of ``boundary`` comes first.  Whether one was closed."""
        for index in range(len(self.stack) - 1, 0, -1):
            node = self.stack[index]
            if node.tag in tags:
                node.closed = explicit
                self._pop_to(index)
                return True
            if node.tag in boundary:
                return False
        return False

    def _pop_to(self, index: int) -> None:
        """Close the open elements from ``index`` on."""
        if self.head_open and any(node.tag == "head" for node in self.stack[index:]):
            self.head_open = False
        del self.stack[index:]

    # ------------------------------------------------------------------ events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node | None:
        """Open an element (closing what it implies closed); the element, or None when
        the tree is too deep to hold it."""
        if self.head_open and tag not in _HEAD_CONTENT:
            self._close({"head"}, set())  # body content ends the head
        if tag in _CLOSES_P:
            self._close({"p"}, _SCOPE | {"button"})
        if tag == "li":
            self._close({"li"}, _SCOPE | {"ul", "ol"})
        elif tag in ("dt", "dd"):
            self._close({"dt", "dd"}, _SCOPE | {"dl"})
        elif tag in ("td", "th"):
            self._close({"td", "th"}, {"tr", "table"})
        elif tag == "tr":
            self._close({"tr"}, {"table"})
        elif tag in ("thead", "tbody", "tfoot"):
            self._close({"thead", "tbody", "tfoot"}, {"table"})
        elif tag in HEADINGS and self.current.tag in HEADINGS:
            self._pop_to(len(self.stack) - 1)
        elif tag == "option":
            self._close({"option"}, {"select", "datalist"})
        if len(self.stack) > _MAX_DEPTH and tag not in _VOID:
            return None
        node = Node(tag, _attributes(attrs), parent=self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.stack.append(node)
            self.head_open = self.head_open or tag == "head"
        return node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        opened = self._start(tag, attrs)  # "<br/>", and "<div/>" read as an empty element
        if opened is not None and self.current is opened:
            opened.closed = True
            self._pop_to(len(self.stack) - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # "</br>" is read as "<br>"
            self._start("br", [])
            return
        if tag == "table":
            boundary: set[str] = {"html", "template"}
        elif tag in _TABLE_PARTS:
            boundary = {"table", "html", "template"}
        elif tag in ("li",):
            boundary = _SCOPE | {"ul", "ol"}
        else:
            boundary = _SCOPE
        if not self._close({tag}, boundary, explicit=True) and tag == "p":
            # "</p>" with no open paragraph: browsers make an empty one (a break)
            self.current.children.append(Node("p", {}, parent=self.current, closed=True))

    def handle_data(self, data: str) -> None:
        if not data:
            return
        if self.current.tag == "head" and data.strip():
            self._close({"head"}, set())
        children = self.current.children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def _attributes(attrs: list[tuple[str, str | None]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in attrs:
        result.setdefault(name.lower(), value or "")
    return result


_UNFINISHED = re.compile(r"<[A-Za-z/!?]")


def parse(text: str) -> Node:
    builder = TreeBuilder()
    try:
        builder.feed(text)
        if _UNFINISHED.match(builder.rawdata):
            builder.rawdata = ""  # a tag or comment cut off by the end of the file: unseen
        builder.close()
    except Exception:  # the parser gave up: keep what it had read
        log.debug("HTML parser stopped early", exc_info=True)
    return builder.root




def walk(node: Node) -> Iterator[Node]:
    """``node`` and every element inside it, in document order."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(reversed([c for c in current.children if isinstance(c, Node)]))


def inside(node: Node, tag: str) -> bool:
    """Whether an ancestor of ``node`` is a ``tag`` element."""
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


# Elements set apart from what is around them: by a blank line, or on a line of their own.
PARAGRAPH_BLOCKS = {
    "p", "blockquote", "pre", "section", "article", "header", "footer", "main", "aside",
    "figure", "address", "dl", "details", "fieldset", "hgroup", "listing", "xmp", "plaintext",
    *HEADINGS,
}  # fmt: skip
LINE_BLOCKS = {
    "div", "dt", "dd", "caption", "figcaption", "summary", "legend", "center", "form", "body",
    "html", "option", "optgroup", "frame", "dialog", "search", "td", "th", "tr", "thead",
    "tbody", "tfoot",
}  # fmt: skip
ANY_BLOCK = PARAGRAPH_BLOCKS | LINE_BLOCKS | {"ul", "ol", "dir", "menu", "li", "table", "hr", "br"}


def flatten(node: Node, skip: Callable[[Node], bool] | None = None) -> str:
    """The words inside ``node`` on one line (blocks and ``<br>`` read as spaces), leaving
    out the elements ``skip`` says to."""
    pieces: list[str] = []

    def visit(current: Node) -> None:
        for child in current.children:
            if isinstance(child, str):
                pieces.append(child)
            elif skip is None or not skip(child):
                if child.tag in ANY_BLOCK:
                    pieces.append(" ")
                visit(child)
                if child.tag in ANY_BLOCK:
                    pieces.append(" ")

    visit(node)
    return " ".join("".join(pieces).split())
