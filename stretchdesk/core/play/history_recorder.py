"""Writes what a playing session does into the history, as it happens.

Plain Python, no Qt. The recorder follows the playback controller's Updates (the same ones
the window renders): a session's row when it starts, a step's row when it ends (done or
skipped), the end (finished, or stopped early at a step). The window, the command line's
player and the tests drive it the same way:

    update = playback.start(routine)
    recorder.follow(playback, update)

Leaving the player or closing the window while a session runs is stopping it (`leave()`).
A comfort check-in given before the session starts is kept until its row is written.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from stretchdesk.core.store.history import AFTER, BEFORE, DONE, SKIPPED, HistoryStore
from stretchdesk.core.play.session import EventKind

if TYPE_CHECKING:
    from stretchdesk.core.play.playback import Playback, Update


class HistoryRecorder:
    def __init__(self, store: HistoryStore):
        self.store = store
        #: The session being written, while one runs; the last one, once it ended.
        self.session_id: str | None = None
        self.running = False
        #: A session carried on: the one it carries on (set before starting it).
        self._resuming: str | None = None
        self._before: tuple[int, str] | None = None

    def resume_next(self, session_id: str | None) -> None:
        """The next session to start carries on this one (stopped early or cut off)."""
        self._resuming = session_id

    def check_in_before(self, score: int, note: str = "") -> None:
        """How the back feels before the session that starts next."""
        self._before = (score, note)

    def check_in_after(self, score: int, note: str = "") -> None:
        """How the back feels after the session that just ended."""
        if self.session_id is not None:
            self.store.check_in(self.session_id, AFTER, score, note)

    def follow(self, playback: Playback, update: Update) -> None:
        for event in update.events:
            if event.kind is EventKind.STARTED:
                self._begin(playback)
            elif self.session_id is None or not self.running:
                continue
            elif event.kind in (EventKind.STEP_COMPLETED, EventKind.STEP_SKIPPED):
                self._step(playback, event.step_index, DONE if event.kind is EventKind.STEP_COMPLETED else SKIPPED)
            elif event.kind is EventKind.FINISHED:
                self._end(playback, finished=True, at=None)
            elif event.kind is EventKind.STOPPED:
                self._end(playback, finished=False, at=event.step_index)

    def leave(self, playback: Playback) -> None:
        """The person left the player, or closed the window, while the session ran: it was
        stopped there."""
        if not self.running or playback.session is None:
            return
        view = playback.view()
        self._end(playback, finished=False, at=view.step_index if view is not None else None)

    def _begin(self, playback: Playback) -> None:
        if self.running:
            self.leave(playback)  # started again while one ran: that one stopped there
        timeline = playback.timeline
        assert timeline is not None
        routine = timeline.routine
        played = timeline.settings  # the timing it was built with, not worked out again
        timing = {field.name: getattr(played, field.name) for field in dataclasses.fields(played)}
        timing["step_holds"] = dict(played.step_holds)
        self.session_id = self.store.begin(
            routine_id=routine.id, routine_title=routine.title, variant=timeline.variant,
            step_count=len(timeline.steps), timing=timing, first_step=playback.from_step,
            resumed_from=self._resuming,
        )
        self._resuming = None
        self.running = True
        if self._before is not None:
            score, note = self._before
            self._before = None
            self.store.check_in(self.session_id, BEFORE, score, note)

    def _step(self, playback: Playback, index: int | None, status: str) -> None:
        timeline = playback.timeline
        if index is None or timeline is None or not 0 <= index < len(timeline.steps):
            return
        step = timeline.steps[index].step
        summary = playback.summary()
        self.store.step_ended(self.session_id, position=index, step_id=step.id, name=step.name, status=status,
                              active_seconds=summary.active_time if summary else 0.0)

    def _end(self, playback: Playback, *, finished: bool, at: int | None) -> None:
        summary = playback.summary()
        self.store.end(self.session_id, finished=finished, active_seconds=summary.active_time if summary else 0.0,
                       stopped_at_step=at)
        self.running = False
