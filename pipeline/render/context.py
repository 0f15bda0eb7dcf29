"""Shared rendering context: Jinja environments, the page policy, and the corpus indexed once."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket

import pipeline
from pipeline.render.format import quote_anchor
from pipeline.render.views import NavItem, PageMeta, Quote
from pipeline.store import Corpus, timeline_key
from schemas.findings import Finding
from schemas.provenance import Source
from schemas.records import Decision, DocStatus, Document, Funding, Indicator, TimelineEvent

SUMMARY_DIR = "summaries"
MANIFEST = ".rendered.json"  # doc_id -> hash of the context its summary was rendered from


def _render_code() -> str:
    """A hash of the templates and the rendering code: a change re-renders every page."""
    import templates

    digest = hashlib.sha256()
    for folder in (Path(templates.__file__).parent, Path(__file__).parent):
        for path in sorted(folder.glob("*")):
            if path.suffix in {".j2", ".css", ".js", ".py"}:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RENDER_CODE = _render_code()
OTHER_CHECKS = "Other checks"
DATA_FILES = (
    "documents.jsonl", "decisions.jsonl", "funding.jsonl", "indicators.jsonl",
    "findings.jsonl", "timeline.jsonl", "reconciliation.csv", "papertrail.sqlite", "metadata.yml",
)


def href_part(name: str) -> str:
    """One path segment of a link, percent-encoded: a paper's id or file name can never
    become a scheme ("javascript:alert(1)" -> "javascript%3Aalert%281%29"), a query or a
    fragment.  Links are built only from papertrail's own folder names and such parts."""
    return quote(name, safe="")


@lru_cache(maxsize=65536)  # asked for every link to a paper: thousands of times a run
def summary_path(doc_id: str, suffix: str = ".html") -> str:
    """``summaries/DOC_ID.html`` as a link relative to the output folder."""
    return f"{SUMMARY_DIR}/{href_part(doc_id + suffix)}"


_HEX_ID = re.compile(r"(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}")


def readable_file_name(name: str) -> str:
    """A file name made readable: 'budget_report-2024.pdf' -> 'Budget report 2024';
    hash-like parts dropped ('000_ac0f8596ed253323' -> 'Untitled paper 000')."""
    stem = re.sub(r"\.(pdf|txt|md|html?)$", "", name, flags=re.IGNORECASE)
    words = [w for w in re.split(r"[\s_.\-]+", stem) if w and not _HEX_ID.fullmatch(w.lower())]
    if not words or all(w.isdigit() for w in words):
        return " ".join(["Untitled paper", *words])
    text = " ".join(words)
    return text[:1].upper() + text[1:]


# a line that introduces a list: not a heading ("Actions taken include the following;")
_LIST_ITEM = re.compile(r"[•\-–*·▪◦]\s|\(?[a-z0-9]{1,3}[.)]\s", re.IGNORECASE)
_INTRODUCES = re.compile(r"(?:[:;]|\b(?:the\s+following|as\s+follows|below))\W*$", re.IGNORECASE)


def first_heading(text: str) -> str | None:
    """The first line near the top of a paper that reads as a heading (a few words,
    mostly letters; not a label ending in ':' nor a line that introduces a list: "Actions
    taken include the following;"), or None."""
    for line in text.splitlines()[:20]:
        line = " ".join(line.replace("\t", " ").split())
        letters = sum(c.isalpha() for c in line)
        if (3 <= len(line) <= 120 and len(line.split()) >= 2 and not _INTRODUCES.search(line)
                and not _LIST_ITEM.match(line) and letters >= 0.6 * len(line)):
            return line
    return None


def _metadata_title(doc: Document) -> str | None:
    title = " ".join((doc.metadata_title or "").split())
    if not title or re.search(r"\.(docx?|pdf|rtf|odt)$|^microsoft word|^untitled", title, re.IGNORECASE):
        return None
    return title


def _funding_at(funding: Iterable[Funding]) -> dict[tuple[str, int, int], list[Funding]]:
    out: dict[tuple[str, int, int], list[Funding]] = {}
    for f in funding:
        out.setdefault((f.doc_id, f.source.char_start, f.source.char_end), []).append(f)
    return out


def _indicator_keys(indicators: Iterable[Indicator]) -> dict[str, Indicator]:
    """The validator's id of each indicator (paper, name, rank among namesakes) -> it."""
    from pipeline.validate.arithmetic import indicator_id

    seen: dict[tuple[str, str], int] = {}
    out = {}
    for ind in indicators:
        index = seen.get((ind.doc_id, ind.name), 0)
        seen[(ind.doc_id, ind.name)] = index + 1
        out[indicator_id(ind, index)] = ind
    return out


class _OfPaper(Protocol):
    @property
    def doc_id(self) -> str: ...


R = TypeVar("R", bound=_OfPaper)


# --------------------------------------------------------------------------- environments


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache, where a cache file that cannot be written (a full or
    read-only temporary folder) is skipped: the template was compiled all the same."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _setting_name(value: object) -> str:
    return str(getattr(value, "__qualname__", None) or repr(value))


def _environment(**settings: Any) -> Environment:
    """An environment over the package's templates with their compiled code kept between
    runs where Jinja keeps it by default (a folder of the user's own in the temporary
    folder): a run loads its templates instead of compiling them (0.09 s).  The files'
    names hold a hash of the settings and Jinja's version, on which the compiled code
    depends (a template whose source changed is compiled again by Jinja itself); no
    cache where that folder cannot be made safely."""
    key = "|".join([jinja2.__version__, *(f"{k}={_setting_name(v)}" for k, v in sorted(settings.items()))])
    try:
        cache: BytecodeCache | None = _TemplateCache(
            pattern=f"__papertrail_{hashlib.sha256(key.encode()).hexdigest()[:16]}_%s.cache")
    except (OSError, RuntimeError):
        cache = None
    return Environment(loader=PackageLoader("templates", ""), bytecode_cache=cache, **settings)


@lru_cache(maxsize=1)
def html_environment() -> Environment:
    """The HTML templates' environment (autoescaping), one a process: each template is
    compiled (or loaded from the bytecode cache) once, and a forked child inherits what
    its parent loaded."""
    return _environment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")


def markdown_escape(value: object) -> str:
    """Escape a value for Markdown: no inline HTML, no accidental emphasis, links or cells."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=1)
def markdown_environment() -> Environment:
    """Markdown output escapes every value through ``finalize`` (HTML escaping would
    litter the text with entities; Markdown's danger is inline HTML and syntax).  One a
    process, as :func:`html_environment`."""
    return _environment(
        autoescape=False,
        finalize=markdown_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _sha256_source(env: Environment, name: str) -> str:
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()


@dataclass(frozen=True)
class Assets:
    """Hashes of the inline style and script, for a Content-Security-Policy that lets
    nothing else run or load (a paper's text can never become a script)."""

    style: str
    script: str

    @classmethod
    def of(cls, env: Environment) -> Assets:
        return cls(_sha256_source(env, "style.css"), _sha256_source(env, "filters.js"))

    def csp(self, has_script: bool) -> str:
        script = f"'{self.script}'" if has_script else "'none'"
        return (f"default-src 'none'; style-src '{self.style}'; script-src {script}; "
                "img-src 'none'; base-uri 'none'; form-action 'none'")


NAV = (("index.html", "Index"), ("timeline.html", "Timeline"),
       ("reconciliation.html", "Reconciliation"))


def meta(title: str, root: str, current: str, assets: Assets, has_script: bool = False) -> PageMeta:
    nav = tuple(NavItem(root + href, text, href == current) for href, text in NAV)
    return PageMeta(title, root, nav, pipeline.__version__, assets.csp(has_script), has_script)


# --------------------------------------------------------------------------- lookups


def by_doc(records: Iterable[R]) -> dict[str, list[R]]:
    grouped: dict[str, list[R]] = {}
    for r in records:
        grouped.setdefault(r.doc_id, []).append(r)
    return grouped


@dataclass(frozen=True)
class Lookups:
    """The corpus indexed once, by paper and by span, so pages are built in linear time."""

    docs: dict[str, Document]
    ok_ids: frozenset[str]
    funding_at: dict[tuple[str, int, int], list[Funding]]  # several figures in one quoted sentence
    decision_doc: dict[str, str]
    decisions: dict[str, list[Decision]]
    funding: dict[str, list[Funding]]
    indicators: dict[str, list[Indicator]]
    events: dict[str, list[TimelineEvent]]
    findings: dict[str, list[Finding]]
    headings: Mapping[str, str]
    funding_by_id: dict[str, Funding]
    indicator_by_key: dict[str, Indicator]  # the validator's indicator ids

    @classmethod
    def of(cls, corpus: Corpus, texts: Mapping[str, str] | None = None) -> Lookups:
        """Index ``corpus``; ``texts`` (doc_id -> normalised text) give untitled papers
        a heading for a name."""
        decision_doc: dict[str, str] = {}
        for d in sorted(corpus.decisions, key=lambda d: d.doc_id):
            if d.decision_number:
                decision_doc.setdefault(d.decision_number, d.doc_id)
        findings: dict[str, list[Finding]] = {}
        for f in corpus.findings:
            for doc_id in dict.fromkeys(f.doc_ids):
                findings.setdefault(doc_id, []).append(f)
        return cls(
            docs={d.doc_id: d for d in corpus.documents},
            ok_ids=frozenset(d.doc_id for d in corpus.documents if d.status == DocStatus.ok),
            funding_at=_funding_at(corpus.funding),
            decision_doc=decision_doc,
            decisions=by_doc(corpus.decisions),
            funding=by_doc(corpus.funding),
            indicators=by_doc(corpus.indicators),
            events=by_doc(sorted(corpus.timeline, key=timeline_key)),
            findings=findings,
            headings={k: h for k, v in (texts or {}).items() if (h := first_heading(v))},
            funding_by_id={f.id: f for f in corpus.funding if f.id},
            indicator_by_key=_indicator_keys(corpus.indicators),
        )

    def summary_href(self, doc_id: str, root: str) -> str | None:
        return f"{root}{summary_path(doc_id)}" if doc_id in self.ok_ids else None

    def title(self, doc: Document) -> str:
        """A readable name, never a hash id: the paper's printed title, else its file's
        metadata title, else its first decision's subject, else its first heading, else
        its file name made readable."""
        if doc.title:
            return doc.title
        meta_title = _metadata_title(doc)
        if meta_title:
            return meta_title
        subjects = [d.subject for d in self.decisions.get(doc.doc_id, []) if d.subject]
        if subjects:
            return subjects[0]
        if doc.doc_id in self.headings:
            return self.headings[doc.doc_id]
        return readable_file_name(Path(doc.path).name or doc.doc_id)

    def decision_of(self, e: TimelineEvent) -> Decision | None:
        """The decision an event is about: its paper's decision with the event's number
        (or, for an event without one, the paper's first decision with a subject)."""
        for d in self.decisions.get(e.doc_id, []):
            if d.subject and e.decision_number in (None, d.decision_number):
                return d
        return None


def quote_view(source: Source) -> Quote:
    return Quote(quote_anchor(source.char_start, source.char_end), source.page,
                 source.char_start, source.char_end, source.quote)


