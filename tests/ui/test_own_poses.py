"""A routine's own poses in the window: the player's figure and the preview's pictures are
the routine's own, not the library's poses of the same name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stretchdesk.core.figure.body import pose_from_mapping
from stretchdesk.core.figure.motion import Motion
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.routine.poses import builtin_poses

from tests.ui.conftest import advance

OWN = """title: Own poses
format: 2
poses:
  cobra:
    base: cobra
    lean: 60
  reach:
    base: kneeling
    shoulder_right: [170, 0, 0]
steps:
  - name: Cobra
    pose: cobra
    hold: 10s
  - name: Reach
    pose: reach
    hold: 10s
"""


@pytest.fixture
def own_library():
    library = load_library()
    library.routines.insert(0, load_routine_text(OWN, "own.yaml", default_id="own").routine)
    return library


def own_poses():
    library = builtin_poses().library.poses
    return (pose_from_mapping({"base": "cobra", "lean": 60}, library),
            pose_from_mapping({"base": "kneeling", "shoulder_right": [170, 0, 0]}, library))


def test_the_player_draws_the_routines_own_poses(window, clock, own_library):
    cobra, reach = own_poses()
    window.start_routine(own_library.get("own"))
    figure = window.player_page.figure
    assert figure.pose == cobra
    advance(window, clock, 5 + 10 + 1)
    assert figure.pose == reach


def test_the_preview_pictures_the_routines_own_poses(qtbot, own_library):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.widgets.figure_view import thumbnail
    from stretchdesk.ui.pages.library_page import THUMBNAIL
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    window = MainWindow(library=own_library)
    qtbot.addWidget(window)
    page = window.library_page
    page.build_details()
    assert page.selected_routine().id == "own"
    for row, pose in enumerate(own_poses()):
        icon = page.steps.item(row, 0).icon()
        assert not icon.isNull()
        ratio = page.devicePixelRatioF()
        assert icon.pixmap(THUMBNAIL, THUMBNAIL).toImage() == thumbnail(Motion(pose), THUMBNAIL, None, ratio).toImage()
    window.driver.close()


def test_the_completion_page_pictures_the_routines_own_poses(window, clock, own_library):
    from stretchdesk.ui.widgets.figure_view import thumbnail

    window.start_routine(own_library.get("own"))
    advance(window, clock, 60)
    done = window.completion_page
    assert window.current_page() is done
    ratio = done.devicePixelRatioF()
    for label, pose in zip(done._figure_labels, own_poses(), strict=True):
        size = label.pixmap().width() / ratio
        assert label.pixmap().toImage() == thumbnail(Motion(pose), int(size), None, ratio).toImage()
