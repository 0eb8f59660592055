"""The Qt Multimedia fallback for cue sounds, where libpulse-simple is missing (systems
other than Linux): the same mix as stretchdesk.sound.pulse plays, pushed into a
QAudioSink from the window's thread.

Qt Multimedia itself is imported only once this fallback is used: it loads its FFmpeg
backend (about 19 MiB resident), which the usual path never needs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from stretchdesk.sound.mixer import BYTES_PER_SECOND, SAMPLE_RATE, SoundMixer

#: After a session ends, the Qt stream stays open this long, so the finish chime plays out.
REST_AFTER_SECONDS = 4.0


class QtSinkStream(QObject):
    """The fallback where libpulse-simple is missing (systems other than Linux): a Qt
    Multimedia push-mode QAudioSink, topped up from the window's thread by a precise timer
    to about AHEAD_MS ahead of the speakers. Same interface as PulseStream.

    Why not a QSoundEffect per sound: with several QSoundEffects, Qt's PulseAudio backend
    floods its socket notifiers and stalls the program (seen with PySide6 6.10 to 6.12).
    Why not a pull-mode sink: its reads came in bursts seconds apart, and cues with them."""

    AHEAD_MS = 80
    FEED_INTERVAL_MS = 20

    def __init__(self, mixer: SoundMixer, device, audio_format, on_problem, parent: QObject | None = None):
        super().__init__(parent)
        self._mixer = mixer
        self._device = device
        self._format = audio_format
        self._on_problem = on_problem
        self._sink = None
        self._io = None
        self.failed = False
        self._feed_timer = QTimer(self)
        self._feed_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._feed_timer.timeout.connect(self._feed)
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.timeout.connect(self.close)

    @property
    def streaming(self) -> bool:
        return self._sink is not None

    def open(self) -> None:
        self._rest_timer.stop()
        if self._sink is not None:
            return
        from PySide6.QtMultimedia import QAudioSink

        sink = QAudioSink(self._device, self._format, self)
        sink.setBufferSize(BYTES_PER_SECOND // 4)
        io = sink.start()
        error = sink.error()
        # Compared through its own type: Qt 6.7 moved the enum from QAudio to QtAudio.
        if io is None or error != type(error).NoError:
            self.failed = True
            self._on_problem("Sound is unavailable: the audio output could not be opened.")
            sink.deleteLater()
            return
        self.failed = False
        self._sink, self._io = sink, io
        self._feed()
        self._feed_timer.start(self.FEED_INTERVAL_MS)

    def rest(self) -> None:
        """Close once the last sound (the finish chime) has had time to play."""
        if self._sink is not None:
            self._rest_timer.start(int(REST_AFTER_SECONDS * 1000))

    def close(self) -> None:
        self._feed_timer.stop()
        self._rest_timer.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = self._io = None

    def play(self, name: str) -> None:
        self._mixer.play(name)
        if self._sink is None and not self.failed:
            self.open()  # a sound outside a session: open now
        self._feed()  # into the stream now, not at the next top-up

    def _feed(self) -> None:
        """Top the stream up to AHEAD_MS of queued sound: silence, or cues mixed in."""
        if self._sink is None:
            return
        queued = self._sink.bufferSize() - self._sink.bytesFree()
        wanted = BYTES_PER_SECOND * self.AHEAD_MS // 1000 - queued
        wanted = min(wanted, self._sink.bytesFree())
        if wanted >= 2:
            self._io.write(self._mixer.read(wanted))


def qt_sink_stream(mixer: SoundMixer, on_problem, parent: QObject) -> QtSinkStream | None:
    """The Qt Multimedia fallback stream, or None (told why) when it cannot play."""
    try:
        from PySide6.QtMultimedia import QAudioFormat, QMediaDevices
    except ImportError:
        on_problem("Sound is unavailable: the system audio library (PulseAudio's libpulse) is missing.")
        return None
    if not QMediaDevices.audioOutputs():
        on_problem("Sound is unavailable: no audio output was found. The routine plays on without it.")
        return None
    audio_format = QAudioFormat()
    audio_format.setSampleRate(SAMPLE_RATE)
    audio_format.setChannelCount(1)
    audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    device = QMediaDevices.defaultAudioOutput()
    if not device.isFormatSupported(audio_format):
        on_problem(f"Sound is unavailable: {device.description()} cannot play 16-bit mono sound.")
        return None
    return QtSinkStream(mixer, device, audio_format, on_problem, parent)
