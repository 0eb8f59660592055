"""The spoken prompts as a person hears them: how soon the voice can speak, how long its
lines take against the estimate the announcements are fitted with
(stretchdesk.core.play.spoken.speech_seconds), and how loud it is against the chimes.

Starts a private PulseAudio server with a null sink and records its monitor with parec
(tests/pulse_server.py). The speech helper is started as the app starts it and spoken to
with the app's own protocol, at the app's default volume; the chimes are played through
the app's own sound stream at the same volume. Then it reads the recording.

    apt-get install pulseaudio pulseaudio-utils speech-dispatcher espeak-ng
    .venv/bin/python benchmarks/speech_timing.py [--lines all|some|how-to|none] [--get-ready] [--qt]

--lines all says every announcement of the built-in routines, in each wording (about 100
lines, six minutes); --lines how-to says every line of their instructions instead (about
125 lines, fourteen minutes). --get-ready then plays every step's get-ready as the app does
with "name and how-to": all its lines asked for at once, each with how soon it must begin,
the helper saying them one after another; it reports when the last word ended against the
start chime, and any line the helper dropped (forty get-readies, eighteen minutes). --qt
also times how long Qt's own speech-dispatcher engine takes to be ready, for comparison.
Run it on a quiet machine: a busy one makes the sound server stutter, and the gaps
lengthen the lines.
"""

from __future__ import annotations

import argparse
import array
import math
import os
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.pulse_server import MonitorRecording, missing_tools, sound_between  # noqa: E402

RATE = 44_100


def dbfs(value: float) -> float:
    return 20 * math.log10(max(value, 1) / 32768)


class Helper:
    """The speech helper, started as the app starts it, spoken to with its protocol."""

    def __init__(self) -> None:
        from stretchdesk.ui.output import speech
        from stretchdesk.ui.output.speech_helper import PARENT_VARIABLE, QT_PATH_VARIABLE

        program, arguments = speech.speech_helper_command(None)
        env = {**os.environ, PARENT_VARIABLE: str(os.getpid()), QT_PATH_VARIABLE: speech.qt_folders()}
        self.started = time.monotonic()
        self.process = subprocess.Popen([program, *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=env, cwd=speech.speech_helper_folder())
        self._buffer = b""
        #: The lines the helper said it dropped (their time ran out while they waited).
        self.dropped: list[str] = []

    def send(self, *parts: str) -> None:
        from stretchdesk.ui.output.speech_helper import protocol_line

        self.process.stdin.write(protocol_line(*parts).encode("utf-8"))
        self.process.stdin.flush()

    def wait_for(self, verb: str, seconds: float = 60.0) -> tuple[float, str]:
        """When the helper said `verb`, and what it said with it."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            while b"\n" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\n", 1)
                said, _, argument = raw.decode("utf-8", "replace").partition("\t")
                if said == "ERROR":
                    raise SystemExit(f"speech_timing: the helper said: {argument}")
                if said == "DROPPED":
                    self.dropped.append(argument)
                if said == verb:
                    return time.monotonic(), argument
            ready, _, _ = select.select([self.process.stdout], [], [], 0.05)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise SystemExit("speech_timing: the helper ended")
                self._buffer += chunk
        raise SystemExit(f"speech_timing: no {verb} from the helper in {seconds:.0f} s")

    def listen(self, seconds: float) -> None:
        """Wait `seconds`, noting what the helper says meanwhile (the lines it drops)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise SystemExit("speech_timing: the helper ended")
                self._buffer += chunk
                lines = self._buffer.split(b"\n")
                self._buffer = lines.pop()
                for raw in lines:
                    said, _, argument = raw.decode("utf-8", "replace").partition("\t")
                    if said == "DROPPED":
                        self.dropped.append(argument)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(10)


def qt_engine_ready_seconds() -> tuple[float, int]:
    """How long Qt's speech-dispatcher engine takes from construction to ready, and how
    many voices it listed meanwhile (in a process of its own, as the helper did)."""
    code = ("import time; from PySide6.QtCore import QCoreApplication; from PySide6.QtTextToSpeech import QTextToSpeech\n"
            "app = QCoreApplication([]); t = time.monotonic(); s = QTextToSpeech('speechd'); d = time.monotonic() - t\n"
            "print(d, len(s.availableVoices()))")
    # A runtime folder of its own: its own speech-dispatcher, started cold as the helper's is.
    env = {**os.environ, "XDG_RUNTIME_DIR": tempfile.mkdtemp(prefix="stretchdesk-qt-speech-")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    seconds, voices = out.stdout.split()
    return float(seconds), int(voices)


def levels(samples: array.array, start: float, end: float) -> tuple[float, float]:
    """Peak and loudest 400 ms (RMS) in [start, end), in dBFS."""
    part = samples[int(start * RATE):int(end * RATE)]
    peak = max((abs(v) for v in part), default=0)
    window = int(0.4 * RATE)
    steps = range(0, max(1, len(part) - window // 2), window // 4)
    rms = max((math.sqrt(sum(v * v for v in part[i:i + window]) / max(1, len(part[i:i + window]))) for i in steps), default=0)
    return dbfs(peak), dbfs(rms)


def fit(rows: list[tuple[str, float]]) -> tuple[float, float, float]:
    """Least squares: seconds = start + per_word * words + per_pause * pauses."""
    from stretchdesk.core.play.spoken import _PAUSES, spoken_words

    xs = [(1.0, float(spoken_words(text)), float(len(_PAUSES.findall(text)))) for text, _ in rows]
    ys = [seconds for _, seconds in rows]
    m = [[sum(x[i] * x[j] for x in xs) for j in range(3)] + [sum(x[i] * y for x, y in zip(xs, ys))] for i in range(3)]
    for c in range(3):
        pivot = max(range(c, 3), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(3):
            if r != c and m[c][c]:
                factor = m[r][c] / m[c][c]
                m[r] = [a - factor * b for a, b in zip(m[r], m[c])]
    return tuple(m[i][3] / m[i][i] if m[i][i] else 0.0 for i in range(3))  # type: ignore[return-value]


def lines_to_say(which: str) -> list[str]:
    from stretchdesk.core.play.cues import announcements
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.core.play.timeline import build_timeline

    common = ["Switch sides.", "Rest.", "Done. Well done."]
    if which == "none":
        return []
    if which == "how-to":
        from stretchdesk.core.play.spoken import how_to_lines

        return list(dict.fromkeys(line for routine in load_library().routines for step in routine.steps for line in how_to_lines(step)))
    if which == "some":
        return ["Side Bend. 15 seconds each side, left side first, 2 rounds.", "Side Bend. 15 seconds each side, 2 rounds.",
                "Kneeling Psoas. 30 seconds each side, left side first.", "Child's Pose. 25 seconds.",
                "Knee-to-Chest Stretch. 25 seconds each side.", "Cat-Cow Stretch. 1 minute 30 seconds.",
                "Wall Angels. 10 reps.", "Lying Figure Four.", *common]
    lines: dict[str, None] = {}
    for routine in load_library().routines:
        for plan in build_timeline(routine).steps:
            lines.update(dict.fromkeys(announcements(plan)))
    return [*lines, *common]


@dataclass
class GetReady:
    name: str
    #: When its lines were asked for, on the recording's clock; the start chime is due
    #: `seconds` later.
    asked: float
    seconds: float
    lines: list[str]


def say_get_readies(helper: Helper, now: Callable[[], float]) -> list[GetReady]:
    """Every step's get-ready with "name and how-to", as the app asks for it: its lines all
    at once as the get-ready begins, each with how soon it must begin. Then silence until
    well after its start chime would have come (the chime is not played: it would hide
    where the words end)."""
    from stretchdesk.core.play.cues import CueSettings, cues_for
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.core.play.session import Event, EventKind
    from stretchdesk.core.store.settings import NAME_AND_HOW_TO
    from stretchdesk.core.play.timeline import TimingSettings, build_timeline
    from stretchdesk.ui.output.speech import within_text

    played = []
    for routine in load_library().routines:
        timeline = build_timeline(routine, TimingSettings(spoken_detail=NAME_AND_HOW_TO))
        for plan in timeline.steps:
            event = Event(EventKind.STEP_STARTED, plan.start, plan.index, plan.first_segment)
            cues = cues_for([event], timeline, CueSettings(spoken_detail=NAME_AND_HOW_TO))
            asked = now()
            for cue in cues:
                helper.send("SAY", within_text(cue.speech_within), cue.speech)
            seconds = plan.active_start - plan.start
            played.append(GetReady(f"{routine.id}: {plan.step.name}", asked, seconds, [cue.speech for cue in cues]))
            helper.listen(seconds + 2.0)
    return played


def report_get_readies(samples: array.array, played: list[GetReady], dropped: list[str]) -> None:
    print(f"\n{'get-ready, name and how-to':<52} {'lines':>5} {'length':>6} {'words end':>9} {'to chime':>8}")
    room = []
    for number, ready in enumerate(played):
        end = played[number + 1].asked if number + 1 < len(played) else ready.asked + ready.seconds + 2.0
        heard = sound_between(samples, ready.asked, end)
        if heard is None:
            print(f"{ready.name[:52]:<52} {'NOT HEARD':>8}")
            continue
        words_end = heard[1] - ready.asked
        room.append(ready.seconds - words_end)
        print(f"{ready.name[:52]:<52} {len(ready.lines):>5} {ready.seconds:>6.0f} {words_end:>9.2f} {ready.seconds - words_end:>8.2f}")
    asked = sum(len(ready.lines) for ready in played)
    print(f"\n{len(played)} get-readies, {asked} lines asked for, {len(dropped)} dropped by the helper")
    for text in dropped:
        print(f"  dropped: {text}")
    if room:
        print(f"from the last word to the start chime: least {min(room):.2f} s, most {max(room):.2f} s, "
              f"on average {sum(room) / len(room):.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", choices=("all", "some", "how-to", "none"), default="some")
    parser.add_argument("--get-ready", action="store_true", help='every get-ready with "name and how-to", as the app says it')
    parser.add_argument("--qt", action="store_true", help="also time Qt's own speech-dispatcher engine")
    args = parser.parse_args()
    if missing_tools():
        raise SystemExit(f"speech_timing: {', '.join(missing_tools())} needed (apt-get install pulseaudio pulseaudio-utils)")

    from stretchdesk.core.play.cues import SOUNDS, SPEECH_MARGIN_SECONDS, speech_seconds
    from stretchdesk.core.paths import resources_dir
    from stretchdesk.sound.mixer import SoundMixer, read_sounds
    from stretchdesk.sound.pulse import PulseLibrary, PulseStream
    from stretchdesk.ui.output.speech import SPEECH_LEVEL

    volume = 0.8  # the app's default
    recording = MonitorRecording(Path(tempfile.mkdtemp(prefix="stretchdesk-speech-")), RATE)
    os.environ.update(recording.env)
    now = recording.now
    qt = qt_engine_ready_seconds() if args.qt else None
    helper = Helper()
    ready_at, _ = helper.wait_for("READY")
    ready_seconds = ready_at - helper.started
    helper.send("VOLUME", str(volume * SPEECH_LEVEL))
    said: list[tuple[str, float]] = []
    for text in lines_to_say(args.lines):
        said.append((text, now()))
        helper.send("SAY", "", text)
        time.sleep(speech_seconds(text) + 1.0)
    get_readies = say_get_readies(helper, now) if args.get_ready else []
    listing_asked = time.monotonic()
    helper.send("VOICES")
    listed_at, voices = helper.wait_for("VOICES")
    helper.close()

    sounds, _ = read_sounds(resources_dir() / "sounds", SOUNDS)
    mixer = SoundMixer(sounds)
    mixer.set_volume(volume)
    stream = PulseStream(mixer, lambda message: print(message), PulseLibrary())
    stream.open()
    time.sleep(0.5)
    chimes: list[tuple[str, float]] = []
    for name in SOUNDS:
        chimes.append((name, now()))
        stream.play(name)
        time.sleep(2.5)
    stream.close()
    time.sleep(0.3)
    samples = recording.stop()
    if qt is not None:
        print(f"Qt's speech-dispatcher engine: ready {qt[0]:.2f} s after it was made (it lists {qt[1]} voices first)")
    print(f"speech helper: READY {ready_seconds:.2f} s after it was started; "
          f"the voice list (asked for only by the settings) took {listed_at - listing_asked:.2f} s, "
          f"{len([v for v in voices.split(chr(31)) if v])} English voices")
    print(f"\n{'line':<66} {'said (s)':>8} {'estimate':>8} {'late (ms)':>9} {'peak dBFS':>9} {'rms400':>7}")
    rows: list[tuple[str, float]] = []
    speech_peaks: list[float] = []
    speech_rms: list[float] = []
    under: list[float] = []
    ends = [asked for _, asked in said[1:]] + [get_readies[0].asked if get_readies else chimes[0][1]]
    for (text, asked), end in zip(said, ends):
        heard = sound_between(samples, asked, end)
        if heard is None:
            print(f"{text[:66]:<66} {'NOT HEARD':>8}")
            continue
        seconds = heard[1] - heard[0]
        peak, rms = levels(samples, heard[0], heard[1])
        rows.append((text, seconds))
        speech_peaks.append(peak)
        speech_rms.append(rms)
        under.append(seconds - speech_seconds(text))
        print(f"{text[:66]:<66} {seconds:>8.2f} {speech_seconds(text):>8.2f} {(heard[0] - asked) * 1000:>9.0f} {peak:>9.1f} {rms:>7.1f}")
    if get_readies:
        report_get_readies(samples, get_readies, helper.dropped)
    if len(rows) < 3:
        return 0
    start, per_word, per_pause = fit(rows)
    print(f"\nrate: {60 / per_word:.0f} words a minute ({per_word:.3f} s a word), {per_pause:.2f} s a pause, "
          f"{start:.2f} s to start (least squares over {len(rows)} lines)")
    print(f"estimate against what was said: at worst {max(under):+.2f} s short (margin before a chime: "
          f"{SPEECH_MARGIN_SECONDS:.2f} s), on average {-sum(under) / len(under):.2f} s over")
    print(f"\nlevels at volume {volume:.0%}:")
    print(f"  speech  peak {min(speech_peaks):.1f} to {max(speech_peaks):.1f} dBFS, loudest 400 ms "
          f"{min(speech_rms):.1f} to {max(speech_rms):.1f} dBFS")
    for (name, asked), end in zip(chimes, [asked for _, asked in chimes[1:]] + [len(samples) / RATE]):
        heard = sound_between(samples, asked, end)
        if heard is not None:
            peak, rms = levels(samples, heard[0], heard[1])
            print(f"  {name:<7} peak {peak:.1f} dBFS, loudest 400 ms {rms:.1f} dBFS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
