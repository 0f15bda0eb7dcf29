"""Benchmark: papers/s, pages/s and peak memory for papertrail against its building blocks.

    python -m bench [--papers 200] [--skip-dask] [--profile]

Generates council-style PDFs (cached in bench/work/), runs each scenario as its own
process while sampling the memory of its whole process tree, and writes
bench/results/<time>.json (and latest.json), then prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from bench.generate import generate

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"


@dataclass
class Result:
    scenario: str
    command: str
    papers: int
    pages: int
    seconds: float
    papers_per_s: float
    pages_per_s: float
    peak_rss_mb: float
    peak_rss_per_process_mb: float
    exit_status: int


def measure(name: str, command: list[str], papers: int, pages: int) -> Result:
    """Run ``command``, sampling the RSS of it and its children every 20 ms."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak_total = peak_single = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            sizes = []
            for p in tree:
                try:
                    sizes.append(p.memory_info().rss)
                except psutil.Error:
                    pass
            peak_total = max(peak_total, sum(sizes))
            peak_single = max(peak_single, max(sizes, default=0))
        except psutil.Error:
            pass
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(f"bench: {name} exited {proc.returncode}: {stderr[-500:]}", file=sys.stderr)
    return Result(
        scenario=name,
        command=" ".join(command),
        papers=papers,
        pages=pages,
        seconds=round(seconds, 3),
        papers_per_s=round(papers / seconds, 2),
        pages_per_s=round(pages / seconds, 1),
        peak_rss_mb=round(peak_total / 2**20, 1),
        peak_rss_per_process_mb=round(peak_single / 2**20, 1),
        exit_status=proc.returncode,
    )


def count_pages(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in paths:
        document = pdfium.PdfDocument(str(path))
        total += len(document)
        document.close()
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--big-pages", type=int, default=120, help="pages of the one long paper (0: none)")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--profile", action="store_true", help="also profile a one-process run with pyinstrument")
    args = parser.parse_args(argv)

    folder = WORK / f"pdfs_{args.papers}_{args.big_pages}"
    t0 = time.perf_counter()
    paths = generate(folder, args.papers, big_pages=args.big_pages)
    print(f"bench: {len(paths)} PDFs ready in {time.perf_counter() - t0:.1f} s ({folder})", file=sys.stderr)
    pages = count_pages(paths)
    papers = len(paths)
    py = sys.executable
    cli = [py, "-m", "pipeline.cli", "run", str(folder)]
    results: list[Result] = []

    def scenario(name: str, command: list[str], n_papers: int = papers, n_pages: int = pages) -> Result:
        print(f"bench: {name} ...", file=sys.stderr)
        result = measure(name, command, n_papers, n_pages)
        results.append(result)
        return result

    for out in ("out1", "out2", "out_dask", "out_big"):
        shutil.rmtree(WORK / out, ignore_errors=True)
    scenario("pdfplumber text, 1 process (reference)", [py, "-m", "bench.readers", "pdfplumber", str(folder)])
    scenario("pypdfium2 text, 1 process (floor)", [py, "-m", "bench.readers", "pypdfium2", str(folder)])
    scenario("papertrail run --workers 1", cli + ["--out", str(WORK / "out1"), "--workers", "1", "--force", "-q"])
    scenario("papertrail run --workers 2", cli + ["--out", str(WORK / "out2"), "--workers", "2", "--force", "-q"])
    scenario("papertrail run --workers 2, unchanged re-run", cli + ["--out", str(WORK / "out2"), "--workers", "2", "-q"])
    if not args.skip_dask:
        scenario("papertrail run --executor dask --workers 2", cli + ["--out", str(WORK / "out_dask"), "--executor", "dask", "--workers", "2", "--force", "-q"])
    big = paths[0]
    big_pages = count_pages([big])
    scenario(
        f"papertrail run one {big_pages}-page paper, 1 worker process",
        [py, "-m", "pipeline.cli", "run", str(big), "--out", str(WORK / "out_big"), "--workers", "1", "--executor", "process", "--force", "-q"],
        1,
        big_pages,
    )
    reference = results[0]
    two = next(r for r in results if r.scenario == "papertrail run --workers 2")
    rerun = next(r for r in results if "re-run" in r.scenario)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "papers": papers,
        "pages": pages,
        "results": [asdict(r) for r in results],
        "speedup_vs_reference": round(two.pages_per_s / reference.pages_per_s, 2),
        "rerun_fraction_of_first_run": round(rerun.seconds / two.seconds, 3),
    }
    if args.profile:
        report["profile"] = profile(folder, paths[1:40])
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = json.dumps(report, indent=2)
    (RESULTS / f"{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    print(f"\n{papers} papers, {pages} pages on {os.cpu_count()} cores\n")
    print(f"{'scenario':58} {'s':>7} {'papers/s':>9} {'pages/s':>8} {'peak MB':>8} {'per proc':>8}")
    for r in results:
        print(f"{r.scenario:58} {r.seconds:7.1f} {r.papers_per_s:9.1f} {r.pages_per_s:8.1f} {r.peak_rss_mb:8.0f} {r.peak_rss_per_process_mb:8.0f}")
    print(f"\nrun --workers 2 vs pdfplumber text-only: {report['speedup_vs_reference']}x; unchanged re-run: {report['rerun_fraction_of_first_run']:.1%} of a first run")
    print(f"results: {RESULTS / (stamp + '.json')}")


def profile(folder: Path, paths: list[Path]) -> dict[str, str]:
    """Profile ingest + extract of some papers in one process (pyinstrument)."""
    from pyinstrument import Profiler

    from pipeline.batch import process_paper

    process_paper(str(paths[0]), "warm")
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for path in paths:
        process_paper(str(path), path.stem)
    profiler.stop()
    out = RESULTS / "profile.txt"
    RESULTS.mkdir(parents=True, exist_ok=True)
    out.write_text(profiler.output_text(unicode=False, color=False, show_all=False), encoding="utf-8")
    return {"text": str(out)}


if __name__ == "__main__":
    main()
