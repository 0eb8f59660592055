"""Launching: `stretchdesk` opens the library; `stretchdesk play ROUTINE` starts at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from stretchdesk import APP_ID

from tests.ui.output.test_audio import MULTIMEDIA_NOISE


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_play_opens_the_window_and_starts_at_once(qtbot):
    from stretchdesk.core.routine.library import resolve_routine
    from stretchdesk.ui.app import create_application, open_window

    from stretchdesk.core.store.settings import update_settings

    update_settings(lambda settings: settings.set("voice_name", "Someone"))
    app = create_application()
    assert app.desktopFileName() == APP_ID
    assert app.style().name() == "fusion"
    window = open_window(resolve_routine("hip-relief"), None)
    qtbot.addWidget(window)
    # The task bar's icon, crisp from a small panel to a large dock, once the window is up.
    with qtbot.waitSignal(window.firstPainted, timeout=5000):
        pass
    qtbot.waitUntil(lambda: {16, 32, 48, 256} <= {size.width() for size in app.windowIcon().availableSizes()}, timeout=5000)
    assert window.current_page() is window.player_page
    assert window.playback.running
    assert window.player_page.name.text() == "Coming up: Wide Leg Bend"
    # The voice saved in the settings reaches the output that joins after the first paint.
    assert window.cues.output.speech._voice_name == "Someone"
    window.driver.close()


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_plain_launch_shows_the_library(qtbot):
    from stretchdesk.ui.app import create_application, open_window

    create_application()
    window = open_window()
    qtbot.addWidget(window)
    assert window.current_page() is window.library_page
    assert window.library_page.list.model().rowCount() == 4


def test_play_an_unknown_routine_says_so_without_opening_a_window():
    result = subprocess.run(
        [sys.executable, "-m", "stretchdesk", "play", "no-such-routine"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=60,
    )
    assert result.returncode == 1
    assert "There is no routine with the id 'no-such-routine'" in result.stderr
    assert "Traceback" not in result.stderr


def test_play_with_a_variant_the_routine_lacks():
    result = subprocess.run(
        [sys.executable, "-m", "stretchdesk", "play", "hip-relief", "--variant", "flexion"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=60,
    )
    assert result.returncode == 1
    assert "stretchdesk: The routine 'hip-relief' has no variant 'flexion' (its variants: none)" in result.stderr


def test_no_display_is_said_plainly_instead_of_a_qt_abort():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "stretchdesk"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("stretchdesk: There is no display to open the window on")
    assert "platform plugin" not in result.stderr


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_the_cycle_collector_is_back_on_once_the_window_is_painted(qtbot):
    import gc

    from stretchdesk.ui.app import create_application, open_window

    create_application()
    window = open_window()
    qtbot.addWidget(window)
    assert not gc.isenabled()  # paused while the window is built
    with qtbot.waitSignal(window.firstPainted, timeout=5000):
        pass
    qtbot.waitUntil(gc.isenabled, timeout=5000)


@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_the_preview_fills_in_by_itself_once_the_window_is_up(qtbot):
    from PySide6.QtWidgets import QTableWidget

    from stretchdesk.ui.app import create_application, open_window

    create_application()
    window = open_window()
    qtbot.addWidget(window)
    page = window.library_page
    # The first paint has the list, the title and Start; the step table comes just after.
    assert page.findChild(QTableWidget) is None
    assert page.title.text() == page.selected_routine().title
    with qtbot.waitSignal(window.firstPainted, timeout=5000):
        pass
    qtbot.waitUntil(lambda: page.findChild(QTableWidget) is not None, timeout=5000)
    table = page.findChild(QTableWidget)
    qtbot.waitUntil(table.isVisible, timeout=5000)
    assert table.rowCount() == len(page.selected_routine().steps)
    assert "Safety." in page.safety.text()


def first_paint() -> dict:
    """What a fresh `stretchdesk` process had imported and built when its window was first
    painted (tests/ui/first_paint_probe.py)."""
    from tests.conftest import REPO

    result = subprocess.run([sys.executable, "-m", "tests.ui.first_paint_probe"], cwd=REPO, env=os.environ.copy(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_qt_namespace_is_not_built_before_the_first_paint():
    """The Qt namespace's enums (Qt.GlobalColor, Qt.AlignmentFlag and 91 more) are built all
    at once when the first is needed, 40-50 ms; nothing the first paint shows needs them."""
    built = first_paint()["enums"]
    assert "ColorRole" in built, "the probe sees the enums PySide builds (QPalette.ColorRole, for the palette)"
    assert not {"GlobalColor", "AlignmentFlag", "ColorScheme", "ContrastPreference"} & set(built)


def test_the_figure_is_filled_in_the_painting_thread():
    """Qt's painter hands a large smooth fill to a pool of threads and waits for them; for
    the figure's limbs that cost more than the fill, frame after frame. The app asks Qt
    not to (tests/ui/fill_threads_probe.py paints the figure in a fresh process)."""
    from tests.conftest import REPO

    def threads(kind: str) -> list[str]:
        env = {key: value for key, value in os.environ.items() if key != "QT_NO_GUI_THREADPOOL"}
        result = subprocess.run([sys.executable, "-m", "tests.ui.fill_threads_probe", kind], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    if not any("pooled" in name for name in threads("bare")):
        pytest.skip("Qt here fills the figure in one thread without being asked (one core?)")
    assert not any("pooled" in name for name in threads("app"))


def test_the_desktop_is_asked_for_its_scheme_by_number_here(qapp):
    """On Linux, Qt's own functions give the scheme and contrast as numbers, so that asking
    builds no Qt enum; they agree with what PySide says."""
    from PySide6.QtGui import QGuiApplication

    from stretchdesk.ui.widgets import desktop_scheme

    hints = QGuiApplication.styleHints()
    scheme = desktop_scheme._native(hints, desktop_scheme._COLOR_SCHEME)
    contrast = desktop_scheme._native(hints.accessibility(), desktop_scheme._CONTRAST_PREFERENCE)
    assert scheme is not None and contrast is not None
    assert scheme() == hints.colorScheme().value
    assert contrast() == hints.accessibility().contrastPreference().value


def test_hints_that_qt_has_deleted_are_refused_not_read(qapp):
    from PySide6.QtCore import QObject

    from stretchdesk.ui.widgets import desktop_scheme

    parent = QObject()
    holder = QObject(parent)
    read = desktop_scheme._native(holder, desktop_scheme._COLOR_SCHEME)
    del parent  # Qt deletes the holder with it; the Python object is left
    with pytest.raises(RuntimeError):
        read()
