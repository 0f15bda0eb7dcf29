"""Page chrome: what a reader of a council web page does not see, or sees around the paper
rather than in it, and so never reaches the text.

* not displayed: ``<head>``, ``<script>``, ``<style>``, ``<noscript>``, ``<template>``,
  images, media and form controls; the ``hidden`` attribute, ``display: none`` or
  ``visibility: hidden`` inline or by a style rule; classes that hide text on screen
  (``sr-only``, ``visually-hidden``, ModernGov's ``mgHide`` ...);
* around the paper: navigation (``<nav>``, ``role="navigation"``), skip links, the site
  banner (``role="banner"``, a ``<header>`` holding the menu), breadcrumbs, search boxes,
  cookie, consent and feedback banners, social and share links, page actions (ModernGov's
  ``mgActionList``: "Find out more about this issue"), footers (``<footer>``,
  ``role="contentinfo"``, ``mgFooter``), copyright lines, and the file size a document
  link carries ("PDF 207 KB").

A part named as chrome is dropped only while it is short (a wrapper left open or named
"cookies-accepted" that holds the whole paper is kept).  What a hidden element carries is
not lost where it is data: a ModernGov list row hides its decision's reference
(``<span class="mgHide"> ref: 13567</span>``) inside the title link; :func:`hidden_text`
reads it so the link keeps it (see :mod:`pipeline.ingest.html.render`).
"""

from __future__ import annotations

import re

from pipeline.ingest.html.tree import Node, flatten, inside

__all__ = ["dropped", "hidden_text", "trim_file_sizes", "visible_text"]

_DROPPED = {
    "head", "title", "script", "style", "noscript", "template", "svg", "math",
    "iframe", "object", "embed", "applet", "canvas", "audio", "video", "map", "select",
    "datalist", "textarea", "button", "noframes", "noembed", "frameset", "img", "input",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE
)
_HIDDEN_CLASS = {
    "hidden", "hide", "d-none", "sr-only", "visually-hidden", "visuallyhidden",
    "screen-reader-text", "screen-reader-only", "govuk-visually-hidden", "element-invisible",
    "offscreen", "invisible", "mghide", "skip-link", "skiplink", "skip-to-content",
}  # fmt: skip
# Parts named for what they are, around the paper (class, id, aria-label or role).
_CHROME_NAME = re.compile(
    r"cookie|breadcrumb|consent[-_]?banner|feedback|survey|phase[-_]banner|beta[-_]banner"
    r"|social[-_]?(?:media|links?|icons?|networks?|bar|buttons?)|(?:^|\s)social(?:\s|$)"
    r"|share(?:this|[-_]?links?|[-_]?buttons?|[-_]?bar)?\b|addthis|follow[-_]?us"
    r"|(?:^|[\s_-])search|^search|actionlist|page[-_]?actions|print[-_]?(?:link|page)"
    r"|footer|site[-_]?header|masthead",
    re.IGNORECASE,
)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search"}
_FILE_SIZE_CLASS = re.compile(r"file[-_]?size", re.IGNORECASE)
_CHROME_CHARS = 2000  # a part named as chrome that holds more is the page itself, left open
_SKIP_LINK = re.compile(r"^(?:skip|jump)\s+(?:to|over)\b", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
_FORM_CHARS = 80  # a form with no more text than this is a search, login or rating box
# "polc2 - 23.09.2015 PDF 119 KB", "Report (PDF, 207KB)": the size a document link carries
FILE_SIZE = re.compile(
    r"\s*[(\[]?\s*(?:(?:pdf|docx?|xlsx?|pptx?|rtf|odt|ods|csv|zip|html?|word|excel)\b\s*,?\s*)?"
    r"\d+(?:[.,]\d+)?\s*(?:kb|mb|gb|bytes?)\s*[)\]]?\s*$",
    re.IGNORECASE,
)


def _hidden(node: Node) -> bool:
    """Not displayed: by its tag, an attribute, an inline style, a class or a style rule."""
    if node.tag in _DROPPED or node.hidden:
        return True
    attrs = node.attrs
    if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if attrs.get("aria-hidden", "").lower() == "true" and node.tag in ("span", "i", "svg"):
        return True  # icon glyphs
    return bool(set(attrs.get("class", "").lower().split()) & _HIDDEN_CLASS)


def dropped(node: Node) -> bool:
    """Whether ``node`` (and all inside it) is not displayed, or is chrome (module doc)."""
    if _hidden(node):
        return True
    attrs = node.attrs
    tag = node.tag
    role = attrs.get("role", "").lower()
    if tag in ("html", "body", "main", "article"):
        return False
    if tag == "nav" or role in _CHROME_ROLES or tag == "search":
        # A navigation block left open runs over the paper: drop it only when short.
        return (node.closed and tag == "nav") or _short(node)
    if tag == "footer" or (tag == "header" and not inside(node, "main") and not inside(node, "article")):
        if tag == "footer" or any(isinstance(c, Node) and c.tag in ("nav", "form") for c in node.children):
            return _short(node)
    if tag == "a" and _SKIP_LINK.match(flatten(node)) and attrs.get("href", "").startswith("#"):
        return True
    if _FILE_SIZE_CLASS.search(attrs.get("class", "")):
        return True
    names = " ".join([attrs.get("class", ""), attrs.get("id", ""), attrs.get("aria-label", "")])
    if _CHROME_NAME.search(names):
        return _short(node)
    if tag == "form":
        return len(flatten(node, _hidden)) <= _FORM_CHARS and not any(
            n.tag in ("p", "table", "ul", "ol", "h1", "h2", "h3") for n in _elements(node)
        )
    if tag in ("p", "div", "small", "span") and _COPYRIGHT.match(flatten(node)):
        return len(flatten(node)) <= 200
    return False


def _short(node: Node) -> bool:
    return len(flatten(node)) <= _CHROME_CHARS


def _elements(node: Node) -> list[Node]:
    out: list[Node] = []
    pending = [c for c in node.children if isinstance(c, Node)]
    while pending:
        current = pending.pop()
        out.append(current)
        pending.extend(c for c in current.children if isinstance(c, Node))
    return out


def hidden_text(node: Node) -> str:
    """The words of the elements inside ``node`` that are hidden from view (not chrome,
    not scripts): a ModernGov row's " ref: 13567"."""
    pieces = [
        flatten(child)
        for child in _elements(node)
        if _hidden(child) and child.tag not in _DROPPED and not any(
            _hidden(a) for a in _ancestors(child, node)
        )
    ]
    return " ".join(p for p in pieces if p)


def _ancestors(node: Node, stop: Node) -> list[Node]:
    out = []
    parent = node.parent
    while parent is not None and parent is not stop:
        out.append(parent)
        parent = parent.parent
    return out


def visible_text(node: Node) -> str:
    """The words a reader sees inside ``node``, on one line."""
    return flatten(node, dropped)


def trim_file_sizes(root: Node) -> None:
    """Cut the file size off the end of each link's text ("polc2 PDF 119 KB" -> "polc2")."""
    for node in _elements(root):
        if node.tag != "a":
            continue
        last = _last_text(node)
        if last is None:
            continue
        holder, index = last
        value = holder.children[index]
        assert isinstance(value, str)
        match = FILE_SIZE.search(value)
        if match and value[: match.start()].strip() or match and _text_before(node, holder, index):
            holder.children[index] = value[: match.start()]


def _last_text(node: Node) -> tuple[Node, int] | None:
    """The element and index of the last non-blank text inside ``node`` (visible only)."""
    for index in range(len(node.children) - 1, -1, -1):
        child = node.children[index]
        if isinstance(child, str):
            if child.strip():
                return node, index
        elif not dropped(child):
            found = _last_text(child)
            if found is not None:
                return found
    return None


def _text_before(link: Node, holder: Node, index: int) -> bool:
    """Whether the link shows words before the size (so the size is a suffix, not all)."""
    pieces: list[str] = []

    def visit(current: Node) -> bool:
        for position, child in enumerate(current.children):
            if current is holder and position == index:
                return True
            if isinstance(child, str):
                pieces.append(child)
            elif not dropped(child) and visit(child):
                return True
        return False

    visit(link)
    return bool("".join(pieces).strip())
