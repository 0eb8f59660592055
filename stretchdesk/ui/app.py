"""Starting the application: one QApplication, the main window, then the slower parts
(sounds, speech) once the window is on screen."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLoggingCategory
from PySide6.QtWidgets import QApplication

from stretchdesk.core.about import APP_ID, APP_NAME, VERSION
from stretchdesk.core import paths

if TYPE_CHECKING:
    from stretchdesk.core.routine.model import Routine


def read_module_sources_lightly() -> None:
    """Once PySide is imported, it looks through the source of every module imported after
    it for the word "PySide6" (to know which modules may switch its "features" on), by
    inspect.getsource: each module's whole source was read, split into lines and kept in
    linecache for as long as the app ran, 4 MiB of text. The same question is answered
    from the file's bytes, kept nowhere; what was kept so far is let go."""
    import linecache

    feature = sys.modules.get("shibokensupport.feature")
    asked = getattr(feature, "_mod_uses_pyside", None)
    if asked is None or getattr(asked, "lightly", False):
        return

    def uses_pyside(module) -> bool:
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not file.endswith(".py"):
            return asked(module)
        try:
            with open(file, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return asked(module)

    uses_pyside.lightly = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    linecache.clearcache()


read_module_sources_lightly()


def create_application(argv: list[str] | None = None) -> QApplication:
    # Qt Multimedia reports every optional video and audio library it looks for and does
    # not find (VA-API, PipeWire); none of them matter for a few short sounds.
    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg.info=false")
    # Qt's painter hands every fill of 96 or more spans (a limb of the figure, drawn smooth)
    # to a pool of threads and waits for them: for shapes the figure's size the handing over
    # costs more than the filling, frame after frame while it moves. Qt reads this switch the
    # first time it would use the pool; a person's own setting is kept.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance()
    if app is None:
        # Fusion (the style the palette is drawn for) is asked for as Qt's own command-line
        # option: app.setStyle() hands the new style back to Python, and wrapping it made
        # PySide build QStyle's eleven enums, ~4 ms of every start.
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "Fusion"])
    else:
        app.setStyle("Fusion")
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(VERSION)
    app.setOrganizationName(APP_NAME)
    # Matches the .desktop file's name, so the window is grouped with its menu entry.
    app.setDesktopFileName(APP_ID)
    from stretchdesk.ui.widgets import theme

    theme.apply(app)
    return app


def open_window(routine=None, variant: str | None = None):
    """The main window, shown, with `routine` started at once when given; sounds and speech
    load just after, once the window is up (nothing needs them in the first seconds)."""
    # Building the window makes thousands of objects that live as long as it does (Qt's
    # enum classes, the widgets, the library), and Python's cycle collector rescanned them
    # again and again as they were made: 10-15 ms of every start. It waits until the
    # window is painted; what exists then is set aside (frozen), so later collections,
    # while a routine plays, skip it too.
    gc.disable()
    from stretchdesk.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    # The speech helper starts just after the first paint: a routine started before it is
    # ready holds its first get-ready for it (a few seconds at most), so that the first
    # announcement is heard.
    window.cues.expect_voice()
    if routine is not None:
        window.start_routine(routine, variant)

    def after_first_paint() -> None:
        resume_collection()
        set_window_icon(QApplication.instance())
        # Sounds and the speech helper load once the window is on screen: the window comes
        # first. The cue player has kept the cues asked for meanwhile and hands the output
        # those still fresh when it joins; the output is woken if a routine plays.
        from stretchdesk.ui.output.desktop_cue_output import DesktopCueOutput

        output = DesktopCueOutput(window.cues, parent=window)
        if window.practice.running:
            output.wake()
        output.load()  # before it joins: a chime kept for it needs the stream to play on
        window.cues.set_output(output)
        window.cues.follow_settings(window.settings)  # the saved voice, which the silent output had no use for

    window.firstPainted.connect(after_first_paint)
    window.destroyed.connect(resume_collection)  # never painted (closed at once): still resumed
    return window


def set_window_icon(app: QApplication) -> None:
    """The icon for the title bar and task bar, from PNGs of several sizes. Set once the
    window is painted (the window manager takes it up then): QIcon's Python class and enums
    cost ~3 ms that the first paint does not need."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for png in paths.icon_png_files():
        icon.addFile(str(png))
    app.setWindowIcon(icon)


def resume_collection() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def no_display_reason() -> str | None:
    """Why a window cannot open here, in plain words; None when it can (or we cannot tell).
    Without this, Qt aborts with a message about missing platform plugins that sends
    people looking for libraries they already have."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if os.path.exists(wayland if os.path.isabs(wayland) else os.path.join(runtime, wayland)):
            return None
    display = os.environ.get("DISPLAY")
    if not display:
        if wayland:
            return f"The Wayland display {wayland!r} cannot be reached, and no X display is set either."
        return ("There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
                "The commands list, show, check and settings work without one.")
    if not _x_display_answers(display):
        return (f"The display {display!r} cannot be reached (is the X server running, and may this user use it?). "
                "The commands list, show, check and settings work without one.")
    return None


def _x_display_answers(display: str) -> bool:
    """Connect to the X server the way Qt will (libxcb, which Qt's X11 support needs
    anyway) and hang up: about a millisecond. True when we cannot tell."""
    import ctypes
    import ctypes.util

    try:
        xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(os.fsencode(display), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def run(routine: Routine | None = None, variant: str | None = None) -> int:
    """The window, with `routine` (found by the command line) started at once if given."""
    app = create_application()
    window = open_window(routine, variant)
    code = app.exec()
    del window
    return code
