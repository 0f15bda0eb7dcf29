"""Rendering: golden page structure, escaping, links, anchors, determinism, accessibility.

The synthetic corpus below is modelled on the papers in corpus/ (decision numbers, makers,
figures and dates are theirs) plus what the corpus lacks: a ``<script>`` in a subject, a
failed paper, findings of every status and a review whose figures changed.  The export
and browser tests reuse it.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from pipeline.render import render_all
from pipeline.render.format import (
    annualised,
    format_event_date,
    format_gbp,
    format_pct,
    funding_anchor,
    safe_anchor,
)
from pipeline.store import Corpus, atomic_write_text, timeline_key
from pipeline.validate.csv_report import write_reconciliation_csv
from schemas.findings import Finding, FindingCheck, FindingStatus, Review, ReviewStatus
from schemas.provenance import Source, source_for_span
from schemas.records import (
    Consultation,
    Decision,
    DecisionStatus,
    DocStatus,
    DocType,
    Document,
    Funding,
    FundingPeriod,
    FundingRole,
    Indicator,
    IndicatorValue,
    Precision,
    Resolution,
    TimelineEvent,
)

SCRIPT = "<script>window.__pwned = 1</script>"
D = Decimal


# --------------------------------------------------------------------------- synthetic corpus


@dataclass
class Paper:
    doc_id: str
    doc_type: DocType
    pages: list[str]
    title: str | None = None
    text: str = field(init=False)
    page_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.page_starts, parts, offset = [], [], 0
        for page in self.pages:
            self.page_starts.append(offset)
            parts.append(page)
            offset += len(page) + 2
        self.text = "\n\n".join(parts)

    def src(self, quote: str) -> Source:
        start = self.text.index(quote)
        return source_for_span(self.text, self.doc_id, self.page_starts, start, start + len(quote))

    def document(self) -> Document:
        return Document(
            doc_id=self.doc_id, path=f"corpus/{self.doc_id}.txt",
            sha256=hashlib.sha256(self.text.encode()).hexdigest(), doc_type=self.doc_type,
            title=self.title, pages=len(self.pages), text_path=f"texts/{self.doc_id}.txt",
            format="txt", chars=len(self.text), page_starts=self.page_starts, text=self.text,
        )


P001 = Paper("001_0b6e1decf505607d", DocType.record_of_decision, [
    ("KENT COUNTY COUNCIL – RECORD OF DECISION\nDECISION TAKEN BY\nPeter Oakford, Cabinet Member "
    "for Specialist Children's Services\nDECISION NO.\n15/00006\nSubject: Children's Emotional "
    "Wellbeing and Mental Health Services\nDecision:\n1) NOTE that the Clinical Commissioning "
    "Groups have already agreed to extend the contract for the mainstream service.\n2) AGREE to "
    "extend the contracts for the Children in Care element for a year.\n3) DELEGATE to the "
    "Corporate Director responsibility to implement this decision."),
    ("In 2011, KCC and the then health commissioners agreed to jointly commission emotional "
    "wellbeing and mental health services.\nThe 20 January 2015 Children's Social Care and Health "
    "Cabinet Committee considered the proposed decision.\nSigned 26 February 2015"),
], "Children's Emotional Wellbeing and Mental Health Services")

P002 = Paper("002_b02d85913e99e7be", DocType.decision_report, [
    ("From: Andrew Ireland, Corporate Director\nTo: Peter Oakford, Cabinet Member for Specialist "
    "Children's Services\nDecision No: 16-00052\nSubject: CHILDREN AND YOUNG PEOPLE MENTAL HEALTH "
    f"SERVICE {SCRIPT}\nPast Pathway of Paper: Children's Social Care and Health Cabinet Committee "
    "– 5 July 2016\nRecommendation(s): a) AGREE that Kent County Council will enter into such "
    "legal agreements as are necessary, and b) DELEGATE authority to the Corporate Director."),
    ("2.1 Specialist Children's Services (SCS) currently contributes £1m per year to CAMHS.\n"
    "2.2 SCS also contributes £288,288 to specialist services.\n2.3 Early Help and Preventative "
    "Services (EHPS) will contribute £1,440,000 to the new contract.\n2.4 The total KCC "
    "contribution will be £2,728,288 per year for the life of the contract."),
], None)

P000 = Paper("000_ac0f8596ed253323", DocType.proposed_record_of_decision, [
    ("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION\nDECISION TO BE TAKEN BY: Roger Gough, "
    "Cabinet Member for Children, Young People and Education\nDECISION NO: 18/00071\nKey "
    "decision: Yes\nSubject: Children and Young People’s Mental Health Services, funded by Kent "
    "County Council\na) End the existing Section 76 agreement, replacing decision 16/00052.\nb) "
    "Delegate authority to the Corporate Director for CYPE."),
    ("KCC agreed in 2017 to invest £2.65m per year into a new contract for an integrated "
    "service.\nRepresentatives attended the Cabinet Committee in November 2018."),
], "Children and Young People’s Mental Health Services, funded by Kent County Council")

P003 = Paper("003_d387949efc80ee04", DocType.committee_report, [
    ("1.2. During 2017, KCC agreed to invest £2.6m per year into a new contract.\n2.1 The CCGs "
    "invest £13.8m per annum, giving a total contract value of £16.5m per annum."),
    ("Early Help caseload (target 300) 106 187 +76%\nLiaisons 174 198 +14%\nThe shared case "
    "tracking system is expected to be fully embedded in June 2019.\nThis will be complete by "
    "Autumn 2019."),
], "Children and Young People’s Mental Health Service: update")

P004 = Paper("004_3e45d8215bfeea87", DocType.proposed_record_of_decision, [
    ("DECISION TO BE TAKEN BY: Cabinet Member for Integrated Children’s Services\nDECISION NO: To "
    "be allocated by Democratic Services\nKey decision: YES\n(currently defined by the Council as "
    "in excess of £1,000,000)\nSubject: Supporting Parents to Build Resilience and Self-Help "
    "Strategies (Neurodevelopmental Pathway)\nA) Allow Commissioners to commence formal "
    "procurement activity."),
    ("The funding available is £400,000 with the addition of £100,000 funding from Kent and Medway "
    "CCG per year = Total annual funding £500,000, a total of £1,500,000 over 3 years.\nThe SEND "
    "inspection of 2019 highlighted issues.\nThe Cabinet Committee consider the decision on 14 "
    "September 2021.\nThe contract will start in April 2022."),
], None)

PAPERS = (P000, P001, P002, P003, P004)
FAILED = Document(doc_id="005_encrypted", path="corpus/005_encrypted.pdf", sha256="0" * 64,
                  status=DocStatus.failed, error="encrypted PDF: a password is required",
                  format="pdf")


def _money(p: Paper, n: int, printed: str, amount: str, quote: str, *, period: FundingPeriod,
           role: FundingRole = FundingRole.component, years: int | None = None,
           payer: str | None = None, purpose: str | None = None,
           stream: str | None = None) -> Funding:
    return Funding(id=f"{p.doc_id}:F{n:03d}", doc_id=p.doc_id, amount_gbp=D(amount),
                   amount_text=printed, period=period, period_years=years, role=role, payer=payer,
                   purpose=purpose, funding_stream=stream, source=p.src(quote))


def _event(p: Paper, date: str, precision: Precision, kind: str, label: str, quote: str,
           number: str | None = None, maker: str | None = None) -> TimelineEvent:
    return TimelineEvent(date=date, precision=precision, label=label, kind=kind, doc_id=p.doc_id,
                         decision_number=number, decision_maker=maker, source=p.src(quote))


def _finding(fid: str, check: FindingCheck, status: FindingStatus, message: str, docs: list[str],
             sources: list[Source], expected: str, actual: str, stream: str | None = None,
             review: Review | None = None, records: list[str] | None = None,
             unit: str = "gbp") -> Finding:
    e, a = D(expected), D(actual)
    return Finding(id=fid, check=check, status=status, message=message, doc_ids=docs,
                   amounts_gbp=[e, a] if unit == "gbp" else [], values=[e, a], unit=unit,
                   record_ids=records or [], expected=e, actual=a, difference=a - e,
                   difference_pct=((a - e) / e * 100).quantize(D("0.01")) if e else None,
                   funding_stream=stream, review=review, sources=sources)


def synthetic_corpus() -> Corpus:
    cms = "Cabinet Member for Specialist Children's Services"
    stream = "KCC contribution to CYPMHS"
    f002 = [
        _money(P002, 1, "£1m", "1000000", "£1m per year", period=FundingPeriod.per_year,
               payer="Specialist Children's Services (SCS)", purpose="CAMHS", stream=stream),
        _money(P002, 2, "£288,288", "288288", "£288,288", period=FundingPeriod.unspecified,
               payer="SCS", stream=stream),
        _money(P002, 3, "£1,440,000", "1440000", "£1,440,000", period=FundingPeriod.unspecified,
               payer="Early Help and Preventative Services (EHPS)", stream=stream),
        _money(P002, 4, "£2,728,288", "2728288", "£2,728,288 per year",
               period=FundingPeriod.per_year, role=FundingRole.total, payer="KCC", stream=stream),
    ]
    f000 = [_money(P000, 1, "£2.65m", "2650000", "£2.65m per year", period=FundingPeriod.per_year,
                   role=FundingRole.total, payer="KCC", stream=stream)]
    f003 = [
        _money(P003, 1, "£2.6m", "2600000", "£2.6m per year", period=FundingPeriod.per_year,
               role=FundingRole.component, payer="KCC", stream=stream),
        _money(P003, 2, "£13.8m", "13800000", "£13.8m per annum", period=FundingPeriod.per_year,
               payer="The CCGs"),
        _money(P003, 3, "£16.5m", "16500000", "£16.5m per annum", period=FundingPeriod.per_year,
               role=FundingRole.total, purpose="total contract value"),
    ]
    f004 = [
        _money(P004, 1, "£1,000,000", "1000000", "£1,000,000", period=FundingPeriod.unspecified,
               role=FundingRole.threshold, purpose="key decision threshold"),
        _money(P004, 2, "£400,000", "400000", "£400,000", period=FundingPeriod.per_year,
               stream="Neurodevelopmental parent support"),
        _money(P004, 3, "£100,000", "100000", "£100,000 funding from Kent and Medway CCG per year",
               period=FundingPeriod.per_year, payer="Kent and Medway CCG",
               stream="Neurodevelopmental parent support"),
        _money(P004, 4, "£500,000", "500000", "Total annual funding £500,000",
               period=FundingPeriod.per_year, role=FundingRole.total,
               stream="Neurodevelopmental parent support"),
        _money(P004, 5, "£1,500,000", "1500000", "£1,500,000 over 3 years",
               period=FundingPeriod.total, years=3, role=FundingRole.total),
    ]
    decisions = [
        Decision(doc_id=P000.doc_id, decision_number="18/00071", decision_number_text="18/00071",
                 status=DecisionStatus.proposed,
                 decision_maker="Cabinet Member for Children, Young People and Education",
                 decision_maker_name="Roger Gough", subject=P000.title, key_decision=True,
                 resolutions=[Resolution(label="a", verb="END", text="End the existing Section 76 agreement, replacing decision 16/00052."),
                              Resolution(label="b", verb="DELEGATE", text="Delegate authority to the Corporate Director for CYPE.")],
                 referenced_decisions=["16/00052"],
                 source=P000.src("a) End the existing Section 76 agreement, replacing decision 16/00052.")),
        Decision(doc_id=P001.doc_id, decision_number="15/00006", status=DecisionStatus.taken,
                 decision_maker=cms, decision_maker_name="Peter Oakford", subject=P001.title,
                 decision_date="2015-02-26",
                 resolutions=[Resolution(label="1", verb="NOTE", text="that the Clinical Commissioning Groups have already agreed to extend the contract for the mainstream service."),
                              Resolution(label="2", verb="AGREE", text="to extend the contracts for the Children in Care element for a year."),
                              Resolution(label="3", verb="DELEGATE", text="to the Corporate Director responsibility to implement this decision.")],
                 source=P001.src("1) NOTE that the Clinical Commissioning Groups")),
        Decision(doc_id=P002.doc_id, decision_number="16/00052", decision_number_text="16-00052",
                 status=DecisionStatus.recommendation, decision_maker=cms,
                 decision_maker_name="Peter Oakford",
                 subject=f"CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE {SCRIPT}",
                 resolutions=[Resolution(label="a", verb="AGREE", text="AGREE that Kent County Council will enter into such legal agreements as are necessary"),
                              Resolution(label="b", verb="DELEGATE", text="DELEGATE authority to the Corporate Director.")],
                 consultations=[Consultation(committee="Children's Social Care and Health Cabinet Committee", date="2016-07-05")],
                 missing=["decision_date", "key_decision"],
                 source=P002.src("Recommendation(s): a) AGREE that Kent County Council")),
        Decision(doc_id=P004.doc_id, decision_number=None, status=DecisionStatus.proposed,
                 decision_maker="Cabinet Member for Integrated Children’s Services",
                 subject="Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway)",
                 key_decision=True, missing=["decision_number"],
                 resolutions=[Resolution(label="A", verb="ALLOW", text="Allow Commissioners to commence formal procurement activity.")],
                 source=P004.src("A) Allow Commissioners to commence formal procurement activity.")),
    ]
    indicators = [
        Indicator(doc_id=P003.doc_id, name="Early Help caseload", target=D(300),
                  baseline=IndicatorValue(value=D(106), period="April 18 – Mar 19 average"),
                  current=IndicatorValue(value=D(187), period="Apr-19"), stated_change_pct=D(76),
                  computed_change_pct=D("76.42"), source=P003.src("Early Help caseload (target 300) 106 187 +76%")),
        Indicator(doc_id=P003.doc_id, name="Liaisons",
                  baseline=IndicatorValue(value=D(174), period="April 18 – Mar 19 average"),
                  current=IndicatorValue(value=D(198), period="Apr-19"), stated_change_pct=D(14),
                  computed_change_pct=D("13.79"), source=P003.src("Liaisons 174 198 +14%")),
    ]
    timeline = [
        _event(P001, "2011", Precision.year, "decision", "KCC and health commissioners agreed to jointly commission services", "In 2011, KCC and the then health commissioners agreed"),
        _event(P001, "2015-01-20", Precision.day, "committee", "Children's Social Care and Health Cabinet Committee considered the proposed decision", "The 20 January 2015 Children's Social Care and Health Cabinet Committee"),
        _event(P001, "2015-02-26", Precision.day, "decision", "Decision 15/00006 taken", "Signed 26 February 2015", "15/00006", cms),
        _event(P002, "2016-07-05", Precision.day, "committee", "Children's Social Care and Health Cabinet Committee", "Children's Social Care and Health Cabinet Committee – 5 July 2016", "16/00052"),
        _event(P000, "2017", Precision.year, "decision", "KCC agreed to invest £2.65m per year", "KCC agreed in 2017 to invest £2.65m per year"),
        _event(P000, "2018-11", Precision.month, "committee", "Cabinet Committee attended by the CCG and NELFT", "the Cabinet Committee in November 2018", "18/00071"),
        _event(P003, "2019-06", Precision.month, "planned", "Case tracking system fully embedded", "fully embedded in June 2019"),
        _event(P003, "2019-09", Precision.season, "planned", "Performance analysis complete", "complete by Autumn 2019"),
        _event(P004, "2019", Precision.year, "inspection", "SEND inspection", "The SEND inspection of 2019"),
        _event(P004, "2021-09-14", Precision.day, "committee", "Cabinet Committee considers the decision", "consider the decision on 14 September 2021"),
        _event(P004, "2022-04", Precision.month, "contract", "Contract starts", "The contract will start in April 2022"),
    ]
    timeline.sort(key=timeline_key)
    stale = Review(finding_id="cross-2", status=ReviewStatus.explained,
                   note="The 2019 paper rounds to £2.6m", fingerprint="old", reviewer="A. Auditor", stale=True)
    accepted = Review(finding_id="cross-1", status=ReviewStatus.accepted,
                      note="2018 figure excludes the EHPS uplift", fingerprint="fp", reviewer="A. Auditor")
    findings = [
        _finding("sum-002", FindingCheck.sum, FindingStatus.passed,
                 "The three KCC contributions add up to the stated total of £2,728,288.",
                 [P002.doc_id], [f.source for f in f002], "2728288", "2728288", stream,
                 records=[f.id for f in f002]),
        _finding("cross-1", FindingCheck.cross_document, FindingStatus.warn,
                 "The KCC contribution falls from £2,728,288 (16/00052) to £2.65m (18/00071); check the later paper.",
                 [P002.doc_id, P000.doc_id], [f002[3].source, f000[0].source], "2728288", "2650000", stream, accepted),
        _finding("cross-2", FindingCheck.cross_document, FindingStatus.fail,
                 "The KCC contribution is £2.65m in 18/00071 but £2.6m in the 2019 update.",
                 [P000.doc_id, P003.doc_id], [f000[0].source, f003[0].source], "2650000", "2600000", stream, stale),
        _finding("sum-003", FindingCheck.sum, FindingStatus.fail,
                 "£2.6m and £13.8m add up to £16.4m, not the stated £16.5m.",
                 [P003.doc_id], [f.source for f in f003], "16400000", "16500000",
                 records=[f.id for f in f003]),
        _finding("pct-003-1", FindingCheck.percent_change, FindingStatus.passed,
                 "Early Help caseload: 106 to 187 is +76.4%, printed as +76%.",
                 [P003.doc_id], [indicators[0].source], "76.42", "76", unit="percent",
                 records=[f"{P003.doc_id}:indicator:early-help-caseload:0"]),
        _finding("pct-003-2", FindingCheck.percent_change, FindingStatus.warn,
                 "Liaisons: 174 to 198 is +13.8%, printed as +14%.",
                 [P003.doc_id], [indicators[1].source], "13.79", "14", unit="percent"),
        _finding("sum-004", FindingCheck.sum, FindingStatus.passed,
                 "£400,000 and £100,000 add up to the stated annual total of £500,000.",
                 [P004.doc_id], [f.source for f in f004[1:4]], "500000", "500000",
                 "Neurodevelopmental parent support"),
    ]
    return Corpus(
        documents=[*(p.document() for p in PAPERS), FAILED],
        decisions=decisions,
        funding=[*f000, *f002, *f003, *f004],
        indicators=indicators,
        timeline=timeline,
        findings=findings,
    )


RUN_AT = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
BASE_URL = "https://papers.example.org/output"


def render_synthetic(out: Path) -> Corpus:
    """Render the synthetic corpus into ``out`` (with its normalised texts, as a run has),
    at a fixed run time."""
    corpus = synthetic_corpus()
    for p in PAPERS:
        atomic_write_text(out / "texts" / f"{p.doc_id}.txt", p.text)
    write_reconciliation_csv(out, corpus.findings)  # as a run writes it, before the pages
    render_all(out, corpus, now=RUN_AT, base_url=BASE_URL)
    return corpus


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    render_synthetic(out)
    return out


# --------------------------------------------------------------------------- page outlines


class Outline(HTMLParser):
    """A page's structure and text, whitespace-free: headings, facts, tables (caption,
    columns, then each row's cells), list items and filter options; plus its ids,
    links, resource attributes and inline style and script, for the other tests."""

    CAPTURE = frozenset({"h1", "h2", "h3", "h4", "caption", "th", "td", "option", "dt", "dd",
                         "li"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.srcs: list[str] = []
        self.headings: list[int] = []
        self.label_for: set[str] = set()
        self.selects: list[str] = []
        self.tables: list[dict[str, object]] = []
        self.inline: dict[str, str] = {"style": "", "script": ""}
        self.attrs_all: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, list[str]]] = []
        self._in: str | None = None
        self._thead = False
        self._row: list[str] | None = None
        self._dt = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.attrs_all.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"] or "")
        for attr in ("src", "href", "action", "data", "poster", "srcset"):
            if a.get(attr) is not None and tag != "a":
                self.srcs.append(a[attr] or "")
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        if tag == "select":
            self.selects.append(a.get("id") or "")
        if tag in ("style", "script"):
            self._in = tag
        if tag == "table":
            self.tables.append({"caption": "", "cols": [], "head": False})
        if tag == "thead":
            self._thead = True
            self.tables[-1]["head"] = True
        if tag == "tr" and not self._thead:
            self._row = []
        if tag in self.CAPTURE and not (tag == "li" and self._row is not None):
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._in = None
        if self._open and self._open[-1][0] == tag:
            _, parts = self._open.pop()
            self._emit(tag, " ".join("".join(parts).split()))
        if tag == "thead":
            self._thead = False
            t = self.tables[-1]
            self.lines.append(f"table: {t['caption']} | {' / '.join(t['cols'])}")  # type: ignore[arg-type]
        if tag == "tr" and self._row is not None:
            self.lines.append("  row: " + " | ".join(self._row))
            self._row = None
        if tag == "select":
            self.lines.append(f"select #{self.selects[-1]}")

    def _emit(self, tag: str, text: str) -> None:
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
            self.lines.append(f"{tag}: {text}")
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag in ("th", "td"):
            if self._thead:
                self.tables[-1]["cols"].append(text)  # type: ignore[attr-defined]
            elif self._row is not None:
                self._row.append(text)
        elif tag == "dt":
            self._dt = text
        elif tag == "dd":
            self.lines.append(f"  {self._dt}: {text}")
        elif tag in ("option", "li"):
            self.lines.append(f"  {tag}: {text}")

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline[self._in] += data
        for _, parts in self._open:
            parts.append(data)

    def outline(self) -> list[str]:
        return self.lines


def parse(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


GOLDEN_PAGES = (
    "index.html", "timeline.html", "reconciliation.html",
    "summaries/002_b02d85913e99e7be.html", "summaries/003_d387949efc80ee04.html",
    "summaries/004_3e45d8215bfeea87.html",
)


def html_pages(out: Path) -> list[Path]:
    return sorted(out.glob("*.html")) + sorted((out / "summaries").glob("*.html"))


# --------------------------------------------------------------------------- tests


def test_every_page_is_written_one_summary_per_ok_paper(site: Path) -> None:
    for name in ("index.html", "timeline.html", "reconciliation.html", "timeline.csv",
                 "timeline.ics", "timeline.json"):
        assert (site / name).is_file(), name
    summaries = sorted(p.name for p in (site / "summaries").iterdir() if not p.name.startswith("."))
    assert summaries == sorted(f"{p.doc_id}.{ext}" for p in PAPERS for ext in ("html", "md"))
    assert not list(site.rglob("*.tmp"))


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_structure(site: Path, page: str) -> None:
    """Structure and text, not whitespace.  After a deliberate change, print the new
    outlines with ``python -m tests.test_render`` and review the diff before pasting."""
    assert parse(site / page).outline() == GOLDEN[page].strip("\n").splitlines()


def test_script_in_a_paper_shows_as_text_and_never_runs(site: Path) -> None:
    escaped = "&lt;script&gt;window.__pwned = 1&lt;/script&gt;"
    for path in [*html_pages(site), *(site / "summaries").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        assert "<script>window" not in text, path
        assert "__pwned" not in parse(path).inline["script"] if path.suffix == ".html" else True
    for page in ("summaries/002_b02d85913e99e7be.html", "timeline.html", "index.html"):
        assert escaped in (site / page).read_text(encoding="utf-8"), page
    md = (site / "summaries/002_b02d85913e99e7be.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in md


def test_no_external_resources(site: Path) -> None:
    external = re.compile(r"^\s*(https?:|//|ftp:|data:|javascript:)", re.IGNORECASE)
    for path in html_pages(site):
        page = parse(path)
        assert not [u for u in page.links + page.srcs if external.match(u)], path
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.IGNORECASE), path
        assert "@import" not in page.inline["style"] and "url(" not in page.inline["style"]


def _resolve(base: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (base.parent / unquote(parts.path)).resolve() if parts.path else base
    return target, parts.fragment


def test_every_link_resolves_to_a_file_and_anchor(site: Path) -> None:
    ids = {p.resolve(): parse(p).ids for p in html_pages(site)}
    checked = 0
    for path in html_pages(site):
        for href in parse(path).links:
            target, fragment = _resolve(path, href)
            assert target.is_file(), f"{path.name}: {href}"
            if fragment:
                assert fragment in ids[target], f"{path.name}: {href}"
            checked += 1
    assert checked > 100


def test_index_links_every_page_and_counts(site: Path) -> None:
    index = parse(site / "index.html")
    linked = {(site / urlsplit(h).path).resolve() for h in index.links}
    for path in [*html_pages(site), *(site / "summaries").glob("*.md"),
                 site / "timeline.csv", site / "timeline.ics", site / "timeline.json"]:
        if path.name != "index.html":
            assert path.resolve() in linked, path
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "encrypted PDF: a password is required" in text
    numbers = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", text)
    assert dict(numbers) == {"Papers read": "5", "Papers failed": "1", "Records": str(4 + 13 + 2 + 11),
                             "Findings": "7"}


def test_each_funding_record_has_an_anchor_linked_from_the_report(site: Path) -> None:
    corpus = synthetic_corpus()
    report = parse(site / "reconciliation.html")
    for f in corpus.funding:
        anchor = funding_anchor(f)
        assert re.fullmatch(r"F-[A-Za-z0-9_-]+", anchor)
        assert anchor in parse(site / "summaries" / f"{f.doc_id}.html").ids
    assert funding_anchor(corpus.funding[0]) == "F-000_ac0f8596ed253323-F001"
    assert "summaries/000_ac0f8596ed253323.html#F-000_ac0f8596ed253323-F001" in report.links
    # an indicator's figure links to its quote
    assert any(h.startswith("summaries/003_d387949efc80ee04.html#q-") for h in report.links)


def test_summary_money_is_exact_and_annualised_honestly(site: Path) -> None:
    text = (site / "summaries/004_3e45d8215bfeea87.html").read_text(encoding="utf-8")
    assert "£1,500,000" in text and "£500,000" in text
    assert "derived: £1,500,000 ÷ 3 years" in text
    two = (site / "summaries/002_b02d85913e99e7be.html").read_text(encoding="utf-8")
    assert "<strong>AGREE</strong> that Kent County Council" in two  # the verb once
    assert "Number as printed</dt><dd>16-00052" in two


def test_reconciliation_sections_counts_and_review_marks(site: Path) -> None:
    page = parse(site / "reconciliation.html")
    h2 = [line for line in page.lines if line.startswith("h2: ")]
    assert h2 == ["h2: This run", "h2: Parts add up to the total", "h2: Percentage change",
                  "h2: Same figure across papers"]
    text = (site / "reconciliation.html").read_text(encoding="utf-8")
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", text))
    assert counts == {"Checks": "7", "Passed": "3", "Warned": "2", "Failed": "2"}
    assert "review dropped: figures changed" in text
    assert "Accepted</span>: 2018 figure excludes the EHPS uplift" in text
    assert "-£50,000" in text and "-1.89%" in text
    assert "76.4%" in text and "-0.4 points" in text  # a percentage check is not in pounds
    first_rows = re.findall(r'<tr id="finding-[^"]+" data-item data-status="(\w+)"', text)
    assert first_rows[:3] == ["fail", "pass", "pass"]  # worst first within a check


def test_reconciliation_headings_fit_each_check_and_amounts_carry_units(site: Path) -> None:
    page = parse(site / "reconciliation.html")
    columns = {t["caption"].split(":")[0]: t["cols"] for t in page.tables}
    assert columns["Parts add up to the total"][3:5] == ["Sum of parts", "Stated total"]
    assert columns["Percentage change"][3:5] == ["Computed %", "Stated %"]
    assert columns["Same figure across papers"][3:5] == ["Earlier paper", "Later paper"]
    rows = [line for line in page.lines if line.startswith("  row: ")]
    for row in rows:
        cells = row[7:].split(" | ")
        for amount in cells[3:6]:  # expected, actual, difference: each with its unit
            assert re.search(r"£|%|points", amount), row


def test_reconciliation_lists_every_figure_used_one_link_each(site: Path) -> None:
    corpus = synthetic_corpus()
    text = (site / "reconciliation.html").read_text(encoding="utf-8")
    row = text[text.index('id="finding-sum-003"'):]
    row = row[:row.index("</tr>")]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', row)
    f003 = [f for f in corpus.funding if f.doc_id == P003.doc_id]
    assert [label for _, label in links] == [f.amount_text for f in f003]
    assert [href for href, _ in links] == [f"summaries/{P003.doc_id}.html#{funding_anchor(f)}" for f in f003]
    # £13.8m and £16.5m are printed in one sentence: both are linked, each to its own row
    assert len({href for href, _ in links}) == 3


def test_a_status_this_version_does_not_know_is_a_neutral_badge(tmp_path: Path) -> None:
    corpus = synthetic_corpus()
    corpus.findings[0] = corpus.findings[0].model_copy(update={"status": "unsure"})
    render_all(tmp_path, corpus, now=RUN_AT)
    text = (tmp_path / "reconciliation.html").read_text(encoding="utf-8")
    assert '<span class="status status-unsure">Unsure</span>' in text
    assert ".status-unsure" not in text  # no colour of its own: the neutral .status style
    assert "<dt>Other</dt><dd>1</dd>" in text
    csv_text = (tmp_path / "reconciliation.csv").read_text(encoding="utf-8-sig") if (tmp_path / "reconciliation.csv").exists() else ""
    from pipeline.validate.csv_report import reconciliation_csv

    assert ",unsure," in reconciliation_csv(corpus.findings) or csv_text == ""


def test_reconciliation_run_header_and_changes_since_the_last_run(tmp_path: Path) -> None:
    corpus = synthetic_corpus()
    render_all(tmp_path, corpus, now=RUN_AT)
    first = (tmp_path / "reconciliation.html").read_text(encoding="utf-8")
    assert "1 May 2024, 09:30 UTC by papertrail" in first
    assert "The first run in this output folder" in first
    assert 'href="reconciliation.csv"' in first
    later = datetime(2024, 5, 8, 9, 30, tzinfo=timezone.utc)
    # a week on: one finding gone, one new, one whose figures changed
    gone, changed = corpus.findings[0], corpus.findings[3]
    corpus.findings = [f for f in corpus.findings if f.id != gone.id]
    corpus.findings[2] = changed.model_copy(update={"status": FindingStatus.passed, "fingerprint": "new"})
    corpus.findings.append(corpus.findings[-1].model_copy(update={"id": "sum-new", "message": "A new check."}))
    render_all(tmp_path, corpus, now=later)
    text = (tmp_path / "reconciliation.html").read_text(encoding="utf-8")
    assert "8 May 2024, 09:30 UTC" in text
    assert "Compared with the run of 1 May 2024, 09:30 UTC: 1 new, 1 changed, 1 resolved." in text
    assert '<a href="#finding-sum-new">' in text
    assert "failed before, passed now" in text
    assert f"(was {'passed'}): {gone.message}" in text
    # rendering again without a change still compares with the run before
    render_all(tmp_path, corpus, now=datetime(2024, 5, 9, tzinfo=timezone.utc))
    again = (tmp_path / "reconciliation.html").read_text(encoding="utf-8")
    assert "Compared with the run of 1 May 2024, 09:30 UTC: 1 new, 1 changed, 1 resolved." in again


def test_timeline_precision_years_and_chain(site: Path) -> None:
    page = parse(site / "timeline.html")
    years = [line[4:] for line in page.lines if line.startswith("h2: ")][:-1]
    assert years == ["2011", "2015", "2016", "2017", "2018", "2019", "2021", "2022"]
    text = (site / "timeline.html").read_text(encoding="utf-8")
    for shown in ("2017</time>", "November 2018</time>", "Autumn 2019</time>",
                  "26 February 2015</time>", "June 2019</time>"):
        assert shown in text
    chain = text[text.index('id="chain-1"'):]
    order = [chain.index(n) for n in ("15/00006", "16/00052", "18/00071")]
    assert order == sorted(order)
    assert "cites 16/00052" in chain
    assert "Neurodevelopmental" not in chain


def test_dates_and_money_formatting() -> None:
    assert format_event_date("2019-09", "season") == "Autumn 2019"
    assert format_event_date("2019-12", "season") == "Winter 2019"
    assert format_event_date("2018-11", "month") == "November 2018"
    assert format_event_date("2015-02-26", "day") == "26 February 2015"
    assert format_event_date("2017", "year") == "2017"
    assert format_gbp(D("2728288")) == "£2,728,288"
    assert format_gbp(D("909429.333")) == "£909,429.33"
    assert format_gbp(D("-50000")) == "-£50,000"
    assert format_pct(D("76.42"), signed=True) == "+76.4%"
    assert safe_anchor("F-", "002_b02d85913e99e7be:F003") == "F-002_b02d85913e99e7be-F003"
    total = synthetic_corpus().funding[-1]
    assert annualised(total) == (D(500000), True)


def test_markdown_escapes_markup_and_table_syntax(site: Path) -> None:
    from pipeline.render import markdown_escape

    assert markdown_escape("a | b *c* [x](y) <b>`z`") == r"a \| b \*c\* \[x\](y) &lt;b&gt;\`z\`"
    assert markdown_escape(None) == "" and markdown_escape("two\nlines") == "two lines"
    md = (site / "summaries/004_3e45d8215bfeea87.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| £1,500,000 |"))
    assert "£500,000 (derived: £1,500,000 ÷ 3 years)" in row and "page 2, characters" in row
    assert row.count(" | ") == 7  # eight cells: no value broke the table


def test_rendering_is_deterministic(tmp_path: Path, site: Path) -> None:
    again = tmp_path / "again"
    render_synthetic(again)
    render_synthetic(again)  # re-render in place: same bytes
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site)
        assert (again / rel).read_bytes() == path.read_bytes(), rel


def test_summaries_of_removed_papers_are_deleted(tmp_path: Path) -> None:
    corpus = render_synthetic(tmp_path)
    corpus.documents = [d for d in corpus.documents if d.doc_id != P004.doc_id]
    render_all(tmp_path, corpus)
    assert not (tmp_path / "summaries" / f"{P004.doc_id}.html").exists()
    assert not (tmp_path / "summaries" / f"{P004.doc_id}.md").exists()
    assert (tmp_path / "summaries" / f"{P003.doc_id}.html").exists()


def test_inline_style_and_script_match_the_content_security_policy(site: Path) -> None:
    for path in html_pages(site):
        page = parse(path)
        csp = next(a["content"] for t, a in page.attrs_all
                   if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
        assert csp and "default-src 'none'" in csp
        for kind, directive in (("style", "style-src"), ("script", "script-src")):
            body = page.inline[kind]
            if body:
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                assert f"{directive} 'sha256-{digest}'" in csp, (path, kind)
            elif kind == "script":
                assert "script-src 'none'" in csp


def test_accessibility_structure(site: Path) -> None:
    for path in html_pages(site):
        page = parse(path)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
        assert page.headings.count(1) == 1 and page.headings[0] == 1, path
        for before, after in zip(page.headings, page.headings[1:]):
            assert after <= before + 1, f"{path.name}: h{before} then h{after}"
        for table in page.tables:
            assert table["head"] and table["cols"] and table["caption"], (path, table)
        for select in page.selects:
            assert select in page.label_for, (path, select)
        assert '<meta name="viewport"' in text and "@media print" in page.inline["style"]


def test_empty_corpus_renders(tmp_path: Path) -> None:
    render_all(tmp_path, Corpus())
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "No paper was given." in text
    assert "No dated event was found" in (tmp_path / "timeline.html").read_text(encoding="utf-8")
    assert "there are no findings" in (tmp_path / "reconciliation.html").read_text(encoding="utf-8")


def test_smoke_over_a_real_run_of_the_corpus(text_run: Path, tmp_path: Path) -> None:
    """Whatever the extractors find, every ok paper has a summary, every link resolves and
    nothing points outside the output folder."""
    out = tmp_path / "out"
    shutil.copytree(text_run, out)
    from pipeline.store import Store

    with Store(out) as store:
        corpus = store.corpus()
    render_all(out, corpus)
    ok = [d.doc_id for d in corpus.documents if d.status == DocStatus.ok]
    assert ok
    for doc_id in ok:
        assert (out / "summaries" / f"{doc_id}.html").is_file()
        assert (out / "summaries" / f"{doc_id}.md").is_file()
    ids = {p.resolve(): parse(p).ids for p in html_pages(out)}
    for path in html_pages(out):
        for href in parse(path).links:
            assert not re.match(r"(https?:)?//", href), href
            target, fragment = _resolve(path, href)
            assert target.is_file(), f"{path.name}: {href}"
            assert not fragment or fragment in ids[target], f"{path.name}: {href}"
    index = {(out / urlsplit(h).path).resolve() for h in parse(out / "index.html").links}
    assert {(out / "summaries" / f"{d}.html").resolve() for d in ok} <= index


def print_golden() -> None:
    """Print the golden outlines of the synthetic corpus, to review and paste below."""
    import tempfile

    out = Path(tempfile.mkdtemp())
    render_synthetic(out)
    print("GOLDEN: dict[str, str] = {")
    for page in GOLDEN_PAGES:
        body = "\n".join(parse(out / page).outline())
        print(f'    "{page}": """\n{body}\n""",')
    print("}")


# --------------------------------------------------------------------------- golden outlines

GOLDEN: dict[str, str] = {
    "index.html": """
  li: Index
  li: Timeline
  li: Reconciliation
h1: papertrail output
  Papers read: 5
  Papers failed: 1
  Records: 30
  Findings: 7
table: Records and findings by kind | Kind / Count
  row: Decisions | 4
  row: Money figures | 13
  row: Indicators | 2
  row: Timeline events | 11
  row: Findings passed | 3
  row: Findings warned | 2
  row: Findings failed | 2
h2: Reports and exports
  li: Decision timeline
  li: Reconciliation report
  li: Timeline as CSV
  li: Timeline as iCalendar (for calendar programs)
  li: Timeline as TimelineJS data
h2: Papers
table: One row per input paper; a failed paper gives its reason and has no summary. | Paper / Title / Type / Pages / Decisions / Money / Indicators / Dates / Findings / Summary
  row: 000_ac0f8596ed253323 | Children and Young People’s Mental Health Services, funded by Kent County Council | Proposed record of decision | 2 | 1 | 1 | 0 | 2 | 2 | HTML, Markdown
  row: 001_0b6e1decf505607d | Children's Emotional Wellbeing and Mental Health Services | Record of decision | 2 | 1 | 0 | 0 | 3 | 0 | HTML, Markdown
  row: 002_b02d85913e99e7be | CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script> | Decision report | 2 | 1 | 4 | 0 | 1 | 2 | HTML, Markdown
  row: 003_d387949efc80ee04 | Children and Young People’s Mental Health Service: update | Committee report | 2 | 0 | 3 | 2 | 2 | 4 | HTML, Markdown
  row: 004_3e45d8215bfeea87 | Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) | Proposed record of decision | 2 | 1 | 5 | 0 | 3 | 1 | HTML, Markdown
  row: 005_encrypted | Failed encrypted PDF: a password is required | Paper of unknown type | 0 | 0 | 0 | 0 | 0 | 0 | none
h2: Data files
  li: reconciliation.csv
""",
    "timeline.html": """
  li: Index
  li: Timeline
  li: Reconciliation
h1: Decision timeline
  option: All kinds
  option: Decision taken (3)
  option: Committee (4)
  option: Contract (1)
  option: Planned review or report (2)
  option: Inspection (1)
select #filter-kind
  option: All subjects
  option: CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script> (1)
  option: Children and Young People’s Mental Health Service: update (2)
  option: Children and Young People’s Mental Health Services, funded by Kent County Council (2)
  option: Children's Emotional Wellbeing and Mental Health Services (3)
  option: Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) (3)
select #filter-subject
h2: 2011
  li: 2011 Decision taken KCC and health commissioners agreed to jointly commission services Children's Emotional Wellbeing and Mental Health Services summary of 001_0b6e1decf505607d · quote, page 2
h2: 2015
  li: 20 January 2015 Committee Children's Social Care and Health Cabinet Committee considered the proposed decision Children's Emotional Wellbeing and Mental Health Services summary of 001_0b6e1decf505607d · quote, page 2
  li: 26 February 2015 Decision taken Decision 15/00006 taken Children's Emotional Wellbeing and Mental Health Services Decision 15/00006 · Cabinet Member for Specialist Children's Services · summary of 001_0b6e1decf505607d · quote, page 2
h2: 2016
  li: 5 July 2016 Committee Children's Social Care and Health Cabinet Committee CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script> Decision 16/00052 · summary of 002_b02d85913e99e7be · quote, page 1
h2: 2017
  li: 2017 Decision taken KCC agreed to invest £2.65m per year Children and Young People’s Mental Health Services, funded by Kent County Council summary of 000_ac0f8596ed253323 · quote, page 2
h2: 2018
  li: November 2018 Committee Cabinet Committee attended by the CCG and NELFT Children and Young People’s Mental Health Services, funded by Kent County Council Decision 18/00071 · summary of 000_ac0f8596ed253323 · quote, page 2
h2: 2019
  li: 2019 Inspection SEND inspection Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) summary of 004_3e45d8215bfeea87 · quote, page 2
  li: June 2019 Planned review or report Case tracking system fully embedded Children and Young People’s Mental Health Service: update summary of 003_d387949efc80ee04 · quote, page 2
  li: Autumn 2019 Planned review or report Performance analysis complete Children and Young People’s Mental Health Service: update summary of 003_d387949efc80ee04 · quote, page 2
h2: 2021
  li: 14 September 2021 Committee Cabinet Committee considers the decision Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) summary of 004_3e45d8215bfeea87 · quote, page 2
h2: 2022
  li: April 2022 Contract Contract starts Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) summary of 004_3e45d8215bfeea87 · quote, page 2
h2: Decisions that follow one another
h3: Chain 1: 3 decisions, 26 February 2015 to 2017
  li: 26 February 2015: decision 15/00006, decision taken, Cabinet Member for Specialist Children's Services Children's Emotional Wellbeing and Mental Health Services summary of 001_0b6e1decf505607d
  li: 2016 (year of the decision number): decision 16/00052, recommendation to a decision maker, Cabinet Member for Specialist Children's Services CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script> Linked: same service as 15/00006 (similar subject) summary of 002_b02d85913e99e7be
  li: 2017: decision 18/00071, proposed decision, Cabinet Member for Children, Young People and Education Children and Young People’s Mental Health Services, funded by Kent County Council Linked: cites 16/00052 summary of 000_ac0f8596ed253323
""",
    "reconciliation.html": """
  li: Index
  li: Timeline
  li: Reconciliation
h1: Reconciliation
h2: This run
  Written: 1 May 2024, 09:30 UTC by papertrail 0.1.0
  li: Children and Young People’s Mental Health Services, funded by Kent County Council (000_ac0f8596ed253323)
  li: Children's Emotional Wellbeing and Mental Health Services (001_0b6e1decf505607d)
  li: CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script> (002_b02d85913e99e7be)
  li: Children and Young People’s Mental Health Service: update (003_d387949efc80ee04)
  li: Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) (004_3e45d8215bfeea87)
  li: 005 encrypted (005_encrypted) (failed)
  Papers: 5 read, 1 failedWhich papers Children and Young People’s Mental Health Services, funded by Kent County Council (000_ac0f8596ed253323) Children's Emotional Wellbeing and Mental Health Services (001_0b6e1decf505607d) CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script> (002_b02d85913e99e7be) Children and Young People’s Mental Health Service: update (003_d387949efc80ee04) Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) (004_3e45d8215bfeea87) 005 encrypted (005_encrypted) (failed)
h3: Since the last run
  Checks: 7
  Passed: 3
  Warned: 2
  Failed: 2
  option: All papers
  option: Children and Young People’s Mental Health Services, funded by Kent County Council (000_ac0f8596ed253323) (2)
  option: CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script> (002_b02d85913e99e7be) (2)
  option: Children and Young People’s Mental Health Service: update (003_d387949efc80ee04) (4)
  option: Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway) (004_3e45d8215bfeea87) (1)
select #filter-paper
  option: All checks
  option: Parts add up to the total (3)
  option: Percentage change (2)
  option: Same figure across papers (2)
select #filter-check
  option: All statuses
  option: Failed (2)
  option: Warning (2)
  option: Passed (3)
select #filter-status
  option: Worst first
  option: Largest difference first
  option: Paper
select #sort-findings
h2: Parts add up to the total
table: Parts add up to the total: stated total against sum of parts | Status / Finding / Funding stream / Sum of parts / Stated total / Difference / Difference % / Figures used / Review
  row: Failed | £2.6m and £13.8m add up to £16.4m, not the stated £16.5m. | — | £16,400,000 | £16,500,000 | +£100,000 | +0.61% | £2.6m 003_d387949efc80ee04, page 1 £13.8m 003_d387949efc80ee04, page 1 £16.5m 003_d387949efc80ee04, page 1 | not reviewed
  row: Passed | The three KCC contributions add up to the stated total of £2,728,288. | KCC contribution to CYPMHS | £2,728,288 | £2,728,288 | £0 | 0% | £1m 002_b02d85913e99e7be, page 2 £288,288 002_b02d85913e99e7be, page 2 £1,440,000 002_b02d85913e99e7be, page 2 £2,728,288 002_b02d85913e99e7be, page 2 | not reviewed
  row: Passed | £400,000 and £100,000 add up to the stated annual total of £500,000. | Neurodevelopmental parent support | £500,000 | £500,000 | £0 | 0% | £400,000 004_3e45d8215bfeea87, page 2 £100,000 004_3e45d8215bfeea87, page 2 £500,000 004_3e45d8215bfeea87, page 2 | not reviewed
h2: Percentage change
table: Percentage change: stated % against computed % | Status / Finding / Funding stream / Computed % / Stated % / Difference / Difference % / Figures used / Review
  row: Warning | Liaisons: 174 to 198 is +13.8%, printed as +14%. | — | 13.8% | 14% | +0.2 points | +1.52% | Liaisons 174 198 +14% 003_d387949efc80ee04, page 2 | not reviewed
  row: Passed | Early Help caseload: 106 to 187 is +76.4%, printed as +76%. | — | 76.4% | 76% | -0.4 points | -0.55% | Early Help caseload 003_d387949efc80ee04, page 2 | not reviewed
h2: Same figure across papers
table: Same figure across papers: later paper against earlier paper | Status / Finding / Funding stream / Earlier paper / Later paper / Difference / Difference % / Figures used / Review
  row: Failed | The KCC contribution is £2.65m in 18/00071 but £2.6m in the 2019 update. | KCC contribution to CYPMHS | £2,650,000 | £2,600,000 | -£50,000 | -1.89% | £2.65m 000_ac0f8596ed253323, page 2 £2.6m 003_d387949efc80ee04, page 1 | review dropped: figures changed (earlier note: The 2019 paper rounds to £2.6m) by A. Auditor
  row: Warning | The KCC contribution falls from £2,728,288 (16/00052) to £2.65m (18/00071); check the later paper. | KCC contribution to CYPMHS | £2,728,288 | £2,650,000 | -£78,288 | -2.87% | £2,728,288 002_b02d85913e99e7be, page 2 £2.65m 000_ac0f8596ed253323, page 2 | Accepted: 2018 figure excludes the EHPS uplift by A. Auditor
""",
    "summaries/002_b02d85913e99e7be.html": """
  li: Index
  li: Timeline
  li: Reconciliation
h1: CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script>
  Paper: 002_b02d85913e99e7be: Decision report, 2 pages
  Input file: 002_b02d85913e99e7be.txt
  SHA-256: b3b283232963bb5ae866af474299cced1174c84ba7be6e1630a58324de531310
  Text: Normalised text (the character offsets below count into it)
  Also as: Markdown
  li: Decisions (1)
  li: Money (4)
  li: Indicators (0)
  li: Dates (1)
  li: Findings (2)
  li: Sources (6)
h2: Decisions
h3: Decision 16/00052 Recommendation to a decision maker
  Subject: CHILDREN AND YOUNG PEOPLE MENTAL HEALTH SERVICE <script>window.__pwned = 1</script>
  Decision maker: Cabinet Member for Specialist Children's Services (Peter Oakford)
  Date: Not stated in the paper
  Key decision: Not stated in the paper
  Number as printed: 16-00052
  Source: quote, page 1
h4: Resolutions
  li: a) AGREE that Kent County Council will enter into such legal agreements as are necessary
  li: b) DELEGATE authority to the Corporate Director.
h4: Committees consulted
  li: Children's Social Care and Health Cabinet Committee, 5 July 2016
h2: Money
table: Money figures as printed, with their exact value and, where the paper gives a period, the amount per year. Each figure links to its quote. | As printed / Exact / Period / Per year / Role / Payer / Purpose / Source
  row: £1m | £1,000,000 | per year | £1,000,000 | component | Specialist Children's Services (SCS) | CAMHS | page 2
  row: £288,288 | £288,288 | period not stated | — | component | SCS | — | page 2
  row: £1,440,000 | £1,440,000 | period not stated | — | component | Early Help and Preventative Services (EHPS) | — | page 2
  row: £2,728,288 | £2,728,288 | per year | £2,728,288 | stated total | KCC | — | page 2
h2: Indicators
h2: Dates
  li: 5 July 2016 Committee Children's Social Care and Health Cabinet Committee Decision 16/00052 · quote, page 1 · on the timeline
h2: Findings
table: Checks on figures from this paper, worst first. The reconciliation report has the detail. | Status / Check / Finding / Review
  row: Warning | Same figure across papers | The KCC contribution falls from £2,728,288 (16/00052) to £2.65m (18/00071); check the later paper. | Accepted
  row: Passed | Parts add up to the total | The three KCC contributions add up to the stated total of £2,728,288. | —
h2: Sources
  li: Children's Social Care and Health Cabinet Committee – 5 July 2016 Page 1, characters 248–313
  li: Recommendation(s): a) AGREE that Kent County Council Page 1, characters 314–366
  li: £1m per year Page 2, characters 540–552
  li: £288,288 Page 2, characters 588–596
  li: £1,440,000 Page 2, characters 685–695
  li: £2,728,288 per year Page 2, characters 756–775
""",
    "summaries/003_d387949efc80ee04.html": """
  li: Index
  li: Timeline
  li: Reconciliation
h1: Children and Young People’s Mental Health Service: update
  Paper: 003_d387949efc80ee04: Committee report, 2 pages
  Input file: 003_d387949efc80ee04.txt
  SHA-256: e3eb55f6ab108ac7b9890cd622de51c9d26995fd9086a8b4d6e86466597f08cb
  Text: Normalised text (the character offsets below count into it)
  Also as: Markdown
  li: Decisions (0)
  li: Money (3)
  li: Indicators (2)
  li: Dates (2)
  li: Findings (4)
  li: Sources (7)
h2: Decisions
h2: Money
table: Money figures as printed, with their exact value and, where the paper gives a period, the amount per year. Each figure links to its quote. | As printed / Exact / Period / Per year / Role / Payer / Purpose / Source
  row: £2.6m | £2,600,000 | per year | £2,600,000 | component | KCC | — | page 1
  row: £13.8m | £13,800,000 | per year | £13,800,000 | component | The CCGs | — | page 1
  row: £16.5m | £16,500,000 | per year | £16,500,000 | stated total | — | total contract value | page 1
h2: Indicators
table: Performance indicators: the change the paper states beside the change computed from its own figures. | Indicator / Baseline / Current / Target / Change stated / Change computed / Source
  row: Early Help caseload | 106 April 18 – Mar 19 average | 187 Apr-19 | 300 | +76% | +76.4% | page 2
  row: Liaisons | 174 April 18 – Mar 19 average | 198 Apr-19 | — | +14% | +13.8% | page 2
h2: Dates
  li: June 2019 Planned review or report Case tracking system fully embedded quote, page 2 · on the timeline
  li: Autumn 2019 Planned review or report Performance analysis complete quote, page 2 · on the timeline
h2: Findings
table: Checks on figures from this paper, worst first. The reconciliation report has the detail. | Status / Check / Finding / Review
  row: Failed | Same figure across papers | The KCC contribution is £2.65m in 18/00071 but £2.6m in the 2019 update. | review dropped: figures changed
  row: Failed | Parts add up to the total | £2.6m and £13.8m add up to £16.4m, not the stated £16.5m. | —
  row: Warning | Percentage change | Liaisons: 174 to 198 is +13.8%, printed as +14%. | —
  row: Passed | Percentage change | Early Help caseload: 106 to 187 is +76.4%, printed as +76%. | —
h2: Sources
  li: £2.6m per year Page 1, characters 39–53
  li: £13.8m per annum Page 1, characters 95–111
  li: £16.5m per annum Page 1, characters 146–162
  li: Early Help caseload (target 300) 106 187 +76% Page 2, characters 165–210
  li: Liaisons 174 198 +14% Page 2, characters 211–232
  li: fully embedded in June 2019 Page 2, characters 283–310
  li: complete by Autumn 2019 Page 2, characters 325–348
""",
    "summaries/004_3e45d8215bfeea87.html": """
  li: Index
  li: Timeline
  li: Reconciliation
h1: Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway)
  Paper: 004_3e45d8215bfeea87: Proposed record of decision, 2 pages
  Input file: 004_3e45d8215bfeea87.txt
  SHA-256: 2729fe6c2131c01116c3d10acef0c0dac8165c91e1bca50691d0f785f5f97a3d
  Text: Normalised text (the character offsets below count into it)
  Also as: Markdown
  li: Decisions (1)
  li: Money (5)
  li: Indicators (0)
  li: Dates (3)
  li: Findings (1)
  li: Sources (9)
h2: Decisions
h3: Decision without a number Proposed decision
  Subject: Supporting Parents to Build Resilience and Self-Help Strategies (Neurodevelopmental Pathway)
  Decision maker: Cabinet Member for Integrated Children’s Services
  Date: Not stated in the paper
  Key decision: Yes
  Source: quote, page 1
h4: Resolutions
  li: A) ALLOW Commissioners to commence formal procurement activity.
h2: Money
table: Money figures as printed, with their exact value and, where the paper gives a period, the amount per year. Each figure links to its quote. | As printed / Exact / Period / Per year / Role / Payer / Purpose / Source
  row: £1,000,000 | £1,000,000 | period not stated | — | threshold | — | key decision threshold | page 1
  row: £400,000 | £400,000 | per year | £400,000 | component | — | — | page 2
  row: £100,000 | £100,000 | per year | £100,000 | component | Kent and Medway CCG | — | page 2
  row: £500,000 | £500,000 | per year | £500,000 | stated total | — | — | page 2
  row: £1,500,000 | £1,500,000 | total over 3 years | £500,000 derived: £1,500,000 ÷ 3 years | stated total | — | — | page 2
h2: Indicators
h2: Dates
  li: 2019 Inspection SEND inspection quote, page 2 · on the timeline
  li: 14 September 2021 Committee Cabinet Committee considers the decision quote, page 2 · on the timeline
  li: April 2022 Contract Contract starts quote, page 2 · on the timeline
h2: Findings
table: Checks on figures from this paper, worst first. The reconciliation report has the detail. | Status / Check / Finding / Review
  row: Passed | Parts add up to the total | £400,000 and £100,000 add up to the stated annual total of £500,000. | —
h2: Sources
  li: £1,000,000 Page 1, characters 195–205
  li: A) Allow Commissioners to commence formal procurement activity. Page 1, characters 309–372
  li: £400,000 Page 2, characters 399–407
  li: £100,000 funding from Kent and Medway CCG per year Page 2, characters 429–479
  li: Total annual funding £500,000 Page 2, characters 482–511
  li: £1,500,000 over 3 years Page 2, characters 524–547
  li: The SEND inspection of 2019 Page 2, characters 549–576
  li: consider the decision on 14 September 2021 Page 2, characters 619–661
  li: The contract will start in April 2022 Page 2, characters 663–700
""",
}

if __name__ == "__main__":
    print_golden()


def test_unchanged_summaries_are_not_rewritten_and_changed_ones_are(tmp_path: Path) -> None:
    import os

    from pipeline.render import render_all

    corpus = synthetic_corpus()
    render_all(tmp_path, corpus)
    pages = sorted((tmp_path / "summaries").glob("*.html"))
    for page in pages:
        os.utime(page, (1, 1))
    render_all(tmp_path, corpus)
    assert all(page.stat().st_mtime == 1 for page in pages)
    changed = corpus.funding[0].doc_id
    corpus.funding[0] = corpus.funding[0].model_copy(update={"purpose": "a different purpose"})
    render_all(tmp_path, corpus)
    rewritten = {page.stem for page in pages if page.stat().st_mtime != 1}
    assert rewritten == {changed}
    assert "a different purpose" in (tmp_path / "summaries" / f"{changed}.html").read_text(encoding="utf-8")


def test_summaries_rendered_in_a_forked_child_are_the_same(tmp_path: Path) -> None:
    from pipeline.render import render_all

    corpus = synthetic_corpus()
    many = Corpus(
        documents=[d.model_copy(update={"doc_id": f"{d.doc_id}-{n}"}) for n in range(8) for d in corpus.documents],
        decisions=[r.model_copy(update={"doc_id": f"{r.doc_id}-{n}"}) for n in range(8) for r in corpus.decisions],
    )
    render_all(tmp_path / "one", many, processes=1, now=RUN_AT, base_url=BASE_URL)
    render_all(tmp_path / "two", many, processes=2, now=RUN_AT, base_url=BASE_URL)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len([f for f in files if f.parent.name == "summaries"]) >= 20
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_links_are_built_from_ids_never_from_raw_names(tmp_path: Path) -> None:
    """A paper whose file name is a javascript: URL gets no javascript: link anywhere
    (HTML or Markdown): every link papertrail writes is relative and percent-encoded."""
    from pipeline.batch import RunOptions, run

    papers = tmp_path / "in"
    papers.mkdir()
    text = (Path(__file__).resolve().parent.parent / "corpus" / "004_3e45d8215bfeea87.txt").read_text(encoding="utf-8")
    for name in ("javascript:alert(1).txt", "data:text#x.txt", "#frag?q=1.txt"):
        (papers / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    hrefs: list[tuple[Path, str]] = []
    for path in html_pages(out):
        hrefs += [(path, h) for h in parse(path).links]
    for path in sorted((out / "summaries").glob("*.md")):
        hrefs += [(path, h) for h in re.findall(r"\]\(([^)\s]*)\)", path.read_text(encoding="utf-8"))]
    assert len(hrefs) > 50
    for path, href in hrefs:
        assert urlsplit(href).scheme == "", f"{path.name}: {href}"
        assert not href.lower().startswith(("javascript", "data:")), f"{path.name}: {href}"
        target, fragment = _resolve(path, href)
        assert target.is_file(), f"{path.name}: {href}"
    md = (out / "summaries" / "javascript:alert(1).md").read_text(encoding="utf-8")
    assert "(./javascript%3Aalert%281%29.html)" in md


def test_untitled_papers_get_a_readable_name_never_a_hash(tmp_path: Path) -> None:
    from pipeline.render.context import Lookups, readable_file_name

    assert readable_file_name("000_ac0f8596ed253323.txt") == "Untitled paper 000"
    assert readable_file_name("budget_report-2024.pdf") == "Budget report 2024"
    corpus = synthetic_corpus()
    p003 = next(d for d in corpus.documents if d.doc_id == P003.doc_id)
    bare = p003.model_copy(update={"title": None, "metadata_title": None})
    assert Lookups.of(Corpus(documents=[bare])).title(bare) == "Untitled paper 003"
    texts = {bare.doc_id: "\n\n1.2.\n\nChildren's Mental Health Services: an update\n\nBody text."}
    assert Lookups.of(Corpus(documents=[bare]), texts).title(bare) == "Children's Mental Health Services: an update"
    with_meta = bare.model_copy(update={"metadata_title": "Mental health update"})
    assert Lookups.of(Corpus(documents=[with_meta])).title(with_meta) == "Mental health update"
    junk = bare.model_copy(update={"metadata_title": "Microsoft Word - report3.docx"})
    assert Lookups.of(Corpus(documents=[junk])).title(junk) == "Untitled paper 003"
    # a rendered run: the page title comes from the first heading of the text
    corpus.documents = [bare if d.doc_id == bare.doc_id else d for d in corpus.documents]
    atomic_write_text(tmp_path / "texts" / f"{P003.doc_id}.txt", P003.text)
    render_all(tmp_path, corpus, now=RUN_AT)
    heading = parse(tmp_path / "summaries" / f"{P003.doc_id}.html").lines
    assert "h1: 1.2. During 2017, KCC agreed to invest £2.6m per year into a new contract." in heading
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "During 2017, KCC agreed" in index


def test_markdown_summary_shows_what_the_html_summary_shows(tmp_path: Path) -> None:
    from schemas.records import Option

    corpus = synthetic_corpus()
    d = corpus.decisions[0]
    corpus.decisions[0] = d.model_copy(update={
        "classification": "Unrestricted", "electoral_divisions": ["All divisions"],
        "options": [Option(number="1", title="Do nothing", rejected=True, reason="the service would end"),
                    Option(number="2", title="Re-procure the service", recommended=True)],
    })
    render_all(tmp_path, corpus, now=RUN_AT)
    md = (tmp_path / "summaries" / f"{d.doc_id}.md").read_text(encoding="utf-8")
    html = parse(tmp_path / "summaries" / f"{d.doc_id}.html")
    assert "- Option 1: Do nothing (rejected): the service would end" in md
    assert "- Option 2: Re-procure the service (recommended)" in md
    assert "- Classification: Unrestricted" in md and "- Electoral divisions: All divisions" in md
    assert "  li: Option 1: Do nothing rejected: the service would end" in html.lines
    assert f"[HTML](./{d.doc_id}.html)" in md and "(../reconciliation.html)" in md


def test_zero_failed_is_not_shown_as_a_failure(tmp_path: Path) -> None:
    corpus = synthetic_corpus()
    corpus.documents = [d for d in corpus.documents if d.status == DocStatus.ok]
    corpus.findings = [f for f in corpus.findings if f.status != FindingStatus.fail]
    render_all(tmp_path, corpus, now=RUN_AT)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<div class="count-zero"><dt>Papers failed</dt><dd>0</dd></div>' in index
    report = (tmp_path / "reconciliation.html").read_text(encoding="utf-8")
    assert '<div class="count-zero"><dt>Failed</dt><dd>0</dd></div>' in report
    site = tmp_path / "site"
    render_synthetic(site)
    assert '<div class="count-fail"><dt>Papers failed</dt><dd>1</dd></div>' in (site / "index.html").read_text(encoding="utf-8")


def test_a_papers_first_heading_is_never_a_list_or_the_line_introducing_one() -> None:
    from pipeline.render.context import first_heading

    text = "Summary:\n\n" + "A long paragraph of prose. " * 10 + "\n\nActions taken include the following;\n\n• Application of contract sanctions\n\n(a) Review of the service\n"
    assert first_heading(text) is None
    assert first_heading(text + "\nNext Steps for the Service\n") == "Next Steps for the Service"
    assert first_heading("The budget is set out as follows:\nCapital Programme 2024-25\n") == "Capital Programme 2024-25"


def _many_papers() -> Corpus:
    corpus = synthetic_corpus()
    return Corpus(
        documents=[d.model_copy(update={"doc_id": f"{d.doc_id}-{n}"}) for n in range(8) for d in corpus.documents],
        decisions=[r.model_copy(update={"doc_id": f"{r.doc_id}-{n}"}) for n in range(8) for r in corpus.decisions],
    )


def _sleeping_child(conn: object, *args: object, **kwargs: object) -> None:
    import time

    time.sleep(60)


def _failing_child(conn: Any, *args: object, **kwargs: object) -> None:
    conn.send(None)  # what summaries_child sends when its rendering failed
    conn.close()


def test_a_render_abandoned_by_an_error_stops_its_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run failed (a full disk while storing findings) after the summaries child
    started: the child is stopped, not left writing into the staging folder."""
    import pipeline.render as render

    monkeypatch.setattr(render, "summaries_child", _sleeping_child)
    with pytest.raises(RuntimeError, match="disk full"):
        with render.Rendering(tmp_path, _many_papers(), processes=2, now=RUN_AT) as rendering:
            child = rendering.child
            assert child is not None and child.is_alive()
            raise RuntimeError("disk full")
    assert child.exitcode is not None and child.exitcode < 0  # terminated
    assert not (tmp_path / "index.html").exists()


def test_a_failed_summaries_child_is_redone_by_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.render as render

    many = _many_papers()
    render.render_all(tmp_path / "one", many, processes=1, now=RUN_AT, base_url=BASE_URL)
    monkeypatch.setattr(render, "summaries_child", _failing_child)
    render.render_all(tmp_path / "two", many, processes=2, now=RUN_AT, base_url=BASE_URL)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert "timeline.html" in {f.name for f in files}
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def _files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_child_and_the_parent_share_the_summaries_and_write_what_one_process_writes(tmp_path: Path) -> None:
    import pipeline.render as render

    many = _many_papers()
    render.render_all(tmp_path / "one", many, processes=1, now=RUN_AT, base_url=BASE_URL)
    with render.Rendering(tmp_path / "two", many, processes=2, now=RUN_AT, base_url=BASE_URL) as rendering:
        assert rendering.child is not None
        rendering.complete()
        taken, readable = rendering.next_summary.value, len(rendering.args[1])
    one, two = _files_of(tmp_path / "one"), _files_of(tmp_path / "two")
    assert one == two
    summaries = [name for name in one if name.endswith(".html") and name.startswith("summaries/")]
    assert len(summaries) == readable == taken >= 20  # every summary taken once


def _child_that_dies_after_three_summaries(conn: Any, pages: Any, **kwargs: object) -> None:
    import os

    rendering = pages.__self__
    for _ in range(3):
        index = rendering._claim()
        if index is not None:  # taken, never written: the parent must write it
            (rendering.out_dir / "summaries").mkdir(parents=True, exist_ok=True)
    os._exit(1)


def test_summaries_a_dead_child_took_are_written_by_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.render as render

    many = _many_papers()
    render.render_all(tmp_path / "one", many, processes=1, now=RUN_AT, base_url=BASE_URL)
    monkeypatch.setattr(render, "summaries_child", _child_that_dies_after_three_summaries)
    render.render_all(tmp_path / "two", many, processes=2, now=RUN_AT, base_url=BASE_URL)
    assert _files_of(tmp_path / "one") == _files_of(tmp_path / "two")


def test_exports_written_by_a_child_during_the_checks_equal_one_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.render as render

    many = _many_papers()
    for name, processes in (("one", 1), ("two", 2)):
        with render.Exporting(tmp_path / name, many, processes=processes, now=RUN_AT, base_url=BASE_URL) as exporting:
            assert (exporting.child is not None) == (processes == 2)
            exporting.complete()
    one, two = _files_of(tmp_path / "one"), _files_of(tmp_path / "two")
    assert one == two
    assert {"timeline.csv", "timeline.ics", "timeline.json", "decisions.jsonl", "documents.jsonl"} <= set(one)
    assert "findings.jsonl" not in one  # written after the checks, not here
    # a child that fails: its part is written by the parent, byte for byte
    monkeypatch.setattr(render, "write_exports_and_records", _fails_in_the_child(render.write_exports_and_records))
    with render.Exporting(tmp_path / "three", many, processes=2, now=RUN_AT, base_url=BASE_URL) as exporting:
        exporting.complete()
    assert _files_of(tmp_path / "three") == one


def _fails_in_the_child(write: Any) -> Any:
    import os

    parent = os.getpid()

    def maybe(*args: Any) -> None:
        if os.getpid() != parent:
            raise OSError("disk full")
        write(*args)

    return maybe


def test_exporting_abandoned_by_an_error_stops_its_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.render as render

    monkeypatch.setattr(render, "write_exports_and_records", lambda *args: __import__("time").sleep(60))
    with pytest.raises(RuntimeError, match="checks failed"):
        with render.Exporting(tmp_path, _many_papers(), processes=2, now=RUN_AT) as exporting:
            child = exporting.child
            assert child is not None and child.is_alive()
            raise RuntimeError("checks failed")
    assert child.exitcode is not None and child.exitcode < 0
    assert not (tmp_path / "timeline.ics").exists()


def test_templates_are_compiled_once_and_then_loaded_from_jinjas_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    from pipeline.render import context

    assert context.html_environment() is context.html_environment()
    assert context.markdown_environment() is context.markdown_environment()
    cache = context.html_environment().bytecode_cache
    if cache is None:
        pytest.skip("no temporary folder Jinja can keep its cache in safely")
    context.html_environment().get_template("summary.html.j2")  # compiled once, or loaded
    compiled: list[str | None] = []
    real = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    fresh = jinja2.Environment(loader=jinja2.PackageLoader("templates", ""), bytecode_cache=cache, autoescape=True,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                               undefined=jinja2.StrictUndefined)
    fresh.get_template("summary.html.j2")  # another process's first load: from the cache
    assert compiled == []
    # the Markdown environment keeps its own files: code compiled for one is not the other's
    assert context.markdown_environment().bytecode_cache is not cache


def test_compiled_templates_are_kept_apart_by_settings_and_a_cache_that_cannot_be_written_is_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno
    import uuid

    import jinja2.bccache

    from pipeline.render import context

    plain, trimmed = context._environment(autoescape=True), context._environment(autoescape=True, trim_blocks=True)
    if plain.bytecode_cache is None or trimmed.bytecode_cache is None:
        pytest.skip("no temporary folder Jinja can keep its cache in safely")
    assert plain.bytecode_cache.pattern != trimmed.bytecode_cache.pattern  # type: ignore[attr-defined]

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", full)
    # settings no run has used: nothing cached, so the compiled code is written, and fails
    fresh = context._environment(autoescape=True, comment_start_string=f"{{#{uuid.uuid4().hex}")
    assert fresh.get_template("summary.md.j2").render  # compiled, though its cache file could not be written
