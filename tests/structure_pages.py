"""Test helpers for ``papertrail structure``: a small paper made in the tests (text and
PDF) and a reader for the structure page's HTML."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# A decision report in miniature: fields, numbered headings, a paragraph, a list with its
# intro, a table with a total row, a hostile script in its subject, and enough background
# to run onto a second page (so the running header and page numbers become furniture).
BACKGROUND = (
    "The library service has reviewed how residents use its buildings across the district, "
    "drawing on visitor counts, the consultation held last spring and the comments of "
    "staff and volunteers at every branch. "
)
PAPER = "\n".join([
    "Subject: Library opening hours <script>window.__pwned = 1</script>",
    "Decision No: 24/00123",
    "Key decision: Yes",
    "",
    "1. Introduction",
    "",
    "1.1 The Cabinet Member is asked to agree the changes set out below.",
    "",
    "Cabinet agree to:",
    "",
    "a) EXTEND opening hours at Deal library;",
    "",
    "b) NOTE the cost of the change.",
    "",
    "2. Financial Implications",
    "",
    "| Item | Budget £000s | Forecast £000s | Variance £000s |",
    "|---|---|---|---|",
    "| Staff | 1,000 | 1,200 | 200 |",
    "| Books | 500 | 400 | -100 |",
    "| Total | 1,500 | 1,600 | 100 |",
    "",
    "3. Background",
    "",
    *[f"3.{n} {BACKGROUND * 3}\n" for n in range(1, 9)],
    "4. Conclusion",
    "",
    "The closing paragraph ends the report with Tideway lending figures.",
    "",
])


def write_paper_txt(folder: Path, name: str = "library_hours") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(PAPER, encoding="utf-8")
    return path


def write_paper_pdf(folder: Path, name: str = "library_hours") -> Path:
    from tests.pdfgen import render_paper_pdf

    return render_paper_pdf(PAPER, folder / f"{name}.pdf", title="Library opening hours")


@dataclass
class Box:
    block: int
    kind: str
    page: int
    x: float
    y: float
    width: float
    height: float
    tag: str = ""

    def holds(self, x: float, y: float) -> bool:
        slack = 0.05  # the page rounds to hundredths of a point
        return (self.x - slack <= x <= self.x + self.width + slack
                and self.y - slack <= y <= self.y + self.height + slack)


@dataclass
class PageSvg:
    number: int
    view_box: tuple[float, float, float, float]
    image: str = ""


class StructureHtml(HTMLParser):
    """What a structure page holds: its page figures with their boxes, the text spans
    marked, the block list, every resource attribute, and its inline style and script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pages: list[PageSvg] = []
        self.boxes: list[Box] = []
        self.marks: dict[int, str] = {}
        self.pre_text = ""
        self.list_items: list[int] = []
        self.resources: list[str] = []
        self.ids: list[str] = []
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self.csp = ""
        self._page = 0
        self._in: str | None = None
        self._mark: int | None = None
        self._pre = False
        self._text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        for name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
            if name in a:
                self.resources.append(a[name])
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content", "")
        if tag in ("style", "script"):
            self._in = tag
            self.inline[tag].append("")
        if tag == "figure" and "data-page" in a:
            self._page = int(a["data-page"])
        if tag == "svg":
            x, y, w, h = (float(v) for v in a["viewbox"].split())
            self.pages.append(PageSvg(self._page, (x, y, w, h)))
        if tag == "image":
            self.pages[-1].image = a.get("href", "")
        if tag == "g" and "box" in a.get("class", "").split():
            kind = next(c[2:] for c in a["class"].split() if c.startswith("k-"))
            self.boxes.append(Box(int(a["data-block"]), kind, self._page, 0, 0, 0, 0))
        if tag == "rect" and self.boxes:
            box = self.boxes[-1]
            box.x, box.y, box.width, box.height = (float(a[k]) for k in ("x", "y", "width", "height"))
        if tag == "text" and self.boxes:
            self._text = True
        if tag == "pre":
            self._pre = True
        if tag == "mark" and "data-block" in a:
            self._mark = int(a["data-block"])
            self.marks[self._mark] = ""
        if tag == "li" and "data-block" in a:
            self.list_items.append(int(a["data-block"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._in = None
        if tag == "mark":
            self._mark = None
        if tag == "pre":
            self._pre = False
        if tag == "text":
            self._text = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline[self._in][-1] += data
        if self._pre:
            self.pre_text += data
        if self._mark is not None:
            self.marks[self._mark] += data
        if self._text:
            self.boxes[-1].tag += data


def read_page(path: Path) -> StructureHtml:
    parser = StructureHtml()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser
