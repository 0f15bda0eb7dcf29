"""Test-side PDF generator: render council papers (plain text) as realistic PDFs.

Real papertrail input is PDF, but the sample corpus is extracted text.  This
module turns such text back into a PDF that looks the way a council word
processor prints a paper, so the ingest/extract code can be tested against a
real text layer:

* A4, ~2 cm margins, a running header line on every page and a centred
  ``Page N`` footer on every page;
* body paragraphs reflowed (blank lines separate paragraphs, hard line breaks
  inside a paragraph become spaces), DejaVu Sans 10.5 pt, so ``£``, ``–``,
  curly quotes, ``•`` and Cyrillic look-alikes survive into the text layer;
* ``- ``, ``• `` or private-use-bullet lines as bulleted items;
* ``**bold**`` in bold;
* markdown pipe tables and known "flattened" tables as ruled tables (found by
  pdfplumber's default ``extract_tables()``), tab-separated lines as
  borderless tables;
* deterministic output (reportlab ``invariant=1``): same input, same bytes.

Public API: :func:`render_paper_pdf`, :func:`corpus_pdf`, :func:`simple_pdf`,
:func:`find_flattened_table`, :func:`register_fonts`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "DEFAULT_HEADER",
    "FONT_BOLD",
    "FONT_DIR",
    "FONT_PACKAGE",
    "FONT_REGULAR",
    "KNOWN_FLAT_TABLE_HEADERS",
    "FontNotFoundError",
    "corpus_pdf",
    "find_flattened_table",
    "register_fonts",
    "render_paper_pdf",
    "simple_pdf",
]

# --------------------------------------------------------------------------- fonts

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_PACKAGE = "fonts-dejavu-core"
FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT_REGULAR: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}


class FontNotFoundError(FileNotFoundError):
    """A DejaVu TTF file needed for the test PDFs is not installed."""


def register_fonts() -> None:
    """Register DejaVuSans and DejaVuSans-Bold with reportlab (idempotent).

    Raises :class:`FontNotFoundError` naming the Debian package
    ``fonts-dejavu-core`` when a font file is missing.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FONT_FILES.items():
        if name in registered:
            continue
        path = FONT_DIR / filename
        if not path.is_file():
            raise FontNotFoundError(
                f"font file {path} not found: the test PDF generator needs the DejaVu "
                f"TrueType fonts; install the Debian package {FONT_PACKAGE} "
                f"(apt-get install {FONT_PACKAGE})"
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT_REGULAR,
        normal=FONT_REGULAR,
        bold=FONT_BOLD,
        italic=FONT_REGULAR,
        boldItalic=FONT_BOLD,
    )


# --------------------------------------------------------------------------- layout

DEFAULT_HEADER = "Kent County Council"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY_SIZE = 10.5
BODY_LEADING = 13.5
TABLE_SIZE = 9  # ruled tables use a smaller font, as council papers usually do
TABLE_LEADING = 11.5
HEADER_SIZE = 9
HEADER_Y = PAGE_HEIGHT - 1.2 * cm  # baseline of the running header
FOOTER_Y = 1.2 * cm  # baseline of the "Page N" footer
CELL_PAD = 5  # left/right padding of table cells, points
EMPTY_COLUMN_WIDTH = 1 * cm  # width of a column that is empty in every row (a tab stop)
BULLET_GLYPH = "\u2022"


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "pt-body",
        fontName=FONT_REGULAR,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        spaceAfter=6,
    )
    bullets = {
        f"bullet{level}": ParagraphStyle(
            f"pt-bullet{level}",
            parent=body,
            leftIndent=18 + 18 * level,
            bulletIndent=5 + 18 * level,
            bulletFontName=FONT_REGULAR,
            bulletFontSize=BODY_SIZE,
            spaceAfter=3,
        )
        for level in (0, 1, 2)
    }
    cell = ParagraphStyle("pt-cell", parent=body, spaceAfter=0)
    ruled = ParagraphStyle("pt-ruled-cell", parent=cell, fontSize=TABLE_SIZE, leading=TABLE_LEADING)
    ruled_bold = ParagraphStyle("pt-ruled-cell-bold", parent=ruled, fontName=FONT_BOLD)
    return {"body": body, "cell": cell, "ruled": ruled, "ruled_bold": ruled_bold, **bullets}


# --------------------------------------------------------------------------- inline markup

_BOLD_RE = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def _markup(text: str) -> str:
    """Escape text for a reportlab Paragraph and turn ``**x**`` into bold."""
    return _BOLD_RE.sub(r"<b>\1</b>", _xml_escape(text))


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Printed width of ``text`` (``**bold**`` runs measured in the bold font)."""
    width = 0.0
    for i, part in enumerate(_BOLD_RE.split(text)):  # odd parts were inside **...**
        font = FONT_BOLD if bold or i % 2 else FONT_REGULAR
        width += pdfmetrics.stringWidth(part, font, size)
    return width


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- flattened tables

#: Column headers of tables that some corpus papers carry "flattened" into
#: text lines (one cell per line or per run of lines).  render_paper_pdf looks
#: for each of them and renders the block as a ruled table.
KNOWN_FLAT_TABLE_HEADERS: tuple[tuple[str, ...], ...] = (
    # 003_d387949efc80ee04, section 3.2 (performance indicators)
    ("Indicator", "April 18 \u2013 Mar 19 average", "Apr-19", "Percentage change"),
)

_NUM = r"[+\-\u2212]?£?\d[\d,]*(?:\.\d+)?%?"


@dataclass(frozen=True)
class FlatTable:
    """A flattened table found in a list of lines: ``lines[start:end]``."""

    start: int
    end: int
    rows: list[list[str]] = field(hash=False)


def find_flattened_table(
    lines: Sequence[str],
    header: Sequence[str],
    *,
    start: int = 0,
    max_label_chars: int = 60,
) -> FlatTable | None:
    """Find a table whose cells were flattened into text lines.

    The table is recognised from its column ``header`` cells: the non-blank
    lines from some line on must read, whitespace-normalised, exactly as the
    header cells joined by spaces (cells may be split over several lines).
    After the header come data rows, each a text label (possibly over several
    lines) followed by ``len(header) - 1`` numeric cells (``106``, ``+76%``,
    ``£2.6m`` is *not* numeric, ``1,500`` is).  The table ends after the last
    complete row, i.e. when the pending label text grows longer than
    ``max_label_chars`` without completing a row, or at the end of the text.

    Returns the line range and the rows (header row first), or None.
    """
    header = [_norm(h) for h in header]
    if len(header) < 2 or not all(header):
        raise ValueError("a flattened table needs at least two non-empty header cells")
    header_text = " ".join(header)
    row_re = re.compile(r"(.+?)" + "".join(r"\s+(" + _NUM + r")" for _ in header[1:]))
    for i in range(start, len(lines)):
        first = _norm(lines[i])
        if not (first + " ").startswith(header[0] + " "):
            continue
        # match the header cells over the following lines
        acc: list[str] = []
        j = i
        while j < len(lines) and len(" ".join(acc)) < len(header_text):
            s = _norm(lines[j])
            j += 1
            if s:
                acc.append(s)
        if " ".join(acc) != header_text:
            continue
        rows: list[list[str]] = []
        pending: list[str] = []
        end = j
        k = j
        while k < len(lines):
            s = _norm(lines[k])
            k += 1
            if not s:
                continue
            pending.append(s)
            candidate = " ".join(pending)
            m = row_re.fullmatch(candidate)
            if m:
                rows.append([g.strip() for g in m.groups()])
                pending = []
                end = k
            elif len(candidate) > max_label_chars:
                break
        if rows:
            return FlatTable(i, end, [list(header)] + rows)
    return None


# --------------------------------------------------------------------------- block parsing

_BULLET_RE = re.compile(
    r"^(?P<indent>[ \t]*)"
    r"(?:[-\u2022\u25aa\u25cf\u25e6\u00b7]|[\ue000-\uf8ff])"  # -, •, ▪, ●, ◦, ·, private-use (Symbol font)
    r"[ \t]+(?P<text>\S.*)$"
)
_SEPARATOR_CELL_RE = re.compile(r":?-{2,}:?")


def _is_pipe_line(line: str) -> bool:
    s = line.strip()
    return len(s) >= 2 and s.startswith("|") and s.endswith("|")


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip()[1:-1].split("|")]


def _tab_cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _column_widths(
    rows: list[list[str]], *, bold_first_row: bool, size: float, avail: float
) -> list[float]:
    """Natural column widths (text width + padding); squeezed to fit ``avail``."""
    ncols = max(len(r) for r in rows)
    natural: list[float] = []
    for c in range(ncols):
        widest = 0.0
        for r, row in enumerate(rows):
            if c < len(row) and row[c]:
                bold = bold_first_row and r == 0
                widest = max(widest, _text_width(row[c], size, bold=bold))
        natural.append(widest + 2 * CELL_PAD + 1 if widest else EMPTY_COLUMN_WIDTH)
    if sum(natural) <= avail:
        return natural
    # keep narrow columns at their natural width, share the rest among wide ones
    widths = list(natural)
    fixed: set[int] = set()
    while True:
        free = [c for c in range(ncols) if c not in fixed]
        room = avail - sum(widths[c] for c in fixed)
        share = room / len(free)
        newly = [c for c in free if natural[c] <= share]
        if not newly or len(newly) == len(free):
            total = sum(natural[c] for c in free)
            for c in free:
                widths[c] = max(room * natural[c] / total, 2 * CELL_PAD + 12)
            return widths
        fixed.update(newly)


def _table(rows: list[list[str]], styles: dict[str, ParagraphStyle], *, ruled: bool) -> Flowable:
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    widths = _column_widths(
        rows,
        bold_first_row=ruled,
        size=TABLE_SIZE if ruled else BODY_SIZE,
        avail=FRAME_WIDTH,
    )

    def style(r: int) -> ParagraphStyle:
        if not ruled:
            return styles["cell"]
        return styles["ruled_bold" if r == 0 else "ruled"]

    data = [[Paragraph(_markup(cell), style(r)) for cell in row] for r, row in enumerate(rows)]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2 if not ruled else 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 if not ruled else 4),
    ]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    else:
        commands.append(("LEFTPADDING", (0, 0), (0, -1), 0))
    table = Table(
        data,
        colWidths=widths,
        hAlign="LEFT",
        repeatRows=1 if ruled else 0,
        style=TableStyle(commands),
    )
    return KeepTogether([table, Spacer(1, 8)])


# "Subject: ...", "Classification: ..." lines: header fields, each printed on its own line
_FIELD_RE = re.compile(r"^[A-Z][\w ()/'&-]{0,40}:(?:\s|$)")


def _block_flowables(block: list[str], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Flowables for one block of consecutive non-blank lines."""
    out: list[Flowable] = []
    kind: str | None = None  # "para" | "bullet" | "tabs" | "pipe"
    texts: list[str] = []
    rows: list[list[str]] = []
    level = 0

    def flush() -> None:
        nonlocal kind, texts, rows
        if kind == "para":
            out.append(Paragraph(_markup(" ".join(texts)), styles["body"]))
        elif kind == "bullet":
            out.append(
                Paragraph(
                    _markup(" ".join(texts)),
                    styles[f"bullet{min(level, 2)}"],
                    bulletText=BULLET_GLYPH,
                )
            )
        elif kind == "tabs" and rows:
            out.append(_table(rows, styles, ruled=False))
        elif kind == "pipe" and rows:
            out.append(_table(rows, styles, ruled=True))
        kind, texts, rows = None, [], []

    for raw in block:
        line = raw.rstrip(" \r\f\v")
        if _is_pipe_line(line):
            if kind != "pipe":
                flush()
                kind = "pipe"
            cells = _pipe_cells(line)
            if not all(_SEPARATOR_CELL_RE.fullmatch(c) for c in cells):
                rows.append(cells)
            continue
        m = _BULLET_RE.match(line)
        if m:
            flush()
            kind = "bullet"
            indent = m.group("indent").expandtabs(4)
            level = 1 if indent else 0
            texts = [_norm(m.group("text"))]
            continue
        if "\t" in line:
            cells = _tab_cells(line)
            if cells:
                if kind != "tabs":
                    flush()
                    kind = "tabs"
                rows.append(cells)
            continue
        text = _norm(line)
        if not text:
            continue
        if kind in ("para", "bullet") and not _FIELD_RE.match(text):
            texts.append(text)  # continuation line: joins the paragraph / item
        else:
            flush()
            kind = "para"
            texts = [text]
    flush()
    return out


def _lines_flowables(lines: Sequence[str], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            out.extend(_block_flowables(block, styles))
            block = []
    if block:
        out.extend(_block_flowables(block, styles))
    return out


def _paper_flowables(text: str, flat_table_headers: Sequence[Sequence[str]]) -> list[Flowable]:
    styles = _styles()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines = text.split("\n")
    found: list[FlatTable] = []
    for header in flat_table_headers:
        pos = 0
        while (hit := find_flattened_table(lines, header, start=pos)) is not None:
            found.append(hit)
            pos = hit.end
    found.sort(key=lambda t: t.start)
    out: list[Flowable] = []
    pos = 0
    for table in found:
        if table.start < pos:  # overlapping match: keep the earlier one
            continue
        out.extend(_lines_flowables(lines[pos : table.start], styles))
        out.append(_table(table.rows, styles, ruled=True))
        pos = table.end
    out.extend(_lines_flowables(lines[pos:], styles))
    return out


# --------------------------------------------------------------------------- public API


def _decorate(header: str | None, page_numbers: bool):
    def on_page(canv: rl_canvas.Canvas, doc) -> None:
        canv.saveState()
        canv.setFont(FONT_REGULAR, HEADER_SIZE)
        if header:
            canv.drawString(MARGIN, HEADER_Y, header)
        if page_numbers:
            canv.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"Page {canv.getPageNumber()}")
        canv.restoreState()

    return on_page


def render_paper_pdf(
    text: str,
    out_path: Path,
    *,
    header: str = DEFAULT_HEADER,
    title: str | None = None,
    flat_table_headers: Sequence[Sequence[str]] = KNOWN_FLAT_TABLE_HEADERS,
) -> Path:
    """Render a council paper's text as a word-processor-like A4 PDF.

    Layout: ~2 cm margins; ``header`` drawn as a running header line at the
    top of every page; a centred ``Page N`` footer on every page; body text
    DejaVu Sans 10.5 pt.

    Text conventions:

    * blocks separated by blank (or whitespace-only) lines are paragraphs;
      hard line breaks inside a block become spaces, so the PDF wraps at its
      own width;
    * a line starting with ``- ``, ``• `` or a private-use (Symbol font)
      bullet is a bulleted item (indented lines are second-level items); the
      following lines of the same block that are not bullets join the item;
    * ``**bold**`` is rendered in bold without the asterisks (single
      ``*asterisks*`` are left as they are);
    * consecutive ``| a | b |`` lines are a ruled table (GRID lines, found by
      pdfplumber's default ``extract_tables()``); the ``|---|`` line is dropped
      and the first row is the (bold) header row;
    * a table flattened into text lines whose column headers are listed in
      ``flat_table_headers`` (default :data:`KNOWN_FLAT_TABLE_HEADERS`) is
      rendered as a ruled table (see :func:`find_flattened_table`);
    * consecutive lines containing tabs are a borderless table, one column per
      tab-separated cell (trailing empty cells dropped).

    ``title`` goes into the PDF metadata (``None`` -> empty title).  The output
    is deterministic: the same arguments give a byte-identical file.  Parent
    directories of ``out_path`` are created.  Returns ``out_path``.
    """
    register_fonts()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    flowables = _paper_flowables(text, flat_table_headers)
    if not flowables:
        flowables = [Spacer(1, 1)]  # still one page, with header and footer
    doc = SimpleDocTemplate(
        str(out_path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title if title is not None else "",
        author=header or "",
        creator="Microsoft Word",  # what council PDFs usually claim
        invariant=1,
    )
    on_page = _decorate(header, page_numbers=True)
    doc.build(flowables, onFirstPage=on_page, onLaterPages=on_page)
    return out_path


def corpus_pdf(src: Path, out_dir: Path) -> Path:
    """Render the corpus text file ``src`` (UTF-8) to ``out_dir/<stem>.pdf``.

    Uses the running header "Kent County Council" and the file stem as the
    PDF title.  Returns the PDF path.
    """
    src = Path(src)
    text = src.read_text(encoding="utf-8")
    return render_paper_pdf(
        text, Path(out_dir) / f"{src.stem}.pdf", header=DEFAULT_HEADER, title=src.stem
    )


SIMPLE_FONT_SIZE = 11
SIMPLE_LEADING = 14
SIMPLE_LEFT = MARGIN
SIMPLE_TOP = PAGE_HEIGHT - 3 * cm  # baseline of the first line of a page
SIMPLE_BOTTOM = 2.5 * cm  # lowest allowed baseline
SIMPLE_MAX_LINES = int((SIMPLE_TOP - SIMPLE_BOTTOM) // SIMPLE_LEADING) + 1


def simple_pdf(
    pages: list[list[str]],
    out_path: Path,
    *,
    header: str | None = None,
    footer_page_numbers: bool = True,
) -> Path:
    """A tiny deterministic renderer for precise tests.

    Each inner list holds the lines of one page; line ``i`` is drawn with
    ``canvas.drawString`` at x = 2 cm, baseline ``SIMPLE_TOP - i * 14`` pt,
    DejaVu Sans 11 pt, no wrapping (tabs become four spaces).  ``header`` is
    drawn at the top of every page (9 pt, like :func:`render_paper_pdf`), and
    a centred ``Page N`` footer when ``footer_page_numbers``.  An empty inner
    list gives a page with only header/footer.

    Raises ValueError for no pages, a line containing a newline, or more than
    :data:`SIMPLE_MAX_LINES` lines on a page.  Returns ``out_path``.
    """
    if not pages:
        raise ValueError("simple_pdf needs at least one page")
    for n, lines in enumerate(pages, 1):
        if len(lines) > SIMPLE_MAX_LINES:
            raise ValueError(
                f"page {n} has {len(lines)} lines; at most {SIMPLE_MAX_LINES} fit on a page"
            )
        if any("\n" in line or "\r" in line for line in lines):
            raise ValueError(f"page {n}: a line must not contain a line break")
    register_fonts()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    canv = rl_canvas.Canvas(str(out_path), pagesize=A4, invariant=1)
    canv.setTitle("")
    canv.setAuthor("")
    decorate = _decorate(header, footer_page_numbers)
    for lines in pages:
        decorate(canv, None)
        canv.setFont(FONT_REGULAR, SIMPLE_FONT_SIZE)
        for i, line in enumerate(lines):
            canv.drawString(SIMPLE_LEFT, SIMPLE_TOP - i * SIMPLE_LEADING, line.expandtabs(4))
        canv.showPage()
    canv.save()
    return out_path
