"""What the player says at one moment, in words: worked out here from a session View, so
the window only puts it in labels (and a test can read it without a window).

The big number is what a person on the floor needs most: the seconds of a hold, the count
of a rep step ("3/10"), "In" or "Out" in a breath step; the seconds of a rep or breath are
then the small line under it. One short line says what to do now, in the words a person
would use: "Hold, left knee down", "Switch: right knee down", "Breathe in", "Rep 3 of 10, left
leg up"; "Move with the breath" for a timed step whose picture moves (cat-cow for 30 s). The side is said in the step's own words (Step.side_label), since "left side" alone
does not say which leg is meant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchdesk.core import words
from stretchdesk.core.figure.skeleton import moves
from stretchdesk.core.routine.model import Step
from stretchdesk.core.play.session import State, View
from stretchdesk.core.play.timeline import SegmentKind

CAPTIONS = {
    SegmentKind.GET_READY: "Get ready",
    SegmentKind.HOLD: "Hold",
    SegmentKind.SWITCH: "Switch sides",
    SegmentKind.REST: "Rest",
    SegmentKind.REP: "Rep",
    SegmentKind.BREATH: "Breathe",
}
#: A timed step whose picture is a movement (cat-cow for 30 s): the figure goes there and
#: back at a slow breath's pace, so the ring says to move, and the line says how.
MOVE_CAPTION = "Move"
MOVE_NOW = "Move with the breath"

#: Where the next step would be named, on the routine's last step.
LAST_STEP = "Last step"


@dataclass(frozen=True)
class PlayerText:
    step_of: str
    time_left: str
    #: The big text in the ring, and the word under it.
    big: str
    caption: str
    #: A smaller line under the caption (the seconds of a rep or a breath), or "".
    small: str
    side: str
    name: str
    #: What to do now, in one short line.
    now: str
    status: str
    #: 'Next: Cat Cow · 30s', or 'Last step'.
    next_up: str
    paused: bool


def side_text(step: Step, side: str | None) -> str:
    """The side in the step's own words, as a label: "Left knee down"."""
    if not side:
        return ""
    return words.capitalised(step.side_words(side))


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
    return words.SEPARATOR.join(parts)


def _moving(view: View) -> bool:
    """Whether the step's picture moves while it is held: the figure's own rule."""
    motion = view.routine.motion(view.plan.step) if view.plan is not None else None
    return motion is not None and moves(SegmentKind.HOLD.value, motion)


def player_text(view: View) -> PlayerText | None:
    plan, segment = view.plan, view.segment
    if plan is None or segment is None:
        return None
    kind = segment.kind
    paused = view.state is State.PAUSED
    seconds = view.display_seconds
    big, small = (words.clock(seconds) if seconds >= 60 else str(seconds)), ""
    caption = CAPTIONS[kind]
    now = caption
    side_words = plan.step.side_words(segment.side) if segment.side else ""
    if kind is SegmentKind.REP and segment.rep:
        big, small = f"{segment.rep}/{segment.reps}", words.seconds(seconds)
        caption = "Reps"
        now = f"Rep {segment.rep} of {segment.reps}"
    elif kind is SegmentKind.BREATH and segment.breath:
        inhale = segment.phase == "inhale"
        big, small = ("In" if inhale else "Out"), f"breath {segment.breath} of {segment.breaths}"
        caption = "Breathe in" if inhale else "Breathe out"
        now = caption
    elif kind is SegmentKind.SWITCH and segment.side:
        now = f"Switch: {side_words}"
    elif kind is SegmentKind.GET_READY:
        now = f"Get ready: {side_words} first" if segment.side else "Get ready"
    elif kind is SegmentKind.HOLD and _moving(view):
        caption, now = MOVE_CAPTION, MOVE_NOW + (f", {side_words}" if segment.side else "")
    elif kind is SegmentKind.HOLD and segment.side:
        now = f"Hold, {side_words}"
    if kind in (SegmentKind.REP, SegmentKind.BREATH) and segment.side:
        now = f"{now}, {side_words}"  # in the floor view, the only word of the side
    if paused:
        caption, now = "Paused", "Paused: press Space to carry on"
    status = plan.amount.written() if kind is SegmentKind.GET_READY else counter_text(view)
    if view.state is State.WAITING:
        # Why the get-ready does not count down yet: the first words are on their way.
        now = status = "Getting the voice ready…"
    side = side_text(plan.step, segment.side)
    if kind is SegmentKind.GET_READY and side:
        side = f"{side} first"
    elif kind is SegmentKind.SWITCH and side:
        side = f"Switch: {side_words}"
    if view.next_plan is not None:
        next_up = f"Next: {view.next_plan.step.name} · {view.next_plan.amount.written()}"
    else:
        next_up = LAST_STEP
    return PlayerText(
        step_of=f"Step {plan.index + 1} of {view.step_count}",
        # Whole seconds rounded up, as the big countdown reads: never "0:00 left" beside a 1.
        time_left=f"{words.clock(math.ceil(view.remaining - 1e-9))} left",
        big=big,
        caption=caption,
        small=small,
        side=side,
        name=("Coming up: " if kind is SegmentKind.GET_READY else "") + plan.step.name,
        now=now,
        status=status,
        next_up=next_up,
        paused=paused,
    )
