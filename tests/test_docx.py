"""Word papers (.docx) read with python-docx: styles to tags, Word's list numbering, tables,
the same records and provenance as other formats; and a folder mixing PDF, text, HTML and
Word papers run in one batch.  Every Word paper is built here with python-docx."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.batch import process_paper
from pipeline.cli import main
from pipeline.errors import IngestError
from pipeline.ingest import ingest
from pipeline.ingest.docx import read_docx
from tests.helpers import all_sources
from tests.badfiles import sample_paper_text
from tests.pdfgen import render_paper_pdf

HTML_FIXTURE = Path(__file__).parent / "fixtures" / "html" / "modgov_meeting_decisions.html"


def _header_row(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _numbered(paragraph, num_id: int, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    properties.append(num_pr)


def record_docx(path: Path) -> Path:
    """A record of decision as a council writes it in Word."""
    document = docx.Document()
    document.core_properties.title = "Record of decision 19/00042"
    document.add_paragraph("KENT COUNTY COUNCIL – RECORD OF DECISION", style="Title")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(table.rows, [
        ("Decision maker:", "Cabinet Member for Highways and Transport"),
        ("Decision no:", "19/00042"),
        ("Key decision:", "Yes"),
    ]):  # fmt: skip
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("Subject: Winter gritting routes and salt barn replacement programme")
    document.add_heading("Decision:", level=2)
    document.add_paragraph("As Cabinet Member for Highways and Transport, I agree to:")
    document.add_paragraph("APPROVE the revised primary gritting network;", style="List Number")
    document.add_paragraph("AGREE capital funding of £2.65m for the salt barn programme over 3 years; and", style="List Number")
    document.add_paragraph("DELEGATE authority to the Corporate Director to award the contract.", style="List Number")
    document.add_heading("Financial implications", level=3)
    costs = document.add_table(rows=3, cols=2)
    for row, cells in zip(costs.rows, [("Element", "Cost"), ("Salt barn replacement", "£2,650,000"), ("Gritting routes (per year)", "£1,250,000")]):
        row.cells[0].text, row.cells[1].text = cells
    _header_row(costs.rows[0])
    document.add_paragraph("Signed: Michael Payne  Date: 12 February 2019")
    document.save(path)
    return path


def test_styles_numbering_and_tables_become_tagged_lines(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Report to Cabinet", level=1)
    document.add_paragraph("Cabinet is asked to:")
    first = document.add_paragraph("AGREE the plan", style="List Number")
    document.add_paragraph("NOTE the risks", style="List Number")
    nested = document.add_paragraph("including the flood risk", style="List Number 2")
    document.add_paragraph("a point", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, [("Year", "Budget", "Budget"), ("2024/25", "£1,000", "£1,000")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    _header_row(table.rows[0])
    merged = document.add_table(rows=1, cols=3)
    merged.rows[0].cells[0].merge(merged.rows[0].cells[1]).text = "Merged label"
    merged.rows[0].cells[2].text = "£5"
    document.add_paragraph("")
    document.add_paragraph("After   the table.")
    path = tmp_path / "report.docx"
    document.save(path)
    assert first.style.name == "List Number" and nested.style.name == "List Number 2"
    doc = ingest(path, "report")
    assert (doc.format, doc.pages, doc.page_starts) == ("docx", 1, [0])
    lines = [(doc.text[line.char_start : line.char_end], line.tag, line.tag_level, line.page) for line in doc.lines]
    assert [(text, tag, level) for text, tag, level, _ in lines] == [
        ("Report to Cabinet", "h1", 1),
        ("Cabinet is asked to:", "p", None),
        ("1. AGREE the plan", "li", 1),
        ("2. NOTE the risks", "li", 1),
        ("1. including the flood risk", "li", 2),  # "List Number 2": its own list, set in
        ("• a point", "li", 1),
        ("Year\tBudget\tBudget", "th", None),
        ("2024/25\t£1,000\t£1,000", "td", None),
        ("Merged label\t£5", "td", None),  # a merged cell once
        ("After the table.", "p", None),
    ]
    assert {page for *_, page in lines} == {1}  # Word has no pages: one page
    assert doc.title == "Report to Cabinet"


def _two_level_list(document) -> int:
    """Add a numbering definition "1." over "(a)" over "(i)" (starting at 3) and return its numId."""
    root = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (fmt, text, start) in enumerate([("decimal", "%1.", "1"), ("lowerLetter", "(%2)", "1"), ("lowerRoman", "%1.%3", "3")]):
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), str(ilvl))
        for name, value in (("w:start", start), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(name)
            child.set(qn("w:val"), value)
            level.append(child)
        abstract.append(level)
    root.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "91")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    root.append(num)
    return 91


def test_word_numbering_follows_the_numbering_definitions(tmp_path: Path) -> None:
    document = docx.Document()
    num_id = _two_level_list(document)
    for text, level in [("one", 0), ("one a", 1), ("one b", 1), ("deep", 2), ("two", 0), ("two a", 1)]:
        _numbered(document.add_paragraph(text), num_id, level)
    path = tmp_path / "numbers.docx"
    document.save(path)
    paper = read_docx(path.read_bytes())
    assert paper.pages[0].split("\n") == ["1. one", "(a) one a", "(b) one b", "1.iii deep", "2. two", "(a) two a"]
    assert [tag for tag in paper.tags[0]] == [("li", 1), ("li", 2), ("li", 2), ("li", 3), ("li", 1), ("li", 2)]


def test_a_word_record_gives_the_same_records_as_other_formats(tmp_path: Path) -> None:
    path = record_docx(tmp_path / "record.docx")
    records = process_paper(str(path), "record")
    doc = records.document
    assert doc.status.value == "ok", doc.error
    assert doc.doc_type.value == "record_of_decision"
    [decision] = records.decisions
    assert decision.decision_number == "19/00042"
    assert decision.decision_maker == "Cabinet Member for Highways and Transport"
    assert decision.subject == "Winter gritting routes and salt barn replacement programme"
    assert decision.key_decision is True and decision.decision_date == "2019-02-12"
    assert [(r.label, r.verb) for r in decision.resolutions] == [("1", "APPROVE"), ("2", "AGREE"), ("3", "DELEGATE")]
    figures = {(f.amount_text, f.period.value) for f in records.funding}
    assert ("£2.65m", "total") in figures and ("£1,250,000", "per_year") in figures
    text = doc.text
    sources = [s for kind in ("decisions", "funding", "timeline") for item in records.of_kind(kind)
               for s in all_sources(item.model_dump(mode="json"))]
    assert len(sources) >= 6
    for source in sources:
        assert text[source["char_start"] : source["char_end"]] == source["quote"] and source["page"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"This is a text file named .docx", "not a Word document"),
        (b"PK\x03\x04 a broken zip", "not a Word document"),
    ],
)
def test_broken_word_files_fail_with_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=message):
        ingest(path, "bad")
    failed = process_paper(str(path), "bad").document
    assert failed.status.value == "failed" and "\n" not in (failed.error or "")


def test_an_empty_word_document_fails(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    with pytest.raises(IngestError, match="^no text: the Word document has no text$"):
        ingest(path, "empty")


def test_a_folder_mixing_pdf_text_html_and_word_runs_in_one_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    render_paper_pdf(sample_paper_text(), folder / "paper.pdf", title="Winter gritting routes")
    (folder / "notes.txt").write_text(
        "RECORD OF DECISION\nDecision No: 20/00017\nDecision maker: Cabinet\nSubject: Library hours\n\n"
        "Decision:\n\nI agree to:\na) APPROVE the new hours.\n",
        encoding="utf-8",
    )
    shutil.copy(HTML_FIXTURE, folder / "meeting.html")
    record_docx(folder / "record.docx")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "--workers", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "papers ok 4, failed 0, skipped 0" in result.stderr.splitlines()[-1]
    docs = {d["doc_id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text("utf-8").splitlines())}
    assert {d["format"] for d in docs.values()} == {"pdf", "txt", "html", "docx"}
    decisions = [json.loads(line) for line in (out / "decisions.jsonl").read_text("utf-8").splitlines()]
    per_doc: dict[str, int] = {}
    for decision in decisions:
        per_doc[decision["doc_id"]] = per_doc.get(decision["doc_id"], 0) + 1
    assert per_doc["meeting"] == 3 and per_doc["record"] == 1 and per_doc["notes"] == 1
    texts = {k: (out / d["text_path"]).read_text(encoding="utf-8") for k, d in docs.items()}
    for kind in ("decisions", "funding", "timeline"):
        for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            for source in all_sources(json.loads(line)):
                assert texts[source["doc_id"]][source["char_start"] : source["char_end"]] == source["quote"]
