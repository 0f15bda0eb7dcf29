"""Minutes and notes of a meeting: one decision per minuted item that decides something.

The minutes' items are the paper's top-level headings (numbered "283.", "2509", "18.03.6",
or not: "Election of Chair"), a run-in title ("2503. Police Report: ...") included.  An item
decides when its text resolves ("RESOLVED that ...", "Councillors resolved to sign") or,
where nothing is resolved, agrees or approves in the meeting's own voice ("It was agreed
that ...", "All approved for payment", "... so these were adopted"); what a meeting only
reports ("had agreed", "was agreed by Council Assembly on ...") does not count.  Items that
only record procedure (apologies, declarations, the previous minutes) are left out.  Where
an item's decisions sit in bullet points that carry their own titles ("• Clock Tower
Flagpole – ... it was agreed to ..."), each such point is its own decision.

The meeting's body is the decision maker ("MINUTES of a meeting of the County Council" ->
"County Council"; "TINTERN COMMUNITY COUNCIL" above "Minutes of a meeting of the above
Council"), the meeting's date the decision date (a date printed without its year takes the
year in which its weekday falls, among the years the paper prints), the item's heading its
subject and its number the decision's reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.extract.nlp import Parsed

from pipeline.extract.dates import find_dates
from pipeline.extract.decisions.build import decision_record
from pipeline.extract.decisions.header import find_key_decision
from pipeline.extract.decisions.maker import Maker
from pipeline.extract.decisions.resolutions import RESOLVED, Item, find_anchors
from pipeline.extract.decisions.consultations import find_consultations
from pipeline.extract.decisions.options import find_options
from pipeline.extract.decisions.verbs import lead_verb, verb_forms
from pipeline.extract.sections import Span, clean_item_text, strip_span
from pipeline.structure import Structure
from schemas.records import Decision, DecisionStatus, DocType, Document
from schemas.structure import Block, BlockKind

_MINUTES = re.compile(
    r"\b(?:minutes|notes)\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}(?:meeting|proceedings)\b|"
    r"^\s*(?:draft\s+)?(?:minutes|notes|action\s+notes)\b",
    re.IGNORECASE,
)
_MEETING_OF = re.compile(
    r"\bmeeting\s+of\s+(?:the\s+)?(?P<body>[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|of|and|for|the|&))*)\s+(?:held|at|on|in)\b"
)
_BODY = re.compile(
    r"\b(?P<body>(?:[A-Z][\w'’-]+[ -](?:cum|upon|on|le|in|by|under|de)?[ -]?)*(?:[A-Z][\w'’-]+\s+)?"
    r"(?:Parish|Town|Community|County|City|District|Borough|Metropolitan)?\s*(?:Council|Committee|Sub-Committee|Panel|Board|Cabinet|Executive|Assembly|Forum))\b"
)
_GENERIC = re.compile(r"^(?:the\s+)?(?:above|said|this|parish|town|community)?\s*(?:council|committee|panel)$", re.IGNORECASE)
_PROCEDURAL = re.compile(
    r"\b(?:apologies|declarations?\s+of\s+interests?|interests?\s+declared|register\s+of\s+interests|"
    r"(?:approval\s+of\s+(?:the\s+)?)?(?:previous\s+)?minutes(?:\s+of\s+(?:the\s+)?(?:last|previous)\s+meeting)?|"
    r"present|in\s+attendance|date\s+of\s+(?:the\s+)?next\s+meeting|next\s+meeting|chairman'?s?\s+(?:remarks|announcements)|"
    r"police\s+report|public\s+(?:forum|participation|questions)|open\s+forum|welcome)\b",
    re.IGNORECASE,
)
_RESOLVES = re.compile(
    r"(?<!had\s)(?<!have\s)\b(?:resolved|resolves)\b(?!\s+(?:issues?|problems?))|^RESOLVED\b",
    re.IGNORECASE,
)
_AGREES = re.compile(
    r"(?<!had\s)(?<!not\s)\b(?:it\s+was\s+(?:\w+ly\s+)?(?:agreed|decided|approved)|"
    r"(?:council(?:lors)?|members|committee|panel|board|meeting|group)\s+(?:\w+ly\s+)?(?:agreed|decided|approved|voted)\s+(?:to|that|unanimously)|"
    r"\ball\s+(?:agreed|approved)\b|^agreed\b|"
    r"(?<!had\s)(?<!not\s)(?<!have\s)(?<!been\s)(?<![–-]\s)\b(?:agreed|approved)\s*(?:\.|;|$)|"
    r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:agreed|approved|adopted|accepted|authorised|authorized)\b(?!\s+(?:by|at)\s+(?:the\s+)?(?:council\s+assembly|cabinet|full\s+council|[A-Z]))"
    r")",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"\b(?:at\s+the\s+(?:last|previous)\s+\w*\s*meeting|had\s+been|previously)\b", re.IGNORECASE)
_TITLED_POINT = re.compile(r"^(?P<title>[A-Z][^–\-:.]{2,60}?)\s+[–-]\s+\S")
_SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "at", "a", "an", "or", "with", "cum", "upon", "le", "by", "under", "de"}
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def title_case(name: str) -> str:
    """An all-capitals name in title case ("BURTON-CUM-WALDEN PARISH COUNCIL" ->
    "Burton-cum-Walden Parish Council"); others as printed."""
    name = " ".join(name.split())
    if not name.isupper():
        return name

    def word(w: str, first: bool) -> str:
        parts = w.lower().split("-")
        return "-".join(
            p if (p in _SMALL_WORDS and (i or not first)) else p[:1].upper() + p[1:] for i, p in enumerate(parts)
        )

    return " ".join(word(w, i == 0) for i, w in enumerate(name.split(" ")))


_ATTENDANCE = re.compile(r"^(?:present|attendees|in\s+attendance|members\s+present|apologies(?:\s+for\s+absence)?|chair(?:man|person)?)\b", re.IGNORECASE)


def is_minutes(struct: Structure) -> bool:
    """Minutes or notes of a meeting: said so in the paper's opening blocks, or a record of
    who attended above numbered items."""
    if struct.doc.doc_type not in (DocType.unknown, DocType.record_of_decision):
        return False
    for block in struct.blocks[:12]:
        if block.char_start is not None and _MINUTES.search(block.text[:300]):
            return True
    attendance = any(
        b.kind is BlockKind.field and b.label and _ATTENDANCE.match(b.label) for b in struct.blocks[:15]
    )
    numbered = sum(1 for b in struct.blocks if b.kind is BlockKind.heading and b.label)
    return attendance and numbered >= 3


@dataclass(frozen=True)
class Meeting:
    body: str | None
    body_span: Span | None
    date: str | None
    head_end: int


def read_meeting(struct: Structure, items: list[Block]) -> Meeting:
    """The meeting's body and date from the blocks above its first item."""
    text = struct.doc.text
    head_end = items[0].char_start if items and items[0].char_start is not None else min(len(text), 1500)
    head = [b for b in struct.blocks if b.char_start is not None and b.char_start < head_end]
    body = span = None
    for block in head:
        match = _MEETING_OF.search(block.text)
        if match and not _GENERIC.match(match.group("body")):
            start = (block.char_start or 0) + match.start("body")
            body, span = title_case(match.group("body")), (start, start + len(match.group("body")))
            break
    if body is None:
        # the body named last above the "Minutes of ..." line ("RIVERSIDE ... COUNCIL" /
        # "CABINET" / "Minutes of the meeting held on ...": the Cabinet's minutes)
        for block in head:
            if _MINUTES.search(block.text[:300]) and body is not None:
                break
            if block.kind not in (BlockKind.heading, BlockKind.paragraph) or len(block.text) > 160:
                continue
            printed = title_case(block.text) if block.text.isupper() else block.text
            match = _BODY.search(printed)
            if match and not _GENERIC.match(match.group("body").strip()):
                start = (block.char_start or 0) + match.start("body")
                found = match.group("body").strip()
                body, span = found, (start, start + len(found))
    meeting_date = None
    for block in head:
        for found in find_dates(block.text):
            if found.precision == "day" and found.kind == "date":
                meeting_date = found.iso
                break
        if meeting_date:
            break
        if meeting_date is None:
            meeting_date = _date_without_year(struct, block.text)
            if meeting_date:
                break
    return Meeting(body, span, meeting_date, head_end)


_DAY_MONTH = re.compile(
    r"\b(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b(?!\s+\d{4})",
    re.IGNORECASE,
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_WEEKDAYS = ["mon", "tues", "wednes", "thurs", "fri", "satur", "sun"]


def _date_without_year(struct: Structure, text: str) -> str | None:
    """"Monday 25th June" printed without its year: the year (among those the paper prints,
    and the one either side) in which that day is that weekday, when exactly one fits."""
    match = _DAY_MONTH.search(text)
    if not match:
        return None
    years = {int(y) for y in re.findall(r"\b(20\d{2}|19\d{2})\b", struct.doc.text)}
    candidates = {y + d for y in years for d in (-1, 0, 1)}
    month = _MONTHS.index(match["month"].lower()[:3]) + 1
    weekday = _WEEKDAYS.index(match["weekday"].lower()[: -3]) if match["weekday"].lower()[:-3] in _WEEKDAYS else None
    fits = []
    for year in sorted(candidates):
        try:
            day = date(year, month, int(match["day"]))
        except ValueError:
            continue
        if weekday is not None and day.weekday() == weekday:
            fits.append(day)
    if len(fits) == 1 or (fits and len({f.year for f in fits if f.year in years}) == 1):
        chosen = next((f for f in fits if f.year in years), fits[0])
        return chosen.isoformat()
    return None


def _items(struct: Structure) -> list[Block]:
    """The minutes' items: the top-level headings after the paper's own title block."""
    headings = [b for b in struct.blocks if b.kind is BlockKind.heading and b.char_start is not None]
    numbered = [b for b in headings if b.label]
    if len(numbered) >= 2:
        top = min(b.level or 1 for b in numbered)
        first = numbered[0].id
        # unnumbered headings at the numbered items' level after the first item are items too;
        # before it, only one that holds a resolution (an item the clerk left unnumbered)
        return [b for b in headings if (b.level or 1) == top and (b.label or b.id > first or _resolves_in(struct, b))]
    top = min((b.level or 1 for b in headings if b.level is not None and b.level > 1), default=1) if any((b.level or 1) > 1 for b in headings) else 1
    return [b for b in headings if (b.level or 1) == top]


def _resolves_in(struct: Structure, heading: Block) -> bool:
    return any(_RESOLVES.search(b.text) for b in struct.section(heading)[:12])


def _sentences(block: Block) -> list[tuple[int, int]]:
    """Sentence spans (relative to the block) of a block's text."""
    spans = []
    text = block.text
    start = 0
    for boundary in re.finditer(r"(?<=[.!?])\s+(?=[A-Z(\"'•])|\s*•\s+", text):
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _cue_items(struct: Structure, blocks: list[Block], pattern: re.Pattern[str]) -> list[Item]:
    text = struct.doc.text
    items: list[Item] = []
    for block in blocks:
        if block.char_start is None:
            continue
        if block.kind is BlockKind.table and block.table is not None:
            for row in block.table.rows:  # "Financial Regulations | Councillors resolved to sign"
                if row.char_start is None or row.char_end is None:
                    continue
                printed = text[row.char_start : row.char_end]
                if pattern.search(printed) and not (pattern is _AGREES and _REPORTED.search(printed)):
                    start, end = strip_span(text, row.char_start, row.char_end)
                    words = " ".join(printed.split())
                    items.append(Item(None, words, (start, end), lead_verb(_after_cue(words))))
            continue
        if block.kind not in (BlockKind.paragraph, BlockKind.list_item, BlockKind.field):
            continue
        for s, e in _sentences(block):
            sentence = block.text[s:e]
            if not pattern.search(sentence) or (pattern is _AGREES and _REPORTED.search(sentence)):
                continue
            start, end = strip_span(text, block.char_start + s, block.char_start + e)
            lead_in = _LEAD_IN.match(text, start, end)
            if lead_in and lead_in.end() < end:
                start = lead_in.end()  # "RESOLVED: That the Clerk ...": the resolution is what follows
            words = clean_item_text(text[start:end])
            items.append(Item(None, words, (start, end), lead_verb(_after_cue(words))))
    return items


# the word that announces a resolution, set before it ("RESOLVED:", "RESOLVED -",
# "Resolved that ..." keeps its "that": the page's resolution begins there)
_LEAD_IN = re.compile(r"(?:RESOLVED|Resolved)\b\s*[:\-–—]?\s*(?=\S)")


# the cue of a resolving sentence, followed by what is decided
# ("Councillors resolved to sign", "It was agreed that the quote be accepted"; not the
# "approved" inside "That the rates are accepted and approved, that ...")
_CUE = re.compile(
    r"^.*?\b(?:RESOLVED|resolved|agreed|decided|approved)\b(?:\s+[a-z]+ly)?(?:\s+(?:that|to)\b|\s*[:\-–])\s*",
)


def _after_cue(words: str) -> str:
    """What a resolving sentence decides: the words after "RESOLVED that" or "Councillors
    resolved to" ("sign", "pay"), else the sentence."""
    resolved = RESOLVED.match(words)
    if resolved and words[resolved.end() :].strip():
        return words[resolved.end() :].strip()
    cue = _CUE.match(words)
    rest = words[cue.end() :].strip() if cue else ""
    return rest or words


def _decides_each(items: list[Item]) -> bool:
    """Whether a RESOLVED block's items are resolutions of their own ("(1) Endorses ...",
    "(2) the grant be accepted"), not the things one resolution lists ("• Land near
    Flanders Hall")."""
    forms = verb_forms()
    acting = 0
    for item in items:
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", item.text.lower())[:12]
        if (words and words[0] in forms) or re.search(r"\b(?:be|is|are)\s+\w+(?:ed|d)\b", item.text):
            acting += 1
    return acting * 2 >= len(items)


def _section_items(struct: Structure, heading: Block) -> tuple[list[Item], Span | None]:
    """The resolutions of one minuted item (a RESOLVED block's items, else its resolving
    sentences, else its agreeing sentences) and the RESOLVED block's span."""
    section = [b for b in struct.section(heading)]
    if not section:
        return [], None
    start = section[0].char_start or heading.char_end or 0
    end = max((b.char_end or 0) for b in section)
    anchored = [
        a for a in find_anchors(struct, start, end)
        if a.kind == "resolved" and len(a.items) > 1 and _decides_each(a.items)
    ]
    if anchored:
        return anchored[-1].items, anchored[-1].span  # the final RESOLVED block, after any amendments
    resolving = _cue_items(struct, section, _RESOLVES)
    if resolving:
        return resolving, None
    return _cue_items(struct, section, _AGREES), None


def _subject(struct: Structure, heading: Block) -> str:
    text = heading.text
    if heading.label and text.startswith(heading.label):
        text = text[len(heading.label) :]
    text = re.sub(r"^[\s.:]+|[\s:\-–•]+$", "", text)
    return re.sub(r"\s*[(\[]\s*key\s+decision\s*[)\]]\s*", " ", text, flags=re.IGNORECASE).strip()


def minuted_decisions(doc: Document, parsed: Parsed, struct: Structure) -> list[Decision]:
    """One decision per minuted item that decides something (see the module docstring)."""
    items = _items(struct)
    meeting = read_meeting(struct, items)
    maker = Maker(meeting.body, None, None, meeting.body_span or (0, 0), meeting.body_span) if meeting.body else None
    decisions: list[Decision] = []
    for heading in items:
        subject = _subject(struct, heading)
        if not subject or _PROCEDURAL.match(subject.strip()):
            continue
        number = heading.label.rstrip(".") if heading.label else None
        section = struct.section(heading)
        end = max([b.char_end or 0 for b in section] + [heading.char_end or 0])
        body_start = heading.char_end or heading.char_start or 0
        for point_subject, resolutions, resolved_span in _decisions_in(struct, heading, subject):
            key = find_key_decision(struct, heading.char_start or 0, end)
            interests = _interests(struct, items, heading, number)
            options, recommended = find_options(struct, body_start, end)
            consultations = [
                c for c in find_consultations(struct, parsed, body_start, end, anywhere=True)
                if resolved_span is None or not (resolved_span[0] <= c.span[0] < resolved_span[1])
            ]
            missing = [] if number else ["decision number not found"]
            if meeting.date is None:
                missing.append("decision date not found: the minutes give no meeting date")
            span = resolved_span or resolutions[0].span
            decisions.append(
                decision_record(
                    doc,
                    status=DecisionStatus.taken,
                    number=None,
                    maker=maker,
                    subject=point_subject,
                    key_decision=True if re.search(r"key\s+decision", heading.text, re.IGNORECASE) else (key[0] if key else None),
                    items=resolutions,
                    span=span,
                    missing=missing,
                    decision_date=meeting.date,
                    interests=interests[0] if interests else None,
                    options=options,
                    recommended=recommended,
                    consultations=consultations,
                    reference=number,
                    minute=number,
                )
            )
    return decisions


def _decisions_in(struct: Structure, heading: Block, subject: str) -> list[tuple[str, list[Item], Span | None]]:
    """The item's decisions: one, or one per titled bullet point that decides."""
    section = struct.section(heading)
    points = [b for b in section if b.kind is BlockKind.list_item and _TITLED_POINT.match(_point_text(b))]
    if len(points) >= 2:
        found = []
        for point in points:
            agreed = _cue_items(struct, [point], _RESOLVES) or _cue_items(struct, [point], _AGREES)
            if agreed:
                title = _TITLED_POINT.match(_point_text(point))
                found.append((title.group("title").strip() if title else subject, agreed, None))
        if found:
            return found
    resolutions, span = _section_items(struct, heading)
    return [(subject, resolutions, span)] if resolutions else []


_DECLARATIONS = re.compile(r"\bdeclarations?\s+of\s+interests?\b|\binterests?\b", re.IGNORECASE)
_NO_INTERESTS = re.compile(
    r"\b(?:no|none)\b[^.\n]{0,40}\b(?:declarations?|interests?)\b|\bthere\s+were\s+no\s+declarations\b",
    re.IGNORECASE,
)


def _interests(struct: Structure, items: list[Block], heading: Block, number: str | None) -> tuple[str, Span] | None:
    """What the declarations item says about this minute: the sentences naming it
    ("... declared a personal interest in Minute 57 ..."), or "None" when it records none."""
    text = struct.doc.text
    for other in items:
        if other is heading or not _DECLARATIONS.search(other.text):
            continue
        body = [b for b in struct.section(other) if b.char_start is not None]
        if not body:
            continue
        start, end = body[0].char_start or 0, body[-1].char_end or 0
        printed = text[start:end]
        if number:
            naming = [m for m in re.finditer(r"[^.\n]*\.", printed) if re.search(rf"\bminute\s+{re.escape(number)}\b", m.group(0), re.IGNORECASE)]
            if naming:
                s, e = strip_span(text, start + naming[0].start(), start + naming[-1].end())
                return " ".join(text[s:e].split()), (s, e)
        if _NO_INTERESTS.search(printed) or printed.strip().rstrip(".").lower() in ("none", "no declarations"):
            line_end = printed.find("\n")
            s, e = strip_span(text, start, start + (line_end if line_end >= 0 else len(printed)))
            return "None", (s, e)
    return None


def _point_text(block: Block) -> str:
    return re.sub(r"^[•▪◦●■\-–*]\s+", "", block.text)
