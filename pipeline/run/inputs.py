"""Which files a run reads, and the doc_id each gets.

Discovery walks the inputs without ever opening a file: only regular files with a
supported extension are read; FIFOs, devices and sockets are skipped with a line (they
could block a reader for ever); a symbolic link is followed only where its target stays
inside the input folders (``follow_symlinks`` follows any); a folder that cannot be
listed is reported, and the papers recorded from it are kept, never taken for deleted;
output folders (anything holding papertrail.sqlite) are never read.

Doc ids are unique by construction and depend only on the set of inputs (see
:func:`assign_doc_ids` and the README).
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputNotFound, describe_os_error, path_text, printable
from pipeline.ingest import SUPPORTED_SUFFIXES, file_kind
from pipeline.run.options import InputFile

DB_NAME = "papertrail.sqlite"
MAX_ID_BYTES = 200  # room for ".html" and a temporary name's affixes within 255 bytes


@dataclass
class Discovery:
    """What the inputs hold: ``files`` to read; ``skipped`` (name, reason) never read;
    ``unreadable`` (folder, reason) that could not be listed, whose stored papers stay."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def unlisted(self) -> list[Path]:
        return [Path(folder) for folder, _ in self.unreadable]

    def __iter__(self):  # type: ignore[no-untyped-def]
        """``files, skipped = discover(...)`` still works."""
        return iter((self.files, self.skipped))


def _inside(target: str, roots: Iterable[str]) -> bool:
    for root in roots:
        try:
            if os.path.commonpath([target, root]) == root:
                return True
        except ValueError:  # different drives
            continue
    return False


class _Walk:
    def __init__(self, roots: Sequence[Path], out_dir: Path | None, follow_symlinks: bool) -> None:
        self.found = Discovery()
        self.follow = follow_symlinks
        self.boundaries = [os.path.realpath(r) for r in roots]
        self.excluded = {os.path.realpath(out_dir)} if out_dir is not None else set()
        self.seen_dirs: set[str] = set()
        # real path -> (path, reached through a link): one paper read once, under its
        # own name rather than a link's
        self.papers: dict[str, tuple[Path, bool]] = {}
        self.aliases: list[Path] = []

    def skip(self, path: Path, reason: str) -> None:
        self.found.skipped.append((path_text(path), reason))

    def add(self, path: Path, mode: int, via_link: bool) -> None:
        if not stat.S_ISREG(mode):
            self.skip(path, f"not a regular file ({file_kind(mode)}): never read")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            self.skip(path, f"unsupported file type {path.suffix or '(none)'}")
        else:
            real = os.path.realpath(path)
            known = self.papers.get(real)
            if known is None:
                self.papers[real] = (path, via_link)
            elif known[1] and not via_link:
                self.aliases.append(known[0])
                self.papers[real] = (path, via_link)
            else:
                self.aliases.append(path)

    def folder(self, path: Path, via_link: bool) -> None:
        real = os.path.realpath(path)
        if real in self.excluded or (via_link and real in self.seen_dirs):
            return  # an output folder, or a link back into what is walked (a loop)
        self.seen_dirs.add(real)
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            self.found.unreadable.append((path_text(path), describe_os_error(error)))
            return
        if any(e.name == DB_NAME for e in entries):
            return  # an output folder: papertrail never reads its own output
        for entry in entries:
            if entry.name.startswith("."):
                continue
            self.entry(Path(entry.path), entry, via_link)

    def entry(self, path: Path, entry: os.DirEntry[str], via_link: bool) -> None:
        try:
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not self.follow and not _inside(target, self.boundaries):
                    self.skip(path, "a symbolic link to somewhere outside the input folders: not followed "
                                    "(use --follow-symlinks to read it)")
                    return
                try:
                    mode = os.stat(path).st_mode
                except OSError:
                    self.skip(path, "a broken symbolic link")
                    return
                via_link = True
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as error:
            if path.suffix.lower() in SUPPORTED_SUFFIXES:  # a paper we cannot look at fails, loudly
                self.papers.setdefault(os.path.realpath(path), (path, via_link))
            else:
                self.skip(path, f"cannot read: {describe_os_error(error)}")
            return
        if stat.S_ISDIR(mode):
            self.folder(path, via_link)
        else:
            self.add(path, mode, via_link)

    def root(self, path: Path) -> None:
        try:
            mode = os.stat(path).st_mode  # a root the user named is followed, link or not
        except FileNotFoundError:
            raise InputNotFound(f"no such file or folder: {printable(str(path))}") from None
        except OSError as error:
            self.found.unreadable.append((path_text(path), describe_os_error(error)))
            return
        if stat.S_ISDIR(mode):
            self.folder(path, False)
        else:
            self.add(path, mode, False)

    def result(self) -> Discovery:
        self.found.files = [path for path, _ in self.papers.values()]
        for alias in self.aliases:
            self.skip(alias, "a link to a paper already read under another name")
        return self.found


def discover(inputs: Sequence[Path], out_dir: Path | None = None, *, follow_symlinks: bool = False) -> Discovery:
    """Walk the inputs (files or folders, recursively, in name order).  Hidden files and
    folders are left out, as is any output folder.  Raises InputNotFound for an input
    that does not exist; every other problem is a line in the result."""
    walk = _Walk(inputs, out_dir, follow_symlinks)
    for root in inputs:
        walk.root(root)
    return walk.result()


# --------------------------------------------------------------------------- doc ids


def _sha1(text: bytes) -> str:
    return hashlib.sha1(text).hexdigest()


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, at a character boundary."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


_MAX_LEVEL = 6  # 2..6: 8, 16, 24, 32, 40 hex digits of the path's SHA-1


def _form(stem: str, extension: str, path_hash: str, level: int) -> str:
    suffix = ""
    if level >= 1:
        suffix = f"_{extension}"
    if level >= 2:
        suffix += f"_{path_hash[: 8 * (level - 1)]}"
    whole = stem + suffix
    if len(whole.encode("utf-8")) <= MAX_ID_BYTES:
        return whole
    # too long for a file name with room to spare: cut the name, mark the cut with a
    # hash of the whole name, keep the suffix whole (so ids stay unique)
    room = MAX_ID_BYTES - len(suffix.encode("utf-8")) - 9
    return f"{_cut(stem, room)}_{_sha1(stem.encode('utf-8'))[:8]}{suffix}"


def _clash_key(doc_id: str) -> str:
    # two ids that one file system would take for one name clash too
    return unicodedata.normalize("NFC", doc_id).casefold()


def assign_doc_ids(paths: Sequence[Path]) -> list[InputFile]:
    """doc_id = the file name without its extension.  While ids clash (equal, ignoring
    case), every file in a clash takes its next form (if it has one left): the extension added (``a.pdf`` ->
    ``a_pdf``), then also ``_`` and 8 hex digits of the SHA-1 of its path as given
    (``a_pdf_3f2c9a1b``), then 16, 24, 32, 40 digits.  A name longer than 200 bytes is
    cut and marked with 8 hex digits of its SHA-1.  The ids depend only on the set of
    inputs, and no two are equal."""
    unique = list(dict.fromkeys(paths))
    stems = {p: path_text(p.stem) or "paper" for p in unique}
    extensions = {p: p.suffix.lower().lstrip(".") or "file" for p in unique}
    hashes = {p: _sha1(os.fsencode(p)) for p in unique}
    level = dict.fromkeys(unique, 0)
    while True:
        ids = {p: _form(stems[p], extensions[p], hashes[p], level[p]) for p in unique}
        groups: dict[str, list[Path]] = {}
        for path, doc_id in ids.items():
            groups.setdefault(_clash_key(doc_id), []).append(path)
        clashes = [group for group in groups.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            movable = [p for p in group if level[p] < _MAX_LEVEL]
            if not movable:  # pragma: no cover - two distinct paths with one SHA-1
                raise RuntimeError(f"doc id clash that no rule resolves: {printable(str(group[0]))}")
            for path in movable:
                level[path] += 1
    return [InputFile(path=p, doc_id=ids[p]) for p in unique]
