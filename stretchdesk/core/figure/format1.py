"""Poses in the form of format 1: how routine files before format 2 describe their own
poses, still read. Plain Python, no Qt.

Format 1 drew a flat figure: a pose gave a view ("side", "front", "above", "feet") and the
angles of its limbs as the picture shows them: `trunk`, `curve`, `fold`, `turn`, `neck`,
`arm_near`/`arm_far` (shoulder, elbow), `hand_near`/`hand_far`, `leg_near`/`leg_far` (hip,
knee, ankle, 90 a flat foot), `prop`, `highlight`, `behind`, `in_front`, `facing`. Seen from
the side the figure faced right with its near limbs in front; from the front, above or the
feet, its left limbs on the picture's right. `body_pose()` turns such a pose into a body in
space (core/figure/body.py) that the camera sees as the old picture showed it: from the side,
the near limbs are the ones nearer the camera.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, replace
from typing import Mapping

from stretchdesk.core.figure.body import Pose, PoseError

VIEWS = ("side", "front", "above", "feet")
PROPS = ("chair", "wall-behind", "wall-front", "block", "strap")

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
LIMBS = ("arm_near", "arm_far", "leg_near", "leg_far")
FIELDS = ("base", "view", "facing", "prop", "highlight", "behind", "in_front")




@dataclass(frozen=True)
class OldPose:
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

    def mirror(self) -> OldPose:
        """The other side: the picture flips left to right. The figure's sides swap with
        it: drawn in front, the near limbs are now its right ones (facing left, we see its
        right side), so the same angles put the other leg forward."""
        return replace(self, mirrored=not self.mirrored)

    def angles(self) -> tuple[float, ...]:
        return (self.trunk, self.curve, self.fold, *self.turn, self.neck, *self.arm_near, *self.arm_far, *self.leg_near,
                *self.leg_far, self.hand_near, self.hand_far)



def old_pose_from_mapping(data: Mapping, library: Mapping[str, OldPose] | None = None, where: str = "pose") -> OldPose:
    """A pose from its file form: `base` (a pose it starts from), `view`, the joints'
    angles, `prop`, `highlight`. Raises PoseError with a plain message."""
    library = library or {}
    pose = OldPose()
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



def pose_from_mapping(data: Mapping, library: Mapping[str, OldPose] | None = None, where: str = "pose") -> OldPose:
    """A format 1 pose from its file form (see old_pose_from_mapping)."""
    return old_pose_from_mapping(data, library, where)


#: Format 1's bones that a pose highlights, as the body's parts (the near side given below).
_HIGHLIGHT = {"spine": "lower_back", "upper_spine": "upper_back", "neck": "neck", "pelvis": "pelvis"}


def body_pose(old: OldPose) -> Pose:
    """The format 1 pose as a body in space, seen as its picture showed it."""
    side = old.view == "side"
    # From the side the near limbs were drawn in front: the side nearer the camera, the
    # body's right; from the front, above or the feet, the body's left.
    near, far = ("right", "left") if side else ("left", "right")
    angles: dict[str, tuple[float, ...]] = {}
    camera = (0.0, 0.0)
    rests: list[tuple[str, str]] = []
    if side:
        bend = max(-35.0, min(55.0, old.curve))
        angles["lean"] = (old.trunk - old.curve / 2,)
        angles["lower_back"] = (old.curve - bend, 0.0, 0.0)
        angles["upper_back"] = (bend, 0.0, 0.0)
        twist = old.turn[0]
        angles["upper_back"] = (bend, 0.0, max(-45.0, min(45.0, twist)))
        angles["neck"] = (old.neck, 0.0, old.turn[1])
    else:
        lying = old.view in ("above", "feet")
        if old.view == "front":
            camera = (90.0, 0.0)
            angles["roll"] = (old.trunk,)
            angles["lean"] = (old.fold,)
        elif old.view == "above":
            camera = (90.0, 88.0)
            angles["lean"] = (-90.0,)
            angles["heading"] = (old.trunk,)
        else:
            camera = (90.0, 15.0)
            angles["lean"] = (-90.0,)
        angles["lower_back"] = (0.0, old.curve / 2, 0.0)
        angles["upper_back"] = (0.0, old.curve / 2, max(-45.0, min(45.0, old.turn[0])))
        angles["neck"] = (old.neck, 0.0, old.turn[1])
        del lying
    for which, body_side in (("near", near), ("far", far)):
        shoulder, elbow = getattr(old, f"arm_{which}")
        hip, knee, ankle = getattr(old, f"leg_{which}")
        if side:
            angles[f"shoulder_{body_side}"] = (shoulder, 0.0, 0.0)
            angles[f"hip_{body_side}"] = (hip, 0.0, 0.0)
        else:
            angles[f"shoulder_{body_side}"] = (0.0, shoulder, 0.0)
            bend = 90.0 if old.view == "feet" else -old.fold if old.view == "front" else 0.0
            angles[f"hip_{body_side}"] = (bend, hip, 0.0)
        angles[f"elbow_{body_side}"] = (abs(elbow),)
        angles[f"knee_{body_side}"] = (abs(knee),)
        angles[f"ankle_{body_side}"] = (90.0 - ankle,)
        angles[f"wrist_{body_side}"] = (getattr(old, f"hand_{which}"),)
    if old.prop == "chair":
        rests.append(("pelvis", "chair"))
    highlight = []
    for name in old.highlight:
        if name in _HIGHLIGHT:
            highlight.append(_HIGHLIGHT[name])
        elif name.startswith("flank"):
            highlight.append("lower_back")
        else:
            part, _, which = name.rpartition("_")
            highlight.append(f"{part}_{near if which == 'near' else far}")
    return Pose(angles=angles, rests_on=tuple(rests), camera=camera,
                strap=f"foot_{near}" if old.prop == "strap" else None,
                highlight=tuple(dict.fromkeys(highlight)), mirrored=old.mirrored)
