"""HTML papers: decoding, the text layout the extractors read, what is dropped, malformed
pages, page breaks, and a modern.gov-style record of decision run end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.batch import process_paper
from pipeline.cli import main
from pipeline.errors import EmptyFile, IngestError, NoTextLayer, NotText
from pipeline.ingest import ingest
from pipeline.ingest.html import declared_charset, decode_html, read_html
from schemas.provenance import page_of
from schemas.records import DecisionStatus, DocType
from tests.helpers import all_sources

FIXTURE = Path(__file__).parent / "fixtures" / "html" / "record_of_decision.html"


def text_of(html: str | bytes) -> str:
    """The one page of an HTML snippet, as read."""
    pages, _, _ = read_html(html.encode("utf-8") if isinstance(html, str) else html)
    assert len(pages) == 1
    return pages[0]


def write(folder: Path, name: str, html: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return path




# --------------------------------------------------------------------------- the modern.gov record


@pytest.fixture(scope="module")
def record():
    return process_paper(str(FIXTURE), "record_of_decision")


def test_record_text_layout() -> None:
    doc = ingest(FIXTURE, "record_of_decision")
    assert doc.format == "html" and doc.status.value == "ok"
    assert doc.encoding == "utf-8" and doc.pages == 1 and doc.page_starts == [0]
    assert doc.metadata_title == (
        "Decision - Winter gritting routes and salt barn replacement programme | Kent County Council"
    )
    assert doc.title == "Winter gritting routes and salt barn replacement programme"
    assert doc.doc_type is DocType.record_of_decision
    text = doc.text
    assert text.startswith("KENT COUNTY COUNCIL – RECORD OF DECISION\n\nDecision details\n\n")
    # the "Decision maker:" table: one line per row, cells joined by a tab
    assert (
        "Decision maker:\tCabinet Member for Highways and Transport\n"
        "Decision no:\t19/00042\n"
        "Key decision:\tYes\n"
    ) in text
    # <strong> kept as plain text; paragraphs and headings separated by a blank line
    assert "\n\nSubject: Winter gritting routes and salt barn replacement programme\n\n" in text
    # the <ol> of resolutions: "1." numbering, one item a line, white space collapsed
    assert (
        "Decision:\n\n"
        "As Cabinet Member for Highways and Transport, I agree to:\n\n"
        "1. APPROVE the revised primary gritting network for the 2019/20 winter season;\n"
        "2. AGREE capital funding of £2.65m for the salt barn replacement programme over 3 years; and\n"
        "3. DELEGATE authority to the Corporate Director of Growth, Environment and Transport "
        "to award the contract.\n\n"
        "Reason(s) for decision:\n\n"
    ) in text
    # a table with a caption and a header row; &#163; and a literal £ both read "£"
    assert (
        "Financial implications\n\n"
        "Costs of the programme\n"
        "Element\tCost\n"
        "Salt barn replacement\t£2,650,000\n"
        "Gritting routes (per year)\t£1,250,000\n\n"
    ) in text
    assert "Publication date:\t13/02/2019\nDate of decision:\t12/02/2019" in text
    # nothing a reader does not see, or sees around the paper
    for dropped in (
        "cookies", "Skip to main content", "Home", "Meetings", "trackPage", "99/99999",
        "£9,999,999", "font-weight", "display", "JavaScript", "TEMPLATE", "88/88888",
        "Hidden text", "analytics",
    ):  # fmt: skip
        assert dropped not in text, dropped
    assert "<" not in text and "&" not in text and "\t\t" not in text and "\n\n\n" not in text


def test_record_decision_found_by_the_extractors(record) -> None:
    assert record.document.status.value == "ok" and record.document.format == "html"
    [decision] = record.decisions
    assert decision.status is DecisionStatus.taken
    assert decision.decision_number == "19/00042"
    assert decision.decision_maker == "Cabinet Member for Highways and Transport"
    assert decision.subject == "Winter gritting routes and salt barn replacement programme"
    assert decision.key_decision is True
    assert decision.classification == "Unrestricted"
    assert decision.electoral_divisions == ["All"]
    assert decision.decision_date == "2019-02-12"
    assert decision.interests_declared == "None"
    assert [(r.label, r.verb) for r in decision.resolutions] == [
        ("1", "APPROVE"), ("2", "AGREE"), ("3", "DELEGATE"),
    ]  # fmt: skip
    assert decision.resolutions[1].text == (
        "AGREE capital funding of £2.65m for the salt barn replacement programme over 3 years; and"
    )
    assert not decision.missing


def test_record_funding_found_by_the_extractors(record) -> None:
    funding = {(f.amount_text, f.amount_gbp, f.period.value) for f in record.funding}
    assert ("£2.65m", 2_650_000, "total") in funding
    assert ("£2,650,000", 2_650_000, "unspecified") in funding
    assert ("£1,250,000", 1_250_000, "per_year") in funding
    assert all(f.amount_gbp != 9_999_999 for f in record.funding)  # the script's figure
    in_table = next(f for f in record.funding if f.amount_text == "£1,250,000")
    assert in_table.source.quote == "Gritting routes (per year)\t£1,250,000"
    assert any(e.date == "2019-02-12" and e.kind == "decision" for e in record.timeline)


def test_record_every_source_quotes_the_text(record) -> None:
    text = record.document.text
    sources = []
    for kind in ("decisions", "funding", "indicators", "timeline"):
        for item in record.of_kind(kind):
            assert item.source is not None
            sources += all_sources(item.model_dump(mode="json"))
    assert len(sources) >= 8  # the decision, 3 resolutions, 3 figures, a timeline event
    for source in sources:
        assert text[source["char_start"] : source["char_end"]] == source["quote"]
        assert source["page"] == page_of(record.document.page_starts, source["char_start"]) == 1


# --------------------------------------------------------------------------- decoding


def test_cp1252_page_without_a_declaration() -> None:
    data = "<p>I agree to invest £1,500,000 with Jos\u00e9 \u2013 \u2018now\u2019.</p>".encode(
        "cp1252"
    )
    pages, title, encoding = read_html(data)
    assert encoding == "cp1252"
    assert pages == ["I agree to invest £1,500,000 with José – \u2018now\u2019."]
    assert title is None


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta charset="windows-1252">', "cp1252"),
        ("<meta charset=iso-8859-1>", "cp1252"),  # read as windows-1252, as browsers do
        ('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Windows-1252">', "cp1252"),
        ("<?xml version='1.0' encoding='windows-1252'?>", "cp1252"),
    ],
)
def test_declared_charset_decodes_the_page(meta: str, encoding: str) -> None:
    # valid UTF-8 too ("Â£"): without the declaration it would be read as UTF-8
    data = f"{meta}<title>Fees</title><p>Fee \u00c2\u00a3 \u20ac5</p>".encode("cp1252")
    pages, title, found = read_html(data)
    assert found == encoding and title == "Fees"
    assert pages == ["Fee Â£ €5"]


def test_utf8_declaration_and_a_wrong_one() -> None:
    meta = '<meta http-equiv="content-type" content="text/html; charset=utf-8">'
    assert read_html(f"{meta}<p>£5m</p>".encode())[0] == ["£5m"]
    assert read_html(f"{meta}<p>£5m</p>".encode())[2] == "utf-8"
    # declared UTF-8, saved as cp1252: the declaration does not hold, cp1252 does
    pages, _, encoding = read_html(f"{meta}<p>£5m</p>".encode("cp1252"))
    assert (pages, encoding) == (["£5m"], "cp1252")


def test_bom_wins_over_the_declaration() -> None:
    data = '\ufeff<meta charset="windows-1252"><p>£5m</p>'.encode()
    assert decode_html(data)[1] == "utf-8-sig"
    assert read_html(data)[0] == ["£5m"]
    utf16 = '<meta charset="utf-16"><p>£5m</p>'.encode("utf-16")
    assert read_html(utf16)[0] == ["£5m"] and read_html(utf16)[2] == "utf-16"


@pytest.mark.parametrize("label", ["base64", "unicode_escape", "rot13", "x-no-such-thing", "utf-7"])
def test_odd_declarations_are_ignored(label: str) -> None:
    data = f'<meta charset="{label}"><p>Fee \\u00a3 £5</p>'.encode()
    assert declared_charset(data) is None
    assert read_html(data) == (["Fee \\u00a3 £5"], None, "utf-8")


def test_entities_are_unescaped() -> None:
    text = text_of(
        "<p>&pound;1m &#163;2m &#xA3;3m &pound 4m &amp; &euro;5 &ndash; Tom&rsquo;s"
        " &quot;plan&quot; 5&nbsp;000 &copy;</p>"
    )
    assert text == '£1m £2m £3m £ 4m & €5 – Tom\u2019s "plan" 5 000 ©'
    assert text_of("<p>&lt;b&gt;not bold&lt;/b&gt;</p>") == "<b>not bold</b>"


def test_ingested_entities_and_nbsp_read_like_a_text_paper(tmp_path: Path) -> None:
    doc = ingest(write(tmp_path, "a.html", "<p>Tom&rsquo;s fee:&nbsp;&pound;5,000</p>"), "a")
    assert doc.text == "Tom's fee: £5,000"  # normalised: straight quote, plain space


# --------------------------------------------------------------------------- layout


def test_blocks_lines_and_paragraphs() -> None:
    html = (
        "<h1>Title</h1><p>First   para\n  wrapped <b>bold</b> and <em>em</em>.</p>"
        "<div>Line one</div><div>Line two</div>"
        "<p>a<br>b<br><br>c</p><section><p>In a section</p></section>"
        "<blockquote>Quoted</blockquote><hr><dl><dt>Term</dt><dd>Meaning</dd></dl>"
        "<pre>col1\tcol2\n\n  kept   spacing</pre><p>End</p>"
    )
    assert text_of(html) == (
        "Title\n\nFirst para wrapped bold and em.\n\nLine one\nLine two\n\n"
        "a\nb\n\nc\n\nIn a section\n\nQuoted\n\nTerm\nMeaning\n\n"
        "col1\tcol2\n\n  kept   spacing\n\nEnd"
    )


def test_lists_bullets_numbers_and_letters() -> None:
    html = (
        "<p>Asked to:</p>"
        "<ul><li>one</li><li><p>two, in a paragraph</p></li></ul>"
        "<ol><li>first<li>second</ol>"
        '<ol type="a"><li>AGREE x</li><li>NOTE y</li></ol>'
        '<ol type="i" start="3"><li>three</li><li>four</li></ol>'
        '<ol style="list-style-type: upper-alpha"><li>Alpha</li></ol>'
        '<ol style="list-style-type:none"><li>a) AGREE printed label</li></ol>'
        "<ol><li>b) DELEGATE own label</li></ol>"
        "<ol reversed><li>two</li><li>one</li></ol>"
        '<ol><li value="7">seven</li><li>eight</li></ol>'
    )
    assert text_of(html) == (
        "Asked to:\n\n• one\n• two, in a paragraph\n\n1. first\n2. second\n\n"
        "a) AGREE x\nb) NOTE y\n\niii) three\niv) four\n\nA) Alpha\n\n"
        "a) AGREE printed label\n\n• b) DELEGATE own label\n\n2. two\n1. one\n\n7. seven\n8. eight"
    )


def test_nested_list_items_are_lines_under_their_item() -> None:
    html = "<ol><li>AGREE:<ul><li>part one</li><li>part two</li></ul></li><li>NOTE z</li></ol>"
    assert text_of(html) == "1. AGREE:\n• part one\n• part two\n2. NOTE z"


def test_tables_rows_are_tab_separated_lines() -> None:
    html = (
        "<p>Before</p><table><caption>Costs</caption>"
        "<tr><th>Item</th><th>2019/20</th><th>2020/21</th></tr>"
        "<tr><td><p>Salt <b>barns</b></p></td><td>£1,000</td><td>£2,000</td></tr>"
        "<tr><td></td><td></td><td></td></tr>"
        "<tr><td>Total<br>(all)</td><td>£1,000</td><td>£2,000</td></tr>"
        "</table><p>After</p>"
    )
    assert text_of(html) == (
        "Before\n\nCosts\nItem\t2019/20\t2020/21\nSalt barns\t£1,000\t£2,000\n"
        "Total (all)\t£1,000\t£2,000\n\nAfter"
    )


def test_a_cell_holding_paragraphs_or_a_list_is_read_as_blocks() -> None:
    html = (
        "<table><tr><td>Decision no:</td><td>20/00017</td></tr>"
        "<tr><td>Decision:</td><td><p>I agree to:</p><ol><li>APPROVE x</li><li>NOTE y</li></ol></td></tr>"
        "<tr><td>Reason:</td><td>Cost</td></tr></table>"
    )
    assert text_of(html) == (
        "Decision no:\t20/00017\nDecision:\n\nI agree to:\n\n1. APPROVE x\n2. NOTE y\n\nReason:\tCost"
    )


def test_layout_table_is_read_as_blocks() -> None:
    html = (
        "<table><tr><td><h1>Record</h1></td></tr><tr><td>"
        "<table><tr><td>Decision no:</td><td>19/00042</td></tr></table>"
        "</td></tr></table>"
    )
    assert text_of(html) == "Record\n\nDecision no:\t19/00042"


def test_footnote_marks_do_not_join_figures_but_ordinals_stay() -> None:
    assert text_of("<p>£2.5m<sup>1</sup> on 12<sup>th</sup> March, 3m<sup>2</sup></p>") == (
        "£2.5m 1 on 12th March, 3m 2"
    )


# --------------------------------------------------------------------------- what is dropped


def test_script_is_dropped_but_escaped_markup_stays_text() -> None:
    html = (
        "<script>document.write('DECISION NO: 99/99999')</script>"
        '<p onclick="alert(1)">Shown &lt;script&gt;alert("x")&lt;/script&gt; as text</p>'
        "<script type='text/template'><p>£9m</p></script><style>p::before{content:'£8m'}</style>"
        "<noscript><p>Enable scripts</p></noscript><template><p>Template</p></template>"
        "<!-- <p>commented £7m</p> --><p>End</p>"
    )
    assert text_of(html) == 'Shown <script>alert("x")</script> as text\n\nEnd'


def test_navigation_banners_and_hidden_elements_are_dropped() -> None:
    html = (
        "<html><head><title>Page</title><style>.mgHide{display:none} "
        "@media print { .noprint { display: none } } @media (max-width: 600px) { .wide { display:none } }"
        "</style></head><body>"
        '<div class="cookie-banner"><p>We use cookies</p><button>Accept</button></div>'
        '<nav><a href="/">Home</a></nav><ul role="navigation"><li>Menu</li></ul>'
        '<ol class="breadcrumb"><li>Home</li><li>Decisions</li></ol>'
        '<p hidden>Hidden</p><p style="display: none">Gone</p><p class="mgHide">Not shown</p>'
        '<p><span class="visually-hidden">Screen reader only </span>Shown'
        '<i class="icon" aria-hidden="true">x</i></p>'
        '<p class="noprint">On screen</p><p class="wide">Wide screen</p>'
        '<form><label>Search</label><input value="query"><select><option>All</option></select>'
        "<textarea>typed</textarea></form>"
        "</body></html>"
    )
    assert text_of(html) == "Shown\n\nOn screen\n\nWide screen"  # the search box is chrome


def test_a_long_unclosed_nav_or_a_cookie_named_wrapper_keeps_the_paper() -> None:
    paper = "<p>" + "The Cabinet Member agreed the plan. " * 80 + "</p>"
    assert "agreed the plan" in text_of("<nav><a>Home</a>" + paper)
    assert "agreed the plan" in text_of('<div class="cookies-accepted">' + paper + "</div>")
    assert text_of("<nav><a>Home</a></nav><p>Paper</p>") == "Paper"


# --------------------------------------------------------------------------- malformed pages


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>one<p>two<div>three", "one\n\ntwo\n\nthree"),
        ("<table><tr><td>a<td>b<tr><td>c</td></td></td><td>d", "a\tb\nc\td"),
        ("</td></tr></table></p><p>text</b></i></div>", "text"),
        ("<ul><li>one<li>two</ul></li></li><p>after", "• one\n• two\n\nafter"),
        ("<div><span>open <b>bold <i>both</div> after", "open bold both\nafter"),
        ("<p>truncated <a href='x", "truncated"),
        ("<html><head><title>T</title><p>body without a body tag", "body without a body tag"),
        ("<<p>>>text</p>", "<\n\n>>text"),
        ("<p>unclosed comment <!-- rest", "unclosed comment"),
        ("<p>a < b and c <3 &pound", "a < b and c <3 £"),
        (
            "<td>cell outside a table</td><tr><td>row</td></tr><li>item</li>",
            "cell outside a table\nrow\n• item",
        ),
        ("<p>a<br/>b</br>c<div/>d</p>", "a\nb\nc\n\nd"),  # <div/> ends the paragraph
    ],
)
def test_malformed_html_is_read(html: str, expected: str) -> None:
    assert text_of(html) == expected


def test_deep_nesting_does_not_crash() -> None:
    html = "<div>" * 5000 + "<p>deep</p>" + "<span>" * 5000 + "end"
    assert text_of(html) == "deep\n\nend"


def test_unclosed_script_hides_the_rest() -> None:
    assert text_of("<p>Shown</p><script>var x = '<p>code</p>';") == "Shown"


SOUP = (
    "<p>", "</p>", "<td>", "</td>", "<tr>", "<table>", "</table>", "<li>", "<ol>", "</ul>",
    "<script>", "</script>", "<!--", "-->", "<br>", "<div style='page-break-before:always'>",
    "<nav>", "</nav>", "&pound;", "&#163", "&lt;", "&#12;", "<", ">", '"', "=", " ", "\n", "\t",
    "Decision", "£1m", "a)", "<b>", "</b>", "<head>", "<title>", "<style>", "</div>",
    "<pre>", "</pre>", "\f", "<sup>", "1",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=40))
def test_any_tag_soup_reads_or_fails_with_an_ingest_error(parts: list[str]) -> None:
    data = "".join(parts).encode("utf-8")
    try:
        pages, _, _ = read_html(data)
    except IngestError as error:
        assert "\n" not in str(error)
        return
    assert pages and all("\f" not in page for page in pages)
    assert any(page.strip() for page in pages)


# --------------------------------------------------------------------------- page breaks


def test_css_page_breaks_split_pages(tmp_path: Path) -> None:
    html = (
        "<style>.pb { page-break-before: always } @media print { h2.next { break-before: page } }</style>"
        "<p style='page-break-before:always'>Page one</p>"  # a break before any text is no page
        "<p>Still one</p><p class='pb'>Page two</p>"
        "<br clear=all style='mso-special-character:line-break;page-break-before:always'>"
        "<h2 class='next'>Page three</h2><p style='page-break-after: always'>Three ends</p>"
        "<p style='page-break-after: always'>Page four</p>"
    )
    pages, _, _ = read_html(html.encode())
    assert pages == ["Page one\n\nStill one", "Page two", "Page three\n\nThree ends", "Page four"]
    doc = ingest(write(tmp_path, "paged.html", html), "paged")
    assert doc.pages == 4 and len(doc.page_starts) == 4
    assert doc.text[doc.page_starts[1] :].startswith("Page two")
    assert page_of(doc.page_starts, doc.text.index("Page four")) == 4


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Empty</title></head><body></body></html>",
        "<html><body> &nbsp; <p>&#8203;</p><br><hr><img src=x alt='a picture'></body></html>",
        "<style>p{}</style><!-- Decision --><p hidden>Decision</p>",
        "<nav><a>Home</a></nav>",
    ],
)
def test_a_page_without_visible_text_fails_with_one_line(tmp_path: Path, html: str) -> None:
    path = write(tmp_path, "empty.html", html)
    with pytest.raises(NoTextLayer, match="^no text: the HTML page has no visible text$"):
        ingest(path, "empty")
    records = process_paper(str(path), "empty")
    assert records.document.status.value == "failed"
    assert records.document.error == "no text: the HTML page has no visible text"
    assert records.document.format == "html"


def test_empty_binary_and_pdf_files_named_html_fail(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile):
        ingest(write(tmp_path, "a.html", b"  \n"), "a")
    with pytest.raises(NotText, match="binary"):
        ingest(write(tmp_path, "b.html", b"<p>\x00\x01</p>"), "b")
    with pytest.raises(
        NotText, match="^not an HTML page: the file is a PDF saved with an .html name$"
    ):
        ingest(write(tmp_path, "c.htm", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "c")


def test_html_error_page_named_pdf_still_fails_as_today(tmp_path: Path) -> None:
    path = write(
        tmp_path, "record.pdf", "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>"
    )
    with pytest.raises(IngestError, match="^not a PDF: the file is an HTML page"):
        ingest(path, "record")


# --------------------------------------------------------------------------- the command line


def test_papertrail_run_on_a_folder_with_an_html_paper(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "record.html")
    write(folder, "short.htm", "<h1>Note</h1><p>Subject: Library hours</p><p>£5,000 per year.</p>")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["run", str(folder), "--out", str(out), "--workers", "1"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert "papers ok 2, failed 0, skipped 0" in result.stderr.splitlines()[-1]
    docs = {
        d["doc_id"]: d
        for d in map(json.loads, (out / "documents.jsonl").read_text("utf-8").splitlines())
    }
    assert set(docs) == {"record", "short"}
    assert all(
        d["status"] == "ok" and d["format"] == "html" and d["error"] is None for d in docs.values()
    )
    texts = {k: (out / d["text_path"]).read_text(encoding="utf-8") for k, d in docs.items()}
    assert texts["record"] == ingest(FIXTURE, "record").text
    decisions = [json.loads(x) for x in (out / "decisions.jsonl").read_text("utf-8").splitlines()]
    assert [d["decision_number"] for d in decisions] == ["19/00042"]
    checked = 0
    for kind in ("decisions", "funding", "indicators", "timeline", "findings"):
        for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            for source in all_sources(json.loads(line)):
                text = texts[source["doc_id"]]
                assert text[source["char_start"] : source["char_end"]] == source["quote"]
                checked += 1
    assert checked >= 9
    assert (out / "summaries" / "record.html").exists()


def test_ingest_command_prints_an_html_paper_as_text() -> None:
    result = CliRunner().invoke(main, ["ingest", str(FIXTURE), "--text"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Decision no:\t19/00042" in result.stdout and "1. APPROVE" in result.stdout


# --------------------------------------------------------------------------- tags and links


def test_every_line_keeps_the_element_it_was_printed_in(tmp_path: Path) -> None:
    html = (
        "<h1>Decisions</h1><h3>Item 5</h3><p>Para <b>one</b></p>"
        "<ol><li>AGREE x<ul><li>part</li></ul></li><li>NOTE y</li></ol>"
        "<table><tr><th>Title</th><th>Date</th></tr><tr><td>Grant</td><td>01/04/2025</td></tr></table>"
        "<table><tr><td>Decision maker:</td><td>Cabinet</td></tr><tr><td>Key decision:</td><td>No</td></tr></table>"
        "<dl><dt>Ward</dt><dd>Eastfield</dd></dl>"
        "<table><tr><td>Decision:</td><td><p>I agree.</p><p>Done.</p></td></tr></table>"
    )
    doc = ingest(write(tmp_path, "tags.html", html), "tags")
    read = [(doc.text[line.char_start : line.char_end], line.tag, line.tag_level) for line in doc.lines]
    assert read == [
        ("Decisions", "h1", 1), ("Item 5", "h3", 3), ("Para one", "p", None),
        ("1. AGREE x", "li", 1), ("• part", "li", 2), ("2. NOTE y", "li", 1),
        ("Title\tDate", "th", None), ("Grant\t01/04/2025", "td", None),
        ("Decision maker:\tCabinet", "tr", None), ("Key decision:\tNo", "tr", None),  # label rows: fields
        ("Ward", "dt", None), ("Eastfield", "dd", None),
        ("Decision:", "div", None), ("I agree.", "p", None), ("Done.", "p", None),  # a cell read as blocks
    ]  # fmt: skip
    assert not any(line.joined for line in doc.lines)  # a web page's lines are never joined


def test_links_keep_their_target_and_hidden_words(tmp_path: Path) -> None:
    html = (
        '<p>See <a href="ieDecisionDetails.aspx?ID=42" title="Link to decision">the grant'
        '<span class="mgHide"> ref: 42</span></a> and <a href="doc.pdf">the report PDF 207 KB</a>.</p>'
        '<table><tr><th>Title</th></tr><tr><td><a href="ieDecisionDetails.aspx?ID=7">Land&nbsp;sale</a></td></tr></table>'
    )
    doc = ingest(write(tmp_path, "links.html", html), "links")
    assert doc.text == "See the grant and the report.\n\nTitle\nLand sale"
    placed = [(doc.text[k.char_start : k.char_end], k.href, k.title, k.hidden) for k in doc.links]
    assert placed == [
        ("the grant", "ieDecisionDetails.aspx?ID=42", "Link to decision", "ref: 42"),
        ("the report", "doc.pdf", "", ""),
        ("Land sale", "ieDecisionDetails.aspx?ID=7", "", ""),
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p><a href="a.pdf">Budget report (PDF, 1.2MB)</a></p>', "Budget report"),
        ('<p><a href="a.docx">Minutes Word 56 KB</a></p>', "Minutes"),
        ('<p><a href="a.pdf">PDF 207 KB</a> and text</p>', "PDF 207 KB and text"),  # the link is only its size
        ("<p>The hall holds 120 KB of data (a figure, not a link)</p>", "The hall holds 120 KB of data (a figure, not a link)"),
        ('<div class="site-footer"><p>Contact us</p></div><p>Paper</p>', "Paper"),
        ('<p>Paper</p><p class="copyright">© Council 2024</p><p>&copy; Northtown 2024</p>', "Paper"),
        ('<p>Paper</p><div class="share-links"><a href="x">Share</a></div><div id="feedback">Rate this page</div>', "Paper"),
        ('<a href="#main">Skip to main content</a><p>Paper <a href="#sec2">Section 2</a></p>', "Paper Section 2"),
    ],
)
def test_chrome_and_file_sizes_are_dropped(html: str, expected: str) -> None:
    assert text_of(html) == expected
