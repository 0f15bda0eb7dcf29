"""Kept for callers of ``pipeline.extract.funding.extract_funding``: the funding extractor
lives in :mod:`pipeline.extract.money`."""

from __future__ import annotations

from pipeline.extract.money import extract_funding

__all__ = ["extract_funding"]
