"""The schema enforces the contract's formats, not only its names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas import Decision, Resolution, Source, TimelineEvent

SOURCE = Source(doc_id="d", page=1, char_start=0, char_end=4, quote="text")


def test_decision_numbers_must_be_canonical() -> None:
    Decision(doc_id="d", decision_number="16/00052", status="recommendation", decision_maker=None, source=SOURCE)
    with pytest.raises(ValidationError):
        Decision(doc_id="d", decision_number="16-00052", status="recommendation", decision_maker=None, source=SOURCE)


def test_resolution_verbs_are_upper_case() -> None:
    assert Resolution(label="a", verb="AGREE", text="x").verb == "AGREE"
    with pytest.raises(ValidationError):
        Resolution(label="a", verb="Agree", text="x")


@pytest.mark.parametrize(
    ("date", "precision", "ok"),
    [("2017", "year", True), ("2019-09", "season", True), ("2019-10", "season", False),
     ("2018-11", "month", True), ("2015-02-26", "day", True), ("2015-02", "day", False), ("2015-02-26", "year", False)],
)
def test_timeline_dates_match_their_precision(date: str, precision: str, ok: bool) -> None:
    def make() -> TimelineEvent:
        return TimelineEvent(date=date, precision=precision, label="x", kind="decision", doc_id="d", source=SOURCE)

    if ok:
        assert make().date == date
    else:
        with pytest.raises(ValidationError):
            make()


def test_amounts_are_numbers_in_the_json_schema() -> None:
    from schemas import Funding

    schema = Funding.model_json_schema(mode="serialization")
    amount = schema["properties"]["amount_gbp"]
    assert {t.get("type") for t in amount.get("anyOf", [amount])} <= {"integer", "number"}
