"""The command line: exit statuses, one-line errors, bad inputs, help, schema."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from schemas import RECORD_KINDS
from tests.badfiles import make_bad_inputs
from tests.conftest import CORPUS, DOC_IDS


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_run_writes_every_contract_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = invoke("run", str(CORPUS), "--out", str(out), "--workers", "1")
    assert code == 0, err
    assert err.strip().splitlines()[-1].startswith("papertrail: papers ok 5, failed 0, skipped 0, records ")
    for kind in RECORD_KINDS:
        assert (out / f"{kind}.jsonl").exists(), kind
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in docs] == DOC_IDS
    for doc in docs:
        assert set(doc) >= {"doc_id", "path", "sha256", "doc_type", "title", "pages", "text_path", "status", "error"}
        assert doc["status"] == "ok" and doc["error"] is None
        assert (out / doc["text_path"]).read_text(encoding="utf-8")
    with sqlite3.connect(out / "papertrail.sqlite") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert set(RECORD_KINDS) <= tables
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not list(out.rglob("*.tmp")), "a temporary file was left behind"


def test_bad_inputs_fail_one_line_each_and_good_ones_go_through(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = make_bad_inputs(folder)
    out = tmp_path / "out"
    # --ocr never: the scanned paper keeps its "no text layer" failure (test_ocr reads it)
    code, _, err = invoke("run", str(folder), "--out", str(out), "--workers", "1", "--ocr", "never")
    assert code == 1
    assert "Traceback" not in err
    docs = {json.loads(l)["doc_id"]: json.loads(l) for l in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
    skipped = [name for name, want in expected.items() if want == "SKIP"]
    for name, want in expected.items():
        doc_id = Path(name).stem
        if want == "SKIP":
            assert doc_id not in docs
            continue
        doc = docs[doc_id]
        if want is None:
            assert doc["status"] == "ok", (name, doc["error"])
        else:
            assert doc["status"] == "failed", name
            assert want in doc["error"], (name, doc["error"])
            assert "\n" not in doc["error"] and len(doc["error"]) < 200
            assert f"{doc_id}: failed: {doc['error']}" in err
    failed = sum(1 for w in expected.values() if w not in (None, "SKIP"))
    ok = sum(1 for w in expected.values() if w is None)
    assert f"papers ok {ok}, failed {failed}, skipped {len(skipped)}" in err.splitlines()[-1]


def test_cp1252_paper_keeps_its_pound_sign(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_bad_inputs(folder)
    out = tmp_path / "out"
    invoke("run", str(folder / "cp1252.txt"), "--out", str(out), "--workers", "1")
    text = (out / "texts" / "cp1252.txt").read_text(encoding="utf-8")
    assert "£1,500,000" in text and "José" in text


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("run", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert code == 2
    assert err.strip() == f"papertrail: error: no such file or folder: {tmp_path / 'nope'}"


def test_bad_option_is_a_usage_error() -> None:
    code, _, _ = invoke("run", "--workers", "0")
    assert code == 2
    code, _, _ = invoke("run", "--executor", "cloud")
    assert code == 2


def test_rerun_is_incremental_and_force_reparses(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "out"
    invoke("run", str(corpus), "--out", str(out), "--workers", "1")
    first = {k: (out / f"{k}.jsonl").read_text(encoding="utf-8") for k in RECORD_KINDS}
    code, _, err = invoke("run", str(corpus), "--out", str(out), "--workers", "1")
    assert code == 0 and "5 unchanged" in err.splitlines()[-1]
    assert {k: (out / f"{k}.jsonl").read_text(encoding="utf-8") for k in RECORD_KINDS} == first
    code, _, err = invoke("run", str(corpus), "--out", str(out), "--workers", "1", "--force")
    assert "unchanged" not in err.splitlines()[-1]
    assert {k: (out / f"{k}.jsonl").read_text(encoding="utf-8") for k in RECORD_KINDS} == first


def test_schema_prints_every_record_kind() -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    schemas = json.loads(out)
    assert set(schemas) == set(RECORD_KINDS)
    assert {"amount_gbp", "amount_text", "period", "role", "source"} <= set(schemas["funding"]["properties"])
    source = schemas["funding"]["$defs"]["Source"]["properties"]
    assert set(source) == {"doc_id", "page", "char_start", "char_end", "quote", "ocr", "confidence"}
    code, out, _ = invoke("schema", "decisions")
    assert "decision_number" in json.loads(out)["properties"]


@pytest.mark.parametrize("command", [[], *([name] for name in sorted(main.commands))])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert "Example" in out
    assert len(out.splitlines()) > 5


def test_ingest_command_prints_the_normalised_text() -> None:
    code, out, _ = invoke("ingest", str(CORPUS / "002_b02d85913e99e7be.txt"), "--text")
    assert code == 0
    assert "To:\tPeter Oakford" in out


def test_ingest_command_on_a_bad_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html><body>404</body></html>")
    code, _, err = invoke("ingest", str(bad))
    assert code == 1
    assert err.strip().startswith("papertrail: error: bad.pdf: not a PDF: the file is an HTML page")


def test_unwritable_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = invoke("run", str(CORPUS), "--out", str(blocker / "out"))
    assert code == 2
    assert err.startswith("papertrail: error: cannot write to the output folder")


def test_damaged_store_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "papertrail.sqlite").write_bytes(b"this is not a database" * 100)
    code, _, err = invoke("run", str(CORPUS), "--out", str(out), "--workers", "1")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "is damaged or is not papertrail's" in err
    assert "Traceback" not in err


def test_too_long_a_paper_fails_with_a_plain_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "MAX_CHARS", 1000)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("Subject: Long\n\n" + "A paragraph of text. " * 200, encoding="utf-8")
    code, _, err = invoke("run", str(folder), "--out", str(tmp_path / "out"), "--workers", "1", "--executor", "local")
    assert code == 1
    assert "long: failed: paper too long: 4,2" in err


def test_an_input_folder_without_papers_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.odt").write_bytes(b"not a paper")
    out = tmp_path / "out"
    code, _, err = invoke("run", str(folder), "--out", str(out), "--workers", "1")
    assert code == 2
    assert err.strip().splitlines()[-1] == f"papertrail: error: no papers found in {folder} (.docx, .html, .md, .pdf, .txt)"
    assert not (out / "papertrail.sqlite").exists()


def test_readme_summary_line_matches_a_real_run(text_run: Path) -> None:
    """The README's example line is what a run of the sample corpus prints."""
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"`(papertrail: papers ok \d+, [^`]+)`", readme)
    assert shown, "the README shows no summary line"

    def rows(kind: str) -> list[dict]:
        return [json.loads(line) for line in (text_run / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]

    docs = rows("documents")
    statuses = [f["status"] for f in rows("findings")]
    records = sum(len(rows(k)) for k in ("decisions", "funding", "indicators", "timeline"))
    line = (f"papertrail: papers ok {sum(d['status'] == 'ok' for d in docs)}, "
            f"failed {sum(d['status'] != 'ok' for d in docs)}, skipped 0, records {records}, "
            f"findings {len(statuses)} ({statuses.count('pass')} pass, {statuses.count('warn')} warn, "
            f"{statuses.count('fail')} fail)")
    assert shown.group(1) == line


def test_readme_links_the_contract_inside_the_repository() -> None:
    root = CORPUS.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if not re.match(r"[a-z]+:", target):
            assert (root / target).exists(), f"the README links {target}, which a clone does not have"
    assert "](docs/contract.md)" in readme
    contract = (root / "docs" / "contract.md").read_text(encoding="utf-8")
    assert "## Files in DIR" in contract and "## Notes" in contract
