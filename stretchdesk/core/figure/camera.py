"""The body seen by a camera: what core/figure/drawing.py draws. Plain Python, no Qt.

The camera looks at the body from far away (no perspective: a part keeps its size however
near it is), from an azimuth about the vertical and an elevation above the floor:
azimuth 0 sees the body's right side, so a body facing its way faces the picture's right;
90 sees its front (its left on the picture's right), -90 its back; elevation 0 looks level,
90 straight down. Every part of the body is seen as circles (a limb as its two ends, the
trunk as its spheres: a sphere seen from anywhere is a circle), with how near it is to the
camera, so the drawing paints the far parts first and the near ones over them. The other
side of a one-sided step is the mirror image: the picture flips left to right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchdesk.core.figure.body import LENGTHS, RADII, SIDES, Body, Pose, Vector, posed

Point = tuple[float, float]
#: A circle in the picture: x, y (up), radius.
Round = tuple[float, float, float]

#: How wide a mat is (across the body) and how far it reaches past the body, as shares of
#: the figure's height.
MAT_HALF_WIDTH = 0.19
MAT_REACH = 0.08
#: A wall's height and how far it reaches either side of the body.
WALL_HEIGHT = 1.1
#: The chair's seat: how deep and wide, and the height of its back above the seat.
SEAT_DEPTH = 0.24
SEAT_WIDTH = 0.26
CHAIR_BACK = 0.3
#: A step, a block and a cushion: (length along the body's facing, width), as shares of the height.
BOX_SIZES = {"step": (0.22, 0.34), "block": (0.13, 0.08), "cushion": (0.2, 0.2)}


@dataclass(frozen=True)
class Camera:
    azimuth: float
    elevation: float

    def axes(self) -> tuple[Vector, Vector, Vector]:
        """The picture's right, its up and the direction towards the camera, in space."""
        a, e = math.radians(self.azimuth), math.radians(self.elevation)
        towards = (math.sin(a) * math.cos(e), math.sin(e), math.cos(a) * math.cos(e))
        right = (math.cos(a), 0.0, -math.sin(a))
        up = (towards[1] * right[2] - towards[2] * right[1],
              towards[2] * right[0] - towards[0] * right[2],
              towards[0] * right[1] - towards[1] * right[0])
        return right, up, towards


@dataclass(frozen=True)
class Part:
    """Something drawn as the outline round its circles: a limb, a piece of the trunk, the
    head, a prop."""

    name: str
    #: "body" (trunk and head), "limb", "prop", "wall", "mat".
    kind: str
    circles: tuple[Round, ...]
    #: How near the camera it is (larger is nearer): the far parts are painted first.
    depth: float
    #: The body's side it belongs to, or None.
    side: str | None = None
    #: For a prop: its outline's corners (a box, a wall, a mat), instead of circles.
    corners: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Picture:
    """The body and its props as the camera sees them, in figure heights, y up."""

    parts: tuple[Part, ...]
    #: The floor's height in the picture where it shows as a line (a level camera), else None.
    floor: float | None
    #: The nose, where it shows past the head's outline (which way the face looks), or None.
    nose: Round | None
    #: The strap from the hands to a foot, if the pose uses one.
    strap: tuple[Point, Point] | None
    highlight: tuple[str, ...]
    #: The side of the body nearer the camera ("left", "right"), or None when both are as near.
    near_side: str | None
    mirrored: bool

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, bottom, right, top of everything drawn."""
        xs: list[float] = []
        ys: list[float] = []
        for part in self.parts:
            for x, y, r in part.circles:
                xs += [x - r, x + r]
                ys += [y - r, y + r]
            for x, y in part.corners:
                xs.append(x)
                ys.append(y)
        return min(xs), min(ys), max(xs), max(ys)


def picture(pose: Pose) -> Picture:
    """The pose, resting, as its camera sees it; the mirror image for a mirrored pose."""
    return seen(posed(pose), Camera(*pose.camera), pose.mirrored)


def seen(body: Body, camera: Camera, mirrored: bool = False) -> Picture:
    right, up, towards = camera.axes()
    flip = -1.0 if mirrored else 1.0

    def at(p: Vector) -> Point:
        return flip * (p[0] * right[0] + p[1] * right[1] + p[2] * right[2]), p[0] * up[0] + p[1] * up[1] + p[2] * up[2]

    def depth(p: Vector) -> float:
        return p[0] * towards[0] + p[1] * towards[1] + p[2] * towards[2]

    parts: list[Part] = []
    for name, spheres in body.trunk.items():
        # A bent back stays bent: each piece of the trunk is outlined with its neighbour's
        # nearest spheres, so the outline follows the spine rather than filling its curve.
        circles = tuple((*at(c), r) for c, r in spheres)
        parts.append(Part(name, "body", circles, sum(depth(c) for c, _ in spheres) / len(spheres)))
    head = body.joints["head"]
    parts.append(Part("head", "body", ((*at(head), RADII["head"]),), depth(head)))
    for name, limb in body.limbs.items():
        side = name.rpartition("_")[2]
        kind = "body" if name == "neck" else "limb"
        parts.append(Part(name, kind, ((*at(limb.a), limb.ra), (*at(limb.b), limb.rb)),
                          (depth(limb.a) + depth(limb.b)) / 2, side if side in SIDES else None))
    parts.extend(_props(body, at, depth))
    near = {side: depth(body.joints[f"shoulder_{side}"]) + depth(body.joints[f"hip_{side}"]) for side in SIDES}
    near_side = None
    if abs(near["left"] - near["right"]) > LENGTHS["hip_width"]:
        near_side = "left" if near["left"] > near["right"] else "right"
    nose = _nose(body, at, depth)
    strap = None
    if body.pose.strap:
        hands = [body.joints[f"fingers_{side}"] for side in SIDES]
        middle = tuple((a + b) / 2 for a, b in zip(*hands))
        foot = body.joints[f"toe_{body.pose.strap.rpartition('_')[2]}"]
        strap = (at(middle), at(foot))  # type: ignore[arg-type]
    floor = at((0.0, 0.0, 0.0))[1] if abs(camera.elevation) < 1.0 else None
    if floor is None:
        parts.append(_mat(body, at))
    parts.sort(key=lambda part: part.depth)
    return Picture(tuple(parts), floor, nose, strap, body.pose.highlight, near_side, mirrored)


def _nose(body: Body, at, depth) -> Round | None:
    head, nose = body.joints["head"], body.joints["nose"]
    (hx, hy), (nx, ny) = at(head), at(nose)
    radius = RADII["head"] * 0.3
    if math.hypot(nx - hx, ny - hy) + radius <= RADII["head"] * 1.02:
        return None  # the face looks at the camera or away from it: the nose is inside the head
    return nx, ny, radius


def _box(at, depth, name: str, centre: Vector, half: Vector, heading_x: Vector, kind: str = "prop") -> Part:
    """A box in space (a seat, a step, a block) as the outline of its corners."""
    across = (-heading_x[2], 0.0, heading_x[0])
    corners = []
    for sx in (-1, 1):
        for sy in (-1, 1):
            for sz in (-1, 1):
                corners.append((centre[0] + sx * half[0] * heading_x[0] + sz * half[2] * across[0],
                                centre[1] + sy * half[1],
                                centre[2] + sx * half[0] * heading_x[2] + sz * half[2] * across[2]))
    return Part(name, kind, (), depth(centre), corners=tuple(at(c) for c in corners))


def _props(body: Body, at, depth) -> list[Part]:
    parts: list[Part] = []
    facing = (1.0, 0.0, 0.0)
    (low_x, _, low_z), (high_x, high_y, high_z) = body.bounds()
    # A wall reaches past the highest hand (arms overhead against it).
    wall_height = max(WALL_HEIGHT, high_y + 0.08)
    for prop in body.props:
        surface, height, toward, cx, cz = prop.surface, prop.level, prop.facing, prop.x, prop.z
        if surface == "wall":
            x = height
            z0, z1 = min(low_z, -0.3), max(high_z, 0.3)
            corners = [(x, 0.0, z0), (x, wall_height, z0), (x, wall_height, z1), (x, 0.0, z1)]
            thick = [(x + toward * 0.03, y, z) for _, y, z in corners]
            outline = [at(c) for c in corners + thick]
            parts.append(Part("wall", "wall", (), depth((x + toward * 0.03, 0.5, 0.0)) - 10.0, corners=tuple(outline)))
            continue
        if surface == "chair":
            # The seat under the pelvis, its back behind it, four legs down to the floor.
            seat_x = cx - 0.02
            parts.append(_box(at, depth, "seat", (seat_x, height - 0.02, cz), (SEAT_DEPTH / 2, 0.02, SEAT_WIDTH / 2), facing))
            back_x = seat_x - SEAT_DEPTH / 2
            parts.append(_box(at, depth, "chair-back", (back_x, height + CHAIR_BACK / 2, cz), (0.015, CHAIR_BACK / 2, SEAT_WIDTH / 2), facing))
            for dx in (-1, 1):
                for dz in (-1, 1):
                    leg = (seat_x + dx * (SEAT_DEPTH / 2 - 0.015), (height - 0.04) / 2, cz + dz * (SEAT_WIDTH / 2 - 0.015))
                    parts.append(_box(at, depth, "chair-leg", leg, (0.012, (height - 0.04) / 2, 0.012), facing))
        else:
            length, width = BOX_SIZES[surface]
            parts.append(_box(at, depth, surface, (cx, height / 2, cz), (length / 2, height / 2, width / 2), facing))
    return parts


def _mat(body: Body, at) -> Part:
    """A mat on the floor under the body, seen from above it."""
    (low_x, _, low_z), (high_x, _, high_z) = body.bounds()
    x0, x1 = low_x - MAT_REACH, high_x + MAT_REACH
    z0, z1 = min(low_z - 0.03, -MAT_HALF_WIDTH), max(high_z + 0.03, MAT_HALF_WIDTH)
    corners = tuple(at(c) for c in ((x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)))
    return Part("mat", "mat", (), -math.inf, corners=corners)
