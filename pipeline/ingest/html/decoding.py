"""Decoding a saved web page: a byte-order mark, then the charset the page declares (when
its bytes decode with it), then UTF-8, then cp1252."""

from __future__ import annotations

import codecs
import re

from pipeline.errors import EmptyFile, NotText
from pipeline.ingest.text import decode

__all__ = ["declared_charset", "decode_html"]


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_PRESCAN = 4096  # bytes looked at for a <meta charset> (browsers look at 1024)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
# Codecs a page may not pick: not text encodings a browser knows, or ones that would
# interpret the bytes (escape sequences) rather than decode them.
_REFUSED_CODECS = {
    "idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "utf-7",
    "mbcs", "oem", "palmos",
}  # fmt: skip


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares (XML declaration, ``<meta charset>`` or the
    ``http-equiv`` content type), as a Python codec name, or None.  As browsers do,
    "iso-8859-1" and "us-ascii" are read as windows-1252 (cp1252), and a UTF-16
    declaration in an ASCII-compatible page as UTF-8."""
    head = data[:_PRESCAN]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    try:
        name = codecs.lookup(label).name.replace("_", "-")
    except LookupError:
        return None
    try:
        "".encode(name)  # LookupError: not a text encoding ("base64", "rot13")
    except LookupError:
        return None
    if name in _REFUSED_CODECS:
        return None
    if name in {"ascii", "iso8859-1", "latin-1"}:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode an HTML page: a byte-order mark first, then the charset the page declares
    (when its bytes decode with it), then UTF-8, then cp1252 (see
    :func:`pipeline.ingest.text.decode`).  Returns (text, encoding)."""
    if not data.strip():
        raise EmptyFile()
    if data.lstrip()[:5] == b"%PDF-":
        raise NotText("not an HTML page: the file is a PDF saved with an .html name")
    if data.startswith(_BOMS):
        return decode(data)
    if b"\x00" in data[:_PRESCAN]:
        raise NotText("not a text file: it holds binary data")
    charset = declared_charset(data)
    if charset is not None:
        try:
            return data.decode(charset), charset
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong (a page re-saved in another encoding)
    return decode(data)


