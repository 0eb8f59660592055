"""The report as a PDF, read back with Qt's own PDF reader (QtPdf, in PySide6-Addons): the
pages there are, the words on them, tables carried on across pages with their header and
no row lost, text from the history drawn as the characters it holds."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchdesk.core.store.history import HistoryStore
from stretchdesk.core.views.report import build_report
from stretchdesk.core.words import short_day

from tests.conftest import REPO
from tests.core.views.test_report import session

MADE = datetime(2026, 11, 20, 19, 5, tzinfo=timezone(timedelta(hours=1)))
UNTIL = date(2026, 11, 20)


def make_history(path: Path, days: int, *, daily: bool = False) -> list:
    spec = importlib.util.spec_from_file_location("make_history", REPO / "packaging" / "make_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make(path, days, daily=daily, until=UNTIL)
    with HistoryStore(path) as store:
        return store.sessions()


def read_pdf(data: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, its lines (wrapped where a cell is narrow) run together."""
    from PySide6.QtPdf import QPdfDocument

    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    pages = [" ".join(document.getAllText(page).text().split()) for page in range(document.pageCount())]
    document.close()
    return pages


@pytest.fixture
def render(qapp):
    from stretchdesk.ui.output.report_pdf import render_pdf

    return render_pdf


def test_four_weeks_of_a_known_history(render, tmp_path):
    records = make_history(tmp_path / "history.sqlite3", 28)
    report = build_report(records, date(2026, 10, 24), UNTIL, weekly_goal=4, today=UNTIL, made=MADE)
    data, count = render(report)
    assert data.startswith(b"%PDF-")
    pages = read_pdf(data, tmp_path)
    assert len(pages) == count == 3
    first = pages[0]
    for words in ("StretchDesk — practice report", "24 Oct to 20 Nov 2026 (4 weeks)",
                  "Made on Friday 20 November 2026 at 19:05", "Sessions per week", "Comfort before and after",
                  "weeks with the goal reached", "goal 4", "page 1 of 3"):
        assert words in first, words
    everything = "\n".join(pages)
    for routine in {record.routine_title for record in records}:
        assert routine in everything
    for step in ("Cat-Cow", "Child's Pose", "Wide Leg Bend"):
        assert step in everything
    assert "Comfort check-ins" in everything and "Notes" in everything
    assert all(f"page {number} of 3" in page for number, page in enumerate(pages, start=1))


def test_a_year_of_daily_sessions_loses_no_row_across_pages(render, tmp_path):
    records = make_history(tmp_path / "year.sqlite3", 365, daily=True)
    start = UNTIL - timedelta(days=364)
    report = build_report(records, start, UNTIL, weekly_goal=5, today=UNTIL, made=MADE)
    data, count = render(report)
    pages = read_pdf(data, tmp_path)
    assert len(pages) == count > 8
    # Each day as the History page and `stretchdesk history` write it: the year only when it
    # is not the year the report was made in.
    days = [short_day(start + timedelta(days=offset), UNTIL.year) for offset in range(365)]
    assert days[0] == "Fri 21 Nov 2025" and days[-1] == "Fri 20 Nov"
    table_pages = [page for page in pages if any(re.search(rf"{day} \d\d:\d\d", page) for day in (days[0], days[-1]))]
    checkin_pages = [page for page in pages if "Date" in page and "Change" in page]
    assert len(checkin_pages) >= 7, "the check-ins table carries on over pages, its header on each"
    text = "\n".join(pages)
    for day in days:
        assert re.search(rf"(^|\s){day} \d\d:\d\d", text), f"the check-in of {day} is missing"
    assert table_pages


def test_text_from_the_history_is_drawn_as_written(render, tmp_path):
    title = "Evil\x1b[2J <b>bold</b> &amp; " + "very long " * 40
    note = "<img src=/dev/zero> \x1b]0;owned\x07 \u202eesrever"
    records = [session(UNTIL - timedelta(days=2), title=title, before=6, after=4, note_after=note),
               session(UNTIL - timedelta(days=1), title="=SUM(A1)", before=5, after=3)]
    report = build_report(records, UNTIL - timedelta(days=6), UNTIL, weekly_goal=3, today=UNTIL, made=MADE)
    data, count = render(report)
    text = "\n".join(read_pdf(data, tmp_path))
    assert "Evil\\x1b[2J <b>bold</b> &amp; very long" in text
    assert "<img src=/dev/zero> \\x1b]0;owned\\x07 \\u202eesrever" in text
    assert "=SUM(A1)" in text and "…" in text, "a long title is cut short, not overflowing"
    assert "\x1b" not in text and "\u202e" not in text


def test_an_empty_period_is_one_calm_page(render, tmp_path):
    report = build_report([], date(2026, 10, 26), UNTIL, weekly_goal=4, today=UNTIL, made=MADE)
    data, count = render(report)
    [page] = read_pdf(data, tmp_path)
    assert count == 1
    assert "No sessions in this period." in page and "No comfort check-ins in this period." in page


def test_a_report_that_cannot_be_written_leaves_nothing(qapp, tmp_path):
    from stretchdesk.ui.output.report_pdf import write_pdf

    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    report = build_report([session(UNTIL)], UNTIL - timedelta(days=6), UNTIL, weekly_goal=3, today=UNTIL, made=MADE)
    with pytest.raises(OSError):
        write_pdf(report, blocker / "report.pdf")
    assert blocker.read_text() == "in the way"
    assert write_pdf(report, tmp_path / "report.pdf") == 1
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["file", "report.pdf"]


# -- read back with poppler: where each word is ------------------------------------------------------


@dataclass(frozen=True)
class Word:
    page: int
    left: float
    top: float
    right: float
    text: str


def pdf_words(data: bytes, tmp_path: Path) -> tuple[list[Word], float, float]:
    """Every word poppler's pdftotext reads, with the page it is on and its box in points,
    in reading order; and the pages' width and height."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: packaging/install-system-libs.sh --test installs it")
    path = tmp_path / "words.pdf"
    path.write_bytes(data)
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, timeout=60).stdout
    root = ElementTree.fromstring(xhtml)
    words, width, height = [], 0.0, 0.0
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            words.append(Word(number, float(word.get("xMin")), float(word.get("yMin")), float(word.get("xMax")),
                              word.text or ""))
    return words, width, height


def column_text(words: list[Word], left: float, right: float, bottom: float, title: str) -> str:
    """The words whose left edge is in a column, page by page and line by line, run together
    without spaces (a word wrapped anywhere is whole again), but the column's title (at the
    head of each page the table is on)."""
    inside = [word for word in words if left <= word.left < right and word.top < bottom and word.text != title]
    inside.sort(key=lambda word: (word.page, round(word.top), word.left))
    return "".join(word.text for word in inside)


def test_every_word_of_every_note_is_on_the_page(render, tmp_path):
    from stretchdesk.core.words import when
    from stretchdesk.ui.output.report_pdf import MARGIN_MM

    unbroken = "".join(f"word{number:03d}" for number in range(120))  # no space for 720 characters
    lines = "\n".join(f"line{number:03d} of many" for number in range(160))  # taller than two pages
    title = "A" + "verylongroutinetitle" * 12 + "Z"
    records = [session(UNTIL - timedelta(days=3), title=title, before=6, note_before=unbroken, after=4,
                       note_after="Fine"),
               session(UNTIL - timedelta(days=2), title="Daily", before=5, note_before=lines, after=3),
               session(UNTIL - timedelta(days=1), title="Daily", before=5, note_before="The last note", after=2)]
    report = build_report(records, UNTIL - timedelta(days=6), UNTIL, weekly_goal=3, today=UNTIL, made=MADE)
    data, count = render(report)
    words, width, height = pdf_words(data, tmp_path)
    assert max(word.page for word in words) == count
    margin = MARGIN_MM / 25.4 * 72
    right = width - margin
    assert [word.text for word in words if word.right > right + 0.5] == [], "nothing runs off the right edge"
    body = width - 2 * margin
    bottom = height - margin - 16 + 2  # the footer's rule and line below
    notes = column_text(words, margin + 0.64 * body, right, bottom, "Note")
    assert unbroken in notes and "Fine" in notes and "Thelastnote" in notes
    assert "".join(lines.split()) in notes, "every line of the long note, in order"
    routines = column_text(words, margin + 0.26 * body, margin + 0.53 * body, bottom, "Routine")
    assert title in routines, "the title wraps within its column"
    # The tall row carries on over pages, each part with its day and time.
    pages = sorted({word.page for word in words if re.fullmatch(r"line\d{3}", word.text)})
    assert len(pages) >= 3
    day = when(records[1].checkins[0].at, UNTIL.year)
    for page in pages:
        on_page = " ".join(word.text for word in words if word.page == page)
        assert day in on_page and "When" in on_page and "Note" in on_page, page
