"""``papertrail structure FILE``: the blocks as JSON lines, and the visual debugging page
(``--html``) that draws them over the printed pages."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.structure.boxes import block_boxes
from pipeline.structure.export import read_structure
from schemas.structure import BlockKind, ColumnRole, RowKind
from tests.structure_pages import PAPER, read_page, write_paper_pdf, write_paper_txt

KEYS = ("id", "kind", "page", "char_start", "char_end", "label", "level", "text")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("structure_papers")
    return {"txt": write_paper_txt(folder), "pdf": write_paper_pdf(folder)}


@pytest.fixture(scope="module")
def pdf_page(papers: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("structure_html") / "library_hours.html"
    code, _, err = invoke("structure", str(papers["pdf"]), "--html", str(out))
    assert code == 0, err
    return out


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _one(records: list[dict[str, Any]], kind: str, text: str) -> dict[str, Any]:
    found = [r for r in records if r["kind"] == kind and r["text"].startswith(text)]
    assert len(found) == 1, (kind, text, [(r["kind"], r["text"][:40]) for r in records])
    return found[0]


# --------------------------------------------------------------------------- JSON lines


@pytest.mark.parametrize("form", ["txt", "pdf"])
def test_json_lines_parse_and_their_spans_hold(papers: dict[str, Path], tmp_path: Path, form: str) -> None:
    out = tmp_path / "out"
    code, stdout, err = invoke("structure", str(papers[form]), "--out", str(out))
    assert code == 0, err
    assert stdout == ""
    lines = (out / "library_hours.blocks.jsonl").read_text(encoding="utf-8").splitlines()
    text = (out / "library_hours.txt").read_text(encoding="utf-8")
    assert (out / "library_hours.structure.html").is_file()
    code, printed, _ = invoke("structure", str(papers[form]))
    assert code == 0 and printed.splitlines() == lines  # --out writes what is printed
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == list(range(len(records)))
    for record in records:
        assert set(KEYS) <= set(record), record
        if record["kind"] == "furniture":
            assert record["char_start"] is None and record["char_end"] is None
            continue
        assert text[record["char_start"]:record["char_end"]] == record["text"], record
        if "value" in record:
            assert text[record["value_start"]:record["value_end"]] == record["value"]
        for cell in (c for row in record.get("table", {}).get("rows", []) for c in row["cells"]):
            assert text[cell["char_start"]:cell["char_end"]] == cell["text"]
    starts = [r["char_start"] for r in records if r["char_start"] is not None]
    assert starts == sorted(starts), "blocks are in reading order"


@pytest.mark.parametrize("form", ["txt", "pdf"])
def test_kinds_of_a_heading_a_list_item_a_field_and_a_table(papers: dict[str, Path], form: str) -> None:
    code, stdout, _ = invoke("structure", str(papers[form]))
    assert code == 0
    records = _records(stdout)
    heading = _one(records, "heading", "2. Financial Implications")
    assert heading["label"] == "2." and heading["level"] == 1
    intro = _one(records, "paragraph", "Cabinet agree to:")
    item = _one(records, "list_item", "a) EXTEND")
    assert item["label"] == "a)" and item["level"] == 1 and item["intro"] == intro["id"]
    assert _one(records, "list_item", "b) NOTE")["intro"] == intro["id"]
    assert records[item["section"]]["text"] == "1. Introduction"
    field = _one(records, "field", "Decision No")
    assert field["label"] == "Decision No" and field["value"] == "24/00123"
    assert _one(records, "field", "Key decision")["value"] == "Yes"
    table = _one(records, "table", "")["table"]
    assert [c["role"] for c in table["columns"]] == [
        ColumnRole.label.value, ColumnRole.budget.value, ColumnRole.forecast.value, ColumnRole.variance.value]
    assert all(c["multiplier"] == "1000" for c in table["columns"][1:])
    assert table["header_rows"] == 1
    assert [r["kind"] for r in table["rows"]] == [RowKind.header.value, "body", "body", RowKind.total.value]
    assert table["total_rows"] == [3]
    assert [c["text"] for c in table["rows"][3]["cells"]] == ["Total", "1,500", "1,600", "100"]
    assert "parent" not in heading and "value" not in item, "keys only where set"


def test_pdf_blocks_carry_their_box_and_the_page_they_end_on(papers: dict[str, Path]) -> None:
    code, stdout, _ = invoke("structure", str(papers["pdf"]))
    records = _records(stdout)
    assert all(len(r["bbox"]) == 4 for r in records if r["kind"] != "furniture")
    spanning = [r for r in records if "page_end" in r]
    assert spanning and all(r["page_end"] == r["page"] + 1 for r in spanning)
    furniture = sorted((r["page"], r["text"]) for r in records if r["kind"] == "furniture")
    assert furniture == [(1, "Kent County Council"), (1, "Page 1"), (2, "Kent County Council"), (2, "Page 2")]


# --------------------------------------------------------------------------- errors and help


def test_unreadable_paper_is_one_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html><body>404</body></html>")
    code, stdout, err = invoke("structure", str(bad), "--html", str(tmp_path / "bad.html"))
    assert code == 1 and stdout == ""
    assert err.startswith("papertrail: error: bad.pdf: not a PDF") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "bad.html").exists()
    other = tmp_path / "minutes.odt"
    other.write_bytes(b"PK\x03\x04")
    code, _, err = invoke("structure", str(other))
    assert code == 1 and err.startswith("papertrail: error: minutes.odt: unsupported file type .odt")


def test_usage_errors_exit_2(papers: dict[str, Path], tmp_path: Path) -> None:
    assert invoke("structure", str(tmp_path / "missing.pdf"))[0] == 2
    assert invoke("structure", str(papers["txt"]), "--dpi", "9000")[0] == 2
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = invoke("structure", str(papers["txt"]), "--html", str(blocker / "page.html"))
    assert code == 2 and err.startswith("papertrail: error: cannot write ") and "Traceback" not in err


def test_help_has_an_example() -> None:
    code, out, _ = invoke("structure", "--help")
    assert code == 0 and "Example" in out and "papertrail structure" in out and "--html" in out


# --------------------------------------------------------------------------- the page for a PDF


def test_page_is_valid_html(pdf_page: Path) -> None:
    import html5lib

    text = pdf_page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error


def test_hostile_text_is_escaped_and_only_our_script_runs(pdf_page: Path) -> None:
    text = pdf_page.read_text(encoding="utf-8")
    assert "<script>window" not in text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in text
    page = read_page(pdf_page)
    assert len(page.inline["script"]) == 1 and "__pwned" not in page.inline["script"][0]
    assert "default-src 'none'" in page.csp and "img-src data:" in page.csp
    for kind, directive in (("style", "style-src"), ("script", "script-src")):
        (body,) = page.inline[kind]
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in page.csp, kind


def test_no_external_resource(pdf_page: Path) -> None:
    page = read_page(pdf_page)
    assert page.resources
    ids = set(page.ids)
    for value in page.resources:
        if value.startswith("#"):
            assert value[1:] in ids, f"link to a missing anchor {value}"
        else:
            assert value.startswith("data:image/png;base64,"), value[:60]
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", pdf_page.read_text(encoding="utf-8"))
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.IGNORECASE)
    assert not re.search(r"https?:", text)
    style = page.inline["style"][0]
    assert "url(" not in style and "@import" not in style


def test_each_page_is_its_image_at_100_dpi(pdf_page: Path) -> None:
    from PIL import Image

    page = read_page(pdf_page)
    assert [p.number for p in page.pages] == [1, 2]
    for svg in page.pages:
        assert svg.view_box == (0.0, 0.0, 595.28, 841.89)  # A4 in points
        picture = Image.open(io.BytesIO(base64.b64decode(svg.image.split(",", 1)[1])))
        assert picture.format == "PNG"
        assert picture.size == (pytest.approx(827, abs=1), pytest.approx(1169, abs=1))


def test_one_box_per_block_on_the_right_page(papers: dict[str, Path], pdf_page: Path) -> None:
    found = read_structure(papers["pdf"])
    page = read_page(pdf_page)
    drawn = sorted((b.page, b.block) for b in page.boxes)
    assert len(drawn) == len(set(drawn)), "a block drawn twice on one page"
    expected = []
    for block in found.blocks:
        if block.kind is BlockKind.furniture:
            expected.append((block.page, block.id))
            continue
        last = max(p for p, start in enumerate(found.doc.page_starts, 1) if start < block.char_end)
        expected.extend((p, block.id) for p in range(block.page, last + 1))
    assert drawn == sorted(expected)
    assert sorted({b for _, b in drawn}) == [b.id for b in found.blocks], "every block has a box"
    kinds = {b.id: b.kind.value for b in found.blocks}
    for box in page.boxes:
        assert box.kind == kinds[box.block]
        assert box.tag.startswith(kinds[box.block]) and box.tag.endswith(f"#{box.block}")
    spanning = {b for p, b in expected if p > found.blocks[b].page}
    for block in found.blocks:  # the block's own box lies inside the one drawn on its page
        if block.bbox is not None and block.id not in spanning:
            (box,) = [b for b in page.boxes if b.block == block.id and b.page == block.page]
            x0, top, x1, bottom = block.bbox
            assert box.holds(x0, top) and box.holds(x1, bottom), (block.id, block.bbox, box)
    assert page.list_items == [b.id for b in found.blocks]


def test_boxes_sit_over_the_words_pdfplumber_sees(papers: dict[str, Path], pdf_page: Path) -> None:
    """An independent reading of the page: each word's centre lies in its block's box."""
    import pdfplumber

    found = read_structure(papers["pdf"])
    page = read_page(pdf_page)

    def box_of(text: str, page_no: int) -> Any:
        (block,) = [b for b in found.blocks if b.text.startswith(text)] or [
            b for b in found.blocks if b.kind is BlockKind.furniture and b.text == text and b.page == page_no]
        return next(b for b in page.boxes if b.block == block.id and b.page == page_no)

    with pdfplumber.open(papers["pdf"]) as pdf:
        for page_no, word, owner in [
            (1, "24/00123", "Decision No"), (1, "1,600", "Item\tBudget"), (1, "EXTEND", "a) EXTEND"),
            (1, "Page", "Page 1"), (2, "Tideway", "The closing paragraph"), (2, "Page", "Page 2"),
        ]:
            words = [w for w in pdf.pages[page_no - 1].extract_words() if w["text"] == word]
            assert words, word
            box = box_of(owner, page_no)
            assert any(box.holds((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2) for w in words), (word, box)


def test_a_block_that_runs_onto_the_next_page_is_boxed_on_both(papers: dict[str, Path]) -> None:
    found = read_structure(papers["pdf"])
    boxes = block_boxes(found.doc, found.blocks)
    spanning = [b for b in found.blocks if len(boxes.get(b.id, [])) == 2]
    assert spanning, "the test paper should run a paragraph over the page break"
    for block in spanning:
        first, second = boxes[block.id]
        assert (first.page, second.page) == (block.page, block.page + 1)
        assert first.bottom > 600 and second.top < 200, "the end of one page, the top of the next"


def test_a_rotated_page_is_drawn_landscape_with_its_boxes_inside(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from tests.pdfgen import simple_pdf

    upright = simple_pdf([["Decision No: 24/00123", "1. Introduction", "a) AGREE the plan;"]], tmp_path / "up.pdf")
    document = pdfium.PdfDocument(str(upright))
    document[0].set_rotation(90)
    document.save(str(tmp_path / "turned.pdf"))
    document.close()
    out = tmp_path / "turned.html"
    code, _, err = invoke("structure", str(tmp_path / "turned.pdf"), "--html", str(out))
    assert code == 0, err
    page = read_page(out)
    (svg,) = page.pages
    x, y, width, height = svg.view_box
    assert (width, height) == (841.89, 595.28)
    assert page.boxes
    for box in page.boxes:
        assert x <= box.x and box.x + box.width <= x + width and y <= box.y and box.y + box.height <= y + height


# --------------------------------------------------------------------------- the page for a text paper


def test_text_paper_page_marks_every_block_span(papers: dict[str, Path], tmp_path: Path) -> None:
    import html5lib

    out = tmp_path / "text.html"
    code, _, err = invoke("structure", str(papers["txt"]), "--html", str(out))
    assert code == 0, err
    html5lib.HTMLParser(strict=True).parse(out.read_text(encoding="utf-8"))
    found = read_structure(papers["txt"])
    page = read_page(out)
    assert page.pages == [] and page.boxes == []
    assert page.pre_text == found.doc.text, "the whole normalised text is shown, nothing added"
    assert page.marks == {b.id: b.text for b in found.blocks if b.char_start is not None}
    assert "<script>window" not in out.read_text(encoding="utf-8")
    assert "Library opening hours <script>window.__pwned = 1</script>" in page.pre_text
    assert PAPER.startswith(page.marks[0])
