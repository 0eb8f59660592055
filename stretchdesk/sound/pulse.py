"""The mixed cue sounds written straight to the desktop's sound server.

No Qt here. On Linux the sound goes to PulseAudio (or PipeWire's PulseAudio service,
which every current desktop runs) through libpulse's "simple" API, from one feeder
thread: it writes a short chunk, the write blocks until the server has room, and it
writes the next. The server keeps about LATENCY_MS queued, so a cue asked for now is
heard about that long after, whatever the window is busy with. Between cues the feeder
sleeps and writes nothing. Where libpulse-simple is not there (other systems), the
window falls back to Qt Multimedia (stretchdesk.ui.output.sound_fallback_qt).

Why not Qt Multimedia everywhere: it loads its FFmpeg backend (about 19 MiB resident) to
play five short WAV files, and its stream had to be topped up from the window's thread
every 20 ms, which cost several per cent of a core while a routine played.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Callable

from stretchdesk.sound.mixer import BYTES_PER_SECOND, SAMPLE_RATE, SoundMixer

#: How much sound the server keeps queued ahead of the speakers: a cue's delay, and the
#: longest the feeder thread may be held up (by the window's work) without a gap.
LATENCY_MS = 100
#: How much the feeder writes at a time (it wakes this often while a sound plays).
CHUNK_MS = 40


# -- libpulse-simple ----------------------------------------------------------------------
# The simple API is five C functions; no maintained Python package wraps just these, so
# they are declared here with ctypes (part of Python). ctypes releases the GIL during each
# call, so a blocked write never holds up the window.

_PA_STREAM_PLAYBACK = 1
_PA_SAMPLE_S16LE = 3


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint32) for name in ("maxlength", "tlength", "prebuf", "minreq", "fragsize")]


class PulseLibrary:
    """libpulse-simple, loaded; raises OSError where it is not installed."""

    def __init__(self) -> None:
        lib = ctypes.CDLL("libpulse-simple.so.0")
        lib.pa_simple_new.restype = ctypes.c_void_p
        lib.pa_simple_new.argtypes = [
            ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p,
            ctypes.POINTER(_SampleSpec), ctypes.c_void_p, ctypes.POINTER(_BufferAttr), ctypes.POINTER(ctypes.c_int),
        ]
        lib.pa_simple_write.restype = ctypes.c_int
        lib.pa_simple_write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_int)]
        lib.pa_simple_drain.restype = ctypes.c_int
        lib.pa_simple_drain.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        lib.pa_simple_free.restype = None
        lib.pa_simple_free.argtypes = [ctypes.c_void_p]
        lib.pa_strerror.restype = ctypes.c_char_p  # from libpulse, which libpulse-simple links
        lib.pa_strerror.argtypes = [ctypes.c_int]
        self._lib = lib

    def connect(self, app_name: str, stream_name: str, latency_bytes: int) -> int:
        """A playback stream of 16-bit mono; its handle, or OSError with the server's reason."""
        spec = _SampleSpec(_PA_SAMPLE_S16LE, SAMPLE_RATE, 1)
        unset = 0xFFFFFFFF  # (uint32_t) -1: the server's own choice
        attr = _BufferAttr(unset, latency_bytes, unset, unset, unset)
        error = ctypes.c_int(0)
        handle = self._lib.pa_simple_new(
            None, app_name.encode(), _PA_STREAM_PLAYBACK, None, stream_name.encode(),
            ctypes.byref(spec), None, ctypes.byref(attr), ctypes.byref(error),
        )
        if not handle:
            raise OSError(self.reason(error.value))
        return handle

    def write(self, handle: int, data: bytes) -> None:
        error = ctypes.c_int(0)
        if self._lib.pa_simple_write(handle, data, len(data), ctypes.byref(error)) < 0:
            raise OSError(self.reason(error.value))

    def drain(self, handle: int) -> None:
        """Waits until everything written has been played."""
        error = ctypes.c_int(0)
        if self._lib.pa_simple_drain(handle, ctypes.byref(error)) < 0:
            raise OSError(self.reason(error.value))

    def free(self, handle: int) -> None:
        self._lib.pa_simple_free(handle)

    def reason(self, code: int) -> str:
        text = self._lib.pa_strerror(code)
        return text.decode("utf-8", "replace") if text else f"error {code}"


class PulseStream:
    """One playback stream while a routine plays, fed from a thread that writes only while
    a sound plays (and a little silence after it), and otherwise sleeps.

    open() connects (in the thread, so a slow or missing server never holds anything up);
    play(name) mixes a sound in and wakes the feeder; rest() closes the stream once what
    was asked for has played; close() ends it at once. Between cues nothing is written:
    the server plays silence for a stream with nothing queued, and starts it again as
    soon as a little sound (one LATENCY_MS) is queued, so no cue is lost or cut and the
    program uses no CPU between them. A connection or write that fails is told once
    through `on_problem`, called from the feeder thread."""

    def __init__(self, mixer: SoundMixer, on_problem: Callable[[str], None], library=None,
                 *, latency_ms: int = LATENCY_MS, chunk_ms: int = CHUNK_MS):
        self._mixer = mixer
        self._on_problem = on_problem
        self._library = library
        self._latency_bytes = BYTES_PER_SECOND * latency_ms // 1000
        self._chunk_bytes = BYTES_PER_SECOND * chunk_ms // 1000
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._stop = False
        self._resting = False
        #: The last connection failed (a cue outside a session does not retry; open() does).
        self.failed = False
        #: Set by the feeder while it waits with nothing to play (what tests wait for).
        self.idle = threading.Event()

    @property
    def streaming(self) -> bool:
        with self._lock:
            return self._thread is not None

    def open(self) -> None:
        with self._lock:
            self._resting = False
            if self._thread is not None:
                return
            self._stop = False
            self.idle.clear()
            self._thread = threading.Thread(target=self._feed, name="stretchdesk-sound", daemon=True)
            self._thread.start()

    def play(self, name: str) -> None:
        self._mixer.play(name)
        with self._lock:
            self.idle.clear()
            self._wake.notify()
            closed = self._thread is None
        if closed and not self.failed:
            self.open()  # a sound outside a session: open now

    def rest(self) -> None:
        with self._lock:
            self._resting = True
            self._wake.notify()

    def close(self, wait_seconds: float = 1.0) -> None:
        with self._lock:
            thread = self._thread
            self._stop = True
            self._wake.notify()
        if thread is not None and thread is not threading.current_thread():
            thread.join(wait_seconds)

    def _feed(self) -> None:
        library = self._library
        try:
            if library is None:
                library = self._library = PulseLibrary()
            handle = library.connect("StretchDesk", "Routine cues", self._latency_bytes)
        except OSError as error:
            self.failed = True
            self._leave()
            self._on_problem(f"Sound is unavailable: the sound server could not be reached ({error}). "
                             "The routine plays on without it.")
            self.idle.set()
            return
        self.failed = False
        tail = 0  # silence still to write after the last sound, so short sounds start too
        drain = False
        try:
            while True:
                with self._lock:
                    while not self._stop and self._mixer.playing == 0 and tail <= 0:
                        if self._resting:
                            break
                        self.idle.set()
                        self._wake.wait()
                    if self._stop or (self._resting and self._mixer.playing == 0 and tail <= 0):
                        # Leave under the lock, so an open() from now on starts a new stream.
                        if self._thread is threading.current_thread():
                            self._thread = None
                        drain = not self._stop
                        break
                sounding = self._mixer.playing > 0
                chunk = self._mixer.read(self._chunk_bytes)
                tail = self._latency_bytes if sounding else tail - len(chunk)
                library.write(handle, chunk)  # blocks until the server has room
            if drain:
                library.drain(handle)  # the last sound plays out before the stream closes
        except OSError as error:
            self._leave()
            self._on_problem(f"Sound stopped: the sound server closed the stream ({error}).")
        finally:
            library.free(handle)
            self.idle.set()

    def _leave(self) -> None:
        with self._lock:
            if self._thread is threading.current_thread():
                self._thread = None
