"""Word papers (.docx): paragraphs, lists and tables read with python-docx, each line
tagged with what it is, as a web page's lines are.

* a paragraph is a line; a paragraph styled "Title" or "Heading N" is a heading (``h1``,
  ``hN``); paragraphs are set apart by a blank line;
* a numbered or bulleted paragraph (its own numbering or its style's: "List Number",
  "List Bullet", "List Paragraph" with numbering) is a list item (``li``, its level the
  numbering level + 1), printed with the number Word computes for it from the numbering
  definitions ("1.", "a)", "(ii)", "2.1") or "•"; consecutive items are one line apart;
* a table row is one line, its cells joined by a tab (``td``; ``th`` for a row Word
  repeats as a header), a merged cell once; a row whose cell holds several paragraphs (a
  "Decision:" cell with its list) is read as those paragraphs instead;
* hyperlinks keep their target (:class:`schemas.structure.Link`).

Word has no pages until it lays a document out, so a Word paper is one page: every
``source.page`` in it is 1 (README, contract notes).  Explicit page breaks are ignored.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pipeline.errors import EmptyFile, NotText, UnsupportedPaper

__all__ = ["DocxPaper", "DocxLink", "read_docx"]

LineTag = tuple[str, int | None]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list\b", re.IGNORECASE)


@dataclass
class DocxLink:
    line: int  # index into DocxPaper.lines
    start: int
    end: int
    href: str


@dataclass
class DocxPaper:
    """A Word paper as read: its one page of text, each line's tag, its links and title."""

    pages: list[str]
    tags: list[list[LineTag | None]]
    links: list[DocxLink] = field(default_factory=list)
    title: str | None = None


@dataclass
class _Line:
    text: str
    tag: LineTag | None
    gap: int  # line breaks before it: 1 (next line) or 2 (a blank line)
    links: list[tuple[int, int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- numbering


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out or str(n)


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out or "a"


def _format(kind: str, n: int) -> str:
    if kind == "lowerLetter":
        return _letters(n)
    if kind == "upperLetter":
        return _letters(n).upper()
    if kind == "lowerRoman":
        return _roman(n)
    if kind == "upperRoman":
        return _roman(n).upper()
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


class _Numbering:
    """Word's list numbering: the label each numbered paragraph prints, counted as Word
    counts (per list instance; a level's counter restarts under a higher level)."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], _Level] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else "%1.",
                    start=int(_val(lvl, "start") or 1),
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.findall(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            levels = dict(abstract.get(_val(num, "abstractNumId") or "", {}))
            for override in num.findall(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                start = _val(override, "startOverride")
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(base.fmt, base.text, int(start))
            for ilvl, level in levels.items():
                self.levels[(num_id, ilvl)] = level

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label of the next paragraph numbered ``num_id`` at level ``ilvl``."""
        level = self.levels.get((num_id, ilvl))
        if level is None or num_id == "0":
            return None
        counters = self.counters.setdefault(num_id, [0] * 9)
        if counters[ilvl] == 0:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if level.fmt == "bullet":
            return "•"
        if level.fmt == "none":
            return ""

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = self.levels.get((num_id, k), level)
            return _format(other.fmt, counters[k] or other.start)

        return re.sub(r"%([1-9])", value, level.text).strip()


def _val(node: Any, name: str) -> str | None:
    child = node.find(f"{_W}{name}")
    return child.get(f"{_W}val") if child is not None else None


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """(numId, level) of a paragraph's numbering: its own, else its style's."""
    p_pr = paragraph._p.pPr
    candidates = [p_pr] if p_pr is not None else []
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    ilvl = None
    for props in candidates:
        if props is None:
            continue
        num_pr = props.find(f"{_W}numPr")
        if num_pr is None:
            continue
        level = _val(num_pr, "ilvl")
        if ilvl is None and level is not None:
            ilvl = int(level)
        num_id = _val(num_pr, "numId")
        if num_id is not None:
            return num_id, ilvl or 0
    return None


# --------------------------------------------------------------------------- reading


def _paragraph_line(paragraph: Any, numbering: _Numbering) -> _Line | None:
    text = " ".join(paragraph.text.split())
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = _HEADING_STYLE.match(style)
    numbered = _num_pr(paragraph)
    if heading or style.lower() == "title":
        level = int(heading.group(1)) if heading else 1
        line = _Line(text, (f"h{level}", level), 2)
    elif numbered is not None or _LIST_STYLE.match(style):
        label = numbering.label(*numbered) if numbered else None
        level = (numbered[1] if numbered else 0) + 1
        styled = re.search(r"\s([2-9])$", style)  # "List Number 2": a list set one level in
        if level == 1 and styled:
            level = int(styled.group(1))
        prefix = f"{label} " if label else ("• " if label is None and "bullet" in style.lower() else "")
        if not text:
            return None
        line = _Line(prefix + text, ("li", level), 1)
        for link in _links(paragraph, text):
            line.links.append((link[0] + len(prefix), link[1] + len(prefix), link[2]))
        return line
    else:
        line = _Line(text, ("p", None), 2)
    if not text:
        return None
    line.links.extend(_links(paragraph, text))
    return line


def _links(paragraph: Any, text: str) -> list[tuple[int, int, str]]:
    found = []
    for link in getattr(paragraph, "hyperlinks", []):
        words = " ".join((link.text or "").split())
        at = text.find(words) if words else -1
        if at >= 0 and link.url:
            found.append((at, at + len(words), link.url))
    return found


def _table_lines(table: Any, numbering: _Numbering) -> list[_Line]:
    from docx.table import Table as DocxTable

    lines: list[_Line] = []
    rows = [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]
    rows = [r for r in rows if any(r)]
    labels = bool(rows) and all(len(r) >= 2 and r[0].endswith((":", "?")) for r in rows)
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:  # a merged cell is listed once per column
                cells.append(cell)
        header = row._tr.trPr is not None and row._tr.trPr.find(f"{_W}tblHeader") is not None
        texts = [" ".join(c.text.split()) for c in cells]
        blocks = any(
            sum(1 for p in c.paragraphs if p.text.strip()) > 1 or any(_num_pr(p) for p in c.paragraphs)
            for c in cells
        )
        if blocks:
            for cell in cells:
                for paragraph in cell.paragraphs:
                    line = _paragraph_line(paragraph, numbering)
                    if line is not None:
                        if line.tag == ("p", None):
                            line = _Line(line.text, ("div", None), 1, line.links)
                        lines.append(line)
                for inner in cell.tables:
                    lines.extend(_table_lines(DocxTable(inner._tbl, cell), numbering))
            continue
        if any(texts):
            # a row pairing a label with its value is a field ("tr"), not table data
            tag = "tr" if labels else "th" if header else "td"
            lines.append(_Line("\t".join(texts), (tag, None), 1))
    if lines:
        lines[0] = _Line(lines[0].text, lines[0].tag, 2, lines[0].links)
    return lines


def read_docx(data: bytes) -> DocxPaper:
    """Read a Word paper (see the module docstring).  Raises
    :class:`pipeline.errors.IngestError` (one line) for an empty file, one that is not a
    Word document, or a document with no text."""
    if not data.strip():
        raise EmptyFile()
    if not zipfile.is_zipfile(BytesIO(data)):
        raise NotText("not a Word document: the file is not a .docx package")
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(BytesIO(data))
    except Exception:  # a damaged package, a .docm or a template renamed
        raise UnsupportedPaper("damaged Word document: the .docx package cannot be opened") from None
    numbering = _Numbering(document)
    lines: list[_Line] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            line = _paragraph_line(item, numbering)
            if line is not None:
                if line.tag and line.tag[0] == "li" and lines and lines[-1].tag and lines[-1].tag[0] == "li":
                    line.gap = 1
                elif line.tag and line.tag[0] == "li":
                    line.gap = 2
                lines.append(line)
        elif isinstance(item, DocxTable):
            table = _table_lines(item, numbering)
            if lines and table:
                table[0].gap = 2
            lines.extend(table)
    return _paper(lines, document.core_properties.title or None)


def _row(line: _Line) -> bool:
    return line.tag is not None and line.tag[0] in ("td", "th")


def _paper(lines: list[_Line], title: str | None) -> DocxPaper:
    if not any(line.text.strip() for line in lines):
        from pipeline.errors import NoTextLayer

        raise NoTextLayer("no text: the Word document has no text")
    parts: list[str] = []
    tags: list[LineTag | None] = []
    links: list[DocxLink] = []
    for index, line in enumerate(lines):
        if index:
            gap = line.gap
            if _row(lines[index - 1]) and not _row(line):
                gap = 2  # the paragraph after a table
            parts.append("\n" * gap)
            tags.extend([None] * (gap - 1))
        tags.append(line.tag)
        for start, end, href in line.links:
            links.append(DocxLink(len(tags) - 1, start, end, href))
        parts.append(line.text)
    return DocxPaper(pages=["".join(parts)], tags=[tags], links=links, title=title)
