"""The decision, date and timeline fault cases of ../shared/cases (EXPECTED.md): each input
gives the records a correct reader gives (the money cases are tests/test_money_cases.py).
Skipped where ../shared is absent (a newcomer's clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract_all
from pipeline.ingest import ingest
from pipeline.run import RunOptions, run
from pipeline.store import PaperRecords, Store

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"
pytestmark = pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases is not here (a clone without the shared material)")


def records(name: str) -> PaperRecords:
    path = CASES / name
    return extract_all(ingest(path, path.stem))


def events(name: str) -> set[tuple[str, str]]:
    return {(e.date, e.kind) for e in records(name).timeline}


def test_01_bold_drawn_twice_reads_once_and_gives_the_decision() -> None:
    found = records("01_fake_bold_duplicate_chars.pdf")
    assert "RREECC" not in found.document.text and "££11" not in found.document.text
    [decision] = found.decisions
    assert decision.decision_number == "24/00071"
    assert decision.status.value == "taken"
    assert decision.decision_maker == "Cabinet Member for Adult Social Care"
    assert decision.decision_date == "2024-05-15"
    assert decision.key_decision is True
    assert [r.verb for r in decision.resolutions] == ["APPROVE"]
    assert ("2024-05-15", "decision") in events("01_fake_bold_duplicate_chars.pdf")


def test_04_numeric_dates_are_day_first() -> None:
    found = records("04_uk_numeric_date_ddmm.txt")
    [decision] = found.decisions
    assert (decision.decision_number, decision.decision_date) == ("25/00014", "2025-06-04")
    dated = {(e.date, e.kind) for e in found.timeline}
    assert ("2025-09-01", "contract") in dated
    assert not [d for d, _ in dated if d in ("2025-04-06", "2025-01-09")]


def test_05_abbreviated_months_and_what_each_event_is() -> None:
    dated = events("05_month_year_abbrev.txt")
    assert ("2019-04", "consultation") in dated
    assert {kind for date, kind in dated if date == "2019-06"} & {"planned", "proposed"}
    assert ("2019-06", "contract") not in dated
    assert ("2019-10", "contract") in dated


def test_06_a_financial_year_is_not_a_calendar_date() -> None:
    found = records("06_financial_year_slash.txt")
    [decision] = found.decisions
    assert (decision.decision_number, decision.decision_date) == ("19/00052", "2019-03-12")
    years = {f.amount_gbp: f.financial_year for f in found.funding}
    assert years[2100000] == "2019-20" and years[2250000] == "2020-21"
    assert not [e for e in found.timeline if e.date.startswith("2019-") and e.date not in ("2019-03-12",) and e.precision.value == "day"]


def test_07_seasons() -> None:
    found = records("07_season_date.txt")
    seasons = {(e.date, e.precision.value) for e in found.timeline}
    assert ("2019-09", "season") in seasons and ("2021-03", "season") in seasons


def test_08_financial_year_quarters() -> None:
    """Q3 2024/25 is October-December 2024; Q1 2025/26 April-June 2025 (month ranges)."""
    planned = {(e.date, e.end_date) for e in records("08_fy_quarter.txt").timeline if e.kind == "planned"}
    assert {("2024-10", "2024-12"), ("2025-04", "2025-06")} <= planned
    control = {e.date for e in records("controls/c08_month_sentence.txt").timeline if e.kind == "planned"}
    assert {"2024-10", "2025-06"} <= control


def test_09_ordinal_dates() -> None:
    found = records("09_ordinal_dates.txt")
    [decision] = found.decisions
    assert (decision.decision_number, decision.decision_date) == ("24/00015", "2024-03-22")
    planned = {e.date for e in found.timeline if e.kind == "planned"}
    assert {"2024-04-01", "2024-09-30"} <= planned


def test_10_two_columns_give_the_planned_month() -> None:
    assert "2025-03" in {e.date for e in records("10_two_column_layout.pdf").timeline}


def test_17_decisions_on_the_same_day_are_all_kept_in_date_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run([CASES / "17_same_date_decisions"], RunOptions(out_dir=out, workers=1, executor="local"))
    assert summary.failed == 0
    with Store(out) as store:
        corpus = store.corpus()
    assert sorted(d.decision_number for d in corpus.decisions) == ["24/00101", "24/00102", "25/00044"]
    decided = [e.date for e in corpus.timeline if e.kind == "decision"]
    assert decided == sorted(decided) == ["2024-09-09", "2024-09-09", "2025-08-12"]


def test_19_a_count_before_money_and_the_decision() -> None:
    [decision] = records("19_count_before_money.txt").decisions
    assert (decision.decision_number, decision.decision_date) == ("24/00120", "2024-12-02")
