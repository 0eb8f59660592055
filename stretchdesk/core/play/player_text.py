"""What the player says at one moment, in words: worked out here from a session View, so
the window only puts it in labels (and a test can read it without a window).

The big number is what a person on the floor needs most: the seconds of a hold, the count
of a rep step ("3/10"), "In" or "Out" in a breath step; the seconds of a rep or breath are
then the small line under it, and the word under the number says what it counts ("Hold",
"Reps", "Breathe"). One short line says what the ring does not: the side, in the step's
own words (Step.side_label: "left side" alone does not say which leg is meant), the
round, and for a get-ready what the step will ask ("10s each side, left knee down first");
"Move with the breath" for a timed step whose picture moves (cat-cow for 30 s). Each fact
is said once: the count is the ring's, the side the line's. What comes next is the other
side while a two-sided step's first side is held, and the next step otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchdesk.core import words
from stretchdesk.core.figure.motion import moves
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
    name: str
    #: What the ring does not say, in one short line: the side, the round, what a
    #: get-ready leads to; "" when the ring says it all.
    now: str
    #: 'Next: Cat Cow · 30s'; on a two-sided step's first side, the other side ('Next:
    #: Right knee down'); or 'Last step'.
    next_up: str
    paused: bool


def side_text(step: Step, side: str | None) -> str:
    """The side in the step's own words, as a label: "Left knee down"."""
    if not side:
        return ""
    return words.capitalised(step.side_words(side))


def round_text(view: View) -> str:
    """'round 2 of 3' while a step done in rounds plays; '' otherwise."""
    segment = view.segment
    if segment is None or segment.rounds <= 1 or segment.kind is SegmentKind.GET_READY:
        return ""
    return f"round {segment.round} of {segment.rounds}"


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
    side_words = plan.step.side_words(segment.side) if segment.side else ""
    parts = []
    if kind is SegmentKind.REP and segment.rep:
        big, small = f"{segment.rep}/{segment.reps}", words.seconds(seconds)
        caption = "Reps"
    elif kind is SegmentKind.BREATH and segment.breath:
        big, small = ("In" if segment.phase == "inhale" else "Out"), f"breath {segment.breath} of {segment.breaths}"
    elif kind is SegmentKind.GET_READY:
        parts.append(plan.amount.written())
        side_words = f"{side_words} first" if side_words else ""
    elif kind is SegmentKind.HOLD and _moving(view):
        caption = MOVE_CAPTION
        parts.append(MOVE_NOW)
    parts += [part for part in (side_words, round_text(view)) if part]
    now = words.capitalised(", ".join(parts)) if parts else ""
    if paused:
        caption, now = "Paused", "Press Space to carry on"
    if view.state is State.WAITING:
        # Why the get-ready does not count down yet: the first words are on their way.
        now = "Getting the voice ready…"
    if view.next_side is not None:
        # The first side's hold: what comes next is the other side, not the next step.
        next_up = f"Next: {side_text(plan.step, view.next_side)}"
    elif view.next_plan is not None:
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
        name=("Coming up: " if kind is SegmentKind.GET_READY else "") + plan.step.name,
        now=now,
        next_up=next_up,
        paused=paused,
    )
