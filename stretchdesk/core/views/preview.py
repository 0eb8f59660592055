"""What the library shows of a routine before it is started, and the commands that change
a routine's own choices (its variant, a step's own hold, fitting it to a time).

Every figure comes from the one timeline the routine would play with now (the settings,
the chosen variant, the person's holds and fit), so the list row, the preview's meta line,
its step table and the player agree. The library page renders a RoutinePreview and turns
clicks into the commands below; it decides nothing itself.

A command is a function that changes a Settings object. The window runs it on the
settings file as it is on disk, under its lock (so nothing another process wrote is
lost), then on its own copy; the limits it clamps to are the ones the settings file is
checked against (settings.STEP_HOLD_RANGE, settings.FIT_TARGET_RANGE).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from stretchdesk.core import words
from stretchdesk.core.routine.model import Measure, Routine
from stretchdesk.core.store.settings import FIT_TARGET_RANGE, STEP_HOLD_RANGE, Settings
from stretchdesk.core.play.timeline import Timeline, build_timeline, fit_limits
from stretchdesk.core.play.timeline import timeline_for, timing_for

#: A change to the settings, run under the settings file's lock.
Change = Callable[[Settings], None]


@dataclass(frozen=True)
class StepRow:
    name: str
    #: How the step is measured, as read: "30s each side", "10 reps of 4s" (+ " (yours)").
    how: str
    #: Time spent doing it, every side and round: "1:00".
    time: str
    #: The step's one-line summary, for a tooltip.
    summary: str
    step_id: str
    measure: Measure
    #: The person has set a hold of their own for this step.
    own_hold: bool
    #: The pose or movement that pictures the step, and the side it starts on.
    pose: str | None = None
    first_side: str | None = None


@dataclass(frozen=True)
class HoldEditor:
    """The control for the chosen step's own hold. A counted step (reps, breaths) has no
    hold to set: `seconds` is None and the control shows nothing."""

    text: str
    editable: bool
    seconds: int | None
    minimum: int = STEP_HOLD_RANGE[0]
    maximum: int = STEP_HOLD_RANGE[1]
    #: The hold is the person's own: it can be put back to the routine's.
    own: bool = False


@dataclass(frozen=True)
class FitView:
    on: bool
    #: The minutes shown: the target when fitted, else the routine's length as it is.
    minutes: int
    minimum_minutes: int
    maximum_minutes: int
    note: str


@dataclass(frozen=True)
class RoutinePreview:
    routine: Routine
    variant: str | None
    timeline: Timeline
    #: "Beginner · 6 steps · 6:08", for the preview and the list row alike.
    meta: str
    total_note: str
    #: (name, variant id) for each choice: "Standard" first; empty if there is no variant.
    variant_choices: tuple[tuple[str, str | None], ...]
    variant_description: str
    rows: tuple[StepRow, ...]
    #: None when asked for the summary only (the first paint shows no fit controls).
    fit: FitView | None

    def hold_editor(self, row: int | None) -> HoldEditor | None:
        if row is None or not 0 <= row < len(self.timeline.steps):
            return None
        plan = self.timeline.steps[row]
        step, amount = plan.step, plan.amount
        if amount.counted:
            return HoldEditor(f"{step.name} is counted in {amount.counted_in}; its pace follows the settings.", False, None)
        own = self.rows[row].own_hold
        each = " each side" if amount.each_side else ""
        return HoldEditor(f"{step.name}: hold{each}" + (" (yours)" if own else ""), True, round(plan.unit_seconds), own=own)


def level_text(routine: Routine) -> str:
    return (routine.level or "any level").capitalize()


def row_text(routine: Routine, meta: str, resume: str = "") -> str:
    """A row of the routine list: the title, then its meta line (or the level alone), then,
    for a routine with a session to carry on, what is left of it ("Resume — 5 of 14 steps
    left", core.progress.ResumeOffer.text)."""
    return f"{routine.title}\n{meta}" + (f"\n{resume}" if resume else "")


def row_aloud(routine: Routine, meta: str, resume: str = "") -> str:
    """A row of the routine list as a screen reader says it: 'Daily lower back stretches.
    Beginner, 6 steps, 6 minutes 8 seconds.' (the meta line in words, core.words.aloud)."""
    return ". ".join([routine.title, words.aloud(meta), *([words.aloud(resume)] if resume else [])]) + "."


def routine_meta(routine: Routine, timeline: Timeline) -> str:
    level = level_text(routine)
    count = len(timeline.steps)
    return f"{level} · {words.plural(count, 'step')} · {words.clock(timeline.total_seconds)}"


def timeline_now(routine: Routine, settings: Settings) -> Timeline:
    """The timeline the routine would play with if started now."""
    return timeline_for(settings, routine, settings.variant_for(routine))


def list_text(routine: Routine, settings: Settings, resume: str = "") -> str:
    """A row of the routine list: the title, then level, steps and length (and `resume`)."""
    return row_text(routine, routine_meta(routine, timeline_now(routine, settings)), resume)


def preview(routine: Routine, settings: Settings, *, details: bool = True) -> RoutinePreview:
    """The routine as the library shows it; without `details`, no fit bounds (three more
    timelines to build, which the window's first paint has no use for)."""
    variant_id = settings.variant_for(routine)
    timeline = timeline_for(settings, routine, variant_id)
    prefs = settings.routines.get(routine.id)
    holds = prefs.step_holds if prefs else {}
    rows = tuple(
        StepRow(
            name=plan.step.name,
            how=plan.amount.written() + (" (yours)" if plan.step.id in holds and plan.amount.timed else ""),
            time=words.clock(plan.active_seconds),
            summary=plan.step.summary,
            step_id=plan.step.id,
            measure=plan.amount.measure,
            own_hold=plan.step.id in holds and plan.amount.timed,
            pose=plan.step.pose,
            first_side=plan.step.side_order[0],
        )
        for plan in timeline.steps
    )
    variant = routine.variant(variant_id)
    choices = (("Standard", None), *((v.name, v.id) for v in routine.variants)) if routine.variants else ()
    return RoutinePreview(
        routine=routine,
        variant=variant_id,
        timeline=timeline,
        meta=routine_meta(routine, timeline),
        total_note=f"{words.clock(timeline.total_seconds)} with get-ready and switch pauses",
        variant_choices=choices,
        variant_description=variant.description if variant else "",
        rows=rows,
        fit=_fit_view(routine, variant_id, settings, prefs.target_seconds if prefs else None, timeline.total_seconds) if details else None,
    )


def _fit_view(routine: Routine, variant: str | None, settings: Settings, target: int | None, plays: float) -> FitView:
    unfitted = timing_for(settings, routine, variant, fit=False)
    as_set = build_timeline(routine, unfitted, variant).total_seconds
    shortest, longest = fit_limits(routine, unfitted, variant)
    # Whole minutes the routine can be fitted to, within what the settings file keeps.
    low = max(math.ceil(shortest / 60), FIT_TARGET_RANGE[0] // 60)
    high = max(low, min(math.floor(longest / 60), FIT_TARGET_RANGE[1] // 60))
    wanted = round(target / 60) if target is not None else round(as_set / 60)
    minutes = min(max(wanted, low), high)
    note = f"possible: {words.clock(low * 60)} to {words.clock(high * 60)}"
    if target is not None and not shortest <= target <= longest:
        # Own holds or new settings since the time was chosen: say what plays instead.
        note = f"{wanted} min cannot be reached now; it plays {words.clock(plays)} ({note})"
    return FitView(on=target is not None, minutes=minutes, minimum_minutes=low, maximum_minutes=high, note=note)


# -- commands -----------------------------------------------------------------------------------

def choose_variant(routine_id: str, variant: str | None) -> Change:
    """Play this variant of the routine from now on (None: as written)."""
    def change(settings: Settings) -> None:
        settings.preferences(routine_id).variant = variant

    return change


def set_step_hold(routine_id: str, step_id: str, seconds: float) -> Change:
    """A hold of the person's own for one step, in seconds per hold, within STEP_HOLD_RANGE."""
    low, high = STEP_HOLD_RANGE
    held = float(min(max(round(seconds), low), high))

    def change(settings: Settings) -> None:
        settings.preferences(routine_id).step_holds[step_id] = held

    return change


def clear_step_hold(routine_id: str, step_id: str) -> Change:
    """The step's hold back to the routine's."""
    def change(settings: Settings) -> None:
        settings.preferences(routine_id).step_holds.pop(step_id, None)

    return change


def fit_to(routine_id: str, minutes: int | None) -> Change:
    """Fit the routine to this many minutes (None: play it as set), within FIT_TARGET_RANGE."""
    low, high = FIT_TARGET_RANGE
    target = None if minutes is None else min(max(int(minutes) * 60, low), high)

    def change(settings: Settings) -> None:
        settings.preferences(routine_id).target_seconds = target

    return change
