"""Money: every figure a paper prints, exact, with its period, role, payer and purpose, and
the sums it belongs to.

``extract_funding(doc, parsed, struct)`` reads the paper's structure: prose blocks
(:mod:`.prose`) and tables (:mod:`.tables`, :mod:`.table_sums`), and gives one
:class:`schemas.records.Funding` per printed figure (:mod:`.build`).  The printed forms
of money are parsed exactly in :mod:`.parse` (``find_money``, ``parse_money``,
``parse_table_number``, ``table_unit``), re-exported here.
"""

from __future__ import annotations

from pipeline.extract.money.build import extract_funding, stated_tolerance
from pipeline.extract.money.parse import (
    MAX_AMOUNT,
    MAX_DIGITS,
    TABLE_UNITS,
    MoneyMatch,
    find_money,
    parse_money,
    parse_table_number,
    plausible,
    table_unit,
)

__all__ = [
    "MAX_AMOUNT",
    "MAX_DIGITS",
    "TABLE_UNITS",
    "MoneyMatch",
    "extract_funding",
    "find_money",
    "parse_money",
    "parse_table_number",
    "plausible",
    "stated_tolerance",
    "table_unit",
]
