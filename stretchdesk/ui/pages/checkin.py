"""The comfort check-in: "How does your back feel?", 0 (no discomfort) to 10 (the worst), with a
note if the person likes. Large enough to answer from the mat, and by key: 0 to 9 answer
at once, + answers 10; Skip (Esc on the check-in page) answers nothing.

CheckInRow is the question itself, shown before a routine on the CheckInPage and after it
on the completion page. It renders and forwards: what is kept, and when, is the window's
and the history recorder's business. Built on first use, never before the first paint.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.core.colours import Scheme
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.words import COMFORT_HIGH, COMFORT_LOW, before_routine
from stretchdesk.core.views.progress import SCORES
from stretchdesk.ui.widgets import theme

#: The key that answers 10: the digits answer 0 to 9 at once, so 10 needs a key of its own.
TEN_KEY = "+"
#: The longest note the field takes (the history keeps up to 2000 characters).
NOTE_CHARS = 300

#: The score buttons' side, in pixels: as large as the row's width allows, within these.
SCORE_SIDE = (48, 92)
SCORE_SPACING = 8



def score_style(s: Scheme) -> str:
    return f"""
QPushButton#score {{ padding: 0; border-radius: 10px; }}
QPushButton#score:hover {{ background: {s.tint}; border: 1px solid {s.accent}; }}
QPushButton#score:pressed {{ background: {s.accent}; color: {s.on_accent}; }}
QLineEdit {{ padding: 8px 10px; border: 1px solid {s.outline}; border-radius: 8px; background: {s.surface}; color: {s.text};
             placeholder-text-color: {s.muted}; }}
#checkInRow {{ border: 2px solid transparent; border-radius: 10px; }}
""" + theme.focus_ring("QLineEdit", "padding: 7px 9px;") + theme.focus_ring("#checkInRow")


theme.SHEETS["scores"] = score_style


def score_for_key(text: str) -> int | None:
    """The score a key press answers: a digit, or TEN_KEY for 10."""
    if len(text) == 1 and "0" <= text <= "9":
        return int(text)
    return 10 if text == TEN_KEY else None


class CheckInRow(QWidget):
    """The question, eleven buttons from 0 to 10, an optional note and Skip; once answered,
    one line saying what was kept."""

    answered = Signal(int, str)
    skipped = Signal()

    def __init__(self, question: str, skip_text: str, *, question_scale: float = 0.42, parent: QWidget | None = None):
        super().__init__(parent)
        #: The question's size against the buttons': a heading of its own on the check-in
        #: page, below the page's heading on the completion page.
        self._question_scale = question_scale
        theme.style(self, "buttons", "scores")
        # The row takes the focus itself when it asks, so a digit answers at once; ringed
        # then, like any control in focus.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("checkInRow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAccessibleName("Comfort check-in")
        self._asking = False

        self.question = QLabel(question)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setAccessibleDescription("Question")
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.question.setFont(font)

        self.buttons: list[QPushButton] = []
        scores = QHBoxLayout()
        scores.setSpacing(SCORE_SPACING)
        for score in SCORES:
            button = QPushButton(str(score))
            button.setObjectName("score")
            words = {0: "no discomfort", 10: "the worst"}.get(score)
            button.setAccessibleName(f"{score} out of 10" + (f", {words}" if words else ""))
            key = TEN_KEY if score == 10 else str(score)
            button.setToolTip(f"{score}{': ' + words if words else ''} (key {key})")
            button.clicked.connect(lambda _checked=False, score=score: self._answer(score))
            scores.addWidget(button)
            self.buttons.append(button)

        self.low = QLabel(COMFORT_LOW)
        self.high = QLabel(COMFORT_HIGH)
        for label in (self.low, self.high):
            theme.set_role(label, "muted")

        self.note = QLineEdit(placeholderText="A note, if you like (optional)")
        self.note.setMaxLength(NOTE_CHARS)
        self.note.setAccessibleName("Note")
        self.note.setToolTip("Anything worth remembering about how it feels; Enter, then a number, to answer")
        # Enter leaves the note: the next digit answers (in the note it would be typed).
        self.note.returnPressed.connect(lambda: self.setFocus())
        self.skip_button = QPushButton(skip_text)
        self.skip_button.setAccessibleName("Skip the check-in")
        self.skip_button.setToolTip("Answer nothing this time")
        self.skip_button.setMinimumHeight(44)
        self.skip_button.clicked.connect(self.skip)
        # Under the buttons, as wide as they are: what 0 and 10 mean at either end, the
        # note and Skip between them.
        under = QHBoxLayout()
        under.setSpacing(12)
        top = Qt.AlignmentFlag.AlignTop
        under.addWidget(self.low, 0, top)
        under.addWidget(self.note, 1)
        under.addWidget(self.skip_button)
        under.addWidget(self.high, 0, top)
        self._score_box = QWidget()
        box = QVBoxLayout(self._score_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addLayout(scores)
        box.addLayout(under)
        score_row = QHBoxLayout()
        score_row.addStretch(1)
        score_row.addWidget(self._score_box)
        score_row.addStretch(1)

        self.kept = QLabel()
        self.kept.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kept.setAccessibleDescription("Check-in kept")
        font = self.kept.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.kept.setFont(font)
        self.kept.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.question)
        layout.addLayout(score_row)
        layout.addWidget(self.kept)
        self._asking_widgets = [self.question, self._score_box]
        self._side = 0
        self._fit(SCORE_SIDE[0])

    @property
    def asking(self) -> bool:
        return self._asking

    def ask(self) -> None:
        """Ask afresh: the buttons, an empty note, nothing kept yet."""
        self._asking = True
        self.note.clear()
        self.kept.hide()
        for widget in self._asking_widgets:
            widget.show()

    def show_kept(self, text: str) -> None:
        """Answered: one line in place of the question."""
        self._asking = False
        for widget in self._asking_widgets:
            widget.hide()
        self.kept.setText(text)
        self.kept.setVisible(bool(text))

    def skip(self) -> None:
        if self._asking:
            self._asking = False
            self.skipped.emit()

    def answer_key(self, text: str) -> bool:
        """A key pressed on the page: a digit (or TEN_KEY) answers. True when it did."""
        score = score_for_key(text)
        if score is None or not self._asking:
            return False
        self._answer(score)
        return True

    def _answer(self, score: int) -> None:
        if self._asking:
            self._asking = False
            self.answered.emit(score, self.note.text().strip())

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self.answer_key(event.text()):
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # Large enough to hit and read from the mat: the buttons grow with the window.
        room = (self.width() - 10 * SCORE_SPACING) / 11
        self._fit(int(min(SCORE_SIDE[1], max(SCORE_SIDE[0], room * 0.8))))

    def _fit(self, side: int) -> None:
        if side == self._side:
            return
        self._side = side
        font = theme.scaled_font(self.font(), side * 0.42, bold=True)
        for button in self.buttons:
            button.setFixedSize(side, side)
            button.setFont(font)
        self.question.setFont(theme.scaled_font(self.question.font(), max(20, side * self._question_scale), bold=True))
        # The words around the buttons follow, within what stays calm beside them.
        small = min(19, max(14, side * 0.21))
        for widget in (self.low, self.high, self.note, self.skip_button):
            widget.setFont(theme.scaled_font(widget.font(), small))


class CheckInPage(QWidget):
    """Before a routine, when the check-in is on: the question, then the routine starts at
    once, answered or skipped."""

    #: (routine, variant, score or None when skipped, note)
    startRequested = Signal(object, object, object, str)
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        theme.style(self, "page")
        self._routine: Routine | None = None
        self._variant: str | None = None

        self.routine = QLabel()
        self.routine.setTextFormat(Qt.TextFormat.PlainText)
        self.routine.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.routine.setWordWrap(True)
        self.routine.setAccessibleDescription("Routine")
        font = self.routine.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.routine.setFont(font)
        theme.set_role(self.routine, "muted")

        self.row = CheckInRow("How does your back feel?", "Skip (Esc)")
        self.row.answered.connect(lambda score, note: self._start(score, note))
        self.row.skipped.connect(lambda: self._start(None, ""))

        self.hint = QLabel("Press a number to answer (+ for 10) and the routine starts. Esc skips.")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        theme.set_role(self.hint, "muted")

        self.back_button = QPushButton("Back to the library")
        self.back_button.setAccessibleName("Back to the library")
        self.back_button.setToolTip("Do not start this routine now")
        self.back_button.setMinimumHeight(44)
        self.back_button.clicked.connect(self.backRequested.emit)
        back_row = QHBoxLayout()
        back_row.addStretch(1)
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addStretch(2)
        layout.addWidget(self.routine)
        layout.addSpacing(8)
        layout.addWidget(self.row)
        layout.addSpacing(12)
        layout.addWidget(self.hint)
        layout.addSpacing(20)
        layout.addLayout(back_row)
        layout.addStretch(3)

    def ask(self, routine: Routine, variant: str | None) -> None:
        self._routine, self._variant = routine, variant
        self.routine.setText(before_routine(routine.title))
        self.row.ask()
        self.row.setFocus()

    def skip(self) -> None:
        self.row.skip()

    def page_keys(self) -> dict[str, Callable[[], None]]:
        """The window-wide keys this page answers ('Space', 'Esc', 'Left', 'Right'): the
        window hands each to the page on show."""
        return {"Space": self.press_focused, "Esc": self.skip}  # Esc skips, and the routine starts

    def press_focused(self) -> None:
        """Space: the focused button, as a button does; nothing where none has the focus."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractButton) and self.isAncestorOf(focus):
            focus.click()

    def _start(self, score: int | None, note: str) -> None:
        if self._routine is not None:
            routine, self._routine = self._routine, None
            self.startRequested.emit(routine, self._variant, score, note)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self.row.answer_key(event.text()):
            super().keyPressEvent(event)
