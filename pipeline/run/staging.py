"""A run's outputs are written aside, then published together.

The output folder always shows one complete state: the last finished run's.  A run
writes the texts of the papers it reads, and then every JSONL file, CSV and page, into
``OUT/.papertrail-staging/``, which starts as a copy of the published folder made of
hard links (no space used; a real copy where links are not allowed), so incremental
rendering still finds the pages it need not rewrite.  Only when all of it is written
does the run list it in ``.ready`` and move it into place, file by file, by renames
(which need no space).  So a full disk, a crash or ``kill -9`` while writing leaves
the previous state untouched (an old JSONL never sits beside a new documents.jsonl);
one that strikes while moving is finished by the next run, from ``.ready``, before it
does anything else.

The database is never staged: it is the store of record, changed one paper per
transaction.  A staged text belongs to the paper's stored records, so the texts of a
run that stopped stay staged for the next run to publish.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline.store import DB_NAME, TEXT_DIR, atomic_write_text

STAGING_NAME = ".papertrail-staging"
READY_NAME = ".ready"
#: Folders whose files are all papertrail's: one the new state lacks is removed.
MANAGED_DIRS = (TEXT_DIR, "summaries")
_NEVER_STAGED = (DB_NAME, ".papertrail")  # the database (and -wal, -shm), lock, staging


def _never_staged(name: str) -> bool:
    return name.startswith(_NEVER_STAGED) or (name.startswith(".") and name.endswith(".tmp"))


def _files(root: Path) -> Iterator[str]:
    """Relative (POSIX) paths of the files under ``root`` that papertrail publishes."""
    for folder, dirs, names in os.walk(root):
        base = Path(folder).relative_to(root)
        if base == Path("."):
            dirs[:] = [d for d in dirs if not _never_staged(d)]
        for name in names:
            if base == Path(".") and _never_staged(name):
                continue
            if name.startswith(".") and name.endswith(".tmp"):
                continue
            yield (base / name).as_posix()


class Staging:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / STAGING_NAME

    # ----------------------------------------------------------------------- texts

    def write_text(self, doc_id: str, text: str) -> str:
        """Stage a paper's normalised text; returns its path relative to the output folder."""
        relative = f"{TEXT_DIR}/{doc_id}.txt"
        atomic_write_text(self.path / relative, text)
        return relative

    def has(self, relative: str) -> bool:
        """Whether the file is staged or published."""
        return (self.path / relative).exists() or (self.out_dir / relative).exists()

    # ----------------------------------------------------------------------- the state

    def prepare(self, texts: set[str]) -> Path:
        """Make the staging folder the whole next state, before the outputs are written
        into it: every published file is linked in unless a newer one is staged, only the
        ``texts`` named (relative paths) are kept, and an empty placeholder stands for the
        database (pages look for it to link to it; it is never published)."""
        self.path.mkdir(parents=True, exist_ok=True)
        for relative in _files(self.out_dir) if self.out_dir.exists() else ():
            if relative.startswith(f"{TEXT_DIR}/") and relative not in texts:
                continue
            target = self.path / relative
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.out_dir / relative, target)
            except OSError:  # no hard links here: a copy
                shutil.copy2(self.out_dir / relative, target)
        staged_texts = self.path / TEXT_DIR
        if staged_texts.is_dir():
            for path in staged_texts.iterdir():
                if f"{TEXT_DIR}/{path.name}" not in texts and not path.name.startswith("."):
                    path.unlink()
        (self.path / DB_NAME).touch()
        return self.path

    def publish(self) -> None:
        """Move the staged state into place (and remove the files it no longer has)."""
        listing = sorted(r for r in _files(self.path) if r != DB_NAME)
        atomic_write_text(self.path / READY_NAME, json.dumps(listing))
        self._move(listing)

    def recover(self) -> bool:
        """Finish publishing a state that a stopped run had written completely."""
        try:
            listing = json.loads((self.path / READY_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        self._move(listing)
        return True

    def _move(self, listing: list[str]) -> None:
        for relative in listing:
            source, target = self.path / relative, self.out_dir / relative
            if not source.exists():
                continue  # moved before the last run stopped
            target.parent.mkdir(parents=True, exist_ok=True)
            if not (target.exists() and os.path.samefile(source, target)):
                os.replace(source, target)
        wanted = set(listing)
        for folder in MANAGED_DIRS:
            published = self.out_dir / folder
            if not published.is_dir():
                continue
            for path in published.iterdir():
                relative = f"{folder}/{path.name}"
                if path.is_file() and relative not in wanted:
                    path.unlink()
        shutil.rmtree(self.path, ignore_errors=True)

    def discard_outputs(self) -> None:
        """After a run failed while writing its outputs: drop them, keep the staged texts
        (they belong to records already stored)."""
        if not self.path.is_dir():
            return
        for path in self.path.iterdir():
            if path.name == TEXT_DIR:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
