"""Resolutions: the decision's (or recommendation's) lettered or numbered parts.

A block opens at a "Decision:" or "Recommendation(s):" heading ("9. Recommendations",
"9.1 Recommendation: ..."), or at an intro line ("The Cabinet Member ... is asked to:",
"As Cabinet Member for ..., I propose to:"), and runs over its list items ("a) END ...",
"1) NOTE that ...", "A) Allow ...", "(i) ...", "1. ...", each perhaps bulleted) until a
heading or prose.  An unlabelled recommendation ("The Committee is asked to consider and
comment on the report.") is one resolution without a label.  Items printed with a
different label style under an item (bullets or "(i)" under "b)") belong to that item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.common import iter_lines
from pipeline.extract.decision_sections import (
    BULLET,
    LIST_ITEM,
    MARKDOWN_HEADING,
    Span,
    clean_item_text,
    is_heading,
    paragraph_number,
)
from pipeline.extract.resolution_verbs import lead_verb, verb_forms

# Anchors, strongest first: a paper's decision is read from the first kind that yields
# resolutions (so a committee's "RESOLVED" quoted in a record does not displace it).
_DECISION_HEADING = re.compile(r"^(?:proposed\s+)?decisions?\s*(?::|$)", re.IGNORECASE)
_RECOMMENDATION_HEADING = re.compile(
    r"^(?:recommendations?\s*(?:\(s\))?|recommended\s+decisions?)\s*(?::|-|–|$)", re.IGNORECASE
)
_INTRO_LINE = re.compile(
    r"\b(?:is|are)\s+(?:asked|recommended|requested|invited)\s+to\s*:?\s*$|"
    r"\bI\s+(?:\w+\s+){0,3}to\s*:\s*$|\bI\s*:\s*$|"
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?that\s+(?:the\s+)?[A-Z][\w'’ ,&-]{0,80}:\s*$",
    re.IGNORECASE,
)
_RESOLVED = re.compile(r"^(?:it\s+was\s+)?resolved\b\s*(?:that\b)?\s*:?", re.IGNORECASE)
ANCHORS = (
    ("decision", _DECISION_HEADING),
    ("recommendation", _RECOMMENDATION_HEADING),
    ("intro", _INTRO_LINE),
    ("resolved", _RESOLVED),
)

_ASKED = re.compile(
    r"^.*?\b(?:(?:is|are)\s+(?:asked|recommended|requested|invited)\s+to|I\s+(?:propose|agree|have\s+decided|decide)\s+to|resolved?\s+(?:that|to))\b\s*:?\s*",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass
class Item:
    label: str | None
    text: str
    span: Span  # as printed: label (not bullet) to the end of the item
    verb: str | None = None
    style: str = "bullet"


@dataclass
class Block:
    kind: str
    span: Span  # the anchor line to the end of the last item
    intro: Span  # the anchor and intro lines (where the maker is usually named)
    items: list[Item] = field(default_factory=list)


# --------------------------------------------------------------------------- items


def _style(label: str | None, current: str | None, previous: str | None) -> str:
    """A label's list style: "digit", "lower", "upper", "roman", "ROMAN" or "bullet".
    "i" after "h" (or "v" after "u") continues a lettered list; a lone "i" starts a roman one."""
    if label is None:
        return "bullet"
    if label.isdigit():
        return "digit"
    case = "upper" if label.isupper() else "lower"
    if _ROMAN.match(label):
        expected = (
            chr(ord(previous) + 1) if previous and len(previous) == 1 and previous.isalpha() else ""
        )
        if current in ("lower", "upper") and label.lower() == expected.lower():
            return case
        if len(label) == 1 and label.lower() != "i" and current not in ("roman", "ROMAN"):
            return case
        return "roman" if case == "lower" else "ROMAN"
    return case


def _nests(style: str, block_style: str) -> bool:
    """Whether an item of ``style`` printed under one of ``block_style`` is its sub-item."""
    order = ["digit", "upper", "lower", "roman", "bullet"]
    if style in ("bullet", "roman"):
        return True
    return block_style in order and style in order and order.index(style) > order.index(block_style)


def _item_at(text: str, line_start: int, line_end: int) -> tuple[str | None, int, int] | None:
    """(label, label start, content start) of a list item line, else None."""
    line = text[line_start:line_end]
    match = LIST_ITEM.match(line)
    if match and match["label"] and is_heading(line):
        first = _WORD.match(line, match.end())
        if not first or first.group(0).lower() not in verb_forms():
            return None  # "1. Background": a section heading, not a resolution
    if match and match["label"]:
        label = match["label"].strip("().")
        return label, line_start + match.start("label"), line_start + match.end()
    bullet = BULLET.match(line)
    if bullet:
        return None, line_start + bullet.end(), line_start + bullet.end()
    return None


def read_block(text: str, kind: str, line_start: int, line_end: int, anchor_end: int) -> Block:
    """The resolutions of the block whose anchor line is ``text[line_start:line_end]``."""
    block = Block(kind, (line_start, line_end), (line_start, line_end))
    inline = (anchor_end, line_end)
    inline_text = text[anchor_end:line_end].strip(" \t:-–")
    following = _lines_after(text, line_end)
    next_is_item = bool(following) and _item_at(text, following[0][0], following[0][1]) is not None
    if inline_text and not inline_text.endswith(":") and not next_is_item:
        item = _unlabelled(text, *inline)
        if item:
            item.verb = lead_verb(item.text)
            block.items.append(item)
            block.span = (line_start, item.span[1])
        return block
    intro_lines = 0
    intro_open = False
    current: Item | None = None
    block_style: str | None = None
    previous_end = line_end
    for index, (start, end) in enumerate(following):
        line = text[start:end]
        gap = text[previous_end:start]
        blank_gap = "\n\n" in gap or "\f" in gap
        found = _item_at(text, start, end)
        if found:
            label, label_start, content_start = found
            style = _style(
                label,
                block_style,
                current.label if current and current.style == block_style else None,
            )
            if current is not None and block_style is not None and style != block_style:
                if not _nests(style, block_style):
                    break  # "10. Background Documents" after "a) ... b) ...": the block is over
                current.text = f"{current.text} {clean_item_text(line)}"
                current.span = (current.span[0], end)
            else:
                block_style = block_style or style
                current = Item(
                    label, clean_item_text(text[content_start:end]), (label_start, end), style=style
                )
                block.items.append(current)
        elif current is not None and not blank_gap and _continues(current, line):
            current.text = f"{current.text} {clean_item_text(line)}"
            current.span = (current.span[0], end)
        elif (
            current is None
            and intro_lines < 3
            and (
                _is_intro(text, line, following[index + 1 :]) or (intro_open and line.endswith(":"))
            )
        ):
            intro_lines += 1
            intro_open = not line.endswith(":")  # wrapped: its end is on the next line
            block.intro = (block.intro[0], end)
        elif current is None and intro_lines < 3 and _ASKED.match(line):
            item = _unlabelled(text, start, end)
            if item:
                block.items.append(item)
            break
        elif (
            current is None
            and intro_lines == 0
            and not is_heading(line)
            and not inline_text
            and kind == "decision"
        ):
            item = _unlabelled(text, start, end)  # "Decision:\n\nTo approve the revised fees."
            if item:
                block.items.append(item)
            break
        else:
            break
        previous_end = end
    block.items = _split_run_together(text, block.items)
    if block.items:
        block.span = (line_start, max(i.span[1] for i in block.items))
    for item in block.items:
        item.verb = lead_verb(item.text)
    return block


_TERMINAL = (".", ";", ":", "!", "?")
_DANGLING_LABEL = re.compile(r"(?:^|\s)(?:\d{1,2}\.|\(?[a-zA-Z]{1,4}\))$")


def _continues(item: Item, line: str) -> bool:
    """Whether a line carries on the item above: it starts in lower case, or the item
    stopped mid-sentence ("... to take effect from" / "1 April 2023; and"), or ended on
    the next item's label ("...; 2." / "APPROVE the financing ...")."""
    if not item.text.endswith(_TERMINAL) or _DANGLING_LABEL.search(item.text):
        return not line.endswith(":")
    return line[:1].islower() and not is_heading(line)


def _is_intro(text: str, line: str, rest: list[Span]) -> bool:
    """An intro line ("As Cabinet Member for ..., I agree to:", "That Cabinet:"), also
    when a PDF wrapped it ("... the Executive Member for Adult" / "Social Care has
    decided to:")."""
    if line.endswith(":") or _INTRO_LINE.search(line):
        return not (is_heading(line) and not _INTRO_LINE.search(line) and not _ASKED.match(line))
    if line.endswith(_TERMINAL) or not rest or _item_at(text, *rest[0]) is not None:
        return False
    following = text[rest[0][0] : rest[0][1]]
    return (
        following.endswith(":") and len(following) <= 80 and not is_heading(f"{line} {following}")
    )


def _successor(label: str, style: str) -> str | None:
    if style == "digit":
        return str(int(label) + 1)
    if style in ("roman", "ROMAN"):
        order = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
        at = order.index(label.lower()) if label.lower() in order else -1
        if 0 <= at < len(order) - 1:
            return order[at + 1].upper() if style == "ROMAN" else order[at + 1]
        return None
    if style in ("lower", "upper") and len(label) == 1 and label.isalpha():
        return chr(ord(label) + 1)
    return None


def _split_run_together(text: str, items: list[Item]) -> list[Item]:
    """Items a PDF ran into one paragraph ("1. APPROVE ...; 2. APPROVE ...; and 3.
    RECOMMEND ...") split at the next label, each with its own printed span."""
    out: list[Item] = []
    queue = list(items)
    while queue:
        item = queue.pop(0)
        following = _successor(item.label, item.style) if item.label else None
        if following is None:
            out.append(item)
            continue
        label = re.escape(following)
        pattern = re.compile(
            rf"(?:[;,.]\s+(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?P<label>\({label}\)|{label}\)|{label}\.)\s+(?=\S)"
        )
        start, end = item.span
        split = pattern.search(text, start + len(item.label or "") + 1, end)
        if split is None:
            out.append(item)
            continue
        head = text[start : split.start("label")].rstrip()
        label_end = start + len(head)
        first = Item(item.label, _content(head), (start, label_end), style=item.style)
        rest = Item(
            following,
            clean_item_text(text[split.end() : end]),
            (split.start("label"), end),
            style=item.style,
        )
        out.append(first)
        queue.insert(0, rest)
    return out


def _content(printed: str) -> str:
    """A printed item's words without its label."""
    match = LIST_ITEM.match(printed)
    return clean_item_text(printed[match.end() :] if match else printed)


def _lines_after(text: str, offset: int, limit: int = 60) -> list[Span]:
    lines: list[Span] = []
    position = offset + 1
    while position < len(text) and len(lines) < limit:
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        start = position
        while start < end and text[start] in " \t":
            start += 1
        if start < end and text[start:end] != "\f":
            lines.append((start, end))
        position = end + 1
    return lines


def _unlabelled(text: str, start: int, end: int) -> Item | None:
    """A recommendation printed as prose: the words after "is asked to" (or the whole
    line), as one resolution without a label."""
    line = text[start:end]
    asked = _ASKED.match(line)
    content_start = start + (asked.end() if asked else 0)
    while content_start < end and text[content_start] in " \t:":
        content_start += 1
    if content_start >= end:
        return None
    return Item(None, clean_item_text(text[content_start:end]), (content_start, end))


# --------------------------------------------------------------------------- blocks


def find_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Resolution blocks (anchored in ``text[start:end]``) of the strongest anchor kind
    that yields any resolutions."""
    by_kind: dict[str, list[Block]] = {kind: [] for kind, _ in ANCHORS}
    stop = len(text) if end is None else end
    for line_start, line_end, raw in iter_lines(text):
        line = raw.strip()
        if not line or line_start < start:
            continue
        if line_start >= stop:
            break
        markdown = MARKDOWN_HEADING.match(line)
        if markdown:
            line = line[markdown.end() :]
        offset = line_start + (len(raw) - len(raw.lstrip())) + (markdown.end() if markdown else 0)
        number = paragraph_number(line)
        for kind, anchor in ANCHORS:
            if kind == "intro":
                if anchor.search(line):
                    by_kind[kind].append(read_block(text, kind, offset, line_end, line_end))
                    break
                continue
            match = anchor.match(line[number:])
            if match:
                by_kind[kind].append(
                    read_block(text, kind, offset, line_end, offset + number + match.end())
                )
                break
    for kind, _ in ANCHORS:
        blocks = [b for b in by_kind[kind] if b.items]
        merged = _without_nested(blocks)
        if merged:
            return merged
    return []


def _without_nested(blocks: list[Block]) -> list[Block]:
    kept: list[Block] = []
    for block in sorted(blocks, key=lambda b: b.span[0]):
        if kept and block.span[0] < kept[-1].span[1]:
            continue
        kept.append(block)
    return kept


def dedupe(items: list[Item]) -> list[Item]:
    """Resolutions printed more than once (in a summary and again in the body) kept once."""
    seen: set[tuple[str | None, str]] = set()
    unique: list[Item] = []
    for item in items:
        key = (
            item.label.lower() if item.label else None,
            re.sub(r"\W+", " ", item.text.lower()).strip(),
        )
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
