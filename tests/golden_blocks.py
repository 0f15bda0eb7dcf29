"""Compare a paper's structure blocks with its hand-written golden block list.

The golden lists live in ``tests/golden/structure/<doc_id>.json`` (format: the README
there).  :func:`compare` aligns the expected blocks with the blocks papertrail reads, in
reading order, and checks every field the golden block gives; furniture (running heads,
footers, page numbers) is aligned apart, by page and text.  The share of expected blocks
that agree in every given field is the paper's *agreement*, from 0.0 to 1.0.

Shared by ``tests/test_structure_golden.py`` (floors that no change may go below) and
``python3 -m tests.structure_report`` (the table of agreements and every difference).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from schemas.structure import Block, BlockKind, RowKind

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "structure"
CORPUS = ROOT / "corpus"
REALPAPERS = ROOT.parent / "shared" / "realpapers"

KINDS = {kind.value for kind in BlockKind}
BLOCK_KEYS = {"kind", "page", "text", "label", "level", "intro", "value"}
TABLE_KEYS = {"caption", "header_rows", "columns", "unit", "total_rows", "body_rows", "rows"}

# ------------------------------------------------------------------------ golden files


def golden_ids() -> list[str]:
    """doc_ids with a golden block list, sorted."""
    return sorted(path.stem for path in GOLDEN.glob("*.json"))


def load_golden(doc_id: str) -> list[dict[str, Any]]:
    """The expected blocks of one paper (a list of dicts, as written in its JSON file)."""
    blocks = json.loads((GOLDEN / f"{doc_id}.json").read_text(encoding="utf-8"))
    if not isinstance(blocks, list):
        raise ValueError(f"{doc_id}.json: expected a JSON list of blocks")
    return blocks


def source_path(doc_id: str) -> Path | None:
    """Where the paper is: ``corpus/<doc_id>.txt`` or ``../shared/realpapers/{pdf,html}/``;
    None when it is not on this machine (a clone without ../shared)."""
    for path in (
        CORPUS / f"{doc_id}.txt",
        REALPAPERS / "pdf" / f"{doc_id}.pdf",
        REALPAPERS / "html" / f"{doc_id}.html",
    ):
        if path.is_file():
            return path
    return None


def is_shared(doc_id: str) -> bool:
    """True for a paper that lives in ../shared (not in this repository)."""
    return not (CORPUS / f"{doc_id}.txt").is_file()


def golden_problems(blocks: list[dict[str, Any]]) -> list[str]:
    """What is malformed in a golden list (unknown keys or kinds, bad types); [] when sound."""
    problems = []
    for number, block in enumerate(blocks):
        where = f"block {number}"
        if not isinstance(block, dict):
            problems.append(f"{where}: not an object")
            continue
        unknown = set(block) - BLOCK_KEYS - TABLE_KEYS
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if block.get("kind") not in KINDS:
            problems.append(f"{where}: kind {block.get('kind')!r} is not one of {sorted(KINDS)}")
        if not isinstance(block.get("page"), int) or block["page"] < 1:
            problems.append(f"{where}: page must be an integer from 1")
        if not isinstance(block.get("text"), str) or not block["text"].strip():
            problems.append(f"{where}: text must be a non-empty string")
        if block.get("kind") != "table" and set(block) & TABLE_KEYS:
            problems.append(f"{where}: table keys on a {block.get('kind')}")
        if "level" in block and not (isinstance(block["level"], int) and block["level"] >= 1):
            problems.append(f"{where}: level must be an integer from 1")
        for key in ("header_rows", "body_rows"):
            if key in block and not (isinstance(block[key], int) and block[key] >= 0):
                problems.append(f"{where}: {key} must be a count")
        for key in ("columns", "total_rows", "rows"):
            if key in block and not (isinstance(block[key], list) and all(isinstance(x, str) for x in block[key])):
                problems.append(f"{where}: {key} must be a list of strings")
        for key in ("label", "intro", "value", "unit", "caption"):
            if key in block and block[key] is not None and not isinstance(block[key], str):
                problems.append(f"{where}: {key} must be a string or null")
    return problems


# ------------------------------------------------------------------------ normalising text

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_DASHES = re.compile(r"[‐‑‒–—―−]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # Symbol-font bullets (U+F0B7 ...)
_LEADERS = re.compile(r"(?:[.…_][ \t]*){2,}|…")
_BULLETS = "•●▪◦○■□➢►➤✓·*-"
_LABEL = re.compile(
    r"""^(?:
        [•●▪◦○■□➢►➤✓·*\-o]                      # a bullet (an "o" set as one too)
      | \(?[0-9]{1,4}(?:\.[0-9]{1,3})*[.)]?     # 1  1.  1)  (1)  2.1  2.1.  2509
      | \(?[a-zA-Z][.)]                         # a)  (a)  A.
      | \([ivxlcIVXLC]{1,6}\)                   # (ii)
      | [ivxlcIVXLC]{1,6}[.)]                   # ii)  iv.
    )(?=\s)\s*""",
    re.VERBOSE,
)


def norm(text: str | None) -> str:
    """Text as a reader compares it: compatibility forms (ligatures), straight quotes,
    one kind of dash, symbol-font bullets as '•', no markdown '*', dot leaders as one '…',
    white space collapsed, no trailing ':' or '-'."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _PRIVATE_USE.sub("•", text).replace("*", "")
    text = _DASHES.sub("-", text)
    text = _LEADERS.sub("… ", text)
    text = " ".join(text.split())
    return text.rstrip(" :-")


def body(text: str | None) -> str:
    """:func:`norm` without the labels a block starts with ("1.", "a)", "•", "- a)")."""
    text = norm(text)
    for _ in range(2):
        stripped = _LABEL.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text.lstrip(" -:\"'")


def alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def norm_label(label: str | None) -> str | None:
    """A label for comparison: None stays None; any bullet glyph is '•'; no trailing ':'."""
    if label is None:
        return None
    bare = _PRIVATE_USE.sub("•", unicodedata.normalize("NFKC", label).strip())
    if len(bare) == 1 and bare in _BULLETS + "–—•o":
        return "•"
    return norm(label)


def norm_unit(unit: str | None) -> str | None:
    """'£000s', '£000', '£ 000' are one unit; '£m' and '£M' too."""
    if unit is None:
        return None
    text = "".join(unit.split()).lower()
    return text[:-1] if text.endswith("s") and len(text) > 1 else text


@dataclass(frozen=True)
class TextPattern:
    """A golden ``text``: exact, a prefix ("Notice is given ..."), or a prefix and a
    suffix ("Notice is given ... from 31 March 2026.")."""

    prefix: str
    suffix: str = ""
    exact: bool = True

    @classmethod
    def parse(cls, text: str) -> TextPattern:
        if " ... " in text:
            head, _, tail = text.partition(" ... ")
            return cls(body(head), norm(tail), exact=False)
        if text.endswith("...") and not text.endswith("...."):
            return cls(body(text[:-3]), "", exact=False)
        return cls(body(text))

    def matches(self, actual: str | None) -> bool:
        if actual is None:
            return False
        got = body(actual)
        if self.exact:
            return got == self.prefix
        return (
            got.startswith(self.prefix)
            and got.endswith(self.suffix)
            and len(got) >= len(self.prefix) + len(self.suffix)
        )

    def key(self) -> str:
        return alnum(self.prefix)


# ------------------------------------------------------------------------ actual blocks


@lru_cache(maxsize=64)
def read_blocks(doc_id: str) -> tuple[Block, ...]:
    """Ingest the paper and read its blocks (cached per process)."""
    from pipeline.ingest import ingest
    from pipeline.structure import structure

    path = source_path(doc_id)
    if path is None:
        raise FileNotFoundError(f"{doc_id}: paper not found in corpus/ or {REALPAPERS}")
    return tuple(structure(ingest(path, doc_id)).blocks)


def table_facts(block: Block) -> dict[str, Any]:
    """The table fields a golden block can give, read from an actual table block."""
    table = block.table
    if table is None:
        return {}
    rows = [row for row in table.rows if row.kind is not RowKind.header]
    rows = [row for row in rows if row.label.strip() or any(cell.text.strip() for cell in row.cells)]
    by_index = {row.index: row for row in table.rows}
    return {
        "caption": table.caption,
        "header_rows": table.header_rows,
        "columns": [column.role.value for column in table.columns],
        "unit": table.unit,
        "total_rows": [by_index[i].label for i in table.total_rows if i in by_index],
        "body_rows": sum(1 for row in rows if row.kind is RowKind.body),
        "rows": [row.label for row in rows],
    }


# ------------------------------------------------------------------------ comparing


@dataclass
class Difference:
    """One expected block that does not agree: the fields that differ, or missing."""

    index: int
    expected: dict[str, Any]
    actual: Block | None
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)

    def describe(self) -> str:
        exp = self.expected
        head = f"#{self.index} p{exp.get('page')} {exp.get('kind')} {exp.get('text', '')[:70]!r}"
        if self.actual is None:
            return f"{head}\n      missing: no block read for it"
        lines = [head, f"      read as block {self.actual.id}: {self.actual.kind.value} {self.actual.text[:70]!r}"]
        for name, want, got in self.fields:
            if isinstance(want, list) and isinstance(got, list):
                lines.append(f"      {name}: {_list_difference(want, got)}")
            else:
                lines.append(f"      {name}: expected {_show(want)}, got {_show(got)}")
        return "\n".join(lines)


def _show(value: Any) -> str:
    """A value for the report; a long text keeps its start and its end (where a joined or
    cut paragraph shows)."""
    if isinstance(value, str):
        text = " ".join(value.split())
        return repr(text) if len(text) <= 150 else repr(text[:90] + " [...] " + text[-50:])
    return repr(value)


def _list_difference(want: list[Any], got: list[Any]) -> str:
    """Where two lists (columns, row labels) first part, and their lengths."""
    normal_want, normal_got = [norm(str(x)) for x in want], [norm(str(x)) for x in got]
    at = next((i for i, (a, b) in enumerate(zip(normal_want, normal_got)) if a != b), min(len(want), len(got)))
    if len(want) <= 6 and len(got) <= 6:
        return f"expected {want!r}, got {got!r}"
    return (
        f"{len(want)} expected, {len(got)} read; first difference at {at}: "
        f"expected {want[at:at + 3]!r}, got {got[at:at + 3]!r}"
    )


@dataclass
class Comparison:
    doc_id: str
    expected: int
    matched: int
    differences: list[Difference]
    furniture_expected: int = 0
    furniture_matched: int = 0

    @property
    def agreement(self) -> float:
        """Share of expected blocks (furniture included) that agree in every given field."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def found(self) -> float:
        """Share of expected blocks that line up with some block read, right or not."""
        missing = sum(1 for d in self.differences if d.actual is None)
        return (self.expected - missing) / self.expected if self.expected else 1.0

    def report(self) -> str:
        head = f"{self.doc_id}: {self.matched}/{self.expected} expected blocks agree ({self.agreement:.3f})"
        return "\n".join([head] + ["  " + d.describe() for d in self.differences])


def _pair_score(expected_kind: str, want: str, expected_page: int, actual: Block, got: str) -> int:
    """How well an actual block lines up with an expected one: 0 (not at all) to 4.
    ``want`` and ``got`` are the two texts' letters and digits, lower-cased."""
    if expected_kind == "table" or actual.kind is BlockKind.table:
        both = expected_kind == "table" and actual.kind is BlockKind.table
        return 3 if both and expected_page == actual.page else (1 if both else 0)
    if not want or not got:
        return 0
    if want[:40] == got[:40]:
        return 4
    n = min(len(want), len(got), 40)
    if n >= 12 and want[:n] == got[:n]:
        return 3
    if n >= 4 and want[:n] == got[:n]:
        return 2
    return 0


def align(expected: list[dict[str, Any]], actual: list[Block]) -> list[int | None]:
    """For each expected block, the index in ``actual`` it lines up with (or None).

    A longest-common-subsequence over reading order, where a pair counts by how well its
    texts agree (the same first 40 letters, or one a prefix of the other), so blocks that
    the reader split or joined still line up with the block they start."""
    wants = [TextPattern.parse(e["text"]).key() for e in expected]
    gots = [alnum(body(a.text)) for a in actual]
    n, m = len(expected), len(actual)
    score = [[0] * (m + 1) for _ in range(n + 1)]
    pair = [
        [_pair_score(expected[i]["kind"], wants[i], expected[i]["page"], actual[j], gots[j]) for j in range(m)]
        for i in range(n)
    ]
    for i in range(n - 1, -1, -1):
        row, below = score[i], score[i + 1]
        for j in range(m - 1, -1, -1):
            best = max(below[j], row[j + 1])
            if pair[i][j]:
                best = max(best, pair[i][j] + below[j + 1])
            row[j] = best
    result: list[int | None] = [None] * n
    i = j = 0
    while i < n and j < m:
        if pair[i][j] and score[i][j] == pair[i][j] + score[i + 1][j + 1]:
            result[i] = j
            i += 1
            j += 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return result


def _intro_text(actual: Block, by_id: dict[int, Block]) -> str | None:
    if actual.intro is None:
        return None
    intro = by_id.get(actual.intro)
    return intro.text if intro is not None else f"<missing block {actual.intro}>"


def field_differences(expected: dict[str, Any], actual: Block, by_id: dict[int, Block]) -> list[tuple[str, Any, Any]]:
    """Every field the golden block gives that the actual block does not agree with."""
    diffs: list[tuple[str, Any, Any]] = []
    if expected["kind"] != actual.kind.value:
        diffs.append(("kind", expected["kind"], actual.kind.value))
    if expected["page"] != actual.page:
        diffs.append(("page", expected["page"], actual.page))
    if expected["kind"] != "table" and not TextPattern.parse(expected["text"]).matches(actual.text):
        diffs.append(("text", expected["text"], actual.text))
    if "label" in expected and norm_label(expected["label"]) != norm_label(actual.label):
        diffs.append(("label", expected["label"], actual.label))
    if "level" in expected and expected["level"] != actual.level:
        diffs.append(("level", expected["level"], actual.level))
    if "intro" in expected:
        got = _intro_text(actual, by_id)
        want = expected["intro"]
        ok = got is None if want is None else TextPattern.parse(want + ("" if want.endswith("...") else " ...")).matches(got)
        if not ok:
            diffs.append(("intro", want, got))
    if "value" in expected:
        want = expected["value"]
        ok = actual.value is None if want is None else TextPattern.parse(want).matches(actual.value)
        if not ok:
            diffs.append(("value", want, actual.value))
    if expected["kind"] == "table":
        facts = table_facts(actual)
        for name in ("header_rows", "columns", "body_rows"):
            if name in expected and expected[name] != facts.get(name):
                diffs.append((name, expected[name], facts.get(name)))
        if "caption" in expected and norm(expected["caption"]) != norm(facts.get("caption")):
            diffs.append(("caption", expected["caption"], facts.get("caption")))
        if "unit" in expected and norm_unit(expected["unit"]) != norm_unit(facts.get("unit")):
            diffs.append(("unit", expected["unit"], facts.get("unit")))
        for name in ("total_rows", "rows"):
            if name in expected:
                got = facts.get(name)
                if got is None or [norm(x) for x in expected[name]] != [norm(x) for x in got]:
                    diffs.append((name, expected[name], got))
    return diffs


def compare(doc_id: str, expected: list[dict[str, Any]], actual: list[Block] | tuple[Block, ...]) -> Comparison:
    """Line up a paper's expected and actual blocks and count those that agree."""
    by_id = {block.id: block for block in actual}
    exp_body = [(i, e) for i, e in enumerate(expected) if e["kind"] != "furniture"]
    exp_furn = [(i, e) for i, e in enumerate(expected) if e["kind"] == "furniture"]
    act_body = [b for b in actual if b.kind is not BlockKind.furniture]
    act_furn = [b for b in actual if b.kind is BlockKind.furniture]

    differences: list[Difference] = []
    matched = 0
    for (index, exp), at in zip(exp_body, align([e for _, e in exp_body], act_body)):
        if at is None:
            differences.append(Difference(index, exp, None))
            continue
        diffs = field_differences(exp, act_body[at], by_id)
        if diffs:
            differences.append(Difference(index, exp, act_body[at], diffs))
        else:
            matched += 1

    used: set[int] = set()
    furniture_matched = 0
    for index, exp in exp_furn:
        pattern = TextPattern.parse(exp["text"])
        found = next(
            (k for k, b in enumerate(act_furn) if k not in used and b.page == exp["page"] and pattern.matches(b.text)),
            None,
        )
        if found is None:
            differences.append(Difference(index, exp, None))
        else:
            used.add(found)
            furniture_matched += 1
    differences.sort(key=lambda d: d.index)
    return Comparison(
        doc_id=doc_id,
        expected=len(expected),
        matched=matched + furniture_matched,
        differences=differences,
        furniture_expected=len(exp_furn),
        furniture_matched=furniture_matched,
    )


def compare_paper(doc_id: str) -> Comparison:
    """Read the paper and compare it with its golden list."""
    return compare(doc_id, load_golden(doc_id), read_blocks(doc_id))


# ------------------------------------------------------------------------ checking a golden list


def printed_pages(doc_id: str) -> list[str]:
    """The paper's text per page as printed, read without papertrail: pdfplumber's own
    text for a PDF, the file for a text paper, the page without tags (and without
    ModernGov's hidden spans) for a web page."""
    import html

    path = source_path(doc_id)
    if path is None:
        raise FileNotFoundError(f"{doc_id}: paper not found")
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        raw = re.sub(r'(?is)<span\s+class="mgHide"[^>]*>.*?</span>|<script.*?</script>|<style.*?</style>', " ", raw)
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return [raw]


def golden_text_problems(doc_id: str) -> list[str]:
    """Golden blocks whose text (its start, and its end where given) or value is not found
    on its page of the printed paper (nor, for a block running on, the next page): a typo
    or a wrong page in the golden list.  Row labels are not checked (cells wrap)."""
    pages = [alnum(body(page)) for page in printed_pages(doc_id)]
    problems = []
    for number, block in enumerate(load_golden(doc_id)):
        page = block["page"]
        if page > len(pages):
            problems.append(f"#{number}: page {page} but the paper has {len(pages)}")
            continue
        here = pages[page - 1] + (pages[page] if page < len(pages) else "")
        pattern = TextPattern.parse(block["text"])
        pieces = [pattern.prefix[:60], pattern.suffix]
        if block["kind"] == "field":
            pieces = [block.get("label") or "", block.get("value") or ""]
            pieces = [TextPattern.parse(p).prefix[:60] if p else "" for p in pieces]
        for piece in pieces:
            key = alnum(piece)[:40]
            if key and key not in here:
                problems.append(f"#{number} p{page} {block['kind']}: {piece[:60]!r} is not on the page")
    return problems
