"""KPI lists: "Latest: 82% Target: 85% Floor: 80% Previous: 79% (Amber)".

Council performance reports often print each indicator as labelled values rather than
a table: on one line after (or under) the indicator's name, or one label per line.  A
list entry needs a current value ("Latest", "Current", "Actual", "Outturn") and at
least one more of target, floor or previous value.  The RAG rating is the labelled
"RAG:"/"Status:" value or a bracketed colour at the end ("(Amber)").  A value's period
may follow its label or value in brackets ("Latest (Mar 2024): 82%", "Previous: 79%
(Dec 2023)").  A floor above the target means lower is better.
"""

from __future__ import annotations

import re

from pipeline.extract.common import source
from pipeline.extract.dates import find_dates
from pipeline.extract.indicators.values import (
    as_rise_or_fall,
    infer_unit,
    percent_change,
    point_change,
    polarity,
    read_change,
    read_value,
    split_code,
    split_target,
    stated_change,
    strip_polarity,
)
from pipeline.extract.money.prose import sentences
from pipeline.structure import Structure
from pipeline.structure.labels import item_label
from schemas.records import Document, Indicator, IndicatorValue
from schemas.structure import BlockKind

_KEY_ROLE = {
    "latest": "current",
    "current": "current",
    "actual": "current",
    "outturn": "current",
    "this year": "current",
    "target": "target",
    "floor": "floor",
    "previous": "baseline",
    "baseline": "baseline",
    "last year": "baseline",
    "prior year": "baseline",
    "prior": "baseline",
    "change": "change",
    "rag": "rag",
    "rag rating": "rag",
    "rag status": "rag",
    "status": "rag",
}
_KEY = (
    r"latest|current|actual|outturn|this\s+year|target|floor|previous|baseline|last\s+year|"
    r"prior\s+year|prior|change|rag\s+rating|rag\s+status|rag|status"
)
_RAG_WORD = r"red|amber|green|amber/green|red/amber|blue"
_PAIR = re.compile(
    rf"(?<![\w])(?P<key>{_KEY})(?:\s*\((?P<kperiod>[^()\n]{{1,40}})\))?\s*[:=]\s*"
    rf"(?P<value>(?i:{_RAG_WORD})(?![\w])|[+\-−–]?\s?£?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|pp|ppts?|pts|percentage\s+points?|days?)(?![A-Za-z]))?)"
    r"(?:\s*\((?P<vperiod>[^()\n]{1,40})\))?",
    re.IGNORECASE,
)
_TRAILING_RAG = re.compile(
    rf"[(\[]\s*(?P<rag>{_RAG_WORD})\s*[)\]]\s*\.?$|[-–:]\s*(?P<rag2>{_RAG_WORD})\s*\.?$",
    re.IGNORECASE,
)
_LEGEND = re.compile(
    r"(?<![\w])(?P<key>latest|current|previous|baseline)\s+(?:result|figure|value|position|"
    r"data|outturn|performance)s?\s*\((?P<period>[^(),;]{3,40})",
    re.IGNORECASE,
)
_NAME_EDGES = " \t-–—:|,;•*"


def _pairs(line: str) -> list[re.Match[str]]:
    return list(_PAIR.finditer(line))


def _only_pairs(line: str, pairs: list[re.Match[str]]) -> bool:
    """Whether a line is nothing but labelled values (and perhaps a bracketed RAG)."""
    rest = line
    for m in reversed(pairs):
        rest = rest[: m.start()] + " " + rest[m.end() :]
    rest = _TRAILING_RAG.sub(" ", rest)
    return not rest.strip(_NAME_EDGES + ".")


def _labelled(text: str) -> int:
    """Where a line's text starts after its list label ("2.1", "a)", "•"), or 0."""
    label = item_label(text.strip())
    if label is None:
        return 0
    lead = len(text) - len(text.lstrip())
    return lead + (label.end or len(label.text))


def _clean_name(text: str) -> str:
    text = text.strip()
    text = text[_labelled(text) :]
    return text.strip(_NAME_EDGES)


_RAG_AFTER = re.compile(rf"\s*[(\[]\s*(?P<rag>{_RAG_WORD})\s*[)\]]", re.IGNORECASE)


def _rag_word(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    word = m.groupdict().get("rag") or m.groupdict().get("rag2")
    return word.capitalize() if word else None


def kpi_list_indicators(doc: Document, lines: list[tuple[int, int, str]], taken: list[tuple[int, int]]) -> list[Indicator]:
    """Indicators printed as labelled-value lists, outside the ``taken`` spans (``lines``:
    the lines of the paper's prose blocks, in reading order)."""
    text = doc.text
    if not re.search(r"(?i)(?:latest|current|actual|outturn)\s*(?:\([^)]*\))?\s*[:=]", text):
        return []
    legend = period_legend(text)
    out: list[Indicator] = []
    i = 0
    while i < len(lines):
        start, end, line = lines[i]
        pairs = _pairs(line)
        if not pairs or any(a <= start < b for a, b in taken):
            i += 1
            continue
        group = [(start, end, line, pairs)]
        j = i + 1
        while True:  # one label per line (a blank line between them is allowed)
            k = j
            while k < len(lines) and k - j < 2 and not lines[k][2].strip():
                k += 1
            more = _pairs(lines[k][2]) if k < len(lines) else []
            if not more or not _only_pairs(lines[k][2], more):
                break
            has_current = any(_role(m) == "current" for g in group for m in g[3])
            if has_current and any(_role(m) == "current" for m in more):
                break  # the next entry's values
            group.append((*lines[k], more))
            j = k + 1
        record = _record(doc, lines, i, group, legend)
        if record is not None:
            out.append(record)
        i = j
    return out


def _role(m: re.Match[str]) -> str:
    return _KEY_ROLE[_norm(m.group("key"))]


def _norm(key: str) -> str:
    return " ".join(key.lower().split())


def _commentary(lines: list[tuple[int, int, str]], group: list) -> tuple[int, int, str] | None:
    """The unlabelled line straight after an entry, where a report states its change."""
    last_end = group[-1][1]
    for start, end, line in lines:
        if start <= last_end:
            continue
        if not line.strip():
            continue
        if _pairs(line) or _labelled(line):
            return None
        return start, end, line
    return None


def period_legend(text: str) -> dict[str, str]:
    """Periods a report gives once for all entries: "the Latest result (Quarter 3
    2022/23) and the Previous result (Quarter 2 2022/23, July to September 2022)"."""
    legend: dict[str, str] = {}
    for m in _LEGEND.finditer(text):
        role = _KEY_ROLE.get(_norm(m.group("key")))
        period = m.group("period").strip()
        if role in ("current", "baseline") and find_dates(period):
            legend.setdefault(role, period)
    return legend


def _record(
    doc: Document, lines: list[tuple[int, int, str]], i: int, group: list, legend: dict[str, str]
) -> Indicator | None:
    values: dict[str, tuple[str, str | None]] = {}
    for _s, _e, _line, pairs in group:
        for m in pairs:
            role = _KEY_ROLE[_norm(m.group("key"))]
            period = m.group("kperiod") or m.group("vperiod")
            bracket = (m.group("vperiod") or "").strip()
            if re.fullmatch(_RAG_WORD, bracket, re.IGNORECASE):
                values.setdefault("rag", (bracket, None))  # "Previous: 79% (Amber)"
            if period and not find_dates(period) and role != "rag":
                period = None
            values.setdefault(role, (m.group("value"), period))
    roles = set(values)
    if "current" not in roles or not roles & {"target", "floor", "baseline"}:
        return None
    first_start, _, first_line, first_pairs = group[0]
    name = _clean_name(first_line[: first_pairs[0].start()])
    span_start = first_start
    if not name:
        k = i - 1
        while k >= 0 and not lines[k][2].strip():
            k -= 1
        if k < 0 or _pairs(lines[k][2]) or len(lines[k][2]) > 200:
            return None
        name = _clean_name(lines[k][2])
        span_start = lines[k][0]
    if not name:
        return None
    raw_name = name
    name, target_in_name = split_target(name)
    name, code = split_code(strip_polarity(name))
    last_line = group[-1][2]

    def reading(role: str):
        return read_value(values[role][0]) if role in values else None

    cur, base = reading("current"), reading("baseline")
    target = reading("target") or target_in_name
    floor = reading("floor")
    rag = (
        values["rag"][0].capitalize()
        if "rag" in values
        else _rag_word(_TRAILING_RAG.search(last_line))
        or _rag_word(_RAG_AFTER.match(last_line, group[-1][3][-1].end()))
    )
    stated_pct, stated_points = (
        read_change(values["change"][0]) if "change" in values else (None, None)
    )
    change_text = values["change"][0] if "change" in values else None
    span_end = group[-1][1]
    if change_text is None:
        # the change in words: after the values on the same line, or on the next line
        last_pairs = group[-1][3]
        tail = group[-1][2][last_pairs[-1].end() :]
        pct, points, said, _, _ = stated_change(tail)
        comment = None if said else _commentary(lines, group)
        if comment is not None:
            pct, points, said, _, _ = stated_change(comment[2])
        if said:
            stated_pct, stated_points, change_text = pct, points, said
            if comment is not None:
                span_end = comment[1]
    unit = infer_unit([cur, base, target, floor], name, [])
    all_text = " ".join(g[2] for g in group)
    higher = polarity(raw_name, all_text)
    if higher is None and target is not None and floor is not None and target.value != floor.value:
        higher = target.value > floor.value
    b = base.value if base else None
    c = cur.value if cur else None
    stated_pct = as_rise_or_fall(stated_pct, change_text, higher)
    stated_points = as_rise_or_fall(stated_points, change_text, higher)
    return Indicator(
        doc_id=doc.doc_id,
        name=name,
        code=code,
        unit=unit,
        target=target.value if target else None,
        floor=floor.value if floor else None,
        baseline=IndicatorValue(
            value=b,
            period=values.get("baseline", (None, None))[1] or legend.get("baseline"),
            text=base.text if base else None,
        ),
        current=IndicatorValue(
            value=c,
            period=values["current"][1] or legend.get("current"),
            text=cur.text if cur else None,
        ),
        stated_change_pct=stated_pct,
        stated_change_text=change_text,
        stated_change_points=stated_points,
        computed_change_pct=percent_change(b, c),
        computed_change_points=point_change(b, c) if unit == "percent" else None,
        higher_is_better=higher,
        rag=rag,
        source=source(doc, span_start, span_end),
    )


# --------------------------------------------------------------------------- prose

_PROSE = re.compile(
    r"(?P<value>\d+(?:\.\d+)?%)\s+of\s+(?P<subject>[^,.;:()]{3,80}?)\s+"
    r"(?:were|was|are|is|had\s+been|have\s+been|has\s+been)\s+(?P<pred>[^,.;:()]{3,100}?),?\s+"
    r"(?:against|compared\s+(?:with|to)|versus|vs\.?)\s+(?:a|the)\s+target\s+of\s+"
    r"(?P<target>\d+(?:\.\d+)?%)",
    re.IGNORECASE,
)


def prose_indicators(doc: Document, struct: Structure, taken: list[tuple[int, int]]) -> list[Indicator]:
    """A single result stated in a sentence of a prose block: "In the first quarter
    (October to December 2021), 91% of patients contacting the service were offered an
    appointment within 48 hours, against a target of 90%."  The name is the subject's
    head and the predicate ("Patients offered an appointment within 48 hours")."""
    text = doc.text
    if "target of" not in text.lower():
        return []
    out = []
    for block in struct.blocks:
        if block.char_start is None or block.char_end is None or block.kind in (BlockKind.table, BlockKind.furniture):
            continue
        if "target of" not in block.text.lower():
            continue
        spans = sentences(text, block.char_start, block.char_end, block.label)
        for m in _PROSE.finditer(text, block.char_start, block.char_end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            start, end = next(((s, e) for s, e in spans if s <= m.start() < e), (block.char_start, block.char_end))
            end = max(end, m.end())
            subject = m.group("subject").split()
            cut = next((i for i, w in enumerate(subject) if i and w.lower().endswith("ing")), len(subject))
            name = " ".join(subject[:cut] + m.group("pred").split())
            name = name[:1].upper() + name[1:]
            current, target = read_value(m.group("value")), read_value(m.group("target"))
            dates = find_dates(text[start : m.start()])
            period = dates[-1].text if dates else None
            out.append(
                Indicator(
                    doc_id=doc.doc_id,
                    name=name,
                    unit="percent",
                    target=target.value if target else None,
                    current=IndicatorValue(
                        value=current.value if current else None, period=period, text=m.group("value")
                    ),
                    higher_is_better=polarity(text[start:end]),
                    source=source(doc, start, end),
                )
            )
    return out
