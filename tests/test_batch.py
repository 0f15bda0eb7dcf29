"""Batch runs: doc ids, fault isolation, incremental and resumable runs, executors agree."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pipeline.run.pool as pool
from pipeline.run.inputs import assign_doc_ids, discover
from pipeline.run.options import InputFile, RunOptions
from pipeline.run.runner import run
from pipeline.store import PaperRecords
from schemas import RECORD_KINDS
from tests.conftest import CORPUS, CORPUS_FILES

RUN_DEPENDENT = {"path"}


def outputs(out: Path) -> dict[str, list[dict]]:
    """Every JSONL file's records, without the fields that depend on where inputs live."""
    result = {}
    for kind in RECORD_KINDS:
        rows = [json.loads(line) for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]
        result[kind] = [{k: v for k, v in row.items() if k not in RUN_DEPENDENT} for row in rows]
    return result


def many_papers(folder: Path, copies: int) -> Path:
    """The corpus copied ``copies`` times under new names, each copy a little different."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for path in CORPUS_FILES:
            text = path.read_text(encoding="utf-8") + f"\n\nCopy reference {n}.\n"
            (folder / f"c{n:02d}_{path.name}").write_text(text, encoding="utf-8")
    return folder


def test_doc_ids_are_file_stems_and_collisions_are_disambiguated_deterministically(tmp_path: Path) -> None:
    paths = [tmp_path / "a.pdf", tmp_path / "a.txt", tmp_path / "x" / "b.txt", tmp_path / "y" / "b.txt", tmp_path / "c.md"]
    ids = {f.path: f.doc_id for f in assign_doc_ids(paths)}
    assert ids[tmp_path / "a.pdf"] == "a_pdf" and ids[tmp_path / "a.txt"] == "a_txt"
    assert ids[tmp_path / "c.md"] == "c"
    b1, b2 = ids[tmp_path / "x" / "b.txt"], ids[tmp_path / "y" / "b.txt"]
    assert b1 != b2 and b1.startswith("b_txt_") and b2.startswith("b_txt_")
    assert {f.path: f.doc_id for f in assign_doc_ids(list(reversed(paths)))} == ids
    assert len(set(ids.values())) == len(paths)


def test_discover_recurses_skips_hidden_and_counts_unsupported(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.odt").write_bytes(b"PK")
    files, skipped = discover([tmp_path])
    assert files == [tmp_path / "sub" / "p.txt"]
    assert [Path(name).name for name, _ in skipped] == ["notes.odt"]


def _fake_process(path: str, doc_id: str, reader: str = "fast", sha256: str | None = None, ocr: str = "auto", **kwargs: object) -> PaperRecords:
    if doc_id == "hang":
        time.sleep(600)
    if doc_id == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    return _real_process(path, doc_id, reader, sha256, ocr, **kwargs)  # type: ignore[arg-type]


_real_process = pool.process_paper


def test_process_pool_isolates_a_hanging_and_a_crashing_paper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "process_paper", _fake_process)
    good = CORPUS_FILES[0]
    work = [
        (InputFile(good, "hang"), "h"),
        (InputFile(good, "crash"), "c"),
        (InputFile(good, "good1"), "g1"),
        (InputFile(CORPUS_FILES[1], "good2"), "g2"),
    ]
    executor = pool.ProcessExecutor(RunOptions(workers=2, executor="process", timeout=3))
    try:
        started = time.monotonic()
        results = {item.doc_id: records.document for item, records in executor.map_papers(work)}
        elapsed = time.monotonic() - started
        pids = executor.pids()
    finally:
        executor.close()
    assert set(results) == {"hang", "crash", "good1", "good2"}
    assert results["hang"].status.value == "failed"
    assert results["hang"].error == "paper timed out after 3 s: the parser hung on it"
    assert results["crash"].status.value == "failed"
    assert results["crash"].error.startswith("worker crashed (signal SIGSEGV)")
    assert results["good1"].status.value == "ok" and results["good2"].status.value == "ok"
    assert elapsed < 30
    assert len(pids) == 2 and executor.workers == []
    for pid in pids:  # closed and reaped: no worker left, not even a zombie
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_workers_give_the_same_records_as_one_process(tmp_path: Path) -> None:
    papers = many_papers(tmp_path / "in", 2)
    run([papers], RunOptions(out_dir=tmp_path / "one", workers=1, executor="local"))
    run([papers], RunOptions(out_dir=tmp_path / "two", workers=2, executor="process"))
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_a_worker_sends_the_records_without_the_reading_only_fields() -> None:
    from pipeline.extract import extract_all
    from pipeline.ingest import ingest
    from pipeline.run.worker import process_paper
    from pipeline.store import READING_ONLY

    path = CORPUS_FILES[0]
    full = extract_all(ingest(path, "p"))
    assert full.document.lines  # read, then dropped
    sent = process_paper(str(path), "p")
    assert all(getattr(sent.document, name) == [] for name in READING_ONLY)
    # everything else is as read: the document's stored fields, its text, every record
    assert sent.document.model_dump() == full.document.model_dump()
    assert sent.document.text == full.document.text
    for kind in ("decisions", "funding", "indicators", "timeline"):
        assert [r.model_dump() for r in getattr(sent, kind)] == [r.model_dump() for r in getattr(full, kind)]
    # the records are shared, not copied; a document with nothing to drop is kept as it is
    slim = full.for_storage()
    assert slim.funding is full.funding and full.document.lines  # the original keeps its lines
    assert slim.for_storage() is slim


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_records(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    run([CORPUS], RunOptions(out_dir=tmp_path / "local", workers=1, executor="local"))
    run([CORPUS], RunOptions(out_dir=tmp_path / "dask", workers=2, executor="dask"))
    assert outputs(tmp_path / "local") == outputs(tmp_path / "dask")


def test_changed_paper_replaces_its_records_and_removed_paper_goes(tmp_path: Path) -> None:
    papers = tmp_path / "in"
    shutil.copytree(CORPUS, papers)
    out = tmp_path / "out"
    run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    target = papers / "004_3e45d8215bfeea87.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("£400,000", "£450,000"), encoding="utf-8")
    (papers / "000_ac0f8596ed253323.txt").unlink()
    summary = run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    assert summary.unchanged == 3 and summary.removed == 1
    data = outputs(out)
    assert "000_ac0f8596ed253323" not in {d["doc_id"] for d in data["documents"]}
    assert all(r["doc_id"] != "000_ac0f8596ed253323" for kind in ("decisions", "funding", "timeline") for r in data[kind])
    assert not (out / "texts" / "000_ac0f8596ed253323.txt").exists()
    text = (out / "texts" / "004_3e45d8215bfeea87.txt").read_text(encoding="utf-8")
    assert "£450,000" in text and "£400,000" not in text
    ids = [(r["doc_id"], r.get("id")) for r in data["funding"]]
    assert len(ids) == len(set(ids)), "a changed paper left duplicate records"


def test_rules_change_invalidates_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.run.worker as worker

    out = tmp_path / "out"
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    assert run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local")).unchanged == 5
    monkeypatch.setattr(worker, "_RULES_HASH", "different-rules")
    assert run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local")).unchanged == 0


@pytest.mark.slow
def test_kill_9_half_way_then_rerun_gives_the_clean_records(tmp_path: Path) -> None:
    papers = many_papers(tmp_path / "in", 8)  # 40 papers
    clean = tmp_path / "clean"
    run([papers], RunOptions(out_dir=clean, workers=1, executor="local"))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.cli", "run", str(papers), "--out", str(out), "--workers", "1", "-q"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = out / "papertrail.sqlite"
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    done = conn.execute("SELECT count(*) FROM cache").fetchone()[0]
            except sqlite3.Error:
                done = 0
            if done >= 5:
                break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 5 <= done < 40
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "unchanged" in result.stderr.splitlines()[-1]
    assert outputs(out) == outputs(clean)


def test_unchanged_rerun_leaves_outputs_alone_and_a_missing_page_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.run.finish as finish

    out = tmp_path / "out"
    first = run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    calls = []
    real = finish.finish_outputs
    monkeypatch.setattr(finish, "finish_outputs", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    assert calls == []
    assert (again.ok, again.records, again.findings, again.findings_by_status) == (first.ok, first.records, first.findings, first.findings_by_status)
    (out / "index.html").unlink()
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    assert calls == [1] and (out / "index.html").exists()


def test_output_folder_inside_the_inputs_is_never_read(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    shutil.copytree(CORPUS, papers)
    out = papers / "output"
    run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    other = papers / "old-run"
    run([CORPUS], RunOptions(out_dir=other, workers=1, executor="local"))
    summary = run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    assert (summary.ok, summary.failed, summary.skipped, summary.unchanged) == (5, 0, 0, 5)


def test_empty_inputs_do_not_wipe_an_output_folder(tmp_path: Path) -> None:
    from pipeline.run.runner import NothingToRead

    out = tmp_path / "out"
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NothingToRead, match="papers already in"):
        run([empty], RunOptions(out_dir=out, workers=1, executor="local"))
    assert len(outputs(out)["documents"]) == 5


def test_a_moved_paper_keeps_its_records_and_gets_its_new_path(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(CORPUS, first)
    out = tmp_path / "out"
    run([first], RunOptions(out_dir=out, workers=1, executor="local"))
    first.rename(second)
    summary = run([second], RunOptions(out_dir=out, workers=1, executor="local"))
    assert summary.unchanged == 5
    paths = {json.loads(l)["path"] for l in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
    assert all(p.startswith(str(second)) for p in paths)


def test_an_output_folder_from_another_schema_is_rebuilt(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    with sqlite3.connect(out / "papertrail.sqlite") as db:
        db.execute('ALTER TABLE indicators DROP COLUMN code')
    summary = run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    assert summary.unchanged == 0 and summary.ok == 5
    with sqlite3.connect(out / "papertrail.sqlite") as db:
        assert "code" in [r[1] for r in db.execute('PRAGMA table_info("indicators")')]


def test_output_files_are_readable_by_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    finally:
        os.umask(old)
    for name in ("documents.jsonl", "index.html", "reconciliation.csv"):
        assert (out / name).stat().st_mode & 0o044 == 0o044, name


def test_sqlite_holds_lists_of_numbers_as_json_numbers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    with sqlite3.connect(out / "papertrail.sqlite") as db:
        rows = db.execute("SELECT amounts_gbp FROM findings WHERE amounts_gbp != '[]'").fetchall()
        types = dict((r[1], r[2]) for r in db.execute('PRAGMA table_info("findings")'))
    assert rows and types["amounts_gbp"] == "TEXT"
    assert all(isinstance(v, int) for (cell,) in rows for v in json.loads(cell))


def test_a_paper_with_an_absurd_figure_does_not_stop_the_run(tmp_path: Path) -> None:
    papers = tmp_path / "in"
    shutil.copytree(CORPUS, papers)
    (papers / "typo.txt").write_text(
        "Subject: Budget\n\nThe council will spend £1.2345678901234567890m and £" + "9" * 32 + "m.\n",
        encoding="utf-8",
    )
    summary = run([papers], RunOptions(out_dir=tmp_path / "out", workers=1, executor="local"))
    assert summary.ok == 6 and summary.failed == 0


def _run_imports() -> dict[str, set[str]]:
    """pipeline.run's modules and the pipeline.run modules each imports (anywhere in it)."""
    import ast

    folder = Path(__file__).resolve().parent.parent / "pipeline" / "run"
    graph: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.py")):
        if path.stem == "__init__":
            continue
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("pipeline.run."):
                    found.add(node.module.rsplit(".", 1)[1])
                elif node.module == "pipeline.run":
                    found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name.rsplit(".", 1)[1] for a in node.names if a.name.startswith("pipeline.run."))
        graph[path.stem] = found
    return graph


def test_the_runner_uses_the_executors_never_the_other_way_round() -> None:
    graph = _run_imports()
    assert {"runner", "executors", "pool", "dask_executor", "worker", "finish"} <= set(graph)
    assert not [m for m, uses in graph.items() if "runner" in uses], "nothing may import the runner"
    for module in ("executors", "pool", "dask_executor", "worker"):
        assert not graph[module] & {"runner", "finish", "staging", "lock", "progress"}, module
    assert {"executors", "worker"} <= graph["runner"] and "worker" in graph["pool"]
    # no cycle at all: a topological order exists
    remaining = {m: set(uses) & set(graph) for m, uses in graph.items()}
    while remaining:
        leaves = [m for m, uses in remaining.items() if not uses]
        assert leaves, f"an import cycle among {sorted(remaining)}"
        for leaf in leaves:
            del remaining[leaf]
        for uses in remaining.values():
            uses.difference_update(leaves)


def test_the_cache_is_keyed_on_every_stage_a_worker_runs() -> None:
    """A change to the structure stage or the record schema changes records, so it must
    invalidate cached records like a change to ingest or extract does."""
    from pipeline.run.worker import record_code_folders

    names = {folder.name for folder in record_code_folders()}
    assert {"ingest", "structure", "extract", "schemas"} <= names
    assert all(folder.is_dir() and any(folder.glob("*.py")) for folder in record_code_folders())


def test_a_broken_install_stops_the_run_before_any_paper_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.store import Store

    papers = many_papers(tmp_path / "in", 1)
    out = tmp_path / "out"
    run([papers], RunOptions(out_dir=out, workers=2, executor="process"))
    with Store(out) as store:
        before = set(store.doc_ids())
    sorted(papers.iterdir())[0].unlink()  # gone from the inputs: a run would remove it
    (papers / "new.txt").write_text("A new paper.\n", encoding="utf-8")  # work to do

    def broken() -> None:
        raise ImportError("a broken install")

    monkeypatch.setattr(pool, "_warm_up", broken)
    with pytest.raises(ImportError):
        run([papers], RunOptions(out_dir=out, workers=2, executor="process"))
    with Store(out) as store:
        assert set(store.doc_ids()) == before  # nothing removed, nothing added
