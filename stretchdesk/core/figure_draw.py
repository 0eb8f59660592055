"""A posed figure as shapes in a box: the one drawing the window paints (ui/figure_view.py)
and `stretchdesk show --figures` writes as SVG. Plain Python, no Qt.

Calm and clear at any size: the body in one colour, the far limbs a shade lighter, the
area being stretched under a soft warm glow, a floor line (a mat, seen from above), and
the props. Line widths grow with the figure, so a 48 px thumbnail reads as well as a
600 px figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from stretchdesk.core.figure import BONES, SEAT_HEIGHT, Skeleton

BODY = "#2f4f4f"
FAR = "#8aa3a3"
GLOW = "#f2a65a"
FLOOR = "#b9c2c0"
PROP = "#d5dcd9"
MAT = "#e4ebe8"

#: Limb thickness as a share of the figure's height.
LIMB = 0.042
TRUNK = 0.07


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
    pad = TRUNK
    left, right = left - pad, right + pad
    top += pad / 2
    if skeleton.prop == "chair":
        for x, y in _chair(skeleton):
            left, right = min(left, x), max(right, x)
    if skeleton.prop in ("wall-behind", "wall-front"):
        x = _wall_x(skeleton)
        left, right, top = min(left, x - 0.02), max(right, x + 0.02), max(top, 0.9)
    bottom = min(bottom, 0.0) - (0.04 if skeleton.view != "above" else pad)
    return Frame(left, bottom, right, top)


def drawing(skeleton: Skeleton, width: float, height: float, frame: Frame | None = None,
            margin: float = 0.06) -> list[Shape]:
    """The shapes of the figure in a box of `width` x `height` (y down, as on a screen)."""
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
        x0, y0 = at((frame.left + 0.02, frame.top))
        x1, y1 = at((frame.right - 0.02, frame.bottom + 0.02))
        shapes.append(Box(x0, y0, x1 - x0, y1 - y0, MAT, radius=0.03 * scale))
    else:
        floor_y = at((0, 0))[1]
        shapes.append(Line(at((frame.left, 0))[0], floor_y, at((frame.right, 0))[0], floor_y, max(1.0, 0.012 * scale), FLOOR))
    shapes.extend(_props(skeleton, at, scale))

    # The glow first, under everything it lights.
    for name, a, b in skeleton.bones:
        if name in skeleton.highlight:
            (x1, y1), (x2, y2) = at(joints[a]), at(joints[b])
            shapes.append(Line(x1, y1, x2, y2, (TRUNK if name in ("spine", "pelvis") else LIMB) * 2.6 * scale, GLOW, 0.45))
    for name, a, b in skeleton.bones:
        if name == "shoulder_line" and skeleton.view == "side":
            continue
        far = name.endswith("_far")
        thick = TRUNK if name in ("spine", "pelvis", "shoulder_line") else LIMB * (0.8 if name.startswith(("hand", "foot")) else 1.0)
        (x1, y1), (x2, y2) = at(joints[a]), at(joints[b])
        if (x1, y1) == (x2, y2):
            continue
        shapes.append(Line(x1, y1, x2, y2, thick * scale, FAR if far else BODY))
        if name == "neck":
            hx, hy = at(joints["head"])
            if "neck" in skeleton.highlight:
                shapes.append(Circle(hx, hy, BONES["head"] * 1.5 * scale, GLOW, 0.45))
            shapes.append(Circle(hx, hy, BONES["head"] * scale, BODY))
    return shapes


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


def _props(skeleton: Skeleton, at, scale: float) -> list[Shape]:
    shapes: list[Shape] = []
    width = 0.03 * scale
    if skeleton.prop == "chair":
        (bx, seat), (fx, _), (_, top) = _chair(skeleton)
        for x in (bx, fx):
            shapes.append(Line(*at((x, 0)), *at((x, seat)), width, PROP))
        shapes.append(Line(*at((bx, seat)), *at((fx, seat)), width * 1.4, PROP))
        shapes.append(Line(*at((bx, seat)), *at((bx, top)), width, PROP))
    elif skeleton.prop in ("wall-behind", "wall-front"):
        x = _wall_x(skeleton)
        shapes.append(Line(*at((x, 0)), *at((x, 1.05)), width * 1.6, PROP))
    elif skeleton.prop == "block":
        wx, _ = skeleton.joints["wrist_near"]
        x0, y0 = at((wx - 0.05, 0.08))
        x1, y1 = at((wx + 0.05, 0.0))
        shapes.append(Box(x0, y0, x1 - x0, y1 - y0, PROP, radius=0.01 * scale))
    elif skeleton.prop == "strap":
        shapes.append(Line(*at(skeleton.joints["hand_near"]), *at(skeleton.joints["toe_near"]), width * 0.6, "#c08a5a"))
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
            parts.append(f'<circle cx="{shape.x:.2f}" cy="{shape.y:.2f}" r="{shape.r:.2f}" fill="{shape.colour}"'
                         + (f' fill-opacity="{shape.opacity:g}"' if shape.opacity < 1 else "") + "/>")
        else:
            parts.append(f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.width:.2f}" height="{shape.height:.2f}" '
                         f'rx="{shape.radius:.2f}" fill="{shape.colour}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
