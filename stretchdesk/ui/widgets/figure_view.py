"""The figure of a step, painted from the core's drawing (core/figure/drawing.py): the same
shapes `stretchdesk show --figures` writes as SVG.

It repaints only when the picture changes: a hold is one still pose, so nothing is
painted between the countdown's ticks; during a breath or a rep its own timer moves the
figure about twenty times a second, reading the session's position each time, so the
figure is always in step with the countdown and the cues, and stops when they do.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchdesk.core.figure.skeleton import Motion, Pose, moves, pose_at, skeleton
from stretchdesk.core.figure.drawing import Box, Circle, Frame, Line, Shape, drawing, frame_of
from stretchdesk.core.play.session import State, View
from stretchdesk.ui.widgets import theme

#: Frames a second while the figure moves: smooth to the eye, a small share of a core.
MOVING_FPS = 20


def paint_shapes(painter: QPainter, shapes: list[Shape], dx: float = 0.0, dy: float = 0.0) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for shape in shapes:
        colour = QColor(shape.colour)
        colour.setAlphaF(shape.opacity if not isinstance(shape, Box) else 1.0)
        if isinstance(shape, Line):
            pen = QPen(colour, shape.width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(shape.x1 + dx, shape.y1 + dy), QPointF(shape.x2 + dx, shape.y2 + dy))
        elif isinstance(shape, Circle):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(shape.x + dx, shape.y + dy), shape.r, shape.r)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(shape.x + dx, shape.y + dy, shape.width, shape.height), shape.radius, shape.radius)
            painter.setBrush(Qt.BrushStyle.NoBrush)


def motion_frame(motion: Motion, side: str | None = None) -> Frame:
    """One frame for the whole movement on one side: the figure keeps its size as it moves.
    The other side's frame is this one's mirror image, the same size, so the figure keeps
    its size when it changes sides too, and each side fills the picture (a frame around
    both sides at once would leave half of it empty beside a figure lying down)."""
    start = motion.start.mirror() if side == "right" else motion.start
    end = None if motion.end is None else motion.end.mirror() if side == "right" else motion.end
    frame = frame_of(skeleton(start))
    if end is not None:
        frame = frame.union(frame_of(skeleton(end)))
    return frame


def thumbnail(motion: Motion, size: int, side: str | None = None, device_ratio: float = 1.0) -> QPixmap:
    """The step's first pose as a small picture, for the library and the preview's table."""
    pixmap = QPixmap(int(size * device_ratio), int(size * device_ratio))
    pixmap.setDevicePixelRatio(device_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    pose = motion.start.mirror() if side == "right" else motion.start
    painter = QPainter(pixmap)
    paint_shapes(painter, drawing(skeleton(pose), size, size, motion_frame(motion, side), margin=0.04,
                                  colours=theme.colours().figure))
    painter.end()
    return pixmap


class FigureView(QWidget):
    def __init__(self, view_source: Callable[[], View | None] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Picture of the pose")
        #: Where the figure reads the session's view between the driver's ticks.
        self._view_source = view_source
        self._motion: Motion | None = None
        #: The movement's frame on each side (None: the left, or a step done once).
        self._frames: dict[str | None, Frame] = {}
        self._side: str | None = None
        self._pose: Pose | None = None
        self._animation = QTimer(self)
        self._animation.setInterval(1000 // MOVING_FPS)
        self._animation.timeout.connect(self._animate)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, 320)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(96, 96)

    @property
    def pose(self) -> Pose | None:
        return self._pose

    def set_motion(self, motion: Motion | None) -> None:
        if motion is not self._motion:
            self._motion = motion
            self._frames = {side: motion_frame(motion, side) for side in (None, "right")} if motion is not None else {}
            self._pose = None
            self.setVisible(motion is not None)

    def show_view(self, view: View) -> None:
        """Pose the figure as the session is now; animate while it moves."""
        motion, segment = self._motion, view.segment
        if motion is None or segment is None:
            self._animation.stop()
            return
        kind = segment.kind.value
        pose = pose_at(motion, kind, view.segment_progress, segment.side, segment.phase,
                       elapsed=view.segment_progress * segment.duration)
        side = "right" if segment.side == "right" else None
        if pose != self._pose or side != self._side:
            self._pose, self._side = pose, side
            self.update()
        running = view.state in (State.GET_READY, State.ACTIVE)
        if running and moves(kind, motion) and self._view_source is not None:
            if not self._animation.isActive():
                self._animation.start()
        else:
            self._animation.stop()

    def _animate(self) -> None:
        view = self._view_source() if self._view_source is not None else None
        if view is None:
            self._animation.stop()
            return
        self.show_view(view)

    def stop(self) -> None:
        self._animation.stop()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._pose is None:
            return
        painter = QPainter(self)
        paint_shapes(painter, drawing(skeleton(self._pose), self.width(), self.height(), self._frames.get(self._side),
                                      colours=theme.colours().figure))
        painter.end()
