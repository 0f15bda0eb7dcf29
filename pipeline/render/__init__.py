"""Render stage: summaries, the reconciliation report, the timeline, the index and exports.

``render_all`` builds typed context objects (``views``) from the corpus and hands them to
templates shipped in the ``templates`` package.  HTML templates are autoescaped; the
Markdown summaries escape every value for Markdown.  Every file is written atomically.

Modules, by concept: ``format`` (labels and number/date formatting), ``views`` (what
templates receive), ``context`` (environments, page policy, the corpus indexed once),
``records`` and ``findings`` (records -> views), ``summaries``, ``timeline`` and
``chains``, ``reconciliation``, ``index``, and ``exports`` (CSV, iCalendar, TimelineJS).
"""

from __future__ import annotations

import json
import multiprocessing as mp
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.render import exports
from pipeline.render.context import (
    MANIFEST,
    SUMMARY_DIR,
    Assets,
    Lookups,
    html_environment,
    markdown_environment,
    markdown_escape,
)
from pipeline.render.index import build_index
from pipeline.render.reconciliation import build_reconciliation, update_history
from pipeline.render.summaries import (
    build_summary,
    remove_stale_summaries,
    render_summaries,
    summaries_child,
)
from pipeline.render.timeline import build_timeline
from pipeline.store import Corpus, atomic_write_text, write_record_jsonl

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Exporting",
    "build_index",
    "build_reconciliation",
    "build_summary",
    "build_timeline",
    "html_environment",
    "markdown_environment",
    "markdown_escape",
    "Rendering",
    "render_all",
    "write_timeline_page",
]


def _untitled_texts(out_dir: Path, corpus: Corpus) -> dict[str, str]:
    """The texts of papers with no title, metadata title or decision subject (their first
    heading names them)."""
    subjects = {d.doc_id for d in corpus.decisions if d.subject}
    texts = {}
    for doc in corpus.documents:
        if doc.title or doc.metadata_title or doc.doc_id in subjects or not doc.text_path:
            continue
        try:
            texts[doc.doc_id] = (out_dir / doc.text_path).read_text(encoding="utf-8")[:4000]
        except (OSError, UnicodeDecodeError):
            continue
    return texts


def render_all(out_dir: Path, corpus: Corpus, *, processes: int = 1, now: datetime | None = None,
               base_url: str | None = None) -> None:
    """Write every human-readable page and export for the corpus into ``out_dir``.

    ``now`` is the run time shown in the reports and calendar (default: the clock, UTC);
    ``base_url`` is where the output folder will be served from, for the calendar's links
    to summaries (default: the folder's own ``file:`` URL).  With ``processes`` > 1 (and
    fork available) the per-paper summaries, the timeline page and the reconciliation
    report are written by a forked child while this process writes the exports."""
    with Rendering(out_dir, corpus, processes=processes, now=now, base_url=base_url) as rendering:
        rendering.complete()


class _ForkedWork:
    """Work begun in a forked child (``child``, None without one) while this process goes
    on.  Used as a context manager, an exception before the work completes stops the
    child: nothing it would write is wanted."""

    child: Any = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is not None:
            self.abandon()

    def abandon(self) -> None:
        """Stop the child (the run failed before the work completed)."""
        if self.child is not None:
            self.child.terminate()
            self.child.join()
            self.child = None


class Rendering(_ForkedWork):
    """A render begun: constructing it starts the per-paper summaries, the timeline page
    and the reconciliation report (in a forked child when ``processes`` > 1, there are 20
    papers or more and fork is available), so the caller can do other work (store
    findings, write JSONL and CSV) before
    :meth:`complete` writes the rest and waits for the child.  The corpus must not change
    in between.  Used as a context manager, an exception before :meth:`complete` stops
    the child.  ``exports=False``: the calendar, timeline CSV and TimelineJS file are
    written elsewhere (by :class:`Exporting`)."""

    def __init__(self, out_dir: Path, corpus: Corpus, *, processes: int = 1, now: datetime | None = None,
                 base_url: str | None = None, exports: bool = True) -> None:
        self.out_dir, self.corpus, self.base_url, self.exports = out_dir, corpus, base_url, exports
        self.now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
        self.html = html_environment()
        self.assets = Assets.of(self.html)
        self.lookups = Lookups.of(corpus, _untitled_texts(out_dir, corpus))
        self.manifest_path = out_dir / SUMMARY_DIR / MANIFEST
        try:
            previous = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        docs = [d for d in sorted(corpus.documents, key=lambda d: d.doc_id) if d.doc_id in self.lookups.ok_ids]
        self.args = (out_dir, docs, self.lookups, self.assets, previous)
        # the findings recorded once, here: the report compares them with the last run's
        # whoever writes it (a failed child's part is redone by this process)
        self.history = update_history(out_dir, corpus.findings, self.now)
        self.child: Any = None
        self.receiver: Any = None
        self.next_summary: Any = None  # the next summary to write, shared with the child
        if processes > 1 and len(docs) >= 20 and "fork" in mp.get_all_start_methods():
            context = mp.get_context("fork")
            self.next_summary = context.Value("l", 0)
            self.receiver, sender = context.Pipe(duplex=False)
            self.child = context.Process(target=summaries_child, args=(sender, self._pages_of_the_child), daemon=True)
            self.child.start()
            sender.close()

    def _claim(self) -> int | None:
        """The index of the next summary no process has taken, or None when all are."""
        with self.next_summary.get_lock():
            index = self.next_summary.value
            if index >= len(self.args[1]):
                return None
            self.next_summary.value = index + 1
            return index

    def _pages_of_the_child(self) -> dict[str, str]:
        """The timeline page, the reconciliation report and the summaries (what a forked
        child writes, or this process when there is none or it failed); the manifest of
        the summaries written.  With a child, it and this process share the summaries:
        each takes the next one not taken (:meth:`_claim`) until none is left."""
        out_dir, corpus, lookups, assets = self.out_dir, self.corpus, self.lookups, self.assets
        write_timeline_page(out_dir, corpus, lookups, assets)
        atomic_write_text(out_dir / "reconciliation.html",
                          self.html.get_template("reconciliation.html.j2").render(
                              page=build_reconciliation(corpus, lookups, assets, self.now, *self.history)))
        return render_summaries(*self.args, claim=self._claim if self.child is not None else None)

    def complete(self) -> None:
        """Write the exports and the index (and, without a child, the summaries, timeline
        page and reconciliation report); wait for the child (doing its part here if it
        failed)."""
        out_dir, corpus, lookups, assets, html = self.out_dir, self.corpus, self.lookups, self.assets, self.html
        manifest: dict[str, str] | None = None
        if self.child is None:
            manifest = self._pages_of_the_child()
        if self.exports:
            exports.write_exports(out_dir, corpus, lookups, stamp=self.now, base_url=self.base_url)
        if self.child is not None:
            mine = render_summaries(*self.args, claim=self._claim)  # the summaries the child has not taken
            try:
                manifest = self.receiver.recv()
            except (EOFError, OSError):
                manifest = None
            self.child.join()
            if manifest is None or self.child.exitcode != 0:
                self.child = None  # its part (and any summary it took) is written here, all of it
                manifest = self._pages_of_the_child()
            else:
                manifest.update(mine)
        assert manifest is not None
        remove_stale_summaries(out_dir / SUMMARY_DIR, lookups.ok_ids)
        atomic_write_text(self.manifest_path, json.dumps(manifest, indent=0, sort_keys=True))
        atomic_write_text(out_dir / "index.html",
                          html.get_template("index.html.j2").render(page=build_index(out_dir, corpus, lookups, assets)))


def write_timeline_page(out_dir: Path, corpus: Corpus, lookups: Lookups, assets: Assets) -> None:
    """Write ``timeline.html``."""
    html = html_environment()
    atomic_write_text(out_dir / "timeline.html",
                      html.get_template("timeline.html.j2").render(page=build_timeline(corpus, lookups, assets)))


def _exporting_child(out_dir: Path, corpus: Corpus, stamp: datetime, base_url: str | None) -> None:
    """A forked child's work: the records' JSONL files and the exports; exits non-zero
    when anything failed (the parent then writes them itself)."""
    import os

    try:
        write_exports_and_records(out_dir, corpus, stamp, base_url)
    except BaseException:
        os._exit(1)
    os._exit(0)


def write_exports_and_records(out_dir: Path, corpus: Corpus, stamp: datetime, base_url: str | None) -> None:
    """The JSONL file of each kind of paper record and the exports (timeline CSV,
    calendar, TimelineJS): what needs the records but not the findings."""
    write_record_jsonl(out_dir, corpus)
    exports.write_exports(out_dir, corpus, Lookups.of(corpus, _untitled_texts(out_dir, corpus)),
                          stamp=stamp, base_url=base_url)


class Exporting(_ForkedWork):
    """The records' JSONL files and the exports, begun before the checks run: in a forked
    child when ``processes`` > 1 and fork is available (the checks take one core, the
    child the other), else by :meth:`complete` in this process.  The records must not
    change in between (the checks only add findings).  :meth:`complete` waits for the
    child and writes everything itself if the child failed; used as a context manager, an
    exception before :meth:`complete` stops the child."""

    def __init__(self, out_dir: Path, corpus: Corpus, *, processes: int = 1, now: datetime,
                 base_url: str | None = None) -> None:
        self.args = (out_dir, corpus, now, base_url)
        self.child: Any = None
        if processes > 1 and "fork" in mp.get_all_start_methods():
            self.child = mp.get_context("fork").Process(target=_exporting_child, args=self.args, daemon=True)
            self.child.start()

    def complete(self) -> None:
        """Wait for the child (or, without one, or if it failed, write everything here)."""
        child, self.child = self.child, None
        if child is not None:
            child.join()
            if child.exitcode == 0:
                return
        write_exports_and_records(*self.args)
