"""What was done: time, steps completed and skipped, and the routine's closing words; from
the history, the streak and the week's count, the comfort check-in after the routine and,
after a stop, carrying it on from where it stopped. The texts come from core.progress, in
the words of core.words (the History page says the streak and the week in the same words)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from stretchdesk.core import words
from stretchdesk.core.play.session import Summary
from stretchdesk.core.play.timeline import Timeline
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.pages.checkin import CheckInRow
from stretchdesk.ui.widgets.text import plain_tooltip, set_aloud

if TYPE_CHECKING:
    from stretchdesk.core.views.progress import CompletionView


def summary_line(summary: Summary, timeline: Timeline) -> str:
    parts = [f"{words.clock(summary.active_time)} spent",
             f"{words.count_of(len(summary.completed), len(timeline.steps), 'step')} done"]
    if summary.skipped:
        parts.append(f"{len(summary.skipped)} skipped")
    return words.SEPARATOR.join(parts)


class CompletionPage(QWidget):
    backRequested = Signal()
    againRequested = Signal()
    #: Carry the session just stopped on from where it stopped.
    resumeRequested = Signal()
    historyRequested = Signal()
    #: The check-in after the routine: (score, note).
    checkInAnswered = Signal(int, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        theme.style(self, "page")  # built on first use, so off the start-up path
        #: The pictures' session, to draw them again in another scheme.
        self._figures_of: tuple[Summary, Timeline] | None = None
        theme.notifier().changed.connect(self._redraw_figures)
        self.heading = QLabel()
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setAccessibleDescription("Result")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 2.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.routine = QLabel()
        self.routine.setTextFormat(Qt.TextFormat.PlainText)
        self.routine.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.routine.setAccessibleDescription("Routine")
        font = self.routine.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.routine.setFont(font)
        self.stats = QLabel()
        self.stats.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stats.setAccessibleDescription("Time and steps")
        self.stats.setProperty("role", "muted")
        self.stats.setFont(font)
        self.skipped = QLabel()
        self.skipped.setTextFormat(Qt.TextFormat.PlainText)
        self.skipped.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.skipped.setWordWrap(True)
        self.skipped.setProperty("role", "muted")
        self.skipped.setAccessibleDescription("Skipped steps")
        self.closing = QLabel()
        self.closing.setTextFormat(Qt.TextFormat.PlainText)
        self.closing.setWordWrap(True)
        self.closing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.closing.setAccessibleDescription("Closing words")
        self.closing.setMaximumWidth(820)
        closing_font = self.closing.font()
        closing_font.setPointSizeF(closing_font.pointSizeF() * 1.25)
        self.closing.setFont(closing_font)

        # From the history: the streak and the week's count, side by side.
        self.streak = QLabel()
        self.streak.setAccessibleDescription("Days in a row")
        self.week = QLabel()
        self.week.setAccessibleDescription("This week")
        for label in (self.streak, self.week):
            label.setTextFormat(Qt.TextFormat.PlainText)
            theme.set_role(label, "accent")
            progress_font = label.font()
            progress_font.setPointSizeF(progress_font.pointSizeF() * 1.6)
            progress_font.setBold(True)
            label.setFont(progress_font)
            label.hide()
        self.progress_dot = QLabel("·")
        self.progress_dot.setFont(self.streak.font())
        self.progress_dot.hide()
        progress_row = QHBoxLayout()
        progress_row.setSpacing(14)
        progress_row.addStretch(1)
        progress_row.addWidget(self.streak)
        progress_row.addWidget(self.progress_dot)
        progress_row.addWidget(self.week)
        progress_row.addStretch(1)

        self.checkin = CheckInRow("How does your back feel now?", "Skip", question_scale=0.3)
        self.checkin.answered.connect(self.checkInAnswered.emit)
        self.checkin.skipped.connect(self.checkin.hide)
        self.checkin.hide()

        self.resume_button = QPushButton()
        self.resume_button.setAccessibleName("Carry on")
        self.resume_button.setToolTip("Play the rest of this routine, from the step where it stopped")
        self.resume_button.clicked.connect(self.resumeRequested.emit)
        self.resume_button.hide()
        self.history_button = QPushButton("History")
        self.history_button.setAccessibleName("History")
        self.history_button.setToolTip("Every session you played, and how your back felt")
        self.history_button.clicked.connect(self.historyRequested.emit)

        self.back_button = QPushButton("Back to the library")
        self.back_button.setObjectName("primary")
        self.back_button.setToolTip("Choose another routine (Esc)")
        self.back_button.setAccessibleName("Back to the library")
        self.back_button.clicked.connect(self.backRequested.emit)
        self.again_button = QPushButton("Play again")
        self.again_button.setToolTip("Start this routine again from the beginning")
        self.again_button.setAccessibleName("Play again")
        self.again_button.clicked.connect(self.againRequested.emit)
        for button in (self.back_button, self.again_button, self.resume_button, self.history_button):
            button.setMinimumHeight(44)

        # The steps as pictures, in order: the ones done in full colour, skipped ones faint.
        self.figures = QHBoxLayout()
        self.figures.setSpacing(6)
        self._figure_labels: list[QLabel] = []

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        closing_row = QHBoxLayout()
        closing_row.addStretch(1)
        closing_row.addWidget(self.closing, 4)
        closing_row.addStretch(1)

        # Compact enough for all of it, check-in included, in a window of 1024x600; in a
        # lower one (a larger font, a smaller screen) all but the buttons below scroll.
        body = QWidget()
        body.setObjectName("body")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 12, 32, 4)
        layout.setSpacing(4)
        layout.addStretch(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.routine)
        layout.addSpacing(4)
        layout.addWidget(self.stats)
        layout.addWidget(self.skipped)
        layout.addSpacing(8)
        layout.addLayout(self.figures)
        layout.addSpacing(8)
        layout.addLayout(closing_row)
        layout.addSpacing(10)
        layout.addLayout(progress_row)
        layout.addSpacing(10)
        layout.addWidget(self.checkin)
        layout.addStretch(3)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Summary")
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A tab stop (its arrows scroll what a small screen cuts), so it shows a ring.
        self.scroll.setStyleSheet("QScrollArea, QWidget#body { background: transparent; }"
                                  "QScrollArea { border: 2px solid transparent; }" + theme.focus_ring("QScrollArea"))
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 12)
        page.addWidget(self.scroll, 1)
        page.addSpacing(10)
        page.addLayout(buttons)

    def page_keys(self) -> dict[str, Callable[[], None]]:
        """The window-wide keys this page answers ('Space', 'Esc', 'Left', 'Right'): the
        window hands each to the page on show."""
        return {"Space": self.back_button.click, "Esc": self.backRequested.emit}

    def show_summary(self, summary: Summary, timeline: Timeline) -> None:
        routine = timeline.routine
        self.heading.setText("Stopped early" if summary.stopped_early else "Well done")
        self.routine.setText(routine.title)
        set_aloud(self.stats, summary_line(summary, timeline))
        names = [timeline.steps[i].step.name for i in summary.skipped]
        self.skipped.setText(f"Skipped: {', '.join(names)}" if names else "")
        self.skipped.setVisible(bool(names))
        self.closing.setText(routine.closing if not summary.stopped_early else "Every stretch counts. Come back to it whenever you like.")
        self._show_figures(summary, timeline)
        self.show_progress("", "")
        self.offer_resume(None)
        self.ask_check_in(False)
        self.back_button.setFocus()

    def show_completion(self, summary: Summary, timeline: Timeline, view: CompletionView, ask_check_in: bool) -> None:
        """The session just ended: its summary, and what the history makes of it."""
        self.show_summary(summary, timeline)
        self.show_progress(view.streak, view.week)
        self.offer_resume(view.resume.button_text if view.resume is not None else None)
        self.ask_check_in(ask_check_in)

    def show_progress(self, streak: str, week: str) -> None:
        """'4 days in a row · best 9' and '3 of 4 this week' (core.words); either may be empty."""
        set_aloud(self.streak, streak)
        set_aloud(self.week, week)
        self.streak.setVisible(bool(streak))
        self.week.setVisible(bool(week))
        self.progress_dot.setVisible(bool(streak and week))

    def offer_resume(self, text: str | None) -> None:
        """After a stop: 'Carry on from step 10'; None: nothing to carry on."""
        self.resume_button.setText(text or "")
        self.resume_button.setVisible(bool(text))

    def ask_check_in(self, on: bool) -> None:
        """Ask how the back feels now (digits answer), or not at all."""
        if on:
            self.checkin.ask()
        else:
            self.checkin.show_kept("")
        self.checkin.setVisible(on)
        if on:  # in a low window, scrolled to the question rather than the heading
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(self.checkin, 0, 0))

    def show_check_in_kept(self, text: str) -> None:
        self.checkin.show_kept(text)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Digits answer the check-in from anywhere on the page (but in the note, they are typed).
        if not (self.checkin.isVisible() and self.checkin.answer_key(event.text())):
            super().keyPressEvent(event)

    def _redraw_figures(self) -> None:
        if self._figures_of is not None:
            self._show_figures(*self._figures_of)

    def _show_figures(self, summary: Summary, timeline: Timeline) -> None:
        self._figures_of = (summary, timeline)
        from PySide6.QtGui import QPainter, QPixmap

        from stretchdesk.ui.widgets.figure_view import thumbnail

        while self.figures.count():
            item = self.figures.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._figure_labels = []
        # One row of pictures, each as large as the row's width allows (56 px at most).
        room = max(200, self.width() - 64)
        size = int(max(20, min(56, room / max(1, len(timeline.steps)) - 6)))
        ratio = self.devicePixelRatioF()
        self.figures.addStretch(1)
        done = set(summary.completed)
        for plan in timeline.steps:
            motion = timeline.routine.motion(plan.step)  # the routine's own poses too
            if motion is None:
                continue
            picture = thumbnail(motion, size, plan.step.side_order[0], ratio)
            if plan.index not in done:
                faint = QPixmap(picture.size())
                faint.setDevicePixelRatio(ratio)
                faint.fill(Qt.GlobalColor.transparent)
                painter = QPainter(faint)
                painter.setOpacity(0.3)
                painter.drawPixmap(0, 0, picture)
                painter.end()
                picture = faint
            label = QLabel()
            label.setPixmap(picture)
            label.setToolTip(plain_tooltip(plan.step.name + ("" if plan.index in done else " (not done)")))
            label.setAccessibleName(plan.step.name + ("" if plan.index in done else ", not done"))
            self.figures.addWidget(label)
            self._figure_labels.append(label)
        self.figures.addStretch(1)
