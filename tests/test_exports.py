"""Timeline exports: the .ics read back by icalendar, the CSV by csv, TimelineJS JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from pipeline.render.exports import CSV_COLUMNS, event_uids, timeline_csv, timeline_ics, timeline_js
from pipeline.store import timeline_key
from schemas.provenance import Source
from schemas.records import Precision, TimelineEvent
from tests.test_render import P003, SCRIPT, render_synthetic, synthetic_corpus


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    render_synthetic(out)
    return out


def _calendar(site: Path) -> Calendar:
    return Calendar.from_ical((site / "timeline.ics").read_bytes())


def test_ics_parses_back_with_one_all_day_event_per_timeline_event(site: Path) -> None:
    corpus = synthetic_corpus()
    cal = _calendar(site)
    assert str(cal["VERSION"]) == "2.0" and "papertrail" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    assert len(events) == len(corpus.timeline)
    for vevent, record in zip(events, corpus.timeline):
        start = vevent.decoded("DTSTART")
        assert type(start) is date, "an all-day event (DTSTART;VALUE=DATE)"
        assert vevent["DTSTART"].params.get("VALUE") == "DATE"
        assert vevent.decoded("DTEND") == start + timedelta(days=1)
        assert start.isoformat().startswith(record.date)
        assert vevent.decoded("DTSTAMP").tzinfo is not None
        summary = str(vevent["SUMMARY"])
        if record.precision != Precision.day:
            assert f"{record.precision.value} only" in summary, summary
        assert record.source.quote in str(vevent["DESCRIPTION"])


def test_ics_precision_is_said_for_month_season_and_year(site: Path) -> None:
    by_start = {v.decoded("DTSTART"): str(v["SUMMARY"]) for v in _calendar(site).walk("VEVENT")}
    assert "(Autumn 2019; season only)" in by_start[date(2019, 9, 1)]
    assert "(November 2018; month only)" in by_start[date(2018, 11, 1)]
    assert "(2017; year only)" in by_start[date(2017, 1, 1)]
    assert "only" not in by_start[date(2015, 2, 26)]


def test_ics_uids_are_unique_and_stable(site: Path) -> None:
    corpus = synthetic_corpus()
    uids = [str(v["UID"]) for v in _calendar(site).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert all(u.endswith("@papertrail") for u in uids)
    # Another event arriving, or a label being reworded, leaves the others' UIDs alone.
    extra = TimelineEvent(date="2020-03", precision=Precision.season, label="Spring review",
                          kind="planned", doc_id=P003.doc_id, source=P003.src("Liaisons"))
    reworded = corpus.timeline[0].model_copy(update={"label": "Reworded"})
    events = sorted([reworded, *corpus.timeline[1:], extra], key=timeline_key)
    again = [str(v["UID"]) for v in Calendar.from_ical(timeline_ics(events)).walk("VEVENT")]
    assert set(uids) <= set(again)
    assert len(again) == len(uids) + 1


def test_ics_shared_span_still_gives_distinct_uids() -> None:
    e = synthetic_corpus().timeline[0]
    twin = e.model_copy(update={"kind": "committee"})
    assert len(set(event_uids([e, twin]))) == 2


def test_ics_is_well_formed_text(site: Path) -> None:
    raw = (site / "timeline.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    raw.decode("utf-8")  # folding never splits a character


def test_csv_has_one_row_per_event_in_date_order(site: Path) -> None:
    corpus = synthetic_corpus()
    raw = (site / "timeline.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()), "a UTF-8 byte-order mark, like reconciliation.csv"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["date"] for r in rows] == [e.date for e in corpus.timeline]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    autumn = next(r for r in rows if r["precision"] == "season")
    assert autumn["date_display"] == "Autumn 2019" and autumn["kind_label"] == "Planned review or report"
    first = rows[0]
    assert first["quote"] == "In 2011, KCC and the then health commissioners agreed"  # comma kept
    assert first["summary"] == "summaries/001_0b6e1decf505607d.html"
    assert (site / first["summary"]).is_file()


def test_csv_cells_are_never_read_as_formulas() -> None:
    quote = '=HYPERLINK("http://example.invalid","click")'
    event = TimelineEvent(
        date="2019-07", precision=Precision.month, label="+cmd|' /C calc'!A0", kind="planned",
        doc_id="000_x", decision_maker="-2+3", subject="@SUM(A1:A2)",
        source=Source(doc_id="000_x", page=2, char_start=10, char_end=10 + len(quote), quote=quote),
    )
    text = timeline_csv([event])
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row["quote"] == "'" + quote
    assert row["label"] == "'+cmd|' /C calc'!A0"
    assert row["decision_maker"] == "'-2+3" and row["subject"] == "'@SUM(A1:A2)"
    # plain cells and numbers are left as they are
    assert row["date"] == "2019-07" and row["doc_id"] == "000_x"
    assert (row["page"], row["char_start"], row["char_end"]) == ("2", "10", str(10 + len(quote)))
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


@given(st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.sampled_from("=+-@\t\r'0123456789.,;aZ £\u0663\u00a0"), max_size=8), st.text(max_size=6),
))
def test_a_csv_cell_is_its_value_guarded_as_defined(value: object) -> None:
    """csv_cell's definition: numbers as they are; text that is a plain number as it is;
    other text starting with = + - @, a tab or a carriage return behind an apostrophe."""
    from pipeline.validate.csv_report import _PLAIN_NUMBER, csv_cell

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        assert csv_cell(value) is value
        return
    text = "" if value is None else str(value)
    formula = text.startswith(("=", "+", "-", "@", "\t", "\r")) and not _PLAIN_NUMBER.fullmatch(text)
    assert csv_cell(value) == ("'" + text if formula else text)


def test_timelinejs_json_shape_and_escaping(site: Path) -> None:
    data = json.loads((site / "timeline.json").read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"]
    events = data["events"]
    assert len(events) == 11
    ids = [e["unique_id"] for e in events]
    assert len(set(ids)) == len(ids)
    by_display = {e["display_date"]: e for e in events}
    assert by_display["Autumn 2019"]["start_date"] == {"year": 2019, "month": 9, "display_date": "Autumn 2019"}
    assert by_display["2017"]["start_date"] == {"year": 2017, "display_date": "2017"}
    assert by_display["26 February 2015"]["start_date"]["day"] == 26
    for e in events:
        assert isinstance(e["start_date"]["year"], int)
        assert e["text"]["headline"] and e["group"]
    corpus = synthetic_corpus()
    label = corpus.timeline[3].model_copy(update={"label": f"Committee {SCRIPT} & Children's"})
    text = timeline_js([label])
    assert "<script>" not in text and "‹script›" in text  # never markup in TimelineJS
    assert "&lt;" not in text and "&amp;" not in text and "&#" not in text  # plain text
    assert "& Children's" in text


def test_exports_are_deterministic() -> None:
    # the calendar's DTSTAMP is the run time: one run time for both, or the two calls may
    # straddle a second and differ by it (a test that failed by chance)
    events = synthetic_corpus().timeline
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert timeline_csv(events) == timeline_csv(list(events))
    assert timeline_ics(events, stamp=stamp) == timeline_ics(list(events), stamp=stamp)
    assert timeline_js(events) == timeline_js(list(events))


def test_empty_timeline_exports(tmp_path: Path) -> None:
    assert timeline_csv([]).splitlines() == ["\ufeff" + ",".join(CSV_COLUMNS)]
    assert Calendar.from_ical(timeline_ics([])).walk("VEVENT") == []
    assert json.loads(timeline_js([]))["events"] == []


def test_csv_gains_paper_title_subject_and_decision_maker(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((site / "timeline.csv").read_text(encoding="utf-8-sig"), newline="")))
    for column in ("paper_title", "subject", "decision_maker", "end_date"):
        assert column in rows[0]
    assert all(r["paper_title"] and r["subject"] for r in rows)
    assert not any(r["paper_title"] == r["doc_id"] for r in rows)
    signed = next(r for r in rows if r["date"] == "2015-02-26")
    assert signed["decision_maker"] == "Cabinet Member for Specialist Children's Services"
    committee = next(r for r in rows if r["date"] == "2016-07-05")  # about decision 16/00052
    assert committee["decision_maker"] == "Cabinet Member for Specialist Children's Services"
    background = next(r for r in rows if r["date"] == "2019" and r["kind"] == "inspection")
    assert background["decision_maker"] == ""  # not the paper's decision: no maker put on it
    # the event carries no subject of its own: its decision's subject fills the cell
    inspection = next(r for r in rows if r["kind"] == "inspection")
    assert inspection["subject"].startswith("Supporting Parents to Build Resilience")
    assert next(r for r in rows if r["doc_id"] == P003.doc_id)["paper_title"] == P003.title


def test_ics_stamp_is_the_run_time_and_url_links_the_summary(site: Path) -> None:
    from tests.test_render import BASE_URL, RUN_AT

    for vevent in _calendar(site).walk("VEVENT"):
        assert vevent.decoded("DTSTAMP") == RUN_AT
        url = str(vevent["URL"])
        assert url.startswith(BASE_URL + "/summaries/") and url.endswith(".html")


def test_ics_one_event_for_a_meeting_printed_in_two_papers() -> None:
    corpus = synthetic_corpus()
    meeting = corpus.timeline[3]  # the 5 July 2016 committee, in paper 002
    other = TimelineEvent(date=meeting.date, precision=meeting.precision, label=meeting.label + " meeting",
                          kind=meeting.kind, doc_id=P003.doc_id, source=P003.src("Liaisons 174 198"))
    events = sorted([*corpus.timeline, other], key=timeline_key)
    vevents = Calendar.from_ical(timeline_ics(events)).walk("VEVENT")
    assert len(vevents) == len(corpus.timeline)
    merged = next(v for v in vevents if v.decoded("DTSTART") == date(2016, 7, 5))
    description = str(merged["DESCRIPTION"])
    assert meeting.doc_id in description and P003.doc_id in description
    slides = json.loads(timeline_js(events))["events"]
    assert len(slides) == len(corpus.timeline)


def test_ranges_end_dates_and_financial_year_eras() -> None:
    source = P003.src("Liaisons 174 198 +14%")
    ranged = TimelineEvent(date="2025-04-01", precision=Precision.day, label="Contract term", kind="contract",
                           date_text="1 April 2025 to 31 March 2026", doc_id=P003.doc_id, source=source)
    given = TimelineEvent(date="2019-10-16", precision=Precision.day, label="Consultation", kind="consultation",
                          end_date="2019-10-30", doc_id=P003.doc_id, source=P003.src("Liaisons"))
    events = sorted([ranged, given], key=timeline_key)
    data = json.loads(timeline_js(events))
    by_label = {s["text"]["headline"]: s for s in data["events"]}
    assert by_label["Contract term"]["end_date"] == {"year": 2026, "month": 3, "day": 31}
    assert by_label["Consultation"]["end_date"] == {"year": 2019, "month": 10, "day": 30}
    eras = [e["text"]["headline"] for e in data["eras"]]
    assert eras == ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
    assert data["eras"][0]["start_date"] == {"year": 2019, "month": 4, "day": 1}
    cal = Calendar.from_ical(timeline_ics(events)).walk("VEVENT")
    term = next(v for v in cal if "Contract term" in str(v["SUMMARY"]))
    assert term.decoded("DTSTART") == date(2025, 4, 1) and term.decoded("DTEND") == date(2026, 4, 1)
    rows = list(csv.DictReader(io.StringIO(timeline_csv(events)[1:], newline="")))
    assert {r["label"]: r["end_date"] for r in rows} == {"Contract term": "2026-03-31", "Consultation": "2019-10-30"}


@pytest.mark.parametrize("name", ["=1+2", "+1+1", "@SUM(1+1)", "-2+3", "\tx"])
def test_csv_cells_built_from_file_names_are_guarded(tmp_path: Path, name: str) -> None:
    """A paper's file name reaches timeline.csv and reconciliation.csv (doc_id, paths,
    sources): no cell of either file starts with a formula character."""
    from pipeline.batch import RunOptions, run
    from tests.conftest import CORPUS

    papers = tmp_path / "in"
    papers.mkdir()
    text = (CORPUS / "004_3e45d8215bfeea87.txt").read_text(encoding="utf-8")
    (papers / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    checked = 0
    for csv_name in ("timeline.csv", "reconciliation.csv"):
        rows = list(csv.reader(io.StringIO((out / csv_name).read_text(encoding="utf-8-sig"), newline="")))
        assert len(rows) > 1, csv_name
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (csv_name, cell)
                assert not cell.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", cell), (csv_name, cell)
                checked += 1
        assert any(name.strip() in cell for row in rows for cell in row), csv_name
    assert checked > 20


def test_a_runs_calendar_links_the_published_summaries_not_the_staging_folder(tmp_path: Path) -> None:
    """A run writes its outputs in a staging folder and publishes them at once; the
    calendar's links must point at the summaries where they end up."""
    from pipeline.run import RunOptions, run
    from tests.conftest import CORPUS

    out = tmp_path / "out"
    run([CORPUS], RunOptions(out_dir=out, workers=1, executor="local"))
    calendar = Calendar.from_ical((out / "timeline.ics").read_bytes())
    urls = [str(e.get("url")) for e in calendar.walk("VEVENT") if e.get("url")]
    assert urls
    for url in urls:
        assert ".papertrail-staging" not in url
        assert url.startswith(out.resolve().as_uri() + "/summaries/")
        target = Path(unquote(urlparse(url).path))
        assert target.is_file(), url
