"""What a run is asked to do, what it reads, and what it reports (plain data, no I/O)."""

from __future__ import annotations

from pipeline.ingest.ocr import OcrMode

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import path_text, printable

if TYPE_CHECKING:
    from pipeline.ingest.pdf import Reader


@dataclass(frozen=True)
class InputFile:
    """One paper to read: where it is and the doc_id it gets."""

    path: Path
    doc_id: str

    @property
    def path_text(self) -> str:
        return path_text(self.path)


Work = Sequence[tuple[InputFile, str]]  # (paper, SHA-256 of its bytes)


@dataclass
class RunOptions:
    """``max_memory``: bytes each worker may use (None: the machine's default, see
    :func:`pipeline.run.limits.default_memory_ceiling`; 0: no ceiling)."""

    out_dir: Path = Path("output")
    workers: int = 1
    executor: str = "local"
    force: bool = False
    reader: Reader = "fast"
    timeout: float = 120.0
    scheduler: str | None = None
    keep_missing: bool = False
    follow_symlinks: bool = False
    max_memory: int | None = None
    ocr: OcrMode = "auto"


@dataclass
class RunSummary:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    unchanged: int = 0
    removed: int = 0
    records: int = 0
    findings: int = 0
    findings_by_status: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    unreadable_folders: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    memory_ceiling: int = 0  # bytes per worker (0: none)
    worker_peak_bytes: int = 0  # the largest resident memory any worker reached

    def line(self) -> str:
        parts = [
            f"papers ok {self.ok}",
            f"failed {self.failed}",
            f"skipped {self.skipped}",
        ]
        tail = [f"records {self.records}", f"findings {self.findings}"]
        if self.findings_by_status:
            tail[-1] += " (" + ", ".join(
                f"{self.findings_by_status.get(s, 0)} {s}" for s in ("pass", "warn", "fail")
            ) + ")"
        extra = []
        if self.unchanged:
            extra.append(f"{self.unchanged} unchanged")
        if self.removed:
            extra.append(f"{self.removed} removed")
        if self.unreadable_folders:
            count = len(self.unreadable_folders)
            extra.append(f"{count} folder{'s' if count > 1 else ''} could not be read")
        line = "papertrail: " + ", ".join(parts + tail)
        if extra:
            line += "; " + ", ".join(extra)
        return line

    def problems(self) -> list[str]:
        """One line per failed paper, skipped file and unreadable folder (names escaped)."""
        lines = [f"{printable(doc_id)}: failed: {printable(message)}" for doc_id, message in self.failures]
        lines += [
            f"{printable(name)}: cannot read folder: {printable(reason)}; the papers recorded from it are kept"
            for name, reason in self.unreadable_folders
        ]
        return lines
