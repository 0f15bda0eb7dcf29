"""Hundreds of damaged PDFs through a whole run (issue 17's proof): seeded, so it cannot
flake, and run as a user runs papertrail (the command, in a fresh process, with worker
processes under a memory ceiling).

What must hold: one documents row per input, no traceback, every failure one line from
the known set (:data:`pipeline.errors.KNOWN_FAILURES`), no library dump in any line, and
no worker ever holding more memory than its ceiling (inflation bombs included).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.errors import KNOWN_FAILURES
from tests.pdffuzz import base_papers, inflate_bomb, mutants

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240611
COUNT = 300
CEILING_MB = 512
DUMP = re.compile(r"<PDFObjRef|\[/'|/b'|\{'|Traceback|PSKeyword|PdfiumError|unexpected error")


@pytest.mark.slow
def test_hundreds_of_damaged_pdfs_each_fail_alone_with_one_known_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bases = base_papers()
    inputs = mutants(bases, COUNT, SEED)
    for mutant in inputs:
        (folder / mutant.name).write_bytes(mutant.data)
    for name, data in bases.items():  # the good ones must still come through
        (folder / f"good_{name}.pdf").write_bytes(data)
    for size in (1, 3):  # pages that inflate to gigabytes
        (folder / f"bomb_{size}g.pdf").write_bytes(inflate_bomb(bases["grid"], size << 30))
    names = sorted(p.stem for p in folder.iterdir())
    out, log = tmp_path / "out", tmp_path / "run.log"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(folder), "--out", str(out), "--workers", "2",
         "--max-memory", f"{CEILING_MB}M", "--timeout", "30", "--no-progress", "--log", str(log)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "Traceback" not in log.read_text(encoding="utf-8").split("DEBUG")[0]
    assert all(line.startswith("papertrail: ") for line in done.stderr.splitlines())
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(row["doc_id"] for row in rows) == names, "a paper was lost or doubled"
    failures = {row["doc_id"]: row["error"] for row in rows if row["status"] == "failed"}
    unknown = {d: e for d, e in failures.items() if not e.startswith(KNOWN_FAILURES)}
    assert not unknown, unknown
    dumps = {d: e for d, e in failures.items() if DUMP.search(e) or "\n" in e or len(e) > 200}
    assert not dumps, dumps
    assert {f"good_{name}" for name in bases}.isdisjoint(failures)
    assert failures["bomb_3g"].startswith("out of memory:")
    peak = re.search(r"workers' peak memory: ([\d.]+) MB \((\d+\.\d) MB ceiling\)", log.read_text(encoding="utf-8"))
    assert peak is not None and float(peak.group(1)) < CEILING_MB
    counts = Counter(re.sub(r"\d+", "N", e) for e in failures.values())
    print(f"\nfuzz: {len(rows)} inputs, {len(failures)} failed, peak worker memory {peak.group(1)} MB; "
          + "; ".join(f"{n} x {e}" for e, n in counts.most_common()))
