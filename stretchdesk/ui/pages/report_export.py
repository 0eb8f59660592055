"""File → Export report…: the period (the last four weeks to begin with), then where to
save it; a PDF, or CSV when the name ends in .csv. The save dialog opens in the folder the
last report went to, else in the person's documents folder (core.store.state says which),
and the folder of a report saved is remembered for the next one. What went wrong is said
in the status bar; a report that cannot be written leaves nothing behind
(core.files.write_atomic)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from stretchdesk.core.files import write_atomic
from stretchdesk.core.store.history import HistoryStore
from stretchdesk.core.store.state import AppState
from stretchdesk.core.views.report import build_report, choose_period, csv_bytes, target_problem
from stretchdesk.core.text import path_text
from stretchdesk.ui.widgets.text import plain_label

PDF_FILTER = "PDF document (*.pdf)"
CSV_FILTER = "CSV spreadsheet (*.csv)"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


class ReportPeriodDialog(QDialog):
    """From and to, both included; the 'to' can never come before the 'from'."""

    def __init__(self, start: date, end: date, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export report")
        self.start = QDateEdit(_qdate(start), calendarPopup=True)
        self.end = QDateEdit(_qdate(end), calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("d MMMM yyyy")
            edit.setMaximumDate(_qdate(today))
        self.start.setAccessibleName("From")
        self.end.setAccessibleName("To")
        self.start.dateChanged.connect(lambda day: self.end.setMinimumDate(day))
        self.end.setMinimumDate(self.start.date())
        self.about = plain_label(QLabel(
            "A report for your therapist: sessions per week against your goal, each routine and its steps, "
            "comfort before and after, and your notes. It is saved where you choose, as a PDF, or as a CSV "
            "spreadsheet if the name ends in .csv. Nothing leaves this computer unless you send it."))
        self.about.setWordWrap(True)
        form = QFormLayout()
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save as…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def period(self) -> tuple[date, date]:
        return _day(self.start.date()), _day(self.end.date())


def ask_where(parent: QWidget | None, end: date) -> Path | None:
    """The file to save the report as, from the save dialog; None if the person cancels."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = AppState.load().report_folder_from(documents)
    suggested = str(folder / f"stretchdesk-report-{end.isoformat()}.pdf")
    name, chosen = QFileDialog.getSaveFileName(parent, "Save the report", suggested, f"{PDF_FILTER};;{CSV_FILTER}")
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".pdf", ".csv"):
        path = path.with_name(path.name + (".csv" if chosen == CSV_FILTER else ".pdf"))
    return path


def save_report(store: HistoryStore, weekly_goal: int, start: date, end: date, path: Path,
                tell: Callable[[str], None], *, today: date | None = None) -> bool:
    """Write the report of `start` to `end` at `path`: CSV if the name ends in .csv, else a
    PDF. Says what happened through `tell`; True when it was written."""
    problem = target_problem(path, store.path)
    if problem is not None:
        tell(f"The report could not be saved: {problem}. Nothing was written.")
        return False
    records = store.sessions()
    for problem in store.take_problems():
        tell(problem)
    if not store.available:
        tell("The report was not saved: your history could not be read.")
        return False
    report = build_report(records, start, end, weekly_goal=weekly_goal, today=today)
    try:
        if path.suffix.lower() == ".csv":
            write_atomic(path, csv_bytes(report.sessions))
        else:
            from stretchdesk.ui.output.report_pdf import write_pdf

            write_pdf(report, path)
    except OSError as error:
        tell(f"The report could not be saved as {path_text(path)}: {error.strerror or error}. Nothing was written.")
        return False
    tell(f"The report for {report.period} was saved as {path_text(path)}.")
    return True


def export_report(parent: QWidget, store: HistoryStore, weekly_goal: int, tell: Callable[[str], None]) -> bool:
    """Ask for the period and the file, then save the report there."""
    today = date.today()
    start, end = choose_period(None, None, today)
    dialog = ReportPeriodDialog(start, end, today, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        start, end = dialog.period()
    finally:
        dialog.deleteLater()
    path = ask_where(parent, end)
    if path is None:
        return False
    saved = save_report(store, weekly_goal, start, end, path, tell, today=today)
    if saved:
        try:
            AppState.remember_report_folder(path.parent)
        except OSError:
            pass  # the next report's dialog opens in the documents folder instead
    return saved

