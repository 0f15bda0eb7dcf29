"""The runner: find papers, read each in a worker, store and publish the outputs.

Modules, in the order they depend on one another (no cycle: each imports only those
above it)::

    options    RunOptions, InputFile, RunSummary (plain data)
    limits     memory ceiling, workers that die with their parent
    inputs     discovery (regular files, symlinks, unreadable folders) and doc ids
    worker     process_paper: one paper -> records; never raises
    executors  LocalExecutor, make_executor -> pool (ProcessExecutor), dask_executor
    lock       one run per output folder
    staging    a run's outputs written aside, then published at once
    finish     validate, write the JSONL files, render the pages
    progress   the progress bar
    runner     run(): uses all of the above; nothing imports it

``from pipeline.run import run, RunOptions`` works (names are looked up lazily, so
importing a worker module never imports the runner).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "InputFile": "options",
    "RunOptions": "options",
    "RunSummary": "options",
    "discover": "inputs",
    "assign_doc_ids": "inputs",
    "process_paper": "worker",
    "failed_document": "worker",
    "finish_outputs": "finish",
    "NothingToRead": "runner",
    "run": "runner",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"pipeline.run.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'pipeline.run' has no attribute {name!r}")


__all__ = sorted(_EXPORTS)
