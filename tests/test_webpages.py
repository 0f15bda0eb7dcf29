"""Decisions on council web pages: the real saved pages in ../shared/realpapers/html against
hand-written expectations (tests/golden/web/webpages.json), and our own pages in ModernGov and
CMIS markup: a details page wrapped in chrome, a meeting page of several items, a list of
delegated decisions, a CMIS meeting's decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch import process_paper
from pipeline.errors import ScriptShell
from pipeline.ingest import ingest
from pipeline.store import PaperRecords
from tests.helpers import all_sources

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "html"
REAL = HERE.parent.parent / "shared" / "realpapers" / "html"
GOLDEN = json.loads((HERE / "golden" / "web" / "webpages.json").read_text(encoding="utf-8"))
REAL_IDS = sorted(k for k in GOLDEN if not k.startswith("_"))


def run(path: Path) -> PaperRecords:
    records = process_paper(str(path), path.stem)
    assert records.document.status.value == "ok", records.document.error
    return records


def assert_sources_quote(records: PaperRecords) -> None:
    text = records.document.text
    count = 0
    for kind in ("decisions", "funding", "timeline"):
        for item in records.of_kind(kind):
            for source in all_sources(item.model_dump(mode="json")):
                assert text[source["char_start"] : source["char_end"]] == source["quote"]
                count += 1
    assert count or not records.decisions


# --------------------------------------------------------------------------- the real pages


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realpapers/html is absent (a newcomer's clone)")
@pytest.mark.parametrize("doc_id", REAL_IDS)
def test_real_page_gives_its_decisions_field_by_field(doc_id: str) -> None:
    records = run(REAL / f"{doc_id}.html")
    expected = GOLDEN[doc_id]
    assert len(records.decisions) == len(expected), [d.subject for d in records.decisions]
    for decision, want in zip(records.decisions, expected):
        got = decision.model_dump(mode="json")
        for name, value in want.items():
            if name == "resolutions":
                assert [[r["label"], r["verb"]] for r in got["resolutions"]] == value
            else:
                assert got[name] == value, (doc_id, name)
    assert_sources_quote(records)


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realpapers/html is absent (a newcomer's clone)")
def test_real_list_hides_its_reference_and_links_to_the_decision() -> None:
    doc = ingest(REAL / "kirklees_delegated-decisions-list_2025.html", "list")
    assert "ref: 13567" not in doc.text  # mgHide: not displayed, so not in the text ...
    first = doc.links[0]
    assert (first.href, first.hidden) == ("ieDecisionDetails.aspx?ID=13567", "ref: 13567")  # ... but kept as data
    assert doc.text[first.char_start : first.char_end].startswith("Settlement Agreement with Network Rail")
    details = ingest(REAL / "kirklees_decision-details_minutes-policy-committee-2015.html", "details")
    assert "PDF 119 KB" not in details.text and "Find out more" not in details.text
    assert details.text.endswith("• polc2 - 23.09.2015")


# --------------------------------------------------------------------------- our own pages


def test_details_page_wrapped_in_chrome() -> None:
    records = run(FIXTURES / "modgov_decision_details_chrome.html")
    text = records.document.text
    for chrome in (
        "Skip to content", "cookies", "Search this site", "Your council", "Home", "Find out more",
        "Print this page", "PDF 207 KB", "PDF 96 KB", "Decision hidden note", "Was this page useful",
        "Follow us", "Facebook", "©", "Accessibility", "Privacy",
    ):  # fmt: skip
        assert chrome not in text, chrome
    assert text.startswith("Decision details\n\nLibrary opening hours review\n\nDecision Maker:")
    assert records.document.title == "Library opening hours review"
    [decision] = records.decisions
    assert decision.reference == "CAB 12/24" and decision.decision_number is None  # kept as printed
    assert decision.status.value == "taken"
    assert decision.status_text == "Recommendations Approved (subject to call-in)"
    assert decision.decision_maker == "Cabinet Member for Culture and Leisure"
    assert (decision.key_decision, decision.call_in) == (True, True)
    assert (decision.decision_date, decision.date_published, decision.effective_from) == (
        "2024-03-11", "2024-03-12", "2024-03-20",
    )  # fmt: skip
    assert decision.electoral_divisions == ["Eastfield", "Northtown Central", "Westgate"]
    assert [(r.label, r.verb) for r in decision.resolutions] == [("1", "APPROVE"), ("2", "DELEGATE")]
    assert decision.resolutions[1].text.startswith("delegates to the Head of Libraries")
    kinds = {(e.kind, e.date) for e in records.timeline}
    assert {("decision", "2024-03-11"), ("published", "2024-03-12"), ("effective", "2024-03-20")} <= kinds
    assert_sources_quote(records)


def test_meeting_page_gives_one_decision_per_item() -> None:
    records = run(FIXTURES / "modgov_meeting_decisions.html")
    subjects = [d.subject for d in records.decisions]
    # item 1 (apologies) decides nothing; item 5 shows its decision twice: one record
    assert subjects == ["Household waste collection contract", "Parks investment plan", "Treasury management outturn"]
    waste, parks, treasury = records.decisions
    assert [d.reference for d in records.decisions] == ["5101", "5102", "5103"]
    assert waste.decision_maker == parks.decision_maker == "Cabinet"  # the meeting's body
    assert waste.decision_date == parks.decision_date == "2024-07-09"
    assert [(r.label, r.verb) for r in waste.resolutions] == [("a", "AWARD"), ("b", "NOTE")]
    assert [r.verb for r in parks.resolutions] == ["ADOPT"]
    assert parks.resolutions[0].text == "That the Parks Investment Plan 2024-2029 be adopted."
    assert (treasury.status.value, treasury.decision_maker) == ("recommendation", "Council")
    assert treasury.status_text == "Recommendations to Council"
    starts = [d.source.char_start for d in records.decisions]
    assert starts == sorted(set(starts))  # each decision its own span
    assert_sources_quote(records)


def test_delegated_list_gives_one_decision_per_decision_row() -> None:
    records = run(FIXTURES / "modgov_delegated_list.html")
    grant, land = records.decisions  # the issue-history row is not a decision
    assert (grant.reference, grant.subject, grant.decision_maker) == ("7001", "Grant to Eastfield Community Centre", "Head of Communities")
    assert (grant.decision_date, grant.date_published, grant.effective_from, grant.call_in) == (
        "2024-05-02", "2024-05-03", "2024-05-11", True,
    )  # fmt: skip
    assert (land.reference, land.call_in, land.electoral_divisions) == ("7002", False, ["Westgate"])
    assert grant.source.quote.startswith("Grant to Eastfield Community Centre\tHead of Communities")
    effective = [e for e in records.timeline if e.kind == "effective"]
    assert {(e.date, e.subject) for e in effective} == {
        ("2024-05-11", "Grant to Eastfield Community Centre"), ("2024-05-08", "Disposal of land at Mill Lane"),
    }  # fmt: skip
    # the effective date of the land disposal is its second printing of 08/05/2024
    land_effective = next(e for e in effective if e.date == "2024-05-08")
    land_published = next(e for e in records.timeline if e.kind == "published" and e.date == "2024-05-08")
    assert land_effective.source.char_start > land_published.source.char_start or (
        land_effective.source == land_published.source
    )
    assert_sources_quote(records)


def test_cmis_meeting_decisions() -> None:
    records = run(FIXTURES / "cmis_meeting_decisions.html")
    quarry, tree = records.decisions
    assert "Powered by CMIS" not in records.document.text
    assert (quarry.reference, quarry.decision_number) == ("ED/2024/015", None)
    assert quarry.subject == "Application 23/0451: Quarry extension at Hollins Edge"
    assert quarry.decision_maker == tree.decision_maker == "Planning and Regulation Committee"
    assert quarry.decision_date == "2024-03-14" and quarry.electoral_divisions == ["Hollins"]
    assert [r.verb for r in quarry.resolutions] == ["REFUSE"] and [r.verb for r in tree.resolutions] == ["CONFIRM"]
    assert tree.reference == "ED/2024/016"
    assert_sources_quote(records)


def test_a_page_with_no_decision_gives_none(tmp_path: Path) -> None:
    page = tmp_path / "meeting.html"
    page.write_text(
        "<h1>Meeting Details</h1><div>Committee:</div><div>Licensing Sub-Committee B</div>"
        "<div>Status:</div><div>Scheduled</div><ul><li><a href='/doc.ashx?1'>Agenda</a></li></ul>",
        encoding="utf-8",
    )
    assert run(page).decisions == []


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script src='/app.js'></script></head><body><div id='root'></div></body></html>",
        "<body><div id='app'>Loading</div><script>render(document.getElementById('app'))</script>"
        "<noscript>You need to enable JavaScript to run this app.</noscript></body>",
    ],
)
def test_a_script_shell_fails_with_one_line(tmp_path: Path, html: str) -> None:
    page = tmp_path / "shell.html"
    page.write_text(html, encoding="utf-8")
    with pytest.raises(ScriptShell):
        ingest(page, "shell")
    records = process_paper(str(page), "shell")
    assert records.document.status.value == "failed"
    assert records.document.error == "no content: the page's text is loaded by a script; save the rendered page"
