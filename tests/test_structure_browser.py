"""The structure page in a real browser (headless Chromium, as tests/test_browser.py drives
it): it opens with no console error (a blocked style, script or image shows as one), the
page images are drawn, hovering or clicking a block in the list lights up its box, and
screenshots are saved (to tmp_path, and to $PAPERTRAIL_SCREENSHOTS when set)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.structure.export import read_structure
from schemas.structure import BlockKind
from tests.structure_pages import write_paper_pdf, write_paper_txt
from tests.test_browser import _open, browser, shots  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("structure_site")
    for paper in (write_paper_pdf(folder), write_paper_txt(folder)):
        out = folder / f"{paper.suffix[1:]}.html"
        result = CliRunner().invoke(main, ["structure", str(paper), "--html", str(out)])
        assert result.exit_code == 0, result.stderr
    return folder


def _save(page: Any, shots: Path, name: str) -> Path:
    """A screenshot of the window (the whole page is a long scroll of page images)."""
    path = shots / name
    page.screenshot(path=str(path))
    extra = os.environ.get("PAPERTRAIL_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, Path(extra) / name)
    return path


def _classes(page: Any, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(selector, "els => els.map(e => Array.from(e.classList))")


def _in_view(page: Any, selector: str) -> bool:
    return bool(page.eval_on_selector(
        selector, "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }"))


def test_pdf_page_draws_the_pages_and_lights_up_a_block(browser: Any, site: Path, shots: Path, tmp_path: Path) -> None:
    from PIL import Image

    found = read_structure(site / "library_hours.pdf")
    page, console = _open(browser, site, "pdf.html", width=1400)
    assert page.evaluate("window.__pwned") is None, "a paper's <script> ran"
    assert page.locator("figure.page").count() == 2
    assert page.locator("g.box").count() == len(found.blocks) + 1  # one block runs onto page 2

    # the page image is drawn: the first page's figure holds dark (printed) pixels
    sheet = page.locator("#page-1 svg").bounding_box()
    shot = Image.open(_save(page, shots, "structure_pdf.png")).convert("L")
    top = shot.crop((int(sheet["x"]), int(sheet["y"]), int(sheet["x"] + sheet["width"]), shot.height))
    dark = sum(top.histogram()[:100])
    assert dark > 0.005 * top.width * top.height, "the page image was not drawn"

    table = next(b for b in found.blocks if b.kind is BlockKind.table)
    page.hover(f"li#block-{table.id}")
    assert "on" in _classes(page, f"g.box[data-block='{table.id}']")[0]
    page.hover(f"li#block-{table.id + 1}")
    assert "on" not in _classes(page, f"g.box[data-block='{table.id}']")[0]

    last = found.blocks[-1]  # furniture at the foot of page 2, far down the page
    page.click(f"li#block-{last.id} .kind")
    assert ["sel"] == [c for c in _classes(page, f"g.box[data-block='{last.id}']")[0] if c == "sel"]
    assert _in_view(page, f"#at-{last.id}"), "clicking a block scrolls its box into view"
    _save(page, shots, "structure_pdf_selected.png")

    page.click(f"#at-{table.id} rect", force=True)
    assert "sel" in _classes(page, f"li#block-{table.id}")[0]
    assert "sel" not in _classes(page, f"li#block-{last.id}")[0]
    page.uncheck("input[data-kind='table']")
    assert not page.locator(f"#at-{table.id}").is_visible()
    page.check("input[data-kind='table']")
    assert page.locator(f"#at-{table.id}").is_visible()
    page.close()
    assert console.errors == []


def test_text_page_marks_the_spans(browser: Any, site: Path, shots: Path) -> None:
    found = read_structure(site / "library_hours.txt")
    page, console = _open(browser, site, "txt.html")
    assert page.evaluate("window.__pwned") is None, "a paper's <script> ran"
    assert page.locator("pre.text mark").count() == len(found.blocks)
    item = next(b for b in found.blocks if b.label == "b)")
    page.click(f"li#block-{item.id} .kind")
    assert "sel" in _classes(page, f"mark[data-block='{item.id}']")[0]
    assert page.locator(f"mark[data-block='{item.id}']").inner_text() == item.text
    _save(page, shots, "structure_text.png")
    page.close()
    assert console.errors == []


def test_phone_width_stacks_the_list_under_the_pages(browser: Any, site: Path, shots: Path) -> None:
    page, console = _open(browser, site, "pdf.html", width=390)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the structure page scrolls sideways by {overflow}px on a phone"
    pages_box = page.locator("main.view").bounding_box()
    list_box = page.locator("aside.side").bounding_box()
    assert list_box["y"] >= pages_box["y"] + pages_box["height"] - 1
    _save(page, shots, "phone_structure_pdf.png")
    page.close()
    assert console.errors == []
