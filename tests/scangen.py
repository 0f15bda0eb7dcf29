"""Test-side scanner: turn PDFs into image-only PDFs, the way a council scans a paper.

Each page is rendered with pypdfium2 at ``dpi`` (200-300), turned to grey, tilted by a
small angle (a sheet fed a little askew), speckled with noise, and saved as one image per
page in a PDF with no text layer (pillow writes the PDF).  Everything is seeded: the same
call gives the same bytes.

Public API: :func:`scan_pdf` (a whole PDF, or some of its pages), :func:`mixed_pdf` (text
pages and scanned pages in one paper).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

__all__ = ["mixed_pdf", "scan_images", "scan_pdf"]


def scan_images(
    src: Path,
    *,
    dpi: int = 300,
    skew_degrees: float = 0.6,
    noise: float = 0.004,
    seed: int = 7,
    pages: Sequence[int] | None = None,
) -> list:
    """Page images of ``src`` as a scanner would give them (PIL images, mode L).

    ``noise`` is the share of pixels flipped to a random grey (dust, toner specks);
    successive pages are tilted alternately by ``skew_degrees`` and ``-skew_degrees/2``."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    document = pdfium.PdfDocument(str(src))
    images = []
    try:
        for index in range(len(document)):
            if pages is not None and index not in pages:
                continue
            page = document[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            angle = skew_degrees if index % 2 == 0 else -skew_degrees / 2
            if angle:
                image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
            if noise:
                pixels = image.load()
                width, height = image.size
                for _ in range(int(width * height * noise)):
                    x, y = rng.randrange(width), rng.randrange(height)
                    pixels[x, y] = rng.choice((0, 64, 128, 192))
            images.append(image)
    finally:
        document.close()
    return images


def scan_pdf(src: Path, out: Path, *, dpi: int = 300, **options: object) -> Path:
    """An image-only copy of ``src`` (see :func:`scan_images` for the options)."""
    images = scan_images(src, dpi=dpi, **options)  # type: ignore[arg-type]
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


def mixed_pdf(src: Path, out: Path, scanned: Sequence[int], *, dpi: int = 300, **options: object) -> Path:
    """``src`` with the pages at the 0-based indices ``scanned`` replaced by their scans,
    the others keeping their text layer."""
    import pypdfium2 as pdfium

    scans = scan_images(src, dpi=dpi, pages=scanned, **options)  # type: ignore[arg-type]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".scans.pdf")
    scans[0].save(tmp, "PDF", resolution=float(dpi), save_all=True, append_images=scans[1:])
    original = pdfium.PdfDocument(str(src))
    images = pdfium.PdfDocument(str(tmp))
    result = pdfium.PdfDocument.new()
    try:
        order = sorted(scanned)
        for index in range(len(original)):
            if index in scanned:
                result.import_pages(images, [order.index(index)])
            else:
                result.import_pages(original, [index])
        result.save(str(out))
    finally:
        result.close()
        images.close()
        original.close()
        tmp.unlink(missing_ok=True)
    return out
