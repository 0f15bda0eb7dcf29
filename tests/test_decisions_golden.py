"""Golden decisions and timeline events for every text-layer real paper (issue 11: "one
golden regression test per real paper ... so no later change regresses").

The expectations in ``tests/golden/decisions/<doc_id>.json`` were written by hand from the
printed papers in ``../shared/realpapers`` (format and conventions: the README there), not
by running papertrail.  One session-scoped ``papertrail run`` over the papers is compared
with them field by field (``tests/golden_decisions.py``), so a failure names the paper, the
decision and the field.  Where papertrail reads a paper differently from the page today,
``KNOWN_DIFFERENCES`` says so with the reason: the test passes today, a new difference
fails, and so does a known one that has gone (papertrail now reads the page right) until
its entry is removed.  ``python3 -m tests.golden_decisions`` prints them all, grouped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.golden_decisions import (
    DECISION_OUTCOMES,
    FIELDS,
    REAL,
    Difference,
    compare_paper,
    golden_ids,
    load_golden,
    real_papers,
    run_real_papers,
)

GOLDEN_IDS = golden_ids()

# --------------------------------------------------------------------------- known differences

_AYTON = "ayton-cc_minutes_2016-02-02"
_BURTON = "burton-cum-walden-pc_minutes_2024-11-05"
_BIRMINGHAM = "birmingham_cmis-meeting-details_licensing-sub-a-2026-08-03"
_KENT_PLAN = "kent_cabinet-report_minerals-waste-local-plan-adoption_2025-03-04"
_KENT_MINUTES = "kent_county-council-minutes_devolution-white-paper_2025-01-09"
_KENT_GOVERNANCE = "kent_county-council-report_governance-update_2025-03-13"
_KENT_TREASURY = "kent_county-council-report_treasury-management-mid-year_2025-03-13"
_MANCHESTER = "manchester_executive-report_chorlton-development-opportunities_2018-07-25"
_MILBURN = "milburn-pc_minutes_2018-03-06"
_MON_BRIEFING = "monmouthshire_member-briefing_civil-parking-enforcement_2019-04"
_MON_EXPERIMENTAL = "monmouthshire_notice-of-making-experimental-order_tintern-20mph_2022-01-19"
_MON_TEMPORARY = "monmouthshire_temporary-traffic-notice_a466-tintern-closure_2017-12-18"
_NEWBIGGIN = "newbiggin-pc_minutes_2019-09-03"
_NORTH_YORKS = "north-yorkshire_statutory-notice_west-burton-school-closure_2026-01-12"
_OXON_REASONS = "oxfordshire_statement-of-reasons_souldern-20mph_2024-05-16"
_OXON_NOTICE = "oxfordshire_traffic-regulation-notice_souldern-farm-lane-closure_2022-04-29"
_PORTSMOUTH_REPORT = "portsmouth_cabinet-member-report_cosham-parking-tro-39_2010-07-15"
_PORTSMOUTH_NOTICE = "portsmouth_tro-public-notice_cosham-high-street-no16_2013-07-08"
_AYLESBURY = "southwark_cabinet-member-report_aylesbury-northchurch-rephasing_2015-02-17"
_HEYGATE = "southwark_major-projects-board-report_heygate-rehousing-update_2007-09-25"
_PENSIONS = "southwark_pensions-advisory-panel-notes_2015-04-21"
_TAYPORT = "tayport-cc_fife-councillor-report_2017-09-04"
_TINTERN_LETTER = "tintern-cc_a466-road-closure-recommendation_2018-09-04"
_TINTERN_MINUTES = "tintern-cc_minutes_2018-06-25"
_TRAFFORD = "trafford_pay-policy-statement_2021-03-24"

# Reasons, one per kind of difference (the lead's work queue, most frequent first in the report).
_RESOLVED_LEAD = "the resolution's text keeps the 'RESOLVED:' / 'RESOLVED that' lead-in, which frames the resolution as its label does"
_MODAL_VERB = "a resolution worded 'That X should <verb>' / 'should be <verb>ed' is not read past the modal: no verb, or the first word"
_VERB_NOT_FIRST = "the lead verb is taken from the resolution's first word, which here is not its verb"
_ORDER_TITLE = "the order's title is cut where its first bracket opens: the council's name is part of the title as printed"
_TAKES_EFFECT = "the date the order or policy takes effect, printed in its body ('come into effect on', 'Starting on', 'immediate effect' once approved), is not read into effective_from"
_NO_YEAR = "a date printed without its year (the year is the paper's own, or the next one) gives no event"
_NOTICE_DATE = "the notice's own date ('Dated:', 'Publication Date:', 'Date:'), printed outside the decision's span, gives no 'published' event"
_FORCE_IS_PLANNED = "the order's coming-into-force date is read as a 'planned' event, not the decision's 'effective' event"
_NAME_OR_PERIOD = "the years of a period ('between 2021 and 2023') are read as events"
_COMMENTARY = "a figure's date or reporting period, a forecast year or a comparison in commentary ('since November 2020', 'as at 30 September 2024', 'GDP growth ... in 2025', 'based on pay received in March 2020') is read as an event"
_SAME_AGAIN = "the same event is read a second time, at a coarser precision or as another kind, from another printing of it"
_WRONG_KIND = "the event is read with the wrong kind"
_UNWRITTEN = (
    "a minor local event printed with its day but no year (a course, a briefing, a fete, a village meeting): "
    "papertrail now dates it from the paper's year; the golden leaves such events out (its README) "
    "and the Tayport cycle path closure '25 to 29 September' is read at its end day"
)
_BODY_DECIDED = "a body's past decision on a date ('approved by the County Council on 19 February 2024', 'the Major Project Board agreed') is an 'agreement' here and a 'committee' event in other papers ('County Council agreed ... December 2023', 'the County Councils Cabinet approved'): one kind for one thing, the committee"

KNOWN_DIFFERENCES: dict[tuple[str, str, str], str] = {
    # ------------------------------------------------------------------ decisions: resolutions
    (_AYLESBURY, "recommendation", "resolutions[0].verb"): _VERB_NOT_FIRST + ": 'That the Cabinet Member for Regeneration, Planning and Transport approves' (the verb follows an eight-word subject)",
    (_NEWBIGGIN, "19.09.05", "resolutions[0].verb"): _VERB_NOT_FIRST + ": 'the Councillors agreed that although ...' (AGREE, not ALTHOUGH)",
    (_OXON_NOTICE, "notice", "resolutions[0].verb"): "the notice's operative words, 'TEMPORARILY PROHIBITS', in capitals on a line of their own, are not read as its verb",
    (_OXON_NOTICE, "notice", "resolutions[0].text"): "the resolution is a wrapped line's fragment ('Regulation Act, 1984, that the Oxfordshire County Council'), not the notice from 'Notice is hereby given'",
    (_OXON_REASONS, "order", "resolutions[0].verb"): "the heading 'STATEMENT OF REASONS' is read as the resolution (verb STATEMENT); the proposal is 'is proposing to introduce a 20mph speed limit'",
    (_OXON_REASONS, "order", "resolutions[0].text"): "the heading 'STATEMENT OF REASONS' is read as the resolution; the proposal is the paragraph 'Following concerns raised ... is proposing to introduce a 20mph speed limit'",
    (_AYTON, "Dumping of Garden Rubbish", "resolutions[0].text"): "the titled bullet's title ('Dumping of Garden Rubbish –', the subject) is kept in the resolution's text when the agreement is its first sentence",
    (_NEWBIGGIN, "19.09.09", "resolutions[0].text"): "'The Councillors resolved to pay all of the above.' (a line of its own on the page) is joined to the invoice line above it in the text layer, so the resolution starts at 'Fellrunner Village Bus'",
    # ------------------------------------------------------------------ decisions: fields
    (_PORTSMOUTH_NOTICE, "TRO 16/2013", "subject"): _ORDER_TITLE,
    (_MON_EXPERIMENTAL, "order", "subject"): _ORDER_TITLE,
    (_MON_TEMPORARY, "notice", "subject"): _ORDER_TITLE,
    (_OXON_REASONS, "order", "subject"): _ORDER_TITLE,
    (_OXON_NOTICE, "notice", "subject"): "the LOCATION value is cut after its comma ('Somerton / Fritwell, Souldern Farm Lane' -> 'Souldern Farm Lane')",
    (_TRAFFORD, "approval", "effective_from"): _TAKES_EFFECT,
    (_PORTSMOUTH_REPORT, "recommendations", "reference"): "the order's number, printed only in Appendix A's heading ('Copy of advertised public notice for TRO 39/2009'), is not the decision's reference",
    (_MON_EXPERIMENTAL, "order", "reference"): "the reference objectors are asked to quote ('quoting the reference Various Roads Tintern (Experimental Traffic Order) 2022') is not read",
    (_MON_TEMPORARY, "notice", "decision_maker"): "the signatory (Head of Legal Services, who publishes the notice) is taken as the maker; the notice says the council intends to make the order",
    (_MON_TEMPORARY, "notice", "decision_maker_name"): "the signatory (Head of Legal Services, who publishes the notice) is taken as the maker; the notice names no person who makes it",
    (_NEWBIGGIN, "19.09.07", "missing"): "'The Councillors agreed all satisfactory.' (agreed, with no 'to' or 'that') is not read as an agreement (gold.json omits it too)",
    (_TINTERN_LETTER, "Option 1", "missing"): "a decision recorded in a letter ('A consensus has been reached that Option1 ... should be recommended') is not read: neither minutes nor a recommendation block",
    # ------------------------------------------------------------------ timeline: events missed
    (_TINTERN_LETTER, "timeline", "2018-09-04 day decision missing"): _NO_YEAR + " ('the special meeting ... on 4th September')",
    (_TINTERN_LETTER, "timeline", "2018-09-24 day meeting missing"): _NO_YEAR + " ('the next meeting of the Community Council on 24th September')",
    (_TAYPORT, "timeline", "2017-09-25 day planned missing"): _NO_YEAR + " ('closed from 25 to 29 September')",
    (_TAYPORT, "timeline", "2017-08 month committee missing"): _NO_YEAR + " ('At the August meeting of the North East Fife Area Committee')",
    (_TAYPORT, "timeline", "2017-09 month committee missing"): _NO_YEAR + " ('will be considered by the Council's Policy and Coordinating Committee this month')",
    (_MON_BRIEFING, "timeline", "2019-04-10 day committee missing"): _NO_YEAR + " ('An individual cabinet member report will be presented on 10th April')",
    (_BURTON, "timeline", "2025-11-01 day planned missing"): _NO_YEAR + " ('next year the event should take place on Saturday, 1 November')",
    (_BURTON, "timeline", "2025-11-01 day committee extra"): _WRONG_KIND + ": the village event's day, now read with its year from its weekday, is taken for a committee",
    (_MON_BRIEFING, "timeline", "2019-04-10 day planned extra"): _WRONG_KIND + ": 'a cabinet member report will be presented on 10th April' is read as planned, the golden has the decision meeting",
    **{(_TAYPORT, "timeline", event): _UNWRITTEN for event in (
        "2017-08-22 day meeting extra", "2017-09-04 day planned extra", "2017-09-18 day meeting extra",
        "2017-09-25 day meeting extra", "2017-09-29 day planned extra",
    )},
    **{(_TINTERN_MINUTES, "timeline", event): _UNWRITTEN for event in ("2018-06-30 day planned extra", "2018-07-02 day planned extra")},
    (_HEYGATE, "timeline", "2007-10 month planned missing"): _NO_YEAR + " ('in post by the beginning of October')",
    (_MANCHESTER, "timeline", "2017-10-16 day history missing"): _NO_YEAR + " ('The consultation went live on 16th October')",
    (_NEWBIGGIN, "timeline", "2019-09-03 day decision missing"): "follows from the missed decision 19.09.07",
    (_PENSIONS, "timeline", "2015-05 month planned missing"): "'in late May' and '2015' are on two lines of the text layer, so the date is not read",
    (_PENSIONS, "timeline", "2015-05-07 day planned missing"): "a date with a two-digit year ('after the 07/05/15') is not read",
    (_AYTON, "timeline", "2016-04-01 day planned missing"): "'no paper copies ... would be sent out after 1 April 2016' matches no timeline rule",
    (_MANCHESTER, "timeline", "2019 year planned missing"): "'in period late 2019 to mid-2020' is not read as a date",
    (_KENT_PLAN, "timeline", "2025-02-06 day history missing"): _WRONG_KIND + ": 'the Council received the Inspector's Report' is history, not a committee meeting",
    # ------------------------------------------------------------------ timeline: events the page does not hold
    **{(_KENT_PLAN, "timeline", f"{event} extra"): _NAME_OR_PERIOD for event in (
        "2021 year committee", "2023 year committee",
    )},
    **{(_KENT_TREASURY, "timeline", f"{event} extra"): _COMMENTARY for event in (
        "2020-11 month history", "2023-12 month history", "2024 year planned", "2025 year planned", "2026 year planned",
        "2024-03-31 day history",
    )},
    (_TRAFFORD, "timeline", "2020-03 month planned extra"): _COMMENTARY,
    (_TAYPORT, "timeline", "2017-08 month meeting extra"): _COMMENTARY + " ('the school's SQA results for August 2017')",
    (_AYLESBURY, "timeline", "2017 year history extra"): "'would not have commenced until 2017' (what would have happened) is read as an event",
    (_AYLESBURY, "timeline", "2018-08 month agreement extra"): "the superseded Business Plan timetable ('would run from August 2018 to April 2021') is read as an agreement",
    (_AYLESBURY, "timeline", "2015-02-17 day committee extra"): "the report's own date ('Date final report sent to Constitutional Team 17 February 2015') is read as a meeting",
    (_PORTSMOUTH_REPORT, "timeline", "2010-07 month committee extra"): _SAME_AGAIN + " (the blank decision box's 'on the15th July 2010', its day glued to 'the')",
    (_KENT_PLAN, "timeline", "2016 year history extra"): _SAME_AGAIN + " ('changes ... since 2016': the July 2016 adoption)",
    (_KENT_PLAN, "timeline", "2021 year planned extra"): _SAME_AGAIN + " (the 2021 review, read as planned)",
    (_HEYGATE, "timeline", "2009-09 month committee extra"): _SAME_AGAIN + " (the September 2009 target, also read as the Board's decision)",
    **{(_MANCHESTER, "timeline", f"{event} extra"): _SAME_AGAIN + " (the body's month or year for a meeting the background list dates to the day)" for event in (
        "2010 year agreement", "2015-11 month agreement", "2016-03 month planned", "2016-12 month agreement", "2017-02 month history",
    )},
    **{(_AYLESBURY, "timeline", f"2015-01 month {how}"): _BODY_DECIDED + " (here 'Housing SMT received a paper ... and approved': a management team, no committee word)"
       for how in ("committee missing", "agreement extra")},
    (_AYTON, "timeline", "2016-01 month history missing"): _WRONG_KIND + ": 'letters received in January 2016 from SBC' (the letters say SBC had agreed, undated) is read as an agreement",
    (_AYTON, "timeline", "2016-01 month agreement extra"): _WRONG_KIND + ": 'letters received in January 2016 from SBC' (the letters say SBC had agreed, undated) is read as an agreement",
    (_KENT_PLAN, "timeline", "2025-02-06 day committee extra"): _WRONG_KIND + ": 'the Council received the Inspector's Report' is history, not a committee meeting",
    (_KENT_GOVERNANCE, "timeline", "2022 year committee extra"): _WRONG_KIND + ": the 2022 CIPFA external review is history, not a committee meeting",
    (_KENT_GOVERNANCE, "timeline", "2022 year history missing"): _WRONG_KIND + ": the 2022 CIPFA external review is history, not a committee meeting",
    (_MILBURN, "timeline", "2018-05-08 day meeting missing"): _WRONG_KIND + ": the council's own next meeting is 'meeting' (as papertrail reads it in Tintern, Burton, Newbiggin), here 'committee'",
}

# The kinds of difference above, for grouping them (python3 -m tests.golden_decisions).
DIFFERENCE_KINDS = (
    _RESOLVED_LEAD, _MODAL_VERB, _VERB_NOT_FIRST, _ORDER_TITLE, _TAKES_EFFECT, _NO_YEAR,
    _NOTICE_DATE, _FORCE_IS_PLANNED,
    _NAME_OR_PERIOD, _COMMENTARY, _SAME_AGAIN, _WRONG_KIND, _BODY_DECIDED,
)


def allowed(difference: Difference) -> bool:
    return difference.key in KNOWN_DIFFERENCES


# --------------------------------------------------------------------------- the run


@pytest.fixture(scope="session")
def real_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """doc_id -> {"status", "error", "decisions", "timeline"}: one papertrail run over every
    text-layer real paper, shared by all the papers' tests."""
    if not REAL.is_dir():
        pytest.skip("../shared/realpapers is absent (a newcomer's clone): no real papers to compare")
    return run_real_papers(tmp_path_factory.mktemp("real_out"), tmp_path_factory.mktemp("real_in"))


# --------------------------------------------------------------------------- tests


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realpapers is absent (a newcomer's clone)")
def test_every_text_layer_real_paper_has_an_expectation() -> None:
    assert sorted(p.stem for p in real_papers()) == GOLDEN_IDS


@pytest.mark.parametrize("doc_id", GOLDEN_IDS)
def test_real_paper_decisions_and_timeline_match_the_page(real_records: dict, doc_id: str) -> None:
    paper = real_records[doc_id]
    assert paper["status"] == "ok", paper["error"]
    differences = compare_paper(doc_id, paper["decisions"], paper["timeline"])
    new = [str(d) for d in differences if not allowed(d)]
    assert not new, (
        "papertrail reads the page differently (fix papertrail, or list the difference in "
        "KNOWN_DIFFERENCES with the reason):\n" + "\n".join(new)
    )
    seen = {d.key for d in differences}
    gone = [f"{key}: {why}" for key, why in KNOWN_DIFFERENCES.items() if key[0] == doc_id and key not in seen]
    assert not gone, "papertrail now reads these as the page does: remove them from KNOWN_DIFFERENCES:\n" + "\n".join(gone)


def test_known_differences_name_real_papers_decisions_and_fields() -> None:
    for (doc_id, decision, field), reason in KNOWN_DIFFERENCES.items():
        assert doc_id in GOLDEN_IDS, doc_id
        assert reason.strip(), (doc_id, decision, field)
        if decision == "timeline":
            assert re.fullmatch(r"\d{4}(-\d\d){0,2} (day|month|season|year) [a-z_]+ (missing|extra)", field), field
            continue
        assert field in FIELDS or field in DECISION_OUTCOMES or re.fullmatch(r"resolutions\[\d+\]\.(label|verb|text)", field), field
        if field != "invented":
            assert decision in {d["key"] for d in load_golden(doc_id)["decisions"]}, (doc_id, decision)


def test_expectations_are_complete_and_well_formed() -> None:
    """Every expected decision gives every field and a unique key; every timeline event a
    date written at its precision."""
    lengths = {"year": 4, "season": 7, "month": 7, "day": 10}
    for doc_id in GOLDEN_IDS:
        golden = load_golden(doc_id)
        assert golden["doc_id"] == doc_id and golden["notes"].strip()
        keys = [d["key"] for d in golden["decisions"]]
        assert len(keys) == len(set(keys)), doc_id
        for decision in golden["decisions"]:
            assert set(FIELDS) | {"key", "resolutions"} <= set(decision), (doc_id, decision["key"])
            assert decision["status"] in ("taken", "proposed", "recommendation")
            assert decision["decision_number"] is None or re.fullmatch(r"\d{2}/\d{5}", decision["decision_number"])
            for resolution in decision["resolutions"]:
                assert {"label", "text"} <= set(resolution) and resolution["text"].strip(), (doc_id, decision["key"])
        for event in golden["timeline"]:
            assert len(event["date"]) == lengths[event["precision"]], (doc_id, event)


# --------------------------------------------------------------------------- the comparison itself


def _decision(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {name: None for name in FIELDS}
    base.update(electoral_divisions=[], resolutions=[], key="k")
    base.update(fields)
    return base


def test_comparison_names_the_decision_and_field_that_differ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import tests.golden_decisions

    golden = {
        "doc_id": "p",
        "notes": "made here",
        "decisions": [
            _decision(key="1", reference="1", subject="Precept", status="taken",
                      resolutions=[{"label": None, "verb": "APPROVE", "text": "That the precept be approved"}]),
            _decision(key="2", reference="2", subject="Benches", status="taken"),
        ],
        "timeline": [{"date": "2024-11-05", "precision": "day", "kind": "decision"}],
    }  # fmt: skip
    (tmp_path / "p.json").write_text(json.dumps(golden), encoding="utf-8")
    monkeypatch.setattr(tests.golden_decisions, "GOLDEN", tmp_path)
    found = [
        _decision(reference="1", subject="Precept", status="proposed",
                  resolutions=[{"label": None, "verb": "NOTE", "text": "That  the precept\nbe approved by all"}]),
        _decision(reference="9", subject="Tea", status="taken"),
    ]  # fmt: skip
    timeline = [{"date": "2024-11", "precision": "month", "kind": "decision", "label": "Decision"}]
    differences = {(d.decision, d.field) for d in compare_paper("p", found, timeline)}
    assert differences == {
        ("1", "status"),
        ("1", "resolutions[0].verb"),
        ("2", "missing"),
        ("9", "invented"),
        ("timeline", "2024-11-05 day decision missing"),
        ("timeline", "2024-11 month decision extra"),
    }


def test_pairing_prefers_reference_and_subject_over_paper_order() -> None:
    from tests.golden_decisions import pair

    expected = [_decision(key="a", reference="7", subject="Grit"), _decision(key="b", reference="8", subject="Lease")]
    found = [_decision(reference="8", subject="Lease"), _decision(reference=None, subject="Grit")]
    assert sorted(pair(found, expected), key=str) == [(0, 1), (1, 0)]
    assert pair([], expected) == [(None, 0), (None, 1)]
    assert pair([_decision(subject="Other")], [_decision(subject="Mine")]) == [(0, 0)]


def test_work_queue_groups_by_the_recorded_kind_largest_first() -> None:
    from tests.golden_decisions import work_queue

    one, two, three = (Difference("p", "k", f"f{i}", "") for i in range(3))
    known = {one.key: "kind A: first", two.key: "kind A: second"}
    assert work_queue([one, two, three], known, ("kind A",)) == [
        ("kind A", [one, two]),
        ("NEW: not in KNOWN_DIFFERENCES", [three]),
    ]
