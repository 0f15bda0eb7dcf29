"""Whose paper it is: the council (or other authority) that issued it.

Read from the paper's structure, most telling first: a field that names the authority
("Name of smaller authority: Burton-cum-Walden Parish Council", "Council: ..."), then the
headings, page headers and the first page's blocks ("TINTERN COMMUNITY COUNCIL - BUDGET",
"Souldern Parish Council", "London Borough of Southwark"), then the council the paper names
most often.  A bare "County Council" or "the Council" names no one.  The name is given in
a canonical form ("Tintern Community Council", whatever its case as printed) so that two
papers of one authority compare equal; None when the paper does not say.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.structure import Structure
from schemas.structure import BlockKind

_NAME = r"[A-Z][\w'’&.-]*"
_TYPE = r"(?i:County|City|Borough|District|Parish|Town|Community|Metropolitan\s+Borough|Unitary|Village)"
_COUNCIL = re.compile(
    rf"\b((?:{_NAME}[ \t]+(?:(?i:cum|upon|on|under|in|by|le|next)[ \t-]+)?|{_NAME}-){{1,4}}"
    rf"(?:{_TYPE}\s+)?(?i:Council))\b"
    rf"|\b((?i:London|Royal)\s+(?i:Borough)\s+(?i:of)\s+{_NAME})"
    rf"|\b((?:{_NAME}[ \t-]+){{1,3}}(?:PC|TC|CC))\b",
)
_ABBREVIATIONS = {"PC": "Parish Council", "TC": "Town Council", "CC": "Council"}
_NOT_A_NAME = {
    "the", "a", "this", "that", "county", "city", "borough", "district", "parish", "town", "community", "each",
    "every", "full", "whole", "our", "their", "of", "to", "from", "by", "for", "and", "or", "with", "cabinet",
    "meeting", "report", "minutes", "agenda", "notice", "local", "all", "any", "member", "members", "unitary",
    "metropolitan", "village", "previous", "next", "relevant", "neighbouring", "other", "student", "youth",
}
_TYPES = re.compile(
    r"\b(?:county|city|borough|district|parish|town|community|metropolitan|unitary|village|council|"
    r"london|royal|of|pc|tc|cc)\b", re.IGNORECASE
)
_FIELD = re.compile(r"\b(?:authority|council|issued\s+by|local\s+authority)\b", re.IGNORECASE)


def _canonical(name: str) -> str | None:
    words = name.replace("\n", " ").split()
    if words and words[-1] in _ABBREVIATIONS:
        words = words[:-1] + _ABBREVIATIONS[words[-1]].split()
    while words and words[0].lower().strip("'’") in _NOT_A_NAME and words[0].lower() not in ("london", "royal"):
        words.pop(0)
    if len(words) < 2 or words[0].lower() == "council":
        return None
    words = ["-".join(p.capitalize() if p.isupper() or p.islower() else p for p in w.split("-")) for w in words]
    small = ("cum", "upon", "on", "under", "in", "by", "le", "next", "the", "and", "of")
    words = [w.lower() if i and w.lower() in small else w for i, w in enumerate(words)]
    words = ["-".join(p.lower() if j and p.lower() in small else p for j, p in enumerate(w.split("-"))) for w in words]
    return " ".join(words)


def authority_key(name: str | None) -> str | None:
    """The part of an authority's name that tells it from others ("Kent County Council"
    and "Kent CC" -> "kent"), for comparing papers."""
    if not name:
        return None
    key = " ".join(_TYPES.sub(" ", name.lower()).split())
    return key or None


def _names(text: str) -> list[str]:
    out = []
    for m in _COUNCIL.finditer(text):
        name = _canonical(m.group(1) or m.group(2) or m.group(3))
        if name:
            out.append(name)
    return out


def paper_authority(struct: Structure) -> str | None:
    """The authority that issued the paper (see the module docstring), or None."""
    for block in struct.blocks:
        if block.kind is BlockKind.field and block.label and _FIELD.search(block.label) and block.value:
            names = _names(block.value)
            if names:
                return names[0]
    first_page = [b for b in struct.blocks if b.page == 1 and b.kind is not BlockKind.table]
    heads = [b for b in struct.blocks if b.kind is BlockKind.heading] + list(struct.furniture)
    for group in (first_page[:12], heads):
        for block in group:
            names = _names(block.text)
            if names:
                return names[0]
    counts = Counter(_names(struct.doc.text))
    return counts.most_common(1)[0][0] if counts else None
