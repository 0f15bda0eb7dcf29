"""Resolutions: a decision's (or recommendation's) parts, read from the structure.

A decision is anchored at a "Decision:" or "Recommendation(s):" heading or field, at an
introduction ("The Cabinet Member ... is asked to:", "As Cabinet Member for ..., I agree
to:", "That the County Council:", "RESOLVED that:"), and its resolutions are the list items
that anchor introduces (an item's nested items belong to it).  An unlabelled decision ("The
Committee is asked to consider and comment on the report.") is one resolution without a
label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.decisions.verbs import lead_verb
from pipeline.extract.sections import MARKDOWN_HEADING, Span, clean_item_text, strip_span
from pipeline.structure import Structure
from schemas.structure import Block, BlockKind

DECISION_HEADING = re.compile(r"^(?:proposed\s+)?decisions?(?:\s+taken|\s+made)?\s*(?::|-|–|$)", re.IGNORECASE)
RECOMMENDATION_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:recommendations?\s*(?:\(s\))?|recommended\s+decisions?|recommendations?\s+for\s+decision)\s*(?::|-|–|$)",
    re.IGNORECASE,
)
INTRO = re.compile(
    r"\b(?:is|are)\s+(?:(?:therefore|now|hereby)\s+)?(?:asked|recommended|requested|invited)\s+to\b|"
    r"\bI\s+(?:\w+\s+){0,3}to\s*:?\s*$|\bI\s*:\s*$|"
    r"^(?:it\s+is\s+)?recommended\s+that\b|"
    r"^that\s+(?:the\s+)?[A-Z][\w'’ ,&-]{0,80}(?::|\s+(?:approves?|agrees?|notes?|endorses?|resolves?|authorises?|delegates?))",
    re.IGNORECASE,
)
RESOLVED = re.compile(
    r"^(?:it\s+was\s+)?(?:resolved|agreed)\b(?!\s+(?:to\s+note\s+that|by))\s*(?:unanimously\s*)?(?:that\b)?\s*[:\-–]?",
    re.IGNORECASE,
)
_ASKED = re.compile(
    r"^.*?\b(?:(?:is|are)\s+(?:(?:therefore|now|hereby)\s+)?(?:asked|recommended|requested|invited)\s+to|"
    r"I\s+(?:propose|agree|have\s+decided|decide)\s+to|resolved?\s+(?:that|to))\b\s*:?\s*",
    re.IGNORECASE,
)
_LABEL_CHARS = "().[] "


@dataclass
class Item:
    label: str | None
    text: str
    span: Span  # as printed: label (not bullet) to the end of the item
    verb: str | None = None


@dataclass
class Anchor:
    kind: str  # "decision", "recommendation", "intro", "resolved"
    block: Block
    intro: Span  # the anchor and intro lines (where the maker is usually named)
    span: Span
    items: list[Item] = field(default_factory=list)


def _item_from_block(struct: Structure, block: Block) -> Item:
    """A list item (and the items nested under it) as one resolution."""
    text = struct.doc.text
    assert block.char_start is not None and block.char_end is not None
    end = block.char_end
    for child in struct.descendants(block):
        if child.char_end is not None and child.kind in (BlockKind.list_item, BlockKind.paragraph):
            end = max(end, child.char_end)
    printed = text[block.char_start : end]
    label = (block.label or "").strip(_LABEL_CHARS) or None
    start = block.char_start
    bullet = re.match(r"^[•\-–*▪◦]\s+", printed)
    if label and bullet:
        start += bullet.end()  # "- a) End ...": the item starts at its label
    if label is None and bullet:
        body = printed[bullet.end() :]
    else:
        position = printed.find(block.label or "", start - block.char_start) if block.label else 0
        body = printed[position + len(block.label or "") :] if block.label else printed
    words = clean_item_text(body)
    asked = _ASKED.match(words)
    verb = lead_verb(words[asked.end() :] if asked and asked.end() < len(words) else words)
    return Item(label if label and label not in "•-–*▪◦" else None, words, strip_span(text, start, end), verb)


def _unlabelled(struct: Structure, block: Block, start: int) -> Item | None:
    """A decision printed as a sentence after its anchor ("... is asked to consider and
    comment on the report.")."""
    text = struct.doc.text
    assert block.char_end is not None
    s, e = strip_span(text, start, block.char_end)
    if s >= e:
        return None
    words = clean_item_text(text[s:e])
    words = re.sub(r"^[:\-–]\s*", "", words)
    if not words:
        return None
    return Item(None, words, (s, e), lead_verb(words))


_BULLET = re.compile(r"^[•\-–*▪◦]\s+")
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")


def _body(block: Block) -> str:
    """A block's text without its list label or bullet ("1.1 That Cabinet:" -> "That Cabinet:")."""
    text = block.text.strip()
    text = _BULLET.sub("", text)
    if block.label and text.startswith(block.label):
        text = text[len(block.label) :]
    return text.strip()


def _introduced(struct: Structure, anchor: Block) -> list[Block]:
    found = [b for b in struct.blocks[anchor.id + 1 :] if b.kind is BlockKind.list_item and b.intro == anchor.id]
    if not found:
        return []
    top = min(b.level or 1 for b in found)
    return [b for b in found if (b.level or 1) == top]


def _items_under(struct: Structure, anchor: Block) -> list[Item]:
    """The items ``anchor`` introduces; an item that itself introduces sub-items ("1.1 The
    Portfolio Holder is recommended to:") stands for them."""
    items: list[Item] = []
    for block in _introduced(struct, anchor):
        children = _introduced(struct, block) if INTRO.search(_body(block)) or block.text.rstrip().endswith(":") else []
        if children and INTRO.search(_body(block)):
            items.extend(_item_from_block(struct, child) for child in children)
        else:
            items.append(_item_from_block(struct, block))
    return items


def find_anchors(struct: Structure, start: int = 0, end: int | None = None) -> list[Anchor]:
    """Every decision anchor in ``text[start:end]`` with its resolutions, in reading order."""
    text = struct.doc.text
    stop = len(text) if end is None else end
    anchors: list[Anchor] = []
    used: set[int] = set()
    for block in struct.blocks:
        if block.char_start is None or block.char_end is None or not start <= block.char_start < stop:
            continue
        if block.id in used or block.kind not in (BlockKind.heading, BlockKind.field, BlockKind.paragraph, BlockKind.list_item):
            continue
        head = _anchor_text(block)
        kind = None
        if block.kind in (BlockKind.heading, BlockKind.field) and DECISION_HEADING.match(head):
            kind = "decision"
        elif block.kind in (BlockKind.heading, BlockKind.field) and RECOMMENDATION_HEADING.match(head):
            kind = "recommendation"
        elif block.kind in (BlockKind.paragraph, BlockKind.field, BlockKind.heading, BlockKind.list_item) and INTRO.search(_body(block)):
            if block.kind is BlockKind.list_item and not _introduced(struct, block):
                continue
            kind = "intro"
        elif block.kind in (BlockKind.paragraph, BlockKind.field, BlockKind.heading, BlockKind.list_item) and RESOLVED.match(_body(block)):
            kind = "resolved"
        if kind is None:
            continue
        anchor = _read_anchor(struct, block, kind, stop, used)
        if anchor is not None and anchor.items:
            anchors.append(anchor)
    return anchors


def _anchor_text(block: Block) -> str:
    text = MARKDOWN_HEADING.sub("", block.text.strip())
    return _PARAGRAPH_NUMBER.sub("", text)


def _read_anchor(struct: Structure, block: Block, kind: str, stop: int, used: set[int]) -> Anchor | None:
    text = struct.doc.text
    assert block.char_start is not None and block.char_end is not None
    intro_end = block.char_end
    items = _items_under(struct, block)
    intro_block = block
    if not items and kind in ("decision", "recommendation"):
        # the intro printed on the next line(s): "Decision:" / "As Cabinet Member ..., I agree to:"
        for follower in struct.blocks[block.id + 1 : block.id + 4]:
            if (
                follower.kind is BlockKind.heading and follower.level is not None and block.level is not None
                and follower.level <= block.level and not INTRO.search(_body(follower))
            ):
                break
            if follower.kind in (BlockKind.paragraph, BlockKind.field, BlockKind.heading):
                found = _items_under(struct, follower)
                if found:
                    items, intro_block = found, follower
                    intro_end = follower.char_end or intro_end
                    used.add(follower.id)
                    break
    if not items:
        value_start = block.value_start if block.kind is BlockKind.field and block.value_start is not None else None
        if kind == "intro":
            asked = _ASKED.match(block.text)
            after = block.char_start + asked.end() if asked else None
            if after is not None and after < block.char_end:
                single = _unlabelled(struct, block, after)
                items = [single] if single else []
        elif kind == "resolved":
            body = _body(block)
            match = RESOLVED.match(body)
            lead = block.text.find(body) if body else 0
            after = block.char_start + max(0, lead) + (match.end() if match else 0)
            single = _unlabelled(struct, block, after)
            items = [single] if single else []
        elif value_start is not None:
            asked = _ASKED.match(text[value_start : block.char_end])
            single = _unlabelled(struct, block, value_start + (asked.end() if asked else 0))
            items = [single] if single else []
        elif kind in ("decision", "recommendation"):
            follower = struct.blocks[block.id + 1] if block.id + 1 < len(struct.blocks) else None
            if follower is not None and follower.kind is BlockKind.paragraph and follower.char_start is not None:
                asked = _ASKED.match(follower.text)
                # "Recommendation(s):" over "The Committee is asked to consider ..." or over
                # "That Cabinet approves the strategy.": one resolution without a label
                single = _unlabelled(struct, follower, follower.char_start + (asked.end() if asked else 0))
                items = [single] if single else []
                intro_end = follower.char_end or intro_end
                used.add(follower.id)
    if not items:
        return None
    first = min(item.span[0] for item in items)
    if first > intro_end:
        intro_end = first  # the intro runs to the first item ("1. RECOMMENDATIONS" / "1.1 That Cabinet:")
    end = max(item.span[1] for item in items)
    return Anchor(kind, intro_block, strip_span(text, block.char_start, intro_end), strip_span(text, block.char_start, min(end, max(end, stop))), items)


def dedupe(items: list[Item]) -> list[Item]:
    """Items printed twice (a summary and the body) kept once, by label and text."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for item in items:
        key = (item.label, item.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out
