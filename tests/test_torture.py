"""Nothing lost, nothing stopped (issue 17): the inputs and situations that used to drop
papers or halt a whole run, each made here and run through papertrail.

Every case keeps the promise users rely on: one bad file fails alone, with one clear
line, and nothing else is lost.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.errors import DiskFull, NotRegularFile, OutputBusy, printable
from pipeline.ingest import file_sha256
from pipeline.ingest.text import decode
from pipeline.run.inputs import MAX_ID_BYTES, assign_doc_ids, discover
from pipeline.run.limits import FLOOR, CAP, default_memory_ceiling, parse_size
from pipeline.run.options import RunOptions
from pipeline.run.runner import run
from schemas import RECORD_KINDS
from tests.conftest import CORPUS, CORPUS_FILES
from tests.privileges import permissions_enforced

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def documents(out: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return {row["doc_id"]: row for row in rows}


def published(out: Path) -> dict[str, bytes]:
    """Every output file but the database, by path: what a reader of the folder sees."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(("papertrail.sqlite", ".papertrail"))
        and ".papertrail-staging" not in p.parts
    }


def paper(folder: Path, name: str | bytes, text: str | None = None) -> Path:
    """A small council paper (a corpus paper's text) written under ``name``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    path.write_text(text if text is not None else CORPUS_FILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    return path


def local(out: Path, **options: object) -> RunOptions:
    return RunOptions(out_dir=out, workers=1, executor="local", **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- 1. doc ids


def test_a_name_that_equals_another_papers_disambiguated_id_still_gets_its_own(tmp_path: Path) -> None:
    for name in ("budget.pdf", "budget.txt", "budget_pdf.txt"):
        paper(tmp_path / "in", name)
    ids = {f.path.name: f.doc_id for f in assign_doc_ids(discover([tmp_path / "in"]).files)}
    assert len(set(ids.values())) == 3, ids
    assert ids["budget.txt"] == "budget_txt" and ids["budget_pdf.txt"] == "budget_pdf_txt"
    assert ids["budget.pdf"].startswith("budget_pdf_")
    code, err = invoke("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--executor", "local")
    assert len(documents(tmp_path / "out")) == 3, err


def test_ids_that_differ_only_in_case_are_kept_apart(tmp_path: Path) -> None:
    ids = [f.doc_id for f in assign_doc_ids([tmp_path / "Budget.txt", tmp_path / "budget.txt", tmp_path / "BUDGET.md"])]
    assert len({i.casefold() for i in ids}) == 3, ids


_names = st.lists(
    st.tuples(
        st.sampled_from(["", "a/", "b/", "a/c/"]),
        st.text(alphabet="abAB_.", min_size=1, max_size=6).filter(lambda s: not s.startswith(".")),
        st.sampled_from([".pdf", ".txt", ".md", ".html", ".TXT"]),
    ),
    min_size=1,
    max_size=12,
    unique=True,
)


@given(_names)
def test_doc_ids_are_unique_and_depend_only_on_the_set_of_inputs(names: list[tuple[str, str, str]]) -> None:
    paths = list(dict.fromkeys(Path("in") / f"{folder}{stem}{ext}" for folder, stem, ext in names))
    forward = {f.path: f.doc_id for f in assign_doc_ids(paths)}
    backward = {f.path: f.doc_id for f in assign_doc_ids(list(reversed(paths)))}
    assert forward == backward
    assert len({d.casefold() for d in forward.values()}) == len(paths)
    for path, doc_id in forward.items():  # the file name is still recognisable in its id
        assert doc_id.startswith(path.stem)


# --------------------------------------------------------------------------- 2. an unreadable file


def test_an_unreadable_file_fails_alone_with_a_plain_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    locked = paper(folder, "locked.txt")
    locked.chmod(0)
    out = tmp_path / "out"
    with permissions_enforced():
        code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local")
    assert code == 1, err
    docs = documents(out)
    assert docs["locked"]["status"] == "failed" and docs["locked"]["error"] == "cannot read: permission denied"
    assert sum(d["status"] == "ok" for d in docs.values()) == 5
    assert "locked: failed: cannot read: permission denied" in err and "Traceback" not in err
    assert err.splitlines()[-1].startswith("papertrail: papers ok 5, failed 1")


def test_a_file_made_unreadable_after_discovery_fails_alone_in_a_worker(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    victim = paper(folder, "victim.txt")
    paper(folder, "other.txt")
    import pipeline.run.runner as runner

    real = runner.file_sha256

    def hash_then_lock(path: Path) -> str:  # the permission changes between hashing and reading
        digest = real(path)
        if path.name == "victim.txt":
            path.chmod(0)
        return digest

    with permissions_enforced(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "file_sha256", hash_then_lock)
        summary = run([folder], RunOptions(out_dir=tmp_path / "out", workers=1, executor="process"))
    victim.chmod(0o644)
    assert summary.failures == [("victim", "cannot read: permission denied")] and summary.ok == 1


# --------------------------------------------------------------------------- 3. long names


def test_file_names_up_to_the_file_system_limit_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    names = [
        "a" * 251 + ".txt",  # 255 bytes
        "a" * 250 + "b.txt",  # shares its first 200 bytes with the one above
        "\u00e9" * 125 + ".txt",  # 254 bytes of two-byte characters
        "a" * 251 + ".htm",  # the same stem as the first, another type
    ]
    for name in names:
        paper(folder, name)
    out = tmp_path / "out"
    code, err = invoke("run", str(folder), "--out", str(out), "--workers", "1")
    assert code == 0, err
    docs = documents(out)
    assert len(docs) == len(names)
    for doc_id, doc in docs.items():
        assert len(doc_id.encode("utf-8")) <= MAX_ID_BYTES
        assert (out / doc["text_path"]).is_file()
        assert (out / "summaries" / f"{doc_id}.html").is_file()


# --------------------------------------------------------------------------- 4. unreadable folders


def test_an_unreadable_folder_is_an_error_for_that_folder_never_a_deletion(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paper(folder, "top.txt")
    paper(folder / "sub", "inner.txt", CORPUS_FILES[1].read_text(encoding="utf-8"))
    paper(folder / "gone", "removed.txt", CORPUS_FILES[2].read_text(encoding="utf-8"))
    out = tmp_path / "out"
    assert invoke("run", str(folder), "--out", str(out), "--executor", "local")[0] == 0
    shutil.rmtree(folder / "gone")  # a real removal still removes
    (folder / "sub").chmod(0)
    try:
        with permissions_enforced():
            code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local")
    finally:
        (folder / "sub").chmod(0o755)
    assert code == 1
    assert set(documents(out)) == {"top", "inner"}
    assert f"{folder / 'sub'}: cannot read folder: permission denied; the papers recorded from it are kept" in err
    assert err.splitlines()[-1].endswith("1 removed, 1 folder could not be read")


def test_papers_in_a_folder_that_can_be_listed_but_not_entered_fail_never_vanish(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paper(folder / "sub", "inner.txt")
    out = tmp_path / "out"
    run([folder], local(out))
    (folder / "sub").chmod(0o444)  # names can be read, the files cannot be reached
    try:
        with permissions_enforced():
            summary = run([folder], local(out))
    finally:
        (folder / "sub").chmod(0o755)
    assert summary.removed == 0 and summary.failures == [("inner", "cannot read: permission denied")]


# --------------------------------------------------------------------------- 6. two runs, one folder

_HOLD_LOCK = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, str(os.getpid()).encode())
    print("locked", flush=True)
    time.sleep(120)
""")


def _hold_lock(out: Path) -> subprocess.Popen[str]:
    out.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(out / ".papertrail.lock")],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_run_on_the_same_output_folder_is_refused_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = _hold_lock(out)
    try:
        with pytest.raises(OutputBusy):
            run([CORPUS], local(out))
        code, err = invoke("run", str(CORPUS), "--out", str(out), "--executor", "local")
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    assert err.strip() == (f"papertrail: error: {out} is in use by another papertrail run (process {holder.pid}): "
                           "wait for it to finish, or give another --out")
    assert not (out / "documents.jsonl").exists()


def test_the_lock_of_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = _hold_lock(out)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    summary = run([CORPUS], local(out))
    assert summary.ok == 5
    assert (out / ".papertrail.lock").read_text() == ""  # released at the end


def test_two_runs_at_once_with_different_inputs_lose_no_paper(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(CORPUS, first)
    paper(second, "other.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.cli", "run", "--out", str(out), "--executor", "local", "-q"]
    runs = [subprocess.Popen([*command, str(folder)], stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for folder in (first, second)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    codes = sorted(code for code, _ in results)
    refused = [err for code, err in results if code == 2]
    # either they did not overlap (both ran, the second replacing the first's papers),
    # or one was refused with one line and the other's papers are all there
    assert codes in ([0, 0], [0, 2]), results
    for err in refused:
        assert err.strip().startswith("papertrail: error:") and "in use by another papertrail run" in err
        assert len(err.strip().splitlines()) == 1
    kept = set(documents(out))
    assert kept in ({p.stem for p in first.glob("*.txt")}, {"other"})


# --------------------------------------------------------------------------- 7. memory ceiling


def test_memory_sizes_are_read_and_the_default_comes_from_the_machine() -> None:
    assert parse_size("2G") == 2 << 30 and parse_size("800M") == 800 << 20 and parse_size("1.5GiB") == 3 << 29
    assert parse_size("none") == 0
    assert FLOOR <= default_memory_ceiling(2) <= CAP
    assert default_memory_ceiling(1000) == FLOOR
    code, err = invoke("run", str(CORPUS), "--max-memory", "lots")
    assert code == 2 and "is not a memory size" in err


def test_a_ceiling_below_what_a_worker_needs_is_a_usage_error(tmp_path: Path) -> None:
    code, err = invoke("run", str(CORPUS), "--out", str(tmp_path / "out"), "--max-memory", "64M", "--workers", "1")
    assert code == 2
    assert err.strip().startswith("papertrail: error: --max-memory 64.0 MB is less than a worker needs")


_GREEDY = textwrap.dedent("""
    import json, sys
    from pipeline.run.limits import _status, apply_memory_ceiling

    start = _status("VmRSS")
    apply_memory_ceiling(int(sys.argv[1]))
    chunks = []
    try:
        for _ in range(64):  # up to 1 GB, every page touched
            chunks.append(bytearray(16 << 20))
    except MemoryError:
        pass
    print(json.dumps({"start": start, "chunks": len(chunks)}))
""")


def test_a_worker_cannot_hold_more_than_its_ceiling() -> None:
    ceiling, chunk = 512 << 20, 16 << 20
    done = subprocess.run([sys.executable, "-c", _GREEDY, str(ceiling)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    result = json.loads(done.stdout)
    held = result["start"] + result["chunks"] * chunk
    assert result["chunks"] < 64, "the process was never refused memory"
    # refused at the ceiling, not long before it (a margin of up to 64 MB is kept below it)
    assert ceiling - 128 * (1 << 20) <= held <= ceiling


# --------------------------------------------------------------------------- 8. workers die with the run

_SLOW_RUN = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pipeline.run.pool as pool
    from pipeline.run.options import RunOptions
    from pipeline.run.runner import run

    def slow(*args, **kwargs):
        time.sleep(300)

    pool.process_paper = slow
    print("running", flush=True)
    run([Path(sys.argv[1])], RunOptions(out_dir=Path(sys.argv[2]), workers=2, executor="process", timeout=600))
""")


def test_kill_9_of_a_run_kills_its_workers_and_releases_its_output_pipe(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_RUN, str(CORPUS), str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = parent.children()
        time.sleep(0.1)
    assert len(workers) == 2, "the workers did not start"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"workers outlived the run: {[p.pid for p in alive]}"
    # like `papertrail run ... | tee log`: the pipe ends, because no worker holds it
    reader = threading.Thread(target=proc.stdout.read)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "the output pipe stayed open after the run was killed"


# --------------------------------------------------------------------------- 9. disk full


def test_a_full_disk_says_what_is_full_and_leaves_the_last_complete_outputs(tmp_path: Path) -> None:
    import pipeline.run.finish as finish

    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    out = tmp_path / "out"
    run([folder], local(out))
    before = published(out)
    target = folder / "004_3e45d8215bfeea87.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("£400,000", "£450,000"), encoding="utf-8")
    paper(folder, "extra.txt", CORPUS_FILES[1].read_text(encoding="utf-8"))
    real = finish.write_findings_jsonl

    def fills_the_disk(directory: Path, corpus: object) -> None:
        real(directory, corpus)  # type: ignore[arg-type]
        raise OSError(errno.ENOSPC, "No space left on device", str(directory / "findings.jsonl"))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(finish, "write_findings_jsonl", fills_the_disk)
        code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local", "-q")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"papertrail: error: the disk holding {out} is full (")
    assert "move" not in err and "papertrail.sqlite" not in err
    assert published(out) == before, "outputs of two states side by side"
    # space again: the next run publishes the new state, and it is a clean run's
    code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local")
    assert code == 0, err
    clean = tmp_path / "clean"
    run([folder], local(clean))
    assert _records(out) == _records(clean)
    assert "£450,000" in (out / "texts" / "004_3e45d8215bfeea87.txt").read_text(encoding="utf-8")
    assert not (out / ".papertrail-staging").exists()


def test_a_full_disk_in_the_database_is_not_called_damage(tmp_path: Path) -> None:
    from pipeline.store import Store

    out = tmp_path / "out"

    def full(self: Store, *args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Store, "replace_paper", full)
        with pytest.raises(DiskFull, match="is full"):
            run([CORPUS], local(out))
        code, err = invoke("run", str(CORPUS), "--out", str(out), "--executor", "local", "-q")
    assert code == 1 and "is full" in err and "damaged" not in err and "move it away" not in err


def test_a_run_killed_while_publishing_is_finished_by_the_next(tmp_path: Path) -> None:
    import pipeline.run.staging as staging

    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    out = tmp_path / "out"
    run([folder], local(out))
    (folder / "000_ac0f8596ed253323.txt").unlink()
    paper(folder, "extra.txt", CORPUS_FILES[0].read_text(encoding="utf-8") + "\nA later copy.\n")
    moves = []
    real = os.replace

    def dies_half_way(source: object, target: object) -> None:
        publishing = ".papertrail-staging" in Path(str(source)).parts and ".papertrail-staging" not in Path(str(target)).parts
        if publishing:
            if len(moves) == 3:
                raise KeyboardInterrupt  # as good as kill -9 here: nothing after it runs
            moves.append(target)
        real(source, target)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(staging.os, "replace", dies_half_way)
        run([folder], local(out))
    assert (out / ".papertrail-staging" / ".ready").exists()
    summary = run([folder], local(out))  # finishes the publishing first
    assert summary.unchanged == 5 and not (out / ".papertrail-staging").exists()
    clean = tmp_path / "clean"
    run([folder], local(clean))
    assert _records(out) == _records(clean)
    assert sorted(p.name for p in (out / "texts").iterdir()) == sorted(p.name for p in (clean / "texts").iterdir())
    assert sorted(p.name for p in (out / "summaries").iterdir()) == sorted(p.name for p in (clean / "summaries").iterdir())


def _records(out: Path) -> dict[str, list[dict]]:
    result = {}
    for kind in RECORD_KINDS:
        rows = [json.loads(line) for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]
        result[kind] = [{k: v for k, v in row.items() if k != "path"} for row in rows]
    return result


def _mount_tmpfs(where: Path, size: str) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def test_a_really_full_disk_keeps_every_output_of_one_state(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "1600k"):
        pytest.skip("needs root and a tmpfs mount to fill a real disk (the simulated full disk is tested above)")
    try:
        out = disk / "out"
        folder = tmp_path / "in"
        shutil.copytree(CORPUS, folder)
        run([folder], local(out))
        before = published(out)
        for n in range(40):  # far more than the disk holds
            paper(folder, f"copy{n:02d}.txt", CORPUS_FILES[n % 5].read_text(encoding="utf-8") + f"\nCopy {n}.\n")
        code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local", "-q")
        assert code == 1, err
        assert err.startswith(f"papertrail: error: the disk holding {out} is full (") and "move" not in err
        assert published(out) == before
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local")
        assert code == 0, err
        assert len(documents(out)) == 45
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


# --------------------------------------------------------------------------- 12. symlinks


def test_symlinks_are_followed_only_inside_the_input_folders(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paper(folder / "papers", "inside.txt")
    secret = paper(tmp_path / "elsewhere", "secret.txt", "Subject: Not a paper\n\nPassword: hunter2\n")
    (folder / "escape.txt").symlink_to(secret)
    (folder / "alias.txt").symlink_to(folder / "papers" / "inside.txt")
    (folder / "papers-again").symlink_to(folder / "papers", target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    found = discover([folder])
    assert [p.name for p in found.files] == ["inside.txt"]
    reasons = {Path(name).name: reason for name, reason in found.skipped}
    assert reasons["escape.txt"].startswith("a symbolic link to somewhere outside the input folders")
    assert reasons["alias.txt"] == "a link to a paper already read under another name"
    assert reasons["broken.txt"] == "a broken symbolic link"
    out = tmp_path / "out"
    code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local")
    assert code == 0 and set(documents(out)) == {"inside"}
    assert f"{folder / 'escape.txt'}: skipped: a symbolic link to somewhere outside" in err
    assert "hunter2" not in "".join(p.read_text(encoding="utf-8") for p in (out / "texts").iterdir())
    code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local", "--follow-symlinks")
    assert set(documents(out)) == {"inside", "escape"}


# --------------------------------------------------------------------------- 13. control characters


def test_control_characters_in_names_are_escaped_in_every_message(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    fake = "x\r\x1b[2Kpapertrail: good: ok\x07\u202e"
    (folder / f"{fake}.pdf").write_bytes(b"%PDF-1.4 nothing else")
    paper(folder, "good.txt")
    out = tmp_path / "out"
    code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local")
    assert code == 1
    for char in "\r\x1b\x07\u202e":
        assert char not in err
    assert printable(fake) == "x\\r\\e[2Kpapertrail: good: ok\\x07\\u202e"
    assert f"{printable(fake)}: failed: damaged PDF: the file is truncated" in err
    assert all(line.startswith("papertrail: ") for line in err.splitlines())
    assert len(documents(out)) == 2


def test_a_file_name_that_is_not_utf8_is_read_and_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    try:
        paper(folder, b"caf\xe9.txt")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    out = tmp_path / "out"
    code, err = invoke("run", str(folder), "--out", str(out), "--executor", "local")
    assert code == 0, err
    (doc,) = documents(out).values()
    assert doc["doc_id"] == "caf\ufffd" and doc["path"].endswith("caf\ufffd.txt") and doc["status"] == "ok"


# --------------------------------------------------------------------------- 14. FIFOs and devices


def test_a_fifo_or_a_device_is_skipped_and_never_blocks(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paper(folder, "good.txt")
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "out"
    result: list[tuple[int, str]] = []
    runner = threading.Thread(target=lambda: result.append(invoke(
        "run", str(folder), str(folder / "pipe.txt"), "/dev/zero", "--out", str(out), "--executor", "local")))
    runner.daemon = True
    runner.start()
    runner.join(timeout=120)
    if runner.is_alive():  # unblock it, then fail
        with open(folder / "pipe.txt", "wb"):
            pass
        pytest.fail("a FIFO among the inputs blocked the run")
    code, err = result[0]
    assert code == 0 and set(documents(out)) == {"good"}
    assert f"{folder / 'pipe.txt'}: skipped: not a regular file (a FIFO): never read" in err
    assert "/dev/zero: skipped: not a regular file (a device): never read" in err


def test_reading_a_fifo_that_replaced_a_paper_fails_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "late.txt")
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            file_sha256(tmp_path / "late.txt")
        except BaseException as error:  # noqa: BLE001 - recorded for the assertion
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():
        with open(tmp_path / "late.txt", "wb"):
            pass
        pytest.fail("opening a FIFO blocked")
    assert isinstance(outcome[0], NotRegularFile)
    assert str(outcome[0]) == "not a regular file (a FIFO): skipped"


# --------------------------------------------------------------------------- 15. clear lines


def test_utf16_text_without_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = CORPUS_FILES[0].read_text(encoding="utf-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded, found = decode(text.encode(encoding))
        assert (decoded, found) == (text, encoding)
    with pytest.raises(Exception, match="binary data"):
        decode(bytes(range(256)) * 8)
    paper(tmp_path / "in", "placeholder.txt").write_bytes(text.encode("utf-16-le"))
    out = tmp_path / "out"
    code, err = invoke("run", str(tmp_path / "in"), "--out", str(out), "--executor", "local")
    assert code == 0, err
    assert documents(out)["placeholder"]["encoding"] == "utf-16-le"


def test_a_huge_text_file_is_too_long_at_once_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as handle:  # sparse: 600 MB that take no disk
        handle.truncate(600_000_000)
    code, err = invoke("run", str(folder), "--out", str(tmp_path / "out"), "--executor", "process", "--timeout", "60")
    assert code == 1
    assert ("huge: failed: paper too long: 600,000,000 bytes of text (papertrail reads papers of up to "
            "20,000,000 characters); split it into its parts") in err


def test_pdf_library_errors_become_plain_lines() -> None:
    import pypdfium2

    from pipeline.errors import failure_message, pdf_failure

    assert pdf_failure(pypdfium2.PdfiumError("Failed to load page.")) == "damaged PDF: a page cannot be read"
    assert pdf_failure(pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")) == (
        "damaged PDF: its structure is broken and it cannot be opened")
    from pdfminer.pdfparser import PDFSyntaxError

    dump = PDFSyntaxError("Invalid dictionary construct: [/'Contents', <PDFObjRef:12>, /'MediaBox', [0, 0]]")
    assert failure_message(dump, pdf=True) == "damaged PDF: its internal structure is broken and cannot be read"
    assert failure_message(MemoryError(), limit=1 << 30) == (
        "out of memory: reading it needed more than the 1.0 GB a worker may use (--max-memory)")
    assert failure_message(KeyError("x")).startswith("papertrail could not read this paper (an internal error, KeyError)")


def test_library_warnings_never_reach_the_terminal_without_a_paper(tmp_path: Path) -> None:
    from tests.pdffuzz import base_papers

    folder = tmp_path / "in"
    folder.mkdir()
    data = base_papers()["lines"]
    # a font box that is not numbers: pdfminer logs a warning and goes on
    (folder / "odd.pdf").write_bytes(data.replace(b"/FontBBox [", b"/FontBBox [ /x", 1))
    code, err = invoke("run", str(folder), "--out", str(tmp_path / "out"), "--executor", "local", "--reader", "pdfplumber")
    assert code == 0 and all(line.startswith("papertrail: ") for line in err.splitlines()), err
    code, err = invoke("run", str(folder), "--out", str(tmp_path / "out2"), "--executor", "local",
                       "--reader", "pdfplumber", "--verbose")
    assert "odd: pdfminer.pdffont said: Could not get FontBBox" in err, "the warning belongs in the debug log, naming the paper"

