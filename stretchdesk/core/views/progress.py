"""What the history says to the person around a session: the streak and the week's count
on the completion page, what a comfort check-in kept, and a session that can be carried on.

Plain Python, no Qt. The window reads the history (after its first paint, or when a
session ends), hands the records here, and shows the texts and offers it gets back; the
completion page and the library decide nothing themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from stretchdesk.core import words
from stretchdesk.core.store.history import BEFORE, CheckIn, SessionRecord, local_now
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.store.settings import Settings
from stretchdesk.core.play.timeline import Timeline
from stretchdesk.core.play.timeline import timeline_for
from stretchdesk.core.views.history_stats import current_streaks, week_progress

#: The comfort scale: 0 is no discomfort, 10 the worst.
SCORES = range(0, 11)


def kept_text(after: int, before: int | None, kept: bool = True) -> str:
    """What the after check-in kept, for the row that asked it; `kept` False when the
    history can only be read (a read-only folder, a file from a newer StretchDesk)."""
    if not kept:
        return f"Thanks. {after} of 10 after, not kept: your history can only be read just now."
    return f"Thanks. Kept: {after} of 10 after" + (f", {before} before." if before is not None else ".")


@dataclass(frozen=True)
class ResumeOffer:
    """A session stopped early or cut off that can be carried on from where it stopped."""

    session_id: str
    routine_id: str
    variant: str | None
    #: The step to carry on from (counted from 0), and the routine's steps.
    from_step: int
    step_count: int
    #: How it ended: 'stopped at step 10 of 14', 'cut off'.
    ended: str

    @property
    def steps_left(self) -> int:
        return self.step_count - self.from_step

    @property
    def text(self) -> str:
        """'Resume — 5 of 14 steps left', for the library's row and preview."""
        return f"Resume — {words.count_of(self.steps_left, self.step_count, 'step')} left"

    @property
    def button_text(self) -> str:
        """'Carry on from step 10', for the completion page."""
        return f"Carry on from step {self.from_step + 1}"


def offer_for(record: SessionRecord | None, timeline: Timeline) -> ResumeOffer | None:
    """The offer to carry `record` on, played with `timeline` (the routine as it is now, in
    the record's variant); None when it cannot be carried on, or when the routine's steps
    changed since (another number of steps, or another step where one was played)."""
    if record is None or record.resume_at is None:
        return None
    if timeline.routine.id != record.routine_id or timeline.variant != record.variant:
        return None
    plans = timeline.steps
    if len(plans) != record.step_count:
        return None
    if any(not 0 <= step.position < len(plans) or plans[step.position].step.id != step.step_id for step in record.steps):
        return None
    return ResumeOffer(session_id=record.id, routine_id=record.routine_id, variant=record.variant,
                       from_step=record.resume_at, step_count=record.step_count, ended=record.outcome_text)


def resume_offers(resumable: dict[str, SessionRecord], routines: Iterable[Routine], settings: Settings) -> dict[str, ResumeOffer]:
    """For each routine of the library with a session that can be carried on (as
    HistoryStore.resumable() gives them), the offer; a routine whose steps changed since,
    or that lost the variant the session played, gets none."""
    offers: dict[str, ResumeOffer] = {}
    for routine in routines:
        record = resumable.get(routine.id)
        if record is None or (record.variant is not None and not routine.has_variant(record.variant)):
            continue
        offer = offer_for(record, timeline_for(settings, routine, record.variant))
        if offer is not None:
            offers[routine.id] = offer
    return offers


@dataclass(frozen=True)
class CompletionView:
    """What the completion page shows from the history, under the session's own summary."""

    #: '4 days in a row · best 9' (core.words.streak); '' before any day with a step done.
    streak: str
    #: '3 of 4 this week' (core.words.week).
    week: str
    #: The session just ended: carry it on from where it stopped (None after a finish).
    resume: ResumeOffer | None
    #: What the person said before the session, if they did.
    before: CheckIn | None


def completion_view(records: list[SessionRecord], session_id: str | None, timeline: Timeline, goal: int,
                    today: date | None = None) -> CompletionView:
    """The completion page's texts for the session `session_id`, just ended and played with
    `timeline`, from the whole history `records`. Without the session in the history (the
    history could not be kept), nothing is said of streaks or weeks."""
    record = next((record for record in records if record.id == session_id), None) if session_id else None
    if record is None:
        return CompletionView("", "", None, None)
    today = today or local_now().date()
    current, best = current_streaks(records, today)
    return CompletionView(
        # Nothing to say of days in a row before there is one (every step skipped so far).
        streak=words.streak(current, best) if best else "",
        week=words.week(week_progress(records, today), goal),
        resume=offer_for(record, timeline),
        before=record.checkin(BEFORE),
    )
