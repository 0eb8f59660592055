"""What a screen reader is told while a routine plays, and when.

A person who cannot see the screen follows the routine by ear: the app's own voice
(cues.py) names each step in its get-ready and says "Switch sides". A screen reader is
told the same moments as announcements, for its own voice or a braille display: each
step as it comes ("Step 2 of 6: Child's Pose. 30 seconds."; the number and the name alone
while the voice says the rest), a switch of sides ("Switch
sides: right knee down."), a rest between rounds, the last seconds of a hold ("5 seconds
left."), the end ("Finished: Daily lower back stretches. Well done."), and what the
person's own keys did ("Paused.", "Carrying on.", the question Esc asks).

Paced so it never talks over the app's voice or itself: an announcement waits until the
voice's lines are over (as long as spoken.speech_seconds says they take, and the margin
the cues keep before a chime), and keeps a gap after the one before it; once what it says
is no longer true (the hold it counted down is over, another step has begun) it is
dropped unsaid. What the person's own key did is said at once, all of it in one line:
they are waiting to hear it.

Plain and Qt-free, driven by the same Updates as the cues and read with the same clock:
the window only posts what `due()` gives, when `wake_in()` says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stretchdesk.core.play.session import EventKind, View
from stretchdesk.core.play.spoken import SPEECH_MARGIN_SECONDS, speech_seconds, step_announcements
from stretchdesk.core.play.timeline import SegmentKind

if TYPE_CHECKING:
    from stretchdesk.core.play.playback import Update

#: Kept free between the end of one announcement and the start of the next (as long as
#: speech_seconds says the first takes: a screen reader's voice is often quicker).
GAP_SECONDS = 1.0
#: A hold this long or longer says when this many seconds are left (the ticks count the
#: last three); a shorter hold is over before it could be said.
LAST_SECONDS = 5
LAST_SECONDS_FROM = 10.0
#: How late "5 seconds left" may still be said: after that it would be wrong.
LAST_SECONDS_LATE = 0.5
#: How late "Switch sides" may still be said, into the hold on the other side.
SWITCH_LATE = 3.0
#: How late the end may still be said (the completion page is on show by then).
END_LATE = 30.0
#: Esc's question, as the player asks it.
STOP_QUESTION = "Stop the routine? Press Esc again to stop, Space to carry on."


@dataclass(frozen=True)
class Announcement:
    text: str
    #: Said at once, over what the screen reader is saying: what the person's own key did.
    #: Else it waits its turn ("polite").
    assertive: bool = False


@dataclass
class _Waiting:
    text: str
    #: What it is about: a newer one of the same kind replaces it (a step replaces all of
    #: the step before it, a switch, a rest and a last-seconds announcement still waiting).
    kind: str
    #: The clock reading after which it is no longer true, and dropped unsaid.
    until: float


#: The kinds a new step makes out of date.
_OF_A_STEP = ("step", "side", "last")


class Announcer:
    def __init__(self) -> None:
        self._waiting: list[_Waiting] = []
        #: What the person's keys did, said at once at the next due().
        self._now: list[str] = []
        #: When the app's voice is over (the clock's reading), and the last announcement.
        self._voice_until = float("-inf")
        self._said_until = float("-inf")
        #: The hold whose last seconds were announced (its step and start), once each.
        self._counted: tuple[int, float] | None = None
        #: Esc's question is asked (said once each time it is asked).
        self._asking = False

    # -- what happened --------------------------------------------------------------------

    def follow(self, update: Update, now: float, *, voice: bool = True) -> None:
        """An Update from the playback, at the clock reading `now`. `voice`: the app's
        spoken cues are heard (not muted), so announcements wait for them."""
        view = update.view
        if voice:
            for cue in update.cues:
                if cue.speech:
                    self._voice_until = max(self._voice_until, now) + speech_seconds(cue.speech)
        for event in update.events:
            if event.late and event.kind is not EventKind.FINISHED:
                continue
            kind = event.kind
            if kind is EventKind.STARTED:
                self.clear()
            elif kind is EventKind.STEP_STARTED and view is not None and view.plan is not None:
                self._step(view, now, voice)
            elif kind is EventKind.SWITCH_SIDES and view is not None and view.segment is not None:
                self._side(view, now)
            elif kind is EventKind.REST and view is not None and view.segment is not None:
                self._wait("Rest.", "side", now + view.segment_remaining)
            elif kind is EventKind.PAUSED:
                self._waiting.clear()  # what waited is out of date once it carries on
                self._now.append("Paused.")
            elif kind is EventKind.SLEPT:
                self._waiting.clear()
                self._now.append("Paused while the computer slept. Press Space to carry on.")
            elif kind is EventKind.RESUMED:
                self._now.append("Carrying on.")
            elif kind is EventKind.FINISHED:
                self._waiting.clear()
                title = view.routine.title if view is not None else ""
                self._wait(f"Finished: {title}. Well done." if title else "Finished. Well done.", "end", now + END_LATE)
            elif kind is EventKind.STOPPED:
                self._waiting.clear()
                title = view.routine.title if view is not None else ""
                self._now.append(f"Stopped: {title}." if title else "Stopped.")
        if view is not None:
            self._last_seconds(view, now)

    def asked_to_stop(self, asking: bool) -> None:
        """Esc asked whether to stop (True), or the question went away."""
        if asking and not self._asking:
            self._now.append(STOP_QUESTION)
        self._asking = asking

    def clear(self) -> None:
        """The session was left: nothing of it is said any more."""
        self._waiting.clear()
        self._now.clear()
        self._counted = None
        self._asking = False

    # -- what to say, and when ----------------------------------------------------------

    def due(self, now: float) -> list[Announcement]:
        """What to post now: what the person's keys did, at once, in one line; then the
        first announcement waiting whose turn it is."""
        said: list[Announcement] = []
        if self._now:
            text = " ".join(self._now)
            self._now.clear()
            said.append(Announcement(text, assertive=True))
            self._said_until = now + speech_seconds(text)
        self._waiting = [waiting for waiting in self._waiting if waiting.until >= now]
        if self._waiting and now >= self._free_from():
            first = self._waiting.pop(0)
            said.append(Announcement(first.text))
            self._said_until = now + speech_seconds(first.text)
        return said

    def wake_in(self, now: float) -> float | None:
        """Seconds until due() may have something to say; None while nothing waits."""
        if self._now:
            return 0.0
        if not self._waiting:
            return None
        return max(0.0, self._free_from() - now)

    @property
    def waiting(self) -> list[str]:
        return [waiting.text for waiting in self._waiting]

    # -- internals ------------------------------------------------------------------------

    def _free_from(self) -> float:
        """When the next announcement may begin: the voice over, and a gap after the last."""
        return max(self._voice_until + SPEECH_MARGIN_SECONDS, self._said_until + GAP_SECONDS)

    def _wait(self, text: str, kind: str, until: float) -> None:
        replaced = _OF_A_STEP if kind == "step" else (kind,)
        self._waiting = [waiting for waiting in self._waiting if waiting.kind not in replaced]
        self._waiting.append(_Waiting(text, kind, until))

    def _step(self, view: View, now: float, voice: bool) -> None:
        """The step's number and name; its length and side too, unless the voice said them."""
        plan = view.plan
        said = f"{plan.step.name}." if voice else step_announcements(plan.step, plan.amount)[0]
        # True until the step is over (it may be said in the calm of its first hold).
        self._wait(f"Step {plan.index + 1} of {view.step_count}: {said}", "step", now + plan.end - view.position)

    def _side(self, view: View, now: float) -> None:
        segment = view.segment
        step = view.plan.step if view.plan is not None else None
        side = step.side_words(segment.side) if step is not None and segment.side else ""
        self._wait(f"Switch sides: {side}." if side else "Switch sides.", "side",
                   now + view.segment_remaining + SWITCH_LATE)

    def _last_seconds(self, view: View, now: float) -> None:
        """A hold long enough says when LAST_SECONDS are left, once, while it runs."""
        segment = view.segment
        if segment is None or segment.kind is not SegmentKind.HOLD or view.paused:
            return
        if segment.duration < LAST_SECONDS_FROM or view.display_seconds != LAST_SECONDS:
            return
        key = (segment.step_index, segment.start)
        if key != self._counted:
            self._counted = key
            self._wait(f"{LAST_SECONDS} seconds left.", "last", now + LAST_SECONDS_LATE)
