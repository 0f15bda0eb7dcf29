"""Normalisation: page texts in, one normalised text with page offsets out.

Every record's ``source`` points into the text this stage returns, so the text must be
stable (same input, same text) and readable as a quote.  Steps, in order:

1. characters: NFC, ligatures unfolded, private-use and other bullet glyphs to "•",
   curly quotes to straight ones, odd spaces to spaces, soft hyphens and zero-width
   characters dropped;
2. look-alike letters (Cyrillic or Greek shapes of Latin letters) folded to Latin inside
   words that are Latin, or that stand alone in a Latin text ("То:" reads "To:");
3. running headers, footers and page numbers removed (they still count as pages);
4. lines that a word processor wrapped rejoined into their paragraph, also across a
   page break; a hyphen at a line end kept when it is real ("KCC-funded"), dropped when
   the joined word is used elsewhere in the paper.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemas.structure import TextLine

if TYPE_CHECKING:
    from pipeline.ingest.pdf_layout import LineGeom

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
BULLETS = set("\u2022\u25aa\u25cf\u25a0\u25e6\u2023\u2043\u2219\u00b7\u27a2\u2794\u25ba\u2713\u2714")
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
SPACES = set("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
DROPPED = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")

# Cyrillic and Greek letters drawn like Latin ones.
LOOKALIKES = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
}

_WORD = re.compile(r"[^\W\d_]+")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|[-–—]?\s*\d{1,4}\s*[-–—]?|\d{1,4}\s*/\s*\d{1,4})$",
    re.IGNORECASE,
)
_LIST_START = re.compile(
    r"^(?:[•\-–*]\s|\(?[a-zA-Z]\)\s|\(?[ivxIVX]{1,5}\)\s|\d+(?:\.\d+)*[.)]\s|\d+(?:\.\d+)+\s|\|)"
)
_LABEL_START = re.compile(r"^[A-Z][\w()/'&-]*(?: [\w()/'&-]+){0,2}:(?:\s|$)")
_TERMINAL = (".", ":", ";", "!", "?")


@dataclass
class NormalisedText:
    text: str
    page_starts: list[int]
    removed_lines: list[str] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)  # every printed line kept, in text order
    origins: list[tuple[int, int]] = field(default_factory=list)  # (page index, line index) of each of lines
    furniture: list[tuple[int, str]] = field(default_factory=list)  # (page, line) removed as furniture


# --------------------------------------------------------------------------- characters


_CHAR_TABLE: dict[int, str | None] = {
    **{ord(c): None for c in DROPPED},
    **{ord(c): v for c, v in LIGATURES.items()},
    **{ord(c): v for c, v in QUOTES.items()},
    **{ord(c): " " for c in SPACES | {"\x0b"}},
    **{ord(c): "•" for c in BULLETS},
    **{code: "•" for code in range(0xE000, 0xF900)},  # private-use glyphs (Symbol-font bullets)
}
_LOOKALIKE_CHARS = re.compile("[" + "".join(LOOKALIKES) + "]")


def _fold_characters(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_CHAR_TABLE)


def _is_latin(char: str) -> bool:
    return char.isascii() or "LATIN" in unicodedata.name(char, "")


_ASCII_LETTER = re.compile(r"[A-Za-z]")  # the ASCII characters that are letters (str.isalpha)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_lookalikes(text: str) -> str:
    if not _LOOKALIKE_CHARS.search(text):
        return text
    # a mostly Latin text: counted as ASCII letters (all Latin) and the other letters
    ascii_letters = len(_ASCII_LETTER.findall(text))
    others = [c for c in _NON_ASCII.findall(text) if c.isalpha()]
    latin = ascii_letters + sum(1 for c in others if _is_latin(c))
    latin_text = latin >= 0.8 * max(1, ascii_letters + len(others))

    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        if not any(c in LOOKALIKES for c in word):
            return word
        has_latin = any(_is_latin(c) for c in word)
        all_lookalike = all(c in LOOKALIKES or _is_latin(c) for c in word)
        if all_lookalike and (has_latin or latin_text):
            return "".join(LOOKALIKES.get(c, c) for c in word)
        return word

    return _WORD.sub(fold, text)


_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def _strip_emphasis(line: str) -> str:
    """Markdown emphasis markers left by text extraction ("**AGREE**", "*None*")."""
    if "*" not in line and "__" not in line:
        return line
    line = _STRONG.sub(lambda m: m.group(1) or m.group(2), line)
    return _EMPHASIS.sub(r"\1", line)


_TAB_RUN = re.compile(r"[ ]*\t[ \t]*")
_SPACE_RUN = re.compile(r" {2,}")
_DIGIT_RUN = re.compile(r"\d+")


def _clean_line(line: str) -> str:
    line = _strip_emphasis(line)
    if "\t" in line:  # (each search needs its character: most lines have neither)
        line = _TAB_RUN.sub("\t", line)
    if "  " in line:
        line = _SPACE_RUN.sub(" ", line)
    return line.strip(" \t")


def normalise_cell(text: str | None) -> str | None:
    """A table cell as it reads in the normalised text (characters folded, spaces collapsed)."""
    if text is None:
        return None
    return " ".join(_fold_lookalikes(_fold_characters(text)).split())


# --------------------------------------------------------------------------- headers and footers


def _shape(line: str) -> str:
    return _DIGIT_RUN.sub("#", line.lower())


def _running_lines(pages: Sequence[list[str]], depth: int = 2) -> set[tuple[int, str]]:
    """(position, shape) of lines that recur at the same place at the top (position 0, 1)
    or bottom (-1, -2) of most pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[int, str]] = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        edge = {(i, _shape(line)) for i, line in enumerate(content[:depth])}
        edge |= {(-1 - i, _shape(line)) for i, line in enumerate(reversed(content[-depth:]))}
        counts.update(edge)
    needed = max(2, -(-len(pages) * 3 // 5))
    return {key for key, count in counts.items() if count >= needed}


def _running_drop(lines: list[str], running: set[tuple[int, str]]) -> set[int]:
    """Indexes of a page's lines that are running headers, footers or page numbers.  A
    page is never emptied: when every line of it would go (a notice printed on each page
    alike), none is furniture."""
    content_index = [i for i, line in enumerate(lines) if line]
    drop: set[int] = set()
    for position, index in [*enumerate(content_index[:3]), *((-1 - k, i) for k, i in enumerate(reversed(content_index[-3:])))]:
        line = lines[index]
        if (position, _shape(line)) in running or _PAGE_NUMBER.match(line):
            drop.add(index)
    if content_index and len(drop) >= len(content_index):
        return {i for i in drop if _PAGE_NUMBER.match(lines[i])} if len(content_index) > 1 else set()
    return drop


# --------------------------------------------------------------------------- rejoining lines


def _joins(previous: str, following: str, long_line: int, blank_lines: int = 0) -> bool:
    """Whether ``following`` continues the paragraph that ``previous`` ends (across blank
    lines only when it starts in lower case: PDF extraction leaves such gaps mid-sentence)."""
    if not previous or not following or "\t" in previous or "\t" in following:
        return False
    if _LIST_START.match(following) or _LABEL_START.match(following) or previous.endswith(_TERMINAL):
        return False
    first = following[0]
    if first.islower() or (first == "(" and len(following) > 1 and following[1].islower()):
        return True
    if blank_lines:
        return False
    return len(previous) >= long_line and (first.isupper() or first == "(" or first.isdigit())


def _set_apart(previous: LineGeom | None, following: LineGeom | None) -> bool:
    """Whether the way two lines are set says they belong to different blocks: another
    column or table row, another font size, or a bold line beside a plain one."""
    if previous is None or following is None:
        return False
    if previous.column != following.column or previous.table is not None or following.table is not None:
        return True
    if previous.size and following.size and abs(previous.size - following.size) > 0.6:
        return True
    return previous.bold != following.bold


def _vocabulary(lines: Sequence[str]) -> set[str]:
    return {w.lower() for line in lines for w in _WORD.findall(line)}


def _indent(line: str) -> int:
    head = line[: len(line) - len(line.lstrip(" \t"))]
    return head.count(" ") + 4 * head.count("\t")


def _text_line(
    start: int, end: int, page: int, joined: bool, indent: int, geom: LineGeom | None,
    tag: tuple[str, int | None] | None = None,
) -> TextLine:
    # validated, not model_construct: pydantic-core checks the 17 fields in about half
    # the time model_construct takes to fill them in Python (3.4 against 7.4 us a line)
    if geom is None:
        return TextLine(
            char_start=start, char_end=end, page=page, joined=joined, indent=indent,
            tag=tag[0] if tag else None, tag_level=tag[1] if tag else None,
        )
    return TextLine(
        char_start=start, char_end=end, page=page, joined=joined, indent=indent,
        x0=round(geom.x0, 2), x1=round(geom.x1, 2), top=round(geom.top, 2), bottom=round(geom.bottom, 2),
        size=geom.size or None, bold=geom.bold, cells=[round(c, 2) for c in geom.cells],
        column=geom.column, table=geom.table, row=geom.row,
    )


def normalise_pages(
    pages: Sequence[str],
    geoms: Sequence[Sequence[LineGeom | None]] | None = None,
    tags: Sequence[Sequence[tuple[str, int | None] | None]] | None = None,
) -> NormalisedText:
    """Normalise page texts into one text with the offset where each page starts.

    ``geoms``, where given (PDF papers), holds each page line's geometry (one entry per
    ``"\n"``-separated line); a line is not joined to one set apart from it (another
    column, table row, font size or weight).  The result's ``lines`` give every kept line's
    span in the text, with its page and geometry.

    ``tags``, where given (web and Word papers), holds each page line's element and level
    (``("h2", 2)``, ``("li", 1)``, ``("td", None)``); each such line was printed apart, so it
    is never joined to another, and its line keeps the tag."""
    folded = [_fold_lookalikes(_fold_characters(page)) for page in pages]
    raw_lines = [page.split("\n") for page in folded]
    page_lines = [[_clean_line(line) for line in lines] for lines in raw_lines]
    page_geoms: list[list[LineGeom | None]] = []
    for number, lines in enumerate(page_lines):
        given = list(geoms[number]) if geoms is not None and number < len(geoms) else []
        page_geoms.append((given + [None] * len(lines))[: len(lines)])
    running = _running_lines(page_lines)
    removed: list[str] = []
    furniture: list[tuple[int, str]] = []
    kept: list[list[int]] = []
    for number, lines in enumerate(page_lines):
        drop = _running_drop(lines, running)
        removed.extend(lines[i] for i in sorted(drop))
        furniture.extend((number + 1, lines[i]) for i in sorted(drop))
        kept.append([i for i in range(len(lines)) if i not in drop])

    lengths = sorted(len(line) for lines in page_lines for line in lines if line)
    widest = lengths[int(len(lengths) * 0.9)] if lengths else 0
    long_line = max(45, int(widest * 0.75))
    vocabulary = _vocabulary([page_lines[n][i] for n, keep in enumerate(kept) for i in keep])

    parts: list[str] = []
    page_starts: list[int] = []
    text_lines: list[TextLine] = []
    origins: list[tuple[int, int]] = []
    length = 0
    last = ""  # the last non-blank line emitted
    last_geom: LineGeom | None = None
    blank_run = 0
    for number, keep in enumerate(kept):
        page_started = False
        for index in keep:
            line = page_lines[number][index]
            geom = page_geoms[number][index]
            if not line:
                blank_run += 1
                continue
            tag = tags[number][index] if tags is not None and number < len(tags) and index < len(tags[number]) else None
            joined = bool(
                tags is None and last and blank_run <= 4 and not _set_apart(last_geom, geom) and _joins(last, line, long_line, blank_run)
            )
            if joined:
                if last.endswith("-") and len(last) > 1 and last[-2].isalpha():
                    head = _WORD.findall(last)[-1] if _WORD.findall(last) else ""
                    tail = _WORD.match(line)
                    whole = (head + (tail.group(0) if tail else "")).lower()
                    if head.islower() and whole in vocabulary:
                        parts[-1] = parts[-1][:-1]
                        length -= 1
                        if text_lines:
                            previous = text_lines[-1]
                            text_lines[-1] = previous.model_copy(update={"char_end": previous.char_end - 1})
                    sep = ""
                else:
                    sep = " "
            elif not parts:
                sep = ""
            else:
                sep = "\n\n" if blank_run else "\n"
                if not page_started and number:
                    sep = "\n\f\n"
            parts.append(sep)
            length += len(sep)
            if not page_started:
                page_starts.append(length)
                page_started = True
            parts.append(line)
            text_lines.append(
                _text_line(length, length + len(line), number + 1, joined, _indent(raw_lines[number][index]), geom, tag)
            )
            origins.append((number, index))
            length += len(line)
            last = line
            last_geom = geom
            blank_run = 0
        if not page_started:
            page_starts.append(length)
    text = "".join(parts)
    return NormalisedText(
        text=text, page_starts=page_starts, removed_lines=removed, lines=text_lines, furniture=furniture,
        origins=origins,
    )
