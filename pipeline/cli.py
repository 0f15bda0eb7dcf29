"""The ``papertrail`` command: thin click commands over the library.

Exit status: 0 every paper processed; 1 one or more papers failed (the rest are still
written); 2 a usage error.  Errors reach the user as one line, never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from pipeline.ingest import SUPPORTED_SUFFIXES

import pipeline
from pipeline.errors import PapertrailError, one_line, printable

log = logging.getLogger("papertrail")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _OneLineFormatter(logging.Formatter):
    """Every message as one line, with control characters escaped: a file name can
    neither move the cursor nor print a fake line over a failure."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = printable(record.message)
        return super().formatMessage(record)


def _setup_logging(quiet: bool, verbose: bool, log_file: Path | None) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handlers: list[logging.Handler] = []
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(level)
    console.setFormatter(_OneLineFormatter("papertrail: %(message)s"))
    handlers.append(console)
    if log_file:
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setLevel(logging.DEBUG)
        file_handler.setFormatter(_OneLineFormatter("%(asctime)s %(levelname)s %(message)s"))
        handlers.append(file_handler)
    log.handlers = handlers
    log.setLevel(logging.DEBUG)
    log.propagate = False
    logging.captureWarnings(True)  # a library's warning goes to the log, not raw to stderr
    warnings_log = logging.getLogger("py.warnings")
    warnings_log.handlers = [logging.NullHandler()] if not verbose else handlers
    warnings_log.propagate = False


def _fail(message: str, status: int = EXIT_FAILED) -> None:
    message = printable(message)
    log.debug("error: %s", message)
    click.echo(f"papertrail: error: {message}", err=True)
    sys.exit(status)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(pipeline.__version__, prog_name="papertrail")
def main() -> None:
    """papertrail: turn council papers (PDF or text) into typed, source-linked records,
    check their figures against each other, and render summaries, a reconciliation
    report and a decision timeline.

    \b
    Example:
      papertrail run corpus/ --out output/
    """


# --------------------------------------------------------------------------- run


class _MemorySize(click.ParamType):
    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from pipeline.run.limits import BadMemorySize, parse_size

        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except BadMemorySize as error:
            self.fail(str(error), param, ctx)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True, help="Output folder.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: the machine's cores).")
@click.option("--executor", type=click.Choice(["local", "process", "dask"]), default=None, help="Where papers are processed (default: process).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://HOST:PORT); a local cluster when omitted.")
@click.option("--force", is_flag=True, help="Re-parse every paper, ignoring the cache.")
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True, help="Seconds before a paper that hangs the parser is failed.")
@click.option("--max-memory", type=_MemorySize(), default=None, help="Memory each worker may use, e.g. 800M or 2G; a paper that needs more fails alone (default: a share of the machine's memory, 512M to 2G; none: no ceiling).")
@click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links that lead outside the input folders (by default they are skipped, and named).")
@click.option("--reader", type=click.Choice(["fast", "pdfplumber"]), default="fast", show_default=True, help="PDF reader: fast (pypdfium2 text, pdfplumber tables) or pdfplumber for every page.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="OCR (Tesseract) for PDF pages: auto reads pages with no usable text layer, always every page, never none.")
@click.option("--keep-missing", is_flag=True, help="Keep the records of papers no longer among the inputs.")
@click.option("--quiet", "-q", is_flag=True, help="Only warnings, errors and the summary line.")
@click.option("--verbose", "-v", is_flag=True, help="Debug detail.")
@click.option("--log", "log_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write a detailed log to this file.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
def run(
    inputs: tuple[Path, ...],
    out_dir: Path,
    workers: int | None,
    executor: str | None,
    scheduler: str | None,
    force: bool,
    timeout: float,
    max_memory: int | None,
    follow_symlinks: bool,
    reader: str,
    ocr: str,
    keep_missing: bool,
    quiet: bool,
    verbose: bool,
    log_file: Path | None,
    progress: bool | None,
) -> None:
    """Process papers (files or folders, recursively; default corpus/) into OUT.

    Reads .pdf, .txt, .md and .html; other files are skipped and counted.  Unchanged papers
    (same content hash, same papertrail rules) are not parsed again.  One run at a time
    writes to an output folder; a second one is refused.

    \b
    Examples:
      papertrail run                       # corpus/ -> output/
      papertrail run papers/2024 --out out --workers 4 --max-memory 1G
      papertrail run scans/ --ocr always     # OCR every page, text layer or not
      papertrail run papers/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from pipeline.errors import InputNotFound, OutputBusy
    from pipeline.run.limits import BadMemorySize
    from pipeline.run.options import RunOptions
    from pipeline.run.progress import make_progress
    from pipeline.run.runner import NothingToRead
    from pipeline.run.runner import run as run_papers

    _setup_logging(quiet, verbose, log_file)
    paths = list(inputs) or [Path("corpus")]
    for path in paths:
        if not os.path.lexists(path):
            _fail(f"no such file or folder: {path}", EXIT_USAGE)
    cores = os.cpu_count() or 1
    n_workers = workers or cores
    # worker processes by default, even one: only they can stop a paper that hangs
    chosen = executor or "process"
    if scheduler and chosen != "dask":
        _fail("--scheduler goes with --executor dask", EXIT_USAGE)
    options = RunOptions(
        out_dir=out_dir,
        workers=n_workers,
        executor=chosen,
        force=force,
        reader=reader,  # type: ignore[arg-type]
        timeout=timeout,
        scheduler=scheduler,
        keep_missing=keep_missing,
        follow_symlinks=follow_symlinks,
        max_memory=max_memory,
        ocr=ocr,  # type: ignore[arg-type]
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".papertrail-probe-", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        _fail(f"cannot write to the output folder {out_dir}: {error.strerror or error}", EXIT_USAGE)
    from pipeline.run.inputs import discover

    try:
        found = discover(paths, out_dir, follow_symlinks=follow_symlinks)
        if not found.files and not found.unreadable:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES - {".htm", ".text"}))
            _fail(f"no papers found in {', '.join(str(p) for p in paths)} ({kinds})", EXIT_USAGE)
    except (OSError, PapertrailError):
        pass  # the run itself reports what cannot be read or found
    show_bar = progress if progress is not None else (sys.stderr.isatty() and not quiet)
    try:
        with make_progress(show_bar, quiet) as reporter:
            summary = run_papers(paths, options, reporter)
    except (NothingToRead, OutputBusy, InputNotFound, BadMemorySize) as error:
        _fail(str(error), EXIT_USAGE)
    except PapertrailError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail("interrupted: run the same command again to finish (finished papers are kept)")
    except Exception as error:  # last resort: one line for the user, the detail in the log
        log.debug("run failed", exc_info=True)
        _fail(f"{one_line(error)} (run with --verbose or --log FILE for the detail)")
    if summary.worker_peak_bytes:
        from pipeline.errors import size_text

        ceiling = size_text(summary.memory_ceiling) if summary.memory_ceiling else "no"
        log.debug("workers' peak memory: %s (%s ceiling)", size_text(summary.worker_peak_bytes), ceiling)
    for line in summary.problems():
        log.warning("%s", line)
    for name, reason in summary.skipped_files:
        log.info("%s: skipped: %s", name, reason)
    click.echo(summary.line(), err=True)
    sys.exit(EXIT_FAILED if summary.failed or summary.unreadable_folders else EXIT_OK)


# --------------------------------------------------------------------------- single-stage commands


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reader", type=click.Choice(["fast", "pdfplumber"]), default="fast", show_default=True)
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="OCR for PDF pages (see papertrail run --help).")
@click.option("--text", "show_text", is_flag=True, help="Print the normalised text instead of the document record.")
def ingest(path: Path, reader: str, ocr: str, show_text: bool) -> None:
    """Read one paper and print its document record (JSON) or its normalised text.

    \b
    Example:
      papertrail ingest corpus/002_b02d85913e99e7be.txt --text
    """
    from pipeline.ingest import ingest as ingest_paper

    try:
        doc = ingest_paper(path, path.stem, reader=reader, ocr=ocr)  # type: ignore[arg-type]
    except PapertrailError as error:
        _fail(f"{path.name}: {error}")
    click.echo(doc.text if show_text else doc.model_dump_json(indent=2))


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["all", "decisions", "funding", "indicators", "timeline"]), default="all", show_default=True)
def extract(path: Path, kind: str) -> None:
    """Read one paper and print its records as JSON lines (nothing is written).

    \b
    Example:
      papertrail extract corpus/004_3e45d8215bfeea87.txt --kind funding
    """
    from pipeline.run.worker import process_paper

    records = process_paper(str(path), path.stem)
    if records.document.status.value == "failed":
        _fail(f"{path.name}: {records.document.error}")
    kinds = ["decisions", "funding", "indicators", "timeline"] if kind == "all" else [kind]
    for name in kinds:
        for record in records.of_kind(name):
            click.echo(json.dumps({"record": name, **record.model_dump(mode="json")}, ensure_ascii=False))


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the visual debugging page: each PDF page with its blocks drawn over it "
                   "(a text or web paper: its text with the block spans marked), the block list beside.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write DOC_ID.blocks.jsonl, DOC_ID.txt (the normalised text the spans index) and "
                   "DOC_ID.structure.html into this folder instead of printing the blocks.")
@click.option("--dpi", type=click.IntRange(36, 300), default=100, show_default=True, help="Resolution of the page images.")
def structure(path: Path, html_path: Path | None, out_dir: Path | None, dpi: int) -> None:
    """Read one paper's structure and print its blocks as JSON lines, in reading order:
    kind (heading, paragraph, list_item, field, table, furniture), page, char_start,
    char_end, label, level, text; parent, section, intro and value where set; for tables
    the cells, header rows, column roles, units and total rows.

    \b
    Examples:
      papertrail structure corpus/002_b02d85913e99e7be.txt
      papertrail structure paper.pdf --html paper.html    # then open paper.html
      papertrail structure paper.pdf --out debug/
    """
    from pipeline.store import atomic_write_text
    from pipeline.structure.export import block_lines, read_structure
    from pipeline.structure.overlay import write_overlay

    try:
        found = read_structure(path)
        lines = list(block_lines(found))
    except PapertrailError as error:
        _fail(f"{path.name}: {error}")
    except OSError as error:
        _fail(f"{path.name}: cannot read the file: {error.strerror or error}")
    except Exception as error:  # last resort: one line, never a traceback
        log.debug("structure failed", exc_info=True)
        _fail(f"{path.name}: {one_line(error)}")
    doc_id = found.doc.doc_id
    if out_dir is not None:
        html_path = html_path or out_dir / f"{doc_id}.structure.html"
    target = html_path
    try:
        if html_path is not None:
            write_overlay(found, path, html_path, dpi=dpi)
        if out_dir is not None:
            target = out_dir / f"{doc_id}.blocks.jsonl"
            atomic_write_text(target, "".join(line + "\n" for line in lines))
            target = out_dir / f"{doc_id}.txt"
            atomic_write_text(target, found.doc.text)
    except PapertrailError as error:
        _fail(f"{path.name}: {error}")
    except OSError as error:
        _fail(f"cannot write {target}: {error.strerror or error}", EXIT_USAGE)
    except Exception as error:  # last resort: one line, never a traceback
        log.debug("structure page failed", exc_info=True)
        _fail(f"{path.name}: {one_line(error)}")
    if out_dir is None:
        for line in lines:
            click.echo(line)
    else:
        click.echo(f"papertrail: {len(lines)} blocks of {doc_id} written to {out_dir}", err=True)
    if html_path is not None:
        click.echo(f"papertrail: structure page written to {html_path}", err=True)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True)
def validate(out_dir: Path) -> None:
    """Re-run the checks on the stored records (no paper is parsed again) and rewrite
    findings.jsonl, the reconciliation report and the pages that show findings.

    \b
    Example:
      papertrail validate --out output/
    """
    from pipeline.run.finish import finish_outputs
    from pipeline.store import DB_NAME, Store

    if not (out_dir / DB_NAME).exists():
        _fail(f"no papertrail output in {out_dir}: run 'papertrail run' first", EXIT_USAGE)
    with Store(out_dir) as store:
        corpus = finish_outputs(store, out_dir, store.corpus(findings=False))
    counts = {s: sum(f.status.value == s for f in corpus.findings) for s in ("pass", "warn", "fail")}
    click.echo(
        f"papertrail: findings {len(corpus.findings)} ({counts['pass']} pass, {counts['warn']} warn, {counts['fail']} fail)",
        err=True,
    )


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True)
def render(out_dir: Path) -> None:
    """Re-render the summaries, timeline and reconciliation pages from stored records.

    \b
    Example:
      papertrail render --out output/
    """
    from pipeline.render import render_all
    from pipeline.store import DB_NAME, Store

    if not (out_dir / DB_NAME).exists():
        _fail(f"no papertrail output in {out_dir}: run 'papertrail run' first", EXIT_USAGE)
    with Store(out_dir) as store:
        render_all(out_dir, store.corpus())
    click.echo(f"papertrail: rendered pages in {out_dir}", err=True)


@main.command()
@click.argument("kind", required=False, type=click.Choice(["documents", "decisions", "funding", "indicators", "findings", "timeline"]))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of every record kind (or of one), generated from schemas/.

    \b
    Example:
      papertrail schema funding
    """
    from schemas import RECORD_KINDS

    kinds: dict[str, Any] = RECORD_KINDS if kind is None else {kind: RECORD_KINDS[kind]}
    schemas = {name: model.model_json_schema(mode="serialization") for name, model in kinds.items()}
    click.echo(json.dumps(schemas if kind is None else schemas[kind], indent=2))


from pipeline.cli_eval import eval_command  # noqa: E402
from pipeline.cli_review import review  # noqa: E402

main.add_command(review)
main.add_command(eval_command)


if __name__ == "__main__":  # pragma: no cover
    main()
