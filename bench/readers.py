"""Reference readers for the benchmark: text only, one process, every page."""

from __future__ import annotations

import sys
from pathlib import Path


def pdfplumber_text(folder: Path) -> int:
    import pdfplumber

    pages = 0
    for path in sorted(folder.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages


def pypdfium2_text(folder: Path) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in sorted(folder.glob("*.pdf")):
        document = pdfium.PdfDocument(str(path))
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        document.close()
    return pages


if __name__ == "__main__":
    reader, folder = sys.argv[1], Path(sys.argv[2])
    count = {"pdfplumber": pdfplumber_text, "pypdfium2": pypdfium2_text}[reader](folder)
    print(count)
