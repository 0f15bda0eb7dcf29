"""Decisions on council web pages: one record per decision the page shows.

Three kinds of page, read from the structure and the page's links:

* a **decision details** page (ModernGov ``ieDecisionDetails``, CMIS, a saved record):
  one decision under the page's title, with its labelled facts ("Decision Maker:",
  "Decision status:", "Is Key decision?:", "Is subject to call in?:", "Publication date:",
  "Date of decision:", "Date comes into force if not called in:", "Decided at meeting:",
  "Wards affected:") and its "Decision:" text;
* a **meeting** page whose decisions are items, each under its own heading or linked
  title: one record per item that prints a decision ("Decision:", "Resolved:", "RESOLVED -
  That ...", numbered items under the body's name), the maker being the item's own
  "Decision Maker:" or else the meeting's body, and its date the meeting's;
* a **list** of decisions (delegated, officer or published decisions): one record per row
  that links to a decision page or sits in a table captioned as decisions
  (:mod:`.weblists`); a row linking elsewhere (an issue history) is not a decision.

A decision printed twice on one page ("Decision:" and the minutes' "Resolved:") is one
record: the first printing of the item's decision is read.  The reference is the council's
as printed, or as the page carries it for its reader: the "ref: 13567" a ModernGov list
hides in its title link, else the id of the decision page the title links to.  A
paragraph about the decision ("This decision was authorised by the Cabinet on ...") is not
a resolution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.nlp import Parsed

from pipeline.extract.decisions.build import decision_record
from pipeline.extract.decisions.header import DecisionNumber, number_in
from pipeline.extract.decisions.maker import Maker
from pipeline.extract.decisions.resolutions import RESOLVED, Item, dedupe
from pipeline.extract.decisions.webfields import (
    Labelled,
    decision_link,
    first_date,
    key_of,
    link_reference,
    read_call_in,
    read_flag,
    read_status,
    read_wards,
    resolution_verb,
    split_label,
)
from pipeline.extract.decisions.weblists import list_decisions
from pipeline.extract.sections import Span, strip_span
from pipeline.ingest.doctype import web_heading_is_generic
from pipeline.structure import Structure
from schemas.records import Decision, DecisionStatus, Document
from schemas.structure import Block, BlockKind

__all__ = ["web_decisions"]

_PROVENANCE = re.compile(r"^(?:this|the)\s+decision\s+(?:was|is|has\s+been|had\s+been|will\s+be)\b", re.IGNORECASE)
_ITEM_NUMBER = re.compile(r"^\s*(?:item\s+)?\(?\d{1,3}(?:\.\d{1,2})?[.)]?\s+(?=\S)", re.IGNORECASE)
_BODY = re.compile(
    r"(?P<body>(?:[A-Z][\w&'’-]*\s+){0,5}?(?:Cabinet|Council|Executive|(?:Sub-)?Committee|Board|Panel|Forum|"
    r"Cabinet\s+Member(?:\s+for\s+[A-Z][\w&'’ -]+)?))\b"
)
_MEETING_HEAD = re.compile(
    r"^(?:decisions?|minutes|agenda(?:\s+and\s+(?:draft\s+)?minutes)?|meeting)\s*(?:of|for|:|-|–)?\s*(?:the\s+)?",
    re.IGNORECASE,
)
_SECTION_LABEL_WORDS = 8
_INTRO_LABEL = re.compile(r"(?:that\b|(?:resolved|it\s+was|agreed)\s+\w)", re.IGNORECASE)


@dataclass
class _Facts:
    """What one decision's labels say."""

    spans: dict[str, Span] = field(default_factory=dict)  # first value of each key
    sections: list[list[tuple[Block, Span]]] = field(default_factory=list)  # each "Decision:" body


def web_decisions(doc: Document, parsed: Parsed, struct: Structure) -> list[Decision]:
    """Every decision a web page shows (module docstring); [] when it shows none."""
    listed = list_decisions(doc, struct)
    titles = _titles(struct)
    head_end = titles[0][0] if titles else 0
    meeting = _meeting(struct, head_end)
    units: list[tuple[Span | None, int, int]] = []
    if titles:
        bounds = [start for start, _ in titles] + [len(doc.text)]
        units = [((start, end), start, bounds[i + 1]) for i, (start, end) in enumerate(titles)]
    else:
        units = [(None, 0, len(doc.text))]
    found: list[Decision] = []
    seen: set[tuple[str | None, tuple[str, ...]]] = set()
    for title, start, end in units:
        decision = _unit_decision(doc, struct, title, start, end, meeting)
        if decision is None:
            continue
        key = (decision.subject, tuple(r.text for r in decision.resolutions))
        if key in seen:
            continue  # the same decision shown twice
        seen.add(key)
        found.append(decision)
    return sorted([*listed, *found], key=lambda d: d.source.char_start)


# --------------------------------------------------------------------------- titles and meeting


def _titles(struct: Structure) -> list[Span]:
    """Spans of the lines that title a decision: headings that are neither a label
    ("Decision:") nor a page's kind ("Decision details"), and lines that are a link to a
    decision page."""
    doc = struct.doc
    text = doc.text
    found: list[Span] = []
    for line in struct.lines:
        tag = line.tag or ""
        words = line.text.strip()
        labelled = split_label(words, line.start)
        if not words or words.endswith(":"):
            continue
        if re.fullmatch(r"h[1-6]", tag):
            head = _MEETING_HEAD.match(words)
            meeting_head = bool(head and head.end() and _BODY.search(words, head.end()))
            if not web_heading_is_generic(words) and not meeting_head and (labelled is None or labelled.key is None):
                found.append((line.start, line.end))
            continue
        if labelled is not None:
            continue
        if tag in ("td", "th", "tr"):
            continue
        linked = sum(
            k.char_end - k.char_start for k in doc.links
            if line.start <= k.char_start < line.end and decision_link(k.href)
        )
        if linked and linked >= 0.8 * len(_ITEM_NUMBER.sub("", words)):
            found.append((line.start, line.end))
    return [strip_span(text, *span) for span in found]


@dataclass
class _Meeting:
    body: str | None
    body_span: Span | None
    date: str | None


def _meeting(struct: Structure, head_end: int) -> _Meeting:
    """The meeting a page is about, from its head: a "Committee:" or "Meeting:" label, or a
    heading or title naming the body ("Decisions: Cabinet, Tuesday 27 July 2021")."""
    text = struct.doc.text
    body = body_span = date = None
    blocks = [b for b in struct.blocks if b.char_start is not None and b.char_start < head_end]
    for index, block in enumerate(blocks):
        assert block.char_start is not None
        labelled = _labelled(struct, block)
        names_body = labelled is not None and re.match(
            r"(?:committee|meeting|body|decision\s+maker)$", labelled.label.strip(), re.IGNORECASE
        )
        if labelled and names_body and body_span is None:
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if labelled.value:
                body_span = labelled.value
            elif following is not None and following.char_start is not None and following.char_end is not None:
                body_span = (following.char_start, following.char_end)  # "Committee:" over its value
        elif labelled is None and body_span is None and block.kind in (BlockKind.heading, BlockKind.paragraph):
            head = _MEETING_HEAD.match(block.text)
            found = _BODY.search(block.text, head.end() if head else 0) if head and head.end() else None
            if found:
                body_span = (block.char_start + found.start("body"), block.char_start + found.end("body"))
        found_date = first_date(text, block.char_start, block.char_end or block.char_start)
        if date is None and found_date is not None:
            date = found_date.iso
    if body_span is not None:
        body = " ".join(text[body_span[0] : body_span[1]].split())
    return _Meeting(body, body_span, date)


# --------------------------------------------------------------------------- one decision


def _labelled(struct: Structure, block: Block) -> Labelled | None:
    """The label a block prints, with its value's span (None when below the label)."""
    text = struct.doc.text
    if block.char_start is None or block.char_end is None:
        return None
    if block.kind is BlockKind.field and block.label:
        if _INTRO_LABEL.match(block.label):
            return None
        if block.value_start is None or block.value_end is None:
            return Labelled(key_of(block.label), block.label, None)
        below = "\n" in text[block.char_start : block.value_start]
        return Labelled(key_of(block.label), block.label, (block.value_start, block.value_end), below)
    if block.kind in (BlockKind.paragraph, BlockKind.heading):
        return split_label(block.text, block.char_start)
    return None


def _facts(struct: Structure, start: int, end: int) -> _Facts:
    facts = _Facts()
    section: list[tuple[Block, Span]] | None = None
    text = struct.doc.text
    for block in struct.blocks:
        if block.char_start is None or block.char_end is None or not start <= block.char_start < end:
            continue
        labelled = _labelled(struct, block)
        if labelled is not None and len(labelled.label.split()) <= _SECTION_LABEL_WORDS:
            section = None
            if labelled.key == "decision":
                section = []
                facts.sections.append(section)
                if labelled.value is not None:
                    section.append((block, labelled.value))
            elif labelled.key and labelled.value and labelled.key not in facts.spans:
                facts.spans[labelled.key] = labelled.value
            continue
        if section is not None:
            section.append((block, (block.char_start, block.char_end)))
        elif block.kind is BlockKind.paragraph and RESOLVED.match(text[block.char_start : block.char_end]):
            section = []  # "RESOLVED - That ..." in an item's minutes
            facts.sections.append(section)
            section.append((block, (block.char_start, block.char_end)))
    return facts


def _items(struct: Structure, section: list[tuple[Block, Span]]) -> list[Item]:
    text = struct.doc.text
    items: list[Item] = []
    for block, (start, end) in section:
        start, end = strip_span(text, start, end)
        if start >= end:
            continue
        printed = text[start:end]
        label = None
        if block.kind is BlockKind.list_item:
            label = (block.label or "").strip("().[] ") or None
            label = None if label in ("•", "-", "–", "*") else label
            mark = re.match(r"^[•▪◦●■\-–*]\s*", printed)
            item_start = start + (mark.end() if mark else 0)  # the item starts at its label
            body_start = item_start
            if label is not None and block.label and text.startswith(block.label, body_start):
                body_start += len(block.label)
            body_start, end = strip_span(text, body_start, end)
            body = text[body_start:end]
            start = item_start if label is not None else body_start
        else:
            cue = RESOLVED.match(printed)
            if cue and cue.end():
                start, end = strip_span(text, start + cue.end(), end)
                while start < end and text[start] in "-–:":
                    start += 1
                start, end = strip_span(text, start, end)
                printed = text[start:end]
            if not printed or printed.rstrip().endswith((":", ":-")) or _PROVENANCE.match(printed):
                continue
            body = printed
        if body:
            items.append(Item(label, " ".join(body.split()), (start, end), resolution_verb(body)))
    return dedupe(items)


def _value(text: str, spans: dict[str, Span], key: str) -> str | None:
    span = spans.get(key)
    return " ".join(text[span[0] : span[1]].split()) if span else None


def _unit_decision(
    doc: Document, struct: Structure, title: Span | None, start: int, end: int, meeting: _Meeting
) -> Decision | None:
    text = doc.text
    facts = _facts(struct, start, end)
    items: list[Item] = []
    for section in facts.sections:
        items = _items(struct, section)
        if items:
            break  # "Decision:" then "Resolved:": the same decision shown twice
    value = lambda key: _value(text, facts.spans, key)  # noqa: E731
    status_text = value("status")
    status = read_status(status_text) or (DecisionStatus.taken if items else None)
    if status is None or not (items or status_text):
        return None
    missing: list[str] = []
    # the maker: the item's own, else the meeting it was decided at, else the page's meeting
    maker_span = facts.spans.get("maker")
    decided = first_date(text, *facts.spans["decided"]) if "decided" in facts.spans else None
    at_meeting = facts.spans.get("meeting")
    if at_meeting is not None:
        meeting_date = first_date(text, *at_meeting)
        if decided is None:
            decided = meeting_date
        if maker_span is None:
            body_start = meeting_date.end if meeting_date else at_meeting[0]
            body = strip_span(text, body_start, at_meeting[1])
            while body[0] < body[1] and text[body[0]] in "-–—,:":
                body = strip_span(text, body[0] + 1, body[1])
            maker_span = body if body[0] < body[1] else None
    if maker_span is None and meeting.body_span is not None:
        maker_span = meeting.body_span
    maker = None
    if maker_span is not None:
        role = " ".join(text[maker_span[0] : maker_span[1]].split())
        maker = Maker(role=role, name=None, honorific=None, span=maker_span, role_span=maker_span)
    decision_date = decided.iso if decided else (meeting.date if title is not None and meeting.body else None)
    if status is DecisionStatus.taken and decision_date is None:
        missing.append("decision date not found")
    subject = _subject(doc, title)
    reference = value("reference") or _title_reference(doc, title)
    number = None
    if reference is not None:
        canonical = number_in(reference) if re.fullmatch(r"\d{2}[/-]\d{3,5}", reference.strip()) else None
        at = facts.spans.get("reference") or title or (start, start)
        number = DecisionNumber(canonical, reference, at, False)
    published = first_date(text, *facts.spans["published"]) if "published" in facts.spans else None
    effective = first_date(text, *facts.spans["effective"]) if "effective" in facts.spans else None
    wards = read_wards(value("wards") or "") if "wards" in facts.spans else []
    span = _span(struct, title, start, end)
    return decision_record(
        doc,
        status=status,
        number=number,
        maker=maker,
        subject=subject,
        key_decision=read_flag(value("key")),
        items=items,
        span=span,
        missing=missing,
        divisions=wards,
        decision_date=decision_date,
        reference=reference,
        status_text=status_text,
        date_published=published.iso if published else None,
        effective_from=effective.iso if effective else None,
        call_in=read_call_in(value("call_in")),
    )


def _subject(doc: Document, title: Span | None) -> str | None:
    if title is not None:
        words = doc.text[title[0] : title[1]]
        return " ".join(_ITEM_NUMBER.sub("", words, count=1).split()) or None
    return doc.title


def _title_reference(doc: Document, title: Span | None) -> str | None:
    if title is None:
        return None
    for link in doc.links:
        if title[0] <= link.char_start < title[1] and decision_link(link.href):
            return link_reference(link.href, link.hidden)
    return None


def _span(struct: Structure, title: Span | None, start: int, end: int) -> Span:
    """The decision's span on the page: its title to its last block."""
    blocks = [b for b in struct.blocks if b.char_start is not None and b.char_end is not None and start <= b.char_start < end]
    first = title[0] if title else (blocks[0].char_start if blocks else start)
    last = max((b.char_end for b in blocks if b.char_end is not None), default=title[1] if title else end)
    return strip_span(struct.doc.text, first or 0, max(last, first or 0))
