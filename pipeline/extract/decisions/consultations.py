"""Committee consultation around a decision.

Consultation: the committees named (with a date or a verb of consideration) in the
"Cabinet Committee recommendations and other consultation" section, a "Past Pathway of
Paper" header cell, and the outcome printed there ("carried 11 votes to 2").
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from pipeline.extract.nlp import Parsed

from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.nlp import entities_in, load_patterns
from pipeline.extract.sections import Span, field_values, sections, strip_span
from pipeline.structure import Structure
from schemas.structure import BlockKind

# --------------------------------------------------------------------------- consultation

_CONSULTATION_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:cabinet\s+committee\s+recommendations?\s+and\s+other\s+consultation|"
    r"(?:committee\s+)?consultation(?:s)?(?:\s+(?:undertaken|carried\s+out|and\s+engagement|with\s+members))?|"
    r"(?:overview\s+and\s+)?scrutiny(?:\s+committee)?\s+(?:comments|consideration|views)|consultees?)\s*(?::|$)",
    re.IGNORECASE,
)
_PATHWAY_LABEL = re.compile(
    r"(?:past\s+pathway(?:\s+of\s+(?:paper|report))?|previous\s+consideration|considered\s+by)\s*:",
    re.IGNORECASE,
)
_CONSIDERING = re.compile(
    r"\b(?:consider(?:s|ed|ing)?|discuss(?:es|ed)?|endors(?:e|es|ed)|meeting|met|resolved|support(?:s|ed)?|scrutinis(?:e|ed)|agreed)\b",
    re.IGNORECASE,
)
_VOTES = re.compile(
    r"\b(?P<outcome>carried|agreed|approved|lost|defeated|rejected|endorsed|supported)\s+(?:by\s+)?"
    r"(?P<for>\d{1,3})\s+votes?\s+to\s+(?P<against>\d{1,3})\b",
    re.IGNORECASE,
)
_FOR_AGAINST = re.compile(
    r"\b(?P<for>\d{1,3})\s+(?:votes\s+)?for\s*(?:,|and)\s*(?P<against>\d{1,3})\s+against\b",
    re.IGNORECASE,
)
_UNANIMOUS = re.compile(
    r"\b(?:unanimously\s+(?P<a>endorsed|supported|agreed|carried|approved)|"
    r"(?P<b>endorsed|supported|agreed|carried|approved)\b[^.]{0,40}?\bunanimously)\b",
    re.IGNORECASE,
)
_RESOLVED_OUTCOME = re.compile(
    r"\bresolved\s+that\b[^.:]*?\bbe\s+(?P<outcome>endorsed|supported|approved|noted|agreed)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:reported|submitted|presented)\s+to\b[^.]{0,160}?\bfor\s+(?P<what>information|noting)\b",
    re.IGNORECASE,
)
_AND_OUTCOME = re.compile(
    r"\band\s+(?P<outcome>supported|endorsed|approved|agreed|rejected|noted)\s+(?:it|them|the\s+(?:proposed\s+)?(?:decision|recommendations?|proposals?|plan|report))\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?:[^.\n]|\.(?=\d))+(?:\.|$)", re.MULTILINE)
_RESOLVED_TO = re.compile(
    r"\b(?:resolved|agreed|voted)\s+to\s+(?P<verb>endorse|support|approve|note|accept|reject)\b",
    re.IGNORECASE,
)


@dataclass
class ConsultationFound:
    committee: str
    date: DateMatch | None
    span: Span
    outcome: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    outcome_span: Span | None = None


def find_consultations(
    struct: Structure, parsed: Parsed, start: int = 0, end: int | None = None, *, anywhere: bool = False
) -> list[ConsultationFound]:
    """Committees that considered the decision: a "Past Pathway" header field, and the
    committees named in a consultation section (or, with ``anywhere``, in any sentence
    of ``text[start:end]``, as in minutes)."""
    text = struct.doc.text
    found: list[ConsultationFound] = []
    if anywhere:
        found.extend(
            _consultations_in(
                struct, parsed, start, len(text) if end is None else end, found, anywhere=True
            )
        )
        return found
    for _, value in field_values(struct, _PATHWAY_LABEL, limit=4000):
        committee = _committee_in(parsed, *value)
        if committee:
            dates = [
                d for d in find_dates(text[value[0] : value[1]]) if d.precision in ("day", "month")
            ]
            date = _shift(dates[0], value[0]) if dates else None
            found.append(
                ConsultationFound(_tidy_committee(text[committee[0] : committee[1]]), date, value)
            )
    for section in sections(struct, _CONSULTATION_HEADING, start=start, end=end):
        found.extend(_consultations_in(struct, parsed, *section.body, found))
    if not found:  # "2.2 The Housing Scrutiny Panel considered the proposal on 4 March 2019 ..."
        stop = len(text) if end is None else end
        found.extend(
            c
            for c in _consultations_in(struct, parsed, start, stop, found, anywhere=True)
            if _committee_acts(text, c)
        )
    return found


_ACTS = re.compile(
    r"^(?:on\s+[^,]{4,30},\s+)?(?:the\s+)?(?P<name>[^.]{3,120}?)\s+(?:had\s+|has\s+)?(?:considered|discussed|endorsed|supported|scrutinised|resolved|met)\b",
    re.IGNORECASE,
)
_CONSIDERED_BY = re.compile(
    r"\b(?:considered|discussed|endorsed|scrutinised)\s+by\s+(?:the\s+)?", re.IGNORECASE
)


def _committee_acts(text: str, consultation: ConsultationFound) -> bool:
    """Whether the committee is the one acting in its sentence ("The Housing Scrutiny
    Panel considered ...", "... was considered by the X Committee"), not one mentioned."""
    sentence = text[consultation.span[0] : consultation.span[1]]
    acts = _ACTS.match(sentence)
    if acts and acts["name"].lower().endswith(consultation.committee.lower()):
        return True
    return any(
        sentence[m.end() :].startswith(consultation.committee)
        for m in _CONSIDERED_BY.finditer(sentence)
    )


def _consultations_in(
    struct: Structure,
    parsed: Parsed,
    start: int,
    end: int,
    known: list[ConsultationFound],
    *,
    anywhere: bool = False,
) -> list[ConsultationFound]:
    text = struct.doc.text
    section_found: list[ConsultationFound] = []
    for sentence in _SENTENCE.finditer(text, start, end):
        s, e = strip_span(text, *sentence.span())
        block = struct.block_at(s)
        if block is not None and block.kind is BlockKind.list_item and block.char_start == s:
            if not re.fullmatch(r"\d{1,2}(?:\.\d{1,2})+\.?", block.label or ""):
                continue  # a point in the committee's discussion, not a meeting
            s += len(block.label or "")  # a numbered paragraph ("2.2 The Panel considered ...")
            s, e = strip_span(text, s, e)
        heads = committee_heads()
        if heads is not None and not heads.search(text, s, e):
            continue  # no committee word: no committee (cheapest test first)
        dates = [d for d in find_dates(text[s:e]) if d.precision in ("day", "month")]
        if not dates and not _CONSIDERING.search(text[s:e]):
            continue
        committee = _committee_in(parsed, s, e)
        if committee is None:
            continue
        name = _tidy_committee(text[committee[0] : committee[1]])
        same = next((c for c in known + section_found if c.committee == name), None)
        if same is not None:
            if same.outcome is None:
                _read_outcome(
                    text, same, s, end if not anywhere else e
                )  # the header named it; the section says how it went
            continue
        section_found.append(
            ConsultationFound(name, _shift(dates[0], s) if dates else None, (s, e))
        )
    for i, consultation in enumerate(section_found):
        _read_outcome(
            text, consultation, *consultation.span
        )  # "... considered the plan and supported it"
        if consultation.outcome is None and i == len(section_found) - 1 and not anywhere:
            _read_outcome(
                text, consultation, consultation.span[1], end
            )  # "... put to a vote and carried 11 votes to 2"
    return section_found


def _read_outcome(text: str, consultation: ConsultationFound, start: int, end: int) -> None:
    body = text[start:end]
    votes = _VOTES.search(body) or _FOR_AGAINST.search(body)
    if votes:
        consultation.votes_for, consultation.votes_against = (
            int(votes["for"]),
            int(votes["against"]),
        )
        consultation.outcome = " ".join(votes.group(0).split())
        consultation.outcome_span = (start + votes.start(), start + votes.end())
        return
    reported = _REPORTED.search(body)
    if reported:
        consultation.outcome = f"reported for {reported['what'].lower()}"
        consultation.outcome_span = (start + reported.start(), start + reported.end())
        return
    resolved_to = _RESOLVED_TO.search(body)
    if resolved_to:
        verb = resolved_to["verb"].lower()
        consultation.outcome = verb + ("d" if verb.endswith("e") else "ed")
        consultation.outcome_span = (start + resolved_to.start(), start + resolved_to.end())
        return
    unanimous = _UNANIMOUS.search(body)
    if unanimous:
        consultation.outcome = f"{(unanimous['a'] or unanimous['b']).lower()} unanimously"
        consultation.outcome_span = (start + unanimous.start(), start + unanimous.end())
        return
    for pattern in (_RESOLVED_OUTCOME, _AND_OUTCOME):
        match = pattern.search(body)
        if match:
            outcome = match["outcome"] if "outcome" in pattern.groupindex else match.group(0)
            consultation.outcome = " ".join(outcome.split()).lower()
            consultation.outcome_span = (start + match.start(), start + match.end())
            return


@lru_cache(maxsize=1)
def committee_heads() -> re.Pattern[str] | None:
    """The words a COMMITTEE entity ends in (the last token of each pattern in
    patterns/*.jsonl: "committee", "panel", "OSC", ...), as one case-blind pattern; a
    span without one holds no committee and is not tokenised to find that out.  None
    (look everywhere) if a pattern's last token is not a fixed word."""
    words: set[str] = set()
    for pattern in load_patterns():
        if pattern["label"] != "COMMITTEE":
            continue
        last = pattern["pattern"][-1] if isinstance(pattern["pattern"], list) else {"ORTH": pattern["pattern"]}
        fixed = [v for k, v in last.items() if k in ("LOWER", "ORTH", "TEXT")]
        if not fixed:
            return None
        for value in fixed:
            if isinstance(value, str):
                words.add(value)
            elif isinstance(value, dict) and set(value) == {"IN"}:
                words.update(value["IN"])
            else:
                return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


def _committee_in(parsed: Parsed, start: int, end: int) -> Span | None:
    heads = committee_heads()
    if heads is not None and not heads.search(parsed.text, start, end):
        return None
    for ent in entities_in(parsed, start, end, ("COMMITTEE",)):
        if ent.start_char >= start and ent.end_char <= end:
            name = _tidy_committee(ent.text)
            if name.lower() not in ("cabinet committee", "committee"):
                return ent.start_char, ent.end_char
    return None


def _tidy_committee(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:–-")
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)


def _shift(match: DateMatch, offset: int) -> DateMatch:
    return DateMatch(
        match.start + offset,
        match.end + offset,
        match.text,
        match.iso,
        match.precision,
        match.end_iso,
        match.kind,
    )
