"""Reviewer's tests: sums papertrail must not fail on its own guesses, and sums it must
still fail where the paper's words or labels say what adds up.  Every paper here is made
in the test (none is one of the real papers)."""

from __future__ import annotations

from decimal import Decimal

from pipeline.extract.money import extract_funding
from pipeline.store import Corpus
from pipeline.validate import check
from schemas.findings import Finding, FindingCheck
from schemas.records import Funding
from tests.helpers import make_doc

D = Decimal
SUMS = {FindingCheck.sum, FindingCheck.table_sum, FindingCheck.balance}


def read(text: str) -> tuple[list[Funding], list[Finding]]:
    doc = make_doc(text)
    funding = extract_funding(doc)
    return funding, check(Corpus(documents=[doc], funding=funding))


def sum_status(findings: list[Finding], total: str) -> list[str]:
    """The statuses of the sum checks on the total ``total`` (in pounds)."""
    return [f.status.value for f in findings if f.check in SUMS and f.actual == D(total)]


# --------------------------------------------------------------------------- prose


def test_a_stated_total_whose_parts_only_the_arithmetic_guessed_warns() -> None:
    # "total" names the £100,000, but no word says the two figures above are its parts:
    # they are only near it (within 10%), so the sum is a guess to check, not a failure
    text = (
        "Ashbourne Town Council spent £40,000 on footpaths this year.\n\n"
        "Play areas took £55,000.\n\n"
        "The total budget for the open spaces service is £100,000."
    )
    funding, findings = read(text)
    [total] = [f for f in funding if f.amount_gbp == D(100000)]
    assert [g.inferred for g in total.sums] == [True]
    assert sum_status(findings, "100000") == ["warn"]


def test_a_stated_total_whose_parts_hold_still_passes_and_a_named_breakdown_still_fails() -> None:
    _, findings = read("Footpaths took £40,000 and play areas £60,000. The total budget is £100,000.")
    assert sum_status(findings, "100000") == ["pass"]
    # "of which" names the parts: a breakdown that does not add up is the paper's error
    _, findings = read("The service costs £100,000, of which £40,000 is for footpaths and £55,000 for play areas.")
    assert sum_status(findings, "100000") == ["fail"]


def test_a_coarse_mention_picked_as_a_part_of_a_total_to_the_pound_warns() -> None:
    # "£1m" and "£1.7m" are rounded mentions; the arithmetic picked them for the total
    _, findings = read("The district gives £1m and the health board £1.7m. The total contribution will be £2,728,288.")
    assert sum_status(findings, "2728288") == ["warn"]


def test_a_total_stated_with_its_parts_in_one_sentence_still_fails_when_it_is_off() -> None:
    text = (
        "Set-up costs will be met from £300,000 of reserves, £150,000 from the health board and "
        "£50,000 of grant, giving a total of £510,000."
    )
    _, findings = read(text)
    assert sum_status(findings, "510000") == ["fail"]


def test_a_total_whose_sentence_adds_a_part_to_the_sentence_before_still_fails_when_it_is_off() -> None:
    text = (
        "The district invests £1.2m a year in the service. "
        "The health board invests £4.1m a year, giving a total contract value of £5.5m a year."
    )
    _, findings = read(text)
    assert sum_status(findings, "5500000") == ["fail"]


# --------------------------------------------------------------------------- balance statements

STATEMENT = "Cash account 2023/24\n\nItem\t£\nBalance brought forward\t5,000.00\n{rows}Balance carried forward\t{closing}\n"


def test_payments_printed_in_brackets_are_already_taken_away() -> None:
    _, findings = read(STATEMENT.format(rows="Receipts\t2,000.00\nPayments\t(1,500.00)\n", closing="5,500.00"))
    assert sum_status(findings, "5500.00") == ["pass"]


def test_a_row_whose_label_gives_no_sign_is_not_failed_on_the_word_list() -> None:
    # "Salaries" is no word the statement reader knows to take away: the labels' reading
    # does not hold, another reading does, so the auditor is asked to check, not told it fails
    _, findings = read(STATEMENT.format(rows="Precept\t2,000.00\nSalaries\t1,500.00\n", closing="5,500.00"))
    assert sum_status(findings, "5500.00") == ["warn"]


def test_a_statement_that_holds_under_no_signs_still_fails() -> None:
    _, findings = read(STATEMENT.format(rows="Receipts\t2,000.00\nPayments\t1,500.00\n", closing="5,509.00"))
    assert sum_status(findings, "5509.00") == ["fail"]
    # payments added in by mistake: the label says they are taken away, so no other
    # reading excuses it
    _, findings = read(STATEMENT.format(rows="Receipts\t2,000.00\nPayments\t1,500.00\n", closing="8,500.00"))
    assert sum_status(findings, "8500.00") == ["fail"]


# --------------------------------------------------------------------------- balances carried


CARRIED = (
    "All amounts £000\t2023/24\t2024/25\n"
    "Net expenditure\t14,633\t14,553\nFunding\t-14,824\t-14,121\n"
    "{label}\t191\t-432\n\n"
    "General Fund b/f\t7,025\t7,216\nGeneral Fund c/f\t7,216\t{last}\n"
)


def test_a_surplus_or_deficit_line_moves_the_balance_by_its_sign() -> None:
    # positive a surplus (added), negative a deficit (a use of reserves, taken away)
    funding, findings = read(CARRIED.format(label="Surplus / (deficit)", last="6,784"))
    assert sum_status(findings, "7216000") == ["pass"] and sum_status(findings, "6784000") == ["pass"]


def test_a_balance_the_line_above_does_not_carry_is_a_warning() -> None:
    # the c/f row is linked to the line above by the layout alone
    _, findings = read(CARRIED.format(label="Surplus / (deficit)", last="6,800"))
    assert sum_status(findings, "6800000") == ["warn"]


# --------------------------------------------------------------------------- the annual return

FORM = (
    "Name of smaller authority:\tLowmoor Parish Council\n\n"
    "1 Balances Brought Forward\t12,631\n2 Precept or Rates and Levies\t6,600\n"
    "3 Total Other Receipts\t1,520\n4 Staff Costs\t{box4}\n5 Loan Interest/Capital Repayment\t0\n"
    "6 All Other Payments\t9,036\n7 Balances Carried Forward\t{box7}\n"
)


def test_a_payment_box_printed_in_brackets_is_still_taken_away_once() -> None:
    _, findings = read(FORM.format(box4="(3,025)", box7="8,690"))
    assert sum_status(findings, "8690") == ["pass"]
    # the form fixes the signs: a box 7 that adds the staff costs back fails
    _, findings = read(FORM.format(box4="3,025", box7="14,740"))
    assert sum_status(findings, "14740") == ["fail"]


# --------------------------------------------------------------------------- total columns

CAPITAL = "Capital programme (£000)\n\nScheme\t{first}\t2024/25\t2025/26\t2026/27\tTotal\nDepot\t500\t1,000\t800\t200\t{depot}\nSchools\t0\t2,000\t1,500\t500\t4,000\n"


def test_a_total_column_that_also_adds_the_spend_to_date_passes() -> None:
    _, findings = read(CAPITAL.format(first="Spent to date", depot="2,500"))
    assert sum_status(findings, "2500000") == ["pass"]
    # and one that adds neither way still fails
    _, findings = read(CAPITAL.format(first="Spent to date", depot="2,600"))
    assert sum_status(findings, "2600000") == ["fail"]


def test_a_total_column_beside_figures_it_may_cover_but_were_not_added_warns() -> None:
    # "Prior years" is not read as money, so papertrail cannot add it: not sure, not failed
    _, findings = read(CAPITAL.format(first="Prior years", depot="2,500"))
    assert sum_status(findings, "2500000") == ["warn"]


def test_a_budget_beside_monthly_spend_is_still_no_part_of_the_total() -> None:
    text = "Item\tBudget\tApril\tMay\tJune\tTotals\nClerk\t1,300\t100\t100\t100\t400\nHall\t500\t50\t50\t50\t150\n"
    _, findings = read(text)
    assert sum_status(findings, "400") == ["fail"] and sum_status(findings, "150") == ["pass"]


def test_the_minimum_revenue_provision_is_a_cost_not_a_limit() -> None:
    text = (
        "Budget 2024/25 (£000)\n\nLine\t2023/24\t2024/25\nEmployees\t1,200\t1,250\nPremises\t300\t320\n"
        "Minimum Revenue Provision\t150\t160\nTotal expenditure\t1,650\t1,730\nMinimum balance\t500\t500\n"
    )
    funding, findings = read(text)
    roles = {f.amount_gbp: f.role.value for f in funding}
    assert roles[D(150000)] == roles[D(160000)] == "component"
    assert roles[D(500000)] == "threshold"  # a minimum balance is a limit
    assert sum_status(findings, "1650000") == ["pass"]


# --------------------------------------------------------------------------- grand totals

SECTIONS = (
    "Parish budget\n\nItem\tBudget 2024-25\nRUNNING COSTS\nClerk\t3,600\nAudit\t400\n"
    "PROJECTS\nHall roof\t900\nBenches\t700\nPROJECTS TOTAL\t1,600\nTOTAL EXPENDITURE\t{grand}\n"
)


def test_a_grand_total_over_a_section_without_its_own_sub_total_passes() -> None:
    _, findings = read(SECTIONS.format(grand="5,600"))
    assert sum_status(findings, "5600") == ["pass"] and sum_status(findings, "1600") == ["pass"]


def test_a_grand_total_that_no_reading_makes_still_fails() -> None:
    _, findings = read(SECTIONS.format(grand="5,700"))
    assert sum_status(findings, "5700") == ["fail"]


def test_money_coming_back_under_a_cost_word_is_added() -> None:
    # "costs" and "payments" are words for money going out, but money recovered or
    # refunded under them comes in: the statement holds as printed and passes
    rows = "Precept\t2,000.00\nLegal costs recovered\t300.00\nPayments\t(1,500.00)\n"
    _, findings = read(STATEMENT.format(rows=rows, closing="5,800.00"))
    assert sum_status(findings, "5800.00") == ["pass"]
    rows = "Precept\t2,000.00\nVAT refund on payments\t300.00\nPayments\t1,500.00\n"
    _, findings = read(STATEMENT.format(rows=rows, closing="5,800.00"))
    assert sum_status(findings, "5800.00") == ["pass"]
    # the label still takes it away where it says so, and a statement no reading makes fails
    rows = "Precept\t2,000.00\nLess fees received\t300.00\nPayments\t1,500.00\n"
    _, findings = read(STATEMENT.format(rows=rows, closing="5,200.00"))
    assert sum_status(findings, "5200.00") == ["pass"]
    rows = "Precept\t2,000.00\nLegal costs recovered\t300.00\nPayments\t1,500.00\n"
    _, findings = read(STATEMENT.format(rows=rows, closing="5,900.00"))
    assert sum_status(findings, "5900.00") == ["fail"]


def test_a_row_named_for_a_limit_that_the_total_adds_in_is_an_amount() -> None:
    # "Speed limit signs" is a thing bought: the budget's total adds it in, so it is an
    # amount (a part of the total), not a limit left out of the checks
    text = "Budget 2025/26\n\nItem\tBudget £\nClerk salary\t4,500\nSpeed limit signs\t1,200\nInsurance\t350\nTotal\t6,050\n"
    funding, findings = read(text)
    signs = next(f for f in funding if f.amount_text == "1,200")
    assert signs.role.value == "component" and signs.part_of
    assert sum_status(findings, "6050") == ["pass"]
    # a table of limits keeps its limits, total and all
    text = "Prudential indicators 2025/26\n\nItem\tAuthorised limit £m\nBorrowing\t1,000\nOther long-term liabilities\t200\nTotal\t1,200\n"
    funding, _ = read(text)
    assert {f.role.value for f in funding} == {"threshold"}
    # a limit row the total does not add in stays a limit
    text = "Reserves 2025/26\n\nItem\tAmount £\nGeneral reserve\t50,000\nEarmarked reserves\t20,000\nTotal reserves\t70,000\nMinimum balance\t25,000\n"
    funding, _ = read(text)
    assert next(f for f in funding if f.amount_text == "25,000").role.value == "threshold"
