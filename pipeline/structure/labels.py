"""How councils print labels: list item labels, heading numbers, field labels.

Pure functions over one line's text; the block reader (:mod:`pipeline.structure.blocks`)
decides with the line's geometry and neighbours what the line is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A list item's label as printed, then the item text.
_ITEM = re.compile(
    r"^(?P<label>"
    r"[•▪◦●■○➢►✓\-–*·]"  # bullets
    r"|\((?:[a-zA-Z]{1,2}|[ivxlcdm]{1,6}|[IVXLCDM]{1,6}|\d{1,3})\)"  # (a) (ii) (IV) (12) (aa)
    r"|(?:[a-zA-Z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6}|\d{1,3})\)"  # a) ii) 3)
    r"|\d{1,3}(?:\.\d{1,3}){1,3}\.?"  # 2.1 2.1.3 2.1.
    r"|\d{1,3}\."  # 3.
    r"|[A-Z]\.(?=\s)"  # A.
    r"|[ivxlcdm]{1,6}\.(?=\s)"  # iv.
    r"|[a-z]\.(?=\s)"  # a.
    r")(?P<space>\s+|$)"
)
_BULLETS = set("•▪◦●■○➢►✓-–*·")
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)

# Words that make a "X:" line an introduction to what follows rather than a field label.
_INTRO_WORDS = re.compile(
    r"\b(?:agree[sd]?|resolved?|resolves|recommend(?:ed|s)?|asked|invited|requested|approve[sd]?|"
    r"decided|decides|notes?|endorses?|following|below|include|includes|including|are|is|was|were|"
    r"will|shall|should|must|that|to)\b",
    re.IGNORECASE,
)
_FIELD_LABEL = re.compile(
    r"^(?P<letter>\(?[a-z]\)\s+|\d{1,2}[.)]\s+)?"
    r"(?P<label>[A-Z(][\w()/'’&,.?\-]*(?:[ \t][\w()/'’&,.?\-]+){0,7}?)"
    r"[ \t]*(?P<colon>:|\?:)(?=[ \t]|$)"
)
# Labels whose value a paper may print on the next line, by their words.
KNOWN_FIELDS = re.compile(
    r"^(?:decision(?:\s+(?:no\.?|number|maker|taker|taken|date|status|type|details|reference|ref))?|"
    r"decision\s+(?:to\s+be\s+|was\s+)?(?:taken|made)\s+by|subject\s+matter\s*/\s*title\s+of\s+decision|"
    r"title\s+of\s+(?:decision|report)|decided\s+at\s+meeting|date\s+of\s+publication|"
    r"any\s+interests?\s+declared.*|reasons?\s+for\s+(?:the\s+)?decisions?.*|alternative\s+options\s+considered.*|"
    r"date(?:\s+of\s+(?:decision|meeting|publication|report|issue))?|subject(?:\s+matter)?|title|"
    r"key\s+decision|is\s+(?:this\s+)?(?:a\s+)?key\s+decision|reason(?:\(s\)|s)?(?:\s+for\s+(?:the\s+)?decision)?|"
    r"wards?(?:\s*\(s\))?(?:\s+or\s+groups)?(?:\s+affected)?|electoral\s+divisions?|divisions?\s+affected|"
    r"report\s+(?:by|of|author|from|title)|dated?|version|item\s+no\.?|report\s+no\.?|"
    r"from|to|by|author|contact(?:\s+officer)?|officer|cabinet\s+member|portfolio(?:\s+holder)?|"
    r"classification|status|ref(?:erence)?|item|agenda\s+item|meeting|venue|time|"
    r"publication\s+date|date\s+published|effective\s+from|call[- ]?in(?:\s+expiry\s+date)?|"
    r"(?:is\s+(?:it\s+|this\s+)?)?subject\s+to\s+call[- ]?in|interests?\s+declared|options?\s+considered|alternative\s+options?|"
    r"decision\s+maker|decided\s+by|lead\s+officer|budget.*decision|forward\s+plan(?:\s+ref)?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ItemLabel:
    """A list item's label: as printed, its style (for nesting) and its ordinal."""

    text: str  # as printed: "a)", "(ii)", "2.1", "•"
    style: str  # "bullet", "(a)", "a)", "a.", "A.", "A)", "(i)", "i)", "i.", "1.", "1)", "(1)", "n.n"
    ordinal: int | None  # 1 for a/i/1, None for bullets
    depth: int = 1  # components of a dotted number ("2.1" -> 2)
    end: int = 0  # offset just after the label and the space after it


def roman_value(text: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    text = text.lower()
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = values[char]
        if index + 1 < len(text) and values[text[index + 1]] > value:
            total -= value
        else:
            total += value
    return total


def item_label(line: str, *, previous_style: str | None = None, previous_ordinal: int | None = None) -> ItemLabel | None:
    """The list label a line starts with, or None.  ``previous_*`` (the last item at this
    nesting) settles letters that are also roman numerals: "(i)" after "(h)" is a letter."""
    match = _ITEM.match(line)
    if not match:
        return None
    label = match.group("label")
    end = match.end()
    if label in _BULLETS:
        if label in "-–*" and not match.group("space"):
            return None
        inner = _ITEM.match(line[end:])
        if inner and inner.group("label") not in _BULLETS:
            # "- a) End the agreement": a bulleted lettered item is the lettered item
            found = item_label(line[end:], previous_style=previous_style, previous_ordinal=previous_ordinal)
            if found is not None:
                return ItemLabel(found.text, found.style, found.ordinal, found.depth, end + found.end)
        return ItemLabel(label, "bullet", None, 1, end)
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){1,3}\.?", label):
        parts = label.rstrip(".").split(".")
        return ItemLabel(label, "n.n", int(parts[-1]), len(parts), end)
    core = label.strip("().")
    wrap = ("(" if label.startswith("(") else "") + "x" + (")" if label.endswith(")") else ".")
    if core.isdigit():
        return ItemLabel(label, wrap.replace("x", "1"), int(core), 1, end)
    letter_style = wrap.replace("x", "a" if core.islower() else "A")
    roman_style = wrap.replace("x", "i" if core.islower() else "I")
    if _ROMAN.match(core):
        roman = roman_value(core)
        letter_ordinal = ord(core.lower()) - 96 if len(core) == 1 else None
        if previous_style == letter_style and letter_ordinal is not None and previous_ordinal == letter_ordinal - 1:
            return ItemLabel(label, letter_style, letter_ordinal, 1, end)
        if len(core) == 1 and core.lower() not in "ivx":
            return ItemLabel(label, letter_style, letter_ordinal, 1, end)
        if core.lower() in ("i", "v", "x") and previous_style == letter_style:
            return ItemLabel(label, letter_style, letter_ordinal, 1, end)
        return ItemLabel(label, roman_style, roman, 1, end)
    if len(core) == 1:
        return ItemLabel(label, letter_style, ord(core.lower()) - 96, 1, end)
    if len(core) == 2 and core[0] == core[1]:  # (aa) after (z)
        return ItemLabel(label, letter_style, 26 + ord(core[0].lower()) - 96, 1, end)
    return None


@dataclass(frozen=True)
class FieldLabel:
    label: str  # the label as printed, without its colon ("Decision No")
    label_start: int
    label_end: int
    value_start: int  # where the value starts on the line (== len(line) when none)
    letter: str | None  # "(d)" of a lettered label "(d) Decision taken:"


def field_label(line: str) -> FieldLabel | None:
    """A "Label: value" or "Label:" line's label, or None for a sentence with a colon.  A
    known label printed alone without its colon ("DECISION TAKEN BY", "DECISION NO.")
    counts too: its value is on the next line."""
    match = _FIELD_LABEL.match(line)
    if not match:
        colon = line.find(":")
        if 0 < colon <= 200:
            head = re.sub(r"\s+", " ", line[:colon]).strip()
            if KNOWN_FIELDS.match(head):  # a long label the short form does not take
                value_start = colon + 1
                while value_start < len(line) and line[value_start] in " \t":
                    value_start += 1
                return FieldLabel(label=head, label_start=0, label_end=colon, value_start=value_start, letter=None)
        bare = line.strip().rstrip(".:").strip()
        if bare and len(bare) <= 60 and KNOWN_FIELDS.match(re.sub(r"\s+", " ", bare)) and (
            bare.isupper() or len(bare.split()) >= 2
        ):
            return FieldLabel(label=bare, label_start=0, label_end=len(bare), value_start=len(line), letter=None)
        return None
    label = match.group("label").strip()
    if not label or label.endswith((",", ".")) or re.fullmatch(r"[\d.:]+", label):
        return None
    words = label.split()
    known = bool(KNOWN_FIELDS.match(re.sub(r"\s+", " ", label).rstrip("?").strip()))
    if not known:
        if len(words) > 6 or _INTRO_WORDS.search(label):
            return None
        if re.search(r"\d{1,2}[:.]\d{2}\b", line[: match.end() + 3]):  # a time "10:30"
            return None
    value_start = match.end()
    while value_start < len(line) and line[value_start] in " \t":
        value_start += 1
    letter = match.group("letter")
    return FieldLabel(
        label=label,
        label_start=match.start("label"),
        label_end=match.start("label") + len(match.group("label").rstrip()),
        value_start=value_start,
        letter=letter.strip() if letter else None,
    )


_NUMBERED_HEADING = re.compile(
    r"^(?P<number>\d{1,4}(?:\.\d{1,3}){0,3}\.?|[A-Z]\.|[IVX]{1,4}\.)[ \t]+(?P<title>\S.*)$"
)
_STARTS_WITH_DATE = re.compile(
    r"^\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_RUN_IN = re.compile(
    r"^(?P<number>\d{1,4}(?:\.\d{1,3}){0,3}\.?)[ \t]+(?P<title>[A-Z][^:;\t•]{1,70}?)(?P<colon>:-?|\s[–-]|\s•)\s+(?P<body>\S.*)$"
)


def run_in_heading(line: str) -> tuple[str, int, int] | None:
    """(number, end of the title with its colon, start of the body) of a numbered item
    whose title runs into its text, as minutes print them ("2503. Police Report: No report
    received", "5. Finance - the clerk reported ...")."""
    match = _RUN_IN.match(line)
    if not match or _STARTS_WITH_DATE.match(line):
        return None
    title = match.group("title").strip()
    if len(title.split()) > 8 or title.endswith((".", ",")):
        return None
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return None  # "58. REVENUE BUDGET MONITORING 2021/22 – QUARTER 1": one heading
    body = match.group("body")
    if match.group("colon").strip() in ("–", "-") and not re.search(r"\b[a-z]{2,}", body):
        return None  # "5. Property – Future Options": a title with a dash in it
    return match.group("number"), match.end("colon"), match.start("body")
_SENTENCE_END = (".", ",", ";", "!", "?")


def heading_number(line: str) -> tuple[str, str] | None:
    """(number, title) of a line shaped like a numbered heading ("3. Background",
    "2.1\\tFinancial implications"): a short title that does not end a sentence."""
    match = _NUMBERED_HEADING.match(line)
    if not match or _STARTS_WITH_DATE.match(line):
        return None
    title = match.group("title").strip()
    if len(title.split()) > 20 or title.endswith(_SENTENCE_END) or "\t" in title:
        return None
    if title.endswith((":", ":-")) and len(title.split()) > 6:
        return None  # "2.1 That the order is made ... with the following exceptions:"
    if re.search(r"(?:;|\b(?:and|or|to|the|of|for))$", title, re.IGNORECASE):
        return None  # "1. AGREE the plan; and": a list item that runs on
    if not (title[0].isupper() or title[0].isdigit() or title[0] in "'\"("):
        return None
    return match.group("number"), title


def looks_like_title_case_heading(line: str) -> bool:
    """A short line in capitals or title case that ends no sentence ("Background",
    "FINANCIAL IMPLICATIONS", "Reasons for Recommendations")."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or "\t" in stripped or stripped.endswith(_SENTENCE_END):
        return False
    words = stripped.split()
    if len(words) > 10 or not stripped[0].isupper():
        return False
    if "," in stripped or (stripped.endswith(":") and len(words) > 5) or stripped.lower().startswith("that "):
        return False
    if stripped.isupper() and sum(c.isalpha() for c in stripped) >= 3:
        return True
    small = {"of", "and", "the", "for", "to", "in", "on", "a", "an", "&", "-", "–", "with", "by", "at", "or"}
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in small or not w[0].isalpha())
    return capitalised == len(words) and len(words) <= 8


# Labels a header prints in a row that reflowed into one line ("Report of: X Cabinet Member:
# Y Key decision: Yes"): each starts a field of its own.
INLINE_LABEL = re.compile(
    r"\s(?=(?-i:[A-Z]))(?=(?:report\s+(?:of|to|by|author)|cabinet\s+member|portfolio\s+holder|lead\s+(?:member|officer)|"
    r"wards?(?:\s+affected)?|electoral\s+divisions?|divisions?\s+affected|key\s+decision|classification|"
    r"decision\s+(?:no|number|ref(?:erence)?|maker|taken\s+by)|subject|title(?:\s+of\s+\w+)?|from|to|"
    r"date(?:\s+of\s+(?:meeting|decision))?|meeting\s+date|contact(?:\s+officer)?|exempt\s+information|"
    r"past\s+pathway(?:\s+of\s+paper)?|future\s+pathway(?:\s+of\s+paper)?)\s*:)",
    re.IGNORECASE,
)


def next_label_pattern(label: ItemLabel) -> re.Pattern[str] | None:
    """A pattern for the next label of ``label``'s list printed inside a line ("...; 2.
    APPROVE", "... and (c) DELEGATE"), or None for bullets and dotted numbers."""
    if label.ordinal is None or label.style in ("bullet", "n.n", "li"):
        return None
    nxt = label.ordinal + 1
    if label.style[1:2] == "1" or label.style[:1] == "1" or label.style.replace("(", "").startswith("1"):
        core = str(nxt)
    elif "a" in label.style:
        core = chr(96 + nxt) if nxt <= 26 else None  # type: ignore[assignment]
    elif "A" in label.style:
        core = chr(64 + nxt) if nxt <= 26 else None  # type: ignore[assignment]
    else:
        return None
    if core is None:
        return None
    printed = label.style.replace("1", core).replace("a", core).replace("A", core)
    return re.compile(r"(?:(?<=[;.:,])|(?<=\band))\s+(" + re.escape(printed) + r")(?=\s|$)")
