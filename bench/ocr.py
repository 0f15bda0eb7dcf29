"""OCR benchmark, reported apart from text-layer papers: pages/s for scanned papers.

    python -m bench.ocr [--papers 6] [--pages-per-engine 3]

Makes image-only scans (300 dpi, a little skew and noise: tests/scangen.py) of some of the
benchmark's generated papers (cached in bench/work/), then measures:

* ``papertrail run`` over the scans with 1 and 2 workers (pages/s, peak memory), and over
  the real scanned papers in ../shared/realpapers when they are there;
* per page, in this process: papertrail's whole OCR of a page (render, clean, deskew,
  rulings, recognise, re-read unsure words), Tesseract's recognition alone through
  tesserocr (its C API, in process), and the ``tesseract`` command once per page writing
  TSV (what pytesseract's ``image_to_data`` runs), in CPU seconds and wall seconds.

Writes bench/results/ocr-<time>.json (and ocr-latest.json) and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench.generate import generate
from bench.run import RESULTS, ROOT, WORK, Result, count_pages, measure

REAL_SCANS = ROOT.parent / "shared" / "realpapers" / "pdf"


def make_scans(papers: int) -> tuple[Path, list[Path]]:
    """Scans of the first ``papers`` generated papers (kept between runs)."""
    from tests.scangen import scan_pdf

    sources = generate(WORK / f"pdfs_{papers}_0", papers, big_pages=0)
    folder = WORK / f"scans_{papers}"
    scans = []
    for index, source in enumerate(sources):
        out = folder / source.name
        if not out.exists():
            scan_pdf(source, out, dpi=300, skew_degrees=0.5, seed=index)
        scans.append(out)
    return folder, scans


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def engines(scans: list[Path], pages: int) -> list[dict[str, object]]:
    """Seconds per page for each way of reading a page image (CPU and wall)."""
    import pypdfium2 as pdfium
    from tesserocr import RIL, iterate_level

    from pipeline.ingest.ocr import tesseract
    from pipeline.ingest.ocr_image import DPI, read_image

    images = []
    for path in scans:
        document = pdfium.PdfDocument(str(path))
        for index in range(len(document)):
            if len(images) < pages:
                page = document[index]
                images.append((page.render(scale=DPI / 72, grayscale=True).to_pil(), page.get_height()))
                page.close()
        document.close()
    api = tesseract()

    def papertrail_page(image: object, height: float) -> None:
        read_image(api, image, DPI / 72, height)

    def tesserocr_page(image: object, height: float) -> None:
        api.SetImage(image)
        api.SetSourceResolution(DPI)
        api.Recognize()
        for item in iterate_level(api.GetIterator(), RIL.WORD):
            item.BoundingBox(RIL.WORD), item.Confidence(RIL.WORD), item.GetUTF8Text(RIL.WORD)

    work = Path(tempfile.mkdtemp(prefix="papertrail-ocr-bench-"))
    files = []
    for n, (image, _) in enumerate(images):
        files.append(work / f"page{n}.png")
        image.save(files[-1])  # type: ignore[attr-defined]

    def command_page(n: int) -> None:
        subprocess.run(
            ["tesseract", str(files[n]), "-", "--dpi", str(DPI), "-l", "eng", "tsv"],
            check=True, capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )

    rows: list[dict[str, object]] = []
    ways = [
        ("papertrail OCR of a page (tesserocr, in process)", lambda n: papertrail_page(*images[n])),
        ("tesserocr recognition + word boxes alone", lambda n: tesserocr_page(*images[n])),
    ]
    if shutil.which("tesseract"):
        ways.append(("tesseract command per page, TSV (= pytesseract image_to_data)", command_page))
    for name, read in ways:
        cpu, wall = _cpu(), time.perf_counter()
        for n in range(len(images)):
            read(n)
        cpu, wall = _cpu() - cpu, time.perf_counter() - wall
        rows.append({"way": name, "pages": len(images), "cpu_s_per_page": round(cpu / len(images), 2), "wall_s_per_page": round(wall / len(images), 2)})
    shutil.rmtree(work, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=6, help="generated papers to scan and read")
    parser.add_argument("--pages-per-engine", type=int, default=3, help="pages for the per-engine comparison")
    args = parser.parse_args(argv)

    folder, scans = make_scans(args.papers)
    pages = count_pages(scans)
    py = sys.executable
    results: list[Result] = []
    for workers in (1, 2):
        out = WORK / f"out_ocr{workers}"
        shutil.rmtree(out, ignore_errors=True)
        print(f"bench.ocr: run --workers {workers} over {len(scans)} scanned papers ...", file=sys.stderr)
        command = [py, "-m", "pipeline.cli", "run", str(folder), "--out", str(out), "--workers", str(workers), "--executor", "process", "--force", "-q", "--timeout", "1200"]
        results.append(measure(f"papertrail run --workers {workers}, scanned papers", command, len(scans), pages))
    real = sorted(REAL_SCANS.glob("*_SCANNED.pdf")) if REAL_SCANS.is_dir() else []
    if real:
        out = WORK / "out_ocr_real"
        shutil.rmtree(out, ignore_errors=True)
        command = [py, "-m", "pipeline.cli", "run", *map(str, real), "--out", str(out), "--workers", "2", "--force", "-q"]
        results.append(measure("papertrail run --workers 2, the real scans", command, len(real), count_pages(real)))
    print("bench.ocr: engines ...", file=sys.stderr)
    per_page = engines(scans, args.pages_per_engine)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "scanned_papers": len(scans),
        "pages": pages,
        "results": [{**asdict(r), "pages_per_s": round(r.pages / r.seconds, 3)} for r in results],
        "engines": per_page,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = json.dumps(report, indent=2)
    (RESULTS / f"ocr-{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "ocr-latest.json").write_text(text, encoding="utf-8")
    print(f"\nOCR: {len(scans)} scanned papers, {pages} pages (300 dpi) on {os.cpu_count()} cores\n")
    print(f"{'scenario':52} {'s':>7} {'pages/s':>8} {'peak MB':>8}")
    for r in results:
        print(f"{r.scenario:52} {r.seconds:7.1f} {r.pages / r.seconds:8.2f} {r.peak_rss_mb:8.0f}")
    print(f"\n{'one page read by':66} {'CPU s':>6} {'wall s':>6}")
    for row in per_page:
        print(f"{row['way']:66} {row['cpu_s_per_page']:6.2f} {row['wall_s_per_page']:6.2f}")
    print(f"results: {RESULTS / ('ocr-' + stamp + '.json')}")


if __name__ == "__main__":
    main()
