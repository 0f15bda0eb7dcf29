"""``--min`` specs: the figures a run must reach, e.g.
``decisions=0.95,money_recall=0.97,money_precision=0.97,period=0.9,role=0.9,sums_pass=1,flag_recall=1,false_fails=0``.

Every name but ``false_fails`` is a minimum ratio (0..1); ``false_fails`` is a maximum
count.  A figure with nothing to score (null) meets any limit.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from pipeline.evaluate.errors import ThresholdSpecError
from pipeline.evaluate.models import ThresholdResult

FIGURES: dict[str, str] = {
    "decisions": "decision field accuracy",
    "money_recall": "money recall",
    "money_precision": "money precision",
    "period": "period accuracy",
    "role": "role accuracy",
    "sums_pass": "must-pass sums passed",
    "flag_recall": "must-flag sums flagged",
    "false_fails": "false fails (a maximum)",
}
"""The names a spec may use (the keys of the report's ``summary``), and what they are."""

MAXIMA = frozenset({"false_fails"})


def parse_spec(spec: str) -> dict[str, float | int]:
    """``"decisions=0.95,false_fails=0"`` -> ``{"decisions": 0.95, "false_fails": 0}``.

    Raises :class:`ThresholdSpecError` for an unknown name, a value that is not a number,
    a ratio outside 0..1 or a count that is not a whole number >= 0.
    """
    limits: dict[str, float | int] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name, sep, value = (s.strip() for s in part.partition("="))
        if not sep or not name or not value:
            raise ThresholdSpecError(f"--min: {part!r} is not NAME=VALUE")
        if name not in FIGURES:
            raise ThresholdSpecError(f"--min: unknown figure {name!r} (one of: {', '.join(FIGURES)})")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ThresholdSpecError(f"--min: {name}={value!r} is not a number") from None
        if not number.is_finite():
            raise ThresholdSpecError(f"--min: {name}={value!r} is not a number")
        if name in MAXIMA:
            if number < 0 or number != number.to_integral_value():
                raise ThresholdSpecError(f"--min: {name} must be a whole number >= 0, not {value}")
            limits[name] = int(number)
        else:
            if not 0 <= number <= 1:
                raise ThresholdSpecError(f"--min: {name} must be a ratio from 0 to 1, not {value}")
            limits[name] = float(number)
    if not limits:
        raise ThresholdSpecError("--min: no figures given (e.g. decisions=0.95,false_fails=0)")
    return limits


def check_limits(summary: dict[str, float | int | None], limits: dict[str, float | int]) -> list[ThresholdResult]:
    """Each limit against the report's summary, in the spec's order."""
    results = []
    for name, limit in limits.items():
        figure = summary.get(name)
        kind = "max" if name in MAXIMA else "min"
        ok = figure is None or (figure <= limit if kind == "max" else figure >= limit)
        results.append(ThresholdResult(name=name, figure=figure, limit=limit, kind=kind, ok=ok))
    return results
