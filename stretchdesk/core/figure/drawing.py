"""A posed figure as shapes in a box: the one drawing the window paints (ui/widgets/figure_view.py)
and `stretchdesk show --figures` writes as SVG. Plain Python, no Qt.

Calm and clear at any size: the body in one colour, the far limbs a shade lighter, the
area being stretched under a soft warm glow, a floor line (seen from above, a mat under
the figure), and the props. Line widths grow with the figure, so a 48 px thumbnail reads as well as a
600 px figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from stretchdesk.core.colours import LIGHT, FigureColours
from stretchdesk.core.text import escape
from stretchdesk.core.figure.skeleton import BONES, SEAT_HEIGHT, Motion, Skeleton, limb_of, skeleton

#: The colours of a figure on paper and in the light scheme; the window hands drawing()
#: its scheme's own (core/colours.py), chosen so the body and the limbs behind it stand
#: out from the page and the mat in light, dark and high contrast alike.
COLOURS = LIGHT.figure
BODY = COLOURS.body
FAR = COLOURS.far
#: A mat seen from above: a soft strip under the figure, as wide as a mat is (a share of
#: the figure's height) and rounded at its corners, the arms reaching out past it onto
#: the floor; not a frame round the whole picture, which reads as a wall.
MAT = COLOURS.mat
MAT_WIDTH = 0.4
MAT_ROUNDING = 0.07

#: Limb thickness as a share of the figure's height.
LIMB = 0.042
#: The lower back and the chest seen from the side.
TRUNK = 0.075
CHEST = 0.095
#: Seen from the front: the middle of the trunk, and each of its sides (hip to shoulder).
TORSO_FRONT = 0.12
FLANK = 0.08
#: A glow is this many times as wide as the bone it lights.
GLOW_SPREAD = 2.2
#: The glow over the buttock, where the pelvis seen from the side is only a point.
GLUTE = 0.075
#: The edge drawn round the near limbs, in the colour behind the figure (FigureColours.halo).
HALO_WIDTH = 0.014


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str
    opacity: float = 1.0


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    colour: str
    opacity: float = 1.0


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    colour: str
    radius: float = 0.0


Shape = Line | Circle | Box


@dataclass(frozen=True)
class Frame:
    """The part of the figure's world a picture shows: kept the same for every frame of a
    step, so a moving figure does not grow and shrink as it moves."""

    left: float
    bottom: float
    right: float
    top: float

    def union(self, other: Frame) -> Frame:
        return Frame(min(self.left, other.left), min(self.bottom, other.bottom),
                     max(self.right, other.right), max(self.top, other.top))


def frame_of(skeleton: Skeleton) -> Frame:
    left, bottom, right, top = skeleton.bounds()
    # Room for the widest stroke round a joint: the trunk's, or a glow's.
    pad = GLOW_SPREAD * max(CHEST, TORSO_FRONT) / 2 if skeleton.highlight else TRUNK
    left, right = left - pad, right + pad
    top += pad if skeleton.highlight else pad / 2
    if skeleton.prop == "chair":
        for x, y in _chair(skeleton):
            left, right = min(left, x), max(right, x)
    if skeleton.prop == "wall-behind" and skeleton.view == "front":
        xs = [x for x, _ in skeleton.joints.values()]
        left, right, top = min(left, min(xs) - 0.25), max(right, max(xs) + 0.25), max(top, 1.05)
    elif skeleton.prop in ("wall-behind", "wall-front"):
        x = _wall_x(skeleton)
        left, right, top = min(left, x - 0.02), max(right, x + 0.02), max(top, 0.9)
    if skeleton.view == "above":
        # The whole width of the mat shows, however narrow the figure.
        left, right = min(left, -MAT_WIDTH / 2 - 0.02), max(right, MAT_WIDTH / 2 + 0.02)
    # Room under a figure lying on the floor for a glow round its back.
    bottom = min(bottom, 0.0) - (pad if skeleton.view in ("above", "feet") else 0.04)
    return Frame(left, bottom, right, top)


def drawing(skeleton: Skeleton, width: float, height: float, frame: Frame | None = None,
            margin: float = 0.06, colours: FigureColours = COLOURS) -> list[Shape]:
    """The shapes of the figure in a box of `width` x `height` (y down, as on a screen), in
    `colours` (a wall seen from the front, the whole background, in `colours.wall`)."""
    frame = frame or frame_of(skeleton)
    span_x, span_y = frame.right - frame.left, frame.top - frame.bottom
    usable_w, usable_h = width * (1 - 2 * margin), height * (1 - 2 * margin)
    scale = min(usable_w / span_x, usable_h / span_y)
    # Centred across, standing on the bottom margin.
    origin_x = width / 2 - (frame.left + frame.right) / 2 * scale
    origin_y = height - height * margin - (-frame.bottom) * scale

    def at(point: tuple[float, float]) -> tuple[float, float]:
        return origin_x + point[0] * scale, origin_y - point[1] * scale

    joints = skeleton.joints
    shapes: list[Shape] = []
    if skeleton.view == "above":
        shapes.append(_mat(frame, at, scale, colours.mat))
    else:
        floor_y = at((0, 0))[1]
        shapes.append(Line(at((frame.left, 0))[0], floor_y, at((frame.right, 0))[0], floor_y, max(1.0, 0.012 * scale), colours.floor))
    shapes.extend(_props(skeleton, at, scale, colours))

    # The glow first, under everything it lights.
    side = skeleton.view == "side"
    hidden = _hidden(skeleton)
    for name, a, b in skeleton.bones:
        if name in hidden:
            continue
        # Seen from the side, a flank lies along the spine: the spine glows for it.
        if name in skeleton.highlight or (side and name in ("spine", "upper_spine") and _flank(skeleton.highlight)):
            (x1, y1), (x2, y2) = at(joints[a]), at(joints[b])
            if (x1, y1) == (x2, y2):
                # The pelvis seen from the side is a point: the glow is round, on the hip.
                shapes.append(Circle(x1, y1, GLUTE * scale, colours.glow, colours.glow_opacity))
                continue
            shapes.append(Line(x1, y1, x2, y2, max(_thickness(name, skeleton.view), LIMB) * GLOW_SPREAD * scale, colours.glow, colours.glow_opacity))
    drawn_halo: set[str] = set()
    trunk_at = next(index for index, bone in enumerate(skeleton.bones) if bone[0] == "spine")
    over_trunk = {limb_of(bone[0]) for bone in skeleton.bones[trunk_at:]} - {None}
    for name, a, b in skeleton.bones:
        if name in hidden:
            continue
        limb = limb_of(name)
        # The limbs behind the trunk are a shade lighter (usually the far ones); the trunk
        # and whatever is drawn over it are the body's colour.
        far = limb is not None and limb not in over_trunk
        if limb in over_trunk and limb not in drawn_halo:
            # A thin light edge round the limbs drawn over the trunk, under the whole limb
            # at once: an arm or a leg in front of the body stays distinct from it.
            drawn_halo.add(limb)
            for other, c, d in skeleton.bones:
                if limb_of(other) == limb and joints[c] != joints[d]:
                    (x1, y1), (x2, y2) = at(joints[c]), at(joints[d])
                    shapes.append(Line(x1, y1, x2, y2, (_thickness(other, skeleton.view) + HALO_WIDTH) * scale, colours.halo))
        (x1, y1), (x2, y2) = at(joints[a]), at(joints[b])
        if (x1, y1) == (x2, y2):
            continue
        shapes.append(Line(x1, y1, x2, y2, _thickness(name, skeleton.view) * scale, colours.far if far else colours.body))
        if name == "neck":
            hx, hy = at(joints["head"])
            if "neck" in skeleton.highlight:
                shapes.append(Circle(hx, hy, BONES["head"] * 1.5 * scale, colours.glow, colours.glow_opacity))
            shapes.append(Circle(hx, hy, BONES["head"] * scale, colours.body))
            nose = _nose(skeleton, at, scale, colours.body)
            if nose is not None:
                shapes.append(nose)
    return shapes


#: The bones that only show from the front or above (from the side they lie along others),
#: or from the side when the shoulders turn (see _hidden).
FRONT_ONLY = ("shoulder_line", "flank_near", "flank_far")


def _hidden(skeleton: Skeleton) -> tuple[str, ...]:
    """The bones not drawn: seen from the side, the shoulder line and the flanks, unless
    the chest turns and shows its width."""
    if skeleton.view != "side":
        return ()
    (x1, y1), (x2, y2) = skeleton.joints["shoulder_near"], skeleton.joints["shoulder_far"]
    if math.hypot(x2 - x1, y2 - y1) > 1e-6:
        return ()
    return FRONT_ONLY


def _flank(highlight: tuple[str, ...]) -> bool:
    return "flank_near" in highlight or "flank_far" in highlight


def _thickness(name: str, view: str) -> float:
    """A bone's width as a share of the figure's height: seen from the side the trunk is a
    chest over a narrower waist; from the front, three strokes side by side make it; from
    the feet, seen end on, it is as thick as the body is deep."""
    side = view == "side"
    if view == "feet" and name in ("pelvis", "shoulder_line", "flank_near", "flank_far"):
        return BONES["trunk_depth"]
    if name == "spine":
        return TRUNK if side else TORSO_FRONT
    if name == "upper_spine":
        return CHEST if side else TORSO_FRONT
    if name in ("flank_near", "flank_far"):
        return FLANK
    if name in ("pelvis", "shoulder_line"):
        return FLANK
    if name.startswith(("hand", "foot")):
        return LIMB * 0.8
    if name == "neck":
        return LIMB * 0.9
    return LIMB


#: The nose's radius, as a share of the head's.
NOSE = 0.32


def _nose(skeleton: Skeleton, at, scale: float, colour: str) -> Circle | None:
    """A small nose on the face's side of the head: which way the figure faces (up from
    its back, down onto the mat, its chin tucked or lifted, its head turned over a
    shoulder) reads at a glance. None when it would not show past the head's round (a
    face turned towards us)."""
    (hx, hy), (nx, ny) = skeleton.joints["head"], skeleton.joints["nose"]
    r = BONES["head"]
    if math.hypot(nx - hx, ny - hy) + r * NOSE <= r * 1.02:
        return None
    return Circle(*at((nx, ny)), r * NOSE * scale, colour)


def _mat(frame: Frame, at, scale: float, colour: str) -> Box:
    """The mat under a figure seen from above: along the body, centred on the pelvis (at
    x = 0), from just past the feet to just past the head."""
    half = MAT_WIDTH / 2
    x0, y0 = at((max(frame.left, -half), frame.top - 0.01))
    x1, y1 = at((min(frame.right, half), frame.bottom + 0.01))
    return Box(x0, y0, x1 - x0, y1 - y0, colour, radius=min(MAT_ROUNDING * scale, (x1 - x0) / 2))


def _chair(skeleton: Skeleton) -> list[tuple[float, float]]:
    pelvis = skeleton.joints["pelvis"]
    back = -1.0 if not skeleton.mirrored else 1.0
    return [(pelvis[0] + back * 0.12, SEAT_HEIGHT), (pelvis[0] - back * 0.1, SEAT_HEIGHT),
            (pelvis[0] + back * 0.12, SEAT_HEIGHT + 0.3)]


def _wall_x(skeleton: Skeleton) -> float:
    xs = [x for x, _ in skeleton.joints.values()]
    facing = -1.0 if skeleton.mirrored else 1.0
    behind = skeleton.prop == "wall-behind"
    if (facing > 0) == behind:
        return min(xs) - LIMB
    return max(xs) + LIMB


def _props(skeleton: Skeleton, at, scale: float, colours: FigureColours) -> list[Shape]:
    shapes: list[Shape] = []
    width = 0.03 * scale
    if skeleton.prop == "chair":
        (bx, seat), (fx, _), (_, top) = _chair(skeleton)
        for x in (bx, fx):
            shapes.append(Line(*at((x, 0)), *at((x, seat)), width, colours.prop))
        shapes.append(Line(*at((bx, seat)), *at((fx, seat)), width * 1.4, colours.prop))
        shapes.append(Line(*at((bx, seat)), *at((bx, top)), width, colours.prop))
    elif skeleton.prop == "wall-behind" and skeleton.view == "front":
        # Seen from the front, a wall behind the figure is the whole background.
        xs = [x for x, _ in skeleton.joints.values()]
        x0, y0 = at((min(xs) - 0.25, 1.05))
        x1, y1 = at((max(xs) + 0.25, 0.0))
        shapes.append(Box(x0, y0, x1 - x0, y1 - y0, colours.wall, radius=0.0))
    elif skeleton.prop in ("wall-behind", "wall-front"):
        x = _wall_x(skeleton)
        shapes.append(Line(*at((x, 0)), *at((x, 1.05)), width * 1.6, colours.prop))
    elif skeleton.prop == "block":
        wx, _ = skeleton.joints["wrist_near"]
        x0, y0 = at((wx - 0.05, 0.08))
        x1, y1 = at((wx + 0.05, 0.0))
        shapes.append(Box(x0, y0, x1 - x0, y1 - y0, colours.prop, radius=0.01 * scale))
    elif skeleton.prop == "strap":
        shapes.append(Line(*at(skeleton.joints["hand_near"]), *at(skeleton.joints["toe_near"]), width * 0.6, colours.strap))
    return shapes


def svg(shapes: list[Shape], width: float, height: float, title: str = "") -> str:
    """The shapes as a standalone SVG document (text is escaped: titles come from files)."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
             f'viewBox="0 0 {width:g} {height:g}">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for shape in shapes:
        if isinstance(shape, Line):
            parts.append(f'<line x1="{shape.x1:.2f}" y1="{shape.y1:.2f}" x2="{shape.x2:.2f}" y2="{shape.y2:.2f}" '
                         f'stroke="{shape.colour}" stroke-width="{shape.width:.2f}" stroke-linecap="round"'
                         + (f' stroke-opacity="{shape.opacity:g}"' if shape.opacity < 1 else "") + "/>")
        elif isinstance(shape, Circle):
            parts.append(f'<circle cx="{shape.x:.2f}" cy="{shape.y:.2f}" r="{shape.r:.2f}" fill="{shape.colour}" stroke="none"'
                         + (f' fill-opacity="{shape.opacity:g}"' if shape.opacity < 1 else "") + "/>")
        else:
            parts.append(f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.width:.2f}" height="{shape.height:.2f}" '
                         f'rx="{shape.radius:.2f}" fill="{shape.colour}" stroke="none"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def step_picture(motion: Motion, side: str | None, size: float) -> tuple[list[Shape], float, float]:
    """A step's picture to print: its pose as the window draws it in a `size` square, or a
    movement's two shapes side by side at one scale, with a small arrow between them; the
    right side is the mirror image. Returns the shapes and the picture's width and height."""
    poses = [motion.start] if motion.end is None else [motion.start, motion.end]
    if side == "right":
        poses = [pose.mirror() for pose in poses]
    skeletons = [skeleton(pose) for pose in poses]
    frame = frame_of(skeletons[0])
    for other in skeletons[1:]:
        frame = frame.union(frame_of(other))
    shapes: list[Shape] = []
    for index, figure in enumerate(skeletons):
        shapes.extend(_moved(shape, index * size) for shape in drawing(figure, size, size, frame))
    if len(skeletons) > 1:
        x, y, arm = size, size / 2, size * 0.025
        width = max(1.0, size * 0.008)
        shapes += [Line(x - arm, y - arm, x + arm / 2, y, width, COLOURS.floor), Line(x - arm, y + arm, x + arm / 2, y, width, COLOURS.floor)]
    return shapes, size * len(skeletons), size


def _moved(shape: Shape, dx: float) -> Shape:
    if isinstance(shape, Line):
        return replace(shape, x1=shape.x1 + dx, x2=shape.x2 + dx)
    return replace(shape, x=shape.x + dx)
