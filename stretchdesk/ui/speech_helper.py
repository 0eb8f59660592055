"""The speech helper: a small process that owns the text-to-speech engine.

Why a process: a speech engine can block inside its constructor for as long as it likes
(speech-dispatcher does when it cannot reach an audio server), and the Qt binding holds
Python's interpreter lock while it waits, so not even another thread of the app could
run. In a process of its own, a stuck engine costs nothing but the spoken prompts.

Protocol, one line each way, tab-separated, UTF-8:
  app -> helper:  SAY<tab>text | VOLUME<tab>0.8 | VOICE<tab>name | QUIT
  helper -> app:  READY<tab>voice<US>voice... | ERROR<tab>message | WORD<tab>word
Prompts are queued with QTextToSpeech.enqueue, so none cuts another off.

The app runs this file as a script in Python's isolated mode, so that nothing in the folder
it was started from can be imported in here; the file therefore imports nothing of its
own package, only the standard library and PySide6. The helper never outlives the app:
see leave_with_parent() and read_commands() in main().
"""

from __future__ import annotations

import os
import queue
import sys
import threading

UNIT_SEPARATOR = "\x1f"
#: The environment variable in which the app gives the helper its own process id.
PARENT_VARIABLE = "STRETCHDESK_SPEECH_PARENT"
#: The environment variable in which the app names the folders its PySide6 came from.
QT_PATH_VARIABLE = "STRETCHDESK_SPEECH_QT_PATH"
#: After the app closes the helper's input, how long the helper waits for its event loop to
#: end in good order (the engine let go of properly) before it leaves regardless.
GRACE_SECONDS = 2.0

_PR_SET_PDEATHSIG = 1


def protocol_line(*parts: str) -> str:
    """One line of the protocol, both ways: the parts joined by tabs, none able to break it."""
    return "\t".join(part.replace("\t", " ").replace("\n", " ") for part in parts) + "\n"


def leave_with_parent() -> None:
    """Have the kernel kill this process when the app ends, whatever state it is in: a
    stuck engine holds the interpreter lock, so no Python code of the helper would ever run
    to notice. Linux only; elsewhere the app closing the helper's input is what ends it.
    Strictly, the kernel acts when the thread that started the helper ends: the app starts
    it from its main thread, which ends only with the app."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            # prctl is variadic: the signal goes as the unsigned long the kernel reads.
            libc.prctl(ctypes.c_int(_PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL),
                       ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
        except (OSError, AttributeError):
            pass
    # The app may have died before the request above: then it will never be answered.
    parent = os.environ.get(PARENT_VARIABLE, "")
    if parent.isdigit() and int(parent) != os.getppid():
        os._exit(0)


def find_the_apps_qt() -> None:
    """Let the app's own PySide6 be imported even where isolation hides it: some installs
    provide it through PYTHONPATH or the user's site-packages. The folders go last, so they
    can add Qt but never stand in for the standard library."""
    for folder in os.environ.get(QT_PATH_VARIABLE, "").split(os.pathsep):
        if folder and folder not in sys.path:
            sys.path.append(folder)


def main(engine: str | None = None) -> int:
    leave_with_parent()  # first of all: from here on, the app may be killed at any moment
    find_the_apps_qt()

    from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

    app = QCoreApplication(sys.argv[:1])
    out = sys.stdout.buffer

    def send(*parts: str) -> None:
        out.write(protocol_line(*parts).encode("utf-8"))
        out.flush()

    class Commands(QObject):
        arrived = Signal()

    commands = Commands()
    waiting: queue.SimpleQueue[str] = queue.SimpleQueue()
    looping = threading.Event()

    def read_input() -> bytes:
        try:
            return os.read(0, 65536)
        except OSError:  # no input at all: as good as closed
            return b""

    def read_commands() -> None:
        # stdin is read on a plain thread (reading releases the interpreter lock); lines
        # wait in the queue until the Qt thread, told by a queued signal, takes them.
        # The thread starts before the engine, which may take forever: the app going away
        # (its end of the pipe closing) must end the helper in that state too.
        # The descriptor is read, not sys.stdin: this thread would hold sys.stdin's lock,
        # and Python ending on another path (after an ERROR) would abort on it.
        pending = b""
        while chunk := read_input():
            *lines, pending = (pending + chunk).split(b"\n")
            for raw in lines:
                waiting.put(raw.decode("utf-8", "replace"))
            if lines:
                commands.arrived.emit()
        if looping.is_set():
            waiting.put("QUIT")
            commands.arrived.emit()
            threading.Event().wait(GRACE_SECONDS)
        # The event loop is not running (yet), or did not end: nothing else would end
        # the process, and sys.exit from this thread would end only the thread.
        os._exit(0)

    threading.Thread(target=read_commands, daemon=True).start()

    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        send("ERROR", "Spoken prompts are unavailable: Qt's speech module could not be loaded.")
        return 0
    available = QTextToSpeech.availableEngines()
    engines = [e for e in available if e != "mock"] if engine is None else [e for e in available if e == engine]
    if not engines:
        send("ERROR", "Spoken prompts are unavailable: no speech engine is installed (for example speech-dispatcher).")
        return 0
    speech = QTextToSpeech(engines[0])
    if speech.state() == QTextToSpeech.State.Error:
        send("ERROR", f"Spoken prompts are unavailable: the speech engine could not start ({speech.errorString() or engines[0]}).")
        return 0
    speech.sayingWord.connect(lambda word, *_: send("WORD", word))
    send("READY", UNIT_SEPARATOR.join(voice.name() for voice in speech.availableVoices()))

    def handle(line: str) -> None:
        verb, _, argument = line.rstrip("\n").partition("\t")
        if verb == "SAY" and argument:
            speech.enqueue(argument)
        elif verb == "VOLUME":
            try:
                speech.setVolume(max(0.0, min(1.0, float(argument))))
            except ValueError:
                pass
        elif verb == "VOICE" and argument:
            for voice in speech.availableVoices():
                if voice.name() == argument:
                    speech.setVoice(voice)
                    break
        elif verb == "QUIT":
            # Through the loop: a QUIT taken before the loop runs would otherwise be lost.
            QTimer.singleShot(0, app.quit)

    def take_waiting() -> None:
        while True:
            try:
                line = waiting.get_nowait()
            except queue.Empty:
                return
            handle(line)

    commands.arrived.connect(take_waiting)
    QTimer.singleShot(0, looping.set)
    take_waiting()  # what came while the engine started
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
