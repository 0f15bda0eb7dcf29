"""pipeline.ingest.table_cells gives exactly what pdfplumber's own functions give: the
cells at ruling intersections (``pdfplumber.table.intersections_to_cells``) and a cell's
text (``pdfplumber.utils.extract_text``), on every page of the real and generated papers
and on drawn inputs made to sit on the algorithms' edges (ties, the 3 pt tolerances,
white space, ligatures, rotated characters, partial rulings)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils

import pipeline.ingest.pdf_tables as pdf_tables
from pipeline.ingest.pdf import read_pdf_fast
from pipeline.ingest.table_cells import CellFinder, cell_text, intersections_to_cells

ROOT = Path(__file__).resolve().parent.parent
REALPAPERS = ROOT.parent / "shared" / "realpapers" / "pdf"


# --------------------------------------------------------------------------- every page


class _Recorder:
    """Wraps the two steps while the fast reader reads papers; keeps every input where
    the step and pdfplumber's function disagree."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.cells_compared = self.texts_compared = 0
        self.differences: list[str] = []
        recorder = self

        class Finder(CellFinder):
            def __init__(self, page: Any, settings: Any) -> None:
                super().__init__(page, settings)
                recorder.cells_compared += 1
                reference = plumber_table.intersections_to_cells(self.intersections)
                if self.cells != reference:
                    recorder.differences.append(f"cells: {self.cells[:3]} != {reference[:3]}")

        def text(chars: list[dict[str, Any]]) -> str:
            mine, reference = cell_text(chars), plumber_utils.extract_text(chars)
            recorder.texts_compared += 1
            if mine != reference:
                recorder.differences.append(f"text: {mine!r} != {reference!r}")
            return mine

        monkeypatch.setattr(pdf_tables, "CellFinder", Finder)
        monkeypatch.setattr(pdf_tables, "cell_text", text)


def _read_all(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    recorder = _Recorder(monkeypatch)
    for path in paths:
        read_pdf_fast(path)
    return recorder


@pytest.mark.slow
@pytest.mark.skipif(not REALPAPERS.is_dir(), reason="../shared/realpapers is absent (a newcomer's clone)")
def test_cells_and_cell_texts_equal_pdfplumbers_on_every_real_page(monkeypatch: pytest.MonkeyPatch) -> None:
    papers = sorted(p for p in REALPAPERS.glob("*.pdf") if "_SCANNED" not in p.stem)
    recorder = _read_all(papers, monkeypatch)
    assert recorder.cells_compared >= 20 and recorder.texts_compared >= 1000  # the papers hold ruled tables
    assert not recorder.differences, "\n".join(recorder.differences[:20])


@pytest.mark.slow
def test_cells_and_cell_texts_equal_pdfplumbers_on_generated_papers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.generate import generate

    papers = generate(tmp_path, papers=6, big_pages=0)
    recorder = _read_all(papers, monkeypatch)
    assert recorder.cells_compared >= 2 and recorder.texts_compared >= 50
    assert not recorder.differences, "\n".join(recorder.differences[:20])


# --------------------------------------------------------------------------- drawn cell texts

# coordinates on a grid that hits pdfplumber's tolerances (3 pt) exactly and just off them
_XS = st.sampled_from([0.0, 1.0, 2.5, 3.0, 3.0000001, 5.9999999, 6.0, 6.5, 9.0, 12.25, 20.0, -0.0])
_TEXTS = st.sampled_from(["a", "B", "7", ",", "-", "£", "a", "b", "c", "d", " ", "\u00a0", "\n", "", "ﬁ", "é"])


# a step from one character to the next: along the line, onto the 3 pt gap exactly and
# just either side of it, back over the character, or down a line by about 3 pt
_STEPS = st.sampled_from([0.0, 1.0, 2.9999999, 3.0, 3.0, 3.0, 3.0000001, 4.0, -1.0, -5.0])
_DROPS = st.sampled_from([0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.9999999, 3.0, 3.0000001, 6.0, 12.0, -3.0])


@st.composite
def _chars(draw: st.DrawFn) -> list[dict[str, Any]]:
    chars: list[dict[str, Any]] = []
    x0, top = draw(_XS), draw(_XS)
    rotated = draw(st.integers(0, 9)) == 0  # a cell with a rotated character now and then
    for _ in range(draw(st.integers(0, 14))):
        if chars and draw(st.integers(0, 3)):  # mostly: walk on from the last character
            x0 = chars[-1]["x1"] + draw(_STEPS)
            top = chars[-1]["top"] + draw(_DROPS)
        else:
            x0, top = draw(_XS) + draw(st.sampled_from([0.0, 7.0, 14.0])), draw(_XS) + draw(st.sampled_from([0.0, 10.0]))
        width = draw(st.sampled_from([0.0, 1.0, 2.9999999, 3.0, 4.5]))
        height = draw(st.sampled_from([1.0, 8.0, 10.0]))
        chars.append({
            "text": draw(_TEXTS), "x0": x0, "x1": x0 + width, "top": top, "bottom": top + height,
            "doctop": top, "width": width, "height": height, "size": height,
            "upright": not (rotated and draw(st.booleans())),
        })
    return chars


@given(_chars())
def test_cell_text_equals_pdfplumbers_on_drawn_characters(chars: list[dict[str, Any]]) -> None:
    assert cell_text(chars) == plumber_utils.extract_text(chars)


def test_cell_text_of_a_wrapped_cell_with_a_ligature_and_a_wide_gap() -> None:
    def char(text: str, x0: float, top: float) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x0 + 5, "top": top, "bottom": top + 10, "doctop": top,
                "width": 5, "height": 10, "size": 10, "upright": True}

    chars = [char("ﬁ", 0, 0), char("t", 5, 1), char("x", 14, 0), char("n", 0, 12), char("o", 5, 14.5)]
    assert cell_text(chars) == plumber_utils.extract_text(chars) == "fit x\nno"
    nan = [char("a", 0, 0), char("b", math.nan, 0)]
    assert cell_text(nan) == plumber_utils.extract_text(nan)  # left to pdfplumber


# --------------------------------------------------------------------------- drawn rulings

_GRID = st.sampled_from([0.0, 10.0, 10.5, 20.0, 30.0, 45.0, 60.0])


@st.composite
def _edges(draw: st.DrawFn) -> list[dict[str, Any]]:
    edges = []
    for _ in range(draw(st.integers(0, 9))):
        a, b = sorted(draw(st.lists(_GRID, min_size=2, max_size=2, unique=True)))
        at = draw(_GRID)
        if draw(st.booleans()):
            edges.append({"x0": a, "x1": b, "top": at, "bottom": at, "width": b - a, "height": 0.0, "orientation": "h"})
        else:
            edges.append({"x0": at, "x1": at, "top": a, "bottom": b, "width": 0.0, "height": b - a, "orientation": "v"})
    return edges


@given(_edges())
def test_cells_equal_pdfplumbers_on_drawn_rulings(edges: list[dict[str, Any]]) -> None:
    intersections = plumber_table.edges_to_intersections(edges, 3, 3)
    assert intersections_to_cells(intersections) == plumber_table.intersections_to_cells(intersections)


def test_a_grid_with_a_merged_cell_and_a_nan_point() -> None:
    def h(x0: float, x1: float, top: float) -> dict[str, Any]:
        return {"x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0, "height": 0.0, "orientation": "h"}

    def v(x: float, top: float, bottom: float) -> dict[str, Any]:
        return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top, "orientation": "v"}

    # two rows; the second row's middle ruling is missing (a merged cell)
    edges = [h(0, 40, 0), h(0, 40, 10), h(0, 40, 20), v(0, 0, 20), v(20, 0, 10), v(40, 0, 20)]
    intersections = plumber_table.edges_to_intersections(edges, 3, 3)
    cells = intersections_to_cells(intersections)
    assert cells == plumber_table.intersections_to_cells(intersections)
    assert cells == [(0, 0, 20, 10), (0, 10, 40, 20), (20, 0, 40, 10)]
    intersections[(math.nan, 5.0)] = {"v": [], "h": []}
    assert intersections_to_cells(intersections) == plumber_table.intersections_to_cells(intersections)


def test_the_finder_finds_pdfplumbers_tables() -> None:
    class Page:
        bbox = (0, 0, 100, 100)
        chars: list[dict[str, Any]] = []

        def __init__(self, edges: list[dict[str, Any]]) -> None:
            self.edges = edges

    def h(top: float) -> dict[str, Any]:
        return {"x0": 0.0, "x1": 40.0, "top": top, "bottom": top, "width": 40.0, "height": 0.0, "orientation": "h",
                "object_type": "line"}

    def v(x: float) -> dict[str, Any]:
        return {"x0": x, "x1": x, "top": 0.0, "bottom": 20.0, "width": 0.0, "height": 20.0, "orientation": "v",
                "object_type": "line"}

    page = Page([h(0), h(10), h(20), v(0), v(20), v(40)])
    settings = plumber_table.TableSettings.resolve(None)
    mine = CellFinder(page, settings)
    reference = plumber_table.TableFinder(page, settings)  # type: ignore[arg-type]
    assert mine.cells == reference.cells and len(mine.cells) == 4
    assert [t.bbox for t in mine.tables] == [t.bbox for t in reference.tables]
