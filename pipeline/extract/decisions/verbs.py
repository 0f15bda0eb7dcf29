"""A resolution's lead verb, upper case, from ``patterns/decision_verbs.json``: its first
word ("End" -> "END"), a passive ("the Plan be approved" -> "APPROVE"), or the verb after
a subject ("That the Cabinet approves ..." -> "APPROVE")."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract.sections import load_rules

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# "It was agreed (overwhelmingly) to", "Councillors resolved that": what follows is decided
_DECIDED_CUE = re.compile(r"^.{0,80}?\b(?P<cue>agreed|resolved|decided)\b(?:\s+[a-z]+ly)?\s+(?:to|that)\s+(?=\S)", re.IGNORECASE)
# the words that say a decision was taken, where nothing else in the sentence is its verb
_DECIDING_WORDS = frozenset({"agreed", "approved", "resolved", "adopted", "accepted", "endorsed"})
_MODAL = re.compile(r"\b(?:should|shall|will|must|would)\s+(?:(?:now|also|then)\s+)?(?!(?:be|have|not|now|also|then)\b)(?P<verb>[a-z]{3,})\b")
# words that begin a sentence but are never its verb: conjunctions, prepositions,
# pronouns, honorifics, and the labels minutes set before a resolution
_FUNCTION_WORDS = frozenset(
    "if although though while whereas when where for with without in on at by from of as after before "
    "following further subject since because unless until upon under within mr mrs ms miss dr cllr councillor "
    "sir dame lord lady he she they we you there here recommendation recommendations resolution resolutions "
    "decision decisions item items minute minutes note action actions".split()
)
# "the Plan be approved", "should be set up", "be brought to": a participle the forms list knows
_PASSIVE = re.compile(r"\b(?:be|is|are|been|was|were)\s+(?:hereby\s+|now\s+)?(?P<verb>[a-z]+)\b")


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, str]:
    rules = load_rules("decision_verbs.json")
    forms: dict[str, str] = {}
    for base in rules["verbs"]:
        stem = base.removesuffix("e")
        variants = {
            base,
            base + "s",
            base + "es",
            base + "ed",
            stem + "ed",
            stem + "ing",
            base + "ing",
        }
        if base.endswith("e"):
            variants.add(base + "d")
        if base.endswith("y"):
            variants |= {base[:-1] + "ies", base[:-1] + "ied"}
        for extra in rules["forms"].get(base, []):
            variants.add(extra)
        for variant in variants:
            forms.setdefault(variant, base.replace("-", "").upper())
    return forms


@lru_cache(maxsize=1)
def note_only_verbs() -> frozenset[str]:
    return frozenset(load_rules("decision_verbs.json")["note_only"])


def lead_verb(text: str) -> str | None:
    """The resolution's verb, upper case: its first word ("End" -> "END"), read past "to"
    and "that", a cue ("It was agreed overwhelmingly to ask" -> "ASK"), a condition ("If
    Recommendation 4 is passed, APPROVE ..." -> "APPROVE"), a subject ("That the Cabinet
    approves ..." -> "APPROVE"), a passive ("the Plan be approved", "these were adopted")
    or a modal ("should write"); else the cue's own verb ("the Councillors agreed that
    although ..." -> "AGREE").  None where no word of it is a verb."""
    return _lead_verb(text, None)


def _lead_verb(text: str, cued: str | None) -> str | None:
    forms = verb_forms()
    words = _WORD.findall(text[:200])
    # past "to", "that" and an adverb ("overwhelmingly to ask", not "apply")
    while words and (words[0].lower() in ("to", "that", "and") or (words[0].lower().endswith("ly") and words[0].lower() not in forms)):
        words = words[1:]
    if not words:
        return cued
    first = words[0].lower()
    if first in forms:
        return forms[first]
    cue = _DECIDED_CUE.match(text)
    if cue:  # "It was agreed overwhelmingly to ask ..." -> "ask ..."
        return _lead_verb(text[cue.end() :], forms.get(cue["cue"].lower()))
    # a verb set in capitals, as some councils print it ("If ... is passed, APPROVE the ...")
    for word in words[1:14]:
        if word.isupper() and len(word) > 2 and word.lower() in forms:
            return forms[word.lower()]
    for passive in _PASSIVE.finditer(text[:300]):  # "the Plan be approved" -> APPROVE
        if passive["verb"].lower() in forms:
            return forms[passive["verb"].lower()]
    # "That the Cabinet approves ...": a verb in running text is in lower case
    for word in words[1:8]:
        if word.islower() and word in forms:
            return forms[word]
    # "That the Clerk should continue to ...": the verb after a modal
    modal = _MODAL.search(text[:300])
    if modal:
        verb = modal["verb"].lower()
        return forms.get(verb, verb.upper())
    rules = load_rules("decision_verbs.json")
    if first in rules["not_verbs"] or first in _FUNCTION_WORDS:
        # "Recommendation to move all gilts ... agreed": a decision word further on
        later = next((w for w in words[1:40] if w.lower() in _DECIDING_WORDS and w.lower() in forms), None)
        return forms[later.lower()] if later else cued
    return words[0].upper()  # a verb the list does not know ("End the contract", "Pay Cumbria CC")


def verbs_in(text: str) -> list[str]:
    """Every resolution verb joined in a resolution's opening ("Notes and endorse plans ..."
    -> NOTE, ENDORSE): the lead verb and those after "and" / "," in its first words."""
    forms = verb_forms()
    words = _WORD.findall(text[:120])
    found: list[str] = []
    for index, word in enumerate(words[:10]):
        lower = word.lower()
        if lower in forms and (index == 0 or words[index - 1].lower() in ("and", "or", "to")):
            found.append(forms[lower])
    return found
