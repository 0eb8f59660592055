"""A posed figure as shapes in a box: the one drawing the window paints (ui/widgets/figure_view.py)
and `stretchdesk show --figures` writes as SVG. Plain Python, no Qt.

The body is drawn with its volume, as the camera sees it (core/figure/camera.py): every part
the outline round its circles (a limb tapering from its joint, the trunk round its spheres,
the head), painted from the farthest to the nearest, each with a thin edge in the colour
behind the figure, so a near arm over the chest or a shin over the other thigh reads as in
front. The limbs of the far side are a shade lighter. The area being stretched glows
under the body; the floor is a line (or a mat, seen from above), with the props the pose
uses. Edges grow with the picture, so a 48 px thumbnail reads as well as a 600 px figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from stretchdesk.core.colours import LIGHT, FigureColours
from stretchdesk.core.figure.camera import Part, Picture, picture
from stretchdesk.core.figure.motion import Motion
from stretchdesk.core.text import escape

#: The colours of a figure on paper and in the light scheme; the window hands drawing()
#: its scheme's own (core/colours.py).
COLOURS = LIGHT.figure
BODY = COLOURS.body
FAR = COLOURS.far
MAT = COLOURS.mat

#: The edge round every part, as a share of the figure's height.
EDGE = 0.011
#: A glow reaches this far round the part it lights, as a share of the figure's height.
GLOW_REACH = 0.045
#: How many points go round a circle of the outline.
ROUND_POINTS = 16
#: The floor line's thickness and how far it reaches past the figure.
FLOOR = 0.012


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


@dataclass(frozen=True)
class Polygon:
    """A filled outline (x1, y1, x2, y2, ...), with an edge of `edge_width` in `edge`."""

    points: tuple[float, ...]
    colour: str
    edge: str = ""
    edge_width: float = 0.0
    opacity: float = 1.0


Shape = Line | Circle | Box | Polygon


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


def frame_of(seen: Picture) -> Frame:
    left, bottom, right, top = seen.bounds()
    pad = GLOW_REACH if seen.highlight else EDGE
    if seen.floor is not None:
        bottom = min(bottom, seen.floor)
    return Frame(left - pad, bottom - pad, right + pad, top + pad)


#: The directions the points round a circle lie in (cosine, sine), worked out once.
_ROUND = tuple((math.cos(2 * math.pi * index / ROUND_POINTS), math.sin(2 * math.pi * index / ROUND_POINTS))
               for index in range(ROUND_POINTS))


def outline(circles: tuple[tuple[float, float, float], ...], grow: float = 0.0) -> list[tuple[float, float]]:
    """The convex outline round circles (each grown by `grow`), counter-clockwise: the hull
    of ROUND_POINTS points round each circle."""
    return outlines(circles, grow)[0]


def outlines(circles: tuple[tuple[float, float, float], ...], *grows: float) -> list[list[tuple[float, float]]]:
    """The outline round circles grown by each of `grows` (a part's rim and its fill): the
    hull is found once, for the largest, and the others take the same corners nearer in
    or further out (a circle shrunk to nothing is its centre). The figure is drawn again
    for every step of a movement, and finding a hull was most of drawing it."""
    widest = max(grows)
    corner_of: dict[tuple[float, float], tuple[int, int]] = {}
    for circle, (x, y, r) in enumerate(circles):
        r = max(0.0, r + widest)
        for index, (c, s) in enumerate(_ROUND if r > 0 else _ROUND[:1]):
            corner_of.setdefault((x + r * c, y + r * s), (circle, index))
    corners = [corner_of[point] for point in _hull(list(corner_of))]
    result = []
    for grow in grows:
        points = []
        for circle, index in corners:
            x, y, r = circles[circle]
            r = max(0.0, r + grow)
            c, s = _ROUND[index]
            points.append((x + r * c, y + r * s))
        result.append(points)
    return result


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    points = sorted(set(points))
    if len(points) <= 2:
        return points
    lower: list[tuple[float, float]] = []
    for p in points:
        while len(lower) >= 2 and ((lower[-1][0] - lower[-2][0]) * (p[1] - lower[-2][1])
                                   - (lower[-1][1] - lower[-2][1]) * (p[0] - lower[-2][0])) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(points):
        while len(upper) >= 2 and ((upper[-1][0] - upper[-2][0]) * (p[1] - upper[-2][1])
                                   - (upper[-1][1] - upper[-2][1]) * (p[0] - upper[-2][0])) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def drawing_scale(frame: Frame, width: float, height: float, margin: float = 0.06) -> float:
    """How many pixels a figure height is in a drawing of `frame` in `width` x `height`."""
    span_x, span_y = frame.right - frame.left, frame.top - frame.bottom
    return min(width * (1 - 2 * margin) / span_x, height * (1 - 2 * margin) / span_y)


def travel(before: Picture, after: Picture) -> float:
    """How far (figure heights) the furthest-moving part of the figure went from one
    picture to the other; infinite when a part came or went."""
    if len(before.parts) != len(after.parts):
        return math.inf
    furthest = 0.0
    for old, new in zip(before.parts, after.parts):
        if old.name != new.name or len(old.circles) != len(new.circles):
            return math.inf
        for (x1, y1, r1), (x2, y2, r2) in zip(old.circles, new.circles):
            furthest = max(furthest, abs(x1 - x2) + abs(r1 - r2), abs(y1 - y2) + abs(r1 - r2))
    return furthest


def drawing(seen: Picture, width: float, height: float, frame: Frame | None = None,
            margin: float = 0.06, colours: FigureColours = COLOURS) -> list[Shape]:
    """The shapes of the figure in a box of `width` x `height` (y down, as on a screen), in
    `colours`."""
    frame = frame or frame_of(seen)
    scale = drawing_scale(frame, width, height, margin)
    # Centred across, standing on the bottom margin.
    origin_x = width / 2 - (frame.left + frame.right) / 2 * scale
    origin_y = height - height * margin + frame.bottom * scale

    def flat(points) -> tuple[float, ...]:
        return tuple(value for x, y in points for value in (round(origin_x + x * scale, 2), round(origin_y - y * scale, 2)))

    edge = max(1.0, EDGE * scale)
    shapes: list[Shape] = []
    if seen.floor is not None:
        y = origin_y - seen.floor * scale
        shapes.append(Line(origin_x + frame.left * scale, y, origin_x + frame.right * scale, y, max(1.0, FLOOR * scale), colours.floor))
    # The mat under everything, then the glow, under everything it lights.
    for part in seen.parts:
        if part.kind == "mat":
            shapes.append(Polygon(flat(part.corners), colours.mat))
    for part in seen.parts:
        if part.name in seen.highlight:
            shapes.append(Polygon(flat(outline(part.circles, GLOW_REACH)), colours.glow, opacity=colours.glow_opacity))
    # The trunk, the neck and the head are one piece: their edges first, then all of them
    # filled, so no seam crosses the body; a limb is drawn bone by bone, its joints showing.
    # A body part's edge is a rim: its outline grown, filled in the edge colour, under the
    # part's own fill. It looks as a stroked edge would, and a rim is a plain fill: stroking
    # an outline with round joins costs a painter about three times filling it, frame after
    # frame while the figure moves (tests/core/figure/test_figure.py keeps it stroke-free).
    rim = edge / scale  # the edge's width in the figure's own units
    # A limb is shaded by how far it is from the camera: the nearest in the body's colour,
    # the farthest in the far colour, those between in a few steps between the two; a
    # limb beside the trunk at its depth is the body's colour.
    limbs = [part.depth for part in seen.parts if part.kind == "limb"]
    trunk_depths = [part.depth for part in seen.parts if part.kind == "body"]
    near, far = max([*limbs, *trunk_depths]), min(limbs, default=0.0)
    trunk = [part for part in seen.parts if part.kind == "body"]
    trunk_depth = sum(part.depth for part in trunk) / len(trunk)
    items: list[tuple[float, list[Part]]] = [(trunk_depth, trunk)]
    items += [(part.depth, [part]) for part in seen.parts if part.kind != "body"]
    items.sort(key=lambda item: item[0])
    for _, group in items:
        part = group[0]
        if part.kind == "mat":
            continue
        elif part.kind == "wall":
            shapes.append(Polygon(flat(_hull(list(part.corners))), colours.wall, colours.prop, edge))
        elif part.kind == "prop":
            shapes.append(Polygon(flat(_hull(list(part.corners))), colours.prop, colours.halo, edge))
        elif part.kind == "body":
            pieces = [outlines(piece.circles, rim, 0.0) for piece in group]
            shapes.extend(Polygon(flat(rim_points), colours.halo) for rim_points, _ in pieces)
            shapes.extend(Polygon(flat(fill_points), colours.body) for _, fill_points in pieces)
        else:
            colour = _limb_colour(part.depth, near, far, colours)
            rim_points, fill_points = outlines(part.circles, rim / 2, -rim / 2)
            shapes.append(Polygon(flat(rim_points), colours.halo))
            shapes.append(Polygon(flat(fill_points), colour))
    if seen.nose is not None:
        x, y, r = seen.nose
        shapes.append(Circle(origin_x + x * scale, origin_y - y * scale, r * scale, colours.body))
    if seen.strap is not None:
        (x1, y1), (x2, y2) = seen.strap
        shapes.append(Line(origin_x + x1 * scale, origin_y - y1 * scale, origin_x + x2 * scale, origin_y - y2 * scale,
                           max(1.0, 0.012 * scale), colours.strap))
    return shapes


#: How many shades a limb may take between the body's colour and the far colour.
SHADES = 4
#: Limbs nearer than this (a share of the figure's height) to the nearest part are the body's colour.
NEAR_ENOUGH = 0.06


def _limb_colour(depth: float, near: float, far: float, colours: FigureColours) -> str:
    span = near - far
    if span < 2 * NEAR_ENOUGH:
        return colours.body
    share = min(1.0, max(0.0, (near - depth - NEAR_ENOUGH) / (span - NEAR_ENOUGH)))
    step = round(share * SHADES) / SHADES
    return mix(colours.body, colours.far, step)


def mix(first: str, second: str, share: float) -> str:
    """The colour a share of the way from `first` to `second` (#rrggbb)."""
    if share <= 0.0:
        return first
    if share >= 1.0:
        return second
    a = [int(first[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


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
        elif isinstance(shape, Polygon):
            points = " ".join(f"{shape.points[i]:.2f},{shape.points[i + 1]:.2f}" for i in range(0, len(shape.points), 2))
            stroke = (f' stroke="{shape.edge}" stroke-width="{shape.edge_width:.2f}" stroke-linejoin="round"'
                      if shape.edge and shape.edge_width else ' stroke="none"')
            parts.append(f'<polygon points="{points}" fill="{shape.colour}"{stroke}'
                         + (f' fill-opacity="{shape.opacity:g}"' if shape.opacity < 1 else "") + "/>")
        else:
            parts.append(f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.width:.2f}" height="{shape.height:.2f}" '
                         f'rx="{shape.radius:.2f}" fill="{shape.colour}" stroke="none"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


#: On paper, a movement's second shape is drawn beside its first at this share of its colour's strength.
GHOST_OPACITY = 0.45


def step_picture(motion: Motion, side: str | None, size: float) -> tuple[list[Shape], float, float]:
    """A step's picture to print: its pose as the window draws it in a `size` square, or a
    movement's two shapes side by side at one scale, with an arrow between them; the right
    side is the mirror image. Returns the shapes and the picture's width and height."""
    poses = [motion.start] if motion.end is None else [motion.start, motion.end]
    if side == "right":
        poses = [pose.mirror() for pose in poses]
    pictures = [picture(pose) for pose in poses]
    frame = frame_of(pictures[0])
    for other in pictures[1:]:
        frame = frame.union(frame_of(other))
    shapes: list[Shape] = []
    for index, seen in enumerate(pictures):
        shapes.extend(moved(shape, index * size) for shape in drawing(seen, size, size, frame))
    if len(pictures) > 1:
        x, y, arm = size, size * 0.12, size * 0.035
        width = max(1.5, size * 0.012)
        shapes += [Line(x - arm * 2, y, x + arm, y, width, COLOURS.body),
                   Line(x, y - arm, x + arm, y, width, COLOURS.body), Line(x, y + arm, x + arm, y, width, COLOURS.body)]
    return shapes, size * len(pictures), size


def moved(shape: Shape, dx: float) -> Shape:
    if isinstance(shape, Line):
        return replace(shape, x1=shape.x1 + dx, x2=shape.x2 + dx)
    if isinstance(shape, Polygon):
        return replace(shape, points=tuple(v + dx if i % 2 == 0 else v for i, v in enumerate(shape.points)))
    return replace(shape, x=shape.x + dx)
