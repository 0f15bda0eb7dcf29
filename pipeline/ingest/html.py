"""HTML papers (.html, .htm): decode the bytes, read the page's visible text.

Councils publish decision records as web pages (modern.gov's "Decision details", a
record saved from a browser, a Word document saved as HTML).  :func:`read_html` turns
one into the layout the rest of the pipeline already reads in text and PDF papers:

* block elements (``p``, ``div``, ``h1``-``h6``, ``li``, ``tr``, ``section``, ``br``, ...)
  start new lines; paragraphs, headings, lists and tables are separated by a blank line;
* list items read "• item"; ordered lists "1. item" (or "a) item", "i) item" for
  ``type="a"``/``type="i"`` or the matching ``list-style-type``); an item that prints its
  own label ("a) AGREE ...") keeps it, after a bullet;
* a table row is one line, its cells joined by tabs, as the PDF reader prints a
  table's rows; a row whose cell holds paragraphs or a list (a "Decision:" cell) is
  read as blocks instead, and a layout table (a table holding tables) as plain blocks;
* white space inside a block is collapsed, ``<pre>`` keeps its lines, character
  references are unescaped (``&pound;`` -> "£"), inline markup (``<strong>``) is kept
  as plain text;
* what a reader does not see is dropped: ``<head>`` (its ``<title>`` is returned on
  its own), ``<script>``, ``<style>``, ``<noscript>``, ``<template>``, comments, forms'
  controls, hidden elements (``hidden``, ``display: none`` inline or by a simple ``<style>``
  rule), ``<nav>`` and ``role="navigation"``, breadcrumbs and cookie banners.  Text that
  *displays* markup (``&lt;script&gt;``) stays literal text;
* CSS page breaks (``page-break-before``/``-after``, ``break-before``/``-after``, inline
  or from a simple ``<style>`` rule) split the page into pages.

The parser is the standard library's, fed into a small tolerant tree builder (unclosed
``<p>``/``<li>``/``<td>``, stray end tags and unclosed elements are what browsers make of
them, near enough), so a malformed page is read, not refused.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pipeline.errors import EmptyFile, NoTextLayer, NotText
from pipeline.ingest.text import decode

log = logging.getLogger("papertrail")

__all__ = ["declared_charset", "decode_html", "read_html"]

# --------------------------------------------------------------------------- decoding

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_PRESCAN = 4096  # bytes looked at for a <meta charset> (browsers look at 1024)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
# Codecs a page may not pick: not text encodings a browser knows, or ones that would
# interpret the bytes (escape sequences) rather than decode them.
_REFUSED_CODECS = {
    "idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "utf-7",
    "mbcs", "oem", "palmos",
}  # fmt: skip


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares (XML declaration, ``<meta charset>`` or the
    ``http-equiv`` content type), as a Python codec name, or None.  As browsers do,
    "iso-8859-1" and "us-ascii" are read as windows-1252 (cp1252), and a UTF-16
    declaration in an ASCII-compatible page as UTF-8."""
    head = data[:_PRESCAN]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    try:
        name = codecs.lookup(label).name.replace("_", "-")
    except LookupError:
        return None
    try:
        "".encode(name)  # LookupError: not a text encoding ("base64", "rot13")
    except LookupError:
        return None
    if name in _REFUSED_CODECS:
        return None
    if name in {"ascii", "iso8859-1", "latin-1"}:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode an HTML page: a byte-order mark first, then the charset the page declares
    (when its bytes decode with it), then UTF-8, then cp1252 (see
    :func:`pipeline.ingest.text.decode`).  Returns (text, encoding)."""
    if not data.strip():
        raise EmptyFile()
    if data.lstrip()[:5] == b"%PDF-":
        raise NotText("not an HTML page: the file is a PDF saved with an .html name")
    if data.startswith(_BOMS):
        return decode(data)
    if b"\x00" in data[:_PRESCAN]:
        raise NotText("not a text file: it holds binary data")
    charset = declared_charset(data)
    if charset is not None:
        try:
            return data.decode(charset), charset
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong (a page re-saved in another encoding)
    return decode(data)


# --------------------------------------------------------------------------- tree


@dataclass(eq=False)
class _Node:
    tag: str
    attrs: dict[str, str]
    parent: _Node | None = None
    children: list[_Node | str] = field(default_factory=list)
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
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CLOSES_P = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul", "li",
    "dd", "dt", *_HEADINGS,
}  # fmt: skip
_SCOPE = {"html", "table", "td", "th", "caption", "template"}
_TABLE_PARTS = {"td", "th", "tr", "thead", "tbody", "tfoot", "caption", "colgroup"}
_MAX_DEPTH = 200  # deeper elements are read as part of their ancestor


class _TreeBuilder(HTMLParser):
    """Builds a tree of :class:`_Node` from the parser's events, closing elements the
    way HTML implies (a new ``<p>`` or ``<li>`` closes the open one, a ``<td>`` the open
    cell, ``<tr>`` the open row) and ignoring end tags that close nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack: list[_Node] = [self.root]
        self.head_open = False  # a <head> is among the open elements

    # ------------------------------------------------------------------ helpers

    @property
    def current(self) -> _Node:
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

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> _Node | None:
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
        elif tag in _HEADINGS and self.current.tag in _HEADINGS:
            self._pop_to(len(self.stack) - 1)
        elif tag == "option":
            self._close({"option"}, {"select", "datalist"})
        if len(self.stack) > _MAX_DEPTH and tag not in _VOID:
            return None
        node = _Node(tag, _attributes(attrs), parent=self.current)
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
            self.current.children.append(_Node("p", {}, parent=self.current, closed=True))

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


def _parse(text: str) -> _Node:
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        if _UNFINISHED.match(builder.rawdata):
            builder.rawdata = ""  # a tag or comment cut off by the end of the file: unseen
        builder.close()
    except Exception:  # the parser gave up: keep what it had read
        log.debug("HTML parser stopped early", exc_info=True)
    return builder.root


# --------------------------------------------------------------------------- what is not seen

_DROPPED = {
    "head", "title", "script", "style", "noscript", "template", "svg", "math",
    "iframe", "object", "embed", "applet", "canvas", "audio", "video", "map", "select",
    "datalist", "textarea", "button", "noframes", "noembed", "frameset", "img",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE
)
_HIDDEN_CLASS = {
    "hidden", "d-none", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
    "govuk-visually-hidden", "skip-link", "skiplink", "skip-to-content",
}  # fmt: skip
# Banners that are not the paper: short, and named for what they are.
_BANNER = re.compile(r"cookie|breadcrumb|consent[-_]?banner", re.IGNORECASE)
_BANNER_CHARS = 2000
_UNCLOSED_NAV_CHARS = 2000


def _dropped(node: _Node) -> bool:
    """Whether ``node`` (and all inside it) is something a reader of the page does not
    see, or sees around the paper rather than in it."""
    if node.tag in _DROPPED or node.hidden:
        return True
    attrs = node.attrs
    if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if attrs.get("aria-hidden", "").lower() == "true" and node.tag in ("span", "i", "svg"):
        return True  # icon glyphs
    tokens = set(attrs.get("class", "").lower().split())
    if tokens & _HIDDEN_CLASS:
        return True
    role = attrs.get("role", "").lower()
    if node.tag == "nav" or role == "navigation":
        # A navigation block left open runs over the paper: drop it only when short.
        return node.closed or len(_flatten(node)) <= _UNCLOSED_NAV_CHARS
    names = " ".join([attrs.get("class", ""), attrs.get("id", ""), attrs.get("aria-label", "")])
    if _BANNER.search(names) and node.tag not in ("html", "body", "main", "article"):
        return len(_flatten(node)) <= _BANNER_CHARS
    return False


# --------------------------------------------------------------------------- style sheets

_BREAK_VALUE = r"\s*:\s*(?:always|page|left|right|recto|verso)\b"
_BREAK_BEFORE = re.compile(
    r"(?:page-break-before|(?<![\w-])break-before)" + _BREAK_VALUE, re.IGNORECASE
)
_BREAK_AFTER = re.compile(
    r"(?:page-break-after|(?<![\w-])break-after)" + _BREAK_VALUE, re.IGNORECASE
)
_NOT_DISPLAYED = re.compile(r"(?:^|[;\s])display\s*:\s*none\b", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?(?:\.([\w-]+))?$", re.IGNORECASE)

_Selector = tuple[str | None, str | None]  # (tag or None, class or None)


def _css_rules(css: str) -> Iterator[tuple[str, str, str]]:
    """(enclosing @media query or "", selectors, declarations) of each rule."""
    stack: list[str] = []
    start = 0
    for index, char in enumerate(css):
        if char == "{":
            stack.append(css[start:index].strip())
            start = index + 1
        elif char == "}":
            if stack:
                prelude = stack.pop()
                if prelude and not prelude.startswith("@"):
                    media = next((p for p in reversed(stack) if p.lower().startswith("@media")), "")
                    yield media.lower(), prelude, css[start:index]
            start = index + 1


@dataclass
class _StyleRules:
    """What a page's ``<style>`` rules with a simple selector (``p.pb``, ``.pb``, ``br``)
    say about its text: page breaks (on screen or in print) and elements not displayed
    (on every screen)."""

    before: list[_Selector] = field(default_factory=list)
    after: list[_Selector] = field(default_factory=list)
    hidden: list[_Selector] = field(default_factory=list)

    @classmethod
    def read(cls, root: _Node) -> _StyleRules:
        rules = cls()
        for node in _walk(root):
            if node.tag != "style":
                continue
            css = _CSS_COMMENT.sub(" ", "".join(c for c in node.children if isinstance(c, str)))
            for media, selectors, body in _css_rules(css):
                before = bool(_BREAK_BEFORE.search(body)) and (not media or "print" in media)
                after = bool(_BREAK_AFTER.search(body)) and (not media or "print" in media)
                hidden = bool(_NOT_DISPLAYED.search(body)) and not media
                if not (before or after or hidden):
                    continue
                for selector in selectors.split(","):
                    match = _SIMPLE_SELECTOR.match(selector.strip())
                    if not match or not (match[1] or match[2]):
                        continue
                    key = ((match[1] or "").lower() or None, match[2])
                    for wanted, found in (
                        (before, rules.before),
                        (after, rules.after),
                        (hidden, rules.hidden),
                    ):
                        if wanted:
                            found.append(key)
        return rules

    def apply(self, root: _Node) -> None:
        """Mark each element's page breaks and whether it is displayed."""
        for node in _walk(root):
            style = node.attrs.get("style", "")
            node.break_before = bool(style) and bool(_BREAK_BEFORE.search(style))
            node.break_after = bool(style) and bool(_BREAK_AFTER.search(style))
            if not (self.before or self.after or self.hidden):
                continue
            classes = node.attrs.get("class", "").split()
            node.break_before |= any(_matches(node.tag, classes, key) for key in self.before)
            node.break_after |= any(_matches(node.tag, classes, key) for key in self.after)
            node.hidden = any(_matches(node.tag, classes, key) for key in self.hidden)


def _matches(tag: str, classes: list[str], key: _Selector) -> bool:
    want_tag, want_class = key
    return (want_tag is None or want_tag == tag) and (want_class is None or want_class in classes)


def _walk(node: _Node) -> Iterator[_Node]:
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(reversed([c for c in current.children if isinstance(c, _Node)]))


# --------------------------------------------------------------------------- text layout


_LINE_SEPARATORS = re.compile("[\n\v\f\x1c-\x1e\x85\u2028\u2029]")  # a page break is ours


class _Writer:
    """Collects text with the breaks owed between blocks: 1 (a new line) or 2 (a blank
    line), or a page break ("\\f"), written only when more text follows."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0
        self.page = False
        self.space = False
        self.prefix: str | None = None  # a list item's label, written with its first text
        self.started = False

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

    def item(self, label: str | None, sibling: bool) -> None:
        """A list item starts: a new line (not a blank one after a sibling item)."""
        self.prefix = None
        if sibling and self.pending == 2:
            self.pending = 1
        self.brk(1)
        self.prefix = f"{label} " if label else None

    def end_item(self) -> None:
        self.prefix = None
        self.brk(1)

    def _begin(self) -> None:
        if self.pending or self.page or self.prefix is not None:
            if self.started:
                self.parts.append("\f" if self.page else "\n" * max(self.pending, 1))
            if self.prefix:
                self.parts.append(self.prefix)
        elif self.space and self.started:
            self.parts.append(" ")
        self.pending, self.page, self.prefix, self.space = 0, False, None, False
        self.started = True

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
        self.parts.append(" ".join(words))
        self.space = data[-1].isspace()

    def whole_line(self, line: str) -> None:
        """A line as it is (a table row), on its own line."""
        self.brk(1)
        self._begin()
        self.parts.append(line)
        self.brk(1)

    def preformatted(self, data: str) -> None:
        for index, line in enumerate(_LINE_SEPARATORS.split(data)):
            if index:
                self.line_break()
            line = line.rstrip()
            if line.strip():
                self._begin()
                self.parts.append(line)

    def last_char(self) -> str:
        return self.parts[-1][-1] if self.parts and self.parts[-1] else ""

    def pages(self) -> list[str]:
        return "".join(self.parts).split("\f")


_PARAGRAPH_BLOCKS = {
    "p", "blockquote", "pre", "section", "article", "header", "footer", "main", "aside",
    "figure", "address", "dl", "details", "fieldset", "hgroup", "listing", "xmp", "plaintext",
    *_HEADINGS,
}  # fmt: skip
_LINE_BLOCKS = {
    "div", "dt", "dd", "caption", "figcaption", "summary", "legend", "center", "form", "body",
    "html", "option", "optgroup", "frame", "dialog", "search", "td", "th", "tr", "thead",
    "tbody", "tfoot",
}  # fmt: skip
_ANY_BLOCK = (
    _PARAGRAPH_BLOCKS | _LINE_BLOCKS | {"ul", "ol", "dir", "menu", "li", "table", "hr", "br"}
)
_OWN_LABEL = re.compile(r"^(?:•|\(?(?:[a-zA-Z]|[ivxlIVXL]{1,6}|\d{1,3})[.)])\s")
_FOOTNOTE_MARK = re.compile(r"^[\d*†‡§][\d*†‡§,\s]*$")
_LIST_TYPES = {
    "1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman",
    "I": "upper-roman", "disc": "disc", "circle": "disc", "square": "disc", "none": "none",
}  # fmt: skip
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([\w-]+)", re.IGNORECASE)
_CSS_LIST_TYPES = {
    "decimal": "decimal", "decimal-leading-zero": "decimal", "lower-alpha": "lower-alpha",
    "lower-latin": "lower-alpha", "upper-alpha": "upper-alpha", "upper-latin": "upper-alpha",
    "lower-roman": "lower-roman", "upper-roman": "upper-roman", "disc": "disc",
    "circle": "disc", "square": "disc", "none": "none",
}  # fmt: skip


def _flatten(node: _Node, *, keep_dropped: bool = True) -> str:
    """The words inside ``node`` on one line (blocks and ``<br>`` read as spaces)."""
    pieces: list[str] = []

    def visit(current: _Node) -> None:
        for child in current.children:
            if isinstance(child, str):
                pieces.append(child)
            elif keep_dropped or not _dropped(child):
                if child.tag in _ANY_BLOCK:
                    pieces.append(" ")
                visit(child)
                if child.tag in _ANY_BLOCK:
                    pieces.append(" ")

    visit(node)
    return " ".join("".join(pieces).split())


def _int(value: str | None, default: int) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def _list_type(node: _Node, default: str) -> str:
    style = _LIST_STYLE.search(node.attrs.get("style", ""))
    if style and style[1].lower() in _CSS_LIST_TYPES:
        return _CSS_LIST_TYPES[style[1].lower()]
    kind = node.attrs.get("type", "").strip()
    return _LIST_TYPES.get(kind, _LIST_TYPES.get(kind.lower(), default))


def _letters(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters or "a"


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def _label(kind: str, n: int) -> str | None:
    if kind == "none":
        return None
    if kind == "decimal":
        return f"{n}."
    if kind == "lower-alpha":
        return f"{_letters(n)})"
    if kind == "upper-alpha":
        return f"{_letters(n).upper()})"
    if kind == "lower-roman":
        return f"{_roman(n)})"
    if kind == "upper-roman":
        return f"{_roman(n).upper()})"
    return "•"


class _Renderer:
    """Writes a tree's visible text in the layout described at the top of this module."""

    def __init__(self) -> None:
        self.out = _Writer()
        self.pre = 0
        self.lists = 0

    # ------------------------------------------------------------------ dispatch

    def children(self, node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                if self.pre:
                    self.out.preformatted(child)
                else:
                    self.out.text(child)
            else:
                self.element(child)

    def element(self, node: _Node) -> None:
        if _dropped(node):
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
            self.out.item("•", sibling=False)
            self.children(node)
            self.out.end_item()
        elif tag == "table":
            self.table(node)
        elif tag in ("pre", "listing", "xmp", "plaintext"):
            self.out.brk(2)
            self.pre += 1
            self.children(node)
            self.pre -= 1
            self.out.brk(2)
        elif tag in _PARAGRAPH_BLOCKS:
            self.out.brk(2)
            self.children(node)
            self.out.brk(2)
        elif tag in _LINE_BLOCKS:
            self.out.brk(1)
            self.children(node)
            self.out.brk(1)
        elif tag in ("sup", "sub"):
            words = _flatten(node, keep_dropped=False)
            if tag == "sup" and _FOOTNOTE_MARK.match(words) and self.out.last_char().isalnum():
                self.out.space = True  # a footnote mark: "£2m<sup>1</sup>" is not "£2m1"
            self.children(node)
        else:  # inline: a, span, strong, b, em, i, u, font, abbr, ...
            self.children(node)
        if node.break_after:
            self.out.page_break()

    # ------------------------------------------------------------------ lists

    def list(self, node: _Node) -> None:
        nested = self.lists > 0
        self.out.brk(1 if nested else 2)
        self.lists += 1
        ordered = node.tag == "ol"
        kind = _list_type(node, "decimal" if ordered else "disc")
        items = [c for c in node.children if isinstance(c, _Node) and c.tag == "li"]
        reverse = ordered and "reversed" in node.attrs
        number = _int(node.attrs.get("start"), len(items) if reverse else 1)
        sibling = False
        for child in node.children:
            if isinstance(child, str):
                self.out.text(child)
                continue
            if child.tag != "li":
                self.element(child)
                continue
            if _dropped(child):
                continue
            if "value" in child.attrs:
                number = _int(child.attrs["value"], number)
            item_kind = _list_type(child, kind)
            label = _label(item_kind, number)
            own = _flatten(child, keep_dropped=False)[:12] + " "
            if label and label != "•" and _OWN_LABEL.match(own):
                label = "•"  # the item prints its own label ("a) AGREE ...")
            self.out.item(label, sibling)
            if child.break_before:
                self.out.page_break()
            self.children(child)
            if child.break_after:
                self.out.page_break()
            self.out.end_item()
            sibling = True
            number += -1 if reverse else 1
        self.lists -= 1
        self.out.brk(1 if nested else 2)

    # ------------------------------------------------------------------ tables

    def table(self, node: _Node) -> None:
        layout = any(n.tag == "table" for n in _walk(node) if n is not node)
        self.out.brk(2)
        for kind, part, cells in _table_parts(node):
            if kind == "caption":
                self.out.brk(1)
                self.children(part)
                self.out.brk(1)
                continue
            if kind == "other":
                self.element(part)
                continue
            if part.tag == "tr" and part.break_before:
                self.out.page_break()
            cells = [c for c in cells if not _dropped(c)]
            if layout or any(_has_blocks(c) for c in cells):
                for cell in cells:  # read as blocks: a layout table, a "Decision:" cell
                    self.out.brk(1)
                    self.children(cell)
                    self.out.brk(1)
            else:
                texts = [_flatten(c, keep_dropped=False) for c in cells]
                if any(texts):
                    self.out.whole_line("\t".join(texts))
            if part.tag == "tr" and part.break_after:
                self.out.page_break()
        self.out.brk(2)


def _holds(node: _Node, tags: set[str]) -> bool:
    """Whether ``node`` holds an element of ``tags`` (not looking into nested tables)."""
    for child in node.children:
        if (
            isinstance(child, _Node)
            and child.tag != "table"
            and (child.tag in tags or _holds(child, tags))
        ):
            return True
    return False


def _row_cells(row: _Node) -> list[_Node]:
    """A row's cells; a cell inside a wrapper (a ``<form>``) counts, and stray text or
    elements in the row are read as cells of their own."""
    cells: list[_Node] = []
    for child in row.children:
        if isinstance(child, str):
            if child.strip():
                cells.append(_Node("td", {}, parent=row, children=[child]))
        elif child.tag in ("td", "th"):
            cells.append(child)
        elif _holds(child, {"td", "th"}):
            cells.extend(_row_cells(child))
        elif _flatten(child, keep_dropped=False):
            cells.append(_Node("td", {}, parent=row, children=[child]))
    return cells


def _table_parts(table: _Node) -> Iterator[tuple[str, _Node, list[_Node]]]:
    """A table's caption, rows (with their cells) and stray content, in order."""
    loose: list[_Node] = []  # cells outside a row
    for child in table.children:
        if isinstance(child, _Node) and child.tag in ("td", "th"):
            loose.append(child)
            continue
        if loose:
            yield "row", table, loose
            loose = []
        if isinstance(child, str):
            if child.strip():
                yield "other", _Node("span", {}, parent=table, children=[child]), []
        elif child.tag == "tr":
            yield "row", child, _row_cells(child)
        elif child.tag == "caption":
            yield "caption", child, []
        elif child.tag in ("colgroup", "col"):
            continue
        elif child.tag in ("thead", "tbody", "tfoot") or _holds(child, {"tr"}):
            yield from _table_parts(child)
        else:
            yield "other", child, []
    if loose:
        yield "row", table, loose


def _has_blocks(cell: _Node) -> bool:
    """Whether a cell holds a list, or more than one paragraph (or line) of text."""
    blocks = 0
    for node in _walk(cell):
        if node is cell or _dropped(node):
            continue
        if node.tag in ("li", "pre", "dt", "dd") or node.tag in _HEADINGS:
            return True
        if node.tag in ("p", "div", "blockquote") and _flatten(node) or node.tag == "br":
            blocks += 1
        if blocks > 1:
            return True
    return False


# --------------------------------------------------------------------------- the reader

_INVISIBLE = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def _title(root: _Node) -> str | None:
    for node in _walk(root):
        if node.tag == "title" and not _inside(node, "svg"):
            return _flatten(node) or None
    return None


def _inside(node: _Node, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def read_html(data: bytes) -> tuple[list[str], str | None, str | None]:
    """Read an HTML page: (page texts, the ``<title>`` or None, detected encoding).

    One page, or one per CSS page break.  Raises :class:`pipeline.errors.IngestError`
    (one line) for an empty file, a binary one, or a page with no visible text.
    """
    text, encoding = decode_html(data)
    root = _parse(text.replace("\r\n", "\n").replace("\r", "\n"))
    _StyleRules.read(root).apply(root)
    renderer = _Renderer()
    renderer.children(root)
    pages = renderer.out.pages()
    if not any(not c.isspace() and c not in _INVISIBLE for page in pages for c in page):
        raise NoTextLayer("no text: the HTML page has no visible text")
    return pages, _title(root), encoding
