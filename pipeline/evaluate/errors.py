"""Typed errors of the accuracy benchmark (the CLI turns them into one line, exit 2)."""

from __future__ import annotations

from pipeline.errors import PapertrailError


class EvalError(PapertrailError):
    """The gold file, the output folder or the options cannot be used for scoring."""

    code = "E500"


class GoldError(EvalError):
    """The gold file is missing, is not JSON, or does not follow the gold format."""

    code = "E501"


class OutputFolderError(EvalError):
    """The output folder is missing or its files cannot be read."""

    code = "E502"


class ThresholdSpecError(EvalError):
    """A ``--min`` spec that cannot be read (unknown name, not a number, out of range)."""

    code = "E503"
