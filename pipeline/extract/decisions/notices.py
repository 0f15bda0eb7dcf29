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

from pipeline.extract.nlp import Parsed

from pipeline.extract.dates import find_dates
from pipeline.extract.decisions.build import decision_record
from pipeline.extract.decisions.maker import Maker
from pipeline.extract.decisions.resolutions import Item
from pipeline.extract.decisions.verbs import lead_verb
from pipeline.extract.sections import Span, labelled_value
from pipeline.structure import Structure
from schemas.records import Decision, DecisionStatus, Document
from schemas.structure import BlockKind

_NOTICE = re.compile(r"\bnotice\s+is\s+(?:hereby\s+)?given\b|\bhereby\s+gives?\s+notice\b|\bstatement\s+of\s+reasons\b", re.IGNORECASE)
_TAKEN = re.compile(
    r"\b(?:has|have)\s+(?:now\s+)?made\b|\bhereby\s+(?:makes?|made)\b|\bmade\s+an?\s+(?:\w+\s+){0,2}order\b|"
    r"\bthat\s+the\s+[A-Z][\w ]+?Council\s+(?:TEMPORARILY\s+)?(?:PROHIBITS|RESTRICTS|SUSPENDS|CLOSES)\b",
)
_PROPOSED = re.compile(
    r"\bintends?\s+to\s+(?:make|change|discontinue|close|establish|alter|introduce)\b|\bpropos(?:es|e|ing|als)\s+to\b|\bpropos(?:es|e|ing)\s+to\s+make\b|\bis\s+consulting\b|\bproposed\s+order\b|"
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


_PROPOSAL = re.compile(
    r"\b(?:that\s+)?(?P<maker>(?:the\s+)?[A-Z][\w&()'’-]*(?:\s+(?:[A-Z][\w&()'’-]*|of|and|for|the))*"
    r"|the\s+(?:governing\s+(?:board|body)|council|authority|county\s+council))"
    r"(?P<address>(?:,\s*[^,.]{2,60}){0,4},)?\s+"
    r"(?P<verb>intends?\s+to|propos(?:es|ing)\s+to|is\s+proposing\s+to|has\s+(?:now\s+)?made|have\s+made|hereby\s+makes?)\s+"
    r"(?P<action>[^.]{5,400})",
)
_OBJECT = re.compile(
    r"^(?:change\s+the\s+age\s+range\s+of|discontinue|close|establish|open|expand|alter|"
    r"make\s+(?:a\s+)?prescribed\s+alterations?\s+to|amalgamate|federate)\s+(?P<object>[A-Z][^,;]{3,160})",
    re.IGNORECASE,
)
_FROM_DATE = re.compile(
    r"\b(?:from|with\s+effect\s+from|come\s+into\s+(?:force|effect|operation)\s+on(?:\s+the)?|effective\s+(?:from|on))\s+(?=(?P<date>[^.;]{4,40}))",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(r"(?:publication\s+date|date\s+of\s+publication|published|dated?)\s*:?", re.IGNORECASE)
_BODY_WORDS = re.compile(r"governing\s+(?:board|body)|council|authority", re.IGNORECASE)


def _resolve_maker(struct: Structure, printed: str) -> str:
    """"North Yorkshire Council" as printed; "the governing board" or "the Council" named in
    full where the paper's heading names it ("Governing Board of BAWB ... Federation")."""
    printed = " ".join(printed.split())
    if not printed.lower().startswith("the "):
        return printed
    noun = _BODY_WORDS.search(printed)
    if noun:
        word = noun.group(0).split()[-1]
        for block in struct.blocks[:8]:
            match = re.search(
                rf"\b(?:[A-Z][\w'’-]*\s+){{0,4}}(?-i:[A-Z]){word[1:]}\b(?:\s+(?:of|for)\s+[^,.;]*?(?:\([^)]*\))?[^,.;]*?\b(?:Schools\s+Federation|Federation|Trust|Academy|School|Council)\b)?",
                block.text,
                re.IGNORECASE,
            )
            if match and match.group(0).lower() != printed.lower()[4:]:
                found = re.split(r"\s+and\s+(?=[A-Z][\w ]*Council\b)", match.group(0))[0]
                return found.strip()
    return printed[4:][:1].upper() + printed[5:]


def _published(struct: Structure) -> tuple[str | None, Span | None]:
    text = struct.doc.text
    found = None
    for block in struct.blocks:
        if block.kind is not BlockKind.field or not block.label or block.value_start is None or block.value_end is None:
            continue
        if _PUBLISHED.fullmatch(block.label.strip()) or _PUBLISHED.match(block.label.strip()):
            days = [d for d in find_dates(text[block.value_start : block.value_end]) if d.precision == "day"]
            if days:
                found = (days[0].iso, (block.value_start, block.value_end))
                if "publi" in block.label.lower():
                    return found
    return found if found else (None, None)


def notice_decisions(doc: Document, parsed: Parsed, struct: Structure) -> list[Decision]:
    """The decisions a notice gives (one per proposal it publishes), or none when the paper
    is no notice."""
    text = doc.text
    head = text[:8000]
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
    published, _ = _published(struct)
    maker, signed = _signatory(struct)
    reference = _REFERENCE.search(text)
    title = _title(struct)
    proposals = [m for m in _PROPOSAL.finditer(head) if _OBJECT.match(m.group("action"))]
    if len(proposals) >= 2 and title is None:
        return [_proposal(doc, struct, m, status, published) for m in proposals]
    subject = " ".join(text[title[0] : title[1]].split()) if title else None
    if subject is None:
        location = labelled_value(struct, re.compile(r"(?:location|road|roads?\s+affected|lengths?\s+of\s+road)\s*:", re.IGNORECASE))
        if location:
            value = " ".join(text[location[1][0] : location[1][1]].split())
            subject = value.rsplit(",", 1)[-1].strip()
    if subject is None and proposals:
        found = _OBJECT.match(proposals[0].group("action"))
        subject = found.group("object").strip() if found else None
    council = next((m for m in _PROPOSAL.finditer(head) if "council" in m.group("maker").lower()), None)
    if maker is None and council is not None and status is DecisionStatus.proposed:
        name = _resolve_maker(struct, council.group("maker"))
        start = council.start("maker")
        maker = Maker(name, None, None, (start, council.end("maker")), None)
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
            date_published=published or signed,
            effective_from=_effective(text[sentence[0] : sentence[1]]) or _effective(text, _IN_FORCE),
        )
    ]


# the day an order takes effect, printed apart from its operative words ("The Order will
# come into effect on the 14th January 2018", "DURATION: Starting on 20 June 2022")
_IN_FORCE = re.compile(
    r"\b(?:(?:order|notice|restrictions?|closure|prohibitions?)\s+(?:will|shall)\s+come\s+into\s+(?:force|effect|operation)\s+on(?:\s+the)?"
    r"|duration\s*:?\s*starting\s+on)\s+(?=(?P<date>[^.;]{4,40}))",
    re.IGNORECASE,
)


def _effective(sentence: str, pattern: re.Pattern[str] = _FROM_DATE) -> str | None:
    for match in pattern.finditer(sentence):
        days = [d for d in find_dates(match.group("date")) if d.precision == "day"]
        if days:
            return days[0].iso
    return None


def _proposal(doc: Document, struct: Structure, match: re.Match[str], status: DecisionStatus, published: str | None) -> Decision:
    """One of several proposals a statutory notice publishes ("PART 3 ... North Yorkshire
    Council ... intends to discontinue West Burton ... School ... from 31 March 2026")."""
    text = doc.text
    found = _OBJECT.match(match.group("action"))
    assert found is not None
    subject = re.sub(r"\s+", " ", found.group("object")).strip()
    name = _resolve_maker(struct, match.group("maker"))
    start = match.start("maker")
    sentence = _sentence(text, match.start("verb"))
    item = Item(None, " ".join(text[sentence[0] : sentence[1]].split()), sentence, lead_verb(match.group("action")))
    return decision_record(
        doc,
        status=status,
        number=None,
        maker=Maker(name, None, None, (start, match.end("maker")), None),
        subject=subject,
        key_decision=None,
        items=[item],
        span=sentence,
        missing=["decision number not found"],
        date_published=published,
        effective_from=_effective(match.group("action")),
    )


def _sentence(text: str, offset: int) -> Span:
    start = max(text.rfind(". ", 0, offset) + 2, text.rfind("\n", 0, offset) + 1, 0)
    end_candidates = [i for i in (text.find(". ", offset), text.find("\n", offset)) if i >= 0]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end


def approval_decision(doc: Document, parsed: Parsed, struct: Structure) -> Decision | None:
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
