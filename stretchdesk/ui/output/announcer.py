"""Tells the desktop's screen reader what core/play/announcements.py decides, when it says:
as Qt's accessibility announcements (QAccessibleAnnouncementEvent), which a screen reader
speaks in its own voice or shows on a braille display. It decides nothing: it follows the
session's updates, asks the core what is due, posts it, and wakes when the core says.

Made with the first session's driver, never before the first paint. Where no screen reader
listens, Qt drops the events at once."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

from stretchdesk.core.play.announcements import Announcement, Announcer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from stretchdesk.core.play.playback import Update


class ScreenReaderAnnouncer(QObject):
    def __init__(self, source: QWidget, clock: Callable[[], float], muted: Callable[[], bool]):
        """`source`: the widget the announcements come from (the window, always on show);
        `muted`: whether the app's voice is silenced, so nothing need wait for it."""
        super().__init__(source)
        self._source = source
        self._clock = clock
        self._muted = muted
        self.announcer = Announcer()
        #: Every announcement posted, in order (what the tests read).
        self.posted: list[Announcement] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.release)

    def follow(self, update: Update) -> None:
        self.announcer.follow(update, self._clock(), voice=not self._muted())
        self._arm()

    def asked_to_stop(self, asking: bool) -> None:
        self.announcer.asked_to_stop(asking)
        self._arm()

    def clear(self) -> None:
        self.announcer.clear()
        self._timer.stop()

    def release(self) -> None:
        """Post what is due now; wake again when the next one may be."""
        for announcement in self.announcer.due(self._clock()):
            self.posted.append(announcement)
            event = QAccessibleAnnouncementEvent(self._source, announcement.text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if announcement.assertive
                                else QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(event)
        self._arm()

    def _arm(self) -> None:
        # On the window's next turn at the soonest: all a key did is said in one line.
        wait = self.announcer.wake_in(self._clock())
        if wait is None:
            self._timer.stop()
        else:
            self._timer.start(math.ceil(wait * 1000))
