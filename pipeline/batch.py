"""Moved to :mod:`pipeline.run` (issue 10): this name stays for code written before the
move.  Import from ``pipeline.run`` (or its modules) in new code."""

from __future__ import annotations

from pipeline.run.inputs import assign_doc_ids, discover
from pipeline.run.options import InputFile, RunOptions, RunSummary
from pipeline.run.runner import NothingToRead, run
from pipeline.run.worker import failed_document, process_paper, rules_hash
from pipeline.store import write_jsonl_files

__all__ = [
    "InputFile",
    "NothingToRead",
    "RunOptions",
    "RunSummary",
    "assign_doc_ids",
    "discover",
    "failed_document",
    "process_paper",
    "rules_hash",
    "run",
    "write_jsonl_files",
]
