"""Accuracy on the real council papers: run papertrail on them and score it against the gold.

    python3 -m bench.accuracy [--gold ../shared/realpapers/gold.json] [--with-scanned]
                              [--workers N] [--out DIR] [--min SPEC] [--misses]

Links (or copies) the papers beside the gold file (pdf/*.pdf and html/*.html; the
image-only *_SCANNED papers only with --with-scanned) into a temporary input folder, runs
``papertrail run`` on them through the library (worker processes, so one paper that hangs
is stopped), scores the output with ``papertrail eval``'s library, prints the tables and
writes the JSON report to bench/results/accuracy.json and bench/results/accuracy-<time>.json.
Skips with one line (exit 0) when ../shared/realpapers is absent.  Exit 1 when a --min
figure falls short.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_GOLD = ROOT.parent / "shared" / "realpapers" / "gold.json"
PAPER_GLOBS = ("pdf/*.pdf", "html/*.html", "html/*.htm")


def gather_papers(gold: Path, dest: Path, with_scanned: bool = False) -> list[Path]:
    """Link (else copy) the papers beside ``gold`` into ``dest``; return the new paths.

    A paper whose name holds ``_SCANNED`` is left out unless ``with_scanned``."""
    dest.mkdir(parents=True, exist_ok=True)
    placed: list[Path] = []
    for pattern in PAPER_GLOBS:
        for paper in sorted(gold.parent.glob(pattern)):
            if "_SCANNED" in paper.stem and not with_scanned:
                continue
            target = dest / paper.name
            try:
                target.symlink_to(paper.resolve())
            except OSError:
                shutil.copyfile(paper, target)
            placed.append(target)
    return placed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=None, help=f"gold file (default: {DEFAULT_GOLD})")
    parser.add_argument("--with-scanned", action="store_true", help="also run the image-only *_SCANNED papers")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--min", dest="min_spec", default=None, help="as papertrail eval --min; exit 1 when short")
    parser.add_argument("--out", type=Path, default=None, help="keep papertrail's output here (default: a temporary folder)")
    parser.add_argument("--misses", action="store_true", help="also print every miss (always in the JSON)")
    args = parser.parse_args(argv)

    gold = args.gold or DEFAULT_GOLD
    if not gold.exists():
        if args.gold is None:
            print(f"bench.accuracy: skipped: {DEFAULT_GOLD.parent} is absent (the real papers live in ../shared)", file=sys.stderr)
            return 0
        print(f"bench.accuracy: error: no such gold file: {gold}", file=sys.stderr)
        return 2

    from rich.console import Console

    from pipeline.batch import RunOptions, run
    from pipeline.errors import PapertrailError
    from pipeline.evaluate import evaluate
    from pipeline.evaluate.report import print_report
    from pipeline.store import atomic_write_text

    with tempfile.TemporaryDirectory(prefix="papertrail-accuracy-") as work:
        papers = gather_papers(gold, Path(work) / "in", args.with_scanned)
        out = args.out or Path(work) / "out"
        print(f"bench.accuracy: running papertrail on {len(papers)} papers from {gold.parent} ...", file=sys.stderr)
        started = time.perf_counter()
        summary = run([Path(work) / "in"], RunOptions(out_dir=out, workers=args.workers, executor="process", force=True, follow_symlinks=True))
        seconds = time.perf_counter() - started
        print(summary.line(), file=sys.stderr)
        try:
            report = evaluate(gold, out, min_spec=args.min_spec)
        except PapertrailError as error:
            print(f"bench.accuracy: error: {error}", file=sys.stderr)
            return 2
    print_report(report, Console(width=None if sys.stdout.isatty() else 200, highlight=False), misses=args.misses)
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "with_scanned": args.with_scanned,
        "run": {
            "papers": len(papers),
            "ok": summary.ok,
            "failed": summary.failed,
            "failures": [{"doc_id": d, "error": e} for d, e in summary.failures],
            "seconds": round(seconds, 1),
        },
        **report.model_dump(mode="json"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    atomic_write_text(RESULTS / f"accuracy-{stamp}.json", text)
    atomic_write_text(RESULTS / "accuracy.json", text)
    print(f"results: {RESULTS / 'accuracy.json'} (and accuracy-{stamp}.json)")
    short = [t for t in report.thresholds if not t.ok]
    for limit in short:
        print(f"bench.accuracy: {limit.name} {limit.figure} falls short of {limit.limit}", file=sys.stderr)
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
