"""One summary per paper, in HTML and Markdown; unchanged summaries are not rendered again."""

from __future__ import annotations

import hashlib
from pathlib import Path
from collections.abc import Callable
from typing import Any

from pipeline.render.context import (
    RENDER_CODE,
    SUMMARY_DIR,
    Assets,
    href_part,
    Lookups,
    html_environment,
    markdown_environment,
    meta,
    quote_view,
)
from pipeline.render.findings import finding_order, finding_view
from pipeline.render.format import DOC_TYPE_LABELS
from pipeline.render.records import decision_view, event_view, indicator_view, money_view
from pipeline.render.views import DocumentView, SummaryPage
from pipeline.store import TEXT_DIR, atomic_write_text
from schemas.provenance import Source
from schemas.records import Decision, Document, Funding, Indicator, TimelineEvent


def build_summary(doc: Document, lookups: Lookups, assets: Assets, out_dir: Path) -> SummaryPage:
    root = "../"
    mine = doc.doc_id
    decisions = lookups.decisions.get(mine, [])
    funding = lookups.funding.get(mine, [])
    indicators = lookups.indicators.get(mine, [])
    events = lookups.events.get(mine, [])
    findings = sorted(lookups.findings.get(mine, []), key=finding_order)
    sources: dict[tuple[int, int], Source] = {}
    records: list[Decision | Funding | Indicator | TimelineEvent] = [
        *decisions, *funding, *indicators, *events]
    for record in records:
        sources.setdefault((record.source.char_start, record.source.char_end), record.source)
    for finding in findings:
        for s in finding.sources:
            if s.doc_id == mine:
                sources.setdefault((s.char_start, s.char_end), s)
    title = lookups.title(doc)
    view = DocumentView(
        doc_id=mine,
        title=title,
        doc_type=DOC_TYPE_LABELS.get(doc.doc_type.value, doc.doc_type.value),
        pages=doc.pages,
        input_name=Path(doc.path).name,
        sha256=doc.sha256,
        text_href=(f"{root}{TEXT_DIR}/{href_part(Path(doc.text_path).name)}"
                   if doc.text_path and (out_dir / doc.text_path).is_file() else None),
        html_href="./" + href_part(f"{mine}.html"),
        md_href="./" + href_part(f"{mine}.md"),
        warnings=tuple(doc.warnings),
    )
    return SummaryPage(
        meta=meta(title, root, "", assets),
        doc=view,
        decisions=tuple(decision_view(d, n, lookups, root) for n, d in enumerate(decisions, 1)),
        money=tuple(money_view(f) for f in funding),
        indicators=tuple(indicator_view(i, n) for n, i in enumerate(indicators, 1)),
        events=tuple(event_view(e, None, "", lookups, root) for e in events),
        findings=tuple(finding_view(f, lookups, root) for f in findings),
        quotes=tuple(quote_view(sources[k]) for k in sorted(sources)),
    )


# --------------------------------------------------------------------------- writing


def remove_stale_summaries(folder: Path, keep: frozenset[str]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.suffix in (".html", ".md") and path.is_file() and path.stem not in keep:
            path.unlink()


def render_summaries(
    out_dir: Path, docs: list[Document], lookups: Lookups, assets: Assets, previous: dict[str, str],
    claim: Callable[[], int | None] | None = None,
) -> dict[str, str]:
    """Write each paper's summary (HTML and Markdown); return doc_id -> context hash.
    ``claim``: where several processes share the work, gives the index in ``docs`` of the
    next summary to write, None when none is left (default: all of ``docs``)."""
    html, md = html_environment(), markdown_environment()
    summary_html, summary_md = html.get_template("summary.html.j2"), md.get_template("summary.md.j2")
    manifest: dict[str, str] = {}
    for doc in docs if claim is None else (docs[i] for i in iter(claim, None)):
        page = build_summary(doc, lookups, assets, out_dir)
        # a summary whose context is unchanged (and whose files are there) is not rendered
        # again: a weekly run re-renders only the papers that changed or gained findings
        key = hashlib.sha256(f"{RENDER_CODE}{page!r}".encode()).hexdigest()
        manifest[doc.doc_id] = key
        html_path = out_dir / SUMMARY_DIR / f"{doc.doc_id}.html"
        md_path = out_dir / SUMMARY_DIR / f"{doc.doc_id}.md"
        if previous.get(doc.doc_id) == key and html_path.exists() and md_path.exists():
            continue
        atomic_write_text(html_path, summary_html.render(page=page))
        atomic_write_text(md_path, summary_md.render(page=page))
    return manifest


def summaries_child(conn: Any, pages: Callable[[], dict[str, str]]) -> None:
    """A forked child's work: ``pages()`` (the summaries and the pages written beside
    them); sends the summaries' manifest, or None when anything failed (the parent then
    writes them all itself)."""
    try:
        conn.send(pages())
    except BaseException:  # the parent renders them itself
        conn.send(None)
    finally:
        conn.close()
