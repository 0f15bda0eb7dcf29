"""The labels council web pages print beside a decision, and how their values read.

ModernGov prints "Decision Maker:", "Decision status:", "Is Key decision?:", "Is subject
to call in?:", "Publication date:", "Date of decision:", "Date comes into force if not
called in:", "Decided at meeting:", "Wards affected:"; CMIS and other systems print the
same facts under near names ("Decision taker", "Call-in expiry date").  Each label is
read into one :data:`Key`; a list page's column headers are read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.decisions.verbs import lead_verb, verb_forms
from schemas.records import DecisionStatus

__all__ = [
    "Labelled", "decision_link", "key_of", "read_call_in", "read_flag", "read_status",
    "read_wards", "resolution_verb", "first_date", "link_reference",
]  # fmt: skip

_KEYS: dict[str, tuple[str, ...]] = {
    "maker": (
        "decision maker", "decision makers", "decision taker", "decision taken by", "made by",
        "decision made by", "decided by", "decision maker(s)", "taken by",
    ),
    "status": ("decision status", "status of decision", "outcome status"),
    "key": ("is key decision", "key decision", "is this a key decision"),
    "call_in": (
        "is subject to call in", "subject to call in", "call in", "call ins", "call in status",
        "is this decision subject to call in",
    ),
    "published": ("publication date", "date published", "published", "date of publication", "published on"),
    "decided": ("date of decision", "decision date", "date decided", "date decision made", "date made", "decided on"),
    "effective": (
        "effective from", "date comes into force if not called in", "date comes into force",
        "call in expiry date", "call in expiry", "call in deadline", "implementation date",
        "effective date", "date of implementation", "date decision takes effect", "applies from",
    ),
    "meeting": ("decided at meeting", "meeting"),
    "wards": ("wards affected", "ward", "wards", "ward(s)", "electoral divisions", "divisions affected", "electoral division(s) affected"),
    "reference": ("reference", "ref", "decision reference", "decision ref", "decision number", "decision no", "reference number", "ref no"),
    "decision": ("decision", "decisions", "resolved", "resolution", "resolutions", "decision taken", "decision made", "outcome"),
    "title": ("title", "subject", "decision title", "item", "description", "name"),
    "date": ("date",),
}
_LOOKUP = {label: key for key, labels in _KEYS.items() for label in labels}
_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w()'/ -]{0,60}?)\s*\??\s*:\s*(?:\?\s*)?")
_DECISION_LINK = re.compile(r"decision", re.IGNORECASE)
_NOT_DECISION_LINK = re.compile(r"issuehistory|mgIssue|ieIssue|document\.ashx|\.pdf$|\.docx?$", re.IGNORECASE)
_LINK_ID = re.compile(r"[?&](?:ID|Id|id|DId|AIId)=([\w-]+)|/Id/([\w-]+)(?:/|$)")
_INTRO = re.compile(r"(?:that\b|(?:resolved|it\s+was|agreed)\s+\w)", re.IGNORECASE)  # "That Cabinet:" introduces
_HIDDEN_REF = re.compile(r"\bref(?:erence)?\s*[:.]?\s*([\w/.-]+)", re.IGNORECASE)


def normal_label(label: str) -> str:
    label = re.sub(r"[-‐–]", " ", label.lower())
    return " ".join(label.replace("?", " ").replace(":", " ").split())


def key_of(label: str) -> str | None:
    """The fact a printed label names ("Is Key decision?" -> "key"), or None."""
    return _LOOKUP.get(normal_label(label))


@dataclass(frozen=True)
class Labelled:
    """A "Label: value" read from a block: the label's key, and the value's span (None
    when the value is below the label)."""

    key: str | None
    label: str
    value: tuple[int, int] | None
    below: bool = False  # the value is printed under the label, not beside it


def split_label(text: str, start: int) -> Labelled | None:
    """``text`` (starting at offset ``start``) read as "Label: value", or None."""
    match = _LABEL.match(text)
    if match is None or len(match["label"].split()) > 8 or _INTRO.match(match["label"]):
        return None
    value_start = match.end()
    value_end = len(text.rstrip())
    value = (start + value_start, start + value_end) if value_end > value_start else None
    return Labelled(key_of(match["label"]), match["label"], value)


# --------------------------------------------------------------------------- values

_TAKEN = re.compile(
    r"\b(?:approved|agreed|made|implemented|decided|adopted|taken|endorsed|noted|rejected|completed|"
    r"published|in\s+force|called\s+in)\b",
    re.IGNORECASE,
)
_PROPOSED = re.compile(r"\b(?:deferred|for\s+determination|pending|proposed|forward\s+plan|awaiting|draft|not\s+yet|scheduled|withdrawn)\b", re.IGNORECASE)
_RECOMMENDED = re.compile(r"\b(?:recommendations?\s+to|referred\s+to|recommended\s+to)\b", re.IGNORECASE)


def read_status(value: str | None) -> DecisionStatus | None:
    """The status a printed one maps to ("Recommendations Approved" -> taken,
    "For Determination" -> proposed, "Recommendations to Council" -> recommendation)."""
    if not value:
        return None
    if _RECOMMENDED.search(value):
        return DecisionStatus.recommendation
    if _PROPOSED.search(value):
        return DecisionStatus.proposed
    if _TAKEN.search(value):
        return DecisionStatus.taken
    return None


def read_flag(value: str | None) -> bool | None:
    """Yes / No as printed ("Yes", "No", "N/A" -> None)."""
    if not value:
        return None
    word = value.strip().lower()
    if re.match(r"^(?:yes|y|true)\b", word):
        return True
    if re.match(r"^(?:no|n|false|not)\b", word):
        return False
    return None


def read_call_in(value: str | None) -> bool | None:
    """Whether the decision is subject to call-in: "Yes", "Subject to call-in", "Called
    in" are true; "No", "Not for call-in", "Exempt", "Urgent" false."""
    if not value:
        return None
    flag = read_flag(value)
    if flag is not None:
        return flag
    words = value.lower()
    if re.search(r"\b(?:not|no|exempt|urgent|none|n/a)\b", words):
        return False
    if re.search(r"call|subject|yes", words):
        return True
    return None


def read_wards(value: str) -> list[str]:
    value = " ".join(value.split()).strip(" .")
    if re.fullmatch(r"(?:all|all\s+wards|borough[- ]wide|county[- ]wide|city[- ]wide)", value, re.IGNORECASE):
        return ["All"]
    if re.fullmatch(r"(?:none|n/a|not\s+applicable|-)?", value, re.IGNORECASE):
        return []
    parts = re.split(r";|,|\s+and\s+(?=[^,;]*$)", value) if (";" in value or "," in value) else [value]
    return [p.strip(" .") for p in parts if p.strip(" .")]


def first_date(text: str, start: int, end: int) -> DateMatch | None:
    """The first day-precise date printed in ``text[start:end]``, offsets into ``text``."""
    for found in find_dates(text[start:end]):
        if found.precision == "day":
            return DateMatch(
                found.start + start, found.end + start, found.text, found.iso, found.precision,
                found.end_iso, found.kind,
            )
    return None


# --------------------------------------------------------------------------- links


def decision_link(href: str) -> bool:
    """Whether a link points at a decision's own page (ModernGov ``ieDecisionDetails``, a
    CMIS ``DecisionDetails`` page), not an issue history, a document or a menu."""
    return bool(_DECISION_LINK.search(href)) and not _NOT_DECISION_LINK.search(href)


def link_reference(href: str, hidden: str) -> str | None:
    """The reference a decision link carries: the "ref: 13567" it hides, else its id."""
    found = _HIDDEN_REF.search(hidden)
    if found:
        return found.group(1).rstrip(".")
    match = _LINK_ID.search(href)
    return (match.group(1) or match.group(2)) if match else None


# --------------------------------------------------------------------------- verbs

_PAST_PASSIVE = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|be|is|are)\s+(?:duly\s+|hereby\s+|unanimously\s+)?([a-z]+(?:ed|d))\b"
)
_NOMINAL = re.compile(
    r"\b(approval|agreement|authority|consent|permission)\s+(?:\w+\s+){0,2}(?:be|is|was|were|has\s+been)\s+(?:given|granted)\b",
    re.IGNORECASE,
)
_NOMINAL_VERB = {"approval": "APPROVE", "agreement": "AGREE", "authority": "DELEGATE", "consent": "APPROVE", "permission": "APPROVE"}


def resolution_verb(text: str) -> str | None:
    """A resolution's verb: its lead verb, else a passive ("the Minutes were approved" ->
    APPROVE), else a noun given ("That approval be given ..." -> APPROVE)."""
    nominal = _NOMINAL.search(text[:300])
    if nominal:
        return _NOMINAL_VERB[nominal.group(1).lower()]
    verb = lead_verb(text)
    if verb in set(verb_forms().values()):
        return verb
    forms = verb_forms()
    for match in _PAST_PASSIVE.finditer(text[:300]):
        if match.group(1) in forms:
            return forms[match.group(1)]
    return verb
