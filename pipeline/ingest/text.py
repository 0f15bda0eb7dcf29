"""Text papers (.txt, .md): decode bytes, split pages on form feeds."""

from __future__ import annotations

import codecs

from pipeline.errors import EmptyFile, NotText

# longest first: a UTF-32 LE mark begins with the UTF-16 LE one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 4096


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text with no byte-order
    mark (Windows tools write it): in text made mostly of Latin letters, every other byte
    is zero, and always on the same side of each pair."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    pairs = len(sample) // 2
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * pairs and other.count(0) <= 0.05 * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            probe = text[:_SAMPLE]
            printable = sum(c.isprintable() or c in "\n\r\t\f" for c in probe)
            return encoding if printable >= 0.95 * len(probe) else None
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text paper: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one
    when the byte pattern shows it), UTF-32 with BOM, else cp1252.

    Returns (text, encoding); raises EmptyFile or NotText.  cp1252 is the Windows code page
    where "£" is 0xA3; latin-1 is the last resort, as it decodes any byte.
    """
    if not data.strip():
        raise EmptyFile()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise NotText(f"not a text file: it starts with a {encoding.upper()} mark but is not {encoding.upper()} text") from None
            if not text.strip():
                raise EmptyFile()
            return text, encoding
    if b"\x00" in data[:_SAMPLE]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise NotText("not a text file: it holds binary data")
        text = data.decode(utf16)
        if not text.strip():
            raise EmptyFile()
        return text, utf16
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
