"""Runs the speech helper with a speech engine that never comes back from its constructor,
as speech-dispatcher does when it cannot reach an audio server.

    python -I hanging_speech.py STUCK_FILE holding|releasing HELPER_ARGUMENTS...

HELPER_ARGUMENTS are the app's own arguments for the helper (a script path, after -I, or
-m and a module). Just before the engine hangs, this process writes its id to STUCK_FILE,
a named pipe the test reads as it is written.
"holding" hangs the way the real engine does, with Python's interpreter lock held, so no
other thread of the helper runs again; "releasing" lets the helper's other threads run.

Test scaffolding, run as a script; it imports nothing from the tests or the package.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import sys


def hang(holding: bool) -> None:
    # PyDLL keeps the interpreter lock across the call; CDLL lets it go.
    library = ctypes.PyDLL(None) if holding else ctypes.CDLL(None)
    library.pause()


def main() -> None:
    stuck_file, mode, *arguments = sys.argv[1:]
    from PySide6 import QtTextToSpeech

    class HangingTextToSpeech(QtTextToSpeech.QTextToSpeech):
        def __init__(self, *args, **kwargs):
            with open(stuck_file, "w") as pipe:  # closed before the hang: the test reads it whole
                pipe.write(str(os.getpid()))
            hang(mode == "holding")

    QtTextToSpeech.QTextToSpeech = HangingTextToSpeech
    if arguments[:1] == ["-I"]:
        arguments = arguments[1:]
    if arguments[:1] == ["-m"]:
        sys.argv = [arguments[1], *arguments[2:]]
        runpy.run_module(arguments[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = arguments
        runpy.run_path(arguments[0], run_name="__main__")


if __name__ == "__main__":
    main()
