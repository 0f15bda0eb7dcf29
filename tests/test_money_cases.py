"""The money fault cases of ../shared/cases (EXPECTED.md): each input gives the records a
correct reader gives.  Skipped where ../shared is absent (a newcomer's clone)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract import extract_all
from pipeline.ingest import ingest
from pipeline.store import Corpus
from pipeline.validate import check
from schemas.findings import FindingStatus
from schemas.records import Funding

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"
pytestmark = pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases is not here (a clone without the shared material)")
D = Decimal


def funding(name: str) -> list[Funding]:
    path = CASES / name
    return extract_all(ingest(path, path.stem)).funding


def figures(name: str) -> dict[str, Funding]:
    return {f.amount_text: f for f in funding(name)}


def test_02_negative_money_in_every_printed_form() -> None:
    found = figures("02_negative_money_brackets.txt")
    assert found["£(2.3)m"].amount_gbp == D(-2300000)
    assert found["£(450,000)"].amount_gbp == D(-450000)
    assert found["£412.6m"].amount_gbp == D(412600000)
    assert figures("controls/c02_brackets_k.txt")["(£2.3m)"].amount_gbp == D(-2300000)


def test_14_k_and_bn_suffixes() -> None:
    found = figures("14_k_bn_suffixes.txt")
    assert found["£1.5bn"].amount_gbp == D(1500000000)
    assert found["£2,000k"].amount_gbp == D(2000000)
    assert (found["£750k"].amount_gbp, found["£750k"].period.value) == (D(750000), "one_off")
    assert found["£54k"].amount_gbp == D(54000)  # "c.£54k"


def test_16_spaces_as_thousands_separators() -> None:
    assert {f.amount_gbp for f in funding("16_space_thousands_separator.txt")} == {D(1250000), D(75000)}
    assert {f.amount_gbp for f in funding("controls/c16_plain.txt")} == {D(1250000), D(75000)}


def test_19_a_count_before_money_is_not_money() -> None:
    found = funding("19_count_before_money.txt")
    assert [(f.amount_gbp, f.role.value) for f in found] == [(D(45000), "component"), (D(135000), "total")]


def test_06_financial_years() -> None:
    found = figures("06_financial_year_slash.txt")
    assert found["£2,100,000"].financial_year == "2019-20"
    assert found["£2,250,000"].financial_year == "2020-21"


def test_13_ligatures_keep_the_periods() -> None:
    found = figures("13_ligature_fi.txt")
    assert (found["£2.657m"].period.value, found["£2.657m"].period_years) == ("total", 5)
    assert found["£531,400"].period.value == "per_year"


def test_15_a_table_in_thousands() -> None:
    path = CASES / "15_table_in_thousands.pdf"
    records = extract_all(ingest(path, path.stem))
    values = sorted(f.amount_gbp for f in records.funding)
    assert D(-2300000) in values and D(724400000) in values and D(400000) in values
    assert all(f.amount_gbp == 0 or abs(f.amount_gbp) >= 1000 for f in records.funding), "every cell x 1,000"
    findings = check(Corpus(documents=[records.document], funding=records.funding))
    assert findings and all(f.status is FindingStatus.passed for f in findings)
    assert {f.actual for f in findings} == {D(724000000), D(724400000), D(400000)}


def test_10_two_columns_keep_their_own_words() -> None:
    found = figures("10_two_column_layout.pdf")
    left, right = found["£300,000"], found["£25,000"]
    assert (left.period.value, left.period_years) == ("per_year", 3)
    assert right.period.value == "one_off"
    assert "£25,000" not in left.source.quote and "£300,000" not in right.source.quote


def test_11_a_sentence_across_a_page_break() -> None:
    [figure] = funding("11_footer_mid_sentence.pdf")
    assert (figure.amount_gbp, figure.period.value, figure.period_years) == (D(2728288), "per_year", 5)
    assert "Page 1 of 2" not in figure.source.quote


def test_18_a_rotated_page() -> None:
    found = figures("18_rotated_landscape_page.pdf")
    assert found["£48,750,000"].role.value == "total"
    assert found["£6,300,000"].role.value == "component"


@pytest.mark.parametrize(
    ("name", "amount", "period"),
    [
        ("01_fake_bold_duplicate_chars.pdf", 1250000, "per_year"),
        ("04_uk_numeric_date_ddmm.txt", 340000, "per_year"),
        ("05_month_year_abbrev.txt", 180000, "per_year"),
        ("09_ordinal_dates.txt", 4800000, None),
    ],
)
def test_one_figure_each(name: str, amount: int, period: str | None) -> None:
    [figure] = funding(name)
    assert figure.amount_gbp == D(amount)
    assert period is None or figure.period.value == period
