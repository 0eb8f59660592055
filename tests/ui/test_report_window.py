"""File → Export report…: the period asked (the last four weeks to begin with), then the
file; a PDF, or CSV by its name; what happened in the status bar, and nothing half-written
when it fails."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from stretchdesk.core.store.history import history_file
from stretchdesk.ui.pages import report_export
from stretchdesk.ui.pages.report_export import CSV_FILTER, PDF_FILTER, ReportPeriodDialog

from tests.history_data import write_history


@pytest.fixture
def kept(today):
    return write_history(history_file().parent, [
        {"day": 40, "before": 7, "after": 5},
        {"day": 3, "before": 4, "after": 3, "note_after": "Looser"},
        {"day": 1, "before": 3, "after": 2},
    ], on=today)


@pytest.fixture
def answers(monkeypatch):
    """What the person answers: the period dialog's button, and the file chosen."""
    chosen = {"period": QDialog.DialogCode.Accepted, "file": None, "asked": []}

    def run_period(dialog):
        chosen["dialog"] = dialog
        return chosen["period"]

    def save_name(parent, caption, suggested, filters):
        chosen["asked"].append((caption, suggested, filters))
        return chosen["file"]

    monkeypatch.setattr(ReportPeriodDialog, "exec", run_period)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    return chosen


def export_action(window):
    [action] = [action for action in window.menuBar().actions()[0].menu().actions() if action.text() == "&Export report…"]
    return action


def test_the_file_menu_exports_a_pdf_of_the_last_four_weeks(window, kept, answers, tmp_path, today):
    target = tmp_path / "for-my-therapist.pdf"
    answers["file"] = (str(target), PDF_FILTER)
    export_action(window).trigger()
    start, end = answers["dialog"].period()
    assert end == today and start.weekday() == 0 and (end - start).days < 28
    [(caption, suggested, filters)] = answers["asked"]
    assert suggested.endswith(f"stretchdesk-report-{today.isoformat()}.pdf") and filters == f"{PDF_FILTER};;{CSV_FILTER}"
    assert target.read_bytes().startswith(b"%PDF-")
    assert f"was saved as {target}" in window.notices.text()


def test_the_save_dialog_opens_in_documents_then_where_the_last_report_went(window, kept, answers, tmp_path, monkeypatch, today):
    """Not in whatever folder the app was started from: the documents folder (the home
    folder where there is none), then the folder the last report was saved in."""
    from stretchdesk.core.store.state import AppState

    home, started_in = tmp_path / "me", tmp_path / "started-here"
    started_in.mkdir()
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs: ~/Documents
    monkeypatch.chdir(started_in)
    name = f"stretchdesk-report-{today.isoformat()}.pdf"

    def offered() -> str:
        answers["asked"].clear()
        export_action(window).trigger()
        [(_caption, suggested, _filters)] = answers["asked"]
        return suggested

    answers["file"] = ("", "")  # cancelled each time: nothing saved, nothing remembered
    assert offered() == str(home / name), "no documents folder: home"
    (home / "Documents").mkdir()
    assert offered() == str(home / "Documents" / name)

    therapist = tmp_path / "for-my-therapist"
    therapist.mkdir()
    answers["file"] = (str(therapist / "november.pdf"), PDF_FILTER)
    export_action(window).trigger()
    assert (therapist / "november.pdf").is_file()
    answers["file"] = ("", "")
    assert offered() == str(therapist / name), "where the last report went"
    assert AppState.load().report_folder == str(therapist), "and so after a restart too"


def test_a_name_ending_in_csv_gives_a_spreadsheet(window, kept, answers, tmp_path):
    answers["file"] = (str(tmp_path / "sessions.CSV"), PDF_FILTER)
    export_action(window).trigger()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "sessions.CSV").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 and rows[0]["note_after"] == "Looser", "the last four weeks: not the session 40 days ago"
    answers["file"] = (str(tmp_path / "no-suffix"), CSV_FILTER)
    export_action(window).trigger()
    assert (tmp_path / "no-suffix.csv").is_file()


def test_the_period_chosen_in_the_dialog(window, kept, answers, tmp_path, monkeypatch, today):
    from PySide6.QtCore import QDate

    def choose(dialog):
        first = today - timedelta(days=60)
        dialog.start.setDate(QDate(first.year, first.month, first.day))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReportPeriodDialog, "exec", choose)
    answers["file"] = (str(tmp_path / "two-months.csv"), CSV_FILTER)
    export_action(window).trigger()
    assert len((tmp_path / "two-months.csv").read_text(encoding="utf-8-sig").splitlines()) == 4


def test_the_end_of_the_period_cannot_come_before_its_start(qapp, today):
    dialog = ReportPeriodDialog(today - timedelta(days=10), today, today)
    dialog.end.setDate(dialog.end.date().addDays(-30))
    start, end = dialog.period()
    assert start == end == today - timedelta(days=10)
    dialog.end.setDate(dialog.end.date().addDays(400))
    assert dialog.period()[1] == today, "nor go past today"
    dialog.deleteLater()


def test_cancelled_nothing_is_written(window, kept, answers, tmp_path):
    answers["period"] = QDialog.DialogCode.Rejected
    export_action(window).trigger()
    assert answers["asked"] == []
    answers["period"] = QDialog.DialogCode.Accepted
    answers["file"] = ("", "")
    export_action(window).trigger()
    assert len(answers["asked"]) == 1 and window.notices.text() == ""
    assert [entry.name for entry in tmp_path.iterdir()] == ["home"]


@pytest.mark.parametrize("name", ["report.pdf", "report.csv"])
def test_a_report_that_cannot_be_saved_is_said_in_the_status_bar(window, kept, answers, tmp_path, name):
    blocker = tmp_path / "not a folder"
    blocker.write_text("in the way")
    answers["file"] = (str(blocker / name), PDF_FILTER)
    export_action(window).trigger()
    assert f"The report could not be saved: the folder {blocker} is not a folder. Nothing was written." in window.notices.text()
    assert blocker.read_text() == "in the way"


def test_a_full_disk_is_said_in_the_status_bar(window, kept, answers, tmp_path, monkeypatch):
    import errno
    import os

    from stretchdesk.core import files

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"last month's")
    answers["file"] = (str(target), PDF_FILTER)
    export_action(window).trigger()
    assert f"The report could not be saved as {target}: No space left on device. Nothing was written." in window.notices.text()
    assert target.read_bytes() == b"last month's"
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["home", "report.pdf"]


def test_a_damaged_history_is_said_and_kept_aside(window, answers, tmp_path):
    path = history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage, not a history " * 30)
    answers["file"] = (str(tmp_path / "report.pdf"), PDF_FILTER)
    export_action(window).trigger()
    notices = window.notices.text()
    assert "Your history file was damaged" in notices and "It was kept as history.damaged-" in notices
    [aside] = path.parent.glob("history.damaged-*.sqlite3")
    assert aside.read_bytes().startswith(b"garbage, not a history")
    assert "was saved as" in notices, "the report of what there is now: nothing"


def test_the_export_function_says_when_the_history_cannot_be_read(qapp, tmp_path, today):
    from stretchdesk.core.store.history import HistoryStore

    folder = tmp_path / "history.sqlite3"
    folder.mkdir()
    said: list[str] = []
    saved = report_export.save_report(HistoryStore(folder), 4, today - timedelta(days=6), today, tmp_path / "r.pdf", said.append)
    assert not saved and "not a regular file" in said[0] and said[-1] == "The report was not saved: your history could not be read."
    assert not (tmp_path / "r.pdf").exists()
