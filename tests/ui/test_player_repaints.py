"""The player costs what it shows: a still figure is not painted again as time goes by, a
moving one is painted only where it moved and no faster than it moves, and the ring
repaints only the stretch of ring that emptied and, once a second, the digits. What is
on screen after all those partial repaints is what a whole repaint draws."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.ui.widgets.countdown import CountdownWidget
from stretchdesk.ui.widgets.figure_view import MOVING_FPS

ROUTINE = """title: Paints
steps:
  - name: Lying leg stretch
    pose: lying-on-back
    hold: 20s
  - name: Cat and cow
    pose: cat-cow
    breaths: 3
"""


class Paints(QObject):
    """The paint events a widget receives, with the region each one repaints."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.regions: list[QRegion] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.regions.append(QRegion(event.region()))
        return False


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def play(window, clock, seconds: float, step: float = 0.25) -> None:
    """The fake clock moves; the driver ticks as its timer would, and the window paints."""
    for _ in range(round(seconds / step)):
        clock.advance(step)
        window.driver.tick()
        settle()


@pytest.fixture
def playing(window):
    window.start_routine(load_routine_text(ROUTINE, "paints.yaml", default_id="paints").routine)
    settle()
    return window


def test_a_still_figure_is_not_painted_again_as_time_goes_by(playing, clock):
    page = playing.player_page
    play(playing, clock, 5 + 1)  # into the hold
    figure, ring = Paints(page.figure), Paints(page.countdown)
    play(playing, clock, 10)
    assert figure.regions == [] and not page.figure.moving
    assert len(ring.regions) >= 10  # the countdown went on meanwhile


def test_a_moving_figure_is_painted_where_it_moves_and_no_faster_than_it_moves(playing, clock):
    page = playing.player_page
    figure = page.figure
    play(playing, clock, 5 + 20 + 5)  # the breaths begin
    assert figure.moving
    paints = Paints(figure)
    looked, frames, start = 0, [], clock.now
    while clock.now - start < 6.0:  # the first breath, in and out
        clock.advance(figure.next_look)  # the figure's own timer, on the fake clock
        before = len(paints.regions)
        figure._animate()
        settle()
        looked += 1
        frames += [clock.now] * (len(paints.regions) - before)
    whole = figure.rect().width() * figure.rect().height()
    areas = [region.boundingRect().width() * region.boundingRect().height() for region in paints.regions]
    # The first breath goes through every step of the movement and back: each is drawn
    # (a frame each FRAME_STEP_PX that the figure moves), however few the frames a second.
    steps = figure._steps_on(None)
    assert steps >= 10, "the figure moves far enough to be seen to move"
    assert len(frames) >= 2 * steps - 2, "every step of the way in and out is drawn"
    assert len(frames) <= 6 * MOVING_FPS + 1 and looked <= 6 * MOVING_FPS + 1
    assert all(later - earlier >= 1 / MOVING_FPS - 1e-9 for earlier, later in zip(frames, frames[1:]))
    assert max(areas) < whole / 2, "only the part of the picture where the figure moved"


def test_the_ring_repaints_the_stretch_that_emptied_and_the_digits_once_a_second(playing, clock):
    ring = playing.player_page.countdown
    play(playing, clock, 5 + 1)  # the hold: 19 s left
    paints = Paints(ring)
    play(playing, clock, 0.5, step=0.5)  # half a second: the ring empties a little, the digits stay
    assert ring.text == "19" and len(paints.regions) == 1
    half = paints.regions[-1].boundingRect()
    digits = ring._digits_rect("19").toAlignedRect()
    assert half.width() * half.height() < ring.width() * ring.height() / 4
    assert not half.contains(digits)
    play(playing, clock, 0.5, step=0.5)  # a whole second: the digits too
    assert ring.text == "18" and len(paints.regions) == 2
    assert paints.regions[-1].contains(ring._digits_rect("18").toAlignedRect())


def test_a_ring_repainted_piece_by_piece_is_the_ring_painted_whole(qtbot):
    ring = CountdownWidget()
    qtbot.addWidget(ring)
    ring.resize(300, 300)
    ring.show()
    qtbot.waitExposed(ring)
    ring.set_state(40, 1.0, "Hold", "#2c8276")
    for _ in range(2):  # the fonts' glyphs are made on the first paint
        ring.repaint()
    screen = QApplication.primaryScreen()
    for step in range(1, 40):  # round the ring through all four quarters, a part at a time
        ring.set_state(40, 1.0 - step / 40, "Hold", "#2c8276")
        settle()
    pieces = screen.grabWindow(ring.winId()).toImage()
    ring.update()
    settle()
    whole = screen.grabWindow(ring.winId()).toImage()
    assert pieces == whole
    assert ring.rect() != QRect() and not pieces.isNull()


def test_the_figure_paints_its_own_background_so_a_frame_is_its_paint_alone(qtbot):
    """A frame of a moving figure repaints the figure's changed part only: the widget is
    opaque (Qt paints nothing under it first) and fills what it repaints with the window's
    colour, so nothing of an earlier frame shows through."""
    from PySide6.QtCore import Qt

    from stretchdesk.core.routine.poses import builtin_poses
    from stretchdesk.ui.widgets.figure_view import FigureView

    figure = FigureView()
    qtbot.addWidget(figure)
    figure.set_motion(builtin_poses().library.motions["cat-cow"])
    figure.resize(300, 300)
    assert figure.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    image = figure.grab().toImage()
    window = figure.palette().window().color()
    assert image.pixelColor(2, 2) == window and image.pixelColor(297, 2) == window
