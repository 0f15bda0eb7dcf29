"""Compare papertrail's decisions and timeline events of a real paper with the hand-written
expectation in ``tests/golden/decisions/<doc_id>.json`` (format: the README there).

:func:`compare_paper` pairs each expected decision with the decision papertrail found that
agrees with it most (same reference, same subject, first resolution's text), then checks
every field the expectation gives; an expected decision left unpaired is *missing*, a found
one *invented*.  Timeline events are compared as a multiset of ``date precision kind``.
Each difference is named ``(doc_id, decision key | "timeline", field)``, the key of
``KNOWN_DIFFERENCES`` in ``tests/test_decisions_golden.py``.

``python3 -m tests.golden_decisions`` runs papertrail over the real papers and prints every
difference, grouped by the reason recorded for it (most frequent first): the work queue.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realpapers"
GOLDEN = ROOT / "tests" / "golden" / "decisions"

# The decision fields every expectation gives, compared as they are.
FIELDS = (
    "reference",
    "decision_number",
    "status",
    "decision_maker",
    "decision_maker_name",
    "key_decision",
    "decision_date",
    "subject",
    "date_published",
    "effective_from",
    "call_in",
    "electoral_divisions",
)
# What a difference's field may be, besides FIELDS and "resolutions[i].label|verb|text".
DECISION_OUTCOMES = ("missing", "invented", "resolutions")

Record = dict[str, Any]
Key = tuple[str, str, str]


def real_papers(folder: Path = REAL) -> list[Path]:
    """The text-layer real papers: pdf/*.pdf but the image-only *_SCANNED, and html/*.html."""
    pdfs = [p for p in sorted((folder / "pdf").glob("*.pdf")) if "_SCANNED" not in p.stem]
    return pdfs + sorted((folder / "html").glob("*.html"))


def golden_ids() -> list[str]:
    """doc_ids with an expectation, sorted."""
    return sorted(path.stem for path in GOLDEN.glob("*.json"))


def load_golden(doc_id: str) -> dict[str, Any]:
    """One paper's expectation, its ``decision_defaults`` merged into each decision."""
    data: dict[str, Any] = json.loads((GOLDEN / f"{doc_id}.json").read_text(encoding="utf-8"))
    defaults = data.get("decision_defaults", {})
    data["decisions"] = [{**defaults, **decision} for decision in data["decisions"]]
    return data


@dataclass(frozen=True)
class Difference:
    """One field of one decision (or one timeline event) where papertrail and the page differ."""

    doc_id: str
    decision: str  # the expectation's key, papertrail's reference or subject (invented), or "timeline"
    field: str
    detail: str

    @property
    def key(self) -> Key:
        return (self.doc_id, self.decision, self.field)

    def __str__(self) -> str:
        return f"{self.doc_id} / {self.decision} / {self.field}: {self.detail}"


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _agreement(found: Record, expected: Record) -> int:
    """How far a found decision agrees with an expected one: reference and subject weigh 2,
    the first expected resolution's text (as a prefix of any found resolution) 1."""
    score = 0
    if expected["reference"] is not None and found.get("reference") == expected["reference"]:
        score += 2
    subject = _words(found.get("subject"))
    if subject and subject == _words(expected["subject"]):
        score += 2
    first = _words(expected["resolutions"][0]["text"]) if expected["resolutions"] else ""
    if first and any(_words(r["text"]).startswith(first) for r in found["resolutions"]):
        score += 1
    return score


def pair(found: list[Record], expected: list[Record]) -> list[tuple[int | None, int | None]]:
    """(found index, expected index) pairs, the best-agreeing first (ties in paper order);
    then (None, e) for each expected decision left over and (f, None) for each found one.
    A paper with one decision each way pairs it whatever its fields say."""
    ranked = sorted(
        (-_agreement(f, e), e_index, f_index)
        for f_index, f in enumerate(found)
        for e_index, e in enumerate(expected)
    )
    pairs: list[tuple[int | None, int | None]] = []
    used_found: set[int] = set()
    used_expected: set[int] = set()
    for score, e_index, f_index in ranked:
        if score == 0 or f_index in used_found or e_index in used_expected:
            continue
        pairs.append((f_index, e_index))
        used_found.add(f_index)
        used_expected.add(e_index)
    if len(found) == len(expected) == 1 and not pairs:
        pairs.append((0, 0))
        used_found.add(0)
        used_expected.add(0)
    pairs += [(None, e) for e in range(len(expected)) if e not in used_expected]
    pairs += [(f, None) for f in range(len(found)) if f not in used_found]
    return pairs


def compare_decision(doc_id: str, got: Record, want: Record) -> list[Difference]:
    """Field by field; resolutions by count, then label, verb (where expected) and text prefix."""
    key = want["key"]
    found: list[Difference] = []
    for name in FIELDS:
        if got.get(name) != want[name]:
            found.append(Difference(doc_id, key, name, f"papertrail {got.get(name)!r}, the page {want[name]!r}"))
    got_items, want_items = got["resolutions"], want["resolutions"]
    if len(got_items) != len(want_items):
        shown = [(r["label"], r["verb"]) for r in got_items]
        detail = f"papertrail {len(got_items)} {shown}, the page {len(want_items)}"
        return found + [Difference(doc_id, key, "resolutions", detail)]
    for index, (g, w) in enumerate(zip(got_items, want_items)):
        name = f"resolutions[{index}]"
        if g["label"] != w["label"]:
            found.append(Difference(doc_id, key, f"{name}.label", f"papertrail {g['label']!r}, the page {w['label']!r}"))
        if "verb" in w and g["verb"] != w["verb"]:
            found.append(Difference(doc_id, key, f"{name}.verb", f"papertrail {g['verb']!r}, the page {w['verb']!r}"))
        if not _words(g["text"]).startswith(_words(w["text"])):
            detail = f"papertrail {_words(g['text'])[:90]!r}, the page starts {w['text']!r}"
            found.append(Difference(doc_id, key, f"{name}.text", detail))
    return found


def _event(record: Record) -> str:
    return f"{record['date']} {record['precision']} {record['kind']}"


def compare_paper(doc_id: str, decisions: list[Record], timeline: list[Record]) -> list[Difference]:
    """Every difference between papertrail's records of one paper (as in decisions.jsonl and
    timeline.jsonl) and the paper's expectation."""
    golden = load_golden(doc_id)
    expected = golden["decisions"]
    found: list[Difference] = []
    for f_index, e_index in pair(decisions, expected):
        if f_index is None and e_index is not None:
            found.append(Difference(doc_id, expected[e_index]["key"], "missing", "papertrail does not find this decision"))
        elif e_index is None and f_index is not None:
            got = decisions[f_index]
            name = got.get("reference") or got.get("subject") or "?"
            detail = f"papertrail finds a decision the paper does not take: {got.get('subject')!r}"
            found.append(Difference(doc_id, name, "invented", detail))
        elif f_index is not None and e_index is not None:
            found += compare_decision(doc_id, decisions[f_index], expected[e_index])
    events = Counter(_event(e) for e in timeline)
    wanted = Counter(_event(e) for e in golden["timeline"])
    for event in sorted((wanted - events).elements()):
        found.append(Difference(doc_id, "timeline", f"{event} missing", "an event on the page papertrail does not give"))
    for event in sorted((events - wanted).elements()):
        label = next(e["label"] for e in timeline if _event(e) == event)
        detail = f"papertrail gives an event the page does not: {label[:80]!r}"
        found.append(Difference(doc_id, "timeline", f"{event} extra", detail))
    return found


def run_real_papers(out: Path, inputs: Path) -> dict[str, dict[str, Any]]:
    """Run papertrail once over the text-layer real papers (linked into ``inputs``; OCR off:
    the expectations are read from the text layer) and return doc_id -> {"status", "error",
    "decisions", "timeline"} as written to ``out``."""
    from pipeline.batch import RunOptions, run

    for paper in real_papers():
        (inputs / paper.name).symlink_to(paper)
    run([inputs], RunOptions(out_dir=out, workers=1, executor="local", ocr="never", follow_symlinks=True))
    records: dict[str, dict[str, Any]] = {}
    for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        document = json.loads(line)
        records[document["doc_id"]] = {
            "status": document["status"], "error": document["error"], "decisions": [], "timeline": [],
        }  # fmt: skip
    for kind in ("decisions", "timeline"):
        for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["doc_id"]][kind].append(record)
    return records


def work_queue(
    differences: list[Difference], known: Mapping[Key, str], kinds: Sequence[str] = ()
) -> list[tuple[str, list[Difference]]]:
    """Differences grouped by the reason ``known`` records for them: by the first of
    ``kinds`` the reason starts with, else by the reason itself ("NEW" where there is
    none); the largest group first."""
    groups: dict[str, list[Difference]] = defaultdict(list)
    for difference in differences:
        reason = known.get(difference.key, "NEW: not in KNOWN_DIFFERENCES")
        groups[next((kind for kind in kinds if reason.startswith(kind)), reason)].append(difference)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def main() -> int:
    if not REAL.is_dir():
        print(f"skipped: {REAL} is absent", file=sys.stderr)
        return 0
    from tests.test_decisions_golden import DIFFERENCE_KINDS, KNOWN_DIFFERENCES

    with tempfile.TemporaryDirectory() as work:
        inputs, out = Path(work) / "in", Path(work) / "out"
        inputs.mkdir()
        records = run_real_papers(out, inputs)
    differences = [
        difference
        for doc_id in golden_ids()
        for difference in compare_paper(doc_id, records[doc_id]["decisions"], records[doc_id]["timeline"])
    ]
    print(f"{len(differences)} differences in {len(golden_ids())} papers")
    for reason, group in work_queue(differences, KNOWN_DIFFERENCES, DIFFERENCE_KINDS):
        print(f"\n{len(group):3}  {reason}")
        for difference in group:
            print(f"       {difference}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
