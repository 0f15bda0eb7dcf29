"""The SQLite store as Datasette and sqlite-utils users see it: keys, foreign keys,
provenance columns, links from findings to records, full-text search, metadata.yml, and
Datasette itself serving it."""

from __future__ import annotations

import asyncio
from html import unescape as html_unescape
import json
import re
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from pipeline.batch import RunOptions, run
from pipeline.errors import DiskFull
from pipeline.store import Store, read_jsonl
from pipeline.store_tables import COLUMNS, FTS_COLUMNS, METADATA_NAME, STREAM_COLUMN_SOURCE
from schemas import RECORD_KINDS
from schemas.findings import Review, ReviewStatus
from tests.conftest import CORPUS

PAPER_TABLES = ("decisions", "funding", "indicators", "timeline")


def _db(out: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(out / "papertrail.sqlite")


def test_every_record_table_has_a_primary_key_and_papers_are_foreign_keys(text_run: Path) -> None:
    db = _db(text_run)
    assert db["documents"].pks == ["doc_id"]
    for kind in (*PAPER_TABLES, "findings"):
        assert db[kind].pks == ["id"], kind
        assert "record_json" not in db[kind].columns_dict
        assert db[kind].count > 0, kind
        ids = [r["id"] for r in db[kind].rows]
        assert len(set(ids)) == len(ids) and all(ids), kind
    for kind in (*PAPER_TABLES, "texts"):
        fks = {(fk.column, fk.other_table, fk.other_column) for fk in db[kind].foreign_keys}
        assert ("doc_id", "documents", "doc_id") in fks, kind
        orphans = db.execute(
            f'SELECT count(*) FROM "{kind}" WHERE doc_id NOT IN (SELECT doc_id FROM documents)').fetchone()[0]
        assert orphans == 0, kind


def test_provenance_is_columns_that_point_into_the_text(text_run: Path) -> None:
    db = _db(text_run)
    texts = {d["doc_id"]: (text_run / d["text_path"]).read_text(encoding="utf-8")
             for d in db["documents"].rows if d["text_path"]}
    checked = 0
    for kind in PAPER_TABLES:
        assert {"page", "char_start", "char_end", "quote"} <= set(db[kind].columns_dict)
        assert "source" not in db[kind].columns_dict
        for row in db[kind].rows:
            assert texts[row["doc_id"]][row["char_start"]:row["char_end"]] == row["quote"]
            checked += 1
    assert checked > 30
    # the texts table holds the same text, page by page
    for doc_id, text in texts.items():
        pages = [r["text"] for r in db["texts"].rows_where("doc_id = ?", [doc_id], order_by="page")]
        assert "".join(pages) == text


def test_records_read_back_from_sqlite_are_the_jsonl_records(text_run: Path) -> None:
    with Store(text_run) as store:
        for kind, model in RECORD_KINDS.items():
            stored = store.load(kind)
            written = read_jsonl(text_run / f"{kind}.jsonl", model)
            key = (lambda r: r.doc_id) if kind == "documents" else (lambda r: r.id)
            assert sorted(stored, key=key) == sorted(written, key=key), kind


def test_money_is_a_number_column_and_exact(text_run: Path) -> None:
    db = _db(text_run)
    assert db["funding"].columns_dict["amount_gbp"] is int  # integer affinity: whole pounds stay integers
    values = [r[0] for r in db.execute("SELECT amount_gbp FROM funding")]
    assert values and all(isinstance(v, (int, float)) for v in values)
    written = {f.id: f.amount_gbp for f in read_jsonl(text_run / "funding.jsonl", RECORD_KINDS["funding"])}
    for fid, amount in db.execute("SELECT id, amount_gbp FROM funding"):
        assert Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount) == written[fid]


def test_findings_link_to_the_records_and_papers_they_used(text_run: Path) -> None:
    db = _db(text_run)
    findings = {r["id"]: r for r in db["findings"].rows}
    links = list(db["finding_records"].rows)
    assert links
    kinds = {link["record_kind"] for link in links}
    assert "funding" in kinds
    for link in links:
        assert link["finding_id"] in findings
        table = link["record_kind"]
        assert table in ("funding", "indicators"), link
        assert db.execute(f'SELECT count(*) FROM "{table}" WHERE id = ?', [link["record_id"]]).fetchone()[0] == 1
        assert link["funding_id" if table == "funding" else "indicator_id"] == link["record_id"]
    every = {(f, d) for f, row in findings.items() for d in json.loads(row["doc_ids"])}
    assert {(r["finding_id"], r["doc_id"]) for r in db["finding_documents"].rows} == every


def test_funding_stream_is_filled_from_the_findings_and_the_records_stay_exact(text_run: Path) -> None:
    db = _db(text_run)
    named = {r[0] for r in db.execute("SELECT funding_stream FROM findings WHERE funding_stream IS NOT NULL")}
    assert named
    rows = list(db.execute(
        "SELECT f.id, f.funding_stream, f.funding_stream_source FROM funding f "
        "JOIN finding_records l ON l.funding_id = f.id "
        "JOIN findings g ON g.id = l.finding_id WHERE g.funding_stream IS NOT NULL"))
    assert rows and all(stream in named for _, stream, _ in rows)
    assert {source for _, _, source in rows} <= {"findings", "record"}
    # a stream a check assigned is not written back into the record
    records = {f.id: f for f in read_jsonl(text_run / "funding.jsonl", RECORD_KINDS["funding"])}
    for fid, _, source in rows:
        if source == "findings":
            assert records[fid].funding_stream is None


def test_full_text_search_over_texts_and_quotes(text_run: Path) -> None:
    db = _db(text_run)
    assert db["texts"].detect_fts() == "texts_fts"
    for kind, columns in FTS_COLUMNS.items():
        assert db[kind].detect_fts() == f"{kind}_fts", kind
        assert "quote" in columns or kind == "findings"
    found = {(r["doc_id"], r["page"]) for r in db["texts"].search('"Section 76"', columns=["doc_id", "page"])}
    expected = {(r["doc_id"], r["page"]) for r in db["texts"].rows if "section 76" in " ".join(r["text"].lower().split())}
    assert found and found == expected
    quote = db.execute("SELECT quote FROM funding WHERE quote LIKE '%per annum%' LIMIT 1").fetchone()[0]
    found = list(db["funding"].search('"per annum"', columns=["quote"]))
    assert quote in [r["quote"] for r in found]


def test_metadata_describes_every_table_and_column(text_run: Path) -> None:
    meta = yaml.safe_load((text_run / METADATA_NAME).read_text(encoding="utf-8"))
    tables = meta["databases"]["papertrail"]["tables"]
    db = _db(text_run)
    visible = [t for t in db.table_names() if "_fts" not in t]
    assert set(visible) <= set(tables), set(visible) - set(tables)
    for name in visible:
        assert tables[name]["description"].strip(), name
        for column in db[name].columns_dict:
            assert str(tables[name]["columns"].get(column, "")).strip(), f"{name}.{column} has no description"
    assert tables["funding"]["columns"]["quote"].startswith("the words read")
    # descriptions come from the pydantic schema
    field = RECORD_KINDS["funding"].model_fields["amount_text"]
    assert tables["funding"]["columns"]["amount_text"] == field.description
    assert all(c.description for cols in COLUMNS.values() for c in cols)


def test_reviews_of_an_old_layout_survive_the_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    review = Review(finding_id="sum-0123456789ab", status=ReviewStatus.explained, note="agreed",
                    fingerprint="f" * 16, reviewer="A. Auditor", at="2024-01-01T00:00:00+00:00")
    with sqlite3.connect(out / "papertrail.sqlite") as old:  # the layout before ids and columns
        old.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        old.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        old.execute("CREATE TABLE reviews (finding_id TEXT PRIMARY KEY, record_json TEXT)")
        old.execute("INSERT INTO reviews VALUES (?, ?)", (review.finding_id, review.model_dump_json()))
        old.execute("CREATE TABLE funding (rowid INTEGER PRIMARY KEY, doc_id TEXT, record_json TEXT)")
    summary = run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    assert summary.ok == 5
    with Store(out) as store:
        assert store.reviews() == {review.finding_id: review}
        assert store.sql["funding"].pks == ["id"]


def test_ids_are_stable_run_to_run(text_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local", force=True))
    for kind in (*PAPER_TABLES, "findings"):
        first = [r["id"] for r in _db(text_run)[kind].rows]
        again = [r["id"] for r in _db(out)[kind].rows]
        assert first == again, kind
    decision = next(iter(_db(out)["decisions"].rows))
    assert decision["id"] == f"{decision['doc_id']}:D@{decision['char_start']}-{decision['char_end']}"


# --------------------------------------------------------------------------- Datasette itself


@pytest.fixture(scope="module")
def datasette_site(text_run: Path, tmp_path_factory: pytest.TempPathFactory) -> object:
    datasette_app = pytest.importorskip("datasette.app", reason="datasette is in the test extras")
    out = tmp_path_factory.mktemp("datasette") / "output"
    shutil.copytree(text_run, out)
    metadata = yaml.safe_load((out / METADATA_NAME).read_text(encoding="utf-8"))
    return datasette_app.Datasette([str(out / "papertrail.sqlite")], metadata=metadata)


def _get(ds: object, path: str) -> tuple[int, str]:
    response = asyncio.run(ds.client.get(path))  # type: ignore[attr-defined]
    return response.status_code, response.text


def test_datasette_links_a_decision_and_its_paper(datasette_site: object, text_run: Path) -> None:
    """Through the doc_id foreign key: the decisions table links each row's paper (labelled
    with its title), and the paper's row page links to its decisions.  (Datasette 0.65's
    row page of a decision shows doc_id as plain text: it expands foreign keys only in
    table views.)"""
    from datasette.utils import tilde_encode

    db = _db(text_run)
    decision = next(iter(db["decisions"].rows))
    paper = db["documents"].get(decision["doc_id"])
    status, html = _get(datasette_site, f"/papertrail/decisions/{tilde_encode(decision['id'])}")
    assert status == 200, html[:500]
    assert decision["quote"].split("\n")[0] in html_unescape(html)  # the quote as shown (escaped in HTML)
    status, table = _get(datasette_site, "/papertrail/decisions?_size=max")
    assert status == 200
    link = f'<a href="/papertrail/documents/{tilde_encode(decision["doc_id"])}">'
    assert link in table
    label = table[table.index(link) + len(link):].split("</a>", 1)[0]
    assert html_unescape(label) == paper["title"], label
    status, row = _get(datasette_site, f"/papertrail/documents/{tilde_encode(decision['doc_id'])}")
    assert status == 200
    assert "Links from other tables" in row
    assert f'/papertrail/decisions?doc_id={decision["doc_id"]}' in row


def test_datasette_full_text_search_finds_a_quote(datasette_site: object) -> None:
    status, body = _get(datasette_site, "/papertrail/funding.json?_search=%22per+annum%22&_shape=array")
    assert status == 200, body[:500]
    rows = json.loads(body)
    assert rows and all("per annum" in r["quote"] for r in rows)
    status, body = _get(datasette_site, "/papertrail/texts.json?_search=Section+76&_shape=array")
    assert status == 200 and json.loads(body)


def test_datasette_shows_the_schema_descriptions(datasette_site: object) -> None:
    status, html = _get(datasette_site, "/papertrail/funding")
    assert status == 200
    assert "A money figure printed in a paper." in html
    assert RECORD_KINDS["funding"].model_fields["amount_text"].description in html


def test_writes_inside_one_sync_at_the_end_are_flushed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from pipeline.store import atomic_write_text, one_sync_at_the_end

    calls: list[str] = []
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync"))
    monkeypatch.setattr(os, "sync", lambda: calls.append("sync"))
    atomic_write_text(tmp_path / "alone.txt", "a")
    assert calls == ["fsync"]  # outside: each file flushed before its rename
    calls.clear()
    with one_sync_at_the_end():
        for n in range(5):
            atomic_write_text(tmp_path / f"{n}.txt", str(n))
        with one_sync_at_the_end():  # nested: the outer one flushes
            atomic_write_text(tmp_path / "inner.txt", "i")
        assert calls == []
    assert calls == ["sync"]
    assert [(tmp_path / f"{n}.txt").read_text() for n in range(5)] == ["0", "1", "2", "3", "4"]
    calls.clear()
    with pytest.raises(OSError):
        with one_sync_at_the_end():
            atomic_write_text(tmp_path / "staged.txt", "s")
            raise OSError("disk full")
    assert calls == ["sync"]  # flushed after a failure too: its files may stay staged for the next run
    calls.clear()
    atomic_write_text(tmp_path / "after.txt", "b")
    assert calls == ["fsync"]  # the setting does not outlive the block


# --------------------------------------------------------------------------- full-text indexes


SEARCH_TABLES = (*FTS_COLUMNS, "texts")


def _search_state(out: Path) -> tuple[dict[tuple[str, str], list[str]], list[tuple[str, str]]]:
    """Every search table's matches for a few words (after FTS5's integrity check), and
    the triggers that keep the indexes."""
    db = sqlite3.connect(out / "papertrail.sqlite")
    try:
        matches = {}
        for table in SEARCH_TABLES:
            db.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")  # raises if stale
            key = "doc_id || ':' || page" if table == "texts" else "id"
            column = "text" if table == "texts" else FTS_COLUMNS[table][0]
            own = [w for row in db.execute(f"SELECT {column} FROM {table} ORDER BY rowid LIMIT 3")
                   for w in re.findall(r"[a-z]{4,}", str(row[0]).lower())][:3]  # words the table holds
            for word in ("council", "funding", "2024", "grant", "total", *own):
                matches[(table, word)] = sorted(r[0] for r in db.execute(
                    f"SELECT {key} FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)",
                    (word,)))
        triggers = sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        assert db.execute("SELECT COUNT(*) FROM meta WHERE key = 'search_index_deferred'").fetchone()[0] == 0
        return matches, triggers
    finally:
        db.close()


def test_bulk_and_paper_by_paper_runs_give_the_same_search_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.run.runner as runner

    run([CORPUS], RunOptions(out_dir=tmp_path / "bulk", workers=1, executor="local"))
    monkeypatch.setattr(runner, "BULK_SHARE", 0)  # never deferred: the triggers keep the indexes
    run([CORPUS], RunOptions(out_dir=tmp_path / "rows", workers=1, executor="local"))
    bulk, rows = _search_state(tmp_path / "bulk"), _search_state(tmp_path / "rows")
    assert bulk == rows
    matches, triggers = bulk
    for table in SEARCH_TABLES:  # the words are found in every index
        assert any(found for (name, _), found in matches.items() if name == table), table
    assert {name for name, _ in triggers} == {f"{t}_{e}" for t in SEARCH_TABLES for e in ("ai", "ad", "au")}


def test_a_run_stopped_while_the_indexes_were_deferred_is_repaired_when_the_store_opens(text_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "stopped"
    shutil.copytree(text_run, out)
    before = _search_state(out)
    with Store(out) as store:
        store.defer_search_index()
        store.defer_search_index()  # twice: still one record of the triggers
        with store.transaction() as db:  # what a stopped run left: rows the index does not know
            db.execute("UPDATE funding SET quote = 'zyxwvut quokka' WHERE rowid = (SELECT MIN(rowid) FROM funding)")
    with sqlite3.connect(out / "papertrail.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
        # the index does not know the new words until the store opens again
        assert db.execute("SELECT COUNT(*) FROM funding_fts WHERE funding_fts MATCH 'quokka'").fetchone()[0] == 0
    with Store(out) as store:
        found = list(store.sql["funding"].search("quokka", columns=["quote"]))
        assert [r["quote"] for r in found] == ["zyxwvut quokka"]
    matches, triggers = _search_state(out)
    assert triggers == before[1]


def test_replacing_the_findings_keeps_their_index_and_triggers(text_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings"
    shutil.copytree(text_run, out)
    before = _search_state(out)
    with Store(out) as store:
        findings = store.corpus().findings
        assert findings
        store.replace_findings(findings[1:])
        searched = {r["id"] for r in store.sql["findings"].search(findings[0].message.split()[0], columns=["id"])}
        assert findings[0].id not in searched and searched  # the index follows the replaced findings
        store.replace_findings(findings)
    assert _search_state(out) == before


def test_the_metadata_file_is_written_whenever_the_store_opens(text_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "meta"
    shutil.copytree(text_run, out)
    (out / METADATA_NAME).unlink()
    with Store(out):
        pass
    assert yaml.safe_load((out / METADATA_NAME).read_text(encoding="utf-8"))["databases"]["papertrail"]["tables"]


def test_a_first_run_in_one_process_links_every_data_file_from_its_index(tmp_path: Path) -> None:
    """The records' JSONL files are written before the index, which lists the data files
    there are (a first run has no older files staged)."""
    out = tmp_path / "first"
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in ("documents.jsonl", "decisions.jsonl", "funding.jsonl", "indicators.jsonl", "timeline.jsonl",
                 "findings.jsonl", "timeline.csv", "timeline.ics", "timeline.json"):
        assert (out / name).exists() and f'href="{name}"' in index, name


def test_a_migration_while_the_indexes_were_deferred_keeps_the_new_triggers(text_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "migrated"
    shutil.copytree(text_run, out)
    with Store(out) as store:
        store.defer_search_index()
        with store.transaction() as db:  # a folder made by another papertrail version, whose
            db.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
            triggers = json.loads(store.get_meta("search_index_deferred") or "[]")
            assert triggers  # triggers indexed a column this version no longer has
            old = [[name, sql.replace('new."quote"', 'new."old_quote"')] for name, sql in triggers]
            db.execute("UPDATE meta SET value = ? WHERE key = 'search_index_deferred'", (json.dumps(old),))
    with Store(out) as store:
        assert store.migrated
        assert store.get_meta("search_index_deferred") is None
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))  # storing works
    assert _search_state(out) == _search_state(text_run)


def test_a_failed_bulk_run_rebuilds_the_indexes_of_what_it_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.run.runner as runner

    out = tmp_path / "failed"
    real, stored = runner._store_paper, []

    def store_two_then_fail(store: Store, *args: object, **kwargs: object) -> None:
        if len(stored) == 2:
            raise OSError(28, "No space left on device")
        real(store, *args, **kwargs)  # type: ignore[arg-type]
        stored.append(1)

    monkeypatch.setattr(runner, "_store_paper", store_two_then_fail)
    with pytest.raises(DiskFull):
        run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    db = sqlite3.connect(out / "papertrail.sqlite")  # read as Datasette would, without opening a Store
    try:
        assert db.execute("SELECT COUNT(*) FROM meta WHERE key = 'search_index_deferred'").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 3 * len(SEARCH_TABLES)
        texts = db.execute("SELECT COUNT(*) FROM texts").fetchone()[0]
        indexed = db.execute("SELECT COUNT(*) FROM texts_fts WHERE texts_fts MATCH 'the'").fetchone()[0]
        assert texts > 0 and indexed == db.execute("SELECT COUNT(*) FROM texts WHERE text LIKE '%the%'").fetchone()[0] > 0
    finally:
        db.close()


def test_a_complete_store_opens_without_sqlite_utils_and_a_missing_table_is_made_again(tmp_path: Path) -> None:
    """sqlite-utils (and the NumPy it imports) is loaded only to make tables: an unchanged
    re-run opens a store whose tables all exist.  A missing table is still made, and the
    connection's triggers behave as sqlite-utils sets them either way (recursive)."""
    import subprocess
    import sys

    out = tmp_path / "out"
    Store(out).close()
    probe = (
        "import sys; from pathlib import Path; from pipeline.store import Store; "
        f"s = Store(Path({str(out)!r})); "
        "print('sqlite_utils' in sys.modules, s.db.execute('PRAGMA recursive_triggers').fetchone()[0])"
    )
    root = Path(__file__).resolve().parent.parent
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, check=True)
    assert ran.stdout.split() == ["False", "1"]
    db = sqlite3.connect(out / "papertrail.sqlite")
    db.execute("DROP TABLE finding_documents")
    db.commit()
    db.close()
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, check=True)
    assert ran.stdout.split() == ["True", "1"]  # made again, with sqlite-utils
    with Store(out) as store:
        assert store.db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'finding_documents'").fetchone()[0] == 1


def test_a_finish_checks_again_without_reading_the_stored_findings(text_run: Path, tmp_path: Path) -> None:
    from pipeline.run.finish import finish_outputs

    out = tmp_path / "stale"
    shutil.copytree(text_run, out)
    with Store(out) as store:
        whole, records_only = store.corpus(), store.corpus(findings=False)
        assert whole.findings and records_only.findings == []
        for kind in ("documents", "decisions", "funding", "indicators", "timeline"):
            assert getattr(records_only, kind) == getattr(whole, kind)
        store.replace_findings(whole.findings[1:])  # stale findings: the finish must not use them
        finished = finish_outputs(store, out, store.corpus(findings=False))
        assert finished.findings == whole.findings
        assert store.corpus().findings == whole.findings
    assert (out / "findings.jsonl").read_bytes() == (text_run / "findings.jsonl").read_bytes()


def test_a_row_is_read_by_column_name_in_any_order_and_a_missing_column_reads_as_null(text_run: Path) -> None:
    from pipeline.store_tables import row_reader

    with Store(text_run) as store:
        cursor = store.db.execute("SELECT * FROM funding ORDER BY doc_id, rowid")
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        store_records = store.load("funding")
    blank = {"funding_stream": (STREAM_COLUMN_SOURCE, "findings")}  # assigned by a check
    whole = [row_reader("funding", names, blank=blank)(r) for r in rows]
    assert whole and whole == store_records
    assigned = [row_reader("funding", names)(r) for r in rows]
    assert any(a.funding_stream and not w.funding_stream for a, w in zip(assigned, whole))
    assert [row_reader("funding", names[::-1], blank=blank)(r[::-1]) for r in rows] == whole
    i = names.index("purpose")
    assert any(w.purpose for w in whole)
    without = [row_reader("funding", names[:i] + names[i + 1 :], blank=blank)(r[:i] + r[i + 1 :]) for r in rows]
    assert without == [w.model_copy(update={"purpose": None}) for w in whole]
