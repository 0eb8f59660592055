"""What a step shows over time: one pose, or two it moves between, and the pose at any
moment of a step, from the session's view of it. Plain Python, no Qt; the figure at any
moment is a pure function of the session's position, so it never drifts from the countdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from stretchdesk.core.figure.body import Pose, interpolate, posed


def ease(t: float) -> float:
    """Slow in, slow out: a stretch is eased into and out of, never jerked."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


@dataclass(frozen=True)
class Motion:
    """What a step shows: one pose, or two it moves between (cat and cow; the pull and the
    release of a rep)."""

    start: Pose
    end: Pose | None = None

    def __post_init__(self) -> None:
        # What both shapes rest on stays where it is as the body moves between them: the
        # hands and knees of cat and cow, the feet and shoulders of a bridge.
        if self.end is not None and not (self.start.anchor and self.start.anchor == self.end.anchor):
            both = tuple(place for place, surface in self.start.rests_on if (place, surface) in self.end.rests_on)
            if both:
                object.__setattr__(self, "start", replace(self.start, anchor=both))
                object.__setattr__(self, "end", replace(self.end, anchor=both))
        if self.end is not None and not (self.start.props or self.end.props):
            # Each shape shows the other's props where they stand, the body placed about
            # what both rest on: the chair of a squat is there before the seat reaches it.
            start_props, end_props = posed(self.start).props, posed(self.end).props
            if start_props or end_props:
                object.__setattr__(self, "start", replace(self.start, props=end_props))
                object.__setattr__(self, "end", replace(self.end, props=start_props))

    def mirror(self) -> Motion:
        return Motion(self.start.mirror(), self.end.mirror() if self.end else None)


@dataclass
class PoseLibrary:
    poses: dict[str, Pose] = field(default_factory=dict)
    motions: dict[str, Motion] = field(default_factory=dict)
    #: The names of the two poses each movement moves between, as its file gives them.
    moves_between: dict[str, tuple[str, str]] = field(default_factory=dict)

    def motion(self, name: str) -> Motion | None:
        if name in self.motions:
            return self.motions[name]
        pose = self.poses.get(name)
        return Motion(self.alone(name, pose)) if pose is not None else None

    def alone(self, name: str, pose: Pose) -> Pose:
        """A movement's shape drawn by itself shows the props its movement shows (the chair
        behind the standing shape of a squat to a chair), where the movement has them."""
        if pose.props:
            return pose
        for movement, pair in self.moves_between.items():
            motion = self.motions.get(movement)
            if motion is None or motion.end is None:
                continue
            for shape_name, shape in zip(pair, (motion.start, motion.end)):
                if shape_name == name and shape.props and shape.angles == pose.angles:
                    return shape
        return pose


#: A movement named by a step timed as a hold (Cat-Cow for a minute) goes there and back
#: at the pace of a slow breath: in for half of this, out for the other half.
HOLD_CYCLE_SECONDS = 6.0


def pose_at(motion: Motion, kind: str, progress: float, side: str | None = None, phase: str | None = None,
            elapsed: float | None = None) -> Pose:
    """The figure at one moment of a step, from the session's view of it: the segment's
    kind ("get_ready", "hold", "switch", "rest", "rep", "breath"), how far through it is
    (0..1), the side being worked and, for a breath, "inhale" or "exhale". A held pose is
    still; a breath moves from the first shape to the second on the way in and back on the
    way out; a rep goes there and back once; a movement timed as a hold goes there and back
    every HOLD_CYCLE_SECONDS of the `elapsed` seconds. A pose is drawn for the left side;
    the right side is its mirror image."""
    start, end = motion.start, motion.end or motion.start
    if kind == "breath":
        pose = interpolate(start, end, ease(progress)) if phase != "exhale" else interpolate(end, start, ease(progress))
    elif kind == "rep":
        pose = _there_and_back(start, end, progress)
    elif kind == "hold" and motion.end is not None and elapsed is not None:
        pose = _there_and_back(start, end, (elapsed % HOLD_CYCLE_SECONDS) / HOLD_CYCLE_SECONDS)
    else:
        pose = start
    return pose.mirror() if side == "right" else pose


def motion_share(motion: Motion, kind: str, progress: float, phase: str | None = None,
                 elapsed: float | None = None) -> float:
    """How far the figure of `pose_at` is from the movement's first shape towards its
    second at that moment (0 to 1; 0 while it is still): what a picture of the movement
    needs to know to draw only the frames that differ."""
    if motion.end is None:
        return 0.0
    if kind == "breath":
        return ease(progress) if phase != "exhale" else 1.0 - ease(progress)
    if kind == "rep":
        return _out_and_back(progress)
    if kind == "hold" and elapsed is not None:
        return _out_and_back((elapsed % HOLD_CYCLE_SECONDS) / HOLD_CYCLE_SECONDS)
    return 0.0


def _out_and_back(progress: float) -> float:
    return ease(progress * 2) if progress < 0.5 else 1.0 - ease(progress * 2 - 1)


def _there_and_back(start: Pose, end: Pose, progress: float) -> Pose:
    if progress < 0.5:
        return interpolate(start, end, ease(progress * 2))
    return interpolate(end, start, ease(progress * 2 - 1))


def moves(kind: str, motion: Motion) -> bool:
    """Whether the figure moves during such a segment (the window repaints it only then)."""
    return motion.end is not None and kind in ("breath", "rep", "hold")
