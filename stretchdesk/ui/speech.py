"""The window's side of the speech helper process (speech_helper.py): how it is started,
from which folder, and with which Qt.

The helper runs in a process of its own because a speech engine can block inside its
constructor indefinitely while holding Python's interpreter lock (see speech_helper.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import shiboken6

from stretchdesk.ui import speech_helper

#: How long the speech engine may take to start before voice is given up for this run.
SPEECH_START_SECONDS = 8.0


def speech_helper_command(engine: str | None) -> tuple[str, list[str]]:
    """How to start the speech helper: from a source or wheel install, or from the bundle.

    Python runs the helper's file isolated (-I): neither the current folder nor the
    script's, nor PYTHON* variables or the user's site-packages, have a say in what it
    imports, so a threading.py in the folder the app was started from is never run. The
    bundle's own executable never looks in the current folder."""
    extra = [engine] if engine else []
    if getattr(sys, "frozen", False):
        return sys.executable, ["--speech-helper", *extra]
    return sys.executable, ["-I", str(Path(speech_helper.__file__).resolve()), *extra]


def qt_folders() -> str:
    """The folders this app imported PySide6 and shiboken6 from, for the speech helper."""
    import PySide6

    files = [getattr(module, "__file__", None) for module in (PySide6, shiboken6)]
    folders = (Path(file).resolve().parent.parent for file in files if file)
    return os.pathsep.join(dict.fromkeys(str(folder) for folder in folders))


def speech_helper_folder() -> str:
    """Where the speech helper runs: a folder of the app's own, never the person's current
    one, which it would otherwise hold on to (an unmountable USB stick) for the whole run."""
    if getattr(sys, "frozen", False):
        return str(Path(sys.executable).resolve().parent)
    return str(Path(speech_helper.__file__).resolve().parent)
