"""HTML papers (.html, .htm): a council web page read into lines of visible text.

Councils publish decisions as web pages (ModernGov's "Decision details", decision lists
and meeting pages, CMIS pages, a record saved from a browser, a Word document saved as
HTML).  The page goes through four steps, one module each:

1. :mod:`.decoding`: bytes to text (byte-order mark, declared charset, UTF-8, cp1252);
2. :mod:`.tree`: a tolerant element tree (the standard library's parser; why, there);
3. :mod:`.chrome` and :mod:`.styles`: what is not displayed or is page chrome (menus,
   banners, footers, hidden elements, file sizes on document links) is left out;
4. :mod:`.render`: the visible text as lines, each with the element it was printed in,
   and the page's links with the words they hide.

:func:`read_web_page` returns all of it; :func:`read_html` the pages, ``<title>`` and
encoding alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.errors import NoTextLayer, ScriptShell
from pipeline.ingest.html.chrome import trim_file_sizes, visible_text
from pipeline.ingest.html.decoding import declared_charset, decode_html
from pipeline.ingest.html.render import LineTag, RenderedLink, render
from pipeline.ingest.html.styles import StyleRules
from pipeline.ingest.html.tree import Node, flatten, inside, parse, walk

__all__ = ["WebPage", "declared_charset", "decode_html", "read_html", "read_web_page"]

_INVISIBLE = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_SHELL_CHARS = 40  # a page with a script and fewer visible characters than this is a shell


@dataclass
class WebPage:
    """A web page as read: its pages of text, each line's tag, its links, its ``<title>``
    and the encoding its bytes were decoded with."""

    pages: list[str]
    tags: list[list[LineTag | None]]
    links: list[RenderedLink] = field(default_factory=list)
    title: str | None = None
    encoding: str | None = None


def _title(root: Node) -> str | None:
    for node in walk(root):
        if node.tag == "title" and not inside(node, "svg"):
            return flatten(node) or None
    return None


def _has_script(root: Node) -> bool:
    return any(
        node.tag == "script" and (node.attrs.get("src") or flatten(node)) for node in walk(root)
    )


def read_web_page(data: bytes) -> WebPage:
    """Read an HTML page (see the module docstring): one page, or one per CSS page break.

    Raises :class:`pipeline.errors.IngestError` (one line) for an empty file, a binary
    one, a page with no visible text, and :class:`pipeline.errors.ScriptShell` for a page
    whose text a script loads (a script and almost no visible text)."""
    text, encoding = decode_html(data)
    root = parse(text.replace("\r\n", "\n").replace("\r", "\n"))
    StyleRules.read(root).apply(root)
    trim_file_sizes(root)
    rendered = render(root)
    visible = sum(1 for page in rendered.pages for c in page if not c.isspace() and c not in _INVISIBLE)
    if visible < _SHELL_CHARS and _has_script(root) and len(visible_text(root)) < _SHELL_CHARS:
        raise ScriptShell()
    if not visible:
        raise NoTextLayer("no text: the HTML page has no visible text")
    return WebPage(rendered.pages, rendered.tags, rendered.links, _title(root), encoding)


def read_html(data: bytes) -> tuple[list[str], str | None, str | None]:
    """Read an HTML page: (page texts, the ``<title>`` or None, detected encoding).  Raises
    as :func:`read_web_page`."""
    page = read_web_page(data)
    return page.pages, page.title, page.encoding
