"""The figure of a step, painted from the core's drawing (core/figure/drawing.py): the same
shapes `stretchdesk show --figures` writes as SVG.

It costs what it shows. A hold is one still pose, so nothing is painted between the
countdown's ticks and no timer runs. During a breath or a rep the figure looks at the
session's position on a timer of its own, so it is always in step with the countdown and
the cues and stops when they do. A movement is drawn in steps of a couple of pixels
(FRAME_STEP_PX) from its first shape to its second, each step's shapes worked out once:
a frame is painted only when the figure reaches the next step, at most MOVING_FPS times a
second, and only where shapes moved. The figure looks again about when it will reach the
next step: a slow movement, or the turn at either end of one, needs fewer frames.
"""

from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchdesk.core.figure.body import Pose, interpolate
from stretchdesk.core.figure.camera import picture
from stretchdesk.core.figure.drawing import Box, Circle, Frame, Line, Polygon, Shape, drawing, drawing_scale, frame_of, travel
from stretchdesk.core.figure.motion import Motion, motion_share, moves, pose_at
from stretchdesk.core.play.session import State, View
from stretchdesk.ui.widgets import theme

#: At most this many frames a second while the figure moves. The movements are slow (a
#: breath, a rep of two to six seconds): at 15 frames a second they glide, and the figure
#: costs a quarter less than at 20.
MOVING_FPS = 15
#: A movement is drawn in steps this long (pixels, for the point of the figure that moves
#: furthest): from a mat two or three metres away a person cannot tell such a step from
#: smooth movement (about two minutes of arc there), and at the desk a figure moving 5 px
#: at a time, a dozen times a second, still reads as one movement. Each step is a frame and
#: a drawing of the whole figure: 2 px cost more than twice as much for nothing a person on
#: the mat can see (benchmarks/README.md).
FRAME_STEP_PX = 5.0
#: The most steps a movement is drawn in, whatever the size of the picture.
MOST_STEPS = 600
#: The longest wait between two looks at a moving figure (where it turns, it hardly moves).
LONGEST_WAIT = 0.25
#: Antialiasing reaches this far past a shape's edge (pixels).
EDGE_PX = 2.0


def shape_bounds(shape: Shape) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of what painting the shape can touch."""
    if isinstance(shape, Line):
        pad = shape.width / 2 + EDGE_PX  # the round caps reach half the width past each end
        return min(shape.x1, shape.x2) - pad, min(shape.y1, shape.y2) - pad, max(shape.x1, shape.x2) + pad, max(shape.y1, shape.y2) + pad
    if isinstance(shape, Circle):
        pad = shape.r + EDGE_PX
        return shape.x - pad, shape.y - pad, shape.x + pad, shape.y + pad
    if isinstance(shape, Polygon):
        pad = shape.edge_width / 2 + EDGE_PX
        xs, ys = shape.points[0::2], shape.points[1::2]
        return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad
    return shape.x - EDGE_PX, shape.y - EDGE_PX, shape.x + shape.width + EDGE_PX, shape.y + shape.height + EDGE_PX


_PENS: dict[tuple[str, float, float], QPen] = {}


def _line_pen(shape: Line) -> QPen:
    """One pen for each colour, opacity and width (a step draws with a few, frame after frame)."""
    key = (shape.colour, shape.opacity, shape.width)
    pen = _PENS.get(key)
    if pen is None:
        if len(_PENS) > 256:
            _PENS.clear()
        colour = QColor(shape.colour)
        colour.setAlphaF(shape.opacity)
        pen = _PENS[key] = QPen(colour, shape.width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class Painting:
    """Shapes made into Qt's own objects once (outlines, pens, brushes), to be painted again
    and again: a moving figure shows each step of its movement many times, and building an
    outline point by point cost a painter as much as filling it."""

    # The shapes themselves are not kept: a step of a movement holds only Qt's compact
    # copies (a shape's corners as Python numbers took three times the memory).
    __slots__ = ("items",)

    def __init__(self, shapes: list[Shape]):
        self.items: list[tuple[tuple[float, float, float, float], object, QPen | Qt.PenStyle, QColor | None]] = []
        for shape in shapes:
            box = shape_bounds(shape)
            if type(shape) is Line:
                self.items.append((box, QLineF(shape.x1, shape.y1, shape.x2, shape.y2), _line_pen(shape), None))
                continue
            colour = QColor(shape.colour)
            colour.setAlphaF(shape.opacity if not isinstance(shape, Box) else 1.0)
            if isinstance(shape, Polygon):
                points = shape.points
                outline = QPolygonF([QPointF(points[i], points[i + 1]) for i in range(0, len(points), 2)])
                pen: QPen | Qt.PenStyle = Qt.PenStyle.NoPen
                if shape.edge and shape.edge_width:
                    pen = QPen(QColor(shape.edge), shape.edge_width)
                    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                self.items.append((box, outline, pen, colour))
            elif isinstance(shape, Circle):
                self.items.append((box, (QPointF(shape.x, shape.y), shape.r), Qt.PenStyle.NoPen, colour))
            else:
                self.items.append((box, (QRectF(shape.x, shape.y, shape.width, shape.height), shape.radius),
                                   Qt.PenStyle.NoPen, colour))

    def changed(self, before: Painting) -> QRect:
        """The part of the picture that differs from `before`: every shape that is in one
        and not in the other, where it was and where it is."""
        if len(before.items) == len(self.items):  # the same figure in another pose: shape by shape
            boxes = [box for old, new in zip(before.items, self.items) if old != new for box in (old[0], new[0])]
        else:
            boxes = [item[0] for item in (*before.items, *self.items)]
        if not boxes:
            return QRect()
        left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
        right, bottom = max(box[2] for box in boxes), max(box[3] for box in boxes)
        return QRectF(left, top, right - left, bottom - top).toAlignedRect()

    def paint(self, painter: QPainter, within: QRect | None = None) -> None:
        """Paint it all; with `within`, only what reaches into that rectangle (the rest
        would not change a pixel of it)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if within is not None:
            left, top, right, bottom = within.left(), within.top(), within.right() + 1, within.bottom() + 1
        no_brush = Qt.BrushStyle.NoBrush
        for box, geometry, pen, brush in self.items:
            if within is not None and (box[2] < left or box[0] > right or box[3] < top or box[1] > bottom):
                continue
            painter.setPen(pen)
            if brush is None:
                painter.drawLine(geometry)
                continue
            painter.setBrush(brush)
            if type(geometry) is QPolygonF:
                painter.drawPolygon(geometry)
            elif type(geometry[0]) is QPointF:
                painter.drawEllipse(geometry[0], geometry[1], geometry[1])
            else:
                painter.drawRoundedRect(geometry[0], geometry[1], geometry[1])
            painter.setBrush(no_brush)


def paint_shapes(painter: QPainter, shapes: list[Shape], within: QRect | None = None) -> None:
    """Paint the shapes in order, once (a thumbnail); with `within`, only those that reach
    into that rectangle."""
    Painting(shapes).paint(painter, within)


def motion_frame(motion: Motion, side: str | None = None) -> Frame:
    """One frame for the whole movement on one side: the figure keeps its size as it moves.
    The other side's frame is this one's mirror image, the same size, so the figure keeps
    its size when it changes sides too, and each side fills the picture (a frame around
    both sides at once would leave half of it empty beside a figure lying down)."""
    start = motion.start.mirror() if side == "right" else motion.start
    end = None if motion.end is None else motion.end.mirror() if side == "right" else motion.end
    frame = frame_of(picture(start))
    if end is not None:
        frame = frame.union(frame_of(picture(end)))
    return frame


def thumbnail(motion: Motion, size: int, side: str | None = None, device_ratio: float = 1.0) -> QPixmap:
    """The step's first pose as a small picture, for the library and the preview's table."""
    pixmap = QPixmap(int(size * device_ratio), int(size * device_ratio))
    pixmap.setDevicePixelRatio(device_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    pose = motion.start.mirror() if side == "right" else motion.start
    painter = QPainter(pixmap)
    paint_shapes(painter, drawing(picture(pose), size, size, motion_frame(motion, side), margin=0.04,
                                  colours=theme.colours().figure))
    painter.end()
    return pixmap


class FigureView(QWidget):
    def __init__(self, view_source: Callable[[], View | None] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Picture of the pose")
        # It paints its own background (the window's), so a frame of a moving figure is
        # this widget's paint alone, not the page's background under it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        #: Where the figure reads the session's view between the driver's ticks.
        self._view_source = view_source
        self._motion: Motion | None = None
        #: The movement's frame on each side (None: the left, or a step done once).
        self._frames: dict[str | None, Frame] = {}
        self._side: str | None = None
        self._pose: Pose | None = None
        #: Where in the movement the session is, for the pose worked out when asked for
        #: (a moving figure shows steps; the exact pose is for the still picture and tests).
        self._pose_where: tuple | None = None
        #: What is on screen: the shapes painted (or about to be), the size they were drawn
        #: for, and which they are (a still pose, or a step of the movement).
        self._painting = Painting([])
        self._shapes_size = QSize()
        self._shown: object = None
        #: A movement's steps at this size: how many on each side, and each one's shapes.
        self._steps: dict[str | None, int] = {}
        self._step_shapes: dict[tuple[str | None, int], Painting] = {}
        #: What changes from one step to another, as the movement goes on.
        self._step_changes: dict[tuple[object, object], QRect] = {}
        self._animation = QTimer(self)
        self._animation.setSingleShot(True)
        self._animation.timeout.connect(self._animate)
        #: Seconds until the figure looks at the session again; None while it is still.
        self.next_look: float | None = None
        theme.notifier().changed.connect(self._recolour)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, 320)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(96, 96)

    @property
    def pose(self) -> Pose | None:
        """The pose as the session is now (a moving figure shows it to within FRAME_STEP_PX)."""
        if self._pose is None and self._pose_where is not None:
            motion, kind, progress, side, phase, elapsed = self._pose_where
            self._pose = pose_at(motion, kind, progress, side, phase, elapsed=elapsed)
        return self._pose

    @property
    def moving(self) -> bool:
        """Whether the figure is looking at the session between the driver's ticks."""
        return self.next_look is not None

    def set_motion(self, motion: Motion | None) -> None:
        if motion is not self._motion:
            self._motion = motion
            self._frames = {side: motion_frame(motion, side) for side in (None, "right")} if motion is not None else {}
            self._forget_steps()
            self._pose, self._pose_where = None, None
            self.setVisible(motion is not None)

    def show_view(self, view: View) -> None:
        """Pose the figure as the session is now; look again soon while it moves."""
        motion, segment = self._motion, view.segment
        if motion is None or segment is None:
            self._still()
            return
        kind, progress = segment.kind.value, view.segment_progress
        elapsed = progress * segment.duration
        self._pose, self._pose_where = None, (motion, kind, progress, segment.side, segment.phase, elapsed)
        self._side = side = "right" if segment.side == "right" else None
        if self._shapes_size != self.size():  # drawn for another size: all of it again
            self._forget_steps()
            self._painting, self._shapes_size, self._shown = Painting([]), self.size(), None
            self.update()
        running = view.state in (State.GET_READY, State.ACTIVE)
        if not (running and moves(kind, motion) and self._view_source is not None):
            pose = self.pose
            if self._shown != (pose, side):
                self._show(Painting(self._drawing(pose, side)), (pose, side))
            self._still()
            return
        share = motion_share(motion, kind, progress, segment.phase, elapsed)
        steps = self._steps_on(side)
        step = round(share * steps)
        if self._shown != (side, step):
            painting = self._step_shapes.get((side, step))
            if painting is None:
                pose = interpolate(motion.start, motion.end or motion.start, step / steps)
                painting = self._step_shapes[(side, step)] = Painting(self._drawing(pose.mirror() if side == "right" else pose, side))
            self._show(painting, (side, step))
        # Look again about when the next step is reached, at the speed the figure moves now.
        ahead = 1 / MOVING_FPS
        later = motion_share(motion, kind, min(1.0, progress + ahead / segment.duration), segment.phase, elapsed + ahead)
        speed = abs(later - share) / ahead
        wait = min(max(1 / (steps * speed), ahead), LONGEST_WAIT) if speed > 0 else LONGEST_WAIT
        self.next_look = wait
        self._animation.start(max(1, round(wait * 1000)))

    def _drawing(self, pose: Pose | None, side: str | None) -> list[Shape]:
        if pose is None:
            return []
        return drawing(picture(pose), self.width(), self.height(), self._frames.get(side), colours=theme.colours().figure)

    def _show(self, painting: Painting, which: object) -> None:
        """Put these shapes on screen, repainting only where they differ from those there."""
        if painting is not self._painting:
            # From one step of a movement to another, the same again and again: kept.
            key = (self._shown, which) if isinstance(which, tuple) and len(which) == 2 and isinstance(which[1], int) else None
            rect = self._step_changes.get(key) if key is not None else None
            if rect is None:
                rect = painting.changed(self._painting)
                if key is not None and len(self._step_changes) < 4 * MOST_STEPS:
                    self._step_changes[key] = rect
            if not rect.isEmpty():
                self.update(rect)
            self._painting = painting
        self._shown = which

    def _steps_on(self, side: str | None) -> int:
        """How many steps the movement is drawn in on this side, at this size: one for each
        FRAME_STEP_PX that the point of the figure moving furthest travels."""
        steps = self._steps.get(side)
        if steps is None:
            motion = self._motion
            assert motion is not None and motion.end is not None
            # Measured on the camera's pictures, not on drawings: drawing a figure costs four
            # times as much as seeing it, and only its steps are drawn.
            samples = [interpolate(motion.start, motion.end, index / 16) for index in range(17)]
            seen = [picture(pose.mirror() if side == "right" else pose) for pose in samples]
            scale = drawing_scale(self._frames[side], self.width(), self.height())
            moves_by = [travel(a, b) * scale for a, b in zip(seen, seen[1:])]
            finite = [distance for distance in moves_by if math.isfinite(distance)]
            # Where a shape comes or goes between two samples, count that stretch as the others go.
            typical = max(finite) if finite else FRAME_STEP_PX
            path = sum(distance if math.isfinite(distance) else typical for distance in moves_by)
            steps = self._steps[side] = min(MOST_STEPS, max(1, math.ceil(path / FRAME_STEP_PX)))
        return steps

    def _recolour(self) -> None:
        """The scheme changed: what is kept was drawn in the old colours."""
        self._forget_steps()
        self._draw_again()
        self.update()

    def _forget_steps(self) -> None:
        self._steps.clear()
        self._step_shapes.clear()
        self._step_changes.clear()

    def _still(self) -> None:
        self.next_look = None
        self._animation.stop()

    def _animate(self) -> None:
        view = self._view_source() if self._view_source is not None else None
        if view is None:
            self._still()
            return
        self.show_view(view)

    def stop(self) -> None:
        self._still()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # Qt repaints all of it: drawn again, exactly, until the next look.
        self._forget_steps()
        self._draw_again()

    def _draw_again(self) -> None:
        """The pose as it is now, drawn anew at this size and in these colours."""
        self._painting, self._shapes_size, self._shown = Painting(self._drawing(self.pose, self._side)), self.size(), (self.pose, self._side)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        if not self._painting.items:
            painter.end()
            return
        # All of it, or only the shapes that reach into what Qt asks for.
        self._painting.paint(painter, None if event.rect().contains(self.rect()) else event.rect())
        painter.end()
