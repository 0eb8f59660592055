"""The speech helper: a small process that owns the text-to-speech engine.

Why a process: a speech engine can block inside its constructor for as long as it likes
(speech-dispatcher does when it cannot reach an audio server), and the Qt binding holds
Python's interpreter lock while it waits, so not even another thread of the app could
run. In a process of its own, a stuck engine costs nothing but the spoken prompts.

Which engine: speech-dispatcher where its library is installed (Linux), spoken to
directly through libspeechd's public C API. Qt's speech-dispatcher engine lists every
voice before it can say a word (about 1,500 voices, 1.5 to 8 s); a connection of our own
can speak 0.2-0.4 s after it is opened, and the voices are listed only when the settings
ask for them (listing keeps speech-dispatcher busy: a line said meanwhile came a second
late). Elsewhere, or when the app names an engine (Qt's mock engine, in the tests), Qt's
QTextToSpeech.

Protocol, one line each way, tab-separated, UTF-8:
  app -> helper:  SAY<tab>within<tab>text | VOLUME<tab>0.8 | VOICE<tab>name | VOICES | QUIT
  helper -> app:  READY | VOICES<tab>voice<US>voice... | ERROR<tab>message | WORD<tab>word
                  | DROPPED<tab>text
Lines are said one after another, none over another. `within` is how many seconds from
now a line may still begin (empty: any time): one that would have to wait longer, behind
a line still being said, is dropped (DROPPED), as it would only run into the next chime.

The app runs this file as a script in Python's isolated mode, so that nothing in the folder
it was started from can be imported in here; the file therefore imports nothing of its
own package, only the standard library and PySide6. The helper never outlives the app:
see leave_with_parent() and read_commands() in main().
"""

from __future__ import annotations

import collections
import ctypes
import os
import queue
import sys
import threading
import time
from typing import Callable

UNIT_SEPARATOR = "\x1f"
#: The environment variable in which the app gives the helper its own process id.
PARENT_VARIABLE = "STRETCHDESK_SPEECH_PARENT"
#: The environment variable in which the app names the folders its PySide6 came from.
QT_PATH_VARIABLE = "STRETCHDESK_SPEECH_QT_PATH"
#: After the app closes the helper's input, how long the helper waits for its event loop to
#: end in good order (the engine let go of properly) before it leaves regardless.
GRACE_SECONDS = 2.0
#: speech-dispatcher's client library; where it cannot be loaded, Qt's engines are used.
SPEECHD_LIBRARY = "libspeechd.so.2"
#: A line the engine has not reported finished after this long is taken as finished, so
#: one lost notice cannot silence the rest of the routine.
LINE_LIMIT_SECONDS = 30.0

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


class Unavailable(Exception):
    """The engine cannot speak; the message says why, in plain words."""


class Lines:
    """The lines waiting to be said, each with the moment after which it is not worth
    beginning. One at a time: the next is handed to the engine when it says it is done."""

    def __init__(self, say: Callable[[str], None], dropped: Callable[[str], None], clock=time.monotonic):
        self._say = say
        self._dropped = dropped
        self._clock = clock
        self._waiting: collections.deque[tuple[float | None, str]] = collections.deque()
        self._busy_since: float | None = None

    def add(self, text: str, within: str) -> None:
        try:
            deadline = self._clock() + float(within)
        except ValueError:  # empty: whenever it can be said
            deadline = None
        if text:
            self._waiting.append((deadline, text))
            self.next()

    def done(self) -> None:
        """The engine finished (or gave up on) the line it was saying."""
        self._busy_since = None
        self.next()

    def next(self) -> None:
        if self._busy_since is not None and self._clock() - self._busy_since > LINE_LIMIT_SECONDS:
            self._busy_since = None
        while self._busy_since is None and self._waiting:
            deadline, text = self._waiting.popleft()
            if deadline is not None and self._clock() > deadline:
                self._dropped(text)
                continue
            self._busy_since = self._clock()
            self._say(text)


# speech-dispatcher's notifications and the events they report (libspeechd.h).
_SPD_MODE_SINGLE, _SPD_MODE_THREADED = 0, 1
_SPD_MESSAGE = 2
_SPD_END, _SPD_CANCEL = 2, 8
_SPD_EVENT_END, _SPD_EVENT_CANCEL = 1, 3
_SPD_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int)


class _SpdConnection(ctypes.Structure):
    # The public head of SPDConnection: the callbacks a client sets (the rest is private).
    _fields_ = [(name, _SPD_CALLBACK) for name in ("begin", "end", "cancel", "pause", "resume")] + [("index_mark", ctypes.c_void_p)]


class _SpdVoice(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("language", ctypes.c_char_p), ("variant", ctypes.c_char_p)]


class SpeechDispatcher:
    """speech-dispatcher through libspeechd. ctypes lets go of the interpreter lock during
    every call, so a call that hangs never stops the thread that reads the app's commands."""

    def __init__(self, finished: Callable[[], None]):
        lib = ctypes.CDLL(SPEECHD_LIBRARY)  # OSError where it is not installed
        connection_p = ctypes.POINTER(_SpdConnection)
        lib.spd_open.restype = connection_p
        lib.spd_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        for name, arguments in (("spd_say", [connection_p, ctypes.c_int, ctypes.c_char_p]),
                                ("spd_set_volume", [connection_p, ctypes.c_int]),
                                ("spd_set_language", [connection_p, ctypes.c_char_p]),
                                ("spd_set_synthesis_voice", [connection_p, ctypes.c_char_p]),
                                ("spd_set_notification_on", [connection_p, ctypes.c_int]),
                                ("spd_cancel", [connection_p])):
            getattr(lib, name).restype = ctypes.c_int
            getattr(lib, name).argtypes = arguments
        lib.spd_close.restype = None
        lib.spd_close.argtypes = [connection_p]
        lib.spd_list_synthesis_voices.restype = ctypes.POINTER(ctypes.POINTER(_SpdVoice))
        lib.spd_list_synthesis_voices.argtypes = [connection_p]
        self._lib = lib
        self._finished = finished
        # Called on libspeechd's own thread; kept here so it lives as long as the connection.
        self._callback = _SPD_CALLBACK(self._event)
        connection = lib.spd_open(b"stretchdesk", b"prompts", None, _SPD_MODE_THREADED)
        if not connection:
            raise Unavailable("Spoken prompts are unavailable: the speech engine could not start (speech-dispatcher).")
        connection.contents.end = self._callback
        connection.contents.cancel = self._callback
        lib.spd_set_notification_on(connection, _SPD_END)
        lib.spd_set_notification_on(connection, _SPD_CANCEL)
        # The prompts are English: an English voice whatever the system's language (with
        # LANG=C, Qt's engine read them with the first voice it found, Bishnupriya Manipuri).
        lib.spd_set_language(connection, b"en")
        self._connection = connection

    def _event(self, _message: int, _client: int, event: int) -> None:
        if event in (_SPD_EVENT_END, _SPD_EVENT_CANCEL):
            self._finished()

    def say(self, text: str) -> None:
        if self._lib.spd_say(self._connection, _SPD_MESSAGE, text.encode("utf-8")) < 0:
            self._finished()  # refused: nothing will say it is done

    def set_volume(self, volume: float) -> None:
        """`volume` 0 to 1, 1 being the engine's own level (speech-dispatcher: -100 to 100,
        0 its default; the amplitude grows in proportion from -100)."""
        self._lib.spd_set_volume(self._connection, round(max(0.0, min(1.0, volume)) * 100) - 100)

    def set_voice(self, name: str) -> None:
        self._lib.spd_set_synthesis_voice(self._connection, name.encode("utf-8"))

    def voice_names(self) -> list[str]:
        """The English voices, listed on a connection of their own (slow: only on request)."""
        lib = self._lib
        connection = lib.spd_open(b"stretchdesk", b"voices", None, _SPD_MODE_SINGLE)
        if not connection:
            return []
        try:
            voices = lib.spd_list_synthesis_voices(connection)
            names: dict[str, None] = {}
            index = 0
            while voices and voices[index]:
                voice = voices[index].contents
                if (voice.language or b"").lower().startswith(b"en") and voice.name:
                    names[voice.name.decode("utf-8", "replace")] = None
                index += 1
            return list(names)
        finally:
            lib.spd_close(connection)

    def stop(self) -> None:
        self._lib.spd_cancel(self._connection)


class QtSpeech:
    """Qt's QTextToSpeech, with any engine it has (and its mock engine, for the tests)."""

    def __init__(self, engine: str | None, finished: Callable[[], None], word: Callable[[str], None]):
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            raise Unavailable("Spoken prompts are unavailable: Qt's speech module could not be loaded.") from None
        available = QTextToSpeech.availableEngines()
        engines = [e for e in available if e != "mock"] if engine is None else [e for e in available if e == engine]
        if not engines:
            raise Unavailable("Spoken prompts are unavailable: no speech engine is installed (for example speech-dispatcher).")
        speech = QTextToSpeech(engines[0])
        if speech.state() == QTextToSpeech.State.Error:
            raise Unavailable(f"Spoken prompts are unavailable: the speech engine could not start ({speech.errorString() or engines[0]}).")
        idle = (QTextToSpeech.State.Ready, QTextToSpeech.State.Error)
        speech.stateChanged.connect(lambda state: state in idle and finished())
        speech.sayingWord.connect(lambda text, *_: word(text))
        self._speech = speech

    def say(self, text: str) -> None:
        self._speech.say(text)

    def set_volume(self, volume: float) -> None:
        self._speech.setVolume(max(0.0, min(1.0, volume)))

    def set_voice(self, name: str) -> None:
        for voice in self._speech.availableVoices():
            if voice.name() == name:
                self._speech.setVoice(voice)
                break

    def voice_names(self) -> list[str]:
        return [voice.name() for voice in self._speech.availableVoices()]

    def stop(self) -> None:
        self._speech.stop()


def open_engine(engine: str | None, finished: Callable[[], None], word: Callable[[str], None]):
    """speech-dispatcher directly where its library is there (and no other engine is
    named), else Qt's engine; raises Unavailable with the reason."""
    if engine in (None, "speechd"):
        try:
            return SpeechDispatcher(finished)
        except OSError:  # the library is not installed
            if engine == "speechd":
                raise Unavailable("Spoken prompts are unavailable: speech-dispatcher is not installed.") from None
    return QtSpeech(engine, finished, word)


def main(engine: str | None = None) -> int:
    leave_with_parent()  # first of all: from here on, the app may be killed at any moment
    find_the_apps_qt()

    from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

    app = QCoreApplication(sys.argv[:1])
    out = sys.stdout.buffer

    def send(*parts: str) -> None:
        out.write(protocol_line(*parts).encode("utf-8"))
        out.flush()

    class Commands(QObject):
        arrived = Signal()
        #: The engine is done with a line (told from the engine's own thread).
        finished = Signal()

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
        speech = open_engine(engine, commands.finished.emit, lambda word: send("WORD", word))
    except Unavailable as problem:
        send("ERROR", str(problem))
        return 0
    lines = Lines(speech.say, lambda text: send("DROPPED", text))
    # Queued to this thread whichever thread the engine tells it from.
    commands.finished.connect(lines.done, Qt.ConnectionType.QueuedConnection)
    send("READY")

    def handle(line: str) -> None:
        verb, _, argument = line.rstrip("\n").partition("\t")
        if verb == "SAY":
            within, _, text = argument.partition("\t")
            lines.add(text, within)
        elif verb == "VOLUME":
            try:
                speech.set_volume(float(argument))
            except ValueError:
                pass
        elif verb == "VOICE" and argument:
            speech.set_voice(argument)
        elif verb == "VOICES":
            send("VOICES", UNIT_SEPARATOR.join(speech.voice_names()))
        elif verb == "QUIT":
            speech.stop()
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
