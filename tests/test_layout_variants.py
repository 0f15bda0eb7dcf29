"""Our own variants of the page layouts the merge of the money branch taught us to read
(pipeline.ingest.pdf_layout, commits 382fc90 and 2806ca3): a figure set a little apart from
its percent, a figure that a long label runs up to in a column of figures, and a
borderless timetable whose entries wrap and whose widest cells run up to the next column;
and the negatives (thousands set with thin spaces, prose with numbers in it) that must
stay whole.  Word lists for the rules themselves, and PDFs drawn word by word (positions
chosen in the test) for the whole reading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.nlp import parse
from pipeline.extract.timeline import extract_timeline
from pipeline.ingest import ingest
from pipeline.ingest.pdf_layout import Word, lines_from_words

SIZE = 10.0  # font size of every drawn word


def words(top: float, *cells: tuple[str, float]) -> list[Word]:
    """The words of one printed line: each (text, x0) is set in DejaVu Sans at SIZE with
    one space (a third of SIZE) between its words."""
    from tests.pdfgen import register_fonts
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    out = []
    for text, x in cells:
        for word in text.split(" "):
            width = stringWidth(word, "DejaVuSans", SIZE)
            out.append(Word(word, x, x + width, top, top + SIZE, SIZE))
            x += width + stringWidth(" ", "DejaVuSans", SIZE)
    return out


def width(text: str) -> float:
    from tests.pdfgen import register_fonts
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return float(stringWidth(text, "DejaVuSans", SIZE))


# an item drawn on a page: ("text", x, top, text[, "right"]) or ("grid", xs, tops)
Item = tuple[Any, ...]


def draw_pdf(path: Path, pages: list[list[Item]], *, wide: bool = False) -> Path:
    """A PDF of ``pages`` (A4, landscape when ``wide``): each text item drawn at x (its
    right edge with "right") and the top of its line, DejaVu Sans SIZE; each grid item
    ruled at its column edges ``xs`` and row edges ``tops`` (points from the page top)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas as rl_canvas

    from tests.pdfgen import FONT_REGULAR, register_fonts

    register_fonts()
    page = landscape(A4) if wide else A4
    canv = rl_canvas.Canvas(str(path), pagesize=page, invariant=1)
    height = page[1]
    for items in pages:
        for item in items:
            if item[0] == "grid":
                _, xs, tops = item
                canv.setLineWidth(0.5)
                for x in xs:
                    canv.line(x, height - tops[0], x, height - tops[-1])
                for top in tops:
                    canv.line(xs[0], height - top, xs[-1], height - top)
                continue
            _, x, top, text, *how = item
            canv.setFont(FONT_REGULAR, SIZE)
            baseline = height - top - SIZE * 0.8
            (canv.drawRightString if "right" in how else canv.drawString)(x, baseline, text)
        canv.showPage()
    canv.save()
    return path


# --------------------------------------------------------------------------- rules on words


def test_a_percent_set_a_little_apart_from_its_figure_is_a_cell_of_its_own() -> None:
    gap = SIZE * 0.7  # wider than a word space, narrower than a column gap
    rows = [
        words(100, ("3 Total Other Receipts", 40), ("1,520", 300), ("5,462", 360), ("3,942", 420), ("259.34%", 420 + width("3,942") + gap)),
        words(114, ("4 Staff Costs", 40), ("3,025", 300), ("3,245", 360), ("220", 420), ("7.27%", 420 + width("220") + gap)),
    ]
    lines = lines_from_words([w for row in rows for w in row]).lines
    assert lines == ["3 Total Other Receipts\t1,520\t5,462\t3,942\t259.34%", "4 Staff Costs\t3,025\t3,245\t220\t7.27%"]


def test_a_figure_a_long_label_runs_up_to_is_a_cell_in_its_column_of_figures() -> None:
    """Figures set flush right at x = 400; the long label of box 9 ends 7 pt before its
    figure, the others leave a column gap."""
    def right(text: str, edge: float) -> tuple[str, float]:
        return text, edge - width(text)

    long_label = "9 Total Fixed Assets plus Other Long Term Investments and"
    start = 400 - width("36,031") - SIZE * 0.7 - width(long_label)
    rows = [
        words(100, ("7 Balances Carried Forward", start), right("8,690", 400), right("10,407", 470)),
        words(114, ("8 Total Cash and Short Term Investments", start), right("8,690", 400), right("10,407", 470)),
        words(128, (long_label, start), right("36,031", 400), right("37,344", 470)),
    ]
    lines = lines_from_words([w for row in rows for w in row]).lines
    assert lines[2] == f"{long_label}\t36,031\t37,344"


@pytest.mark.parametrize("gap", [SIZE * 0.7, SIZE * 0.3])  # a little apart / a word space
def test_a_figure_not_in_a_column_of_figures_stays_in_its_label(gap: float) -> None:
    """The same long label with its figure a little apart splits only where the figure
    lines up with the figures of the rows around (here with none: no row around)."""
    label = "Investments held at the year end and"
    row = words(100, (label, 40), ("36,031", 40 + width(label) + gap), ("37,344", 400))
    line = lines_from_words(row).lines[0]
    assert line == f"{label} 36,031\t37,344"  # one figure is no column of figures


def test_thousands_set_with_thin_spaces_stay_one_figure() -> None:
    """'£1 250 000' drawn as three words a thin space apart, in a table of figures whose
    column starts where the thousands groups do not."""
    thin = SIZE / 6
    grant = [Word("£1", 300.0, 300 + width("£1"), 114, 114 + SIZE, SIZE)]
    x = grant[-1].x1 + thin
    for group in ("250", "000"):
        grant.append(Word(group, x, x + width(group), 114, 114 + SIZE, SIZE))
        x += width(group) + thin
    rows = [
        words(100, ("Capital grant", 40), ("£900 000", 300)),
        words(114, ("Revenue grant", 40)) + grant,
        words(128, ("Match funding", 40), ("£350 000", 300)),
    ]
    lines = lines_from_words([w for row in rows for w in row]).lines
    assert lines[1] == "Revenue grant\t£1 250 000"


@pytest.mark.parametrize("spread", [0.3, 0.6, 0.8])
def test_prose_with_numbers_is_never_split_into_cells(spread: float) -> None:
    """A justified sentence whose word spaces are wider than usual ('in 2023 we spent 45%',
    '2023  45%'): no column gap, so no cell, whatever its figures and percents."""
    sentence = "In 2023 45% of the budget was spent on roads and in 2024 we spent 1,250 on 12.5% more verges".split()
    x = 40.0
    row = []
    for word in sentence:
        row.append(Word(word, x, x + width(word), 100, 100 + SIZE, SIZE))
        x += width(word) + SIZE * spread
    below = words(114, ("The remainder was spent on the", 40), ("village", 200))
    assert lines_from_words(row + below).lines[0] == " ".join(sentence)


# --------------------------------------------------------------------------- a landscape variance form

FORM_ROWS = [  # box label, year 1, year 2, variance £, variance %
    ("3 Total Other Receipts", "2,310", "4,875", "2,565", "111.04%"),
    ("4 Staff Costs", "6,120", "6,480", "360", "5.88%"),
    ("5 Loan Interest/Capital Repayment", "1,200", "1,200", "0", "0.00%"),
    ("6 All Other Payments", "11,441", "9,032", "-2,409", "-21.06%"),
    ("9 Total Fixed Assets plus Other Long Term Investments and Assets", "48,200", "49,950", "1,750", "3.63%"),
    ("10 Total Borrowings", "6,000", "4,800", "-1,200", "-20.00%"),
]


def variance_form_items(
    rows: list[tuple[str, ...]], top: float = 120, longest: tuple[str, ...] | None = None
) -> tuple[list[Item], float]:
    """The rows of an explanation-of-variances sheet on a landscape page, and the top of
    the line below: figures set flush right at fixed edges, the percent 7 pt after the
    variance, and the first figure column placed so the longest label (of ``longest``,
    else of ``rows``) runs up to 7 pt before its figure."""
    little = SIZE * 0.7
    longest = longest or max(rows, key=lambda r: width(r[0]))
    first_edge = 40 + width(longest[0]) + little + width(longest[1])
    edges = [first_edge, first_edge + 70, first_edge + 140]
    items: list[Item] = []
    for i, (label, *figures) in enumerate(rows):
        y = top + 16 * i
        items.append(("text", 40, y, label))
        for edge, figure in zip(edges, figures[:3]):
            items.append(("text", edge, y, figure, "right"))
        if len(figures) > 3:
            items.append(("text", edges[2] + little, y, figures[3]))
    return items, top + 16 * len(rows)


def test_a_landscape_variance_form_reads_a_cell_per_figure_and_percent(tmp_path: Path) -> None:
    items, _ = variance_form_items(FORM_ROWS)
    heading = [("text", 40, 60, "Explanation of variances 2024/25"), ("text", 40, 80, "Holmbury St Giles Parish Council")]
    doc = ingest(draw_pdf(tmp_path / "variances.pdf", [heading + items], wide=True), "variances")
    lines = doc.text.split("\n")
    for row in FORM_ROWS:
        assert "\t".join(row) in lines, (row, doc.text)


# --------------------------------------------------------------------------- a borderless timetable

TIMETABLE = [
    "Stage\tDates\tSummary",
    "First engagement\t3rd May 2022 -\tEarly evidence gathering to",
    "with parish councils\t17 th May 2022\tfind what needed changing",
    "Public consultation\t12th January\tConsultation on the draft",
    "on the draft Plan\t2023 - 6th March\tstrategy and the sites",
    "Sites and Policies\t2023\tput forward by landowners",
    "Second public\t14th June - 30th\tConsultation on changes, among",
    "consultation\tAugust 2023\tthem extending the plan to 2041",
    "Examination hearings\t9 October 2025\tInspector's hearing sessions",
]


@pytest.mark.parametrize(("label_gap", "date_gap"), [(20, 20), (12, 12), (12, 7), (7, 12), (7, 7)])
def test_a_borderless_timetable_in_a_pdf_gives_one_event_per_entry(tmp_path: Path, label_gap: float, date_gap: float) -> None:
    """The PDF form of test_timeline's unruled timetable: each column starts ``label_gap``
    and ``date_gap`` points after the widest cell of the column before (20: a clear
    gutter; 7: the widest cell runs up to the next column, narrower than a column gap).
    The date column's short runs ('2023', '17 th May 2022') make it a column of dates,
    not of prose, so the rows are read across, and each entry is one event."""
    cells = [row.split("\t") for row in TIMETABLE]
    xs = [60.0]
    for column in range(2):
        xs.append(xs[-1] + max(width(c[column]) for c in cells) + (label_gap, date_gap)[column])
    items: list[Item] = [("text", 60, 60, "Report to Cabinet, 10 March 2025"), ("text", 60, 100, "Table 3: Engagement so far")]
    for i, row in enumerate(cells):
        items += [("text", x, 140 + 14 * i, cell) for x, cell in zip(xs, row)]
    doc = ingest(draw_pdf(tmp_path / "timetable.pdf", [items]), "timetable")
    assert all(row in doc.text.split("\n") for row in TIMETABLE), doc.text
    table_start = doc.text.index("Stage")
    events = [e for e in extract_timeline(doc, parse(doc.text), []) if e.source.char_start > table_start]
    assert [(e.date, e.end_date, e.kind) for e in events] == [
        ("2022-05-03", "2022-05-17", "history"),
        ("2023-01-12", "2023-03-06", "history"),
        ("2023-06-14", "2023-08-30", "history"),
        ("2025-10-09", None, "planned"),
    ]
    assert events[0].label == "First engagement with parish councils: Early evidence gathering to find what needed changing"
    for event in events:
        assert doc.text[event.source.char_start : event.source.char_end] == event.source.quote


def test_a_register_of_money_with_dates_in_a_pdf_is_not_a_timetable(tmp_path: Path) -> None:
    rows = [
        ("Instrument", "Counterparty", "Principal £", "Rate", "Maturity Date"),
        ("Treasury Bills", "UK Government", "4,936,737", "5.14%", "14/10/24"),
        ("Covered Bond", "A Building Society", "3,004,326", "5.20%", "18/01/27"),
    ]
    xs = [60, 160, 290, 370, 420]
    items: list[Item] = [("text", 60, 60, "Table 1: Investments at 30 September 2024")]
    for i, row in enumerate(rows):
        items += [("text", x, 100 + 14 * i, cell) for x, cell in zip(xs, row)]
    doc = ingest(draw_pdf(tmp_path / "register.pdf", [items]), "register")
    assert "Treasury Bills\tUK Government\t4,936,737\t5.14%\t14/10/24" in doc.text.split("\n")
    events = extract_timeline(doc, parse(doc.text), [])
    assert not [e for e in events if e.date in ("2024-10-14", "2027-01-18")]


_X = st.one_of(st.sampled_from([0.0, 10.0, 17.0, 40.0, 47.0, 100.0]), st.floats(0.0, 200.0, allow_nan=False))


@st.composite
def _row(draw: st.DrawFn) -> list[Word]:
    words = []
    for n in range(draw(st.integers(0, 6))):
        x0 = draw(_X)
        words.append(Word(f"w{n}", x0, x0 + draw(st.sampled_from([0.0, 3.0, 7.0]) | st.floats(0.0, 60.0)), 10.0, 20.0))
    return words


@given(st.lists(_row(), min_size=1, max_size=5), _row())
def test_a_rows_gutters_narrowed_by_one_more_row_are_the_gutters_of_all_the_rows(rows: list[list[Word]], more: list[Word]) -> None:
    """The column finder widens a band a row at a time, narrowing the free intervals it
    has by the new row's words instead of going over every row again: the same intervals
    (touching words, zero-width words, gaps just at the gutter width)."""
    from pipeline.ingest.pdf_layout import _free_intervals, _narrowed

    words = [w for row in [*rows, more] for w in row]
    left = min([w.x0 for w in words], default=0.0)
    right = max([w.x1 for w in words], default=0.0) + 5.0
    assert _narrowed(_free_intervals(rows, left, right), more) == _free_intervals([*rows, more], left, right)


def test_a_band_with_an_inverted_box_finds_its_gutters_over_the_whole_band() -> None:
    """Narrowing is the fresh sweep only for ordered boxes (x0 <= x1, what every reader
    gives); with an inverted or NaN box the column finder sweeps the band again."""
    from pipeline.ingest import pdf_layout
    from pipeline.ingest.pdf_layout import _free_intervals, _narrowed

    rows = [[Word("a", 100.0, 110.0, 10.0, 20.0)], [Word("b", 30.0, 50.0, 30.0, 40.0)]]
    inverted = [Word("c", 100.0, 85.0, 50.0, 60.0)]
    swept = _free_intervals([*rows, inverted], 30.0, 110.0)
    assert _narrowed(_free_intervals(rows, 30.0, 110.0), inverted) != swept  # why the sweep is needed
    calls: list[int] = []
    real = pdf_layout._free_intervals

    def counted(band: list[list[Word]], left: float, right: float) -> list[tuple[float, float]]:
        calls.append(len(band))
        return real(band, left, right)

    page = [[Word("x", 40.0 + 60 * c, 60.0 + 60 * c, 10.0 * r, 10.0 * r + 8) for c in range(3)] for r in range(6)]
    for bad, sweeps in (([], False), ([Word("y", 90.0, 85.0, 100.0, 108.0)], True)):
        calls.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pdf_layout, "_free_intervals", counted)
            pdf_layout._bands([*page, bad] if bad else page)
        assert (max(calls) > 1) is sweeps  # bands of more than one row swept again only with the bad box
