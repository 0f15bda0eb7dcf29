"""Render stage: summaries, the reconciliation report and the timeline (Jinja)."""

from __future__ import annotations

from pathlib import Path

from pipeline.store import Corpus


def render_all(out_dir: Path, corpus: Corpus) -> None:
    """Write every human-readable page for the corpus into ``out_dir``."""
    return None
