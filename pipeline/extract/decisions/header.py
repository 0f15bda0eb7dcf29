"""A decision's header fields: number, key decision, classification and electoral
divisions, and the other decisions a paper cites.  (The maker is read by
:mod:`.maker`; the signed date and interests by :mod:`.signoff`.)

Each finder reads the paper's fields (label/value blocks of its structure) and returns the
value with the span it was read from, or None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.extract.sections import Span, field_values, labelled_value
from pipeline.structure import Structure
from schemas.structure import BlockKind

HEAD_CHARS = 4000  # header fields are looked for in a paper's opening characters

# --------------------------------------------------------------------------- decision number

_NUMBER_LABEL = re.compile(
    r"(?:key\s+)?decision\s+(?:no|number|ref(?:erence)?(?:\s+no)?)\b\s*\.?\s*:?", re.IGNORECASE
)
# "16/00052", "16-00052", "2016/00052" (a four-digit year), "DN 16/00052" (a register prefix)
_NUMBER = re.compile(
    r"(?<![\d/])(?:[A-Z]{1,4}[\s-]?)?(?:(?:19|20)(?=\d{2}\s?[/\-]))?(?P<yy>\d{2})\s?[/\-]\s?(?P<n>\d{3,5})(?![\d/])"
)
_UNALLOCATED = re.compile(
    r"^(?:to\s+be\s+(?:allocated|confirmed|added|assigned)|tba|tbc|to\s+follow|not\s+yet\s+allocated|pending|n/?a|none)\b",
    re.IGNORECASE,
)
_REFERENCED = re.compile(r"(?<![\d/.,£])(?P<yy>\d{2})/(?P<n>\d{5})(?![\d/])")
_REFERENCED_LABELLED = re.compile(
    r"\bdecision\s+(?:no\.?\s*|number\s+|ref(?:erence)?\.?\s*)?(?P<yy>\d{2})\s?[/\-]\s?(?P<n>\d{3,5})(?![\d/])",
    re.IGNORECASE,
)


def canonical_number(yy: str, n: str) -> str:
    """Canonical ``YY/NNNNN`` ("16-00052" -> "16/00052", "18/071" -> "18/00071")."""
    return f"{yy}/{int(n):05d}"


@dataclass(frozen=True)
class DecisionNumber:
    number: str | None  # canonical, or None when not (yet) allocated
    printed: str
    span: Span
    unallocated: bool


def find_decision_number(struct: Structure) -> DecisionNumber | None:
    """The paper's own decision number: the value of its "Decision No" field (on the same
    line, the next line, or the right-hand cell), else a YY/NNNNN printed alone in its
    header."""
    text = struct.doc.text
    found = labelled_value(struct, _NUMBER_LABEL, limit=HEAD_CHARS)
    if found:
        _, (start, end) = found
        value = text[start:end]
        match = _NUMBER.match(value)
        if match:
            return DecisionNumber(
                canonical_number(match["yy"], match["n"]),
                match.group(0),
                (start, start + match.end()),
                False,
            )
        printed = " ".join(value.split())
        return DecisionNumber(None, printed, (start, end), bool(_UNALLOCATED.match(printed)))
    for block in struct.blocks:
        if block.char_start is None or block.char_start > 1500:
            break
        if block.kind is BlockKind.table:
            continue
        for match in _REFERENCED.finditer(block.text):
            if len(block.text.replace(match.group(0), "").split()) <= 2:  # a number printed on its own
                start = block.char_start + match.start()
                return DecisionNumber(
                    canonical_number(match["yy"], match["n"]), match.group(0), (start, start + len(match.group(0))), False
                )
    return None


def number_in(value: str) -> str | None:
    """The canonical number in a printed reference ("16-00052" -> "16/00052"), or None."""
    match = _NUMBER.search(value)
    return canonical_number(match["yy"], match["n"]) if match else None


def referenced_numbers(text: str) -> Iterator[re.Match[str]]:
    """``_REFERENCED.finditer(text)``, found from the slashes: every match has its "/"
    third, so only the few places two characters before a slash are tried (a search
    tried every character of the paper)."""
    end = 0
    at = text.find("/", 2)
    while at != -1:
        if at - 2 >= end:
            match = _REFERENCED.match(text, at - 2)
            if match is not None:
                yield match
                end = match.end()
        at = text.find("/", at + 1)


def find_referenced_decisions(text: str, own: str | None) -> list[str]:
    """Other decision numbers a paper cites, canonical, in order of first mention."""
    found: list[tuple[int, str]] = []
    for matches in (referenced_numbers(text), _REFERENCED_LABELLED.finditer(text)):
        for match in matches:
            found.append((match.start("yy"), canonical_number(match["yy"], match["n"])))
    numbers: list[str] = []
    for _, number in sorted(found):
        if number != own and number not in numbers:
            numbers.append(number)
    return numbers


# ---------------------------------------------------- key decision, classification, divisions

_KEY_LABEL = re.compile(r"(?:is\s+(?:this|it)\s+a\s+)?key\s+decision\b[^:]{0,40}:", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^(?:(?P<yes>yes|y)|(?P<no>no|n))\b", re.IGNORECASE)
_KEY_SENTENCE = re.compile(
    r"\b(?:this|it)\s+is\s+(?P<not>not\s+)?a\s+key\s+decision\b|\bnon[\s-]key\s+decision\b",
    re.IGNORECASE,
)


def find_key_decision(struct: Structure, start: int = 0, end: int | None = None) -> tuple[bool, Span] | None:
    """Yes or no from a "Key decision" field ("Key decision (over £250k): No", "Is this a
    Key Decision?: Yes"), or a sentence saying it ("This is not a key decision")."""
    text = struct.doc.text
    stop = len(text) if end is None else end
    for _, value in field_values(struct, _KEY_LABEL):
        if not start <= value[0] < stop:
            continue
        match = _KEY_VALUE.match(text[value[0] : value[1]])
        if match:
            return match["yes"] is not None, (value[0], value[0] + match.end())
    match = _KEY_SENTENCE.search(text, start, stop)
    if match:
        return not (match["not"] or match.group(0).lower().startswith("non")), match.span()
    return None


_CLASSIFICATION_LABEL = re.compile(
    r"(?:classification|security\s+classification|open\s*/\s*exempt|exempt\s*/\s*open|public\s*/\s*private)\s*:",
    re.IGNORECASE,
)
_CLASSIFICATION_LINE = re.compile(
    r"^(?P<value>unrestricted|restricted|not\s+for\s+publication|for\s+publication|exempt|open|confidential|public|private)\b",
    re.IGNORECASE,
)
_EXEMPT_PARAGRAPH = re.compile(
    r"\bparagraphs?\s+(?P<n>\d+(?:\s*(?:,|and|&)\s*\d+)*)", re.IGNORECASE
)


def find_classification(struct: Structure) -> tuple[str, Span] | None:
    """ "Unrestricted", "For publication", "Exempt (paragraph 3)", ... as printed: a
    Classification field, or a header paragraph that starts with one."""
    text = struct.doc.text
    found = labelled_value(struct, _CLASSIFICATION_LABEL, limit=HEAD_CHARS)
    if found:
        return _classification(text, found[1])
    for block in struct.blocks:
        if block.char_start is None or block.char_end is None or block.char_start >= HEAD_CHARS:
            break
        if block.kind not in (BlockKind.paragraph, BlockKind.heading):
            continue
        line = block.text.split("\n")[0]
        head = _CLASSIFICATION_LINE.match(line)
        if head and (
            len(line) <= 40 or line[head.end() :].lstrip()[:1] in ("[", "(", "-", "–", ":")
        ):
            return _classification(text, (block.char_start, block.char_start + len(line)))
    return None


def _classification(text: str, span: Span) -> tuple[str, Span]:
    value = text[span[0] : span[1]]
    head = _CLASSIFICATION_LINE.match(value)
    if head and head["value"].lower() in (
        "exempt",
        "not for publication",
        "restricted",
        "confidential",
        "private",
    ):
        paragraph = _EXEMPT_PARAGRAPH.search(value)
        word = "Exempt" if head["value"].lower() == "exempt" else value[: head.end()]
        if paragraph:
            numbers = " ".join(paragraph["n"].split())
            return f"{word} (paragraph {numbers})", span
        return word, (span[0], span[0] + head.end()) if word == value[: head.end()] else span
    if head:
        return value[: head.end()], (span[0], span[0] + head.end())
    return re.sub(r"\s+", " ", value).strip(), span


_DIVISIONS_LABEL = re.compile(
    r"(?:electoral\s+divisions?(?:\s*\(s\))?(?:\s+affected)?|divisions?\s+affected|"
    r"wards?(?:\s*\(s\))?(?:\s+or\s+groups)?(?:\s+affected)?|affected\s+wards?|local\s+members?\s+affected)\s*:",
    re.IGNORECASE,
)
_ALL = re.compile(r"^all(?:\s+(?:the\s+)?(?:electoral\s+)?(?:divisions|wards))?\.?$", re.IGNORECASE)


def find_divisions(struct: Structure) -> tuple[list[str], Span] | None:
    """The electoral divisions or wards a decision affects, from their field."""
    text = struct.doc.text
    found = labelled_value(struct, _DIVISIONS_LABEL, limit=HEAD_CHARS)
    if not found:
        return None
    value = " ".join(text[found[1][0] : found[1][1]].split())
    if _ALL.match(value.strip()):
        return ["All"], found[1]
    if ";" in value:
        parts = value.split(";")
    elif "," in value:  # "Ashvale North, Ashvale South and Rowley"
        parts = re.split(r",|\s+and\s+(?=[^,]*$)", value)
    else:  # "Millbrook and Weir" is one ward
        parts = [value]
    parts = [re.sub(r"\s+(?:wards?|divisions?)$", "", p.strip(" ."), flags=re.IGNORECASE) for p in parts]
    return [p for p in parts if p], found[1]
