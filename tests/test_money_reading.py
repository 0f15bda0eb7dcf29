"""How pipeline.extract.money reads what the structure understood: brackets in prose,
tables' sums of every kind (sub-totals, running and grand totals, inferred sub-totals,
net rows, balance statements, Total columns, movements, totals across tables, a
continued table's unit), the annual return form, a unit in doubt, and the paper's
authority.  Papers are written in the tests; each check is a reading a careful clerk
would make."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.money import extract_funding
from pipeline.extract.money.authority import authority_key, paper_authority
from pipeline.store import Corpus
from pipeline.structure import structure
from pipeline.validate import check
from schemas.findings import Finding, FindingStatus
from schemas.records import Funding
from tests.helpers import make_doc

D = Decimal


def read(text: str) -> tuple[list[Funding], list[Finding]]:
    doc = make_doc(text)
    funding = extract_funding(doc)
    return funding, check(Corpus(documents=[doc], funding=funding))


def groups(funding: list[Funding]) -> dict[str, list[tuple[str, list[str], list[str]]]]:
    by_id = {f.id: f for f in funding}
    return {
        f.amount_text: [(g.kind, [by_id[p].amount_text for p in g.parts], [by_id[p].amount_text for p in g.minus]) for g in f.sums]
        for f in funding
        if f.sums
    }


def statuses(findings: list[Finding]) -> dict[Decimal, str]:
    return {f.actual: f.status.value for f in findings if f.actual is not None}


# --------------------------------------------------------------------------- prose


@pytest.mark.parametrize(
    ("sentence", "printed", "value"),
    [
        ("The service shows a variance of (£50,000) this year.", "(£50,000)", "-50000"),
        ("Net movement: (£450,000).", "(£450,000)", "-450000"),
        ("Slippage moved to next year (£80,000) is shown below.", "£80,000", "80000"),
        ("The grant (£1.2m) was received in May.", "£1.2m", "1200000"),
        ("The directorate forecasts £(2.3)m against budget.", "£(2.3)m", "-2300000"),
        ("Benches - £750", "£750", "750"),
        ("The cost –£98.2m shown is a credit.", "–£98.2m", "-98200000"),
        ("Capital receipts of £2.3m¹ are assumed.", "£2.3m", "2300000"),
        ("A grant of £1\u00a0250\u00a0000 was awarded.", "£1\u00a0250\u00a0000", "1250000"),
        ("The Council will add £ 75 000 from reserves.", "£ 75 000", "75000"),
    ],
)
def test_printed_forms_and_brackets_in_prose(sentence: str, printed: str, value: str) -> None:
    [figure] = extract_funding(make_doc(sentence))
    assert (figure.amount_text, figure.amount_gbp) == (printed, D(value))
    assert make_doc(sentence).text[figure.source.char_start : figure.source.char_end] == figure.source.quote


def test_a_length_of_time_does_not_remove_the_money_after_it() -> None:
    [figure] = extract_funding(make_doc("It is a three-year programme of £600,000 for the parks."))
    assert (figure.amount_gbp, figure.period.value, figure.period_years) == (D(600000), "total", 3)


def test_a_sum_written_out_and_a_breakdown_in_brackets() -> None:
    funding, findings = read("Income so far: £2,473 + £2,309 = £4,782.\n\nCosts came to £40 (£10 for tea and £30 for hire).")
    assert groups(funding) == {"£4,782": [("arithmetic", ["£2,473", "£2,309"], [])], "£40": [("words", ["£10", "£30"], [])]}
    assert set(statuses(findings).values()) == {"pass"}


def test_a_long_sentence_with_an_equals_sign_is_no_written_sum() -> None:
    funding, _ = read("The £400,000 is providing the service with the addition of £100,000 from the CCG per year = Total annual funding £500,000.")
    assert all(g[0] != "arithmetic" for gs in groups(funding).values() for g in gs)


# --------------------------------------------------------------------------- tables

BUDGET = (
    "TINTERN COMMUNITY COUNCIL - BUDGET 2018-19\n\n"
    "ITEM\tBudget 2017-18\tBudget 2018-19\n"
    "REVENUE\n"
    "Salary\t3,500\t3,600\n"
    "Audit\t400\t{audit}\n"
    "REVENUE TOTAL\t3,900\t4,000\n"
    "CAPITAL\n"
    "Hall\t1,000\t900\n"
    "Projects\t500\t700\n"
    "CAPITAL TOTAL\t1,500\t1,600\n"
    "TOTAL EXPENDITURE\t5,400\t5,600\n"
)


def test_sub_totals_by_section_and_a_grand_total_of_them() -> None:
    funding, findings = read(BUDGET.format(audit="400"))
    got = groups(funding)
    assert got["4,000"] == [("column", ["3,600", "400"], [])]
    assert got["1,500"] == [("column", ["1,000", "500"], [])]
    assert got["5,600"] == [("grand", ["4,000", "1,600"], [])]
    roles = {f.amount_text: f.role.value for f in funding}
    assert roles["3,900"] == roles["1,500"] == "component" and roles["5,400"] == "total"  # parts of the grand total
    assert set(statuses(findings).values()) == {"pass"}
    assert all(f.financial_year in (None, "2017-18", "2018-19") and f.period.value == "unspecified" for f in funding)


def test_a_wrong_total_row_fails() -> None:
    _, findings = read(BUDGET.format(audit="450"))
    assert statuses(findings)[D(4000)] == "fail" and statuses(findings)[D(5600)] == "pass"


def test_a_running_total_and_a_total_named_for_its_rows() -> None:
    text = (
        "Item\t£\n"
        "Precept\t6,600.00\nWayleave\t26.81\nTotal income\t6,626.81\n"
        "Balance at start of year\t8,689.83\nTotal\t15,316.64\n\n"
        "Instrument\tPrincipal £\n"
        "Treasury Bills\t100\nTreasury Bills\t200\nTotal Treasury Bills\t300\n"
        "No Use Empty Loans\t50\nMoney Market Funds\t400\nMoney Market Funds\t600\nTotal Money Market Funds\t1,000\n"
    )
    funding, findings = read(text)
    got = groups(funding)
    assert got["15,316.64"] == [("running", ["6,626.81", "8,689.83"], [])]
    assert got["1,000"] == [("column", ["400", "600"], [])]  # not the loans row above them
    assert {f.amount_text: f.role.value for f in funding}["6,626.81"] == "total"  # carried on, still a total
    assert set(statuses(findings).values()) == {"pass"}


def test_an_inferred_sub_total_only_where_every_column_holds() -> None:
    text = (
        "Investment\tMar £m\tMovement £m\tSep £m\n"
        "Call deposits\t13.6\t-7.6\t6.0\nMoney market\t128.9\t4.1\t133.0\n"
        "Internally managed\t142.5\t-3.5\t139.0\nPooled funds\t174.6\t2.4\t177.0\n"
        "Total\t317.1\t-1.1\t316.0\n"
    )
    funding, findings = read(text)
    got = groups(funding)
    assert got["142.5"][0] == ("column", ["13.6", "128.9"], [])
    internally = next(f for f in funding if f.amount_text == "142.5")
    assert internally.sums[0].inferred and internally.role.value == "component"
    assert got["317.1"][0] == ("running", ["142.5", "174.6"], [])
    assert ("movement", ["13.6", "-7.6"], []) in got["6.0"]  # opening + movement = closing
    assert set(statuses(findings).values()) == {"pass"}


def test_net_rows_and_balance_statements() -> None:
    text = (
        "Position\tMar £m\n"
        "Long-term borrowing\t771.9\nTotal borrowing\t771.9\n"
        "Investments\t280.1\nCash\t173.3\nTotal investments\t453.4\nNet borrowing\t318.5\n\n"
        "The bank reconciliation at the end of the year was as follows.\n\n"
        "Balance brought forward\t9120.00\nAdd income\t9170.34\nDeduct expenditure\t7881.25\nBalance\t10409.00\n"
    )
    funding, findings = read(text)
    got = groups(funding)
    assert got["318.5"] == [("net", ["771.9"], ["453.4"])]
    assert got["10409.00"] == [("balance", ["9120.00", "9170.34"], ["7881.25"])]
    by = statuses(findings)
    assert by[D("318500000")] == "pass" and by[D("10409.00")] == "fail"  # 10,409.09 by the arithmetic


def test_a_total_column_adds_the_period_columns_not_the_budget() -> None:
    text = (
        "Spending v budget 2018/19\n\n"
        "Item\tBudget\tApril\tMay\tJune\tTotals\n"
        "Clerk salary\t1250\t98\t98\t98\t294\n"
        "Playground\t1000\t\t84\t1191.95\t1275.95\n"
        "Grass\t3000\t96\t\t\t99\n"
    )
    funding, findings = read(text)
    got = groups(funding)
    assert got["294"] == [("row", ["98", "98", "98"], [])]
    assert statuses(findings)[D(99)] == "fail"  # one part, £3 off: no rounding explains it
    assert statuses(findings)[D(294)] == "pass"


def test_a_total_across_tables_chooses_the_column_that_holds() -> None:
    text = (
        "1. Internal\n\n"
        "Fund\tPrincipal £\nA\t100\nB\t200\nTotal internal\t300\n\n"
        "2. External\n\n"
        "Fund\tBook cost £\tMarket value £\nC\t60\t54\nD\t40\t45\nTotal external\t100\t99\n\n"
        "3. Total\n\n"
        "Total investments\t£399\n"
    )
    funding, findings = read(text)
    assert groups(funding)["£399"] == [("across", ["300", "99"], [])]
    assert statuses(findings)[D(399)] == "pass"


def test_a_continued_table_keeps_the_unit_of_the_one_it_continues() -> None:
    text = (
        "All amounts £000\t2018/19\t2019/20\n"
        "Net expenditure brought forward\t16,354\t14,633\nSavings\t-1,721\t-80\n"
        "Total net expenditure\t14,633\t14,553\nCouncil Tax\t-14,824\t-14,121\n"
        "Net funding position (use of reserves)\t-191\t432\n"
        "\n"
        "General Fund b/f\t7,025\t7,216\nGeneral Fund c/f\t7,216\t6,784\n"
    )
    funding, findings = read(text)
    cf = [f for f in funding if f.amount_text in ("7,216", "6,784") and f.sums]
    assert {f.amount_gbp for f in cf} == {D(7216000), D(6784000)}  # £000, never pounds
    assert all(g.kind == "carried" and len(g.minus) == 1 for f in cf for g in f.sums)  # a use of reserves comes off
    assert set(statuses(findings).values()) == {"pass"}


def test_item_numbers_and_rates_are_never_money() -> None:
    funding, _ = read("Item No\tItem\n1\tApologies\n2\tMinutes\n3\tFinance: costs of £40 agreed\n")
    assert [f.amount_text for f in funding] == ["£40"]


# --------------------------------------------------------------------------- forms

AGAR = (
    "Name of smaller authority:\tEastfold Parish Council\n\n"
    "2022/23\n\n"
    "1 Balances Brought Forward\n\n12,631\n\n"
    "2 Precept or Rates and Levies\n\n6,600\n\n"
    "3 Total Other Receipts\t1,520\n4 Staff Costs\t3,025\n5 Loan Interest/Capital Repayment\t0\n"
    "6 All Other Payments\t9,036\n7 Balances Carried Forward\t{box7}\n"
    "Rounding errors of up to £2 are tolerable\n"
)


@pytest.mark.parametrize(("box7", "status"), [("8,690", "pass"), ("8,691", "pass"), ("8,790", "fail")])
def test_the_annual_return_box_7(box7: str, status: str) -> None:
    funding, findings = read(AGAR.format(box7=box7))
    [box] = [f for f in findings if f.check.value == "balance"]
    assert box.status.value == status
    assert {f.amount_gbp for f in funding} >= {D(12631), D(6600)}  # bare figures under the form's boxes


# --------------------------------------------------------------------------- unit in doubt


def test_a_table_with_no_unit_in_a_paper_that_speaks_in_millions_is_flagged() -> None:
    text = (
        "1.1 The Council will spend £2.4m on roads and £1.1m on bridges, £3.5m in all.\n\n"
        "Service\tBudget\tForecast\nRoads\t2.4\t2.6\nBridges\t1.1\t1.0\nTotal\t3.5\t3.6\n"
    )
    funding, findings = read(text)
    cells = [f for f in funding if "£" not in f.amount_text]
    assert cells and all(f.unit_note and "£m" in f.unit_note for f in cells)
    [unit] = [f for f in findings if f.check.value == "unit"]
    assert unit.status is FindingStatus.warn and len(unit.amounts_gbp) == len(cells)
    # with its unit printed, nothing is in doubt
    funding, findings = read(text.replace("Service\tBudget\tForecast", "Service\tBudget £m\tForecast £m"))
    assert not any(f.unit_note for f in funding) and not any(f.check.value == "unit" for f in findings)


# --------------------------------------------------------------------------- authority


@pytest.mark.parametrize(
    ("text", "authority"),
    [
        ("TINTERN COMMUNITY COUNCIL - BUDGET 2018-19\n\nItem\t£\n", "Tintern Community Council"),
        ("Souldern PC Spending v Budget 2018/19\n\nItem\t£\n", "Souldern Parish Council"),
        ("Name of smaller authority:\tBurton-cum-Walden Parish Council\n\nNotes.\n", "Burton-cum-Walden Parish Council"),
        ("Report to the Council\n\nThe County Council agreed.\n", None),
    ],
)
def test_the_papers_authority(text: str, authority: str | None) -> None:
    assert paper_authority(structure(make_doc(text))) == authority


def test_authority_keys_compare_names_not_types() -> None:
    assert authority_key("Kent County Council") == authority_key("Kent CC") == "kent"
    assert authority_key("Souldern Parish Council") != authority_key("Tintern Community Council")


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("The contract term will be five years. The Council will pay £2.5m over the life of the contract.", 5),
        ("The Council will pay £2.5m over the life of the contract, a 3-year contract from April.", 3),
        ("The Council will pay £2.5m over the life of the contract.", None),  # no term printed
        ("The Council will pay £2.5m a year. The contract term will be five years.", None),  # a yearly figure: no term asked
    ],
)
def test_a_figure_over_the_contracts_life_takes_the_term_the_paper_states(text: str, years: int | None) -> None:
    """The contract term is read from the whole text only when a figure needs it (a figure
    over the contract's life); the figure's period is the same either way."""
    from unittest import mock

    import pipeline.extract.money.build as build

    with mock.patch.object(build, "contract_term", wraps=build.contract_term) as term:
        funding, _ = read(text)
    (figure,) = funding
    assert figure.period_years == years
    life = "life of the contract" in text
    assert figure.period.value == ("total" if life else "per_year")
    assert term.call_count == (1 if life else 0)
