"""Golden expectations for the real council papers of ../shared/realpapers: every money
figure (amount, period, role) and every finding within the paper, as checked in
``<doc_id>.json`` (see :mod:`tests.golden.update` to write them again after a reviewed
change, and tests/test_golden.py for the comparison and its checks against gold.json)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.extract import extract_all
from pipeline.ingest import ingest
from pipeline.store import Corpus
from pipeline.validate import check

HERE = Path(__file__).resolve().parent
REALPAPERS = HERE.parents[2] / "shared" / "realpapers"


def papers() -> list[Path]:
    """The text-layer real papers (the *_SCANNED ones have no text to read)."""
    if not REALPAPERS.is_dir():
        return []
    found = sorted(REALPAPERS.glob("pdf/*.pdf")) + sorted(REALPAPERS.glob("html/*.html"))
    return [p for p in found if "_SCANNED" not in p.stem]


@lru_cache(maxsize=64)
def observed(path: Path) -> dict[str, Any]:
    """What papertrail reads from one paper: its figures and its findings, in the golden
    file's shape."""
    records = extract_all(ingest(path, path.stem))
    corpus = Corpus(
        documents=[records.document], decisions=records.decisions, funding=records.funding,
        indicators=records.indicators, timeline=records.timeline,
    )
    funding = [
        {
            "amount_text": f.amount_text,
            "amount_gbp": str(f.amount_gbp),
            "amount_max_gbp": None if f.amount_max_gbp is None else str(f.amount_max_gbp),
            "period": f.period.value,
            "period_years": f.period_years,
            "role": f.role.value,
            "financial_year": f.financial_year,
            "sums": sorted(f"{g.kind}{'?' if g.inferred else ''}:{len(g.parts)}+{len(g.minus)}" for g in f.sums),
        }
        for f in records.funding
    ]
    findings = sorted(
        (
            {"check": f.check.value, "status": f.status.value, "amounts_gbp": sorted(str(a) for a in f.amounts_gbp)}
            for f in check(corpus)
        ),
        key=lambda f: (f["check"], f["amounts_gbp"], f["status"]),
    )
    return {"paper": str(path.relative_to(REALPAPERS)), "funding": funding, "findings": findings}
