"""Seeded mutations of real-looking PDFs, for the fuzz test of the runner.

:func:`mutants` turns a few good PDFs into damaged ones the way files get damaged in the
wild or by a hostile sender: flipped bytes, truncation (with and without an end-of-file
marker put back), broken cross-reference tables and ``startxref`` pointers, lying stream
lengths, page trees that loop back on themselves, pages that are their own content,
nesting deep enough to exhaust a recursive parser, and compressed streams that inflate to
far more memory than a worker may use.  The same seed gives the same bytes on every
machine, so a failure found here is a failure every run.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["KINDS", "Mutant", "inflate_bomb", "mutants"]


@dataclass(frozen=True)
class Mutant:
    name: str  # a file name: kind, number, base
    kind: str
    data: bytes


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    cut = data[: rng.randint(len(data) // 10, len(data) - 20)]
    # half keep the marker the quick check looks for, so the parsers see the damage
    return cut + b"\n%%EOF\n" if rng.random() < 0.5 else cut


def _xref(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:  # offsets pointing anywhere
        return re.sub(rb"\d{10} 00000 n", lambda m: b"%010d 00000 n" % rng.randrange(len(data) * 2), data)
    if choice == 1:  # no table at all
        start = data.rfind(b"xref")
        return data[:start] + data[data.rfind(b"trailer"):]
    if choice == 2:  # startxref pointing into the middle of a stream, or past the end
        return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rng.randrange(len(data) * 2), data)
    # a table that says it holds more entries than it does
    return re.sub(rb"xref\n0 (\d+)", lambda m: b"xref\n0 %d" % (int(m.group(1)) * rng.randint(2, 1000)), data, count=1)


def _length(rng: random.Random, data: bytes) -> bytes:
    lengths = list(re.finditer(rb"/Length (\d+)", data))
    if not lengths:
        return _flip(rng, data)
    target = rng.choice(lengths)
    value = rng.choice([0, -1, 1, int(target.group(1)) * 7, 2**31, 2**63, 10**30])
    return data[: target.start(1)] + str(value).encode() + data[target.end(1):]


def _loop(rng: random.Random, data: bytes) -> bytes:
    pages = re.search(rb"(\d+) 0 obj\s*<<\s*/Count (\d+) /Kids \[([^\]]*)\] /Type /Pages", data)
    if pages is None:
        return _flip(rng, data)
    own = pages.group(1)
    choice = rng.randrange(3)
    if choice == 0:  # the page tree lists itself as a child
        kids = b" " + own + b" 0 R " + pages.group(3).strip() + b" "
        return data[: pages.start(3)] + kids + data[pages.end(3):]
    if choice == 1:  # every page's parent is a page
        first_page = re.search(rb"(\d+) 0 R", pages.group(3))
        assert first_page is not None
        return re.sub(rb"/Parent \d+ 0 R", b"/Parent " + first_page.group(1) + b" 0 R", data)
    # a page whose content is the page itself
    page = re.search(rb"(\d+) 0 obj\s*<<\s*/Contents (\d+) 0 R", data)
    if page is None:
        return _flip(rng, data)
    return data[: page.start(2)] + page.group(1) + data[page.end(2):]


def _nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([500, 5_000, 50_000])
    opener, closer = rng.choice([(b"[", b"]"), (b"<<", b">>")])
    junk = b"\n99 0 obj\n" + opener * depth + closer * depth + b"\nendobj\n"
    at = data.find(b"xref")
    target = re.search(rb"/Resources ", data)
    out = data[:at] + junk + data[at:]
    if target is not None and rng.random() < 0.5:  # referenced, so a parser must read it
        out = out.replace(b"/Resources ", b"/Resources 99 0 R /Ignored ", 1)
    return out


def _garbage(rng: random.Random, data: bytes) -> bytes:
    where = rng.randrange(3)
    junk = rng.randbytes(rng.randint(1, 4096))
    if where == 0:
        return junk[:512] + data  # the header is still within the first kilobyte or not
    if where == 1:
        return data + junk
    middle = rng.randrange(len(data))
    return data[:middle] + junk + data[middle:]


def inflate_bomb(data: bytes, inflated_bytes: int) -> bytes:
    """``data`` with its first page's content stream replaced by a Flate stream that
    inflates to ``inflated_bytes`` of PDF whitespace (a few hundred kilobytes on disk)."""
    page = re.search(rb"/Contents (\d+) 0 R", data)
    assert page is not None, "no page content to replace"
    number = page.group(1)
    # deflate's full flush resets the compressor, so every megabyte after the first
    # compresses to the same bytes: the stream is built by repetition, in milliseconds
    block = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressor.compress(block)
    repeat = compressor.flush(zlib.Z_FULL_FLUSH)
    count = max(1, inflated_bytes >> 20)
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(block, checksum)
    # zlib header, the blocks, an empty final block, the Adler-32 of what it inflates to
    stream = b"\x78\xda" + repeat * count + b"\x03\x00" + checksum.to_bytes(4, "big")
    obj = re.compile(rb"\n" + number + rb" 0 obj\n.*?endobj\n", re.S)
    replacement = (
        b"\n" + number + b" 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream)
        + stream + b"\nendstream\nendobj\n"
    )
    return obj.sub(lambda _m: replacement, data, count=1)


def _bomb(rng: random.Random, data: bytes) -> bytes:
    return inflate_bomb(data, rng.choice([64, 256, 1024]) << 20)


KINDS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "xref": _xref,
    "length": _length,
    "loop": _loop,
    "nesting": _nesting,
    "garbage": _garbage,
}


def mutants(bases: dict[str, bytes], count: int, seed: int, *, bombs: int = 0) -> list[Mutant]:
    """``count`` mutants of the ``bases`` (name -> PDF bytes), kinds taken in turn, plus
    ``bombs`` inflation bombs; deterministic for a given seed."""
    rng = random.Random(seed)
    names = sorted(bases)
    kinds = sorted(KINDS)
    out = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        base = names[rng.randrange(len(names))]
        out.append(Mutant(f"{kind}_{n:04d}_{base}.pdf", kind, KINDS[kind](rng, bases[base])))
    for n in range(bombs):
        base = names[rng.randrange(len(names))]
        out.append(Mutant(f"bomb_{n:04d}_{base}.pdf", "bomb", _bomb(rng, bases[base])))
    return out


# --------------------------------------------------------------------------- good papers to damage

_DECISION_LINES = (
    "KENT COUNTY COUNCIL - RECORD OF DECISION",
    "DECISION TAKEN BY: Cabinet Member for Community and Regulatory Services",
    "DECISION NO: 21/00042",
    "Subject: Library opening hours",
    "Decision: As Cabinet Member, I agree to:",
    "a) EXTEND the opening hours of the twelve district libraries; and",
    "b) DELEGATE authority to the Director of Libraries to agree the rota.",
    "The cost is \u00a3250,000 per year from April 2022, within the \u00a31.2m budget.",
    "Reason(s) for decision: usage rose by 12% in 2021.",
)


def base_papers() -> dict[str, bytes]:
    """Three small good papers: plain text lines, a ruled table (read by papertrail's own
    grid reader), and rulings that are not a grid (so the pages also go through
    pdfplumber and pdfminer).  Deterministic bytes."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from tests.pdfgen import FONT_REGULAR, register_fonts

    register_fonts()
    out = {}
    for name in ("text", "grid", "lines"):
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
        page.setTitle(f"Record of decision ({name})")
        page.setFont(FONT_REGULAR, 11)
        y = 780
        for line in _DECISION_LINES:
            page.drawString(60, y, line)
            y -= 16
        if name == "grid":  # a two-by-three ruled table
            for row in range(4):
                page.line(60, 600 - 20 * row, 360, 600 - 20 * row)
            for x in (60, 200, 360):
                page.line(x, 600, x, 540)
            for row, (label, amount) in enumerate((("Staff", "\u00a3200,000"), ("Books", "\u00a350,000"), ("Total", "\u00a3250,000"))):
                page.drawString(64, 586 - 20 * row, label)
                page.drawString(204, 586 - 20 * row, amount)
        if name == "lines":  # a signature line and an L-shaped rule: not a grid
            page.line(60, 560, 300, 560)
            page.line(60, 520, 300, 520)
            page.line(330, 600, 500, 600)
            page.line(330, 600, 330, 540)
            page.drawString(64, 545, "Signed")
        page.showPage()
        page.save()
        out[name] = buffer.getvalue()
    return out
