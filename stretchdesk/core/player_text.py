"""What the player says at one moment, in words: worked out here from a session View, so
the window only puts it in labels (and a test can read it without a window).

The big number is what a person on the floor needs most: the seconds of a hold, the count
of a rep step ("3/10"), "In" or "Out" in a breath step; the seconds of a rep or breath are
then the small line under it. One short line says what to do now, in the words a person
would use: "Hold, left side", "Switch to the right side", "Breathe in", "Rep 3 of 10, left side".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchdesk.core.durations import format_clock
from stretchdesk.core.session import State, View
from stretchdesk.core.timeline import SegmentKind, describe_plan

CAPTIONS = {
    SegmentKind.GET_READY: "Get ready",
    SegmentKind.HOLD: "Hold",
    SegmentKind.SWITCH: "Switch sides",
    SegmentKind.REST: "Rest",
    SegmentKind.REP: "Rep",
    SegmentKind.BREATH: "Breathe",
}


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
    next_up: str
    paused: bool


def side_text(side: str | None) -> str:
    return f"{side.capitalize()} side" if side else ""


def _limb(view: View) -> str:
    """'leg' or 'arm' or 'side', for 'Switch to the right leg': from the step's pose name
    where it says, otherwise 'side'."""
    pose = (view.plan.step.pose or "") if view.plan else ""
    for word in ("leg", "arm"):
        if word in pose:
            return word
    return "side"


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
    return " · ".join(parts)


def player_text(view: View) -> PlayerText | None:
    plan, segment = view.plan, view.segment
    if plan is None or segment is None:
        return None
    kind = segment.kind
    paused = view.state is State.PAUSED
    seconds = view.display_seconds
    big, small = (format_clock(seconds) if seconds >= 60 else str(seconds)), ""
    caption = CAPTIONS[kind]
    now = caption
    if kind is SegmentKind.REP and segment.rep:
        big, small = f"{segment.rep}/{segment.reps}", f"{seconds} s"
        caption = "Reps"
        now = f"Rep {segment.rep} of {segment.reps}"
    elif kind is SegmentKind.BREATH and segment.breath:
        inhale = segment.phase == "inhale"
        big, small = ("In" if inhale else "Out"), f"breath {segment.breath} of {segment.breaths}"
        caption = "Breathe in" if inhale else "Breathe out"
        now = caption
    elif kind is SegmentKind.SWITCH and segment.side:
        now = f"Switch to the {segment.side} {_limb(view)}"
    elif kind is SegmentKind.GET_READY:
        now = f"Get ready: {segment.side} {_limb(view)} first" if segment.side else "Get ready"
    elif kind is SegmentKind.HOLD and segment.side:
        now = f"Hold, {segment.side} {_limb(view)}"
    if kind in (SegmentKind.REP, SegmentKind.BREATH) and segment.side:
        now = f"{now}, {segment.side} {_limb(view)}"  # in the floor view, the only word of the side
    if paused:
        caption, now = "Paused", "Paused: press Space to carry on"
    status = describe_plan(plan) if kind is SegmentKind.GET_READY else counter_text(view)
    if view.state is State.WAITING:
        # Why the get-ready does not count down yet: the first words are on their way.
        now = status = "Getting the voice ready…"
    side = side_text(segment.side)
    if kind is SegmentKind.GET_READY and side:
        side = f"{side} first"
    elif kind is SegmentKind.SWITCH and side:
        side = f"Switch to the {segment.side} side"
    if view.next_plan is not None:
        next_up = f"Next: {view.next_plan.step.name} · {describe_plan(view.next_plan)}"
    else:
        next_up = "Next: the end of the routine"
    return PlayerText(
        step_of=f"Step {plan.index + 1} of {view.step_count}",
        # Whole seconds rounded up, as the big countdown reads: never "0:00 left" beside a 1.
        time_left=f"{format_clock(math.ceil(view.remaining - 1e-9))} left",
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
