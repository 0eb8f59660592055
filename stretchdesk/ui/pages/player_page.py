"""The player: the figure of the pose and the big countdown side by side, as large as each
other, then the step's name, what the ring does not say (the side, the round), the
instructions, what comes next, overall progress and the four controls. It renders a
session View (its words from core/play/player_text.py, each fact once) and forwards
button presses; it decides nothing.

It reads from a mat too: the figure, the ring and the text column keep their places and
sizes from step to step and side to side (their widths are the layout's, not their
contents'; the name and the line under it keep the height of two lines), the name and
the line fit their room in whole words (widgets/fitted_text.py), and the instructions
scroll a whole line at a time and never show one cut through.

The floor view (F11, or whenever the window fills the screen) is for following from a mat:
the figure and the countdown as large as the screen allows, the step's name, one short
line of what to do now and what comes next, and nothing that needs scrolling; the
instructions stay in the normal view and can be spoken during the get-ready.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.core.text import escape
from stretchdesk.core.play.player_text import player_text
from stretchdesk.core.play.session import State, View
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.countdown import CountdownWidget
from stretchdesk.ui.widgets.figure_view import FigureView
from stretchdesk.ui.widgets.fitted_text import FittedLabel, WholeLines
from stretchdesk.ui.widgets.text import set_aloud


def instructions_html(view: View) -> str:
    step = view.plan.step if view.plan else None
    if step is None:
        return ""
    html = []
    if step.summary:
        html.append(f"<p>{escape(step.summary)}</p>")
    for title, lines in (("How", step.instructions), ("Tips", step.tips), ("Easier", step.adjustments)):
        if lines:
            # A table, not <ol>/<ul>: Qt indents a list by a fixed width, and at a large font
            # its numbers and bullets were cut off at the left.
            rows = "".join(
                f"<tr><td style='padding-right:0.4em'>{f'{number}.' if title == 'How' else '•'}</td><td>{escape(line)}</td></tr>"
                for number, line in enumerate(lines, 1))
            html.append(f"<p style='margin-bottom:2px'><b>{title}</b></p><table cellspacing='2'>{rows}</table>")
    return "".join(html)


class PlayerPage(QWidget):
    toggleRequested = Signal()
    previousRequested = Signal()
    nextRequested = Signal()
    stopRequested = Signal()
    #: Esc: the window asks the practice whether to pause and ask, or to stop.
    escapeRequested = Signal()
    #: The floor view was asked for (True) or left (False), by its button.
    floorRequested = Signal(bool)

    def __init__(self, view_source: Callable[[], View | None] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        theme.style(self, "page")  # built on first use, so off the start-up path
        self._floor = False
        #: The ring's part of the step and whether it is paused, to colour it in a new scheme.
        self._ring = ("get_ready", False)
        theme.notifier().changed.connect(self._recolour_ring)

        self.step_of = QLabel()
        self.step_of.setAccessibleDescription("Step number")
        self.muted = QLabel()
        self.muted.setAccessibleDescription("Sound")
        self.muted.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_role(self.muted, "problem")
        self.time_left = QLabel()
        self.time_left.setAccessibleDescription("Time left in the routine")
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Routine progress")

        self.figure = FigureView(view_source)
        self.countdown = CountdownWidget()

        self.name = FittedLabel(lines=2)
        self.name.setAccessibleDescription("Step name")
        self.now = FittedLabel(lines=2)
        self.now.setAccessibleDescription("What to do now")
        self.instructions = QLabel()
        self.instructions.setWordWrap(True)
        self.instructions.setTextFormat(Qt.TextFormat.RichText)
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.instructions.setAccessibleDescription("Instructions, tips and easier versions")
        self.scroll = WholeLines(self.instructions)
        self.scroll.setAccessibleName("Instructions")
        self.scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
                                  "QScrollArea { border: 2px solid transparent; }" + theme.focus_ring("QScrollArea"))
        # The instructions give way first: the question to stop, when asked, shows whole.
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.stop_question = QLabel("Stop the routine? Press Esc again to stop, Space to carry on (F11 leaves the floor view).")
        self.stop_question.setWordWrap(True)
        self.stop_question.setAccessibleDescription("Stop the routine?")
        self.stop_question.setObjectName("banner")
        theme.style(self.stop_question, "banner", extra="QLabel { padding: 8px; }")
        self.stop_question.hide()
        self.next_up = FittedLabel(lines=2)
        self.next_up.setAccessibleDescription("What comes next")
        self.next_up.setProperty("role", "muted")

        #: Each button's icon, drawn in the scheme's colours (and again in a new scheme).
        self._icon_kinds: dict[QPushButton, QStyle.StandardPixmap] = {}
        self._pause_icon = self._play_icon = None
        self._shows_running = True
        self._instructions_for: object | None = None
        self.previous_button = self._button("Previous", QStyle.StandardPixmap.SP_MediaSkipBackward,
                                            "Go back to the previous step, or restart this one (Left arrow)", self.previousRequested)
        self.toggle_button = self._button("Pause", QStyle.StandardPixmap.SP_MediaPause,
                                          "Pause or resume (Space)", self.toggleRequested)
        self.toggle_button.setObjectName("primary")
        self.next_button = self._button("Next", QStyle.StandardPixmap.SP_MediaSkipForward,
                                        "Skip to the next step (Right arrow)", self.nextRequested)
        self.stop_button = self._button("Stop", QStyle.StandardPixmap.SP_MediaStop,
                                        "Stop the routine (Esc)", self.stopRequested)
        self.floor_button = QPushButton()
        self.floor_button.setCheckable(True)
        self._name_floor_button()
        self.floor_button.setMinimumHeight(44)
        self.floor_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.floor_button.toggled.connect(self.floorRequested.emit)

        header = QGridLayout()
        header.addWidget(self.step_of, 0, 0)
        header.addWidget(self.muted, 0, 1)
        header.addWidget(self.time_left, 0, 2)
        header.setColumnStretch(0, 1)
        header.setColumnStretch(2, 1)
        header.addWidget(self.progress, 1, 0, 1, 3)

        self.ring = self.countdown
        self.text_column = QWidget()
        text = QVBoxLayout(self.text_column)
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(self.name)
        text.addWidget(self.now)
        text.addWidget(self.stop_question)
        text.addWidget(self.scroll, 1)
        text.addWidget(self.next_up)
        # Each column as wide as the layout gives it, whatever its words: nothing moves
        # as the step or the side changes.
        for widget in (self.figure, self.countdown, self.text_column):
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            widget.setMinimumWidth(120)

        self.body = QGridLayout()
        self.body.setHorizontalSpacing(16)
        self._arrange()

        self._recolour_icons()
        controls = QHBoxLayout()
        controls.addStretch(1)
        for button in (self.previous_button, self.toggle_button, self.next_button, self.stop_button):
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(self.floor_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addLayout(self.body, 1)
        layout.addSpacing(8)
        layout.addLayout(controls)
        self._rescale()

    def _button(self, text: str, icon: QStyle.StandardPixmap, tip: str, signal) -> QPushButton:
        button = QPushButton(text)
        self._icon_kinds[button] = icon
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setMinimumHeight(44)
        button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(signal.emit)
        return button

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        # Renders come several times a second; a label is only touched when it changes.
        # A screen reader hears '0:51 left' as '51 seconds left' (set_aloud).
        set_aloud(label, text)

    # -- the floor view -------------------------------------------------------------------

    @property
    def floor(self) -> bool:
        return self._floor

    def set_floor(self, on: bool) -> None:
        """The floor view: the text column keeps the name, what to do now and what comes
        next, under the figure and the ring; the instructions and the small print go."""
        if on == self._floor:
            return
        self._floor = on
        self.floor_button.blockSignals(True)
        self.floor_button.setChecked(on)
        self.floor_button.blockSignals(False)
        self._name_floor_button()
        # The instructions are reading, not following; the step count stays, across from
        # the time left, so a person on the mat knows where in the routine they are.
        self.scroll.setVisible(not on)
        # From the mat, a line each, as large as it fits; the figure and the ring take the
        # rest of the height.
        for label in (self.name, self.now, self.next_up):
            label.set_lines(1 if on else 2)
        self.text_column.setSizePolicy(QSizePolicy.Policy.Ignored,
                                       QSizePolicy.Policy.Maximum if on else QSizePolicy.Policy.Ignored)
        self._arrange()
        self._rescale()

    def _name_floor_button(self) -> None:
        """The button says what pressing it does now: into the floor view, or out of it."""
        text, tip = (("Leave floor view", "Back to the window as it was (F11)") if self._floor else
                     ("Floor view", "Full screen, large, nothing to scroll: for following from a mat (F11)"))
        self.floor_button.setText(text)
        self.floor_button.setAccessibleName(text)
        self.floor_button.setToolTip(tip)

    def _arrange(self) -> None:
        """Normal: figure, ring and text side by side. Floor: the figure and the ring side
        by side and as large as they can be, the few words under them."""
        for widget in (self.figure, self.ring, self.text_column):
            self.body.removeWidget(widget)
        for column in range(3):
            self.body.setColumnStretch(column, 0)
        for row in range(2):
            self.body.setRowStretch(row, 0)
        if self._floor:
            self.body.addWidget(self.figure, 0, 0)
            self.body.addWidget(self.ring, 0, 1)
            self.body.addWidget(self.text_column, 1, 0, 1, 2)
            # The ring is round and as tall as the row allows; the figure, often lying
            # down and wide, takes the rest of the width.
            self.body.setColumnStretch(0, 3)
            self.body.setColumnStretch(1, 2)
            self.body.setRowStretch(0, 1)
        else:
            # The figure as large as the ring (a little wider: a figure lying down or on
            # all fours is wider than high), the words beside them a little wider still.
            self.body.addWidget(self.figure, 0, 0)
            self.body.addWidget(self.ring, 0, 1)
            self.body.addWidget(self.text_column, 0, 2)
            self.body.setColumnStretch(0, 12)
            self.body.setColumnStretch(1, 10)
            self.body.setColumnStretch(2, 13)
            self.body.setRowStretch(0, 1)

    def page_keys(self) -> dict[str, Callable[[], None]]:
        """The window-wide keys this page answers ('Space', 'Esc', 'Left', 'Right'): the
        window hands each to the page on show."""
        return {"Space": self.toggleRequested.emit, "Right": self.nextRequested.emit,
                "Left": self.previousRequested.emit, "Esc": self.escapeRequested.emit}

    def ask_to_stop(self, asking: bool) -> None:
        self.stop_question.setVisible(asking)

    def put_away(self) -> None:
        """The session it showed has ended or been left: no question asked, the figure still."""
        self.ask_to_stop(False)
        self.figure.stop()

    def set_muted(self, muted: bool) -> None:
        """Seen from the floor: the routine is silent."""
        self._set(self.muted, "Sound off (M)" if muted else "")

    # -- rendering ------------------------------------------------------------------------

    def render(self, view: View) -> None:
        words = player_text(view)
        plan = view.plan
        if words is None or plan is None:
            return
        self._set(self.step_of, words.step_of)
        self._set(self.time_left, words.time_left)
        progress = int(1000 * view.position / view.total) if view.total else 0
        if progress != self.progress.value():
            self.progress.setValue(progress)
        kind = view.segment.kind.value
        self._ring = (kind, words.paused)
        colour = theme.kind_colour(kind, words.paused)
        self.countdown.set_state(view.display_seconds, 1.0 - view.segment_progress, words.caption, colour,
                                 big=words.big, small=words.small)
        self._set(self.name, words.name)
        self._set(self.now, words.now)
        if plan.step is not self._instructions_for:  # built once per step, not on every tick
            self._instructions_for = plan.step
            self.instructions.setText(instructions_html(view))
            self.scroll.verticalScrollBar().setValue(0)
            self.scroll.relayout()
            self.figure.set_motion(self._motion(view.routine, plan.step))
        self.figure.show_view(view)
        self._set(self.next_up, words.next_up)
        running = view.state in (State.WAITING, State.GET_READY, State.ACTIVE)
        if running != self._shows_running:
            self._shows_running = running
            self.toggle_button.setText("Pause" if running else "Resume")
            self.toggle_button.setAccessibleName("Pause" if running else "Resume")
            self.toggle_button.setIcon(self._pause_icon if running else self._play_icon)

    def _recolour_ring(self) -> None:
        self.countdown.set_colour(theme.kind_colour(*self._ring))
        self._recolour_icons()

    def _recolour_icons(self) -> None:
        scheme = theme.colours()
        for button, kind in self._icon_kinds.items():
            if button is not self.toggle_button:
                button.setIcon(theme.tinted_icon(self, kind, scheme.text))
        # Pause (and Resume) is the filled button: its icon is in the words' colour on it.
        self._pause_icon = theme.tinted_icon(self, QStyle.StandardPixmap.SP_MediaPause, scheme.on_accent)
        self._play_icon = theme.tinted_icon(self, QStyle.StandardPixmap.SP_MediaPlay, scheme.on_accent)
        self.toggle_button.setIcon(self._pause_icon if self._shows_running else self._play_icon)

    @staticmethod
    def _motion(routine, step):
        return routine.motion(step)  # the pose library is read on first use

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        """Fonts follow the window: readable at 800x600, large at full screen, larger still
        in the floor view, which has fewer things to show."""
        unit = max(12.0, min(self.width() / 52, self.height() / 34))
        base = self.font()
        big = 1.35 if self._floor else 1.0
        self.name.set_largest(theme.scaled_font(base, unit * 2.1 * big, bold=True))
        self.now.set_largest(theme.scaled_font(base, unit * 1.5 * big, bold=True))
        self.instructions.setFont(theme.scaled_font(base, unit * 1.05))
        self.scroll.relayout()
        self.next_up.set_largest(theme.scaled_font(base, unit * 1.05 * big))
        self.muted.setFont(theme.scaled_font(base, unit * 1.2 * big, bold=True))
        self.stop_question.setFont(theme.scaled_font(base, unit * 1.2 * big, bold=True))
        for label in (self.step_of, self.time_left):
            label.setFont(theme.scaled_font(base, unit * 1.05 * big))
        # The buttons grow with the screen too: on a large display a 44 px button is lost.
        button_font = theme.scaled_font(base, max(13.0, unit * 0.9 * big))
        for button in (self.previous_button, self.toggle_button, self.next_button, self.stop_button, self.floor_button):
            button.setFont(button_font)
            button.setMinimumHeight(max(44, int(unit * 2.6 * big)))
            icon = max(16, int(unit * 0.9 * big))
            button.setIconSize(QSize(icon, icon))
