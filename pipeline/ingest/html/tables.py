"""Tables and list numbering as a web page shows them: a table's caption, rows and cells
(cells outside a row, rows inside wrappers), whether a cell holds blocks, and the label a
list item is numbered with (``type``, ``start``, ``value``, ``reversed``, ``list-style``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.ingest.html.chrome import dropped, visible_text
from pipeline.ingest.html.tree import HEADINGS, Node, walk

__all__ = ["FOOTNOTE_MARK", "OWN_LABEL", "has_blocks", "int_attr", "item_label", "list_type", "table_parts"]

OWN_LABEL = re.compile(r"^(?:•|\(?(?:[a-zA-Z]|[ivxlIVXL]{1,6}|\d{1,3})[.)])\s")
FOOTNOTE_MARK = re.compile(r"^[\d*†‡§][\d*†‡§,\s]*$")
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



def int_attr(value: str | None, default: int) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def list_type(node: Node, default: str) -> str:
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


def item_label(kind: str, n: int) -> str | None:
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


def _holds(node: Node, tags: set[str]) -> bool:
    """Whether ``node`` holds an element of ``tags`` (not looking into nested tables)."""
    for child in node.children:
        if (
            isinstance(child, Node)
            and child.tag != "table"
            and (child.tag in tags or _holds(child, tags))
        ):
            return True
    return False


def _row_cells(row: Node) -> list[Node]:
    """A row's cells; a cell inside a wrapper (a ``<form>``) counts, and stray text or
    elements in the row are read as cells of their own."""
    cells: list[Node] = []
    for child in row.children:
        if isinstance(child, str):
            if child.strip():
                cells.append(Node("td", {}, parent=row, children=[child]))
        elif child.tag in ("td", "th"):
            cells.append(child)
        elif _holds(child, {"td", "th"}):
            cells.extend(_row_cells(child))
        elif visible_text(child):
            cells.append(Node("td", {}, parent=row, children=[child]))
    return cells


def table_parts(table: Node) -> Iterator[tuple[str, Node, list[Node]]]:
    """A table's caption, rows (with their cells) and stray content, in order."""
    loose: list[Node] = []  # cells outside a row
    for child in table.children:
        if isinstance(child, Node) and child.tag in ("td", "th"):
            loose.append(child)
            continue
        if loose:
            yield "row", table, loose
            loose = []
        if isinstance(child, str):
            if child.strip():
                yield "other", Node("span", {}, parent=table, children=[child]), []
        elif child.tag == "tr":
            yield "row", child, _row_cells(child)
        elif child.tag == "caption":
            yield "caption", child, []
        elif child.tag in ("colgroup", "col"):
            continue
        elif child.tag in ("thead", "tbody", "tfoot") or _holds(child, {"tr"}):
            yield from table_parts(child)
        else:
            yield "other", child, []
    if loose:
        yield "row", table, loose


def has_blocks(cell: Node) -> bool:
    """Whether a cell holds a list, or more than one paragraph (or line) of text."""
    blocks = 0
    for node in walk(cell):
        if node is cell or dropped(node):
            continue
        if node.tag in ("li", "pre", "dt", "dd") or node.tag in HEADINGS:
            return True
        if node.tag in ("p", "div", "blockquote") and visible_text(node) or node.tag == "br":
            blocks += 1
        if blocks > 1:
            return True
    return False


