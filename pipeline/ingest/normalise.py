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


def _fold_lookalikes(text: str) -> str:
    if not _LOOKALIKE_CHARS.search(text):
        return text
    letters = [c for c in text if c.isalpha()]
    latin_text = sum(_is_latin(c) for c in letters) >= 0.8 * max(1, len(letters))

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


def _clean_line(line: str) -> str:
    line = _strip_emphasis(line)
    line = re.sub(r"[ ]*\t[ \t]*", "\t", line)
    line = re.sub(r" {2,}", " ", line)
    return line.strip(" \t")


def normalise_cell(text: str | None) -> str | None:
    """A table cell as it reads in the normalised text (characters folded, spaces collapsed)."""
    if text is None:
        return None
    return " ".join(_fold_lookalikes(_fold_characters(text)).split())


# --------------------------------------------------------------------------- headers and footers


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


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


def _strip_running(lines: list[str], running: set[tuple[int, str]], removed: list[str]) -> list[str]:
    content_index = [i for i, line in enumerate(lines) if line]
    drop: set[int] = set()
    for position, index in [*enumerate(content_index[:3]), *((-1 - k, i) for k, i in enumerate(reversed(content_index[-3:])))]:
        line = lines[index]
        if (position, _shape(line)) in running or _PAGE_NUMBER.match(line):
            drop.add(index)
    removed.extend(lines[i] for i in sorted(drop))
    return [line for i, line in enumerate(lines) if i not in drop]


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


def _vocabulary(lines: Sequence[str]) -> set[str]:
    return {w.lower() for line in lines for w in _WORD.findall(line)}


def normalise_pages(pages: Sequence[str]) -> NormalisedText:
    """Normalise page texts into one text with the offset where each page starts."""
    folded = [_fold_lookalikes(_fold_characters(page)) for page in pages]
    page_lines = [[_clean_line(line) for line in page.split("\n")] for page in folded]
    running = _running_lines(page_lines)
    removed: list[str] = []
    page_lines = [_strip_running(lines, running, removed) for lines in page_lines]

    lengths = sorted(len(line) for lines in page_lines for line in lines if line)
    widest = lengths[int(len(lengths) * 0.9)] if lengths else 0
    long_line = max(45, int(widest * 0.75))
    vocabulary = _vocabulary([line for lines in page_lines for line in lines])

    parts: list[str] = []
    page_starts: list[int] = []
    length = 0
    last = ""  # the last non-blank line emitted
    blank_run = 0
    for number, lines in enumerate(page_lines):
        page_started = False
        for line in lines:
            if not line:
                blank_run += 1
                continue
            if last and blank_run <= 4 and _joins(last, line, long_line, blank_run):
                if last.endswith("-") and len(last) > 1 and last[-2].isalpha():
                    head = _WORD.findall(last)[-1] if _WORD.findall(last) else ""
                    tail = _WORD.match(line)
                    joined = (head + (tail.group(0) if tail else "")).lower()
                    if head.islower() and joined in vocabulary:
                        parts[-1] = parts[-1][:-1]
                        length -= 1
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
            length += len(line)
            last = line
            blank_run = 0
        if not page_started:
            page_starts.append(length)
    text = "".join(parts)
    return NormalisedText(text=text, page_starts=page_starts, removed_lines=removed)
