"""Benchmark batches from real councils' PDFs: the papers repeated to a count, and one
long paper made of their pages (the 117-page statement-of-accounts class)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SCANNED = "_SCANNED"  # file-name mark of image-only papers: OCR's, measured apart


def real_papers(corpus: Path) -> tuple[list[Path], list[Path]]:
    """(papers with a text layer, scanned papers) of ``corpus``, by name."""
    papers = sorted(corpus.glob("*.pdf"))
    return [p for p in papers if SCANNED not in p.stem], [p for p in papers if SCANNED in p.stem]


def _link(source: Path, target: Path) -> None:
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def repeated_batch(papers: list[Path], count: int, folder: Path) -> list[Path]:
    """``count`` papers in ``folder``: ``papers`` in turn, each copy its own file
    (``0007_<name>.pdf``, hard-linked where the file system allows)."""
    if not papers:
        raise ValueError("no papers with a text layer to repeat")
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {f"{n:04d}_{papers[n % len(papers)].name}": papers[n % len(papers)] for n in range(count)}
    for stale in folder.glob("*.pdf"):
        if stale.name not in wanted:
            stale.unlink()
    for name, source in wanted.items():
        _link(source, folder / name)
    return sorted(folder / name for name in wanted)


def long_paper(papers: list[Path], pages: int, target: Path) -> Path:
    """One PDF of at least ``pages`` pages: the papers' pages in turn (made once)."""
    import pypdfium2 as pdfium

    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    out = pdfium.PdfDocument.new()
    try:
        while len(out) < pages:
            for path in papers:
                source = pdfium.PdfDocument(str(path))
                out.import_pages(source)
                source.close()
                if len(out) >= pages:
                    break
        partial = target.with_suffix(".part")
        out.save(str(partial))
    finally:
        out.close()
    partial.replace(target)
    return target
