"""What a page's style sheets say about its text: page breaks (``page-break-before``,
``break-after``, inline or by a ``<style>`` rule with a simple selector) and elements not
displayed (``display: none`` by such a rule)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.ingest.html.tree import Node, walk

__all__ = ["StyleRules"]

_BREAK_VALUE = r"\s*:\s*(?:always|page|left|right|recto|verso)\b"
_BREAK_BEFORE = re.compile(
    r"(?:page-break-before|(?<![\w-])break-before)" + _BREAK_VALUE, re.IGNORECASE
)
_BREAK_AFTER = re.compile(
    r"(?:page-break-after|(?<![\w-])break-after)" + _BREAK_VALUE, re.IGNORECASE
)
_NOT_DISPLAYED = re.compile(r"(?:^|[;\s])display\s*:\s*none\b", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?(?:\.([\w-]+))?$", re.IGNORECASE)

_Selector = tuple[str | None, str | None]  # (tag or None, class or None)


def _css_rules(css: str) -> Iterator[tuple[str, str, str]]:
    """(enclosing @media query or "", selectors, declarations) of each rule."""
    stack: list[str] = []
    start = 0
    for index, char in enumerate(css):
        if char == "{":
            stack.append(css[start:index].strip())
            start = index + 1
        elif char == "}":
            if stack:
                prelude = stack.pop()
                if prelude and not prelude.startswith("@"):
                    media = next((p for p in reversed(stack) if p.lower().startswith("@media")), "")
                    yield media.lower(), prelude, css[start:index]
            start = index + 1


@dataclass
class StyleRules:
    """What a page's ``<style>`` rules with a simple selector (``p.pb``, ``.pb``, ``br``)
    say about its text: page breaks (on screen or in print) and elements not displayed
    (on every screen)."""

    before: list[_Selector] = field(default_factory=list)
    after: list[_Selector] = field(default_factory=list)
    hidden: list[_Selector] = field(default_factory=list)

    @classmethod
    def read(cls, root: Node) -> StyleRules:
        rules = cls()
        for node in walk(root):
            if node.tag != "style":
                continue
            css = _CSS_COMMENT.sub(" ", "".join(c for c in node.children if isinstance(c, str)))
            for media, selectors, body in _css_rules(css):
                before = bool(_BREAK_BEFORE.search(body)) and (not media or "print" in media)
                after = bool(_BREAK_AFTER.search(body)) and (not media or "print" in media)
                hidden = bool(_NOT_DISPLAYED.search(body)) and not media
                if not (before or after or hidden):
                    continue
                for selector in selectors.split(","):
                    match = _SIMPLE_SELECTOR.match(selector.strip())
                    if not match or not (match[1] or match[2]):
                        continue
                    key = ((match[1] or "").lower() or None, match[2])
                    for wanted, found in (
                        (before, rules.before),
                        (after, rules.after),
                        (hidden, rules.hidden),
                    ):
                        if wanted:
                            found.append(key)
        return rules

    def apply(self, root: Node) -> None:
        """Mark each element's page breaks and whether it is displayed."""
        for node in walk(root):
            style = node.attrs.get("style", "")
            node.break_before = bool(style) and bool(_BREAK_BEFORE.search(style))
            node.break_after = bool(style) and bool(_BREAK_AFTER.search(style))
            if not (self.before or self.after or self.hidden):
                continue
            classes = node.attrs.get("class", "").split()
            node.break_before |= any(_matches(node.tag, classes, key) for key in self.before)
            node.break_after |= any(_matches(node.tag, classes, key) for key in self.after)
            node.hidden = any(_matches(node.tag, classes, key) for key in self.hidden)


def _matches(tag: str, classes: list[str], key: _Selector) -> bool:
    want_tag, want_class = key
    return (want_tag is None or want_tag == tag) and (want_class is None or want_class in classes)
