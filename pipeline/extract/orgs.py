"""Organisations a paper names, and the acronyms it defines.

An acronym is *defined* where a paper prints a long form followed by the acronym in
brackets ("Specialist Children's Services (SCS)", "Kent Clinical Commissioning Groups
(CCGs)"), or the reverse ("KCC (Kent County Council)").  The long form is found by
matching the acronym's letters, right to left, to word initials (Schwartz & Hearst's
idea, simplified): small words ("and", "of") and all-capital words ("NHS") may be
skipped.

A *mention* is a span that names an organisation: a name or rule of
``patterns/organisations.jsonl`` and ``patterns/funding_organisations.json``, a
definition, "the Council" (the paper's own council), or a later use of a defined
acronym or long form whose long form reads as an organisation (it ends with a word such as Council,
Services, Group or Trust; ``patterns/funding_cues.json`` lists them).  Each mention
resolves to the name as the paper gives it with its acronym: "Kent County Council (KCC)"
where the paper defines KCC, else "KCC".
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pipeline.extract.nlp import Parsed

_BRACKETED = re.compile(r"\((?P<acr>[A-Z][A-Za-z&]{1,9})\)")
_REVERSE = re.compile(r"\b(?P<acr>[A-Z][A-Z&]{1,8}s?)[ \t]*\((?P<long>[A-Z][^()\n]{3,80}?)\)")
_SKIPPABLE = {"and", "of", "the", "for", "&", "in", "on", "to", "a", "an", "with"}
_DETERMINER = re.compile(r"^(?:the|The|THE)\s+")
_COUNCIL_ALIAS = re.compile(r"\b(?:(?:County|City|Borough|District)\s+)?Council\b(?:'s|’s)?")
_NOT_THE_COUNCIL = {"Tax", "tax", "Plan", "Constitution", "Meeting", "meeting", "Offices", "House"}


def _pattern_file(name: str) -> str:
    return resources.files("pipeline.extract").joinpath("patterns", name).read_text("utf-8")


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The funding cue phrases (``patterns/funding_cues.json``)."""
    return json.loads(_pattern_file("funding_cues.json"))


@lru_cache(maxsize=1)
def organisation_pattern() -> re.Pattern[str]:
    """One regex for every organisation name: the exact names of
    ``patterns/organisations.jsonl`` (any case) and the rules of
    ``patterns/funding_organisations.json``.  Run apart from the shared EntityRuler, so
    another extractor's overlapping entity (a "Forum" that is also a COMMITTEE) cannot
    hide an organisation; line breaks inside a name are allowed."""
    names = []
    for line in _pattern_file("organisations.jsonl").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            pattern = json.loads(line)["pattern"]
            if isinstance(pattern, str):
                names.append(r"\s+".join(re.escape(w) for w in pattern.split()))
    data = json.loads(_pattern_file("funding_organisations.json"))
    rules = [rule.replace("NAME", data["NAME"]) for rule in data["rules"]]
    exact = "(?i:" + "|".join(sorted(names, key=len, reverse=True)) + ")"
    return re.compile(r"(?<![\w-])(?:" + "|".join([exact, *rules]) + r")(?![\w-])")


def organisation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the organisations the patterns name (longest of overlaps)."""
    pattern = organisation_pattern()
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return spans
        spans.append((m.start(), m.end()))
        pos = m.end()


@dataclass(frozen=True)
class Definition:
    acronym: str
    long_form: str
    start: int  # span of "long form (ACR)" in the text
    end: int

    @property
    def name(self) -> str:
        return f"{self.long_form} ({self.acronym})"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    name: str  # resolved display name
    organisation: bool


def _words(long_text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"[^\s\-/]+", long_text)]


def match_long_form(acronym: str, candidate: str) -> int | None:
    """Offset in ``candidate`` where the acronym's long form starts, or None.

    ``candidate`` is the text just before the brackets; the long form is a suffix of it.
    """
    letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    letters = letters.replace("&", "").upper()
    if len(letters) < 2:
        return None
    words = _words(candidate)
    i = len(letters) - 1
    w = len(words) - 1
    first_at: int | None = None
    while i >= 0 and w >= 0:
        offset, word = words[w]
        bare = word.strip("'\"()")
        chunk = bare.upper() if bare.isupper() and len(bare) > 1 else ""
        if chunk and i + 1 >= len(chunk) and letters[i + 1 - len(chunk) : i + 1] == chunk:
            i -= len(chunk)  # an acronym inside the long form ("NHS England": NHSE)
            first_at = offset
        elif bare[:1].upper() == letters[i]:
            i -= 1
            first_at = offset
        elif bare.lower() in _SKIPPABLE or chunk:
            pass
        else:
            return None
        w -= 1
    if i >= 0 or first_at is None:
        return None
    return first_at


def find_definitions(text: str) -> list[Definition]:
    """Every acronym definition in the text, in order (one pass over the brackets)."""
    found: list[Definition] = []
    for m in _BRACKETED.finditer(text):
        acronym = m.group("acr")
        core = acronym.removesuffix("s")
        if not core.replace("&", "").isupper():
            continue
        blank = text.rfind("\n\n", 0, m.start())
        lo = max(blank + 2 if blank >= 0 else 0, m.start() - 160)
        before = text[lo : m.start()]
        at = match_long_form(acronym, before.rstrip())
        if at is None:
            continue
        long_form = " ".join(before[at:].split())
        if long_form.isupper() and " " not in long_form:
            continue
        found.append(Definition(acronym, long_form, lo + at, m.end()))
    for m in _REVERSE.finditer(text):
        acronym, long_text = m.group("acr"), m.group("long").strip()
        if match_long_form(acronym, long_text) == 0:
            found.append(Definition(acronym, long_text, m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def looks_organisational(name: str) -> bool:
    words = re.findall(r"[A-Za-z]+", name)
    if not words:
        return False
    heads = set(cues()["organisation_heads"])
    return words[-1] in heads or any(w in heads for w in words[-2:] if w.isupper())


def resolve(text: str, definitions: dict[str, Definition], by_long: dict[str, Definition]) -> str:
    """The display name of an organisation mention."""
    bare = _DETERMINER.sub("", " ".join(text.split()))
    if bare.isupper() and " " in bare:  # "NORTHSHIRE COUNTY COUNCIL" in a heading
        bare = " ".join(
            w.lower() if w.lower() in _SKIPPABLE else w.capitalize() for w in bare.split()
        )
    if bare in definitions:
        return definitions[bare].name
    if bare.endswith("s") and bare[:-1] in definitions and bare[:-1].isupper():
        return bare  # a plural of a defined acronym ("CCGs" where "CCG" is defined)
    key = bare.lower()
    if key in by_long:
        return by_long[key].name
    return bare


class Organisations:
    """Organisation mentions of one paper, looked up by span."""

    def __init__(self, text: str, parsed: Parsed | None = None) -> None:
        del parsed  # names are read from the text (see organisation_pattern)
        self.definitions_list = find_definitions(text)
        self.definitions: dict[str, Definition] = {}
        for d in self.definitions_list:
            self.definitions.setdefault(d.acronym, d)
        self.by_long = {d.long_form.lower(): d for d in self.definitions_list}
        spans: dict[tuple[int, int], Mention] = {}

        def add(start: int, end: int, organisation: bool) -> None:
            raw = text[start:end]
            name = resolve(raw, self.definitions, self.by_long)
            key = (start, end)
            if key not in spans:
                spans[key] = Mention(start, end, raw, name, organisation)

        for d in self.definitions_list:
            add(d.start, d.end, looks_organisational(d.long_form))
        for start, end in organisation_spans(text):
            add(start, end, True)
        org_acronyms = [a for a, d in self.definitions.items() if looks_organisational(d.long_form)]
        org_longs = [
            d.long_form for d in self.definitions_list if looks_organisational(d.long_form)
        ]
        terms = sorted(set(org_acronyms) | set(org_longs), key=len, reverse=True)
        if terms:
            pattern = re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])"
            )
            for m in pattern.finditer(text):
                add(m.start(), m.end(), True)
        self.own_council = self._own_council(text, spans)
        if self.own_council:
            for m in _COUNCIL_ALIAS.finditer(text):
                before = text[max(0, m.start() - 30) : m.start()].split()
                after = text[m.end() : m.end() + 20].split()
                previous = before[-1] if before else ""
                if previous[:1].isupper() and previous.lower() not in {"the", "a", "this", "our"}:
                    continue  # part of a name ("Kent County Council")
                if after and after[0].strip(".,;:") in _NOT_THE_COUNCIL:
                    continue
                key = (m.start(), m.end())
                spans.setdefault(
                    key, Mention(m.start(), m.end(), m.group(0), self.own_council, True)
                )
        # keep the longest of overlapping mentions
        ordered = sorted(spans.values(), key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for mention in ordered:
            if kept and mention.start < kept[-1].end:
                if (
                    mention.end > kept[-1].end
                    and mention.organisation
                    and not kept[-1].organisation
                ):
                    kept[-1] = mention
                continue
            kept.append(mention)
        self.mentions = kept
        self._starts = [m.start for m in kept]
        self._by_text: dict[str, str] = {}
        for mention in kept:
            if mention.organisation:
                self._by_text.setdefault(
                    _DETERMINER.sub("", " ".join(mention.text.split())), mention.name
                )

    def _own_council(self, text: str, spans: dict[tuple[int, int], Mention]) -> str | None:
        """The paper's own council: the first council the paper names in full."""
        for _span, mention in sorted(spans.items()):
            words = mention.text.split()
            if len(words) >= 2 and words[-1].lower() == "council" and words[0].lower() != "the":
                name = mention.name
                if mention.text.isupper() and name == _DETERMINER.sub("", mention.text):
                    name = " ".join(
                        w.lower() if w.lower() in _SKIPPABLE else w.capitalize() for w in words
                    )
                    name = resolve(name, self.definitions, self.by_long)
                return name
        return None

    def between(self, start: int, end: int) -> list[Mention]:
        """Organisation mentions that lie wholly inside ``[start, end)``."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and m.organisation:
                out.append(m)
            i += 1
        return out

    def starting(self, start: int, end: int) -> list[Mention]:
        """Organisation mentions that start inside ``[start, end)`` (wherever they end)."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].organisation:
                out.append(self.mentions[i])
            i += 1
        return out

    def name_of(self, text: str) -> str | None:
        """The resolved name when ``text`` is an organisation the paper names, else None."""
        bare = _DETERMINER.sub("", text.strip())
        if not bare:
            return None
        if bare in self.definitions or bare.lower() in self.by_long:
            name = resolve(bare, self.definitions, self.by_long)
            return name if looks_organisational(name.split(" (")[0]) or bare.isupper() else None
        return self._by_text.get(bare)
