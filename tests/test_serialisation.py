"""Money survives serialisation exactly: a Funding record's amount read back from its
JSON form and from the SQLite store is the same Decimal as the figure printed."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.money import parse_money
from pipeline.store import PaperRecords, Store
from schemas.provenance import source_for_span
from schemas.records import Document, Funding


@st.composite
def printed_amounts(draw: st.DrawFn) -> tuple[str, Decimal, int]:
    """(figure as printed, its value in pounds worked out here, digits after the point)."""
    if draw(st.booleans()):
        # pounds (and pence): "£1,234,567.89", "£1234567.8", "£12"
        whole = draw(st.integers(min_value=0, max_value=10**12))
        decimals = draw(st.integers(min_value=0, max_value=2))
        frac = draw(st.integers(min_value=0, max_value=10**decimals - 1)) if decimals else 0
        grouped = f"{whole:,}" if draw(st.booleans()) else str(whole)
        digits = f".{frac:0{decimals}d}" if decimals else ""
        value = Decimal(whole) + Decimal(frac) / Decimal(10**decimals)
        return f"£{grouped}{digits}", value, decimals
    # millions: "£2.657m", "£14m", "£0.5m"
    whole = draw(st.integers(min_value=0, max_value=9_999))
    decimals = draw(st.integers(min_value=0, max_value=3))
    frac = draw(st.integers(min_value=0, max_value=10**decimals - 1)) if decimals else 0
    digits = f".{frac:0{decimals}d}" if decimals else ""
    value = (Decimal(whole) + Decimal(frac) / Decimal(10**decimals)) * 10**6
    return f"£{whole}{digits}m", value, decimals


def _funding(printed: str, value: Decimal, decimals: int) -> tuple[Document, Funding]:
    text = f"The council will contribute {printed} to the scheme."
    start = text.index(printed)
    source = source_for_span(text, "doc", [0], start, start + len(printed))
    record = Funding(
        id="doc-f0",
        doc_id="doc",
        amount_gbp=value,
        amount_text=printed,
        decimals_printed=decimals,
        source=source,
    )
    document = Document(doc_id="doc", path="doc.txt", sha256="0" * 64, chars=len(text), page_starts=[0])
    return document, record


@settings(max_examples=50, deadline=None)
@given(printed_amounts())
def test_a_funding_amount_reads_back_exactly(drawn: tuple[str, Decimal, int]) -> None:
    printed, value, decimals = drawn
    parsed = parse_money(printed)
    assert parsed is not None and parsed.text == printed and parsed.value == value  # the parser accepts it
    document, record = _funding(printed, value, decimals)
    assert record.source.quote == printed

    line = record.model_dump_json()
    back = Funding.model_validate(json.loads(line, parse_float=Decimal))
    assert back.amount_gbp == value, line
    assert isinstance(back.amount_gbp, Decimal)
    assert back == record

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        try:
            store.replace_paper(PaperRecords(document=document, funding=[record]), "key")
            stored = store.load("funding")
        finally:
            store.close()
    assert [f.amount_gbp for f in stored] == [value]
    assert all(isinstance(f.amount_gbp, Decimal) for f in stored)
    assert stored == [record]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@given(_JSON_VALUES)
def test_a_json_column_holds_what_json_dumps_gives(value: object) -> None:
    """The store skips json.dumps for an empty list or object: the text is the same."""
    from pipeline.store_tables import _json_text

    assert _json_text(value) == json.dumps(value, ensure_ascii=False)
