"""The auditor's reconciliation page: a run header, what changed since the last run, and
one table per check (headings that fit it), sortable and filterable.

What changed is kept in ``reconciliation-history.json`` in the output folder: the findings
(id, check, status, fingerprint, message) of the current state and of the state before
it, each with the time it was first seen.  A run that changes no finding keeps both, so
re-rendering (``papertrail render``, ``review``) still compares with the previous run.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pipeline
from pipeline.render.context import Assets, Lookups, meta
from pipeline.render.findings import (
    counts,
    finding_order,
    finding_view,
    headings,
    status_value,
)
from pipeline.render.format import FINDING_STATUS_LABELS, check_label, safe_anchor
from pipeline.render.timeline import options
from pipeline.render.views import (
    Change,
    Changes,
    CheckSection,
    FilterOption,
    Link,
    ReconciliationPage,
    RunHeader,
)
from pipeline.store import Corpus, atomic_write_text
from schemas.findings import Finding

HISTORY = "reconciliation-history.json"
CSV_LINK = Link("reconciliation.csv", "reconciliation.csv")


def _snapshot(findings: list[Finding]) -> dict[str, dict[str, str]]:
    return {
        f.id: {"check": f.check.value, "status": status_value(f), "fingerprint": f.fingerprint,
               "message": f.message}
        for f in findings
    }


def _status_label(status: str) -> str:
    return FINDING_STATUS_LABELS.get(status, status.capitalize())


def update_history(out_dir: Path, findings: list[Finding], now: datetime) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(previous state or None, current state), after recording the current findings."""
    path = out_dir / HISTORY
    try:
        history = json.loads(path.read_text(encoding="utf-8"))
        current, previous = history["current"], history.get("previous")
        assert isinstance(current["findings"], dict)
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        current, previous = None, None
    snapshot = _snapshot(findings)
    if current is None or current["findings"] != snapshot:
        previous = current
        current = {"at": now.isoformat(), "version": pipeline.__version__, "findings": snapshot}
        atomic_write_text(path, json.dumps({"current": current, "previous": previous},
                                           ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return previous, current


def _when(iso: str) -> str:
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


def changes(previous: dict[str, Any] | None, current: dict[str, Any]) -> Changes:
    """New, changed and resolved findings between two states."""
    if previous is None:
        return Changes(None, (), (), ())
    before, now = previous["findings"], current["findings"]

    def change(fid: str, item: dict[str, str], was: str | None, href: str | None) -> Change:
        return Change(fid, href, check_label(item["check"]), _status_label(item["status"]), item["message"], was)

    new = tuple(change(i, now[i], None, "#" + safe_anchor("finding-", i)) for i in sorted(now) if i not in before)
    changed = tuple(
        change(i, now[i], _status_label(before[i]["status"]), "#" + safe_anchor("finding-", i))
        for i in sorted(now)
        if i in before and (now[i]["status"], now[i]["fingerprint"]) != (before[i]["status"], before[i]["fingerprint"])
    )
    resolved = tuple(change(i, before[i], None, None) for i in sorted(before) if i not in now)
    return Changes(_when(previous["at"]), new, changed, resolved)


def build_reconciliation(corpus: Corpus, lookups: Lookups, assets: Assets, now: datetime,
                         previous: dict[str, Any] | None = None,
                         current: dict[str, Any] | None = None) -> ReconciliationPage:
    by_check: dict[str, list[Finding]] = {}
    for f in corpus.findings:
        by_check.setdefault(f.check.value, []).append(f)
    sections = []
    for check in sorted(by_check, key=lambda c: (check_label(c).casefold(), c)):
        found = sorted(by_check[check], key=finding_order)
        units = Counter(f.unit for f in found)
        expected, actual = headings(check, units.most_common(1)[0][0])
        sections.append(CheckSection(
            check=check, name=check_label(check), anchor=safe_anchor("check-", check),
            expected_heading=expected, actual_heading=actual, counts=counts(found),
            findings=tuple(finding_view(f, lookups, "") for f in found),
        ))
    docs = sorted(corpus.documents, key=lambda d: d.doc_id)
    papers = tuple(Link(lookups.summary_href(d.doc_id, "") or "", f"{lookups.title(d)} ({d.doc_id})")
                   for d in docs)
    header = RunHeader(
        ran_at=_when(now.isoformat()), version=pipeline.__version__,
        papers_ok=len(lookups.ok_ids), papers_failed=len(docs) - len(lookups.ok_ids), papers=papers,
        changes=changes(previous, current) if current is not None else Changes(None, (), (), ()),
    )
    paper_counts = Counter(d for f in corpus.findings for d in dict.fromkeys(f.doc_ids))
    paper_labels = {d.doc_id: lookups.title(d) for d in docs}
    statuses = Counter(status_value(f) for f in corpus.findings)
    checks = Counter(f.check.value for f in corpus.findings)
    return ReconciliationPage(
        meta=meta("Reconciliation", "", "reconciliation.html", assets, has_script=True),
        header=header,
        counts=counts(corpus.findings),
        sections=tuple(sections),
        statuses=options(statuses, {s: _status_label(s) for s in statuses}, ("fail", "warn", "pass")),
        checks=options(checks, {c: check_label(c) for c in checks}, ()),
        papers=tuple(FilterOption(d, f"{paper_labels.get(d, d)} ({d})", n)
                     for d, n in sorted(paper_counts.items())),
        csv=CSV_LINK,
    )
