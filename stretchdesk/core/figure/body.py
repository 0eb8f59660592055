"""A human body in three dimensions, posed by its joints' angles: the pictures of every step.

Plain Python, no Qt. A `Pose` gives the angle of every joint in degrees, within the ranges a
body's joints really have (RANGES), says what bears the body's weight (`rests_on`) and which
props it uses; `posed()` turns it into points in space (`Body`) resting on the floor, a
chair, a step, a block or a cushion, with a wall where the pose leans on one. The camera
(core/figure/camera.py) then sees the body from the side, the front, three quarters or
above, and core/figure/drawing.py draws what it sees.

**Space.** Distances are shares of a standing figure's height. x points where the body faces
when it stands, y up (the floor at y = 0), z to the body's right.

**Angles**, each relative to the bone it hangs from, so that the same number means the same
movement on the left and on the right:
- `lean`, `roll`, `heading`: the pelvis in space: `lean` tips it forward (90: lying face
  down, -90: lying on the back); `roll` then turns it about the line it faces along, towards
  its left (standing, 90 lays it on its left side; lying on the back, 30 rolls it a little
  onto its left side, as a twist does); `heading` turns the whole body to its left about the
  vertical;
- `lower_back`, `upper_back`: [bend, side, twist]: the lower back from the pelvis and the
  upper back from the waist; bend + rounds forward, - arches; side + bends to the left;
  twist + turns the chest to the left;
- `neck`: [bend, side, turn]: bend + drops the chin, - looks up; side + tilts the head to the
  left; turn + looks to the left;
- `hip_left`, `hip_right`: [bend, out, turn]: bend + brings the thigh forward (90: sitting),
  - takes it back; out + opens it to the side, - crosses it over the midline; turn + turns
  the knee out (the position of a butterfly), - in;
- `knee_left`, `knee_right`: how far the knee bends (0 straight);
- `ankle_left`, `ankle_right`: + points the toes, - pulls them up (0: the foot at a right
  angle to the shin, as when standing);
- `shoulder_left`, `shoulder_right`: [raise, out, turn]: raise lifts the arm forward (90:
  level in front, 180: overhead), - takes it back; out lifts it to the side (90: level);
  turn + turns it out about its own length;
- `elbow_left`, `elbow_right`: how far the elbow bends (0 straight);
- `wrist_left`, `wrist_right`: + bends the hand back (90: a palm flat on the floor under
  a straight arm), - curls it in.

**Resting.** `rests_on` names the parts that bear the weight, each on the floor, on a prop
("hand_left on block", "pelvis on chair", "back on wall") or on another part of the body
("knee_right on thigh_left", "ankle_left on knee_right", "hand_left on knee_left"). The body is lowered until its
lowest point touches the floor; a chair's seat, a step, a block or a cushion is put under the
part that rests on it, and a wall against the part that leans on it. `check()` says where
a pose fails: a part said to rest that does not touch, a part that sinks through the
floor or a prop, a limb that passes through another part of the body.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field, replace
from typing import Mapping

Vector = tuple[float, float, float]
Matrix = tuple[Vector, Vector, Vector]  # rows

SIDES = ("left", "right")

#: Bone lengths, as shares of a standing figure's height.
LENGTHS = {
    "lower_back": 0.15,  # the pelvis to the waist
    "upper_back": 0.16,  # the waist to the shoulders' line
    "neck": 0.06,
    "head": 0.065,  # radius
    "upper_arm": 0.18,
    "forearm": 0.15,
    "hand": 0.09,
    "thigh": 0.235,
    "shin": 0.235,
    "hip_width": 0.055,  # half: the pelvis's centre to a hip joint
    "hip_drop": 0.03,  # the hip joints sit this far below the pelvis's centre
    "shoulder_width": 0.115,  # half
    "ankle_height": 0.045,  # the ankle above the sole
    "heel": 0.04,  # the back of the heel behind the ankle
    "toe": 0.13,  # the toes' tips in front of the ankle
}

#: How thick each part is: the radius of a limb at its two ends, of the head, of the
#: spheres that make the trunk.
RADII = {
    "thigh": (0.05, 0.034),
    "shin": (0.037, 0.026),
    "foot": (0.024, 0.018),
    "upper_arm": (0.033, 0.026),
    "forearm": (0.026, 0.02),
    "hand": (0.021, 0.017),
    "neck": (0.03, 0.03),
    "head": 0.065,
}

#: The trunk as spheres in the frame of the part that carries them: (x forward, y up, z
#: right) from the joint the part starts at, and the radius. The lower trunk (the pelvis
#: and the belly) moves with the pelvis and the lower back, the chest with the upper back.
PELVIS_SPHERES = (
    ((0.0, -0.015, -0.05), 0.058), ((0.0, -0.015, 0.05), 0.058),  # the hips
    ((-0.03, 0.0, 0.0), 0.064),  # the seat and the sacrum
)
LOWER_BACK_SPHERES = (
    ((0.012, 0.07, 0.0), 0.075),  # the belly and the lower back
    ((0.0, 0.15, -0.05), 0.06), ((0.0, 0.15, 0.05), 0.06),  # the waist
)
UPPER_BACK_SPHERES = (
    ((0.005, 0.0, -0.05), 0.06), ((0.005, 0.0, 0.05), 0.06),  # the waist
    ((0.02, 0.085, 0.0), 0.078),  # the chest
    ((-0.03, 0.11, -0.065), 0.06), ((-0.03, 0.11, 0.065), 0.06),  # the shoulder blades
)

#: Each joint's angles: how many, what each is called, and the range a body allows.
JOINTS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "lean": (("lean", -180.0, 180.0),),
    "roll": (("roll", -180.0, 180.0),),
    "heading": (("heading", -180.0, 180.0),),
    "lower_back": (("bend", -50.0, 55.0), ("side", -30.0, 30.0), ("twist", -25.0, 25.0)),
    "upper_back": (("bend", -45.0, 55.0), ("side", -30.0, 30.0), ("twist", -45.0, 45.0)),
    "neck": (("bend", -60.0, 70.0), ("side", -40.0, 40.0), ("turn", -80.0, 80.0)),
    **{f"hip_{side}": (("bend", -35.0, 150.0), ("out", -40.0, 85.0), ("turn", -50.0, 70.0)) for side in SIDES},
    **{f"knee_{side}": (("bend", 0.0, 160.0),) for side in SIDES},
    **{f"ankle_{side}": (("point", -35.0, 80.0),) for side in SIDES},
    **{f"shoulder_{side}": (("raise", -60.0, 185.0), ("out", -45.0, 185.0), ("turn", -90.0, 100.0)) for side in SIDES},
    **{f"elbow_{side}": (("bend", 0.0, 155.0),) for side in SIDES},
    **{f"wrist_{side}": (("bend", -80.0, 95.0),) for side in SIDES},
}

#: The parts of the body a pose can rest on, highlight or name: each limb's bones, the
#: trunk's parts.
LIMB_BONES = ("upper_arm", "forearm", "hand", "thigh", "shin", "foot")
PARTS = (
    "pelvis", "lower_back", "upper_back", "neck", "head",
    *(f"{bone}_{side}" for side in SIDES for bone in LIMB_BONES),
)
#: Besides the parts: narrower places a pose can rest on.
PLACES = (
    "back", "seat", *(f"{place}_{side}" for side in SIDES for place in ("side", "knee", "heel", "toes", "elbow", "hip", "shoulder", "ankle")),
)
SURFACES = ("floor", "chair", "step", "block", "cushion", "wall")
#: Props drawn with a pose that nothing rests on.
LOOSE_PROPS = ("strap",)
#: How high a prop's top is above the floor (a chair's seat, a step, a block, a cushion).
SURFACE_HEIGHTS = {"chair": (0.22, 0.3), "step": (0.08, 0.12), "block": (0.06, 0.12), "cushion": (0.03, 0.08)}

#: A resting part touches its surface when it is this close (shares of the height: about 2 cm).
TOUCH = 0.012
#: Two parts of the body pass through each other when their middles come closer than this
#: share of their thicknesses put together (they may press against each other: a hand on a
#: knee, a thigh against the chest).
PASS_THROUGH = 0.55

FIELDS = ("base", "view", "camera", "rests_on", "strap", "highlight", "works", "name", "summary")
#: What a pose works, as the pose sheet and the list of poses group them.
WORKS = ("starting positions", "back", "hips", "hamstrings", "thighs and calves", "core", "on a chair")


@dataclass(frozen=True)
class Prop:
    """A prop the body rests on or leans against, where it stands: `level` is the height of
    its top (a chair's seat, a step, a block, a cushion) or, for a wall, the x of its face,
    which faces `facing` (+1: it stands in front of the body, -1: behind); `x` and `z` are
    the middle of the part resting on it."""

    surface: str
    place: str
    level: float
    facing: float = 0.0
    x: float = 0.0
    z: float = 0.0


@dataclass(frozen=True)
class Pose:
    """A body's joint angles (see the module's notes), what it rests on, how it is seen."""

    angles: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    #: (part or place, surface) for every part that bears the weight.
    rests_on: tuple[tuple[str, str], ...] = ()
    #: The camera: (azimuth, elevation) in degrees (see camera.py), from the view's name or given.
    camera: tuple[float, float] = (0.0, 0.0)
    #: A strap from the hands to this foot ("foot_left"), or None.
    strap: str | None = None
    #: The parts drawn highlighted: where the person should feel the stretch.
    highlight: tuple[str, ...] = ()
    #: Drawn as the mirror image (the other side of a one-sided step).
    mirrored: bool = False
    #: The places that stay where they are through a movement (its two shapes rest on them
    #: both: the hands and the knees of cat and cow, the feet of a bridge); the body is
    #: placed with their middle over the origin, or with its pelvis there when none are given.
    anchor: tuple[str, ...] = ()
    #: What it works (one of WORKS), for grouping; None for a pose that does not say.
    works: str | None = None
    #: The props of a movement's other shape, where they stand (set by Motion): shown with
    #: this one too, so a chair does not appear only when the seat reaches it.
    props: tuple[Prop, ...] = ()

    def angle(self, joint: str) -> tuple[float, ...]:
        found = self.angles.get(joint)
        return found if found is not None else tuple(0.0 for _ in JOINTS[joint])

    def mirror(self) -> Pose:
        """The other side: the picture flips left to right (camera.py); the body keeps its
        angles, so the picture of the right side is the left side's mirror image."""
        return replace(self, mirrored=not self.mirrored)

    def key(self) -> tuple:
        """Everything that decides the picture, hashable."""
        return (tuple(sorted(self.angles.items())), self.rests_on, self.camera, self.strap, self.highlight, self.mirrored,
                self.anchor, self.props)

    def __hash__(self) -> int:
        return hash(self.key())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pose) and self.key() == other.key()


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a share `t` of the way from `a` to `b`, angle by angle: limbs keep their
    lengths and the body moves as a body does. The parts resting are those both rest on."""
    t = min(1.0, max(0.0, t))
    if t == 0.0:
        return a
    if t == 1.0:
        return b
    joints = set(a.angles) | set(b.angles)
    mixed = {joint: tuple(x + (y - x) * t for x, y in zip(a.angle(joint), b.angle(joint))) for joint in joints}
    both = tuple(rest for rest in a.rests_on if rest in b.rests_on)
    camera = (a.camera[0] + (b.camera[0] - a.camera[0]) * t, a.camera[1] + (b.camera[1] - a.camera[1]) * t)
    nearer = a if t < 0.5 else b
    # Each shape of a movement carries the other's props: between them, both shapes' props.
    props = a.props + tuple(prop for prop in b.props if prop not in a.props)
    # What glows glows all the way through, whichever shape it belongs to.
    highlight = a.highlight + tuple(part for part in b.highlight if part not in a.highlight)
    return replace(nearer, angles=mixed, rests_on=both, camera=camera, props=props, highlight=highlight)


# -- rotations ------------------------------------------------------------------------------------

IDENTITY: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def _about_x(degrees: float) -> Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def _about_y(degrees: float) -> Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def _about_z(degrees: float) -> Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _times(a: Matrix, b: Matrix) -> Matrix:
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))  # type: ignore[return-value]


def _apply(m: Matrix, v: Vector) -> Vector:
    return (m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
            m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
            m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2])


def _plus(a: Vector, b: Vector) -> Vector:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2]


def _at(origin: Vector, frame: Matrix, offset: Vector) -> Vector:
    return _plus(origin, _apply(frame, offset))


def _spine(bend: float, side: float, twist: float) -> Matrix:
    # Bending forward tips +y towards +x: about z, negative. Bending to the left tips +y
    # towards -z: about x, negative. Twisting to the left turns +x towards -z: about y, positive.
    return _times(_times(_about_z(-bend), _about_x(-side)), _about_y(twist))


def _limb(sign: float, bend: float, out: float, turn: float) -> Matrix:
    """A hip or a shoulder: a bone hanging down (-y) brought forward by `bend` (towards +x:
    about z, positive), out to its side by `out` (towards +z on the right: about x,
    negative there) and turned out about its length by `turn` (the front, +x, towards the
    body's side: about y, negative on the right). `sign` is +1 on the right, -1 on the left."""
    return _times(_times(_about_z(bend), _about_x(-sign * out)), _about_y(-sign * turn))


# -- the body in space ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Limb:
    """A bone as a tapering rod: from `a` to `b`, `ra` thick at `a` and `rb` at `b`."""

    name: str
    a: Vector
    b: Vector
    ra: float
    rb: float


@dataclass(frozen=True)
class Body:
    """A posed body resting where its pose rests: its joints, its limbs as rods, its trunk
    as spheres, and its props, all in space (see the module's notes)."""

    pose: Pose
    joints: Mapping[str, Vector]
    limbs: Mapping[str, Limb]
    #: The trunk's spheres, by part ("pelvis", "lower_back", "upper_back"), each (centre, radius).
    trunk: Mapping[str, tuple[tuple[Vector, float], ...]]
    #: The props under or beside the body.
    props: tuple[Prop, ...]
    #: The direction the face looks.
    face: Vector

    def spheres(self, part: str) -> list[tuple[Vector, float]]:
        """The part as spheres: a trunk part's own, a limb's two ends and its middle, the head."""
        if part in self.trunk:
            return list(self.trunk[part])
        if part == "head":
            return [(self.joints["head"], RADII["head"])]
        limb = self.limbs[part]
        middle = tuple((p + q) / 2 for p, q in zip(limb.a, limb.b))
        return [(limb.a, limb.ra), (middle, (limb.ra + limb.rb) / 2), (limb.b, limb.rb)]  # type: ignore[list-item]

    def lowest(self, part: str) -> float:
        return min(centre[1] - radius for centre, radius in _place_spheres(self, part))

    def bounds(self) -> tuple[Vector, Vector]:
        """The smallest box round the whole body (with its thickness)."""
        lows, highs = [math.inf] * 3, [-math.inf] * 3
        for centre, radius in all_spheres(self):
            for i in range(3):
                lows[i] = min(lows[i], centre[i] - radius)
                highs[i] = max(highs[i], centre[i] + radius)
        return (lows[0], lows[1], lows[2]), (highs[0], highs[1], highs[2])


def all_spheres(body: Body) -> list[tuple[Vector, float]]:
    found: list[tuple[Vector, float]] = []
    for part in ("pelvis", "lower_back", "upper_back", "head"):
        found.extend(body.spheres(part))
    for name, limb in body.limbs.items():
        found.extend(body.spheres(name))
    return found


def _place_spheres(body: Body, place: str) -> list[tuple[Vector, float]]:
    """A part or a narrower place as spheres: what touches when the pose rests on it."""
    if place in body.trunk or place == "head" or place in body.limbs:
        return body.spheres(place)
    if place == "back":
        return [*body.trunk["pelvis"], *body.trunk["lower_back"], *body.trunk["upper_back"]]
    if place == "seat":
        return list(body.trunk["pelvis"])
    what, _, side = place.rpartition("_")
    if what == "side":
        return _side_spheres(body, side)
    if what == "knee":
        return [(body.joints[f"knee_{side}"], RADII["shin"][0] * 1.05)]
    if what == "ankle":
        return [(body.joints[f"ankle_{side}"], RADII["shin"][1] * 1.2)]
    if what == "heel":
        return [(body.joints[f"heel_{side}"], RADII["foot"][0])]
    if what == "toes":
        return [(body.joints[f"toe_{side}"], RADII["foot"][1])]
    if what == "elbow":
        return [(body.joints[f"elbow_{side}"], RADII["forearm"][0])]
    if what == "hip":
        return [body.trunk["pelvis"][0 if side == "left" else 1]]
    if what == "shoulder":
        return [body.trunk["upper_back"][3 if side == "left" else 4], (body.joints[f"shoulder_{side}"], RADII["upper_arm"][0])]
    raise KeyError(place)


def _side_spheres(body: Body, side: str) -> list[tuple[Vector, float]]:
    """A side of the trunk: its hip, its waist, its shoulder."""
    index = 0 if side == "left" else 1
    return [body.trunk["pelvis"][index], body.trunk["lower_back"][1 + index], body.trunk["upper_back"][index],
            body.trunk["upper_back"][3 + index], (body.joints[f"shoulder_{side}"], RADII["upper_arm"][0])]


def _skeleton(pose: Pose) -> tuple[dict[str, Vector], dict[str, Limb], dict[str, tuple[tuple[Vector, float], ...]], Vector]:
    """Forward kinematics from the pelvis at the origin: every joint from its parent's frame."""
    lean, = pose.angle("lean")
    roll, = pose.angle("roll")
    heading, = pose.angle("heading")
    # Leaning tips the body about its left-right line; rolling then turns it about the
    # line it faces along (for a body lying down, about its own length: onto a side).
    pelvis_frame = _times(_times(_about_y(heading), _about_x(-roll)), _about_z(-lean))
    origin: Vector = (0.0, 0.0, 0.0)
    joints: dict[str, Vector] = {"pelvis": origin}
    lower_frame = _times(pelvis_frame, _spine(*pose.angle("lower_back")))
    joints["waist"] = _at(origin, lower_frame, (0.0, LENGTHS["lower_back"], 0.0))
    upper_frame = _times(lower_frame, _spine(*pose.angle("upper_back")))
    joints["shoulders"] = _at(joints["waist"], upper_frame, (0.0, LENGTHS["upper_back"], 0.0))
    neck_frame = _times(upper_frame, _spine(*pose.angle("neck")))
    joints["neck"] = _at(joints["shoulders"], neck_frame, (0.0, LENGTHS["neck"], 0.0))
    joints["head"] = _at(joints["neck"], neck_frame, (-0.02, RADII["head"] * 0.95, 0.0))
    face = _apply(neck_frame, (1.0, 0.0, 0.0))
    joints["nose"] = _at(joints["head"], neck_frame, (RADII["head"], -0.005, 0.0))
    trunk = {
        "pelvis": tuple((_at(origin, pelvis_frame, c), r) for c, r in PELVIS_SPHERES),
        "lower_back": tuple((_at(origin, lower_frame, c), r) for c, r in LOWER_BACK_SPHERES),
        "upper_back": tuple((_at(joints["waist"], upper_frame, c), r) for c, r in UPPER_BACK_SPHERES),
    }
    limbs: dict[str, Limb] = {
        "neck": Limb("neck", joints["shoulders"], joints["neck"], *RADII["neck"]),
    }
    for side in SIDES:
        sign = 1.0 if side == "right" else -1.0
        shoulder = _at(joints["shoulders"], upper_frame, (-0.01, -0.012, sign * LENGTHS["shoulder_width"]))
        arm = _times(upper_frame, _limb(sign, *pose.angle(f"shoulder_{side}")))
        elbow = _at(shoulder, arm, (0.0, -LENGTHS["upper_arm"], 0.0))
        forearm = _times(arm, _about_z(pose.angle(f"elbow_{side}")[0]))
        wrist = _at(elbow, forearm, (0.0, -LENGTHS["forearm"], 0.0))
        # Bending the hand back (+) turns its fingers forward from an arm hanging down: a
        # palm flat on the floor under a straight arm.
        hand = _times(forearm, _about_z(pose.angle(f"wrist_{side}")[0]))
        fingers = _at(wrist, hand, (0.0, -LENGTHS["hand"], 0.0))
        hip = _at(origin, pelvis_frame, (0.0, -LENGTHS["hip_drop"], sign * LENGTHS["hip_width"]))
        leg = _times(pelvis_frame, _limb(sign, *pose.angle(f"hip_{side}")))
        knee = _at(hip, leg, (0.0, -LENGTHS["thigh"], 0.0))
        shin = _times(leg, _about_z(-pose.angle(f"knee_{side}")[0]))
        ankle = _at(knee, shin, (0.0, -LENGTHS["shin"], 0.0))
        foot = _times(shin, _about_z(-pose.angle(f"ankle_{side}")[0]))
        heel = _at(ankle, foot, (-LENGTHS["heel"], -LENGTHS["ankle_height"] + RADII["foot"][0], 0.0))
        toe = _at(ankle, foot, (LENGTHS["toe"], -LENGTHS["ankle_height"] + RADII["foot"][1], 0.0))
        joints.update({f"shoulder_{side}": shoulder, f"elbow_{side}": elbow, f"wrist_{side}": wrist,
                       f"fingers_{side}": fingers, f"hip_{side}": hip, f"knee_{side}": knee,
                       f"ankle_{side}": ankle, f"heel_{side}": heel, f"toe_{side}": toe})
        limbs.update({
            f"upper_arm_{side}": Limb(f"upper_arm_{side}", shoulder, elbow, *RADII["upper_arm"]),
            f"forearm_{side}": Limb(f"forearm_{side}", elbow, wrist, *RADII["forearm"]),
            f"hand_{side}": Limb(f"hand_{side}", wrist, fingers, *RADII["hand"]),
            f"thigh_{side}": Limb(f"thigh_{side}", hip, knee, *RADII["thigh"]),
            f"shin_{side}": Limb(f"shin_{side}", knee, ankle, *RADII["shin"]),
            f"foot_{side}": Limb(f"foot_{side}", heel, toe, *RADII["foot"]),
        })
    return joints, limbs, trunk, face


def posed(pose: Pose) -> Body:
    """The body in its pose, resting: its lowest point on the floor, the pelvis (or the
    middle of its anchor) above the origin, its props under and beside the parts that rest
    on them."""
    joints, limbs, trunk, face = _skeleton(pose)
    body = Body(pose, joints, limbs, trunk, (), face)
    lowest = min(centre[1] - radius for centre, radius in all_spheres(body))
    across = (0.0, 0.0)
    if pose.anchor:
        centres = [centre for place in pose.anchor for centre, _ in _place_spheres(body, place)]
        across = (sum(c[0] for c in centres) / len(centres), sum(c[2] for c in centres) / len(centres))
    moved = _moved(body, (-across[0], -lowest, -across[1]))
    props: list[Prop] = []
    for place, surface in pose.rests_on:
        if surface == "floor" or surface in PARTS or surface in PLACES:
            continue
        spheres = _place_spheres(moved, place)
        mid_x = sum(c[0] for c, _ in spheres) / len(spheres)
        mid_z = sum(c[2] for c, _ in spheres) / len(spheres)
        if surface == "wall":
            # The wall stands where the part leans on it: behind the body or in front of it.
            facing = -1.0 if mid_x < moved.joints["pelvis"][0] else 1.0
            face_x = max(c[0] + r for c, r in spheres) if facing > 0 else min(c[0] - r for c, r in spheres)
            props.append(Prop(surface, place, face_x, facing, mid_x, mid_z))
        else:
            props.append(Prop(surface, place, min(c[1] - r for c, r in spheres), 0.0, mid_x, mid_z))
    # A movement's props stay where they stand through it (the chair of a squat shows
    # before the seat reaches it): those of its other shape that this one does not rest on.
    resting = {(prop.surface, prop.place) for prop in props}
    props += [prop for prop in pose.props if (prop.surface, prop.place) not in resting]
    return replace(moved, props=tuple(props))


def _moved(body: Body, by: Vector) -> Body:
    return replace(
        body,
        joints={name: _plus(p, by) for name, p in body.joints.items()},
        limbs={name: replace(limb, a=_plus(limb.a, by), b=_plus(limb.b, by)) for name, limb in body.limbs.items()},
        trunk={name: tuple((_plus(c, by), r) for c, r in spheres) for name, spheres in body.trunk.items()},
    )


# -- what a pose must be --------------------------------------------------------------------------

#: Parts of the body next to each other in the skeleton (they meet at a joint): never
#: counted as passing through each other.
_ATTACHED = {
    frozenset(pair) for side in SIDES for pair in (
        (f"upper_arm_{side}", f"forearm_{side}"), (f"forearm_{side}", f"hand_{side}"),
        (f"thigh_{side}", f"shin_{side}"), (f"shin_{side}", f"foot_{side}"),
        (f"upper_arm_{side}", "upper_back"), (f"thigh_{side}", "pelvis"), (f"thigh_{side}", "lower_back"),
        (f"upper_arm_{side}", "neck"), (f"upper_arm_{side}", "head"), (f"upper_arm_{side}", "lower_back"),
    )
} | {frozenset(pair) for pair in (("neck", "upper_back"), ("neck", "head"), ("thigh_left", "thigh_right"),
                                      ("pelvis", "lower_back"), ("lower_back", "upper_back"), ("pelvis", "upper_back"),
                                      ("head", "upper_back"))}
_TRUNK_PARTS = ("pelvis", "lower_back", "upper_back", "head", "neck")


def _segment_distance(p1: Vector, q1: Vector, p2: Vector, q2: Vector) -> tuple[float, float, float]:
    """The shortest distance between two segments, and where along each it is (0..1)."""
    d1 = tuple(q - p for p, q in zip(p1, q1))
    d2 = tuple(q - p for p, q in zip(p2, q2))
    r = tuple(a - b for a, b in zip(p1, p2))
    a, e, f = sum(x * x for x in d1), sum(x * x for x in d2), sum(x * y for x, y in zip(d2, r))
    if a < 1e-12 and e < 1e-12:
        return math.dist(p1, p2), 0.0, 0.0
    if a < 1e-12:
        s, t = 0.0, min(1.0, max(0.0, f / e))
    else:
        c = sum(x * y for x, y in zip(d1, r))
        if e < 1e-12:
            s, t = min(1.0, max(0.0, -c / a)), 0.0
        else:
            b = sum(x * y for x, y in zip(d1, d2))
            denominator = a * e - b * b
            s = min(1.0, max(0.0, (b * f - c * e) / denominator)) if denominator > 1e-12 else 0.0
            t = (b * s + f) / e
            if t < 0.0:
                t, s = 0.0, min(1.0, max(0.0, -c / a))
            elif t > 1.0:
                t, s = 1.0, min(1.0, max(0.0, (b - c) / a))
    closest1 = tuple(p + d * s for p, d in zip(p1, d1))
    closest2 = tuple(p + d * t for p, d in zip(p2, d2))
    return math.dist(closest1, closest2), s, t


def _rods(body: Body, part: str) -> list[tuple[Vector, Vector, float, float]]:
    """A part as rods (a sphere is a rod of no length) for the test of passing through."""
    if part in body.limbs:
        limb = body.limbs[part]
        return [(limb.a, limb.b, limb.ra, limb.rb)]
    return [(c, c, r, r) for c, r in body.spheres(part)]


def _gap(body: Body, place: str, other: str) -> float:
    """How far apart two parts' surfaces are (negative: pressed into each other)."""
    return min(math.dist(c1, c2) - r1 - r2 for c1, r1 in _place_spheres(body, place) for c2, r2 in _place_spheres(body, other))


def collisions(body: Body) -> list[tuple[str, str, float]]:
    """The pairs of parts that pass through each other, with how deep (a share of their
    thickness put together): a forearm through the chest, a shin through the other thigh."""
    parts = [*_TRUNK_PARTS, *(name for name in body.limbs if name != "neck")]
    found: list[tuple[str, str, float]] = []
    for index, first in enumerate(parts):
        for second in parts[index + 1:]:
            if frozenset((first, second)) in _ATTACHED or (first in _TRUNK_PARTS and second in _TRUNK_PARTS):
                continue
            worst = 0.0
            for p1, q1, ra1, rb1 in _rods(body, first):
                for p2, q2, ra2, rb2 in _rods(body, second):
                    distance, s, t = _segment_distance(p1, q1, p2, q2)
                    reach = (ra1 + (rb1 - ra1) * s) + (ra2 + (rb2 - ra2) * t)
                    if distance < reach * PASS_THROUGH:
                        worst = max(worst, 1.0 - distance / reach)
            if worst:
                found.append((first, second, round(worst, 3)))
    return found


def check(pose: Pose) -> list[str]:
    """What is physically wrong with a pose, in plain words (empty when nothing is): a part
    it rests on that does not touch its surface, a part sunk into the floor, a prop of an
    impossible height, a part passing through the wall, a limb passing through the body."""
    body = posed(pose)
    problems: list[str] = []
    for place, surface in pose.rests_on:
        low = body.lowest(place)
        if surface == "floor":
            if low > TOUCH:
                problems.append(f"{_words(place)} should rest on the floor but is {low:.3f} above it")
        elif surface == "wall":
            continue
        elif surface in PARTS or surface in PLACES:
            gap = _gap(body, place, surface)
            if gap > TOUCH:
                problems.append(f"{_words(place)} should rest on {_words(surface)} but is {gap:.3f} away from it")
        else:
            top = next(prop.level for prop in body.props if prop.surface == surface and prop.place == place)
            least, most = SURFACE_HEIGHTS[surface]
            if not least - TOUCH <= top <= most + TOUCH:
                problems.append(f"the {surface} under {_words(place)} would be {top:.3f} high; a {surface} is {least:g} to {most:g}")
    for prop in body.props:
        kind, place, x, facing = prop.surface, prop.place, prop.level, prop.facing
        if kind != "wall":
            continue
        for centre, radius in all_spheres(body):
            beyond = (centre[0] + radius - x) if facing > 0 else (x - (centre[0] - radius))
            if beyond > TOUCH:
                problems.append(f"a part of the body passes {beyond:.3f} through the wall {_words(place)} leans on")
                break
    for centre, radius in all_spheres(body):
        if centre[1] - radius < -TOUCH:
            problems.append("a part of the body sinks through the floor")
            break
    for first, second, depth in collisions(body):
        problems.append(f"{_words(first)} passes through {_words(second)} ({depth:.0%} deep)")
    return problems


def _words(part: str) -> str:
    what, _, side = part.rpartition("_")
    if side in SIDES:
        return f"the {side} {what.replace('_', ' ')}"
    return f"the {part.replace('_', ' ')}"


# -- poses from data ------------------------------------------------------------------------------

class PoseError(ValueError):
    """A pose the figure cannot take. The message names the pose (`where`) and the field to
    blame (`key`, or None for the pose as a whole); `detail` is what is wrong, in plain words."""

    def __init__(self, where: str, key: str | None, detail: str):
        super().__init__(f"{where}, {key}: {detail}" if key else f"{where}: {detail}")
        self.key = key
        self.detail = detail


#: The views a pose may name, as a camera (azimuth, elevation): see camera.py.
VIEWS = {
    "side": (0.0, 0.0),
    "front": (90.0, 0.0),
    "back": (-90.0, 0.0),
    "three-quarter": (40.0, 12.0),
    "three-quarter-back": (-40.0, 12.0),
    "above": (0.0, 55.0),
    "overhead": (0.0, 88.0),
}


def pose_from_mapping(data: Mapping, library: Mapping[str, Pose] | None = None, where: str = "pose") -> Pose:
    """A pose from its file form (format 2): `base` (a pose it starts from), `view` or
    `camera`, the joints' angles, `rests_on`, `strap`, `highlight`. Raises PoseError with a
    plain message."""
    library = library or {}
    pose = Pose()
    base = data.get("base")
    if base is not None:
        if not isinstance(base, str) or base not in library:
            hint = difflib.get_close_matches(str(base), list(library), n=1)
            raise PoseError(where, "base", f"there is no pose '{base}' to start from"
                            + (f"; did you mean '{hint[0]}'?" if hint else " (a pose starts from one defined above it)"))
        pose = library[base]
    angles = dict(pose.angles)
    changes: dict = {}
    for key, value in data.items():
        if key in ("base", "name", "summary"):
            continue
        if key == "view":
            if value not in VIEWS:
                raise PoseError(where, "view", f"'{value}' is not a view; use one of {', '.join(VIEWS)}")
            changes["camera"] = VIEWS[value]
        elif key == "camera":
            if not (isinstance(value, list) and len(value) == 2 and all(_is_number(n) for n in value)
                    and -180 <= value[0] <= 180 and -90 <= value[1] <= 90):
                raise PoseError(where, "camera", f"give [azimuth, elevation] in degrees (-180 to 180, -90 to 90), not {value!r}")
            changes["camera"] = (float(value[0]), float(value[1]))
        elif key in JOINTS:
            angles[key] = _angles(where, key, value)
        elif key == "rests_on":
            changes["rests_on"] = _rests(where, value)
        elif key == "strap":
            if value is not None and value not in ("foot_left", "foot_right"):
                raise PoseError(where, "strap", f"'{value}' is not a foot; a strap goes from the hands to foot_left or foot_right")
            changes["strap"] = value
        elif key == "works":
            if value not in WORKS:
                raise PoseError(where, "works", f"'{value}' is not one of {', '.join(WORKS)}")
            changes["works"] = value
        elif key == "highlight":
            names = value if isinstance(value, list) else [value]
            for name in names:
                if name not in PARTS:
                    raise PoseError(where, "highlight", f"'{name}' is not a part of the body; use {', '.join(PARTS)}")
            changes["highlight"] = tuple(names)
        else:
            hint = difflib.get_close_matches(str(key), [*FIELDS, *JOINTS], n=1)
            raise PoseError(where, None, f"'{key}' is not part of a pose" + (f"; did you mean '{hint[0]}'?" if hint else ""))
    return replace(pose, angles=angles, **changes)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _angles(where: str, key: str, value: object) -> tuple[float, ...]:
    ranges = JOINTS[key]
    numbers = [value] if len(ranges) == 1 and not isinstance(value, list) else value
    if not isinstance(numbers, list) or len(numbers) != len(ranges) or not all(_is_number(n) for n in numbers):
        shape = "one angle" if len(ranges) == 1 else f"[{', '.join(name for name, _, _ in ranges)}]"
        raise PoseError(where, key, f"give {shape} in degrees, not {value!r}")
    for number, (name, low, high) in zip(numbers, ranges):
        if not low <= number <= high:
            what = key if len(ranges) == 1 else f"its {name}"
            raise PoseError(where, key, f"{number:g} is beyond what a body does ({what} goes from {low:g} to {high:g} degrees)")
    return tuple(float(n) for n in numbers)


def _rests(where: str, value: object) -> tuple[tuple[str, str], ...]:
    items = value if isinstance(value, list) else [value]
    found: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, str):
            raise PoseError(where, "rests_on", f"name a part, or a part on a prop ('hand_left on block'), not {item!r}")
        place, _, surface = item.partition(" on ")
        place, surface = place.strip(), surface.strip() or "floor"
        if place not in PARTS and place not in PLACES:
            hint = difflib.get_close_matches(place, [*PARTS, *PLACES], n=1)
            raise PoseError(where, "rests_on", f"'{place}' is not a part of the body"
                            + (f"; did you mean '{hint[0]}'?" if hint else ""))
        if surface not in SURFACES and surface not in PARTS and surface not in PLACES:
            raise PoseError(where, "rests_on", f"'{surface}' is not something to rest on; use one of {', '.join(SURFACES)}, "
                            "or a part of the body ('knee_right on thigh_left')")
        if surface == place:
            raise PoseError(where, "rests_on", f"'{place}' cannot rest on itself")
        found.append((place, surface))
    return tuple(found)

