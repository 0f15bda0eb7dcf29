"""Generate council-style PDFs for the benchmark: varied papers built from the corpus's
paragraphs, with budget tables (ruled), bullet lists, and one 120-page paper."""

from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def _paragraphs() -> list[str]:
    paras: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = " ".join(block.split())
            if len(block) > 80:
                paras.append(block)
    return paras


def _budget_table(rng: random.Random) -> str:
    years = ["2022-23", "2023-24", "2024-25"]
    services = ["Early Help", "Children in Care", "Mental Health", "Youth Justice", "Short Breaks"]
    rows = []
    totals = [Decimal(0)] * len(years)
    for service in rng.sample(services, 3):
        values = [Decimal(rng.randint(5, 300)) / 10 for _ in years]
        totals = [t + v for t, v in zip(totals, values)]
        rows.append(f"| {service} | " + " | ".join(f"{v:.1f}" for v in values) + f" | {sum(values):.1f} |")
    rows.append("| Total | " + " | ".join(f"{t:.1f}" for t in totals) + f" | {sum(totals):.1f} |")
    header = "| Service (£m) | " + " | ".join(years) + " | Total |\n|---|---|---|---|---|"
    return header + "\n" + "\n".join(rows)


def paper_text(seed: int, pages: int) -> str:
    """A paper of about ``pages`` A4 pages."""
    rng = random.Random(seed)
    paras = _paragraphs()
    number = f"{rng.randint(15, 24)}/{rng.randint(1, 99999):05d}"
    parts = [
        "KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION",
        "DECISION TO BE TAKEN BY:",
        "Cabinet Member for Integrated Children's Services",
        f"DECISION NO:\n{number}",
        "Key decision: YES",
        f"Subject: Benchmark paper {seed}: commissioning of children's services",
        "Decision:",
        "As Cabinet Member for Integrated Children's Services, I agree to:",
        "- a) AGREE the commissioning plan set out in this paper.",
        "- b) DELEGATE authority to the Corporate Director to award contracts.",
    ]
    words = 0
    target = pages * 520
    while words < target:
        choice = rng.random()
        if choice < 0.04:  # ~0.45 ruled tables a page, as in the measured reference corpus
            block = _budget_table(rng)
        elif choice < 0.14:
            block = "\n".join(f"- {rng.choice(paras)[:140]}" for _ in range(3))
        else:
            block = rng.choice(paras)
            if rng.random() < 0.15:  # about one new money figure a page, as in real papers
                amount = rng.randint(1, 999) * 1000
                block += f" The service receives £{amount:,} per year."
        parts.append(block)
        words += len(block.split())
    return "\n\n".join(parts) + "\n"


def _render(args: tuple[int, int, str]) -> str:
    from tests.pdfgen import render_paper_pdf

    seed, pages, out = args
    render_paper_pdf(paper_text(seed, pages), Path(out), title=f"Benchmark paper {seed}")
    return out


def generate(folder: Path, papers: int = 200, seed: int = 7, big_pages: int = 120, workers: int = 2) -> list[Path]:
    """Write ``papers`` PDFs into ``folder`` (kept between runs when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    jobs = []
    for n in range(papers):
        pages = big_pages if n == 0 and big_pages else rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 12])
        path = folder / f"paper_{n:04d}.pdf"
        if not path.exists():
            jobs.append((seed * 100_000 + n, pages, str(path)))
    if jobs:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_render, jobs, chunksize=4))
    return sorted(folder.glob("paper_*.pdf"))[:papers]
