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

try:  # the regex parser, to read which characters a rule can start with
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

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
def _organisation_sources() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The exact names of ``patterns/organisations.jsonl`` (``_name_sources``) and the
    rules of ``patterns/funding_organisations.json``, as regexes."""
    names = []
    for line in _pattern_file("organisations.jsonl").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            pattern = json.loads(line)["pattern"]
            if isinstance(pattern, str):
                names.append(pattern)
    data = json.loads(_pattern_file("funding_organisations.json"))
    rules = tuple(rule.replace("NAME", data["NAME"]) for rule in data["rules"])
    return _name_sources(names), rules


def _name_sources(names: list[str]) -> tuple[tuple[str, str], ...]:
    """Each name as a regex (any whitespace between its words), longest regex first, with
    the regex of its first character: ``("K", r"Kent\\s+Police")``."""
    sources = []
    for name in names:
        words = name.split()
        first = re.escape(words[0][0]) if words else ""
        sources.append((first, r"\s+".join(re.escape(w) for w in words)))
    return tuple(sorted(sources, key=lambda source: len(source[1]), reverse=True))


@lru_cache(maxsize=1)
def organisation_pattern() -> re.Pattern[str]:
    """One regex for every organisation name: the exact names of
    ``patterns/organisations.jsonl`` (any case) and the rules of
    ``patterns/funding_organisations.json``.  Run apart from the shared EntityRuler, so
    another extractor's overlapping entity (a "Forum" that is also a COMMITTEE) cannot
    hide an organisation; line breaks inside a name are allowed.  This is the definition
    of an organisation span; ``organisation_spans`` runs an equivalent, faster regex."""
    names, rules = _organisation_sources()
    exact = "(?i:" + "|".join(source for _first, source in names) + ")"
    return re.compile(r"(?<![\w-])(?:" + "|".join([exact, *rules]) + r")(?![\w-])")


def _spans_of(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Leftmost matches, each search starting where the last match ended."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return spans
        spans.append((m.start(), m.end()))
        pos = m.end()


def organisation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the organisations the patterns name (longest of overlaps):
    exactly the spans of ``organisation_pattern`` searched leftmost, each search starting
    where the last match ended (``_fast_pattern`` finds them faster)."""
    fast = _fast_pattern()
    if fast is None:
        return _spans_of(organisation_pattern(), text)
    return _fast_spans(organisation_pattern(), fast, text)


def _fast_spans(
    original: re.Pattern[str], after_boundary: re.Pattern[str], text: str
) -> list[tuple[int, int]]:
    """``_spans_of(original, text)``: the original regex tried at the text's start only,
    the equivalent ``after_boundary`` (``_fast_pattern_for``) searched for the rest."""
    spans: list[tuple[int, int]] = []
    pos = 0
    m = original.match(text)
    if m is not None:
        pos = m.end()
        spans.append((0, pos))
    search = after_boundary.search
    m = search(text, pos - 1 if pos else 0)
    while m is not None:
        pos = m.end()
        spans.append((m.start() + 1, pos))  # the match starts after the boundary character
        m = search(text, pos - 1)
    return spans


# ------------------------------------------------------------- the faster, equivalent regex
#
# ``organisation_pattern`` is ``(?<![\w-])(?:EXACT|RULE1|...|RULEn)(?![\w-])``.  Python's
# regex engine tries it at every character: the lookbehind first, then, at a word start,
# every name and every rule in turn.  ``_fast_pattern`` gives the same matches with four
# changes, each exact:
#
# 1. The lookbehind becomes a consumed character: for a start s > 0, ``(?<![\w-])`` at s
#    holds exactly when text[s-1] matches ``[^\w-]``, so ``[^\w-](?:ALT)(?![\w-])``
#    searched from s-1 matches at s-1 exactly when the original matches at s, with the
#    same end (the consumed character is fixed, nothing backtracks into it).  The engine
#    then skips, in C, to the next character that is not a word character or hyphen
#    (its "charset prefix"), instead of trying every character.  Start 0 has no character
#    before it; the original regex is tried there with ``match``.
# 2. EXACT, ``(?i:N1|N2|...)``, is split by first character: each name N = F + REST
#    (F its first character) becomes ``(?<=(?i:F))(?i:REST)`` after a consumed character,
#    which is ``(?i:N)`` once that character is known to be F (the lookbehind re-checks
#    the consumed character against F itself, with the same flags).  Names are grouped
#    behind a class of the ASCII characters their F matches (asked of the regex engine
#    for each of the 128), groups with overlapping classes merged so the classes are
#    disjoint, names kept in their original order inside a group; a last group behind
#    ``[^\x00-\x7f]`` holds every name in the original order.  At a start whose
#    character c is ASCII, only the one group whose class holds c can match (a name of
#    another group has an F that does not match c), in the original order; at a
#    non-ASCII c only the last group can, in the original order.  So the first name that
#    matches (with ``(?![\w-])`` after it) is the same as in EXACT.  A class first in an
#    alternative is tested in C without entering it, so a word start costs a few class
#    tests instead of an attempt at every name.
# 3. The rules, tried only when EXACT has failed at a start (as before, in their order),
#    sit behind two lookaheads that every match of a rule satisfies, so they never change
#    a result: ``(?=[S])``, S the characters a rule can start with (read from the
#    parsed rules by ``_first_characters``; no gate if any rule's are not known), and
#    ``(?=RELAXED)`` (``_relaxed_rules``), which matches wherever a rule matches.
# 4. When S is known, the whole alternation sits behind ``(?=[...])`` of the characters
#    any alternative starts with: the group classes of 2, every non-ASCII character, S.
#
# Anything the analysis does not understand falls back to a weaker gate or to
# ``organisation_pattern`` itself.  tests/test_orgs_search.py checks the spans against
# ``organisation_pattern``'s on every paper at hand and on generated texts, and the
# classes on every code point.

_RANGES = list[tuple[int, int]]


def _first_characters(items: Any, flags: int) -> tuple[_RANGES | None, bool]:
    """The code-point ranges a parsed regex sequence can start with (None: not known, any
    character) and whether it can match the empty string (True when not known)."""
    ranges: _RANGES | None = []
    for op, av in items:
        first, nullable = _item_first_characters(op, av, flags)
        if ranges is not None:
            ranges = None if first is None else ranges + first
        if not nullable:
            return ranges, False
    return ranges, True


def _item_first_characters(op: Any, av: Any, flags: int) -> tuple[_RANGES | None, bool]:
    """``_first_characters`` of one parsed item."""
    c = _sre_constants
    if op is c.LITERAL:
        return (None if flags & re.IGNORECASE else [(av, av)]), False
    if op is c.IN:
        if flags & re.IGNORECASE:
            return None, False
        ranges: _RANGES = []
        for item_op, item_av in av:
            if item_op is c.LITERAL:
                ranges.append((item_av, item_av))
            elif item_op is c.RANGE:
                ranges.append((item_av[0], item_av[1]))
            else:  # NEGATE, CATEGORY: not worth reading
                return None, False
        return ranges, False
    if op is c.ANY or op is c.NOT_LITERAL:
        return None, False
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _first_characters(sub.data, (flags | add_flags) & ~del_flags)
    if op is getattr(c, "ATOMIC_GROUP", object()):
        return _first_characters(av.data, flags)
    if op is c.BRANCH:
        first: _RANGES | None = []
        nullable = False
        for alternative in av[1]:
            alt_first, alt_nullable = _first_characters(alternative.data, flags)
            first = None if first is None or alt_first is None else first + alt_first
            nullable = nullable or alt_nullable
        return first, nullable
    if op is c.MAX_REPEAT or op is c.MIN_REPEAT or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, high, sub = av
        if high == 0:
            return [], True
        first, nullable = _first_characters(sub.data, flags)
        return first, nullable or low == 0
    if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
        return [], True  # zero width: the next item starts the match
    return None, True  # a back reference, a conditional group, ...


def _parsed_rule(rule: str) -> Any | None:
    """A rule's parse, or None when it has groups or global flags (which would make it
    mean something else inside a larger regex, or out of it)."""
    tree = _sre_parse.parse(rule)
    if tree.state.groups != 1 or tree.state.flags != re.UNICODE:
        return None
    return tree


def _character_class(ranges: _RANGES) -> str:
    """``[...]`` of code-point ranges (each code point escaped as ``\\U%08x``)."""
    merged: _RANGES = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    parts = [
        f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}" for low, high in merged
    ]
    return "[" + "".join(parts) + "]"


def _rules_first_ranges(rules: tuple[str, ...]) -> _RANGES | None:
    """Every character a rule's match can start with; None if not known."""
    ranges: _RANGES = []
    for rule in rules:
        tree = _parsed_rule(rule)
        if tree is None:
            return None
        first, nullable = _first_characters(tree.data, tree.state.flags)
        if first is None or nullable or not first:
            return None
        ranges += first
    return ranges


def _group_end(source: str, start: int) -> int | None:
    """Index of the ``)`` that closes the group opened at ``source[start]`` (a guess,
    checked by the caller against the parser)."""
    depth = 0
    i = start
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if source[i : i + 1] == "^":
                i += 1
            if source[i : i + 1] == "]":
                i += 1
            while i < len(source) and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


_QUANTIFIER = re.compile(r"\*|\+|\?|\{\d*(?:,\d*)?\}")


def _leading_repeat(rule: str) -> tuple[str, int, str] | None:
    """``(body, most, rest)`` when the rule is ``(?:body){least,most}rest`` (a greedy
    repeat of a body that cannot match the empty string), checked with the parser:
    the parse of the rule must be the parse of the repeat followed by the parse of rest."""
    c = _sre_constants
    tree = _parsed_rule(rule)
    if tree is None or not rule.startswith("(?:"):
        return None
    close = _group_end(rule, 0)
    if close is None:
        return None
    quantifier = _QUANTIFIER.match(rule, close + 1)
    if quantifier is None or rule[quantifier.end() : quantifier.end() + 1] in ("?", "+"):
        return None
    head = _parsed_rule(rule[: quantifier.end()])
    tail = _parsed_rule(rule[quantifier.end() :])
    if head is None or tail is None or len(head.data) != 1:
        return None
    op, av = head.data[0]
    if op is not c.MAX_REPEAT or repr(tree.data) != repr(list(head.data) + list(tail.data)):
        return None
    _least, most, body = av
    if _first_characters(body.data, tree.state.flags)[1]:
        return None  # a body that can match the empty string
    return rule[3:close], most, rule[quantifier.end() :]


def _relaxed_rules(rules: tuple[str, ...]) -> str | None:
    """A regex that matches at least wherever a rule matches, and costs less to fail.

    A rule ``(?:X){a,b}REST`` is relaxed to ``(?:X){0,b}REST``; rules with the same X
    share it: ``(?:X){0,B}(?:REST1|REST2|...)``, B the largest b.  Wherever a rule
    matches, X matched k times (a <= k <= B) and then REST matched, so the relaxed
    regex has a match there too (a lookahead succeeds if any way through it matches).
    Other rules are kept whole.  None when a rule has groups (copying it would renumber
    them)."""
    shared: dict[str, tuple[int, list[str]]] = {}
    whole: list[str] = []
    for rule in rules:
        if _parsed_rule(rule) is None:
            return None
        split = _leading_repeat(rule)
        if split is None:
            whole.append(rule)
            continue
        body, most, rest = split
        known_most, rests = shared.get(body, (0, []))
        shared[body] = (max(known_most, most), [*rests, rest])
    alternatives = []
    for body, (most, rests) in shared.items():
        repeat = "*" if most >= _sre_constants.MAXREPEAT else "{0,%d}" % most
        alternatives.append("(?:" + body + ")" + repeat + "(?:" + "|".join(rests) + ")")
    return "|".join(alternatives + whole)


def _exact_groups(names: tuple[tuple[str, str], ...]) -> list[tuple[set[int], list[int]]]:
    """The names (by index) grouped by the ASCII characters their first character
    matches in any case (asked of the regex engine), groups whose characters overlap
    merged: (the group's characters, its names in their original order).  Groups are
    disjoint; a name whose first character matches no ASCII character is in none."""
    groups: list[tuple[set[int], list[int]]] = []
    for index, (first, _source) in enumerate(names):
        first_re = re.compile("(?i:" + first + ")")
        chars = {code for code in range(128) if first_re.fullmatch(chr(code))}
        if not chars:
            continue
        touching = [g for g in groups if g[0] & chars]
        groups = [g for g in groups if not g[0] & chars]
        merged_chars = chars.union(*(g[0] for g in touching))
        merged_names = sorted([index, *(i for g in touching for i in g[1])])
        groups.append((merged_chars, merged_names))
    return groups


def _exact_alternatives(names: tuple[tuple[str, str], ...]) -> tuple[str, _RANGES]:
    """``(?i:N1|N2|...)`` split by first character (see the notes above), and the
    characters its alternatives start with (the classes of the groups)."""
    items = [
        "(?<=(?i:" + first + "))(?i:" + source[len(first) :] + ")" for first, source in names
    ]
    groups = _exact_groups(names)
    alternatives = [
        _character_class([(code, code) for code in chars])
        + "(?:"
        + "|".join(items[i] for i in indexes)
        + ")"
        for chars, indexes in groups
    ]
    alternatives.append(r"[^\x00-\x7f](?:" + "|".join(items) + ")")
    starts = [(code, code) for chars, _indexes in groups for code in chars] + [(0x80, 0x10FFFF)]
    return "(?:" + "|".join(alternatives) + ")", starts


def _fast_alternatives(names: tuple[tuple[str, str], ...], rules: tuple[str, ...]) -> str | None:
    """The alternatives of ``organisation_pattern`` rewritten (see the notes above), or
    None when the data is outside what the rewriting is proved for."""
    if not names or any(not first or len(first) > 2 for first, _source in names):
        return None  # an empty name (an empty match would never end the search)
    for rule in rules:
        tree = _sre_parse.parse(rule)
        if _first_characters(tree.data, tree.state.flags)[1]:
            return None  # a rule that might match the empty string
    exact, starts = _exact_alternatives(names)
    if not rules:
        return "(?=" + _character_class(starts) + ")" + exact
    gates = ""
    first = _rules_first_ranges(rules)
    if first is not None:
        gates += "(?=" + _character_class(first) + ")"
    relaxed = _relaxed_rules(rules)
    if relaxed is not None:
        gates += "(?=" + relaxed + ")"
    alternatives = exact + "|" + gates + "(?:" + "|".join(rules) + ")"
    if first is None:
        return alternatives
    # every alternative starts with a character of a name group, a non-ASCII one or of S
    return "(?=" + _character_class(starts + first) + ")(?:" + alternatives + ")"


@lru_cache(maxsize=1)
def _fast_pattern() -> re.Pattern[str] | None:
    """``_fast_pattern_for`` the pattern files."""
    organisation_pattern()  # data the original cannot compile is an error here too
    return _fast_pattern_for(*_organisation_sources())


def _fast_pattern_for(
    names: tuple[tuple[str, str], ...], rules: tuple[str, ...]
) -> re.Pattern[str] | None:
    """A boundary character, then a match of the regex ``organisation_pattern`` makes of
    these names and rules (see the notes above); None to search with that regex itself."""
    try:
        alternatives = _fast_alternatives(names, rules)
    except Exception:  # noqa: BLE001 - any surprise in the regex internals: use the original
        return None
    if alternatives is None:
        return None
    return re.compile(r"[^\w-](?:" + alternatives + r")(?![\w-])")


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
