"""Awkward and broken input files for the ingest tests.

:func:`make_bad_inputs` writes a folder of inputs and returns, per file name,
what the ingest step must do with it: an expected error-message substring, None
(must be processed OK) or :data:`SKIP` (must be skipped as unsupported).  The
ingest code reports exactly the messages defined as constants here.

Everything is deterministic: the same folder contents on every run.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

from tests.pdfgen import (
    FONT_DIR,
    FONT_PACKAGE,
    FONT_REGULAR,
    FontNotFoundError,
    register_fonts,
    render_paper_pdf,
)

__all__ = [
    "ENCRYPTED_PASSWORD",
    "ERR_DAMAGED_PDF",
    "ERR_EMPTY",
    "ERR_ENCRYPTED",
    "ERR_HTML_AS_PDF",
    "ERR_NOT_PDF",
    "ERR_NO_TEXT_LAYER",
    "RANDOM_SEED",
    "SCANNED_LINES",
    "SKIP",
    "TRUNCATE_FRACTION",
    "make_bad_inputs",
    "sample_paper_text",
]

# Messages the ingest code produces (matched as substrings).
ERR_EMPTY = "empty file"
ERR_NOT_PDF = "not a PDF"
ERR_DAMAGED_PDF = "damaged PDF"
ERR_ENCRYPTED = "encrypted PDF: a password is required"
ERR_HTML_AS_PDF = "not a PDF: the file is an HTML page"
ERR_NO_TEXT_LAYER = "no text layer"
#: The file must be skipped as unsupported (not an error, not processed).
SKIP = "SKIP"

ENCRYPTED_PASSWORD = "secret"
ENCRYPTED_OWNER_PASSWORD = "owner-secret"
RANDOM_SEED = 20190401
RANDOM_SIZE = 4096
TRUNCATE_FRACTION = 0.6

#: The printed text shown in the raster image of ``scanned.pdf``.
SCANNED_LINES: tuple[str, ...] = (
    "KENT COUNTY COUNCIL - RECORD OF DECISION",
    "",
    "DECISION TAKEN BY: Cabinet Member for Highways and Transport",
    "DECISION NO: 19/00042",
    "",
    "Subject: Winter gritting routes 2019/20",
    "",
    "Decision: As Cabinet Member for Highways and Transport, I agree to",
    "approve the revised primary gritting network at a cost of",
    "\u00a31,250,000 per year.",
    "",
    "Reason(s) for decision: the network was last reviewed in 2014.",
)


def sample_paper_text(sections: int = 8) -> str:
    """A synthetic council report, long enough to span several PDF pages."""
    parts = [
        "KENT COUNTY COUNCIL \u2013 PROPOSED RECORD OF DECISION",
        "DECISION TO BE TAKEN BY:\n\nCabinet Member for Highways and Transport",
        "DECISION NO:\n\n19/00042",
        "Subject: Winter gritting routes and salt barn replacement programme",
        "Decision:",
        "As Cabinet Member for Highways and Transport, I propose to:",
        (
            "- a) APPROVE the revised primary gritting network;\n"
            "- b) DELEGATE authority to the Corporate Director of Growth, Environment and "
            "Transport to award the contract."
        ),
    ]
    for s in range(1, sections + 1):
        parts.append(f"{s}. Section {s}")
        for p in range(1, 4):
            parts.append(
                f"{s}.{p} The County Council maintains around 5,400 miles of road and "
                f"the gritting network covers the routes that carry the most traffic. "
                f"This paragraph ({s}.{p}) sets out the \u2018background\u2019 to the "
                f"proposal, the \u00a3{s * 125_000:,} budget for this element and the "
                f"expected outcomes for residents, businesses and partners across the "
                f"twelve districts of Kent."
            )
    parts.append("Any interest declared when the decision was taken: None")
    return "\n\n".join(parts) + "\n"


_CP1252_PAPER = (
    "KENT COUNTY COUNCIL \u2013 RECORD OF DECISION\n"
    "\n"
    "DECISION TAKEN BY:\n"
    "\n"
    "Councillor Jos\u00e9 Martinez, Cabinet Member for Community and Regulatory Services\n"
    "\n"
    "DECISION NO:\n"
    "\n"
    "20/00017\n"
    "\n"
    "Subject: Library refurbishment programme\n"
    "\n"
    "Decision:\n"
    "\n"
    "I agree to invest \u00a31,500,000 in the \u2018Libraries for Everyone\u2019 "
    "refurbishment programme.\n"
)

_BOM_PAPER = (
    "KENT COUNTY COUNCIL \u2013 RECORD OF DECISION\n"
    "\n"
    "DECISION NO:\n"
    "\n"
    "21/00003\n"
    "\n"
    "Subject: Household waste recycling centres \u2013 opening hours\n"
    "\n"
    "Decision:\n"
    "\n"
    "I agree to extend summer opening hours at a cost of \u00a3250,000 per year.\n"
)

_SCRIPT_PAPER = (
    "KENT COUNTY COUNCIL - RECORD OF DECISION\n"
    "\n"
    "DECISION NO:\n"
    "\n"
    "22/00099\n"
    "\n"
    'Subject: Parking review <script>alert("x")</script> for <b>bold</b> town centres\n'
    "\n"
    "Decision:\n"
    "\n"
    "I agree to consult on new parking charges of \u00a32.50 per hour & a 20% discount "
    "for residents.\n"
)

_HTML_404 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>404 Not Found</title>
</head>
<body>
<h1>404 Not Found</h1>
<p>The requested URL /documents/s95000/Record%20of%20Decision.pdf was not found on this server.</p>
<hr>
<address>Apache Server at democracy.kent.gov.uk Port 443</address>
</body>
</html>
"""

_HTML_PAPER = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Record of Decision 19/00042</title>
</head>
<body>
<h1>KENT COUNTY COUNCIL &ndash; RECORD OF DECISION</h1>
<p><strong>DECISION NO:</strong> 19/00042</p>
<p><strong>Subject:</strong> Winter gritting routes 2019/20</p>
<p>I agree to approve the revised primary gritting network at a cost of &pound;1,250,000.</p>
</body>
</html>
"""


def _write_encrypted_pdf(path: Path) -> None:
    register_fonts()
    enc = StandardEncryption(
        ENCRYPTED_PASSWORD,
        ownerPassword=ENCRYPTED_OWNER_PASSWORD,
        canPrint=1,
        canModify=0,
        canCopy=0,
        canAnnotate=0,
        strength=128,
    )
    canv = rl_canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=enc)
    canv.setTitle("Confidential record of decision")
    canv.setFont(FONT_REGULAR, 11)
    y = A4[1] - 80
    for line in _CP1252_PAPER.splitlines():
        canv.drawString(57, y, line)
        y -= 15
    canv.showPage()
    canv.save()


def _scan_image(dpi: int = 100) -> Image.Image:
    """A grey-scale 'scan' of a printed page: text pixels, no text layer."""
    width, height = round(A4[0] / 72 * dpi), round(A4[1] / 72 * dpi)
    img = Image.new("L", (width, height), 250)  # slightly off-white paper
    draw = ImageDraw.Draw(img)
    font_path = FONT_DIR / "DejaVuSans.ttf"
    if not font_path.is_file():
        raise FontNotFoundError(f"{font_path} not found; install the Debian package {FONT_PACKAGE}")
    font = ImageFont.truetype(str(font_path), size=round(11 / 72 * dpi))
    x, y = round(2 / 2.54 * dpi), round(2.5 / 2.54 * dpi)
    step = round(16 / 72 * dpi)
    for line in SCANNED_LINES:
        draw.text((x, y), line, fill=25, font=font)
        y += step
    return img


def _write_scanned_pdf(path: Path) -> None:
    canv = rl_canvas.Canvas(str(path), pagesize=A4, invariant=1)
    canv.setTitle("Scanned record of decision")
    canv.drawImage(ImageReader(_scan_image()), 0, 0, width=A4[0], height=A4[1])
    canv.showPage()
    canv.save()


def _docx_bytes() -> bytes:
    """A minimal (deterministic) Word document: a zip with the usual parts."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Meeting notes (draft)</w:t></w:r></w:p></w:body>"
            "</w:document>"
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)
    return buf.getvalue()


def make_bad_inputs(folder: Path) -> dict[str, str | None]:
    """Write awkward inputs into ``folder`` (created if needed).

    Returns ``{file name: expected}`` where ``expected`` is the substring the
    ingest error message must contain, None when the file must be processed
    OK, or :data:`SKIP` when it must be skipped as unsupported:

    ========================  ==============================================
    ``empty.pdf``             0 bytes -> :data:`ERR_EMPTY`
    ``random.pdf``            4 KB of seeded random bytes -> :data:`ERR_NOT_PDF`
    ``truncated.pdf``         first 60 % of a multi-page paper, no ``%%EOF``
                              -> :data:`ERR_DAMAGED_PDF`
    ``encrypted.pdf``         user password ``"secret"`` -> :data:`ERR_ENCRYPTED`
    ``error_page.pdf``        an HTML 404 page -> :data:`ERR_HTML_AS_PDF`
    ``scanned.pdf``           one page, one raster image, no text
                              -> :data:`ERR_NO_TEXT_LAYER`
    ``cp1252.txt``            cp1252-encoded paper (``£`` = 0xA3) -> None
    ``bom.txt``               UTF-8 with BOM -> None
    ``script_paper.txt``      HTML/script tags in the Subject line -> None
    ``page.html``             an HTML paper -> None
    ``notes.docx``            a Word package without its relationships -> failed, one line
    ``memo.odt``              an OpenDocument file -> :data:`SKIP`
    ``good.pdf``              a normal multi-page paper -> None
    ========================  ==============================================
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str | None] = {}

    (folder / "empty.pdf").write_bytes(b"")
    expected["empty.pdf"] = ERR_EMPTY

    (folder / "random.pdf").write_bytes(random.Random(RANDOM_SEED).randbytes(RANDOM_SIZE))
    expected["random.pdf"] = ERR_NOT_PDF

    # render the full paper next to the folder's files, then keep 60 % of it
    full = render_paper_pdf(
        sample_paper_text(), folder / "truncated.pdf", title="Winter gritting routes"
    )
    data = full.read_bytes()
    full.write_bytes(data[: int(len(data) * TRUNCATE_FRACTION)])
    expected["truncated.pdf"] = ERR_DAMAGED_PDF

    _write_encrypted_pdf(folder / "encrypted.pdf")
    expected["encrypted.pdf"] = ERR_ENCRYPTED

    (folder / "error_page.pdf").write_text(_HTML_404, encoding="utf-8")
    expected["error_page.pdf"] = ERR_HTML_AS_PDF

    _write_scanned_pdf(folder / "scanned.pdf")
    expected["scanned.pdf"] = ERR_NO_TEXT_LAYER

    (folder / "cp1252.txt").write_bytes(_CP1252_PAPER.encode("cp1252"))
    expected["cp1252.txt"] = None

    (folder / "bom.txt").write_bytes(_BOM_PAPER.encode("utf-8-sig"))
    expected["bom.txt"] = None

    (folder / "script_paper.txt").write_text(_SCRIPT_PAPER, encoding="utf-8")
    expected["script_paper.txt"] = None

    (folder / "page.html").write_text(_HTML_PAPER, encoding="utf-8")
    expected["page.html"] = None

    (folder / "notes.docx").write_bytes(_docx_bytes())
    expected["notes.docx"] = "damaged Word document"
    (folder / "memo.odt").write_bytes(_docx_bytes())
    expected["memo.odt"] = SKIP

    render_paper_pdf(sample_paper_text(), folder / "good.pdf", title="Winter gritting routes")
    expected["good.pdf"] = None

    return expected
