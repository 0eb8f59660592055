"""`stretchdesk --self-test`: is this installation whole?

Creates the application offscreen, loads every built-in routine and draws each step's
picture, loads every sound, opens the settings, shows the main window, and exits 0; or
names what failed and exits 1. It runs in data, config and cache folders of its own,
removed when it ends, so it reads and writes nothing of the person's and leaves nothing
behind.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

from stretchdesk.core.words import plural

EXPECTED_ROUTINES = 4


FOLDERS = {"STRETCHDESK_DATA_DIR": "data", "STRETCHDESK_CONFIG_DIR": "config", "STRETCHDESK_CACHE_DIR": "cache"}


def run_self_test(out=sys.stdout) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    saved = {name: os.environ.get(name) for name in FOLDERS}
    with tempfile.TemporaryDirectory(prefix="stretchdesk-self-test-") as home:
        for name, folder in FOLDERS.items():
            os.environ[name] = str(Path(home) / folder)
        try:
            return _run_checks(out)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _run_checks(out) -> int:
    context: dict = {}
    failures = 0

    def check(name: str, action: Callable[[], str]) -> None:
        nonlocal failures
        try:
            detail = action()
            print(f"ok      {name}: {detail}", file=out)
        except Exception as error:  # noqa: BLE001 - every failure is reported, none escapes
            failures += 1
            print(f"FAILED  {name}: {error}", file=out)
            if os.environ.get("STRETCHDESK_DEBUG"):
                traceback.print_exc()

    def routines() -> str:
        from stretchdesk.core.routine.library import load_library
        from stretchdesk.core.paths import builtin_routines_dir
        from stretchdesk.core.play.timeline import build_timeline

        folder = builtin_routines_dir()
        library = load_library([folder])
        if library.problems:
            raise RuntimeError("; ".join(str(p) for p in library.problems))
        if len(library.routines) != EXPECTED_ROUTINES:
            raise RuntimeError(f"found {len(library.routines)} built-in routines in {folder}, expected {EXPECTED_ROUTINES}")
        for routine in library.routines:
            build_timeline(routine)
        return f"{len(library.routines)} from {folder}"

    def pictures() -> str:
        from stretchdesk.core.figure.drawing import step_picture, svg
        from stretchdesk.core.routine.library import load_library
        from stretchdesk.core.paths import builtin_routines_dir
        from stretchdesk.core.routine.poses import builtin_poses

        loaded = builtin_poses()
        if loaded.problems:
            raise RuntimeError("; ".join(loaded.problems))
        drawn = 0
        for routine in load_library([builtin_routines_dir()]).routines:
            steps = list(routine.steps) + [s for v in routine.variants for _, replaced in v.replacements for s in replaced]
            for step in steps:
                motion = routine.motion(step)
                if motion is None:
                    raise RuntimeError(f"{routine.id}: step '{step.id}' has no picture")
                for side in step.side_order:
                    svg(*step_picture(motion, side, 96))
                    drawn += 1
        return f"{len(loaded.library.poses)} poses, {len(loaded.library.motions)} movements, {drawn} step pictures drawn"

    def icon() -> str:
        from stretchdesk.core.paths import icon_file

        path = icon_file()
        if not path.is_file() or b"<svg" not in path.read_bytes()[:512]:
            raise RuntimeError(f"{path} is missing or not an SVG image")
        return str(path)

    def sounds() -> str:
        from stretchdesk.core.play.cues import SOUNDS
        from stretchdesk.core.paths import resources_dir
        from stretchdesk.sound.mixer import SoundMixer, read_sounds

        pcm, problems = read_sounds(resources_dir() / "sounds", SOUNDS)
        if problems:
            raise RuntimeError(" ".join(problems))
        SoundMixer(pcm)
        return f"{len(pcm)} ({', '.join(SOUNDS)})"

    def application() -> str:
        from stretchdesk.ui.app import create_application

        import PySide6

        context["app"] = create_application([sys.argv[0]])
        return f"PySide6 {PySide6.__version__}, platform {context['app'].platformName()}"

    def settings() -> str:
        from stretchdesk.core.store.settings import SETTINGS, load_settings
        from stretchdesk.ui.pages.settings_dialog import SettingsDialog

        loaded = load_settings()
        dialog = SettingsDialog(loaded.settings)
        missing = [s.key for s in SETTINGS if s.key not in dialog.fields]
        if missing:
            raise RuntimeError(f"the dialog has no field for {', '.join(missing)}")
        dialog.deleteLater()
        return f"{len(SETTINGS)} settings in the dialog"

    def window() -> str:
        from stretchdesk.ui.main_window import MainWindow

        app = context["app"]
        main = MainWindow()
        main.show()
        app.processEvents()
        shown = main.library_page.list.model().rowCount()
        if not main.isVisible() or shown < EXPECTED_ROUTINES:
            raise RuntimeError(f"the main window shows {shown} routines")
        main.close()
        # Gone while the quiet message handler is still in place.
        main.deleteLater()
        app.sendPostedEvents(None, 0)
        app.processEvents()
        return f"shown with {shown} routines"

    def keep_awake() -> str:
        from stretchdesk.ui.output.keep_awake import KeepAwake, session_bus_address

        KeepAwake().deleteLater()  # QtDBus is there; nothing is asked of the desktop here
        address = session_bus_address()
        return "through the session bus" if address else "no session bus here, so the screen is not kept awake"

    print("StretchDesk self-test", file=out)
    check("built-in routines", routines)
    check("pictures", pictures)
    check("sounds", sounds)
    check("icon", icon)
    check("application", application)
    if "app" in context:
        check("settings", settings)
        check("main window", window)
        check("keeping the screen awake", keep_awake)
    else:
        failures += 3
        print("FAILED  settings: not tried, the application could not be created", file=out)
        print("FAILED  main window: not tried, the application could not be created", file=out)
        print("FAILED  keeping the screen awake: not tried, the application could not be created", file=out)
    print("all good" if failures == 0 else f"{plural(failures, 'check')} failed", file=out)
    return 0 if failures == 0 else 1
