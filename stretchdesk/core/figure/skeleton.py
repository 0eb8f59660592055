"""A human figure as a skeleton, posed by joint angles: the pictures of every step.

Plain Python, no Qt. A `Pose` names a view and gives joint angles in degrees; forward
kinematics turns it into joint positions (`Skeleton`) with the figure resting on the floor
(or on its prop); `drawing()` (core/figure/drawing.py) turns those into shapes that the
window paints and `stretchdesk show --figures` writes as SVG, the same either way.

**Views.** A side view ("side") shows lunges, folds and lying stretches: the figure faces
right, its limbs move in the plane of the picture, the near limbs (the figure's left) in
front and the far ones (its right) behind, a shade lighter. A front view ("front") shows
side bends and wide stances: the figure faces us, its right limbs on the picture's left,
its limbs spread in the plane of the picture. A view from above ("above") shows lying
twists and stretches on the back: the geometry of the front view, lying on a mat (a
figure lying face down is seen from its back, so there its right limbs are the near ones).
A view from the feet ("feet") shows a figure lying on its back with its limbs up (happy
baby): the geometry of the front view, but the trunk goes away from us and shows end on,
as deep as the body is, lying on the floor, the head just showing over the chest; up is
towards the ceiling, and `trunk`, `curve`, `fold` and `neck` do not apply.

**Layers.** The far limbs are drawn first, then the trunk, then the near limbs; a pose
may put limbs `behind` the trunk (legs tucked under a back seen from above) or
`in_front` of everything (a far arm hooked round a near knee). Limbs under the trunk are
a shade lighter, and those over it have a thin light edge.

**Angles**, all in degrees, each relative to its parent bone, positive towards the
figure's front in the side view and away from its midline in the front views:
- `trunk`: the spine from the pelvis to the shoulders against the vertical (0 upright,
  90 bent forward level, -90 lying on the back with the head behind, 180 upside down;
  in the front views, positive leans to the figure's left);
- `curve`: how much the spine bends between its lower half (the lower back, from the
  pelvis) and its upper half (from the waist to the shoulders): positive rounds it
  forward (a cat's back, a slumped fold), negative arches it (a cobra, the lower back
  lifting off the floor); in the front views positive curves it towards the figure's
  left. `trunk` stays the line from the pelvis to the shoulders: each half turns by half
  the curve, the lower one back and the upper one forward;
- `fold`: in the front views only, how far the whole upper body bends forward at the
  hips, towards us (0 upright, 90 level, 150 hanging down in a standing fold): drawn as
  seen, shortened, upside down past 90, its left still on the picture's right (the side
  view shows a fold with `trunk`, and ignores `fold`);
- `turn`: (shoulders, head), each within a quarter turn (-90 to 90): the shoulders turned
  about the spine against the hips (a twist), then the head turned against the shoulders,
  positive towards the near side (the figure's left; in the side view, towards us). Seen
  from the side the hips are a point and the turned chest shows its width, the near
  shoulder going back and the far one coming forward; from the front the hips stay square
  and the shoulders narrow by the turn's cosine; from above the figure lies on the mat,
  its shoulders flat, and its hips roll the other way and narrow instead. The head looks
  where the shoulders turn plus its own turn (from above, its own turn only): seen from
  the side the nose shows in profile, pointing back once the head has turned past a
  quarter turn (the face towards us shows none); from the front or above it moves
  across the face towards that side. Limbs keep their angles as seen, from the turned
  shoulders;
- `neck`: the head against the upper spine (positive: chin down);
- `arm_near`, `arm_far`: (shoulder, elbow): the upper arm against the upper spine
  pointing down (0 hanging, 90 forward level, 180 overhead), then the forearm's bend at
  the elbow;
- `hand_near`, `hand_far`: the hand against the forearm (0: in line with it; 90: bent so
  the palm lies flat on the floor under a straight arm, the fingers pointing forward);
- `leg_near`, `leg_far`: (hip, knee, ankle): the thigh against the lower spine pointing
  down (0 standing, 90 sitting), the knee's bend (positive bends the shin back), the foot
  against the shin (90: flat, pointing forward). In the front views elbows and knees
  bend towards the midline (and hands the same way), and a foot bent up from its shin
  points at us and is drawn shorter.

**Rest.** The figure is lifted or lowered so its lowest point touches the floor, or, with
the prop "chair", so the pelvis sits on the seat; "wall" stands a wall behind or in front.
Across, the pelvis stays at x = 0: a figure that lifts a leg or rounds its back moves
about its pelvis instead of sliding over the floor.

Mirroring (the other side of a one-sided step) flips the picture, so near and far swap:
the limbs drawn in front become the figure's right ones, and a `turn` towards the near
side turns the figure to its right. A side-view pose whose left side is best seen from its
right (the bent leg of a fold over the other, straight one) may face left (`facing:
left`): its near limbs are then its right ones, and the other side of the step faces
right.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

VIEWS = ("side", "front", "above", "feet")
PROPS = ("chair", "wall-behind", "wall-front", "block", "strap")

#: Bone lengths as shares of the figure's height (standing, heel to crown is 1.0).
BONES = {
    "spine": 0.15,  # the lower back: pelvis to the waist
    "upper_spine": 0.15,  # the waist to the shoulders' line
    "neck": 0.055,
    "head": 0.062,  # radius
    "upper_arm": 0.175,
    "forearm": 0.145,
    "hand": 0.055,
    "thigh": 0.245,
    "shin": 0.245,
    "foot": 0.085,
    "hip_width": 0.075,  # half, pelvis centre to a hip joint, in the front views
    "shoulder_width": 0.1,  # half
    "trunk_depth": 0.12,  # front to back: the trunk seen end on, from the feet
}
#: A foot seen from the front or from above, bent up from its shin, points at us: drawn
#: this share of its length (see _foot_length).
FOOT_FORESHORTENED = 0.45
#: The joints whose angles a pose gives, with how many numbers each takes.
JOINTS = {"trunk": 1, "curve": 1, "fold": 1, "turn": 2, "neck": 1, "arm_near": 2, "arm_far": 2, "leg_near": 3,
          "leg_far": 3, "hand_near": 1, "hand_far": 1}
#: The bones a pose may highlight as the area being stretched.
SEGMENTS = (
    "spine", "upper_spine", "neck", "upper_arm_near", "forearm_near", "upper_arm_far", "forearm_far",
    "thigh_near", "shin_near", "foot_near", "thigh_far", "shin_far", "foot_far", "pelvis",
    "flank_near", "flank_far",
)
#: Every angle stays within these bounds (degrees); the pose loader refuses others.
ANGLE_RANGE = (-360.0, 360.0)
#: A turn about the spine or the neck goes at most a quarter turn either way.
TURN_RANGE = (-90.0, 90.0)
#: The joints whose angles have bounds of their own.
RANGES = {"turn": TURN_RANGE}
#: What else a pose in a file may say, besides its joints' angles.
FIELDS = ("base", "view", "facing", "prop", "highlight", "behind", "in_front")
SEAT_HEIGHT = 0.25


@dataclass(frozen=True)
class Pose:
    view: str = "side"
    trunk: float = 0.0
    curve: float = 0.0
    fold: float = 0.0
    #: (shoulders, head): the shoulders turned about the spine against the hips, then the
    #: head turned against the shoulders; positive towards the near side.
    turn: tuple[float, float] = (0.0, 0.0)
    neck: float = 0.0
    arm_near: tuple[float, float] = (0.0, 10.0)
    arm_far: tuple[float, float] = (0.0, 10.0)
    leg_near: tuple[float, float, float] = (0.0, 0.0, 90.0)
    leg_far: tuple[float, float, float] = (0.0, 0.0, 90.0)
    hand_near: float = 0.0
    hand_far: float = 0.0
    prop: str | None = None
    #: The bones drawn highlighted: where the person should feel the stretch.
    highlight: tuple[str, ...] = ()
    #: Limbs drawn under the trunk, or over everything, instead of the usual far limbs
    #: behind and near ones in front (see bone_order).
    behind: tuple[str, ...] = ()
    in_front: tuple[str, ...] = ()
    #: Drawn facing left (the other side of a one-sided step).
    mirrored: bool = False

    def mirror(self) -> Pose:
        """The other side: the picture flips left to right. The figure's sides swap with
        it: drawn in front, the near limbs are now its right ones (facing left, we see its
        right side), so the same angles put the other leg forward."""
        return replace(self, mirrored=not self.mirrored)

    def angles(self) -> tuple[float, ...]:
        return (self.trunk, self.curve, self.fold, *self.turn, self.neck, *self.arm_near, *self.arm_far, *self.leg_near,
                *self.leg_far, self.hand_near, self.hand_far)


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a share `t` of the way from `a` to `b`, angle by angle: limbs keep their
    length, and the figure moves as a body does rather than sliding its hands."""
    t = min(1.0, max(0.0, t))
    if t == 0.0:
        return a
    if t == 1.0:
        return b

    def mix(x: float, y: float) -> float:
        return x + (y - x) * t

    def mix_all(xs: Iterable[float], ys: Iterable[float]) -> tuple[float, ...]:
        return tuple(mix(x, y) for x, y in zip(xs, ys))

    return replace(
        a if t < 0.5 else b,
        trunk=mix(a.trunk, b.trunk), curve=mix(a.curve, b.curve), fold=mix(a.fold, b.fold),
        turn=mix_all(a.turn, b.turn), neck=mix(a.neck, b.neck),
        arm_near=mix_all(a.arm_near, b.arm_near), arm_far=mix_all(a.arm_far, b.arm_far),
        leg_near=mix_all(a.leg_near, b.leg_near), leg_far=mix_all(a.leg_far, b.leg_far),
        hand_near=mix(a.hand_near, b.hand_near), hand_far=mix(a.hand_far, b.hand_far),
    )


def ease(t: float) -> float:
    """Slow in, slow out: a stretch is eased into and out of, never jerked."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


# -- forward kinematics --------------------------------------------------------------------------

Point = tuple[float, float]


@dataclass(frozen=True)
class Skeleton:
    """Joint positions, in figure heights, y up, the floor at y = 0 (or the mat, from above)."""

    view: str
    joints: Mapping[str, Point]
    #: (name, from joint, to joint) for every bone, drawn in this order (far limbs first).
    bones: tuple[tuple[str, str, str], ...]
    prop: str | None
    highlight: tuple[str, ...]
    mirrored: bool

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.joints.values()]
        ys = [p[1] for p in self.joints.values()]
        head = self.joints["head"]
        r = BONES["head"]
        return min(*xs, head[0] - r), min(*ys, head[1] - r), max(*xs, head[0] + r), max(*ys, head[1] + r)

    def length(self, bone: str) -> float:
        for name, a, b in self.bones:
            if name == bone:
                (x1, y1), (x2, y2) = self.joints[a], self.joints[b]
                return math.hypot(x2 - x1, y2 - y1)
        raise KeyError(bone)


def _direction(angle: float) -> Point:
    """A unit vector at `angle` degrees from straight up, clockwise (towards +x)."""
    radians = math.radians(angle)
    return math.sin(radians), math.cos(radians)


def _step(start: Point, angle: float, length: float) -> Point:
    dx, dy = _direction(angle)
    return start[0] + dx * length, start[1] + dy * length


BONE_ORDER_SIDE = (
    ("upper_arm_far", "shoulder_far", "elbow_far"), ("forearm_far", "elbow_far", "wrist_far"),
    ("hand_far", "wrist_far", "hand_far"),
    ("thigh_far", "hip_far", "knee_far"), ("shin_far", "knee_far", "ankle_far"), ("foot_far", "ankle_far", "toe_far"),
    ("pelvis", "hip_near", "hip_far"),
    ("spine", "pelvis", "waist"), ("upper_spine", "waist", "shoulders"), ("neck", "shoulders", "neck"),
    ("shoulder_line", "shoulder_near", "shoulder_far"),
    ("flank_far", "hip_far", "shoulder_far"), ("flank_near", "hip_near", "shoulder_near"),
    ("thigh_near", "hip_near", "knee_near"), ("shin_near", "knee_near", "ankle_near"), ("foot_near", "ankle_near", "toe_near"),
    ("upper_arm_near", "shoulder_near", "elbow_near"), ("forearm_near", "elbow_near", "wrist_near"),
    ("hand_near", "wrist_near", "hand_near"),
)


def _foot_length(side: bool, ankle: float) -> float:
    """The foot as drawn: whole from the side; from the front or above, a foot bent up
    from its shin points at us and shows shorter, one in line with it (pointed toes, or
    a foot flat on the mat under a figure lying face down) shows whole."""
    if side:
        return BONES["foot"]
    return BONES["foot"] * max(FOOT_FORESHORTENED, abs(math.cos(math.radians(ankle))))


LIMBS = ("arm_near", "arm_far", "leg_near", "leg_far")


def limb_of(bone: str) -> str | None:
    """'shin_near' -> 'leg_near': the limb a bone belongs to, or None for the trunk."""
    part, _, which = bone.rpartition("_")
    if part in ("thigh", "shin", "foot"):
        return f"leg_{which}"
    if part in ("upper_arm", "forearm", "hand"):
        return f"arm_{which}"
    return None


def bone_order(behind: Iterable[str] = (), in_front: Iterable[str] = ()) -> tuple[tuple[str, str, str], ...]:
    """The bones in the order they are drawn: the far limbs, the trunk, the near limbs,
    but with the limbs a pose puts `behind` the trunk under it and those `in_front` over
    everything (a far arm hooked round a near knee)."""
    behind, in_front = set(behind), set(in_front)

    def layer(bone: tuple[str, str, str]) -> float:
        limb = limb_of(bone[0])
        if limb is None:
            return 1.0
        if limb in in_front:
            return 3.0
        if limb in behind:
            return 0.5 if limb.endswith("_near") else 0.0
        return 0.0 if limb.endswith("_far") else 2.0

    return tuple(sorted(BONE_ORDER_SIDE, key=layer))


def skeleton(pose: Pose) -> Skeleton:
    """Forward kinematics: each bone from its parent's end, at its angle to its parent."""
    joints: dict[str, Point] = {"pelvis": (0.0, 0.0)}
    side = pose.view == "side"
    if pose.view == "feet":
        # The trunk goes away from us, seen end on: the shoulders behind the hips, the
        # head lying behind the chest, its upper half showing over it; the limbs' angles
        # are measured from the picture's up, towards the ceiling.
        lower = upper = crown = 0.0
        joints["waist"] = joints["shoulders"] = joints["pelvis"]
        joints["neck"] = (0.0, BONES["trunk_depth"] / 2)
        joints["head"] = (0.0, BONES["trunk_depth"] / 2 + BONES["head"] / 2)
    else:
        # In the side view "towards the front" is clockwise (the figure faces +x); angles
        # are kept in that sense and the picture is flipped at the end for a mirrored pose.
        lower = pose.trunk - pose.curve / 2  # the lower back, from the pelvis
        upper = pose.trunk + pose.curve / 2  # the upper back, from the waist
        crown = upper + pose.neck  # the head
        joints["waist"] = _step(joints["pelvis"], lower, BONES["spine"])
        joints["shoulders"] = _step(joints["waist"], upper, BONES["upper_spine"])
        joints["neck"] = _step(joints["shoulders"], crown, BONES["neck"])
        joints["head"] = _step(joints["neck"], crown, BONES["head"])
    joints["nose"] = _nose(joints["head"], crown, pose)
    shoulder_spread, hip_spread = _spread(pose)

    for which in ("near", "far"):
        # In the front views the figure's left (near) is on the picture's right, and a
        # positive angle takes a limb away from the midline: clockwise for the near side.
        outward = 1.0 if (side or which == "near") else -1.0
        # Which way the shoulder and the hip sit from the spine: across it to the figure's
        # side from the front, forward or back (by the turn) from the side.
        across = 1.0 if which == "near" else -1.0
        chest, hips = _direction(upper + 90.0), _direction(lower + 90.0)
        shoulder = (joints["shoulders"][0] + chest[0] * BONES["shoulder_width"] * shoulder_spread * across,
                    joints["shoulders"][1] + chest[1] * BONES["shoulder_width"] * shoulder_spread * across)
        hip = (hips[0] * BONES["hip_width"] * hip_spread * across, hips[1] * BONES["hip_width"] * hip_spread * across)
        shoulder_angle, elbow = getattr(pose, f"arm_{which}")
        hip_angle, knee, ankle = getattr(pose, f"leg_{which}")
        # The arms hang from the upper spine, the legs from the lower spine (the pelvis).
        upper_arm = upper + 180.0 - outward * shoulder_angle
        # Bends are measured from the side: an elbow folds the forearm forward, a knee
        # folds the shin back; in the front views both fold towards the midline.
        fore = upper_arm - elbow if side else upper_arm + outward * elbow
        wrist = getattr(pose, f"hand_{which}")
        hand = fore - wrist if side else fore + outward * wrist
        joints[f"shoulder_{which}"] = shoulder
        joints[f"elbow_{which}"] = _step(shoulder, upper_arm, BONES["upper_arm"])
        joints[f"wrist_{which}"] = _step(joints[f"elbow_{which}"], fore, BONES["forearm"])
        joints[f"hand_{which}"] = _step(joints[f"wrist_{which}"], hand, BONES["hand"])
        thigh = lower + 180.0 - outward * hip_angle
        shin = thigh + outward * knee
        foot = shin - outward * ankle
        joints[f"hip_{which}"] = hip
        joints[f"knee_{which}"] = _step(hip, thigh, BONES["thigh"])
        joints[f"ankle_{which}"] = _step(joints[f"knee_{which}"], shin, BONES["shin"])
        joints[f"toe_{which}"] = _step(joints[f"ankle_{which}"], foot, _foot_length(side, ankle))

    if pose.view in ("front", "above") and pose.fold:
        joints.update(_folded(joints, lower, pose.fold))
    joints = _rest(joints, pose)
    if pose.mirrored:
        joints = {name: (-x, y) for name, (x, y) in joints.items()}
    order = bone_order(pose.behind, pose.in_front) if pose.behind or pose.in_front else BONE_ORDER_SIDE
    return Skeleton(pose.view, joints, order, pose.prop, pose.highlight, pose.mirrored)


def _spread(pose: Pose) -> tuple[float, float]:
    """How wide the shoulders and the hips show, as shares of their width, with the
    shoulders turned against the hips by `turn`. Seen from the side the hips are a point
    and a turned chest shows its width: the near shoulder goes back, the far one comes
    forward (as its negative share). From the front the hips stay square to us and the
    shoulders narrow; from above the figure lies on the mat, its shoulders flat on it,
    and the hips roll the other way and narrow instead."""
    turn = math.radians(pose.turn[0])
    if pose.view == "side":
        return -math.sin(turn), 0.0
    if pose.view == "above":
        return 1.0, math.cos(turn)
    return math.cos(turn), 1.0


#: Where the nose sits on the head, as a share of its radius.
NOSE_OUT = 0.95


def _nose(head: Point, crown: float, pose: Pose) -> Point:
    """The nose, on the face's side of the head: which way the figure looks. The head looks
    where the shoulders turn and turns further by `turn`'s second angle (from above, where
    the shoulders lie flat, by that alone). Seen from the side the face shows in profile,
    forward, or backward once the head has turned more than a quarter turn (towards us,
    in between, the nose is inside the head's round); from the front or above it moves
    across the face towards the side the head turns to."""
    look = math.radians(pose.turn[1] + (pose.turn[0] if pose.view != "above" else 0.0))
    # A quarter turn clockwise from the crown: the face from the side, the figure's left
    # (the picture's right) from the front.
    face = _direction(crown + 90.0)
    if pose.view == "side":
        reach = math.copysign(min(1.0, 2.0 * abs(math.cos(look))), math.cos(look))
    else:
        reach = math.sin(look)
    out = BONES["head"] * NOSE_OUT * reach
    return head[0] + face[0] * out, head[1] + face[1] * out


#: The joints that move with the upper body when it folds forward at the hips.
UPPER_BODY = ("waist", "shoulders", "neck", "head", "nose") + tuple(
    f"{joint}_{which}" for joint in ("shoulder", "elbow", "wrist", "hand") for which in ("near", "far"))


def _folded(joints: Mapping[str, Point], lower: float, fold: float) -> dict[str, Point]:
    """The upper body bent forward at the hips by `fold` degrees, towards us, as a front
    view sees it: along the body it shortens by the fold's cosine (turning upside down
    past 90 degrees), across it stays as it is."""
    squash = math.cos(math.radians(fold))
    up_x, up_y = _direction(lower)  # the body's own up, leaning with the lower spine
    across_x, across_y = up_y, -up_x
    folded: dict[str, Point] = {}
    for name in UPPER_BODY:
        x, y = joints[name]  # from the pelvis, at (0, 0)
        along, across = x * up_x + y * up_y, x * across_x + y * across_y
        along *= squash
        folded[name] = (along * up_x + across * across_x, along * up_y + across * across_y)
    return folded


def _rest(joints: dict[str, Point], pose: Pose) -> dict[str, Point]:
    """Lift or lower the figure onto the floor (its lowest point), or onto the chair seat;
    across, the pelvis stays where it is (x = 0)."""
    if pose.prop == "chair":
        lift = SEAT_HEIGHT - joints["pelvis"][1] + 0.03
    else:
        lowest = min(y for name, (x, y) in joints.items() if name != "head")
        lowest = min(lowest, joints["head"][1] - BONES["head"])
        if pose.view == "feet":
            # The trunk seen end on lies on the floor: its back, not its middle.
            lowest = min(lowest, joints["pelvis"][1] - BONES["trunk_depth"] / 2)
        lift = -lowest
    return {name: (x, y + lift) for name, (x, y) in joints.items()}


# -- poses from data ----------------------------------------------------------------------------

class PoseError(ValueError):
    """A pose the figure cannot take. The message names the pose (`where`) and the field to
    blame (`key`, or None for the pose as a whole); `detail` is what is wrong, in plain words."""

    def __init__(self, where: str, key: str | None, detail: str):
        super().__init__(f"{where}, {key}: {detail}" if key else f"{where}: {detail}")
        self.key = key
        self.detail = detail


def pose_from_mapping(data: Mapping, library: Mapping[str, Pose] | None = None, where: str = "pose") -> Pose:
    """A pose from its file form: `base` (a pose it starts from), `view`, the joints'
    angles, `prop`, `highlight`. Raises PoseError with a plain message."""
    library = library or {}
    pose = Pose()
    base = data.get("base")
    if base is not None:
        if not isinstance(base, str) or base not in library:
            hint = difflib.get_close_matches(str(base), list(library), n=1)
            raise PoseError(where, "base", f"there is no pose '{base}' to start from"
                            + (f"; did you mean '{hint[0]}'?" if hint else " (a pose starts from one defined above it)"))
        pose = library[base]
    changes: dict = {}
    for key, value in data.items():
        if key in ("base", "name", "summary"):
            continue
        if key == "view":
            if value not in VIEWS:
                raise PoseError(where, "view", f"'{value}' is not a view; use one of {', '.join(VIEWS)}")
            changes["view"] = value
        elif key in JOINTS:
            count = JOINTS[key]
            numbers = [value] if count == 1 and not isinstance(value, list) else value
            if not isinstance(numbers, list) or len(numbers) != count or not all(
                    isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
                shape = "one angle" if count == 1 else f"a list of {count} angles"
                raise PoseError(where, key, f"give {shape} in degrees, not {value!r}")
            low, high = RANGES.get(key, ANGLE_RANGE)
            for number in numbers:
                if not low <= number <= high or not math.isfinite(number):
                    raise PoseError(where, key, f"{number} is not an angle from {low:g} to {high:g} degrees")
            changes[key] = float(numbers[0]) if count == 1 else tuple(float(n) for n in numbers)
        elif key == "prop":
            if value is not None and value not in PROPS:
                raise PoseError(where, "prop", f"'{value}' is not a prop; use one of {', '.join(PROPS)}")
            changes["prop"] = value
        elif key == "highlight":
            names = value if isinstance(value, list) else [value]
            for name in names:
                if name not in SEGMENTS:
                    raise PoseError(where, "highlight", f"'{name}' is not a part of the figure; use {', '.join(SEGMENTS)}")
            changes["highlight"] = tuple(names)
        elif key == "facing":
            if value not in ("right", "left"):
                raise PoseError(where, "facing", f"'{value}' is not a direction; use right or left")
            changes["mirrored"] = value == "left"
        elif key in ("behind", "in_front"):
            names = value if isinstance(value, list) else [value]
            for name in names:
                if name not in LIMBS:
                    raise PoseError(where, key, f"'{name}' is not a limb; use {', '.join(LIMBS)}")
            changes[key] = tuple(names)
        else:
            hint = difflib.get_close_matches(str(key), [*FIELDS, *JOINTS], n=1)
            raise PoseError(where, None, f"'{key}' is not part of a pose" + (f"; did you mean '{hint[0]}'?" if hint else ""))
    pose = replace(pose, **changes)
    if pose.mirrored and pose.view != "side":
        raise PoseError(where, "facing", "only a figure seen from the side faces left or right")
    both = set(pose.behind) & set(pose.in_front)
    if both:
        raise PoseError(where, None, f"'{sorted(both)[0]}' is both behind and in front; keep one")
    return pose


@dataclass(frozen=True)
class Motion:
    """What a step shows: one pose, or two it moves between (cat and cow; the pull and the
    release of a rep)."""

    start: Pose
    end: Pose | None = None

    def mirror(self) -> Motion:
        return Motion(self.start.mirror(), self.end.mirror() if self.end else None)


@dataclass
class PoseLibrary:
    poses: dict[str, Pose] = field(default_factory=dict)
    motions: dict[str, Motion] = field(default_factory=dict)

    def motion(self, name: str) -> Motion | None:
        if name in self.motions:
            return self.motions[name]
        pose = self.poses.get(name)
        return Motion(pose) if pose is not None else None


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
