"""Options considered for a decision: a numbered list under an "Options" heading ("1. Do
Nothing."), "Option N - title: reason" lines (under "Options considered" or "Any
alternatives considered (and rejected)"), the sentence naming the recommended option
("the recommended option is Option 4"), and alternatives printed as prose ("Bringing the
service in-house was rejected because ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.sections import Span, blocks_in, clean_item_text, sections, strip_span
from pipeline.structure import Structure
from schemas.structure import Block, BlockKind

_LABEL_PREFIX = re.compile(r"^(?:[•\-–*]\s+)?(?:\d{1,2}(?:\.\d{1,2})+\.?\s+)?")


def without_number(line: str) -> str:
    """A line without its bullet or paragraph number ("5.1 ", "- ")."""
    return _LABEL_PREFIX.sub("", line)

_OPTIONS_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:options?(?:\s+(?:considered|appraisal|available))?|alternative\s+options(?:\s+considered)?)\s*:?\s*$",
    re.IGNORECASE,
)
_ALTERNATIVES_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:any\s+)?(?:other\s+)?alternatives?(?:\s+options)?\s+considered\b[^:\n]{0,60}(?::|$)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?:^|(?<=\s))(?P<n>\d{1,2})[.)]\s+(?=[A-Z])")
_OPTION_LINE = re.compile(
    r"^(?:[•\-–*]\s+)?option\s+(?P<n>\d{1,2}|[A-Z])\b\s*[-–—:.)]?\s*(?P<title>[^:\n]*?)\s*(?::\s*(?P<reason>.*))?$",
    re.IGNORECASE,
)
_RECOMMENDED = re.compile(
    r"(?:recommended|preferred)\s+option\s+(?:is\s+)?option\s+(?P<a>\d{1,2}|[A-Z])\b|"
    r"\boption\s+(?P<b>\d{1,2}|[A-Z])\b[^.\n]{0,40}?\b(?:is|was)\s+(?:the\s+)?(?:recommended|preferred)|"
    r"\brecommend(?:s|ed)?\s+option\s+(?P<c>\d{1,2}|[A-Z])\b",
    re.IGNORECASE,
)
_VERDICT = re.compile(
    r"[.;,]?\s*(?:-\s*|–\s*)?\(?(?P<verdict>rejected|discounted|not\s+recommended|recommended|preferred(?:\s+option)?)\)?\.?\s*$",
    re.IGNORECASE,
)
_PROSE_ALTERNATIVE = re.compile(
    r"^(?P<title>.+?)\s+(?:was|were|is|are|has\s+been|have\s+been)\s+(?:rejected|discounted|dismissed|ruled\s+out|not\s+(?:recommended|pursued|chosen|preferred))"
    r"\b[\s,:]*(?:because|as|since|on\s+the\s+grounds\s+that)?\s*(?P<reason>.*)$",
    re.IGNORECASE,
)
_RECOMMENDED_HERE = re.compile(r"\b(?:are|is)\s+recommended\b", re.IGNORECASE)
_SEE_ABOVE = re.compile(r"^see\b.*\b(?:above|below|section|paragraph)\b", re.IGNORECASE)
_REJECTED = re.compile(
    r"\b(?:discounted|rejected|not\s+recommended|ruled\s+out|dismissed|not\s+(?:viable|feasible|preferred))\b",
    re.IGNORECASE,
)
_NOTHING = re.compile(
    r"^(?:none|n/?a|not\s+applicable|no\s+alternatives?\b.*|see\b.*\babove\b.*)\.?$", re.IGNORECASE
)


@dataclass
class OptionFound:
    number: str | None
    title: str
    span: Span
    recommended: bool = False
    rejected: bool = False
    reason: str | None = None


def find_options(
    struct: Structure, start: int = 0, end: int | None = None
) -> tuple[list[OptionFound], str | None]:
    """Options considered (in ``text[start:end]``) and the recommended one, named as
    printed ("Option 4 – Hybrid Model ...")."""
    text = struct.doc.text
    options: dict[str | None, OptionFound] = {}
    order: list[OptionFound] = []

    def add(found: OptionFound) -> None:
        existing = options.get(found.number) if found.number is not None else None
        if existing is None:
            if found.number is not None:
                options[found.number] = found
            order.append(found)
            return
        existing.rejected = existing.rejected or found.rejected
        existing.reason = existing.reason or found.reason

    for section in sections(struct, _OPTIONS_HEADING, start=start, end=end):
        for found in _listed_options(struct, section.body):
            add(found)
    recommended = None
    match = _RECOMMENDED.search(text, start, len(text) if end is None else end)
    if match:
        recommended = (match["a"] or match["b"] or match["c"]).upper()
    for section in sections(struct, _ALTERNATIVES_HEADING, start=start, end=end):
        body_start, body_end = strip_span(text, *section.body)
        if body_start >= body_end or _NOTHING.match(text[body_start:body_end]):
            continue
        lines = _lines(struct, body_start, body_end)
        option_lines = [(s, e, _OPTION_LINE.match(without_number(text[s:e]))) for s, e in lines]
        if any(m for _, _, m in option_lines):
            current: OptionFound | None = None
            for s, e, m in option_lines:
                if m:
                    current = _option_from_line(m, (s, e), rejected=True)
                    add(current)
                elif current is not None and not _is_item(struct, s):
                    current.reason = (
                        f"{current.reason or ''} {text[s:e]}".strip()
                    )  # the reason runs on
                    current.span = (current.span[0], e)
                    if current.number in options and options[current.number] is not current:
                        options[current.number].reason = current.reason
        elif not _RECOMMENDED_HERE.search(text[body_start:body_end]):
            for s, e in lines[:6]:
                s += len(text[s:e]) - len(without_number(text[s:e]))
                add(_prose_alternative(text, s, e))
    named = None
    for found in order:
        if recommended and found.number == recommended:
            found.recommended, found.rejected = True, False
        elif recommended and found.number is not None and not found.rejected:
            found.rejected = True
        if found.recommended and found.number is not None and named is None:
            named = (
                f"Option {found.number} – {found.title}"
                if found.title
                else f"Option {found.number}"
            )
    if named is None and recommended:
        named = f"Option {recommended}"
    return order, named


def _option_from_line(match: re.Match[str], span: Span, *, rejected: bool) -> OptionFound:
    """An "Option N - title[. Rejected][: reason]" line."""
    title = match["title"]
    reason = (match["reason"] or "").strip() or None
    found = OptionFound(match["n"].upper(), "", span, rejected=rejected, reason=reason)
    verdict = _VERDICT.search(title)
    if verdict and verdict.start() > 0:
        title = title[: verdict.start()]
        word = verdict["verdict"].lower()
        found.recommended = word.startswith(("recommended", "preferred"))
        found.rejected = not found.recommended
    found.title = _tidy(title)
    return found


def _prose_alternative(text: str, start: int, end: int) -> OptionFound:
    """An alternative printed as prose: "Bringing the service in-house was rejected
    because ...", or a first sentence naming it and the rest saying why not."""
    line = text[start:end]
    prose = _PROSE_ALTERNATIVE.match(line)
    if prose:
        return OptionFound(
            None,
            _tidy(prose["title"]),
            (start, end),
            rejected=True,
            reason=prose["reason"].strip() or None,
        )
    first = re.match(r"[^.]*\.", line)
    title_end = first.end() if first else len(line)
    return OptionFound(
        None,
        _tidy(line[:title_end]),
        (start, end),
        rejected=True,
        reason=line[title_end:].strip() or None,
    )


def _listed_options(struct: Structure, body: Span) -> list[OptionFound]:
    """The numbered options straight under an Options heading (one a line, or run
    together on one line: "1. Do Nothing. 2. Create ... 3. ...")."""
    text = struct.doc.text
    found: list[OptionFound] = []
    expected = 1
    for start, end in _lines(struct, *body):
        line = text[start:end]
        option = _OPTION_LINE.match(without_number(line))
        if option and option["title"]:
            found.append(_option_from_line(option, (start, end), rejected=False))
            continue
        if found and found[-1].number and not _is_item(struct, start) and not _NUMBERED.match(line):
            last = text[found[-1].span[0] : found[-1].span[1]]
            if not last.endswith((".", ";")):  # "Option 3 - ... Rejected:" / "spot-purchased ..."
                found[-1].reason = f"{found[-1].reason or ''} {line}".strip()
                found[-1].span = (found[-1].span[0], end)
            continue  # else a sentence between options
        marks = [m for m in _NUMBERED.finditer(line)]
        run: list[re.Match[str]] = []
        for mark in marks:
            if int(mark["n"]) == expected + len(run):
                run.append(mark)
        if not run or run[0].start() != 0:
            if found:
                break
            continue
        for i, mark in enumerate(run):
            item_end = start + (run[i + 1].start() if i + 1 < len(run) else len(line))
            item_start = start + mark.start()
            title_start = start + mark.end()
            title = clean_item_text(text[title_start:item_end])
            found.append(
                OptionFound(mark["n"], _tidy(title), strip_span(text, item_start, item_end))
            )
        expected += len(run)
    return found


def _tidy(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" .:-–")


def _lines(struct: Structure, start: int, end: int) -> list[Span]:
    """The text lines of the blocks inside ``start:end`` (a block's first line from
    ``start`` when the span begins inside it)."""
    text = struct.doc.text
    lines = []
    for line in struct.lines:
        if line.end <= start or line.start >= end:
            continue
        s, e = strip_span(text, max(line.start, start), min(line.end, end))
        if s < e and text[s:e] != "\f":
            lines.append((s, e))
    return lines


def _is_item(struct: Structure, offset: int) -> bool:
    block: Block | None = struct.block_at(offset)
    return block is not None and block.kind is BlockKind.list_item and block.char_start == offset
