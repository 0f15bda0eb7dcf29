"""Moved to :mod:`pipeline.run.finish` (issue 10): this name stays for code written before
the move."""

from __future__ import annotations

from pipeline.run.finish import finish_outputs

__all__ = ["finish_outputs"]
