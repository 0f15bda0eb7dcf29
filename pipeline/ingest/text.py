"""Text papers (.txt, .md): decode bytes, split pages on form feeds."""

from __future__ import annotations

import codecs

from pipeline.errors import EmptyFile, NotText

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text paper: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Returns (text, encoding).  cp1252 is the Windows code page where "£" is 0xA3;
    latin-1 is the last resort, as it decodes any byte.
    """
    if not data.strip():
        raise EmptyFile()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data[:4096]:
        raise NotText("not a text file: it holds binary data")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def split_pages(text: str) -> list[str]:
    """Pages of a text paper: form feeds separate pages; a trailing one adds none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return pages
