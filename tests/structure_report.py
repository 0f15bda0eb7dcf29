"""Print how far the structure stage is from the golden block lists.

    python3 -m tests.structure_report                 # table of agreements, then every difference
    python3 -m tests.structure_report --brief         # the table and a tally of the differences
    python3 -m tests.structure_report DOC_ID ...      # only these papers
    python3 -m tests.structure_report --check-golden  # golden texts not found on their printed page

The table gives each paper's agreement (share of expected blocks read with every given field
right), its floor in tests/test_structure_golden.py, the distance to STRUCTURE_TARGET, the
share of expected blocks found at all (and its floor), and the furniture recognised.
Papers whose source is not on this machine (no ../shared) are listed as skipped.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from tests.golden_blocks import Comparison, compare_paper, golden_ids, golden_text_problems, source_path
from tests.test_structure_golden import FLOORS, STRUCTURE_TARGET


def tally(comparisons: list[Comparison]) -> Counter[str]:
    """How often each kind of difference occurs: a block read as another kind (its label,
    value, level and intro then counted with it, its text apart), a field that differs, a
    block not read at all."""
    counts: Counter[str] = Counter()
    for comparison in comparisons:
        for difference in comparison.differences:
            kind = difference.expected.get("kind")
            if difference.actual is None:
                counts[f"{kind} not read"] += 1
                continue
            names = [name for name, _, _ in difference.fields]
            if "kind" in names:  # label, value, level ... then differ because of the kind
                got = difference.actual.kind.value
                counts[f"{kind} read as {got}"] += 1
                names = [name for name in names if name in ("text", "page")]
            for name in names:
                counts[f"{kind}: {name} differs"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tests.structure_report", description=__doc__.splitlines()[0])
    parser.add_argument("doc_ids", nargs="*", help="papers to report (default: every golden list)")
    parser.add_argument("--brief", action="store_true", help="the table and the tally only")
    parser.add_argument("--check-golden", action="store_true", help="check the golden texts against the printed papers")
    args = parser.parse_args(argv)
    doc_ids = args.doc_ids or golden_ids()
    unknown = sorted(set(doc_ids) - set(golden_ids()))
    if unknown:
        print(f"no golden block list for: {', '.join(unknown)}", file=sys.stderr)
        return 2
    present = [d for d in doc_ids if source_path(d) is not None]
    for doc_id in sorted(set(doc_ids) - set(present)):
        print(f"skipped {doc_id}: paper not on this machine (../shared/realpapers absent)")

    if args.check_golden:
        found = 0
        for doc_id in present:
            for problem in golden_text_problems(doc_id):
                print(f"{doc_id} {problem}")
                found += 1
        print(f"{found} golden blocks not found on their printed page")
        return 0

    comparisons = [compare_paper(doc_id) for doc_id in present]
    width = max((len(c.doc_id) for c in comparisons), default=10)
    print(f"{'paper':<{width}}  blocks  agree  agreement  floor  to target  found  floor  furniture")
    for c in comparisons:
        floors = FLOORS.get(c.doc_id)
        agreement_floor, found_floor = (f"{f:5.2f}" for f in floors) if floors else ("  -  ", "  -  ")
        print(
            f"{c.doc_id:<{width}}  {c.expected:6d}  {c.matched:5d}  {c.agreement:9.3f}  {agreement_floor}"
            f"  {STRUCTURE_TARGET - c.agreement:9.3f}  {c.found:5.3f}  {found_floor}"
            f"  {c.furniture_matched}/{c.furniture_expected}"
        )
    total = sum(c.expected for c in comparisons)
    agreed = sum(c.matched for c in comparisons)
    if total:
        print(f"{'all papers':<{width}}  {total:6d}  {agreed:5d}  {agreed / total:9.3f}")
    print("\ndifferences by kind:")
    for what, count in tally(comparisons).most_common():
        print(f"  {count:4d}  {what}")
    if not args.brief:
        for c in comparisons:
            if c.differences:
                print()
                print(c.report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
