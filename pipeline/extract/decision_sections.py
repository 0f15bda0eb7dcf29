"""Where things are in a paper's normalised text: headings, sections and labelled fields.

Council papers print their header as ``Label: value`` lines, as a label on one line and
its value on the next, or as the cells of a two-column table (``Label:\\tvalue``); their
body as headed sections ("Reason(s) for decision:", "9. Recommendations").  These helpers
find such spans; the extractors turn them into fields.  Every span indexes ``doc.text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pipeline.extract.common import iter_lines

Span = tuple[int, int]

# A list item: a bullet, a label such as "a)", "(ii)", "1)", "1." or "A.", then text.
LIST_ITEM = re.compile(
    r"^(?P<bullet>[•\-–*▪◦]\s+)?"
    r"(?P<label>\(?(?:[a-zA-Z]|[ivxlIVXL]{1,6}|\d{1,2})\)|(?:\d{1,2}|[A-Z])\.(?=\s))\s*"
)
BULLET = re.compile(r"^[•\-–*▪◦]\s+")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_PARA_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-Za-z])")
_NUMBERED_HEADING = re.compile(r"^\d{1,2}\.?\s+[A-Z][^.:;!?\t]{1,70}$")
_INTRO = re.compile(
    r"\b(?:I|we)\s*:\s*$|\b(?:I|we)\s+(?:\w+\s+){0,3}to\s*:\s*$|"
    r"\b(?:is|are)\s+(?:asked|recommended|requested|invited|requested)\s+to\b|\bresolved?\b",
    re.IGNORECASE,
)
_TERMINAL = (".", ",", ";", "!", "?")


def is_heading(line: str) -> bool:
    """Whether a line reads as a section heading ("Reason(s) for decision:", "Options",
    "9. Recommendations"), not as prose, a list item or a table row."""
    line = MARKDOWN_HEADING.sub("", line.strip())
    if not line or len(line) > 120 or "\t" in line or not line[0].isalnum():
        return False
    if _NUMBERED_HEADING.match(line) and len(line) <= 70:
        return True
    if LIST_ITEM.match(line) or _INTRO.search(line):
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.endswith(":"):
        return ". " not in line[:-1]  # "Option 3 – Stop ... placements. Rejected:" is prose
    return len(line) <= 60 and len(line.split()) <= 8 and not line.endswith(_TERMINAL)


@dataclass(frozen=True)
class Section:
    """A headed section: the heading line and the body up to the next heading."""

    heading: Span
    body: Span


def sections(
    text: str, heading: re.Pattern[str], *, start: int = 0, end: int | None = None
) -> Iterator[Section]:
    """Every section whose heading line matches ``heading`` (searched from the line's
    start).  A value printed on the heading line after its colon ("...: None") is the
    body's first part."""
    stop = len(text) if end is None else end
    for line_start, line_end, line in iter_lines(text):
        if line_start < start:
            continue
        if line_start >= stop:
            return
        markdown = MARKDOWN_HEADING.match(line)
        skip = markdown.end() if markdown else 0
        match = heading.match(line[skip:])
        if not match:
            continue
        body_start = line_start + skip + match.end()
        body_end = min(section_end(text, line_end), stop)
        yield Section((line_start, line_end), (body_start, body_end))


def section_end(text: str, offset: int) -> int:
    """Where the section running on from ``offset`` ends: the next heading line, a page's
    end of text, or the end of the paper."""
    position = offset
    lines = list(iter_lines(text[offset:]))
    for i, (line_start, line_end, line) in enumerate(lines):
        if line_start == 0:
            continue
        if is_heading(line) or _wrapped_heading(
            line, lines[i + 1][2] if i + 1 < len(lines) else ""
        ):
            return offset + line_start
        position = offset + line_end
    return position


def _wrapped_heading(line: str, following: str) -> bool:
    """A heading a PDF wrapped over two lines ("Any interest declared ... granted by the"
    / "Proper Officer:")."""
    line, following = line.strip(), following.strip()
    if (
        not line
        or not following
        or line.endswith(_TERMINAL + (":",))
        or not following.endswith(":")
    ):
        return False
    return len(following) <= 40 and is_heading(f"{line} {following}".replace("  ", " ")[-120:])


def strip_span(text: str, start: int, end: int) -> Span:
    """``start:end`` trimmed of white space (and of a leading colon)."""
    while start < end and (text[start].isspace() or text[start] == ":"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def next_nonblank_line(text: str, offset: int, *, max_blank: int = 3) -> Span | None:
    """The first non-blank line at or after ``offset`` (at most ``max_blank`` blank lines
    on), trimmed."""
    blanks = 0
    position = offset
    while position < len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        start, end = strip_span(text, position, line_end)
        if start < end and text[start:end] != "\f":
            return start, end
        if position != offset:
            blanks += 1
        if blanks > max_blank:
            return None
        position = line_end + 1
    return None


def labelled_value(
    text: str, label: re.Pattern[str], *, limit: int | None = None
) -> tuple[Span, Span] | None:
    """The first ``Label: value`` of a label at a line's start or in a table cell.

    The value is the rest of the label's cell; when that is empty, the next non-blank
    line (for a row of labels, the cell in the same column of the next line).
    Returns (label span, value span), or None when the label is absent or has no value.
    """
    for found in labelled_values(text, label, limit=limit):
        return found
    return inline_labelled_value(text, label, limit=limit or len(text))


_CELL_LABEL = re.compile(r"^[^\t\n]{1,60}:\s*$")


def labelled_values(
    text: str, label: re.Pattern[str], *, limit: int | None = None
) -> Iterator[tuple[Span, Span]]:
    area = text if limit is None else text[:limit]
    for match in label.finditer(area):
        start = match.start()
        if start and text[start - 1] not in "\n\t\f":
            continue
        value_start = match.end()
        while value_start < len(text) and text[value_start] == " ":
            value_start += 1
        if value_start < len(text) and text[value_start] == "\t":
            value_start += 1  # the label's cell ends: its value is the next cell
        value = strip_span(text, value_start, _cell_end(text, value_start))
        if value[0] < value[1] and not _CELL_LABEL.match(text[value[0] : value[1]]):
            yield (start, match.end()), value
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        column = text.count("\t", line_start, start)
        following = next_nonblank_line(text, line_end, max_blank=2)
        if following is None:
            continue
        cells = _cells(text, following[0], following[1])
        header_cells = _cells(text, line_start, line_end)
        if len(header_cells) > 1 and len(cells) == len(header_cells):
            value = strip_span(text, *cells[column])
        elif len(header_cells) > 1:
            continue
        else:
            value = following
        if value[0] < value[1] and not _CELL_LABEL.match(text[value[0] : value[1]]):
            yield (start, match.end()), value


# Header labels, to find where a value ends when a paragraph of "Label: value" lines has
# been reflowed into one line ("... Wards affected: All Key decision: Yes Classification: ...").
_NEXT_INLINE_LABEL = re.compile(
    r"\s(?=(?:report\s+(?:of|to|by|author)|cabinet\s+member|portfolio\s+holder|lead\s+(?:member|officer)|"
    r"wards?(?:\s+affected)?|electoral\s+divisions?|divisions?\s+affected|key\s+decision|classification|"
    r"decision\s+(?:no|number|ref(?:erence)?|maker|taken\s+by)|subject|title(?:\s+of\s+\w+)?|from|to|"
    r"date(?:\s+of\s+(?:meeting|decision))?|meeting\s+date|contact(?:\s+officer)?|exempt\s+information|"
    r"past\s+pathway(?:\s+of\s+paper)?|future\s+pathway(?:\s+of\s+paper)?)\s*:)",
    re.IGNORECASE,
)


def inline_labelled_value(
    text: str, label: re.Pattern[str], *, limit: int
) -> tuple[Span, Span] | None:
    """``Label: value`` printed mid-line after other fields; the value runs to the next
    such label or the line's end."""
    for match in label.finditer(text, 0, min(limit, len(text))):
        start = match.start()
        if start == 0 or text[start - 1] != " ":
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if ":" not in text[line_start:start]:
            continue
        line_end = _cell_end(text, match.end())
        following = _NEXT_INLINE_LABEL.search(text, match.end(), line_end)
        value = strip_span(text, match.end(), following.start() if following else line_end)
        if value[0] < value[1]:
            return (start, match.end()), value
    return None


def _cell_end(text: str, offset: int) -> int:
    ends = [i for i in (text.find("\t", offset), text.find("\n", offset)) if i >= 0]
    return min(ends) if ends else len(text)


def _cells(text: str, start: int, end: int) -> list[Span]:
    cells = []
    position = start
    while True:
        tab = text.find("\t", position, end)
        if tab < 0:
            cells.append((position, end))
            return cells
        cells.append((position, tab))
        position = tab + 1


def clean_item_text(text: str) -> str:
    """A list item's words as read: bullets, emphasis markers and runs of spaces removed."""
    text = BULLET.sub("", text.strip())
    text = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    text = re.sub(r"\s*\n\s*[•\-–*▪◦]\s+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def paragraph_number(line: str) -> int:
    """Length of a leading paragraph number such as "9.1 " (0 when there is none)."""
    match = _PARA_NUMBER.match(line)
    return match.end() if match else 0


@cache
def load_rules(name: str) -> dict[str, Any]:
    """A rules file from ``patterns/`` (read once per process)."""
    folder = resources.files("pipeline.extract").joinpath("patterns")
    return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))


def without_number(line: str) -> str:
    """A line without its bullet or paragraph number ("5.1 ", "- ")."""
    return re.sub(r"^(?:[•\-–*]\s+)?(?:\d{1,2}(?:\.\d{1,2})+\.?\s+)?", "", line)
