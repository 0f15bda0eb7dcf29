"""Reading a paper's logical lines into blocks: headings, paragraphs, list items, fields,
tables and furniture.

What a line is comes from what the input carries: for a PDF its font size and weight,
indentation, cell positions and ruled-table membership; for a web or Word paper the element
it was printed in; for text, labels, indentation and blank lines.  Each rule is a general
reading of how councils print papers, never one template's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.structure.labels import (
    KNOWN_FIELDS,
    ItemLabel,
    field_label,
    heading_number,
    item_label,
    looks_like_title_case_heading,
    run_in_heading,
    INLINE_LABEL,
    next_label_pattern,
)
from pipeline.structure.lines import Line, body_size, left_margin
from pipeline.structure.tables import is_figure, is_nil, read_table
from schemas.structure import Block, BlockKind

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+\S")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_INTRO_END = re.compile(r"(?::|:-|-|–|\bthat|\bto)\s*$", re.IGNORECASE)
_INTRO_WORDS = re.compile(
    r"\b(?:resolved?|agreed?|recommend(?:ed|s|ations?)?|asked|invited|requested|decided|following)\b",
    re.IGNORECASE,
)


@dataclass
class _ListLevel:
    style: str
    ordinal: int | None
    indent: float
    block: int
    depth: int


@dataclass
class _Reader:
    lines: list[Line]
    context: str
    blocks: list[Block] = field(default_factory=list)
    body: float | None = None
    margins: dict[int, float] = field(default_factory=dict)
    section: int | None = None
    headings: list[tuple[int, int]] = field(default_factory=list)  # (level, block id) open headings
    stack: list[_ListLevel] = field(default_factory=list)
    intro: int | None = None
    label_headings: set[int] = field(default_factory=set)
    min_depth: int = 1  # the shallowest numbering of the paper's numbered headings
    seen_numbered: bool = False

    def add(self, line_from: Line, line_to: Line, kind: BlockKind, text_end: int | None = None, **fields: object) -> Block:
        end = text_end if text_end is not None else line_to.end
        start = line_from.start
        parent = fields.pop("parent", None)
        if parent is None and kind is not BlockKind.heading:
            parent = self.section
        block = Block(
            id=len(self.blocks),
            kind=kind,
            page=line_from.page,
            char_start=start,
            char_end=end,
            text=self._text(start, end),
            section=self.section if kind is not BlockKind.heading else (self.headings[-1][1] if self.headings else None),
            parent=parent,
            bbox=line_from.bbox,
            **fields,  # type: ignore[arg-type]
        )
        self.blocks.append(block)
        return block

    def _text(self, start: int, end: int) -> str:
        return self.source[start:end]

    source: str = ""

    # ------------------------------------------------------------------ decisions per line

    def indent_of(self, line: Line) -> float:
        if line.x0 is not None:
            return line.x0 - self.margins.get(line.page, line.x0)
        return float(line.indent)

    def continues_list(self, text: str) -> bool:
        """Whether the line's label is the next in a list open above ("4." after "3.")."""
        as_item = item_label(text)
        return as_item is not None and any(
            level.style == as_item.style and level.ordinal is not None and as_item.ordinal == level.ordinal + 1
            for level in self.stack
        )

    def heading_level(self, line: Line, following: Line | None = None) -> int | None:
        """The heading level of a line that is a heading, else None.  ``following`` is the
        next line: a numbered line followed by its numbered sibling is a list item."""
        text = line.text
        tag = line.tag
        if tag and re.fullmatch(r"h[1-6]", tag):
            return int(tag[1])
        if tag in ("li", "td", "th", "dd", "dt"):
            return None
        markdown = _MARKDOWN_HEADING.match(text)
        if markdown:
            return len(markdown.group(1))
        if ("\t" in text and not _label_then_text(text)) or len(text) > 160 or is_figure(text):
            return None
        numbered = heading_number(text)
        larger = bool(self.body and line.size and line.size >= self.body + 0.9)
        bold = line.bold and not (self.body and line.size and line.size < self.body - 0.5)
        words = len(text.split())
        ends_sentence = text.rstrip().endswith((".", ",", ";"))
        if numbered:
            number = numbered[0].rstrip(".")
            depth = number.count(".") + 1
            sibling = heading_number(following.text) if following is not None else None
            if sibling is None and following is not None:
                nxt = item_label(following.text)
                sibling = (nxt.text, "") if nxt and nxt.style == "n.n" else None
            if depth > 1 and sibling and sibling[0].rstrip(".").count(".") + 1 == depth and not larger:
                return None  # 2.1, 2.2, 2.3 one after another: numbered paragraphs
            if depth > 1 and self.stack and self.stack[-1].style == "n.n" and self.stack[-1].depth == depth:
                return None  # the last of such a run
            if self.continues_list(text):
                return None  # "4. Hybrid Model" after list items 1. to 3.: the next item
            if (
                self.intro is not None and not self.stack and self.blocks and self.blocks[-1].id == self.intro
                and self.blocks[-1].kind is not BlockKind.heading and _INTRO_END.search(self.blocks[-1].text.rstrip())
            ):
                return None  # the first item of the list "... I agree to:" opens
            level = max(1, depth - self.min_depth + 1)
            if line.parts and line.x0 is not None:
                # on a PDF page a numbered heading is set apart: bold, larger or alone
                caps = numbered[1].isupper()
                if larger or bold or caps or (level == 1 and words <= 12 and not ends_sentence):
                    return level if words <= 21 and (larger or bold or caps or words <= 13) else None
                return None
            if level == 1 and words <= 11:
                return 1
            return None
        if ends_sentence or words > 16:
            return None
        unnumbered = 2 if self.seen_numbered else 1
        if larger and words <= 20:
            return 1
        if bold and words <= 10 and not field_label(text) and (not text.endswith(":") or words <= 4):
            return unnumbered
        if looks_like_title_case_heading(text) and (text.isupper() or line.blank_before) and not (
            ": " in text and field_label(text)
        ):
            return unnumbered
        return None


_LEADING_LABEL = re.compile(r"^(?:\(?[a-zA-Z]{1,2}\)|\(?[ivxlcdm]{1,6}\)|\d{1,3}(?:\.\d{1,3})*\.?|[A-Z]\.|[•▪◦●■\-–*])\t")


def _label_then_text(text: str) -> bool:
    """A numbered heading or list item whose number a tab sets apart ("2.1\tThat ...")."""
    match = _LEADING_LABEL.match(text)
    return bool(match) and "\t" not in text[match.end() :]


def _is_table_line(line: Line) -> bool:
    return ("\t" in line.text and not _label_then_text(line.text)) or line.table is not None


def _label_cells(cells: list[str]) -> bool:
    """Cells that pair labels with values ("Decision maker:", "Cabinet"), or a first cell
    that holds a label and its value ("Classification: Open")."""
    first = cells[0]
    if not first or is_figure(first):
        return False
    if first.endswith(":") or KNOWN_FIELDS.match(re.sub(r"\s+", " ", first.rstrip(":? "))):
        return True
    inline = field_label(first)
    return inline is not None and inline.value_start < len(first)


def read_blocks(lines: list[Line], text: str, *, context: str = "", tables_from_lines: bool = True) -> list[Block]:
    """Blocks in reading order from a paper's logical lines (see module docstring)."""
    reader = _Reader(lines=lines, context=context, source=text)
    reader.body = body_size(lines)
    reader.margins = left_margin(lines)
    depths = [
        (found[0].rstrip(".").count(".") + 1)
        for found in (heading_number(line.text) or run_in_heading(line.text) for line in lines)
        if found is not None
    ]
    reader.min_depth = min(depths) if depths else 1
    index = 0
    while index < len(lines):
        index = _read_one(reader, index)
    return _title_levels(_split_run_together(reader))


def _title_levels(blocks: list[Block]) -> list[Block]:
    """A paper that opens with its printed title (headings before anything else) has that
    title at level 1 and every other heading one level under it."""
    headings = [b for b in blocks if b.kind is BlockKind.heading]
    if len(headings) < 2:
        return blocks
    title: set[int] = set()
    for block in blocks:
        if block.kind is BlockKind.furniture:
            continue
        if block.kind is not BlockKind.heading or block.label is not None or block.text.rstrip().endswith((":", ":-")):
            break
        title.add(block.id)
    if not title or len(title) == len(headings):
        return blocks
    first = min(title)
    return [
        b.model_copy(update={"level": 1 if b.id in title else (b.level or 1) + 1,
                             "parent": b.parent if b.parent is not None or b.id in title else first})
        if b.kind is BlockKind.heading else b
        for b in blocks
    ]


def _split_run_together(reader: _Reader) -> list[Block]:
    """List items that a PDF ran together on one line ("1. APPROVE ...; 2." / "APPROVE ...;
    and 3. RECOMMEND ...") split at their labels, each item its own block."""
    blocks = reader.blocks
    out: list[Block] = []
    split = False
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if block.kind is not BlockKind.list_item or block.char_start is None or not block.label:
            out.append(block)
            continue
        current = block
        while True:
            label = item_label(current.text.lstrip("•▪◦●■-–* "))
            pattern = next_label_pattern(label) if label else None
            match = pattern.search(current.text, len(current.label or "")) if pattern else None
            if match is None:
                break
            cut = current.char_start + match.start(1)
            head = current.model_copy(update={"char_end": current.char_start + match.start(), "text": reader.source[current.char_start : current.char_start + match.start()].rstrip()})
            head = head.model_copy(update={"char_end": head.char_start + len(head.text)})
            end = current.char_end or cut
            if index < len(blocks) and end - cut <= len(match.group(1)) + 1 and blocks[index].kind is BlockKind.paragraph and blocks[index].char_start is not None and blocks[index].char_start - end <= 2:
                end = blocks[index].char_end or end  # the label ended a line: its text is the next line
                index += 1
            tail = current.model_copy(update={"char_start": cut, "char_end": end, "text": reader.source[cut:end], "label": match.group(1)})
            out.append(head)
            split = True
            current = tail
        out.append(current)
    if not split:
        return out
    mapping: dict[int, int] = {}
    for position, block in enumerate(out):
        mapping.setdefault(block.id, position)  # a split item keeps its first part's place

    def moved(value: int | None) -> int | None:
        return mapping.get(value, value) if value is not None else None

    return [
        b.model_copy(update={"id": i, "parent": moved(b.parent), "section": moved(b.section), "intro": moved(b.intro)})
        for i, b in enumerate(out)
    ]


def _close_lists(reader: _Reader) -> None:
    reader.stack.clear()


def _read_one(reader: _Reader, index: int) -> int:
    lines = reader.lines
    line = lines[index]
    # ---------------------------------------------------------------- tables
    if line.table is not None:
        end = index
        while end + 1 < len(lines) and lines[end + 1].table == line.table:
            end += 1
        end = _continued_ruled(lines, end)
        if _fields_run(lines[index : end + 1]):
            for number in range(index, end + 1):  # a header set as a ruled table of labels and values
                _tab_fields(reader, lines[number])
            return end + 1
        if _layout_table(lines[index : end + 1]):
            # a table that only lays out numbered items and their text (notes, minutes):
            # read its lines as the paper's own headings, paragraphs and lists
            for number in range(index, end + 1):
                reader.lines[number] = _untabled(lines[number])
            return index
        return _table(reader, index, end, "ruled", line.table)
    if _PIPE_ROW.match(line.text):
        end = index
        while end + 1 < len(lines) and _PIPE_ROW.match(lines[end + 1].text):
            end += 1
        return _table(reader, index, end, "pipes", None)
    if line.tag in ("td", "th"):
        end = index
        while end + 1 < len(lines) and lines[end + 1].tag in ("td", "th"):
            end += 1
        return _table(reader, index, end, line.tag and "html" or "html", None)
    if "\t" in line.text and not _label_then_text(line.text):
        paired = _label_row_fields(reader, index)
        if paired is not None:
            return paired
        end = _tab_run_end(lines, index)
        if _fields_run(lines[index : end + 1]):
            number = index
            while number <= end:
                paired = _label_row_fields(reader, number)
                if paired is not None:
                    number = paired
                    continue
                _tab_fields(reader, lines[number])
                number += 1
            return max(end + 1, number)
        below = _ruled_below(lines, index, end)
        if below is not None:
            # the header rows of the ruled table below, printed outside its rulings
            # ("ITEM | Budget | Spent" / "2017-18 | 2018-19" over a ruled grid of figures)
            stop = below
            while stop + 1 < len(lines) and lines[stop + 1].table == lines[below].table:
                stop += 1
            return _table(reader, index, _continued_ruled(lines, stop), "ruled", lines[below].table)
        if end > index or _table_like(line.text):
            return _table(reader, index, end, "aligned", None)
        _paragraph(reader, line)
        return index + 1
    # ---------------------------------------------------------------- a label wrapped over two lines
    wrapped = _wrapped_label(reader, index)
    if wrapped is not None:
        return wrapped
    # ---------------------------------------------------------------- known field labels
    known = field_label(line.text)
    if known is not None and KNOWN_FIELDS.match(re.sub(r"\s+", " ", known.label)) and not known.letter:
        return _field(reader, index, known)
    # ---------------------------------------------------------------- run-in headings
    run_in = run_in_heading(line.text) if (line.tag is None or line.tag == "p") and not reader.continues_list(line.text) else None
    if run_in is not None:
        number, title_end, body_start = run_in
        level = max(1, number.rstrip(".").count(".") + 1 - reader.min_depth + 1)
        _open_heading(reader, line, level, number, line.start + title_end)
        body = reader.add(line, line, BlockKind.paragraph)
        reader.blocks[-1] = body.model_copy(
            update={"char_start": line.start + body_start, "text": reader.source[line.start + body_start : line.end]}
        )
        return index + 1
    # ---------------------------------------------------------------- headings
    level = reader.heading_level(line, lines[index + 1] if index + 1 < len(lines) else None)
    if level is not None:
        numbered = heading_number(line.text)
        _open_heading(reader, line, level, numbered[0] if numbered else None)
        return index + 1
    # ---------------------------------------------------------------- fields
    labelled = field_label(line.text)
    item = _item(reader, line)
    if labelled and (item is None or labelled.letter):
        return _field(reader, index, labelled)
    # ---------------------------------------------------------------- list items
    if item is not None and _continues_paragraph(reader, line, item):
        last = reader.blocks[-1]
        reader.blocks[-1] = last.model_copy(update={"char_end": line.end, "text": reader.source[last.char_start : line.end]})
        return index + 1
    if item is not None:
        return _list_item(reader, index, item)
    # ---------------------------------------------------------------- paragraphs
    _paragraph(reader, line)
    return index + 1


def _inline_fields(reader: _Reader, line: Line, label: str, value_start: int) -> None:
    start = line.start
    while True:
        inline = INLINE_LABEL.search(reader.source, value_start, line.end)
        following = field_label(reader.source[inline.end() : line.end]) if inline else None
        end = inline.start() if inline and following else line.end
        value_end = end
        while value_end > value_start and reader.source[value_end - 1].isspace():
            value_end -= 1
        reader.blocks.append(
            Block(
                id=len(reader.blocks), kind=BlockKind.field, page=line.page, char_start=start, char_end=value_end,
                text=reader.source[start:value_end], label=label, value=reader.source[value_start:value_end],
                value_start=value_start, value_end=value_end, section=reader.section, parent=reader.section, bbox=line.bbox,
            )
        )
        if not (inline and following):
            break
        start = inline.end()
        label = following.label
        value_start = start + following.value_start
    _close_lists(reader)
    reader.intro = None


_SECTION_LABEL = re.compile(
    r"^(?:recommendations?(?:\s*\(s\))?|decisions?|resolved|summary|executive\s+summary|purpose(?:\s+of\s+(?:the\s+)?report)?|"
    r"background|introduction|reasons?(?:\s+for\s+(?:the\s+)?(?:decision|recommendations?))?)$",
    re.IGNORECASE,
)


def _label_level(reader: _Reader) -> int:
    """The level of a label heading ("Decision:", "Reason(s) for decision:"): label headings
    are siblings of one another, one level under the section they sit in."""
    while reader.headings and reader.headings[-1][1] in reader.label_headings:
        reader.headings.pop()
    return (reader.headings[-1][0] + 1) if reader.headings else 2


def _wrapped_label(reader: _Reader, index: int) -> int | None:
    """A long field label a PDF wrapped ("Any interest declared ... granted by the" /
    "Proper Officer: None"): one field over both lines."""
    lines = reader.lines
    line = lines[index]
    if index + 1 >= len(lines) or "\t" in line.text or line.text.rstrip().endswith((".", ":", ";")):
        return None
    following = lines[index + 1]
    found = field_label(following.text)
    if found is None or len(found.label.split()) > 3 or following.blank_before:
        return None
    joined = re.sub(r"\s+", " ", f"{line.text} {found.label}")
    if not KNOWN_FIELDS.match(joined) or field_label(line.text) is not None:
        return None
    value_start = following.start + found.value_start
    if value_start < following.end:
        reader.add(line, following, BlockKind.field, label=joined, value=reader.source[value_start : following.end],
                   value_start=value_start, value_end=following.end)
        _close_lists(reader)
        reader.intro = None
        return index + 2
    after = lines[index + 2] if index + 2 < len(lines) else None
    if after is not None and field_label(after.text) is None and len(after.text) <= 200:
        reader.add(line, after, BlockKind.field, label=joined, value=after.text, value_start=after.start, value_end=after.end)
        _close_lists(reader)
        reader.intro = None
        return index + 3
    return None


def _open_heading(reader: _Reader, line: Line, level: int, label: str | None, end: int | None = None) -> Block:
    _close_lists(reader)
    while reader.headings and reader.headings[-1][0] >= level:
        reader.headings.pop()
    block = reader.add(
        line, line, BlockKind.heading, text_end=end, level=level, label=label,
        parent=reader.headings[-1][1] if reader.headings else None,
    )
    if label is not None:
        reader.seen_numbered = True
    reader.headings.append((level, block.id))
    reader.section = block.id
    text = block.text.rstrip()
    reader.intro = block.id if _INTRO_WORDS.search(text) or text.endswith(":") else None
    return block


def _item(reader: _Reader, line: Line) -> ItemLabel | None:
    if line.tag == "li" and line.first is not None:
        found = item_label(line.text)
        return found or ItemLabel("", "li", None, line.first.tag_level or 1, 0)
    previous = reader.stack[-1] if reader.stack else None
    for level in reversed(reader.stack):
        found = item_label(line.text, previous_style=level.style, previous_ordinal=level.ordinal)
        if found and found.style == level.style:
            return found
    return item_label(line.text, previous_style=previous.style if previous else None,
                      previous_ordinal=previous.ordinal if previous else None)


def _continues_paragraph(reader: _Reader, line: Line, item: ItemLabel) -> bool:
    """A line that only looks like a new list ("A) which concludes ...") where the
    paragraph above stops mid-sentence: the rest of that paragraph."""
    last = reader.blocks[-1] if reader.blocks else None
    if last is None or last.kind is not BlockKind.paragraph or reader.stack or line.blank_before:
        return False
    if last.text.rstrip().endswith((".", ":", ";", "?", "!")) or item.style == "bullet":
        return False
    rest = line.text[item.end :].lstrip()
    return bool(rest) and rest[0].islower() and last.char_end is not None and line.start - last.char_end <= 2


def _list_item(reader: _Reader, index: int, item: ItemLabel) -> int:
    line = reader.lines[index]
    indent = reader.indent_of(line)
    stack = reader.stack
    sibling = None
    for position in range(len(stack) - 1, -1, -1):
        level = stack[position]
        same_style = level.style == item.style and (item.style != "n.n" or level.depth == item.depth)
        if same_style and abs(level.indent - indent) <= 12:
            sibling = position
            break
        if level.indent > indent + 12:
            continue
    if sibling is not None:
        del stack[sibling:]
    else:
        while stack and stack[-1].indent > indent + 12:
            stack.pop()
        if stack and item.style == "n.n" and stack[-1].style == "n.n" and stack[-1].depth >= item.depth:
            stack.clear()
    parent = stack[-1].block if stack else None
    if not stack:
        intro = reader.intro
    else:
        intro = parent
    block = reader.add(
        line, line, BlockKind.list_item, label=item.text or None, level=len(stack) + 1,
        parent=parent if parent is not None else reader.section, intro=intro,
    )
    stack.append(_ListLevel(item.style, item.ordinal, indent, block.id, item.depth))
    return index + 1


def _field(reader: _Reader, index: int, labelled: object) -> int:
    from pipeline.structure.labels import FieldLabel

    assert isinstance(labelled, FieldLabel)
    lines = reader.lines
    line = lines[index]
    value_start = line.start + labelled.value_start
    while value_start < line.end and reader.source[value_start] in ": \t":
        value_start += 1  # "Subject: : Children's ..."
    if value_start < line.end:
        inline = INLINE_LABEL.search(reader.source, value_start, line.end)
        if inline is not None and field_label(reader.source[inline.end() : line.end]):
            # "Report of: X Cabinet Member: Y Key decision: Yes": a header row reflowed into one line
            _inline_fields(reader, line, labelled.label, value_start)
            return index + 1
        value_text = reader.source[value_start : line.end]
        if _SECTION_LABEL.match(labelled.label) and len(value_text.split()) >= 6 and not labelled.letter:
            # "Summary: The County Council ...", "Recommendation(s): Cabinet is asked to:": a
            # section's name run into its first paragraph, not a label and its value
            heading = _open_heading(reader, line, _label_level(reader), None, end=value_start)
            reader.label_headings.add(heading.id)
            paragraph = reader.add(line, line, BlockKind.paragraph)
            reader.blocks[-1] = paragraph.model_copy(update={"char_start": value_start, "text": value_text})
            value = value_text.rstrip()
            reader.intro = paragraph.id if value.endswith((":", ":-")) or _INTRO_END.search(value) else heading.id
            return index + 1
        block = reader.add(
            line, line, BlockKind.field, label=labelled.label, value=reader.source[value_start : line.end],
            value_start=value_start, value_end=line.end,
        )
        _close_lists(reader)
        value = (block.value or "").rstrip()
        reader.intro = block.id if value.endswith((":", ":-")) or _INTRO_END.search(value) else None
        return index + 1
    # a label alone: its value is the next line, unless a list or a section follows
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is not None and not _is_table_line(following):
        next_item = item_label(following.text)
        next_label = field_label(following.text)
        next_heading = reader.heading_level(following, lines[index + 2] if index + 2 < len(lines) else None)
        introduces = following.text.rstrip().endswith((":", ":-"))
        prose = following.text.rstrip().endswith((".", "!", "?")) and len(following.text.split()) > 8
        introduces = introduces or prose  # a sentence under a label: the label heads a section
        if next_item is None and next_label is None and not introduces and len(following.text) <= 200 and following.page == line.page and (
            next_heading is None or following.text.isupper() is False or KNOWN_FIELDS.match(labelled.label)
        ):
            last = following
            taken = 2
            after = lines[index + 2] if index + 2 < len(lines) else None
            if after is not None and re.search(r"\b(?:by|of|to|the|and|for|from)$", following.text, re.IGNORECASE) and not after.blank_before:
                last, taken = after, 3  # "To be allocated by" / "Democratic Services"
            reader.add(
                line, last, BlockKind.field, label=labelled.label,
                value=reader.source[following.start : last.end], value_start=following.start, value_end=last.end,
            )
            _close_lists(reader)
            reader.intro = None
            return index + taken
    # "Decision:" / "Recommendations:" over a list or paragraphs: a sub-heading
    _close_lists(reader)
    level = _label_level(reader)
    while reader.headings and reader.headings[-1][0] >= level:
        reader.headings.pop()
    block = reader.add(line, line, BlockKind.heading, level=level, label=None,
                       parent=reader.headings[-1][1] if reader.headings else None)
    reader.headings.append((level, block.id))
    reader.label_headings.add(block.id)
    reader.section = block.id
    reader.intro = block.id
    return index + 1


def _paragraph(reader: _Reader, line: Line) -> None:
    last = reader.blocks[-1] if reader.blocks else None
    if (
        last is not None
        and last.kind is BlockKind.list_item
        and reader.stack
        and not line.blank_before
        and not last.text.rstrip().endswith((".", ":", "?", "!"))
        and last.char_end is not None
        and line.start - last.char_end <= 2
    ):
        # the rest of a list item that wrapped onto lines normalisation kept apart
        reader.blocks[-1] = last.model_copy(update={"char_end": line.end, "text": reader.source[last.char_start : line.end]})
        return
    # a paragraph at the list's own indentation or deeper continues the list item above
    parent = None
    if reader.stack and reader.indent_of(line) > reader.stack[-1].indent + 4 and not line.blank_before:
        parent = reader.stack[-1].block
    elif reader.stack and reader.indent_of(line) <= reader.stack[0].indent:
        _close_lists(reader)
    reader.add(line, line, BlockKind.paragraph, parent=parent)
    if parent is None:
        text = line.text.rstrip()
        reader.intro = reader.blocks[-1].id if (text.endswith(":") or _INTRO_END.search(text) or _INTRO_WORDS.search(text)) else None


def _tab_run_end(lines: list[Line], index: int) -> int:
    """The last line of a run of tab-separated lines (a short section row such as
    "REVENUE" between them stays in the run)."""
    end = index
    position = index + 1
    while position < len(lines):
        line = lines[position]
        if "\t" in line.text and line.table is None and not _label_then_text(line.text):
            end = position
            position += 1
            continue
        following = lines[position + 1] if position + 1 < len(lines) else None
        short = len(line.text.split()) <= 5 and not line.text.rstrip().endswith((".", ":")) and line.table is None
        if short and following is not None and "\t" in following.text and following.table is None and not item_label(line.text):
            position += 1
            continue
        break
    return end


def _continued_ruled(lines: list[Line], end: int) -> int:
    """The end of a ruled table carried on in another ruled table of as many columns on the
    same page, a short section line between ("REVENUE TOTAL" / "CAPITAL" / "Village
    Hall | 1,000 | ...": one budget in two grids)."""
    while end + 2 < len(lines):
        section, following = lines[end + 1], lines[end + 2]
        if (
            section.table is not None or "\t" in section.text or len(section.text.split()) > 5
            or following.table is None or following.table == lines[end].table
            or following.page != lines[end].page or section.page != lines[end].page
            or following.text.count("\t") != lines[end].text.count("\t")
            or not _table_like(following.text) or not _table_like(lines[end].text)
        ):
            break
        end += 2
        while end + 1 < len(lines) and lines[end + 1].table == lines[end].table:
            end += 1
    return end


def _ruled_below(lines: list[Line], index: int, end: int) -> int | None:
    """The first line of a ruled table just below the run ``lines[index:end+1]`` when that
    run is header rows of it: at most four lines of words and years (no figures), then the
    table, at most one short section line ("REVENUE") between."""
    run = lines[index : end + 1]
    if len(run) > 4 or any(_table_like(l.text) for l in run):
        return None
    position = end + 1
    if position < len(lines) and lines[position].table is None and "\t" not in lines[position].text:
        if len(lines[position].text.split()) > 5 or lines[position].text.rstrip().endswith((".", ":")):
            return None
        position += 1
    if position < len(lines) and lines[position].table is not None and lines[position].page == run[-1].page:
        return position
    return None


def _table_like(text: str) -> bool:
    cells = [c.strip() for c in text.split("\t")]
    return sum(1 for c in cells[1:] if is_figure(c) or is_nil(c)) >= 1


_ITEM_NUMBER = re.compile(r"^(?:item\s*(?:no\.?)?|no\.?|\d{1,4}(?:\.\d{1,3})*\.?|[a-z]\)|\([a-z]\))$", re.IGNORECASE)


def _layout_table(run: list[Line]) -> bool:
    """A ruled table of at most three columns whose first column holds only item numbers
    (or nothing) and whose text is prose: the layout of numbered notes, not data.  A
    short run (the notes' table carried over onto the next page: "8 | Customer Survey
    • Overall there has been ...") must be all prose: long lines, no figures."""
    if not run:
        return False
    rows = [[c.strip() for c in line.text.split("\t")] for line in run]
    if max(len(r) for r in rows) > 3:
        return False
    numbered = sum(1 for r in rows if len(r) > 1 and _ITEM_NUMBER.match(r[0]))
    single = sum(1 for r in rows if len(r) == 1)
    words = [len(r[-1].split()) for r in rows if r[-1]]
    figures = sum(1 for r in rows if any(is_figure(c) for c in r[1:]))
    if not words or numbered < 1 or numbered + single < len(rows) * 0.9:
        return False
    if len(run) < 4:
        return figures == 0 and sum(words) / len(words) >= 8
    if single < len(rows) * 0.4:
        return False
    return sum(words) / len(words) >= 4 and figures <= len(rows) * 0.2


def _untabled(line: Line) -> Line:
    """A layout table's line as the paper's own line (no longer a table row)."""
    parts = [p.model_copy(update={"table": None, "row": None}) for p in line.parts]
    return Line(line.start, line.end, line.text, line.page, line.blank_before, parts)


def _fields_run(run: list[Line]) -> bool:
    rows = [[c.strip() for c in line.text.split("\t")] for line in run if "\t" in line.text]
    if not rows:
        return False
    def labelled_cell(cell: str) -> bool:
        found = field_label(cell)
        return cell.endswith(":") or (found is not None and found.value_start < len(cell))

    if len(rows[0]) >= 3 and not any(labelled_cell(c) for c in rows[0]) and len(rows) >= 2:
        return False  # a header row of column names ("Title | Date | Effective from"): a table
    labelled = sum(1 for cells in rows if _label_cells(cells))
    figures = sum(1 for cells in rows if sum(is_figure(c) for c in cells[1:]) >= 1 and not _label_cells(cells))
    return labelled >= max(1, len(rows) * 0.5) and figures <= labelled * 0.5


def _label_row_fields(reader: _Reader, index: int) -> int | None:
    """A row of labels over a row of their values ("Decision No:\tKey decision:" /
    "19/00234\tNo"): one field per column."""
    lines = reader.lines
    if index + 1 >= len(lines):
        return None
    labels = lines[index].text.split("\t")
    values = lines[index + 1].text.split("\t")
    if len(labels) < 2 or len(values) != len(labels) or not all(c.strip().endswith(":") for c in labels):
        return None
    if any(c.strip().endswith(":") for c in values):
        return None
    line, following = lines[index], lines[index + 1]
    label_at = line.start
    value_at = following.start
    for label, value in zip(labels, values):
        lead = len(label) - len(label.lstrip())
        start = label_at + lead
        vlead = len(value) - len(value.lstrip())
        value_start = value_at + vlead
        value_end = value_start + len(value.strip())
        reader.blocks.append(
            Block(
                id=len(reader.blocks), kind=BlockKind.field, page=line.page, char_start=start,
                char_end=value_end if value.strip() else start + len(label.strip()),
                text=reader.source[start : value_end if value.strip() else start + len(label.strip())],
                label=label.strip().rstrip(":").rstrip("?").strip(),
                value=value.strip() or None,
                value_start=value_start if value.strip() else None,
                value_end=value_end if value.strip() else None,
                section=reader.section, parent=reader.section, bbox=line.bbox,
            )
        )
        label_at += len(label) + 1
        value_at += len(value) + 1
    _close_lists(reader)
    reader.intro = None
    return index + 2


def _tab_fields(reader: _Reader, line: Line) -> None:
    """Fields from a row that pairs labels and values: "Label:\\tvalue" or
    "Label:\\tvalue\\tLabel:\\tvalue" (a header set as a table)."""
    cells: list[tuple[str, int, int]] = []
    position = line.start
    for piece in line.text.split("\t"):
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        cells.append((stripped, position + lead, position + lead + len(stripped)))
        position += len(piece) + 1
    k = 0
    added = False
    while k < len(cells):
        label, start, end = cells[k]
        inline = field_label(label) if label and not label.endswith(":") else None
        if inline is not None and inline.value_start < len(label):
            # "Classification: Open" in one cell
            value_start = start + inline.value_start
            reader.blocks.append(
                Block(
                    id=len(reader.blocks), kind=BlockKind.field, page=line.page, char_start=start, char_end=end,
                    text=reader.source[start:end], label=inline.label.rstrip("?").strip(),
                    value=reader.source[value_start:end], value_start=value_start, value_end=end,
                    section=reader.section, parent=reader.section, bbox=line.bbox,
                )
            )
            added = True
            k += 1
            continue
        if label and _label_cells([label]):
            value_cells = []
            j = k + 1
            while j < len(cells) and not _label_cells([cells[j][0]]):
                value_cells.append(cells[j])
                j += 1
            value_cells = [c for c in value_cells if c[0]]
            value_start = value_cells[0][1] if value_cells else None
            value_end = value_cells[-1][2] if value_cells else None
            block_end = value_end if value_end is not None else end
            reader.blocks.append(
                Block(
                    id=len(reader.blocks), kind=BlockKind.field, page=line.page, char_start=start, char_end=block_end,
                    text=reader.source[start:block_end], label=label.rstrip(":").rstrip("?:").strip(),
                    value=reader.source[value_start:value_end] if value_start is not None else None,
                    value_start=value_start, value_end=value_end, section=reader.section, parent=reader.section,
                    bbox=line.bbox,
                )
            )
            added = True
            k = j
        else:
            k += 1
    if not added:
        reader.add(line, line, BlockKind.paragraph)
    _close_lists(reader)
    reader.intro = None


def _table(reader: _Reader, index: int, end: int, origin: str, table: int | None) -> int:
    lines = reader.lines
    run = lines[index : end + 1]
    caption = None
    if reader.blocks and reader.blocks[-1].kind in (BlockKind.paragraph, BlockKind.heading):
        last = reader.blocks[-1]
        if last.char_end is not None and len(last.text) <= 200:
            caption = last.text
    structure = read_table(run, origin=origin, table=table, caption=caption, context=reader.context)
    reader.add(run[0], run[-1], BlockKind.table, table=structure)
    _close_lists(reader)
    reader.intro = None
    return end + 1
