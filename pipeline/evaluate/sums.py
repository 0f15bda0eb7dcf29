"""Scoring sums: must-pass sums passed, must-flag sums flagged, and false fails.

A gold sum lists a printed sum's figures (parts, then the stated total; deductions
unsigned; zero cells left out).  An output finding *matches* it when

- its check is sum-like (:func:`is_sum_check`: ``sum``, ``table_sum``, or any check whose
  name holds "sum", "total" or "balance"),
- its ``doc_ids`` are the gold's (as a set), and
- its distinct non-zero absolute figures (``amounts_gbp``) equal the gold's, exactly.

So order, signs, zero cells and a figure repeated along a row do not matter, but a
missing or extra figure does.  A gold sum takes the worst status among its matching
findings (fail, then warn, then pass), or ``missing`` when none matches: a must-pass sum
counts as passed only when every finding of its figures passes; a must-flag sum counts as
flagged when any of them fails or warns.  A *false fail* is any finding on the scored
papers (whatever its check) with status fail that matches no must-flag sum.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from pipeline.evaluate.gold import GoldSum
from pipeline.evaluate.models import FalseFail, PaperSums, SumResult, SumScore, ratio
from pipeline.evaluate.outputs import FindingView, OutputFolder

STATUS_ORDER = ("fail", "warn", "pass")


def is_sum_check(check: str) -> bool:
    """Whether a finding's check is about a sum (see the module doc)."""
    name = check.lower()
    return any(word in name for word in ("sum", "total", "balance"))


def figure_set(amounts: Iterable[Decimal]) -> frozenset[Decimal]:
    """The distinct non-zero absolute figures of a sum."""
    return frozenset(abs(a) for a in amounts if a != 0)


def finding_matches(gold: GoldSum, finding: FindingView) -> bool:
    """Whether an output finding checks the gold sum's figures (see the module doc)."""
    return (
        is_sum_check(finding.check)
        and set(finding.doc_ids) == set(gold.doc_ids)
        and bool(figure_set(gold.amounts_gbp))
        and figure_set(finding.amounts_gbp) == figure_set(gold.amounts_gbp)
    )


def _result(gold: GoldSum, findings: list[FindingView]) -> SumResult:
    matching = [f for f in findings if finding_matches(gold, f)]
    statuses = {f.status for f in matching}
    status = next((s for s in STATUS_ORDER if s in statuses), "missing")
    return SumResult(
        id=gold.id,
        doc_ids=gold.doc_ids,
        amounts_gbp=gold.amounts_gbp,
        status=status,
        finding_ids=[f.id for f in matching],
    )


def score_sums(
    must_pass: list[GoldSum], must_flag: list[GoldSum], papers: list[str], output: OutputFolder
) -> SumScore:
    """Score the sums of ``papers`` (a gold sum is scored when all its papers are)."""
    scored = set(papers)
    findings = [f for f in output.findings if f.doc_ids and set(f.doc_ids) <= scored]
    score = SumScore(findings_by_status=dict(Counter(f.status for f in findings)))
    per_paper = {doc_id: PaperSums() for doc_id in papers}
    for gold in must_pass:
        if set(gold.doc_ids) <= scored:
            result = _result(gold, findings)
            score.must_pass_results.append(result)
            for doc_id in gold.doc_ids:
                per_paper[doc_id].must_pass += 1
                per_paper[doc_id].passed += result.status == "pass"
    flags_in_scope = [g for g in must_flag if set(g.doc_ids) <= scored]
    for gold in flags_in_scope:
        result = _result(gold, findings)
        score.must_flag_results.append(result)
        for doc_id in gold.doc_ids:
            per_paper[doc_id].must_flag += 1
            per_paper[doc_id].flagged += result.status in ("fail", "warn")
    for finding in findings:
        if finding.status == "fail" and not any(finding_matches(g, finding) for g in flags_in_scope):
            source = finding.sources[0] if finding.sources else None
            score.false_fail_list.append(
                FalseFail(
                    doc_id=source.doc_id if source else finding.doc_ids[0],
                    page=source.page if source else None,
                    quote=source.quote if source else None,
                    id=finding.id,
                    check=finding.check,
                    doc_ids=finding.doc_ids,
                    amounts_gbp=finding.amounts_gbp,
                    message=finding.message,
                )
            )
            for doc_id in finding.doc_ids:
                per_paper[doc_id].false_fails += 1
    score.per_paper = per_paper
    score.must_pass = _counts(score.must_pass_results)
    score.must_flag = _counts(score.must_flag_results)
    score.pass_accuracy = ratio(score.must_pass.get("pass", 0), len(score.must_pass_results))
    flagged = score.must_flag.get("fail", 0) + score.must_flag.get("warn", 0)
    score.flag_recall = ratio(flagged, len(score.must_flag_results))
    score.false_fails = len(score.false_fail_list)
    return score


def _counts(results: list[SumResult]) -> dict[str, int]:
    counts = Counter(r.status for r in results)
    return {status: counts.get(status, 0) for status in (*STATUS_ORDER, "missing")}
