"""The one Qt object that owns the timer of a playing session.

The playback controller (stretchdesk.core.play.playback) decides everything; this object only
asks it when to wake next, sleeps until then with a precise single-shot timer (so cues
land on time and the app stays idle between wake-ups), calls its tick, and hands each
Update on. What the person does reaches the controller through `perform`, which re-arms
the timer the same way.
"""

from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from stretchdesk.core.play.playback import Playback, Update


class SessionDriver(QObject):
    #: An Update from the controller: a view to render, cues to play, maybe a summary.
    updated = Signal(object)
    #: The session was put away without an Update (the person left the player, the window
    #: closed): whatever follows the session, such as the screen kept awake, lets go.
    closed = Signal()

    def __init__(self, playback: Playback, parent: QObject | None = None):
        super().__init__(parent)
        self.playback = playback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # The default coarse timer may fire up to 5% late; cues must not.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)

    @property
    def timer(self) -> QTimer:
        return self._timer

    def perform(self, action: Callable[[], Update]) -> Update:
        """Run one of the controller's actions (start, toggle, next_step, ...), pass its
        Update on, and sleep until the controller's next wake-up."""
        update = action()
        self.updated.emit(update)
        if update.ended:
            self._timer.stop()
        else:
            # Asked after the repaint the update caused, so a slow repaint does not push
            # the next wake-up late.
            self._arm()
        return update

    def tick(self) -> None:
        self.perform(self.playback.tick)

    def close(self) -> None:
        """Forget the session (leaving the player): no Update, only `closed`."""
        self._timer.stop()
        self.playback.close()
        self.closed.emit()

    def _arm(self) -> None:
        wait = self.playback.wake_in()
        if wait is None:
            self._timer.stop()
            return
        # Wake just after the change, never before it: a tick a hair early would only
        # have to sleep again.
        self._timer.start(math.ceil(wait * 1000) + 1)
