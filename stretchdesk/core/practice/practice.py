"""Practice: the one owner of a practice session in the window, without Qt.

It holds the playback (the routine, its one timeline and the session), the history it is
written into as it goes, the check-ins before and after, the question Esc asks before it
stops, what the library and the completion page offer to carry on, and what the window
does around a session (whether it asks how the back feels first, keeps itself on top,
starts in the floor view). The window forwards what the person does here, hands each
Update to the pages, and renders what this says; SessionDriver (ui/driver.py) only wakes
the playback on time.

The playback and the history are made when first needed: the first page is painted before
either exists, and the history file is never opened before then.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from stretchdesk.core.routine.model import Routine
from stretchdesk.core.store.settings import Settings

if TYPE_CHECKING:  # loaded with the first session, not at start-up
    from stretchdesk.core.play.history_recorder import HistoryRecorder
    from stretchdesk.core.play.playback import Playback, Update
    from stretchdesk.core.store.history import HistoryStore, SessionRecord
    from stretchdesk.core.views.progress import CompletionView, ResumeOffer


def _open_history() -> HistoryStore:
    from stretchdesk.core.store.history import HistoryStore

    return HistoryStore()


class Practice:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic, *,
                 open_history: Callable[[], HistoryStore] = _open_history,
                 tell: Callable[[str], None] | None = None):
        self.settings = settings
        self._clock = clock
        self._open_history = open_history
        #: Says a problem with the history (the window's status bar) as soon as the call that
        #: met it is done; without it, problems() gives them when asked.
        self._tell = tell
        self._playback: Playback | None = None
        self._history: HistoryStore | None = None
        self._recorder: HistoryRecorder | None = None
        #: Esc was pressed once in the player: the next Esc stops.
        self.stop_asked = False
        #: What the completion page shows of the session that just ended (None before).
        self.completion: CompletionView | None = None
        #: The library has been told what it can carry on (once the window is painted).
        self.offers_read = False

    # -- the parts made when first needed ---------------------------------------------------

    @property
    def playback(self) -> Playback:
        """The controller of the session: it owns the routine, the timeline and the session."""
        if self._playback is None:
            from stretchdesk.core.play.playback import Playback

            self._playback = Playback(self.settings, self._clock)
        return self._playback

    @property
    def history(self) -> HistoryStore:
        """The person's history, opened when first needed."""
        if self._history is None:
            self._history = self._open_history()
        return self._history

    @property
    def recorder(self) -> HistoryRecorder:
        """Writes each session into the history as the updates come."""
        if self._recorder is None:
            from stretchdesk.core.play.history_recorder import HistoryRecorder

            self._recorder = HistoryRecorder(self.history)
        return self._recorder

    @property
    def started(self) -> bool:
        """A routine has been started in this window (its playback exists)."""
        return self._playback is not None

    @property
    def playing(self) -> bool:
        """The playback holds a session: under way, or ended and shown on the completion
        page; not once the window has put it away."""
        return self._playback is not None and self._playback.session is not None

    @property
    def under_way(self) -> bool:
        """A session is followed in the player: started (or waiting for the voice), running
        or paused, and not ended."""
        return self.playing and self.completion is None

    @property
    def running(self) -> bool:
        return self._playback is not None and self._playback.running

    def problems(self) -> list[str]:
        """What went wrong with the history since last asked, for the status bar."""
        return self._history.take_problems() if self._history is not None else []

    def _tell_problems(self) -> None:
        if self._tell is not None:
            for problem in self.problems():
                self._tell(problem)

    def sessions(self) -> list[SessionRecord]:
        """The sessions in the history, read now (for the History page)."""
        sessions = self.history.sessions()
        self._tell_problems()
        return sessions

    # -- a session's life ---------------------------------------------------------------------

    def start(self, routine: Routine, variant: str | None = None, *, from_step: int = 0,
              resuming: str | None = None, voice_starting: bool = False) -> Callable[[], Update]:
        """Get ready to play `routine` (carrying on the history's session `resuming` from step
        `from_step`, if given): what is playing now is left. Returns the action that starts
        it, for the driver to perform."""
        self.leave()
        self.recorder.resume_next(resuming)
        self._tell_problems()
        self.stop_asked = False
        self.completion = None
        playback = self.playback
        return lambda: playback.start(routine, variant, voice_starting=voice_starting, from_step=from_step)

    def follow(self, update: Update) -> None:
        """Every Update, before the pages see it: the history keeps it, a carried-on session
        answers the question Esc asked, and an ended one gets its completion view."""
        from stretchdesk.core.play.session import State

        self.recorder.follow(self.playback, update)
        if self.stop_asked and update.view is not None and update.view.state is not State.PAUSED:
            self.stop_asked = False
        if update.summary is not None and self.playback.timeline is not None:
            self.stop_asked = False
            self.completion = self._completion_view()
        self._tell_problems()

    def escape(self) -> str | None:
        """Esc in the player. A stray key must not throw ten minutes away: the first Esc
        pauses and asks, the next one stops. The playback's action to perform, if any."""
        if self.stop_asked or not self.playing:
            return "stop"
        self.stop_asked = True
        return "pause" if self.running else None

    def leave(self) -> None:
        """What plays is left (another routine started, the library shown, the window
        closed): the history keeps it as stopped there."""
        if self._recorder is not None and self._playback is not None:
            self._recorder.leave(self._playback)
        self._tell_problems()

    def close(self) -> None:
        self.leave()
        if self._history is not None:
            self._history.close()

    # -- what the window does around a session ------------------------------------------------

    @property
    def keeps_on_top(self) -> bool:
        """The window stays above the others: while a session is under way, if the person
        asked for it."""
        return self.under_way and bool(self.settings["keep_on_top"])

    def floor_view_at_start(self, fills_screen: bool) -> bool:
        """A session starts in the floor view always, or when the window fills the screen
        (maximised or full screen), as the setting says; with 'never', F11 only."""
        choice = self.settings["floor_view"]
        return choice == "always" or (choice == "when maximised" and fills_screen)

    # -- check-ins and carrying on -------------------------------------------------------------

    def check_in_before(self, score: int, note: str) -> None:
        """Kept with the session about to start."""
        self.recorder.check_in_before(score, note)

    def check_in_after(self, score: int, note: str) -> str:
        """Kept with the session just ended; what the completion page then says."""
        from stretchdesk.core.views.progress import kept_text

        self.recorder.check_in_after(score, note)
        self._tell_problems()
        before = self.completion.before if self.completion is not None else None
        return kept_text(score, before.score if before is not None else None, kept=self.history.writable)

    @property
    def asks_check_in_before(self) -> bool:
        """Start, from the library, first asks how the back feels: the setting is on."""
        return bool(self.settings["check_in"])

    @property
    def asks_check_in_after(self) -> bool:
        """The completion page asks how the back feels: the setting is on and the session
        is in the history to keep the answer with."""
        return bool(self.settings["check_in"]) and self._recorder is not None and self._recorder.session_id is not None

    def resume_offers(self, routines: list[Routine]) -> dict[str, ResumeOffer]:
        """Each routine's session stopped early or cut off, to carry on, as the history has
        them now."""
        from stretchdesk.core.views.progress import resume_offers

        self.offers_read = True
        offers = resume_offers(self.history.resumable(), routines, self.settings)
        self._tell_problems()
        return offers

    def carry_on(self) -> tuple[Routine, ResumeOffer] | None:
        """The session that just stopped, and where to carry it on from (None after a
        finish)."""
        offer = self.completion.resume if self.completion is not None else None
        routine = self._playback.routine if self._playback is not None else None
        return (routine, offer) if offer is not None and routine is not None else None

    def again(self) -> tuple[Routine, str | None] | None:
        """The routine that just ended, and its variant, to play again."""
        routine = self._playback.routine if self._playback is not None else None
        return (routine, self._playback.variant) if routine is not None else None

    def _completion_view(self) -> CompletionView:
        from stretchdesk.core.views.progress import completion_view

        return completion_view(self.history.sessions(), self.recorder.session_id, self.playback.timeline,
                               self.settings["weekly_goal"])
