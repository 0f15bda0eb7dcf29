"""Reviewer's tests for the checks beside the sums: a percent change between money values
printed in millions, and tables whose money unit is in doubt.  Every paper here is made in
the test (none is one of the real papers)."""

from __future__ import annotations

from decimal import Decimal

from pipeline.extract.money import extract_funding
from pipeline.store import Corpus
from pipeline.validate import check
from schemas.findings import FindingCheck
from schemas.provenance import source_for_span
from schemas.records import Indicator, IndicatorValue
from tests.helpers import make_doc

D = Decimal


# --------------------------------------------------------------------------- percent changes


def _indicator(base: str, base_value: str, current: str, current_value: str, change: str) -> Corpus:
    text = f"Business rates collected: previous {base}, latest {current}, change {change}."
    doc = make_doc(text, doc_id="rates")
    indicator = Indicator(
        doc_id="rates",
        name="Business rates collected",
        unit="gbp",
        baseline=IndicatorValue(value=D(base_value), text=base),
        current=IndicatorValue(value=D(current_value), text=current),
        stated_change_pct=D(change.strip("+%")),
        stated_change_text=change,
        source=source_for_span(text, "rates", [0], 0, len(text)),
    )
    return Corpus(documents=[doc], indicators=[indicator])


def _percent_status(corpus: Corpus) -> str:
    [finding] = [f for f in check(corpus) if f.check is FindingCheck.percent_change]
    return finding.status.value


def test_a_change_between_values_printed_in_millions_allows_their_rounding() -> None:
    # £1.2m and £1.3m stand for anything from £1.15m to £1.35m: +9% is possible (warn),
    # though the printed values give 8.33%
    assert _percent_status(_indicator("£1.2m", "1200000", "£1.3m", "1300000", "+9%")) == "warn"
    # beyond what any rounding allows it still fails
    assert _percent_status(_indicator("£1.2m", "1200000", "£1.3m", "1300000", "+25%")) == "fail"


def test_a_change_between_values_printed_to_the_pound_has_no_such_room() -> None:
    corpus = _indicator("£1,200,000", "1200000", "£1,300,000", "1300000", "+9%")
    assert _percent_status(corpus) == "fail"


# --------------------------------------------------------------------------- unit in doubt


def _unit_findings(text: str):  # type: ignore[no-untyped-def]
    doc = make_doc(text)
    funding = extract_funding(doc)
    findings = check(Corpus(documents=[doc], funding=funding))
    return [f for f in funding if "£" not in f.amount_text], [f for f in findings if f.check is FindingCheck.unit]


def test_a_unitless_table_of_whole_figures_in_a_paper_that_speaks_in_millions_is_flagged() -> None:
    text = (
        "2.1 Capital spending is £12m on schools and £7m on highways, £19m in all.\n\n"
        "Scheme\tBudget\tForecast\nSchools\t12\t13\nHighways\t7\t6\nTotal\t19\t19\n"
    )
    cells, units = _unit_findings(text)
    assert cells and all(f.unit_note and "£m" in f.unit_note for f in cells)
    assert [u.status.value for u in units] == ["warn"]


def test_a_unitless_table_in_thousands_beside_prose_in_thousands_is_flagged() -> None:
    text = (
        "3.4 The fund pays £450k to the trust and £750k to the college.\n\n"
        "Recipient\tAllocation\tPaid\nTrust\t450\t300\nCollege\t750\t700\nTotal\t1,200\t1,000\n"
    )
    cells, units = _unit_findings(text)
    assert cells and all(f.unit_note and "£000s" in f.unit_note for f in cells)
    assert len(units) == 1


def test_a_table_printing_pence_is_in_pounds_whatever_the_prose() -> None:
    text = (
        "2.1 Capital spending is £12m on schools and £7m on highways, £19m in all.\n\n"
        "Hall hire\tBudget\tSpent\nMain hall\t120.00\t96.50\nMeeting room\t80.00\t42.25\nTotal\t200.00\t138.75\n"
    )
    cells, units = _unit_findings(text)
    assert cells and not any(f.unit_note for f in cells) and not units


# --------------------------------------------------------------------------- better or worse


def _change_findings(text: str):  # type: ignore[no-untyped-def]
    from pipeline.extract.indicators import extract_indicators

    doc = make_doc(text)
    return [f for f in check(Corpus(documents=[doc], indicators=extract_indicators(doc))) if f.check is FindingCheck.percent_change]


def test_an_improvement_where_lower_is_better_is_a_fall() -> None:
    # 20 days to 18 is 10% fewer days: an improvement of 10%, not a misprint
    [f] = _change_findings("Average days to process a claim (lower is better)\nLatest: 18 days Previous: 20 days Change: improved by 10%")
    assert f.status.value == "pass" and f.actual == D(-10) and f.expected == D("-10.00")
    [f] = _change_findings("Average days to process a claim (lower is better)\nLatest: 22 days Previous: 20 days Change: a deterioration of 10%")
    assert f.status.value == "pass" and f.actual == D(10)


def test_an_improvement_that_went_the_wrong_way_still_fails() -> None:
    [f] = _change_findings("Average days to process a claim (lower is better)\nLatest: 22 days Previous: 20 days Change: improved by 10%")
    assert f.status.value == "fail"
    [f] = _change_findings("Percentage of calls answered (higher is better)\nLatest: 72% Previous: 80% Change: an improvement of 10%")
    assert f.status.value == "fail"


def test_an_improvement_of_unknown_direction_warns_rather_than_fails() -> None:
    [f] = _change_findings("Average days to process a claim\nLatest: 18 days Previous: 20 days Change: an improvement of 10%")
    assert f.status.value == "warn" and "which way is better" in f.message
    # a rise stated as an improvement, with the direction unknown, is read as printed
    [f] = _change_findings("Visits to the library\nLatest: 110 Previous: 100 Change: an improvement of 10%")
    assert f.status.value == "pass"


def test_points_stated_as_an_improvement_where_lower_is_better() -> None:
    [f] = _change_findings("Rent arrears as a share of rent due (lower is better)\nLatest: 10% Previous: 12% Change: improved by 2 percentage points")
    assert f.status.value == "pass" and f.actual == D(-2)
