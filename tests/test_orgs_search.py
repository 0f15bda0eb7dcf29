"""``organisation_spans`` against the regex that defines it.

``pipeline.extract.orgs.organisation_spans`` searches a rewritten regex (the notes in
orgs.py say how, and why it is exact).  These tests hold it to the original: the
combined regex of the pattern files, ``(?<![\\w-])(?:(?i:NAMES)|RULES)(?![\\w-])``,
searched leftmost, each search starting where the last match ended (``reference_spans``
below, the code as it was).  They compare the two on the text of every paper at hand, on
generated texts made of the names' and rules' own words (for the pattern files and for
other name and rule sets, since the rewriting is derived from the data), and check the
character classes the rewriting derives on every code point, U+0000 to U+10FFFF.
"""

from __future__ import annotations

import json
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import IngestError
from pipeline.extract import orgs
from pipeline.ingest import ingest

try:
    from re import _compiler as sre_compile
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_compile  # type: ignore[no-redef]
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ROOT / "pipeline" / "extract" / "patterns"


# --------------------------------------------------------------------------- the reference


def reference_pattern(names: list[str], rules: list[str]) -> re.Pattern[str]:
    """``organisation_pattern`` as it was written before the faster search."""
    sources = [r"\s+".join(re.escape(w) for w in name.split()) for name in names]
    exact = "(?i:" + "|".join(sorted(sources, key=len, reverse=True)) + ")"
    return re.compile(r"(?<![\w-])(?:" + "|".join([exact, *rules]) + r")(?![\w-])")


def reference_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """``organisation_spans`` as it was: leftmost matches, each search from the last end."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return spans
        spans.append((m.start(), m.end()))
        pos = m.end()


def file_data() -> tuple[list[str], list[str]]:
    """The names and rules of the pattern files, read as ``organisation_pattern`` reads them."""
    names = []
    for line in (PATTERNS / "organisations.jsonl").read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            pattern = json.loads(line)["pattern"]
            if isinstance(pattern, str):
                names.append(pattern)
    data = json.loads((PATTERNS / "funding_organisations.json").read_text("utf-8"))
    return names, [rule.replace("NAME", data["NAME"]) for rule in data["rules"]]


NAMES, RULES = file_data()
REFERENCE = reference_pattern(NAMES, RULES)


def test_the_reference_is_organisation_pattern() -> None:
    assert orgs.organisation_pattern().pattern == REFERENCE.pattern


# ------------------------------------------------------------------ other names and rules

# Names whose first characters fold in unusual ways under IGNORECASE (the Kelvin sign
# matches k, the long s matches s, dotted and dotless i, title-case digraphs, final
# sigma), that start with no ASCII case partner or with a character re.escape escapes,
# one-character names and a name that is a prefix of others.
CASE_NAMES = [
    *NAMES,
    "\u212aelvin Trust",
    "kelp Board",
    "\u017ft Mary Trust",
    "Stra\u00dfe Council",
    "\u0130nce Office",
    "\u0131ss\u0131z Fund",
    "\u00c9lan Vital",
    "\u00e9mile Fund",
    "(Bracketed) Trust",
    "-Hyphen Org",
    "&Co",
    "X",
    "K",
    "Kent",
    "NHS",
    "AA BB",
    "\u01c4 Digraph",
    "\u01c5 Title",
    "\ufb00 Ligature",
    "\u03a3 Sigma",
    "\u03c2 Final",
    "\u0390 Dialytika",
]

# Rules of other shapes whose first characters are known: a lookahead first, an optional
# group first, an alternation at the top, lazy, unbounded and exact repeats, a repeat body
# other rules do not share, rules ending in and starting with a non-word character (so one
# match can start where another ended).
SHAPED_RULES = [
    *RULES,
    r"\([A-Z]{2,6}\)",
    r"(?=[A-Z])[A-Z]{2,5}(?:\s+Ltd)?",
    r"(?:(?:Mr|Mrs)\s+)?[A-Z][a-z]+\s+Estate",
    r"(?:[A-Z][a-z]*\s+){2}Ltd|Board\s+of\s+[A-Z][a-z]+",
    r"(?:[A-Z][a-z]*\s+)+?Partnership",
    r"(?:[A-Z][\w'’&-]*\s+)*Foundation",
    r"(?:[A-Z][a-z]+\s+){0,2}(?:Co|Corp)\.?",
    r"(?:[A-Z][\w'’&-]*\s+){1,2}(?:Trust|Fund)s?",
    r"(?:[A-Z][\w'’&-]*\s+){1,6}Union",
]

# Rules whose first characters the rewriting does not read (a category, a case-blind
# group), and a rule with a group and a back reference.
UNREAD_RULES = [
    *RULES,
    r"\w+\s+Partnership",
    r"(?i:charity)\s+[A-Z]\w*",
    r"(?:[^\W\d_]+\s+){1,2}Union",
]
GROUP_RULES = [*RULES, r"([A-Z])\w*\s+\1\w*\s+Society"]
# A case-blind rule among rules that do not start with any capital.
CASELESS_RULES = [r"(?i:charity)\s+[A-Z]\w*", r"Trust\s+of\s+[A-Z]\w*"]

DATA_SETS: dict[str, tuple[list[str], list[str]]] = {
    "files": (NAMES, RULES),
    "case": (CASE_NAMES, RULES),
    "shaped": (NAMES[:12] + CASE_NAMES[-8:], SHAPED_RULES),
    "unread": (NAMES, UNREAD_RULES),
    "groups": (NAMES, GROUP_RULES),
    "caseless": (NAMES, CASELESS_RULES),
    "names only": (CASE_NAMES, []),
}


@lru_cache(maxsize=None)
def searcher(data_set: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(the reference regex, the rewritten regex) of a data set."""
    names, rules = DATA_SETS[data_set]
    fast = orgs._fast_pattern_for(orgs._name_sources(names), tuple(rules))
    return reference_pattern(names, rules), fast


def spans_of(data_set: str, text: str) -> list[tuple[int, int]]:
    """``organisation_spans`` for a data set (the function itself for the pattern files)."""
    if data_set == "files":
        return orgs.organisation_spans(text)
    reference, fast = searcher(data_set)
    assert fast is not None
    return orgs._fast_spans(reference, fast, text)


@pytest.mark.parametrize("data_set", DATA_SETS)
def test_every_data_set_is_rewritten(data_set: str) -> None:
    """The faster search is used (the other tests would pass on a fallback too)."""
    assert searcher(data_set)[1] is not None
    if data_set == "files":
        assert orgs._fast_pattern() is not None


def test_the_gates_of_the_pattern_files() -> None:
    """Both rule gates are derived for the pattern files: the first characters, and the
    relaxed rules, where every rule that starts with a repeat of NAME shares it."""
    _names, rules = orgs._organisation_sources()
    assert orgs._rules_first_ranges(rules) is not None
    relaxed = orgs._relaxed_rules(rules)
    assert relaxed is not None
    prefixed = [rule for rule in rules if rule.startswith("(?:")]
    assert prefixed and all(orgs._leading_repeat(rule) is not None for rule in prefixed)
    name = json.loads((PATTERNS / "funding_organisations.json").read_text("utf-8"))["NAME"]
    assert relaxed.startswith("(?:" + name + r"\s+){0,4}(?:")
    assert r"|(?:[A-Z][A-Z'’&-]+\s+){0,3}(?:" in relaxed


@pytest.mark.parametrize(
    ("names", "rules"),
    [
        ([*NAMES, "   "], RULES),  # an empty name
        (NAMES, [*RULES, r"(?:[A-Z]\w*\s+)?"]),  # a rule that can match the empty string
        (NAMES, [*RULES, r"\b"]),
        (NAMES, [*RULES, r"(A)?\1"]),  # not known not to
        ([], RULES),
    ],
)
def test_data_outside_the_rewriting(names: list[str], rules: list[str]) -> None:
    """Data whose regex can match the empty string (the original search would not end)
    or has no names is searched with the original regex."""
    assert orgs._fast_pattern_for(orgs._name_sources(names), tuple(rules)) is None


def test_a_back_reference_that_cannot_be_empty() -> None:
    """A rule with a back reference is kept, ungated, when it must consume a character."""
    names, rules = NAMES, [*RULES, r"(A)?\1B"]
    reference = reference_pattern(names, rules)
    fast = orgs._fast_pattern_for(orgs._name_sources(names), tuple(rules))
    assert fast is not None
    for text in ["B", "AAB", "x AB", "Kent Police AAB B", "AB-B", "AAAB"]:
        assert orgs._fast_spans(reference, fast, text) == reference_spans(reference, text)


@pytest.mark.parametrize(
    ("data_set", "first_known", "relaxed_known"),
    [
        ("shaped", True, True),
        ("unread", False, True),
        ("groups", False, False),
        ("caseless", False, True),
    ],
)
def test_which_gates_are_derived(data_set: str, first_known: bool, relaxed_known: bool) -> None:
    rules = tuple(DATA_SETS[data_set][1])
    assert (orgs._rules_first_ranges(rules) is not None) is first_known
    assert (orgs._relaxed_rules(rules) is not None) is relaxed_known


@pytest.mark.parametrize(
    "rule",
    [
        r"\w+\s+Partnership",
        r"(?i:charity)\s+[A-Z]\w*",
        r"(?i:[tw]rust)\s+of",
        r"(?:[^\W\d_]+\s+){1,2}Union",
        r"[^a-z]+Trust",
        r".+Trust",
        r"(?:Mr\s+)?\w+\s+Estate",
        r"(?:[A-Z]\w*\s+)?",
        r"(?=A)",
        r"([A-Z])\1",
        r"(?:Trust|\w+)\s+Fund",
    ],
)
def test_first_characters_not_read(rule: str) -> None:
    """A rule whose first characters are not read (a category, a negated class, any
    character, case-blind matching, a group) or that can match the empty string."""
    assert orgs._rules_first_ranges((rule,)) is None


@pytest.mark.parametrize(
    ("rule", "split"),
    [
        (r"(?:A\s+){1,3}B", (r"A\s+", 3, "B")),
        (r"(?:A|Bc){2}C|D", None),  # an alternation at the top
        (r"(?:A|Bc){2}(?:C|D)", ("A|Bc", 2, "(?:C|D)")),
        (r"(?:A\s+)*B", (r"A\s+", sre_constants.MAXREPEAT, "B")),
        (r"(?:A\s+)+?B", None),  # lazy
        (r"(?:A\s+){1,3}+B", None),  # possessive
        (r"(?:[)(]\s+){1,2}B", (r"[)(]\s+", 2, "B")),
        (r"(?:[]a]\s+){1,2}B", (r"[]a]\s+", 2, "B")),
        (r"(?:\)\s+){1,2}B", (r"\)\s+", 2, "B")),
        (r"(?:A?){1,3}B", None),  # a body that can be empty
        (r"(?:A)B", None),  # no repeat
        (r"(A\s+){1,3}B", None),  # a group
        (r"(?:A\s+){1,3}", (r"A\s+", 3, "")),
    ],
)
def test_leading_repeat(rule: str, split: tuple[str, int, str] | None) -> None:
    assert orgs._leading_repeat(rule) == split


# ----------------------------------------------------------------------- the real papers

SHARED = ROOT.parent / "shared" / "realpapers"
PAPER_FOLDERS = [SHARED / "pdf", SHARED / "html", ROOT / "tests" / "papers", ROOT / "corpus"]
PAPER_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md"}
BENCH_PAPERS = ROOT / "bench" / "work" / "pdfs_200_120"


def _same_spans_on(papers: list[Path]) -> None:
    """The same spans on the normalised text of every paper (scans without text skipped)."""
    compared, differ = 0, []
    for paper in papers:
        try:
            text = ingest(paper, "x", ocr="never").text
        except IngestError:
            continue  # a scanned PDF: no text without OCR
        compared += 1
        if orgs.organisation_spans(text) != reference_spans(REFERENCE, text):
            differ.append(paper.name)
    assert compared
    assert differ == []


@pytest.mark.slow
@pytest.mark.parametrize("folder", PAPER_FOLDERS, ids=[f.name for f in PAPER_FOLDERS])
def test_papers(folder: Path) -> None:
    """The same spans on every paper of the folder."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (../shared/realpapers is not part of a clone)")
    papers = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in PAPER_SUFFIXES and not p.name.startswith("README")
    )
    assert papers, f"{folder} holds no papers"
    _same_spans_on(papers)


@pytest.mark.slow
def test_generated_benchmark_papers(tmp_path: Path) -> None:
    """The same spans on the benchmark's generated papers: the 200 a benchmark run made,
    or six made here."""
    papers = sorted(BENCH_PAPERS.glob("*.pdf"))
    if not papers:
        from bench.generate import generate

        papers = generate(tmp_path, papers=6, big_pages=0)
    _same_spans_on(papers)


# ------------------------------------------------------------------- hand-written cases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name and a longer rule match at one start: the name, the earlier alternative
        ("Department for Education and Skills", ["Department for Education"]),
        ("Kent Police and Crime Commissioner", ["Kent Police"]),
        ("NHS Kent and Medway CCG", ["NHS Kent and Medway", "CCG"]),
        # two rules at one start: the earlier (County ... Council), not the longer Forum
        ("Ashford Borough Council Schools Forum", ["Ashford Borough Council"]),
        # the longest name fails its boundary; a shorter name at the same start matches
        ("NHS England and Improvements", ["NHS England"]),
        ("NHS England and Improvement", ["NHS England and Improvement"]),
        ("Kent County Councils", []),
        ("kcc-led", []),
        ("HM Treasury-funded", []),
        # a rule's repeat gives back a word to reach its keyword
        ("Tunbridge Wells Borough Council", ["Tunbridge Wells Borough Council"]),
        # a capitalised word before a name makes the rule's longer match the first
        ("The Kent\nCounty  Council", ["The Kent\nCounty  Council"]),
        ("the Kent\nCounty  Council", ["Kent\nCounty  Council"]),
        # any case, and the characters that match k and s in any case
        ("KCC", ["KCC"]),
        ("kent county council", ["kent county council"]),
        ("\u212aent Police", ["\u212aent Police"]),
        ("\u017fport england", ["\u017fport england"]),
        ("\u2019Kent Police\u2019", ["Kent Police"]),
        ("x-Kent Police", []),
        ("Kent Police2", []),
        ("", []),
    ],
)
def test_leftmost_first(text: str, expected: list[str]) -> None:
    reference = reference_spans(REFERENCE, text)
    assert [text[a:b] for a, b in reference] == expected
    assert orgs.organisation_spans(text) == reference


def test_a_match_right_after_a_match() -> None:
    """A match that ends in a non-word character can be followed at once by one that
    starts with one."""
    reference, _fast = searcher("shaped")
    text = "Smith Co.(ACME) and Acme Corp.(XYZ)"
    assert [text[a:b] for a, b in reference_spans(reference, text)] == [
        "Smith Co.",
        "(ACME)",
        "Acme Corp.",
        "(XYZ)",
    ]
    assert spans_of("shaped", text) == reference_spans(reference, text)


# ---------------------------------------------------------------------- generated texts

GAPS = [" ", "  ", "\n", " \n", "\t", "\u00a0", "\r\n"]
SEPARATORS = [
    *GAPS,
    "-",
    "'",
    "\u2019",
    ",",
    ", ",
    ".",
    ". ",
    "(",
    ")",
    ": ",
    "/",
    "&",
    "\u2014",
    "\u201c",
]
OTHER_WORDS = [
    "The", "the", "a", "A", "and", "of", "for", "in", "to", "Mr", "St", "Co", "Ltd",
    "O\u2019Brien", "Smith's", "Co-op", "Oxford", "Ashford", "Tunbridge", "Wells", "report",
    "funding", "Fund", "Grant", "\u00a31.2m", "2024", "3", "x", "K", "k", "\u212a",
    "\u017f", "S", "s", "\u00e9", "\u00c6lfric", "\u0141\u00f3d\u017a", "\u00df", "\u0130",
    "\u0131", "\u01c5", "\u03c3", "\u03c2", "ACME", "Trust", "Fund",
]  # fmt: skip
FIRST_CHARACTERS = [
    "K", "k", "\u212a", "S", "s", "\u017f", "I", "i", "\u0130", "\u0131", "\u00e9", "\u00c9",
    "\u00df", "\u01c4", "\u01c5", "\u01c6", "\u03a3", "\u03c3", "\u03c2", "\ufb00", "Q", "q",
    "1", "-", "(", " ", "\u2019",
]  # fmt: skip


def kelvin(word: str) -> str:
    return word.replace("k", "\u212a").replace("K", "\u212a")


def long_s(word: str) -> str:
    return word.replace("s", "\u017f").replace("S", "\u017f")


CASINGS = [str, str.lower, str.upper, str.title, str.swapcase, kelvin, long_s]

CONTEXTS = [("", ""), (" ", "."), ("x", ""), ("-", ""), ("", "s"), ("", "-"), ("The ", " of")]


@pytest.mark.parametrize("data_set", DATA_SETS)
def test_every_name_in_every_casing(data_set: str) -> None:
    """Each name whole, in each casing, with each whitespace between its words, alone and
    between other characters."""
    names, _rules = DATA_SETS[data_set]
    reference = searcher(data_set)[0]
    for name in names:
        for casing in CASINGS:
            for gap in GAPS:
                written = casing(gap.join(name.split()))
                for before, after in CONTEXTS:
                    text = before + written + after
                    assert spans_of(data_set, text) == reference_spans(reference, text), text


@lru_cache(maxsize=None)
def texts(data_set: str) -> st.SearchStrategy[str]:
    """Texts of pieces of the data set's names (whole, or a run of their words, with any
    whitespace between words), the words of its rules, other words, separators, digits
    and a little of any text, each piece in any of several casings."""
    names, rules = DATA_SETS[data_set]
    split = [name.split() for name in names]
    keywords = sorted({k for rule in rules for k in re.findall(r"[A-Za-z]{2,}", rule)})
    words = sorted({w for ws in split for w in ws}) + keywords + OTHER_WORDS
    whole = st.builds(lambda ws, gap: gap.join(ws), st.sampled_from(split), st.sampled_from(GAPS))
    run = st.builds(
        lambda ws, start, size, gap: gap.join(ws[start : start + size]),
        st.sampled_from(split),
        st.integers(0, 5),
        st.integers(1, 6),
        st.sampled_from(GAPS),
    )
    # a name with another first character: only a name's own first character may start it
    retyped = st.builds(
        lambda ws, ch, gap: ch + gap.join(ws)[1:],
        st.sampled_from(split),
        st.sampled_from(FIRST_CHARACTERS),
        st.sampled_from(GAPS),
    )
    word = st.sampled_from(words)
    capitalised = st.builds(
        str.__add__,
        st.sampled_from(string.ascii_uppercase + "\u00c9\u0141\u212a"),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC'\u2019&-", max_size=6),
    )
    piece = st.one_of(
        whole, run, retyped, word, word, word, capitalised, st.sampled_from(SEPARATORS),
        st.sampled_from(SEPARATORS), st.sampled_from(SEPARATORS), st.text(max_size=3),
    )  # fmt: skip
    cased = st.builds(lambda p, casing: casing(p), piece, st.sampled_from(CASINGS))
    return st.lists(cased, max_size=30).map("".join)


@settings(max_examples=1500)
@given(data=st.data())
def test_generated_texts_pattern_files(data: st.DataObject) -> None:
    text = data.draw(texts("files"))
    assert spans_of("files", text) == reference_spans(REFERENCE, text)


@pytest.mark.parametrize("data_set", [d for d in DATA_SETS if d != "files"])
@settings(max_examples=300)
@given(data=st.data())
def test_generated_texts_other_data(data_set: str, data: st.DataObject) -> None:
    text = data.draw(texts(data_set))
    assert spans_of(data_set, text) == reference_spans(searcher(data_set)[0], text)


@pytest.mark.parametrize("data_set", [d for d in DATA_SETS if DATA_SETS[d][1]])
@settings(max_examples=200)
@given(data=st.data())
def test_the_rule_gates_hold_wherever_a_rule_matches(data_set: str, data: st.DataObject) -> None:
    """Each rule alone, at every start: where it matches, its first character is in the
    first-character class and the relaxed rules match too."""
    rules = tuple(DATA_SETS[data_set][1])
    first = orgs._rules_first_ranges(rules)
    first_re = re.compile(orgs._character_class(first)) if first is not None else None
    relaxed = orgs._relaxed_rules(rules)
    relaxed_re = re.compile(relaxed) if relaxed is not None else None
    compiled = [re.compile(rule) for rule in rules]
    text = data.draw(texts(data_set))
    for start in range(len(text) + 1):
        for rule in compiled:
            if rule.match(text, start):
                assert first_re is None or first_re.match(text, start), (rule.pattern, start)
                assert relaxed_re is None or relaxed_re.match(text, start), (rule.pattern, start)


# ------------------------------------------------------------ every code point, exhaustively


@lru_cache(maxsize=1)
def every_code_point() -> str:
    return "".join(map(chr, range(0x110000)))


def outside(character_class: re.Pattern[str]) -> str:
    """Every code point the one-character regex does not match, in order."""
    return character_class.sub("", every_code_point())


def test_boundary_character_is_the_lookbehind() -> None:
    """``[^\\w-]`` matches a character exactly when ``(?<![\\w-])`` holds after it."""
    every = every_code_point()
    interleaved = "".join(c + "a" for c in every)  # "a" is a word character
    after = [m.start() for m in re.finditer(r"(?<![\w-])a", interleaved) if m.start() % 2]
    assert "".join(interleaved[p - 1] for p in after) == re.sub(r"[\w-]", "", every)
    assert len(after) < len(every)  # word characters and hyphens are left out


def test_non_ascii_class() -> None:
    assert outside(re.compile(r"[^\x00-\x7f]")) == every_code_point()[:128]


@pytest.mark.parametrize("data_set", ["files", "case"])
def test_name_groups_on_every_code_point(data_set: str) -> None:
    """Each group's class is exactly its ASCII characters (so the groups are disjoint and
    hold no non-ASCII character); every code point a name's first character matches in
    any case is in the class of the one group that holds the name, or is non-ASCII (the
    last group, which holds every name)."""
    sources = orgs._name_sources(DATA_SETS[data_set][0])
    groups = orgs._exact_groups(sources)
    seen: set[int] = set()
    in_group: dict[int, int] = {}
    for number, (chars, indexes) in enumerate(groups):
        assert not chars & seen
        seen |= chars
        assert indexes == sorted(indexes)
        group_class = re.compile(orgs._character_class([(c, c) for c in chars]))
        assert len(outside(group_class)) == 0x110000 - len(chars)
        assert all(group_class.fullmatch(chr(c)) for c in chars)
        for index in indexes:
            assert index not in in_group
            in_group[index] = number
    by_group: dict[int | None, list[str]] = {}
    for index, (first, _source) in enumerate(sources):
        by_group.setdefault(in_group.get(index), []).append(first)
    for number, firsts in by_group.items():
        chars = groups[number][0] if number is not None else set()
        allowed = re.compile(orgs._character_class([(c, c) for c in chars] + [(0x80, 0x10FFFF)]))
        not_allowed = outside(allowed)
        for first in firsts:
            first_re = re.compile("(?i:" + first + ")")
            assert first_re.search(not_allowed) is None, first
            assert {c for c in range(128) if first_re.fullmatch(chr(c))} == chars, first


def first_atoms(items: Any, flags: int) -> tuple[list[tuple[Any, Any, int]], bool]:
    """The one-character items (with their flags) a parsed sequence's match can start
    with, and whether the match can be empty (written apart from orgs' own reading)."""
    c = sre_constants
    atoms: list[tuple[Any, Any, int]] = []
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            atoms.append((op, av, flags))
            return atoms, False
        if op is c.SUBPATTERN:
            sub, empty = first_atoms(av[3].data, (flags | av[1]) & ~av[2])
        elif op is c.BRANCH:
            sub, empty = [], False
            for alternative in av[1]:
                alt, alt_empty = first_atoms(alternative.data, flags)
                sub += alt
                empty = empty or alt_empty
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            sub, empty = first_atoms(av[2].data, flags) if av[1] else ([], True)
            empty = empty or av[0] == 0
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            sub, empty = [], True
        else:
            raise AssertionError(f"a rule starts with {op}")
        atoms += sub
        if not empty:
            return atoms, False
    return atoms, True


def compiled_atom(op: Any, av: Any, flags: int) -> re.Pattern[str]:
    """The regex engine's own compilation of one parsed item."""
    state = getattr(sre_parse, "State", None) or sre_parse.Pattern
    return sre_compile.compile(sre_parse.SubPattern(state(), [(op, av)]), flags | re.UNICODE)


@pytest.mark.parametrize("data_set", ["files", "case", "shaped", "names only"])
def test_first_character_gates_on_every_code_point(data_set: str) -> None:
    """Every code point that any name's or rule's first-character matcher accepts passes
    the gate in front of all alternatives, and a rule's also the gate in front of the
    rules."""
    names, rules = DATA_SETS[data_set]
    sources = orgs._name_sources(names)
    _exact, starts = orgs._exact_alternatives(sources)
    first = orgs._rules_first_ranges(tuple(rules)) if rules else []
    assert first is not None
    outside_all = outside(re.compile(orgs._character_class(starts + first)))
    for first_char, _source in sources:
        assert re.compile("(?i:" + first_char + ")").search(outside_all) is None, first_char
    if not rules:
        return
    outside_rules = outside(re.compile(orgs._character_class(first)))
    for rule in rules:
        own = orgs._rules_first_ranges((rule,))
        assert own is not None, rule
        outside_own = outside(re.compile(orgs._character_class(own)))
        tree = sre_parse.parse(rule)
        atoms, empty = first_atoms(tree.data, tree.state.flags)
        assert atoms and not empty
        for atom in atoms:
            matcher = compiled_atom(*atom)
            assert matcher.search(outside_own) is None, (rule, atom)
            assert matcher.search(outside_rules) is None, (rule, atom)
            assert matcher.search(outside_all) is None, (rule, atom)
