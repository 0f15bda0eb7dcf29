"""The auditor's reconciliation page."""

from __future__ import annotations

from collections import Counter

from pipeline.render.context import OTHER_CHECKS, Assets, Lookups, meta
from pipeline.render.findings import counts, finding_order, finding_view
from pipeline.render.format import FINDING_STATUS_LABELS, check_label, safe_anchor
from pipeline.render.timeline import options
from pipeline.render.views import FindingGroup, ReconciliationPage
from pipeline.store import Corpus
from schemas.findings import Finding


def build_reconciliation(corpus: Corpus, lookups: Lookups, assets: Assets) -> ReconciliationPage:
    streams: dict[str, list[Finding]] = {}
    for f in corpus.findings:
        streams.setdefault(f.funding_stream or "", []).append(f)
    order = sorted(streams, key=lambda s: (s == "", s.casefold(), s))
    groups = tuple(
        FindingGroup(
            name=s or OTHER_CHECKS,
            anchor=safe_anchor("stream-", s or "other-checks"),
            counts=counts(streams[s]),
            findings=tuple(finding_view(f, lookups, "") for f in sorted(streams[s], key=finding_order)),
        )
        for s in order
    )
    statuses = Counter(f.status.value for f in corpus.findings)
    checks = Counter(f.check.value for f in corpus.findings)
    return ReconciliationPage(
        meta=meta("Reconciliation", "", "reconciliation.html", assets, has_script=True),
        counts=counts(corpus.findings),
        groups=groups,
        statuses=options(statuses, FINDING_STATUS_LABELS, ("fail", "warn", "pass")),
        checks=options(checks, {c: check_label(c) for c in checks}, ()),
    )


