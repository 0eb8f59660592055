"""The player: the big countdown, the step and its side, the rep or breath counter, the
instructions, what comes next, overall progress, and the four controls. It renders a
session View and forwards button presses; it decides nothing."""

from __future__ import annotations

import math

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.core.durations import format_clock
from stretchdesk.core.session import State, View
from stretchdesk.core.timeline import SegmentKind, describe_plan
from stretchdesk.ui import theme
from stretchdesk.ui.countdown import CountdownWidget

CAPTIONS = {
    SegmentKind.GET_READY: "Get ready",
    SegmentKind.HOLD: "Hold",
    SegmentKind.SWITCH: "Switch sides",
    SegmentKind.REST: "Rest",
    SegmentKind.REP: "Rep",
    SegmentKind.BREATH: "Breathe",
}


def side_text(side: str | None) -> str:
    return f"{side.capitalize()} side" if side else ""


def counter_text(view: View) -> str:
    segment = view.segment
    if segment is None:
        return ""
    parts = []
    if segment.kind is SegmentKind.REP and segment.rep:
        parts.append(f"Rep {segment.rep} of {segment.reps}")
    elif segment.kind is SegmentKind.BREATH and segment.breath:
        phase = "Breathe in" if segment.phase == "inhale" else "Breathe out"
        parts.append(f"Breath {segment.breath} of {segment.breaths} · {phase}")
    if segment.rounds > 1 and segment.kind is not SegmentKind.GET_READY:
        parts.append(f"Round {segment.round} of {segment.rounds}")
    return " · ".join(parts)


def instructions_html(view: View) -> str:
    step = view.plan.step if view.plan else None
    if step is None:
        return ""
    html = []
    if step.summary:
        html.append(f"<p>{escape(step.summary)}</p>")
    for title, lines in (("How", step.instructions), ("Tips", step.tips), ("Easier", step.adjustments)):
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            tag = "ol" if title == "How" else "ul"
            html.append(f"<p style='margin-bottom:2px'><b>{title}</b></p><{tag} style='margin-top:0'>{items}</{tag}>")
    return "".join(html)


class PlayerPage(QWidget):
    toggleRequested = Signal()
    previousRequested = Signal()
    nextRequested = Signal()
    stopRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(theme.PAGE_STYLE)  # built on first use, so off the start-up path

        self.step_of = QLabel()
        self.step_of.setAccessibleName("Step number")
        self.time_left = QLabel()
        self.time_left.setAccessibleName("Time left in the routine")
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Routine progress")

        self.countdown = CountdownWidget()
        self.side = QLabel()
        self.side.setTextFormat(Qt.TextFormat.PlainText)
        self.side.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side.setAccessibleName("Side")

        self.name = QLabel()
        self.name.setWordWrap(True)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setAccessibleName("Step name")
        self.status = QLabel()
        self.status.setAccessibleName("Rep, breath and round")
        self.status.setProperty("role", "muted")
        self.instructions = QLabel()
        self.instructions.setWordWrap(True)
        self.instructions.setTextFormat(Qt.TextFormat.RichText)
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.instructions.setAccessibleName("Instructions, tips and easier versions")
        scroll = QScrollArea()
        scroll.setWidget(self.instructions)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        self.next_up = QLabel()
        self.next_up.setWordWrap(True)
        self.next_up.setTextFormat(Qt.TextFormat.PlainText)
        self.next_up.setAccessibleName("Next step")
        self.next_up.setProperty("role", "muted")

        self._pause_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self._play_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
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

        header = QGridLayout()
        header.addWidget(self.step_of, 0, 0)
        header.addWidget(self.time_left, 0, 1)
        header.addWidget(self.progress, 1, 0, 1, 2)

        left = QVBoxLayout()
        left.addWidget(self.countdown, 1)
        left.addWidget(self.side)

        right = QVBoxLayout()
        right.addWidget(self.name)
        right.addWidget(self.status)
        right.addWidget(scroll, 1)
        right.addWidget(self.next_up)

        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addSpacing(24)
        body.addLayout(right, 6)

        controls = QHBoxLayout()
        controls.addStretch(1)
        for button in (self.previous_button, self.toggle_button, self.next_button, self.stop_button):
            controls.addWidget(button)
        controls.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addLayout(body, 1)
        layout.addSpacing(8)
        layout.addLayout(controls)
        self._rescale()

    def _button(self, text: str, icon: QStyle.StandardPixmap, tip: str, signal) -> QPushButton:
        button = QPushButton(self.style().standardIcon(icon), text)
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
        if label.text() != text:
            label.setText(text)

    def render(self, view: View) -> None:
        plan, segment = view.plan, view.segment
        if plan is None:
            return
        self._set(self.step_of, f"Step {plan.index + 1} of {view.step_count}")
        # Whole seconds rounded up, as the big countdown reads: never "0:00 left" beside a 1.
        self._set(self.time_left, f"{format_clock(math.ceil(view.remaining - 1e-9))} left")
        progress = int(1000 * view.position / view.total) if view.total else 0
        if progress != self.progress.value():
            self.progress.setValue(progress)
        kind = segment.kind if segment else SegmentKind.HOLD
        paused = view.state is State.PAUSED
        caption = "Paused" if paused else CAPTIONS[kind]
        colour = theme.PAUSED if paused else theme.KIND_COLOURS[kind.value]
        if kind is SegmentKind.BREATH and not paused:
            caption = "Breathe in" if segment.phase == "inhale" else "Breathe out"
        self.countdown.set_state(view.display_seconds, 1.0 - view.segment_progress, caption, colour)
        side = side_text(segment.side if segment else None)
        if kind is SegmentKind.GET_READY and side:
            side = f"{side} first"
        elif kind is SegmentKind.SWITCH and side:
            side = f"Switch to the {segment.side} side"
        self._set(self.side, side)
        prefix = "Coming up: " if kind is SegmentKind.GET_READY else ""
        self._set(self.name, f"{prefix}{plan.step.name}")
        status = counter_text(view)
        if kind is SegmentKind.GET_READY:
            status = describe_plan(plan)
        if view.state is State.WAITING:
            status = "Getting the voice ready…"  # why the get-ready does not count down yet
        self._set(self.status, status)
        if plan.step is not self._instructions_for:  # built once per step, not on every tick
            self._instructions_for = plan.step
            self.instructions.setText(instructions_html(view))
        if view.next_plan is not None:
            self._set(self.next_up, f"Next: {view.next_plan.step.name} · {describe_plan(view.next_plan)}")
        else:
            self._set(self.next_up, "Next: the end of the routine")
        running = view.state in (State.WAITING, State.GET_READY, State.ACTIVE)
        if running != self._shows_running:
            self._shows_running = running
            self.toggle_button.setText("Pause" if running else "Resume")
            self.toggle_button.setAccessibleName("Pause" if running else "Resume")
            self.toggle_button.setIcon(self._pause_icon if running else self._play_icon)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        """Fonts follow the window: readable at 800x600, large at full screen."""
        unit = max(12.0, min(self.width() / 52, self.height() / 34))
        base = self.font()
        self.name.setFont(theme.scaled_font(base, unit * 2.1, bold=True))
        self.side.setFont(theme.scaled_font(base, unit * 1.6, bold=True))
        self.status.setFont(theme.scaled_font(base, unit * 1.2))
        self.instructions.setFont(theme.scaled_font(base, unit * 1.05))
        self.next_up.setFont(theme.scaled_font(base, unit * 1.05))
        for label in (self.step_of, self.time_left):
            label.setFont(theme.scaled_font(base, unit * 1.05))
