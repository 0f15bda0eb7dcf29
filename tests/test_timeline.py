"""Timeline: every dated event of a paper, sorted by date, for the corpus (text and PDF),
our own genre papers and fixtures; and what is not an event (an Act's year, an indicator's
period, a financial year labelling a figure)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.extract.decisions import extract_decisions
from pipeline.extract.nlp import parse
from pipeline.extract.timeline import extract_timeline
from schemas.records import Document, TimelineEvent
from tests.conftest import DOC_IDS, FORMS, GENRE_IDS, expected_for
from tests.helpers import make_doc
from tests.test_decisions import FIXTURES, paper

PAST_COMMITTEES_002 = [
    ("2015-01-20", "committee"),
    ("2015-09-08", "committee"),
    ("2015-10-09", "committee"),
    ("2016-01-29", "committee"),
    ("2016-03-04", "committee"),
    ("2016-03-22", "committee"),
]

# doc_id -> sorted (date, kind) of every event
EXPECTED_EVENTS: dict[str, list[tuple[str, str]]] = {
    "000_ac0f8596ed253323": [("2017", "funding"), ("2018-11", "committee"), ("2019-07", "planned")],
    "001_0b6e1decf505607d": [
        ("2011", "agreement"),
        ("2015-01-20", "committee"),
        ("2015-02-26", "decision"),
    ],
    "002_b02d85913e99e7be": sorted(
        [
            ("2015", "history"),
            ("2016-06-10", "meeting"),
            ("2016-07-05", "committee"),
            ("2017-04-01", "contract"),
        ]
        + PAST_COMMITTEES_002
    ),
    "003_d387949efc80ee04": [
        ("2017", "funding"),
        ("2019-03", "planned"),
        ("2019-06", "planned"),
        ("2019-09", "planned"),
    ],
    "004_3e45d8215bfeea87": [("2019", "inspection"), ("2021-09-14", "committee")],
}

# doc_id -> (date, kind, label, decision_number) of the events tied to the paper's decision
EXPECTED_DECISION_EVENTS = {
    "001_0b6e1decf505607d": [
        (
            "2015-01-20",
            "committee",
            (
                "Children's Social Care and Health Cabinet Committee considers the proposed decision "
                "(carried 11 votes to 2)"
            ),
            "15/00006",
        ),
        (
            "2015-02-26",
            "decision",
            "Decision 15/00006 taken by the Cabinet Member for Specialist Children's Services",
            "15/00006",
        ),
    ],
    "002_b02d85913e99e7be": [
        (
            "2016-07-05",
            "committee",
            "Children's Social Care and Health Cabinet Committee considers the paper",
            "16/00052",
        )
    ],
    "004_3e45d8215bfeea87": [
        (
            "2021-09-14",
            "committee",
            "Children's and Young People Cabinet Committee considers the proposed decision",
            None,  # the decision number is not yet allocated
        )
    ],
}


def timeline_of(doc: Document) -> list[TimelineEvent]:
    parsed = parse(doc.text)
    return extract_timeline(doc, parsed, extract_decisions(doc, parsed))


def events_of(text: str) -> list[tuple[str, str]]:
    return [(e.date, e.kind) for e in timeline_of(paper(text))]


def assert_well_formed(doc: Document, events: list[TimelineEvent]) -> None:
    assert [e.date for e in events] == sorted(e.date for e in events)
    width = {"year": 4, "month": 7, "season": 7, "day": 10}
    for event in events:
        src = event.source
        assert doc.text[src.char_start : src.char_end] == src.quote
        assert src.doc_id == event.doc_id == doc.doc_id
        assert len(event.date) == width[event.precision.value]
        assert event.label and len(event.label) <= 120
        assert event.date_text is not None


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_corpus_timeline_golden(corpus_docs: dict, doc_id: str, form: str) -> None:
    doc = corpus_docs[(doc_id, form)]
    events = timeline_of(doc)
    assert sorted((e.date, e.kind) for e in events) == EXPECTED_EVENTS[doc_id]
    assert_well_formed(doc, events)
    tied = [
        (e.date, e.kind, e.label, e.decision_number)
        for e in events
        if e.kind == "decision" or " considers " in e.label
    ]
    assert tied == EXPECTED_DECISION_EVENTS.get(doc_id, [])


def test_decision_event_carries_maker_and_subject(corpus_docs: dict) -> None:
    doc = corpus_docs[("001_0b6e1decf505607d", "text")]
    (event,) = [e for e in timeline_of(doc) if e.kind == "decision"]
    assert event.decision_maker == "Cabinet Member for Specialist Children's Services"
    assert event.subject == "Children's Emotional Wellbeing and Mental Health Services"
    assert event.date_text == "26 Feb 2015" and event.source.quote == "26 Feb 2015 signed date"


def test_not_events_in_the_corpus(corpus_docs: dict) -> None:
    """Acts' years, the indicator table's periods and "Apr-19" are not events."""
    for doc_id in DOC_IDS:
        for event in timeline_of(corpus_docs[(doc_id, "text")]):
            assert "Act " + event.date not in event.source.quote
            assert event.date_text not in (
                "April 18 – Mar 19",
                "Apr-19",
                "1989",
                "2004",
                "2006",
                "1972",
            )


def test_past_committees_table_names_each_column(corpus_docs: dict) -> None:
    events = timeline_of(corpus_docs[("002_b02d85913e99e7be", "pdf")])
    table = {(e.date, e.label) for e in events if e.label.endswith("considered an earlier paper")}
    assert ("2015-01-20", "Childrens Cabinet Committee considered an earlier paper") in table
    assert ("2015-10-09", "HOSC considered an earlier paper") in table
    assert len(table) == 6


def test_a_date_printed_twice_is_one_event(corpus_docs: dict) -> None:
    events = timeline_of(corpus_docs[("003_d387949efc80ee04", "text")])
    assert [e.date for e in events].count("2017") == 1  # "During 2017, ... agreed to invest" twice
    assert [e.date for e in events].count("2019-09") == 1  # "Autumn 2019" twice


# --------------------------------------------------------------------------- genre papers


_NO_YEAR = "a date printed without its year (the paper's own year) gives no event"
_HEADER_MEETING = "the meeting the paper is for, in its heading, gives no event"
_NOTICE_DATE = "the notice's own date ('Dated:', 'Publication Date:') gives no 'published' event"
_NO_RULE = "the sentence matches no timeline rule"

# Events where papertrail and the hand-written oracle differ, reported to the lead rather
# than bending either: (paper, date, kind, "missing" | "extra") for both forms, with a
# fifth element "text" or "pdf" for one form only -> why.
TIMELINE_DIFFERENCES: dict[tuple[str, ...], str] = {
    ("ext_notes_action_table", "2024-03-06", "decision", "extra"): "follows from the procedural item papertrail reads as a decision ('Notes of the last meeting • Agreed')",
    ("ext_notes_action_table", "2024-04-01", "planned", "missing"): "'no change to winter charges from 1 April 2024' is read as a committee event (the sentence names the Cabinet Member)",
    ("ext_notes_action_table", "2024-04-01", "committee", "extra"): "'no change to winter charges from 1 April 2024' is read as a committee event (the sentence names the Cabinet Member)",
    ("ext_notes_action_table", "2024-07-13", "planned", "missing"): "'on 13 and 14 July 2024' is read as its second day",
    ("ext_notes_action_table", "2024-07-14", "planned", "extra"): "'on 13 and 14 July 2024' is read as its second day",
    ("ext_statutory_notice", "2025-09-26", "planned", "missing"): "the objection deadline ('no later than 5pm on 26 September 2025') matches no timeline rule",
    ("ext_statutory_notice", "2025-12-31", "effective", "missing"): "the proposals are not read (see test_decisions), and 'with effect from' dates are read as inspections, from the Act's name ('Education and Inspections Act 2006')",
    ("ext_statutory_notice", "2026-01-01", "effective", "missing"): "the proposals are not read (see test_decisions), and 'with effect from' dates are read as inspections, from the Act's name ('Education and Inspections Act 2006')",
    ("ext_statutory_notice", "2025-12-31", "inspection", "extra"): "'with effect from' dates are read as inspections, from the Act's name ('Education and Inspections Act 2006')",
    ("ext_statutory_notice", "2026-01-01", "inspection", "extra"): "'with effect from' dates are read as inspections, from the Act's name ('Education and Inspections Act 2006')",
    ("ext_order_made", "2023-03-20", "decision", "missing"): "the order made is not read (see test_decisions)",
    ("ext_order_made", "2023-03-22", "published", "missing"): _NOTICE_DATE,
    ("ext_councillor_update", "2024-02", "meeting", "missing"): _NO_YEAR + " ('Follow-up from the February meeting')",
    ("ext_councillor_update", "2024-02-22", "committee", "missing"): _NO_YEAR + " ('set its budget on 22 February')",
    ("ext_councillor_update", "2024-04", "planned", "missing"): _NO_YEAR + " ('from the beginning of April')",
    ("ext_councillor_update", "2024-04-07", "planned", "missing"): _NO_YEAR + " ('changes from 7 April')",
    ("ext_councillor_update", "2024-06", "committee", "missing"): _NO_YEAR + " ('the Area Committee's meeting in June')",
    ("ext_policy_approved", "2023-02-22", "decision", "missing"): "the approval is not read (see test_decisions); its date is read as a Full Council meeting",
    ("ext_policy_approved", "2023-02-22", "committee", "extra"): "the approval is not read (see test_decisions); its date is read as a Full Council meeting",
    ("ext_policy_approved", "2023-04-01", "effective", "missing"): "the scheme's start ('from 1 April 2023 to 31 March 2024') gives no event",
    ("ext_header_rows", "2022-11-09", "committee", "missing"): "the header rows 'Meeting: Executive' / 'Date: 9 November 2022' give a 'meeting', not the committee the report is for",
    ("ext_header_rows", "2022-11-09", "meeting", "extra"): "the header rows 'Meeting: Executive' / 'Date: 9 November 2022' give a 'meeting', not the committee the report is for",
    ("ext_header_rows", "2022-09", "committee", "missing"): "'The Allotments Forum was consulted in September 2022' matches no timeline rule (a forum)",
    ("ext_header_rows", "2023-04-01", "planned", "missing"): "the recommendation's 'from 1 April 2023 and ... from 1 April 2024' gives no event",
    ("ext_header_rows", "2024-04-01", "planned", "missing"): "the recommendation's 'from 1 April 2023 and ... from 1 April 2024' gives no event",
    ("ext_header_rows", "2019", "history", "extra"): "'recovers about half of the increase in costs since 2019' (a comparison) is read as an event",
    ("ext_header_label_row", "2021-06-02", "history", "missing"): "'asked to take it on in a letter of 2 June 2021' matches no timeline rule",
    ("ext_header_label_row", "2022-01-18", "committee", "missing"): "'presented a business plan to the Asset Review Group on 18 January 2022' matches no committee rule (a group)",
    ("ext_that_the_board", "2021-07", "history", "missing"): "'Asbestos found in the roof void in July 2021' matches no timeline rule",
    ("ext_that_the_board", "2022-02", "planned", "missing"): "'The contractor now expects to hand the building over in February 2022, and the Hall to reopen ... in March 2022' ('expects to', not 'expected to') matches no rule",
    ("ext_that_the_board", "2022-03", "planned", "missing"): "'The contractor now expects to hand the building over in February 2022, and the Hall to reopen ... in March 2022' ('expects to', not 'expected to') matches no rule",
    ("ext_that_the_board", "2021-09-21", "committee", "missing", "pdf"): "in the PDF the header row becomes a borderless table, and its 'Date: 21 September 2021' cell gives no meeting",
    ("ext_run_together_recs", "2023-12", "history", "missing"): "'whose roof failed in December 2023' is read as a committee event (the sentence names the Cabinet Member)",
    ("ext_run_together_recs", "2023-12", "committee", "extra"): "'whose roof failed in December 2023' is read as a committee event (the sentence names the Cabinet Member)",
    ("ext_reflowed_header", "2019-07", "committee", "missing"): "'The Council declared a climate emergency in July 2019 and adopted its Climate Action Plan on 14 July 2021' matches no timeline rule",
    ("ext_reflowed_header", "2021-07-14", "committee", "missing"): "'The Council declared a climate emergency in July 2019 and adopted its Climate Action Plan on 14 July 2021' matches no timeline rule",
    ("ext_reflowed_header", "2023-03", "history", "missing"): "'The feasibility study, completed in March 2023, ...' matches no timeline rule",
    ("ext_reflowed_header", "2024-01-31", "planned", "missing"): "'The Green Heat Network Fund's next round closes on 31 January 2024' matches no timeline rule",
}


def _timeline_differs(doc_id: str, date: str, kind: str, how: str, form: str) -> bool:
    return (doc_id, date, kind, how) in TIMELINE_DIFFERENCES or (doc_id, date, kind, how, form) in TIMELINE_DIFFERENCES


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("doc_id", GENRE_IDS)
def test_genre_timeline_matches_the_oracle(genre_docs: dict, doc_id: str, form: str) -> None:
    doc = genre_docs[(doc_id, form)]
    events = timeline_of(doc)
    oracle = expected_for(doc_id)["timeline"]
    got = Counter((e.date, e.kind) for e in events)
    want = Counter((e["date"], e["kind"]) for e in oracle)
    missing = [k for k in (want - got) if not _timeline_differs(doc_id, *k, "missing", form)]
    extra = [k for k in (got - want) if not _timeline_differs(doc_id, *k, "extra", form)]
    assert (missing, extra) == ([], []), "papertrail and the oracle differ (fix it, or list it in TIMELINE_DIFFERENCES)"
    seen = {(doc_id, *k, "missing") for k in want - got} | {(doc_id, *k, "extra") for k in got - want}
    gone = [key for key in TIMELINE_DIFFERENCES if key[0] == doc_id and key[4:] in ((), (form,)) and key[:4] not in seen]
    assert not gone, f"papertrail now reads these as the oracle does: remove them from TIMELINE_DIFFERENCES: {gone}"
    assert_well_formed(doc, events)
    for event in events:
        want_events = [e for e in oracle if (e["date"], e["kind"]) == (event.date, event.kind)]
        if not want_events:
            continue  # an extra event listed in TIMELINE_DIFFERENCES
        assert any(e["precision"] == event.precision.value for e in want_events)
        if "decision_number" in want_events[0]:
            assert event.decision_number == want_events[0]["decision_number"]


FIXTURE_EVENTS = {
    "two_column_header": [
        ("2019-03-04", "committee"),
        ("2019-05-31", "contract"),
        ("2019-06-01", "contract"),
        ("2020-06", "planned"),
    ],
    "signed_record": [("2017-02-07", "committee"), ("2017-03-14", "decision")],
    "cabinet_report": [
        ("2020-01-14", "committee"),
        ("2020-02-05", "committee"),
        ("2020-07-31", "planned"),
    ],
    "committee_no_decision": [
        ("2018-06", "inspection"),
        ("2019-10-15", "committee"),
        ("2019-11-12", "committee"),
        ("2020-03", "inspection"),
    ],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EVENTS))
def test_fixture_paper_timelines(name: str) -> None:
    doc = paper((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), name)
    events = timeline_of(doc)
    assert [(e.date, e.kind) for e in events] == FIXTURE_EVENTS[name]
    assert_well_formed(doc, events)


# --------------------------------------------------------------------------- unit forms


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        ("The new contract is due to commence on 1 April 2017.", ("2017-04-01", "contract")),
        ("This will be complete by Autumn 2019.", ("2019-09", "planned")),
        ("Report back to Cabinet Committee in July 2019.", ("2019-07", "planned")),
        ("The SEND inspection of 2019 highlighted issues.", ("2019", "inspection")),
        (
            "The procurement process commenced with a market meeting held on 10 June 2016.",
            ("2016-06-10", "meeting"),
        ),
        (
            "During 2017, KCC agreed to invest £2.6m per year into a new contract.",
            ("2017", "funding"),
        ),
        (
            "The Health Scrutiny Panel considered the plan on 4 March 2019.",
            ("2019-03-04", "committee"),
        ),
        (
            "The contract with Acme Ltd will be varied with effect from 1 May 2023.",
            ("2023-05-01", "contract"),
        ),
        ("Construction is expected to start in Spring 2022.", ("2022-03", "planned")),
        (
            "The Care Quality Commission inspected the clinic in November 2021.",
            ("2021-11", "inspection"),
        ),
        # a body's past decision is the body's meeting, however it is worded
        (
            "The establishment of the local board was agreed by Council Assembly on 25th February 2015.",
            ("2015-02-25", "committee"),
        ),
        (
            "The strategy for 2024-25 was approved by the Borough Council on 19 February 2024.",
            ("2024-02-19", "committee"),
        ),
        (
            "In June 2007 the Regeneration Board agreed to a revised timeline.",
            ("2007-06", "committee"),
        ),
        (
            "In May 2021 the Executive Member agreed the fees.",  # a person, not a body
            ("2021-05", "agreement"),
        ),
        # what was done to a plan, a notice or a paper is history
        ("The Local Plan was adopted by the Council in July 2016.", ("2016-07", "history")),
        ("The representations were formally submitted in May 2024.", ("2024-05", "history")),
        ("The council served Initial Demolition Notices on the blocks in January 2013.", ("2013-01", "history")),
        ("All frontagers were notified on 5 February 2025.", ("2025-02-05", "history")),
        ("The anticipated completion date is 22 June 2022.", ("2022-06-22", "planned")),
        ("Works are anticipated to finish in March 2023.", ("2023-03", "planned")),
        ("Objections must be made in writing by the 29th July 2013.", ("2013-07-29", "planned")),
        # a report taken to a body on a day went to its meeting
        ("This follows a report to the Major Projects Board on 15 January 2009.", ("2009-01-15", "committee")),
        ("A paper was presented to the Health and Wellbeing Board on 3 March 2020.", ("2020-03-03", "committee")),
    ],
)
def test_event_kinds(sentence: str, event: tuple[str, str]) -> None:
    assert events_of("Report to: Nobody\n\nSubject: Test\n\n1.1 " + sentence + "\n") == [event]


@pytest.mark.parametrize(
    "sentence",
    [
        "Under Section 22 of the Children Act 1989 and the Children Act 2004 the Council has duties.",
        "Spending in 2018/19 was £12.4m and will rise.",
        "April 18 – Mar 19 average",
        "In the first quarter (October to December 2021), 91% of calls were answered.",
        "The weather in May 2019 was fine.",
        "The Plan adopted by the county sets out the vision until 2030.",  # an end of a vision, not a deed
    ],
)
def test_not_events(sentence: str) -> None:
    assert events_of("Report to: Nobody\n\nSubject: Test\n\n" + sentence + "\n") == []


def test_a_contract_period_gives_its_start_and_its_end() -> None:
    events = timeline_of(
        paper(
            "Subject: Test\n\n1.1 The lease will be extended from 1 April 2021 to 31 March 2022.\n"
        )
    )
    assert [(e.date, e.kind, e.date_text) for e in events] == [
        ("2021-04-01", "contract", "1 April 2021 to 31 March 2022"),
        ("2022-03-31", "contract", "31 March 2022"),
    ]
    assert events[1].label.endswith("(end)")


def test_the_meeting_a_report_is_for_is_a_committee_event() -> None:
    events = timeline_of(
        paper("CASTLEBRIDGE COUNCIL\n\nCABINET\n14 December 2022\n\nSubject: Fees\n")
    )
    assert [(e.date, e.kind, e.label) for e in events] == [
        ("2022-12-14", "committee", "Cabinet meeting")
    ]


def test_minutes_give_one_decision_event_per_decision() -> None:
    doc = paper(
        (Path(__file__).parent / "papers" / "ext_cabinet_decision.txt").read_text(encoding="utf-8"),
        "m",
    )
    decisions = [e for e in timeline_of(doc) if e.kind == "decision"]
    assert [(e.date, e.decision_maker) for e in decisions] == [("2021-10-12", "Cabinet")] * 2
    assert {e.subject for e in decisions} == {
        "LOCAL CYCLING AND WALKING INFRASTRUCTURE PLAN",
        "REVENUE BUDGET MONITORING 2021/22 – QUARTER 1",
    }


# --------------------------------------------------------------------------- UK periods and timetables


def _events(text: str) -> list[tuple[str, str, str]]:
    from tests.helpers import make_doc

    doc = make_doc(text)
    parsed = parse(doc.text)
    from pipeline.extract.decisions import extract_decisions

    return [(e.date, e.precision, e.kind) for e in extract_timeline(doc, parsed, extract_decisions(doc, parsed))]


def test_each_clause_of_a_sentence_gives_its_own_kind() -> None:
    events = _events(
        "Public consultation will run from Apr-19, the decision is expected in Jun-19 and the contract "
        "will start in Oct-19.\n"
    )
    assert events == [("2019-04", "month", "consultation"), ("2019-06", "month", "planned"), ("2019-10", "month", "contract")]


def test_financial_year_quarters_are_planned_months() -> None:
    events = _events("Works will start in Q3 2024/25 and complete by Q1 2025/26.\n")
    assert events == [("2024-10", "month", "planned"), ("2025-04", "month", "planned")]


def test_the_quarter_a_report_covers_is_not_an_event() -> None:
    assert _events("The Committee is asked to NOTE performance for Quarter 3 2022/23.\n") == []


def test_a_timetable_gives_one_event_per_row_labelled_by_its_row() -> None:
    text = (
        "Table 2: Key milestones\n\n"
        "Milestone\tDate\n"
        "Public consultation opens\t1 July 2024\n"
        "Cabinet decision on the preferred option\t12 November 2024\n"
        "Contract award\tQ4 2024/25\n"
        "Works complete\tw/c 2 June 2025\n"
    )
    from tests.helpers import make_doc

    doc = make_doc(text)
    parsed = parse(doc.text)
    events = extract_timeline(doc, parsed, [])
    got = [(e.date, e.label) for e in events]
    assert got == [
        ("2024-07-01", "Public consultation opens"),
        ("2024-11-12", "Cabinet decision on the preferred option"),
        ("2025-01", "Contract award"),
        ("2025-06-02", "Works complete"),
    ]
    for event in events:  # each event quotes its own row
        assert event.label in event.source.quote


def test_a_table_of_figures_by_period_is_not_a_timetable() -> None:
    text = "Indicator\tOct-22\tNov-22\nReferrals\t120\t150\nAssessments\t80\t95\n"
    from tests.helpers import make_doc

    doc = make_doc(text)
    assert extract_timeline(doc, parse(doc.text), []) == []


def test_an_unruled_timetable_that_wraps_its_entries_gives_one_event_per_entry() -> None:
    """Each entry of a borderless timetable wraps over several printed lines (its label,
    its dates and its summary each in their column); an entry starts where a capitalised
    label meets a new date, not where the range above is still open ("3rd May 2022 -",
    "14th June - 30th") or its year is still to come ("12th January")."""
    text = (
        "Report to Cabinet, 10 March 2025\n\n"
        "Table 3: Engagement so far\n\n"
        "Stage\tDates\tSummary\n"
        "First engagement\t3rd May 2022 -\tEarly evidence gathering to\n"
        "with parish councils\t17 th May 2022\tfind what needed changing\n"
        "Public consultation\t12th January\tConsultation on the draft\n"
        "on the draft Plan\t2023 - 6th March\tstrategy and the sites\n"
        "Sites and Policies\t2023\tput forward by landowners\n"
        "Second public\t14th June - 30th\tConsultation on changes, among\n"
        "consultation\tAugust 2023\tthem extending the plan to 2041\n"
        "Examination hearings\t9 October 2025\tInspector's hearing sessions\n"
    )
    from tests.helpers import make_doc

    doc = make_doc(text)
    events = [e for e in extract_timeline(doc, parse(doc.text), []) if e.source.char_start > text.index("Stage")]
    got = [(e.date, e.end_date, e.kind, e.label) for e in events]
    assert got == [
        ("2022-05-03", "2022-05-17", "history", "First engagement with parish councils: Early evidence gathering to find what needed changing"),
        ("2023-01-12", "2023-03-06", "history", "Public consultation on the draft Plan Sites and Policies: Consultation on the draft strategy and the sites…"),
        ("2023-06-14", "2023-08-30", "history", "Second public consultation: Consultation on changes, among them extending the plan to 2041"),
        ("2025-10-09", None, "planned", "Examination hearings: Inspector's hearing sessions"),
    ]
    for event in events:
        assert doc.text[event.source.char_start : event.source.char_end] == event.source.quote


def test_a_register_of_holdings_with_a_date_per_row_is_not_a_timetable() -> None:
    """Investments and their maturity dates, grants and their payment dates: rows of
    money or rates with a date are holdings, not events a clerk keeps."""
    text = (
        "Table 1: Investments at 30 September 2024\n\n"
        "Instrument\tCounterparty\tPrincipal £\tRate\tMaturity Date\n"
        "Treasury Bills\tUK Government\t4,936,737\t5.14%\t14/10/24\n"
        "Covered Bond\tA Building Society\t3,004,326\t5.20%\t18/01/27\n"
    )
    from tests.helpers import make_doc

    doc = make_doc(text)
    events = extract_timeline(doc, parse(doc.text), [])
    assert not [e for e in events if e.date in ("2024-10-14", "2027-01-18")]


def _dated(text: str) -> list[tuple[str, str]]:
    from tests.helpers import make_doc

    doc = make_doc(text)
    return [(e.date, e.date_text or "") for e in extract_timeline(doc, parse(doc.text), [])]


def test_a_day_printed_without_its_year_takes_the_papers_year() -> None:
    events = _dated(
        "Minutes of the meeting held on 4 March 2019\n\n"
        "The next meeting will be held on 24th September at the Village Hall.\n"
    )
    assert ("2019-09-24", "24th September") in events


def test_a_printed_weekday_chooses_the_year() -> None:
    """'Saturday, 1 November' in a paper of November 2024 is 2025's (1 November 2024 was a
    Friday); 'Tuesday, 5th November' in a paper of 2019 is 2019's."""
    events = _dated(
        "Minutes of the meeting held on 5 November 2024\n\n"
        "It was agreed that next year the fair should take place on Saturday, 1 November.\n"
    )
    assert ("2025-11-01", "Saturday, 1 November") in events
    assert not [d for d, _ in events if d == "2024-11-01"]


def test_what_a_sentence_says_happened_after_the_papers_date_is_the_year_before() -> None:
    events = _dated(
        "Report to the Executive, 25 July 2018\n\n"
        "The consultation leaflet was published on 30th August and delivered to homes.\n"
    )
    assert ("2017-08-30", "30th August") in events


def test_a_paper_about_another_years_events_gives_its_yearless_days_no_year() -> None:
    """A report dated 2025 whose printed days are 2024's: a yearless '30 October' could be
    either, so no event is placed rather than a wrong one."""
    events = _dated(
        "Report to County Council, 13 March 2025\n\n"
        "Gilt yields rose on 12 September 2024 and again on 3 October 2024 and 14 October 2024.\n"
        "Yields were expected to fall after the Budget on 30 October.\n"
    )
    assert not [d for d, t in events if t == "30 October"]


def test_may_the_verb_is_not_a_date() -> None:
    events = _dated("Minutes of the meeting held on 4 March 2019\n\nItems 1 to 3 may be deferred to the next meeting.\n")
    assert not [d for d, _ in events if d.endswith("-05-03")]


@pytest.mark.parametrize("sentence", [
    "The Council consulted residents about the 2026 bridge closure options.",
    "CIPFA's 2021 Prudential Code says authorities must not borrow to invest.",
    "The Cabinet will consider the Waste Local Plan 2024-39 before it is adopted.",
    "The Cabinet agreed the Update and Action Plan 2017 - 2022.",
    "There is some doubt whether a 2027 Carnival will take place.",
])
def test_a_year_in_a_name_is_not_an_event(sentence: str) -> None:
    events = _dated("Minutes of the meeting held on 4 March 2025\n\n" + sentence + "\n")
    assert [d for d, _ in events if len(d) == 4] == [], events


@pytest.mark.parametrize(("sentence", "year"), [
    ("The work will be completed in 2026 and reviewed.", "2026"),
    ("In 2026 the Council will consult on the plan.", "2026"),
    ("The scheme will be delivered from 2026 onwards.", "2026"),
    ("The Council agreed the strategy in 2024.", "2024"),
])
def test_a_year_that_dates_a_clause_is_still_an_event(sentence: str, year: str) -> None:
    events = _dated("Minutes of the meeting held on 4 March 2025\n\n" + sentence + "\n")
    assert year in [d for d, _ in events], events


@pytest.mark.parametrize("sentence", [
    "The Order will come into force on 14th January 2026 and remain in operation for 18 months.",
    "The new charges will take effect from 14 January 2026.",
    "The Experimental Order shall come into operation on 14 January 2026.",
])
def test_the_day_something_comes_into_force_is_an_effective_event(sentence: str) -> None:
    doc = make_doc("Notice dated 2 December 2025\n\n" + sentence + "\n")
    kinds = {(e.date, e.kind) for e in timeline_of(doc)}
    assert ("2026-01-14", "effective") in kinds and ("2026-01-14", "planned") not in kinds


def test_a_year_closing_an_orders_bracketed_name_is_not_an_event() -> None:
    events = _dated(
        "Notice dated 2 December 2025\n\n"
        "Objections must be sent by 6 January 2026 quoting the reference Various Roads "
        "Westmere (Experimental Traffic Order) 2026, and the Order will come into force on 14 January 2026.\n"
    )
    assert "2026" not in [d for d, _ in events] and "2026-01-14" in [d for d, _ in events]


@pytest.mark.parametrize(("head", "body"), [
    ("From:\tLeader of the Council\n\nTo:\tCounty Council, 13 March 2025\n\nSubject:\tGovernance Update\n", "County Council"),
    ("COUNCILLOR'S REPORT\n\nWESTMERE TOWN COUNCIL MEETING\n\nTuesday 13 March 2025\n", "Westmere Town Council"),
])
def test_the_council_meeting_a_report_is_for_is_a_committee_event(head: str, body: str) -> None:
    doc = make_doc(head + "\n1. Introduction\n\nThe working party met twice.\n")
    events = [(e.date, e.kind, e.label) for e in timeline_of(doc)]
    assert ("2025-03-13", "committee", f"{body} meeting") in events


def test_the_council_meeting_minutes_record_is_not_a_report_to_it() -> None:
    doc = make_doc(
        "WESTMERE PARISH COUNCIL\nMINUTES OF THE PARISH COUNCIL MEETING HELD ON\nTUESDAY, 5 NOVEMBER 2024\n\n"
        "A Parish Council meeting was held in the Village Hall on Tuesday, 5 November 2024\n"
    )
    kinds = {(e.date, e.kind) for e in timeline_of(doc)}
    assert ("2024-11-05", "committee") not in kinds and ("2024-11-05", "meeting") in kinds


@pytest.mark.parametrize("sentence", [
    "Since the pooled funds were launched, their value increased to £177.0m at the end of September 2025.",
    "Borrowing will stay within the limit: it was £150m as at 30 September 2025.",
    "Net income rose 3% in the six months to September 2025, and will rise further.",
])
def test_the_day_a_figure_is_measured_at_is_not_an_event(sentence: str) -> None:
    assert [d for d, _ in _dated("Report to Cabinet, 4 December 2025\n\n" + sentence + "\n") if d.startswith("2025-09")] == []


@pytest.mark.parametrize(("sentence", "date"), [
    ("The consultation will close at the end of March 2026.", "2026-03"),
    ("The scheme will be reviewed by 31 March 2026 at a cost of £2m.", "2026-03-31"),
])
def test_a_deadline_near_a_figure_is_still_an_event(sentence: str, date: str) -> None:
    assert date in [d for d, _ in _dated("Report to Cabinet, 4 December 2025\n\n" + sentence + "\n")]


# --------------------------------------------------------------------------- listed meetings


def test_background_papers_listed_title_body_date_are_the_bodys_meetings() -> None:
    """(real form: Manchester's background documents, "Title, Executive, 24 June 2014")
    each listed paper went to its body's meeting that day; a year in its title is part of
    the title, not an event."""
    events = timeline_of(paper(
        "WESTBRIDGE CITY COUNCIL\n\nReport to: Planning Board – 9 May 2023\n\nSubject: Riverside masterplan\n\n"
        "Background papers:\n\n"
        "Riverside Vision 2015 to 2030, Planning Board, 12th March, 2015\n\n"
        "Riverside land assembly update, Resources Scrutiny Committee, 3 November 2021\n\n"
        "1. Summary\n\n1.1 This report sets out the outcome of the consultation.\n"
    ))
    listed = sorted((e.date, e.kind, e.label) for e in events if e.date < "2023")
    assert listed == [
        ("2015-03-12", "committee", "Planning Board meeting: Riverside Vision 2015 to 2030"),
        ("2021-11-03", "committee", "Resources Scrutiny Committee meeting: Riverside land assembly update"),
    ]
    assert all(e.source.quote.startswith("Riverside") for e in events if e.date < "2023")


def test_a_bulleted_list_of_earlier_reports_gives_their_meetings_anywhere() -> None:
    events = events_of(
        "Previous reports\n\n"
        "• Leisure Strategy Refresh, Cabinet, 14th July 2020\n"
        "• Leisure Strategy consultation results, Overview and Scrutiny Panel, 2 February 2021\n"
    )
    assert sorted(events) == [("2020-07-14", "committee"), ("2021-02-02", "committee")]


def test_listed_lines_that_are_not_a_bodys_meeting_give_no_meeting() -> None:
    head = (
        "WESTBRIDGE CITY COUNCIL\n\nReport to: Cabinet – 9 May 2023\n\nSubject: Riverside masterplan\n\n"
        "1. Summary\n\n1.1 This report sets out the outcome of the consultation on the masterplan.\n\n"
    )
    events = timeline_of(paper(
        head + "Contacts\n\n"
        "• Jane Smith, Head of Planning, 12 March 2015\n\n"  # a person and her post: no body
        "• Riverside Vision, Planning Board, 12 March 2016 and 3 April 2016\n\n"  # the line goes on after the date
        "• Riverside Vision, Planning Board, Hall 2\n"  # no date
    ))
    assert [(e.date, e.kind) for e in events] == [("2023-05-09", "committee")]


def test_a_notice_that_prints_its_order_s_start_apart_gives_the_effective_event() -> None:
    """(real form: Oxfordshire's temporary closure notice) the day the order takes effect
    is printed in a field apart from the words that make it ("DURATION: Starting on ..."):
    that printing is the ``effective`` event, once."""
    doc = paper(
        "NORTHSHIRE COUNTY COUNCIL\n\nTEMPORARY TRAFFIC REGULATION NOTICE\n\n"
        "NOTICE IS HEREBY GIVEN that Northshire County Council has made an Order to close "
        "Mill Lane, Ashby, to through traffic while the carriageway is resurfaced.\n\n"
        "DURATION: Starting on 20 June 2022 for up to 5 days.\n\n"
        "Dated: 10 June 2022\n\nJ Brown, Director of Law and Governance\n",
        "n",
    )
    events = timeline_of(doc)
    effective = [(e.date, e.source.quote) for e in events if e.kind == "effective"]
    assert len(effective) == 1 and effective[0][0] == "2022-06-20"
    assert "Starting on 20 June 2022" in effective[0][1]


def test_a_meeting_page_s_committee_and_date_time_fields_are_its_meeting() -> None:
    """(real form: Birmingham's CMIS meeting page) "Committee:" and "Date/Time:" fields,
    each value on the line after its label, give the meeting; also "Date and time:"."""
    for label in ("Date/Time:", "Date and time:"):
        events = timeline_of(paper(
            f"Meeting Details\n\nCommittee:\nPlanning Sub-Committee B\n{label}\n14 Sep 2026 - 14:00\n"
            "Status:\nScheduled\nVenue:\nCouncil House\n\n• Apologies\n• Minutes of the previous meeting\n"
        ))
        assert [(e.date, e.kind) for e in events] == [("2026-09-14", "committee")], label
        assert events[0].label.startswith("Planning Sub-Committee") and events[0].label.endswith("meeting")
