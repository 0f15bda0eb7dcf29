"""Notices of orders, and policies whose approval their header records.

A notice of an order (a traffic regulation order, a statutory proposal) is an officer's or
a council's decision: taken when the order "has been made", or the notice operates it
("... the Council TEMPORARILY PROHIBITS ..."); proposed when the council "intends to make"
or "proposes" the order, consults on it, or gives a statement of reasons for proposing it.
Its subject is the order's title as printed (from its first bracket to "ORDER 2013"), else
the location it names; its maker the officer who signs it (name and role), its date the
date it is signed, its reference one the notice asks objectors to quote ("ref no: TRO
16/2013").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extract.dates import find_dates
from pipeline.extract.decisions.build import decision_record
from pipeline.extract.decisions.maker import Maker
from pipeline.extract.decisions.resolutions import Item
from pipeline.extract.decisions.verbs import lead_verb
from pipeline.extract.sections import Span, labelled_value
from pipeline.structure import Structure
from schemas.records import Decision, DecisionStatus, Document
from schemas.structure import BlockKind

_NOTICE = re.compile(r"\bnotice\s+is\s+hereby\s+given\b|\bhereby\s+gives?\s+notice\b|\bstatement\s+of\s+reasons\b", re.IGNORECASE)
_TAKEN = re.compile(
    r"\b(?:has|have)\s+(?:now\s+)?made\b|\bhereby\s+(?:makes?|made)\b|\bmade\s+an?\s+(?:\w+\s+){0,2}order\b|"
    r"\bthat\s+the\s+[A-Z][\w ]+?Council\s+(?:TEMPORARILY\s+)?(?:PROHIBITS|RESTRICTS|SUSPENDS|CLOSES)\b",
)
_PROPOSED = re.compile(
    r"\bintends?\s+to\s+make\b|\bpropos(?:es|e|ing)\s+to\s+make\b|\bis\s+consulting\b|\bproposed\s+order\b|"
    r"\bstatement\s+of\s+reasons\b|\bproposals?\s+(?:within|for)\b|\bpropos(?:es|ed)\s+to\b",
    re.IGNORECASE,
)
_TITLE_END = re.compile(r"\b(?:ORDER|NOTICE|SCHEME)\s+(?:\d{4}|20\*+)")
_REFERENCE = re.compile(r"\bref(?:erence)?(?:\s+no)?\.?\s*:?\s*(?P<ref>[A-Z]{2,6}\s?\d{1,4}\s?/\s?\d{2,4})\b")
_ROLE = re.compile(
    r"\b(?:Director|Head|Officer|Manager|Chief|Executive|Clerk|Solicitor|Secretary|Engineer|Lead|Monitoring)\b"
)
_NAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][a-z'’-]+){1,2}$")
_DATED = re.compile(r"^(?:dated?|date\s+of\s+notice)\s*[:.]?", re.IGNORECASE)
_APPROVED = re.compile(
    r"^(?:this\s+(?:policy|statement|strategy|plan)\s+(?:was\s+)?)?approved\s+(?:at|by)\s+(?:a\s+meeting\s+of\s+)?(?:the\s+)?"
    r"(?P<body>(?:full\s+)?(?:county\s+|city\s+|borough\s+|district\s+)?(?:council|cabinet|executive|committee))\b[^\n]{0,40}?\bon\s+",
    re.IGNORECASE,
)


def _title(struct: Structure) -> Span | None:
    """The order's title: capitals from its first bracket to "ORDER 2013" (the council's
    name before it left out), read over the title lines the paper prints together."""
    text = struct.doc.text
    blocks = [b for b in struct.blocks[:30] if b.char_start is not None and b.kind in (BlockKind.heading, BlockKind.paragraph)]
    for index, block in enumerate(blocks):
        start = block.char_start
        assert start is not None
        group_end = block.char_end or start
        for follower in blocks[index + 1 : index + 5]:
            letters = [c for c in follower.text if c.isalpha()]
            if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters) and (follower.char_start or 0) - group_end <= 3:
                group_end = follower.char_end or group_end
            else:
                break
        window = text[start:group_end]
        end = _TITLE_END.search(window)
        if not end:
            continue
        head = window[: end.end()]
        bracket = head.find("(")
        first = bracket if bracket >= 0 else 0
        if bracket > 0 and "ORDER" in head[:bracket].upper() and "(" not in head[:bracket]:
            # "(TRAFFIC REGULATION ORDER)" is a heading of its own: the title's bracket follows
            later = head.find("(", head.find(")", bracket) + 1)
            first = later if later > 0 else bracket
        return start + first, start + end.end()
    return None


def _signatory(struct: Structure) -> tuple[Maker | None, str | None]:
    """The officer who signs the notice (name and role) and the date it is signed."""
    text = struct.doc.text
    blocks = [b for b in struct.blocks if b.char_start is not None and b.kind is not BlockKind.table]
    date_iso = None
    maker = None
    for index, block in enumerate(blocks):
        printed = block.text.strip()
        value = block.value if block.kind is BlockKind.field and block.label and re.match(r"^dated?$", block.label, re.IGNORECASE) else None
        if value is None and _DATED.match(printed):
            value = printed[_DATED.match(printed).end() :]
        if value is not None:
            days = [d for d in find_dates(value) if d.precision == "day"]
            if days:
                date_iso = days[0].iso
        if maker is None and len(printed) <= 160 and _ROLE.search(printed):
            name, _, role = printed.partition(",")
            start = block.char_start or 0
            if role and _NAME.match(name.strip()):
                maker = Maker(role.strip(), name.strip(), None, (start, start + len(printed)), None)
            elif index and _NAME.match(blocks[index - 1].text.strip()) and len(printed.split()) <= 12:
                name = blocks[index - 1].text.strip()
                maker = Maker(printed.rstrip(","), name, None, ((blocks[index - 1].char_start or 0), start + len(printed)), None)
    return maker, date_iso


def notice_decisions(doc: Document, parsed: Doc, struct: Structure) -> list[Decision]:
    """The decision a notice of an order gives, or none when the paper is no notice."""
    text = doc.text
    head = text[:6000]
    if not _NOTICE.search(head):
        return []
    taken = _TAKEN.search(head)
    proposed = _PROPOSED.search(head)
    if proposed and (not taken or proposed.start() < taken.start()):
        status = DecisionStatus.proposed
    elif taken:
        status = DecisionStatus.taken
    else:
        return []
    title = _title(struct)
    subject = " ".join(text[title[0] : title[1]].split()) if title else None
    if subject is None:
        location = labelled_value(struct, re.compile(r"(?:location|road|roads?\s+affected|lengths?\s+of\s+road)\s*:", re.IGNORECASE))
        if location:
            value = " ".join(text[location[1][0] : location[1][1]].split())
            subject = value.rsplit(",", 1)[-1].strip()
    maker, signed = _signatory(struct)
    reference = _REFERENCE.search(text)
    operative = (taken if status is DecisionStatus.taken else proposed) or proposed or taken
    assert operative is not None
    sentence = _sentence(text, operative.start())
    item = Item(None, " ".join(text[sentence[0] : sentence[1]].split()), sentence, lead_verb(text[operative.start() : sentence[1]]))
    return [
        decision_record(
            doc,
            status=status,
            number=None,
            maker=maker,
            subject=subject,
            key_decision=None,
            items=[item],
            span=title or sentence,
            missing=[] if reference else ["decision number not found"],
            decision_date=signed if status is DecisionStatus.taken else None,
            reference=" ".join(reference["ref"].split()) if reference else None,
        )
    ]


def _sentence(text: str, offset: int) -> Span:
    start = max(text.rfind(". ", 0, offset) + 2, text.rfind("\n", 0, offset) + 1, 0)
    end_candidates = [i for i in (text.find(". ", offset), text.find("\n", offset)) if i >= 0]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end


def approval_decision(doc: Document, parsed: Doc, struct: Structure) -> Decision | None:
    """A policy whose header records its approval ("Approved at Council on 24th March
    2021"): the approving body's decision, taken that day."""
    text = doc.text
    for block in struct.blocks[:15]:
        if block.char_start is None or block.kind is BlockKind.table:
            continue
        match = _APPROVED.match(block.text.strip())
        if not match:
            continue
        days = [d for d in find_dates(block.text) if d.precision == "day"]
        if not days:
            continue
        lead = len(block.text) - len(block.text.lstrip())
        body_start = block.char_start + lead + match.start("body")
        body = " ".join(match.group("body").split())
        body = body[:1].upper() + body[1:]
        span = (block.char_start + lead, block.char_end or block.char_start)
        item = Item(None, " ".join(block.text.split()), span, "APPROVE")
        subject = doc.title or (doc.metadata_title if doc.metadata_title else None)
        return decision_record(
            doc,
            status=DecisionStatus.taken,
            number=None,
            maker=Maker(body, None, None, (body_start, body_start + len(match.group("body"))), None),
            subject=subject,
            key_decision=None,
            items=[item],
            span=span,
            missing=["decision number not found"],
            decision_date=days[0].iso,
        )
    return None
