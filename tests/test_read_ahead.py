"""The process pool's read-ahead: while the parent builds the language pipeline, a process
reads (ingests) the smallest papers; the workers extract their records from what it read.

Each test makes the parent wait, at the end of its warm-up, for the read-ahead to reach a
known point (papers read, a paper begun, the process gone), so no test depends on how fast
the machine is."""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pipeline.run.pool as pool
from pipeline.ingest import file_sha256
from pipeline.run.options import InputFile, RunOptions
from pipeline.run.worker import process_paper
from tests.conftest import CORPUS_FILES

_real_read_only = pool.read_only
_real_process = pool.process_paper
_real_warm_up = pool.ProcessExecutor._warm_up


def _work(tmp_path: Path, count: int) -> list[tuple[InputFile, str]]:
    """``count`` papers: the corpus's text papers, each copy a little different."""
    folder = tmp_path / "in"
    folder.mkdir()
    work = []
    for n in range(count):
        source = CORPUS_FILES[n % len(CORPUS_FILES)]
        path = folder / f"p{n:02d}{source.suffix}"
        path.write_text(source.read_text(encoding="utf-8") + f"\n\nCopy reference {n}.\n", encoding="utf-8")
        work.append((InputFile(path, f"p{n:02d}"), file_sha256(path)))
    return work


def _gone(ahead: Any) -> bool:
    return bool(select.select([ahead.gone], [], [], 0)[0])


def _warm_up_until(ready: Callable[[Any], bool]) -> Callable[[Any], None]:
    """A warm-up that, once done, waits (60 s at most) until ``ready(read_ahead)``."""

    def warm_up(self: Any) -> None:
        _real_warm_up(self)
        deadline = time.monotonic() + 60
        while self.ahead is not None and not ready(self.ahead) and time.monotonic() < deadline:
            time.sleep(0.01)

    return warm_up


def _log_process(log: Path) -> Callable[..., Any]:
    """process_paper, noting in ``log`` (from the worker) whether it was given a Document."""

    def logged(path: str, doc_id: str, *args: Any, document: Any = None, **kwargs: Any) -> Any:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{doc_id} {'pre-read' if document is not None else 'read'}\n")
        return _real_process(path, doc_id, *args, document=document, **kwargs)

    return logged


def _run(work: list[tuple[InputFile, str]], **options: Any) -> tuple[dict[str, Any], pool.ProcessExecutor, float]:
    """Every paper through a two-worker pool; checks that the pool leaves no read-ahead
    process or folder behind."""
    executor = pool.ProcessExecutor(RunOptions(workers=2, executor="process", **options))
    started = time.monotonic()
    try:
        results = {item.doc_id: records for item, records in executor.map_papers(work)}
        folders = list(executor.read_ahead_folders)
    finally:
        executor.close()
    assert len(folders) == 1 and not folders[0].exists() and executor.ahead is None
    return results, executor, time.monotonic() - started


def _how(log: Path) -> dict[str, str]:
    return dict(line.split() for line in log.read_text(encoding="utf-8").splitlines())


def test_papers_read_ahead_give_the_records_a_worker_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _work(tmp_path, 8)
    log = tmp_path / "how.log"
    monkeypatch.setattr(pool.ProcessExecutor, "_warm_up",
                        _warm_up_until(lambda ahead: len(list(ahead.folder.glob("*.pickle"))) >= 3))
    monkeypatch.setattr(pool, "process_paper", _log_process(log))
    results, _, _ = _run(work)
    how = _how(log)
    assert set(results) == set(how) == {item.doc_id for item, _ in work}
    pre_read = [doc_id for doc_id, way in how.items() if way == "pre-read"]
    assert len(pre_read) >= 3
    ids = [item.doc_id for item, _ in work]
    assert set(pre_read) == set(ids[len(ids) - len(pre_read):])  # the read-ahead takes from the end
    for item, digest in work:  # every paper's records as one process reads them
        alone = process_paper(str(item.path), item.doc_id, "fast", digest)
        mine = results[item.doc_id]
        assert mine.document.model_dump() == alone.document.model_dump() and mine.document.text == alone.document.text
        for kind in ("decisions", "funding", "indicators", "timeline"):
            assert [r.model_dump() for r in getattr(mine, kind)] == [r.model_dump() for r in getattr(alone, kind)]


def test_a_paper_that_crashes_the_read_ahead_is_read_by_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _work(tmp_path, 6)
    crashing = work[-1][0].doc_id  # the first it claims

    def read_only(path: str, doc_id: str, *args: Any, **kwargs: Any) -> Any:
        if doc_id == crashing:
            os.kill(os.getpid(), signal.SIGSEGV)
        return _real_read_only(path, doc_id, *args, **kwargs)

    log = tmp_path / "how.log"
    monkeypatch.setattr(pool, "read_only", read_only)
    monkeypatch.setattr(pool.ProcessExecutor, "_warm_up", _warm_up_until(_gone))
    monkeypatch.setattr(pool, "process_paper", _log_process(log))
    results, _, _ = _run(work)
    assert {d: r.document.status.value for d, r in results.items()} == {item.doc_id: "ok" for item, _ in work}
    assert _how(log)[crashing] == "read"


def test_a_paper_the_read_ahead_hangs_on_is_taken_from_it_after_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _work(tmp_path, 6)
    hanging = work[-1][0].doc_id

    def read_only(path: str, doc_id: str, *args: Any, **kwargs: Any) -> Any:
        if doc_id == hanging:
            time.sleep(600)
        return _real_read_only(path, doc_id, *args, **kwargs)

    log = tmp_path / "how.log"
    monkeypatch.setattr(pool, "read_only", read_only)
    monkeypatch.setattr(pool.ProcessExecutor, "_warm_up", _warm_up_until(lambda ahead: ahead.taken.value >= 1))
    monkeypatch.setattr(pool, "process_paper", _log_process(log))
    results, _, elapsed = _run(work, timeout=3)
    assert {d: r.document.status.value for d, r in results.items()} == {item.doc_id: "ok" for item, _ in work}
    assert _how(log)[hanging] == "read"
    assert elapsed < 60


def test_no_read_ahead_for_one_worker_or_as_many_papers_as_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = pool.ProcessExecutor._start_read_ahead
    monkeypatch.setattr(pool.ProcessExecutor, "_start_read_ahead",
                        lambda self, work: (started.append(len(work)), real(self, work))[1])
    work = _work(tmp_path, 3)
    for workers, papers in ((1, 3), (2, 2)):
        executor = pool.ProcessExecutor(RunOptions(workers=workers, executor="process"))
        try:
            assert len(list(executor.map_papers(work[:papers]))) == papers
        finally:
            executor.close()
    assert started == []


def test_a_document_file_that_cannot_be_loaded_is_read_again(tmp_path: Path) -> None:
    from pipeline.ingest import ingest

    assert pool._load_pre_read(None) is None
    assert pool._load_pre_read(str(tmp_path / "missing.pickle")) is None
    garbage = tmp_path / "garbage.pickle"
    garbage.write_bytes(b"not a pickle")
    assert pool._load_pre_read(str(garbage)) is None
    other = tmp_path / "other.pickle"
    other.write_bytes(pickle.dumps({"doc_id": "x"}))
    assert pool._load_pre_read(str(other)) is None
    document = ingest(CORPUS_FILES[0], "p")
    good = tmp_path / "good.pickle"
    good.write_bytes(pickle.dumps(document))
    loaded = pool._load_pre_read(str(good))
    assert loaded is not None and loaded.model_dump() == document.model_dump() and loaded.lines == document.lines
    assert not good.exists()  # taken


def test_workers_and_the_read_ahead_collect_cyclic_garbage_less_often(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    log = tmp_path / "thresholds.log"

    def process(path: str, doc_id: str, *args: Any, **kwargs: Any) -> Any:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"worker {gc.get_threshold()}\n")
        return _real_process(path, doc_id, *args, **kwargs)

    def read_only(path: str, doc_id: str, *args: Any, **kwargs: Any) -> Any:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"read-ahead {gc.get_threshold()}\n")
        return _real_read_only(path, doc_id, *args, **kwargs)

    monkeypatch.setattr(pool, "process_paper", process)
    monkeypatch.setattr(pool, "read_only", read_only)
    monkeypatch.setattr(pool.ProcessExecutor, "_warm_up", _warm_up_until(lambda ahead: ahead.taken.value >= 1))
    before = gc.get_threshold()
    _run(_work(tmp_path, 5))
    lines = set(log.read_text(encoding="utf-8").splitlines())
    assert lines == {f"worker {pool.WORKER_GC_THRESHOLDS}", f"read-ahead {pool.WORKER_GC_THRESHOLDS}"}
    assert gc.get_threshold() == before  # the parent's own are left as they were


def test_the_warm_up_runs_without_the_cyclic_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    seen: list[bool] = []
    monkeypatch.setattr(pool, "_warm_up", lambda: seen.append(gc.isenabled()))
    executor = pool.ProcessExecutor(RunOptions(workers=2, executor="process"))
    assert gc.isenabled()
    try:
        executor._warm_up()
        executor._warm_up()  # once a process
    finally:
        executor.close()
    assert seen == [False] and gc.isenabled()

    def broken() -> None:
        raise ImportError("a broken install")

    monkeypatch.setattr(pool, "_warm_up", broken)
    executor = pool.ProcessExecutor(RunOptions(workers=2, executor="process"))
    with pytest.raises(ImportError):
        executor._warm_up()
    executor.close()
    assert gc.isenabled()  # on again, whatever happened


def test_papers_read_ahead_go_to_the_workers_while_it_still_reads_its_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read-ahead reads its third paper only once a worker has extracted a paper it
    read before: so that paper must reach a worker while the read-ahead is still busy
    (were it held until the read-ahead stops, the third read would wait for the 60 s
    timeout and be taken from it)."""
    work = _work(tmp_path, 7)
    third = work[-3][0].doc_id
    signal_file = tmp_path / "a pre-read paper was extracted"

    def read_only(path: str, doc_id: str, *args: Any, **kwargs: Any) -> Any:
        if doc_id == third:
            deadline = time.monotonic() + 90
            while not signal_file.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return _real_read_only(path, doc_id, *args, **kwargs)

    log = tmp_path / "how.log"
    logged = _log_process(log)

    def process(path: str, doc_id: str, *args: Any, document: Any = None, **kwargs: Any) -> Any:
        records = logged(path, doc_id, *args, document=document, **kwargs)
        if document is not None:
            signal_file.touch()
        return records

    monkeypatch.setattr(pool, "read_only", read_only)
    monkeypatch.setattr(pool, "process_paper", process)
    monkeypatch.setattr(pool.ProcessExecutor, "_warm_up", _warm_up_until(lambda ahead: ahead.taken.value >= 3))
    results, _, _ = _run(work, timeout=60)
    assert {d: r.document.status.value for d, r in results.items()} == {item.doc_id: "ok" for item, _ in work}
    assert _how(log)[third] == "pre-read"


def test_without_shared_memory_papers_are_read_as_usual(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_semaphores(*args: object, **kwargs: object) -> object:
        raise OSError(38, "Function not implemented")  # a container without /dev/shm

    monkeypatch.setattr(pool.multiprocessing, "Lock", no_semaphores)
    out = tmp_path / "out"
    out.mkdir()
    work = _work(tmp_path, 5)
    executor = pool.ProcessExecutor(RunOptions(workers=2, executor="process", out_dir=out))
    try:
        results = {item.doc_id: records for item, records in executor.map_papers(work)}
    finally:
        executor.close()
    assert {d: r.document.status.value for d, r in results.items()} == {item.doc_id: "ok" for item, _ in work}
    assert list(out.iterdir()) == []  # no folder left behind


def test_the_read_ahead_folder_is_in_the_output_folder_and_a_killed_runs_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = out / f"{pool.READ_AHEAD_PREFIX}killed"
    stale.mkdir(parents=True)
    (stale / "3.pickle").write_bytes(b"a Document a killed run left")
    work = _work(tmp_path, 5)
    executor = pool.ProcessExecutor(RunOptions(workers=2, executor="process", out_dir=out))
    try:
        executor.prepare(work)
        assert executor.read_ahead_folders and executor.read_ahead_folders[0].parent == out
        assert not stale.exists()
        assert len(list(executor.map_papers(work))) == 5
    finally:
        executor.close()
    assert list(out.iterdir()) == []
