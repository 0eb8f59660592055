"""The one Qt object that owns the timer ticking a session.

It sleeps until the next visible change (the countdown's next whole second or a segment
boundary, but at least four times a second for a smooth progress ring) using a precise
single-shot timer, so cues land on time and the app stays idle between wake-ups. Every
tick asks the session what happened since the last one; the timer itself decides nothing.
"""

from __future__ import annotations

import math
import time
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from stretchdesk.core.session import Event, EventKind, Session, Summary, View
from stretchdesk.core.timeline import Timeline

#: The longest the timer sleeps between whole seconds while a session runs: the progress
#: ring moves on in calm half-second steps, and the app wakes only a few times a second.
MAX_SLEEP_SECONDS = 0.5


class SessionDriver(QObject):
    #: A fresh View to render.
    viewChanged = Signal(object)
    #: A batch of session Events, in order.
    eventsHappened = Signal(list)
    #: The session ended (finished or stopped); carries the Summary.
    ended = Signal(object)

    def __init__(self, clock: Callable[[], float] = time.monotonic, parent: QObject | None = None):
        super().__init__(parent)
        self._clock = clock
        self.session: Session | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # The default coarse timer may fire up to 5% late; cues must not.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)

    @property
    def timer(self) -> QTimer:
        return self._timer

    def now(self) -> float:
        return self._clock()

    def view(self) -> View | None:
        return self.session.view(self.now()) if self.session else None

    # -- what the person does -----------------------------------------------------------

    def start(self, timeline: Timeline) -> None:
        self.session = Session(timeline)
        self._handle(self.session.start(self.now()))

    def toggle(self) -> None:
        self._apply(Session.toggle)

    def pause(self) -> None:
        self._apply(Session.pause)

    def next_step(self) -> None:
        self._apply(Session.next_step)

    def previous_step(self) -> None:
        self._apply(Session.previous_step)

    def restart_step(self) -> None:
        self._apply(Session.restart_step)

    def stop(self) -> None:
        self._apply(Session.stop)

    def _apply(self, action: Callable[[Session, float], list[Event]]) -> None:
        if self.session:
            self._handle(action(self.session, self.now()))

    def close(self) -> None:
        """Forget the session without reporting anything (leaving the player)."""
        self._timer.stop()
        self.session = None

    # -- time passing -------------------------------------------------------------------

    def tick(self) -> None:
        self._apply(Session.tick)

    def _handle(self, events: list[Event]) -> None:
        session = self.session
        assert session is not None
        now = self.now()
        if events:
            self.eventsHappened.emit(events)
        self.viewChanged.emit(session.view(now))
        if any(e.kind in (EventKind.FINISHED, EventKind.STOPPED) for e in events):
            self._timer.stop()
            self.ended.emit(session.summary(now))
            return
        # Measured after the repaint the view caused, so a slow repaint does not push the
        # next wake-up late.
        self._schedule(self.now())

    def _schedule(self, now: float) -> None:
        assert self.session is not None
        wait = self.session.next_change_in(now)
        if wait is None:
            self._timer.stop()
            return
        # Wake just after the change, never before it: a tick a hair early would only
        # have to sleep again.
        milliseconds = math.ceil(min(wait, MAX_SLEEP_SECONDS) * 1000) + 1
        self._timer.start(milliseconds)

    def summary(self) -> Summary | None:
        return self.session.summary(self.now()) if self.session else None
