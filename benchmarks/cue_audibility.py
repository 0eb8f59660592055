"""Is every cue heard, the first one too, and when?

Starts a private PulseAudio server with a null sink, records the sink's monitor with
`parec`, and plays a short routine the way `stretchdesk play` does: the app's window and
cue output, the real clock, started at once after launch. Then it finds the sounds in the
recording and matches every requested sound cue to one, printing whether it was heard
and how late it came out of the speakers.

Needs Debian's pulseaudio and pulseaudio-utils (for parec):

    apt-get install pulseaudio pulseaudio-utils
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cue_audibility.py [--get-ready 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.pulse_server import MonitorRecording, missing_tools, onsets  # noqa: E402

RATE = 44_100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--get-ready", type=int, default=1, help="seconds before the first sound cue")
    parser.add_argument("--voice", action="store_true",
                        help="keep the spoken prompts on (off by default: where a speech engine runs, its words "
                        "overlap the chimes in the recording and hide where each one starts)")
    args = parser.parse_args()
    if missing_tools():
        raise SystemExit(f"cue_audibility: {', '.join(missing_tools())} needed (apt-get install pulseaudio pulseaudio-utils)")

    runtime = Path(tempfile.mkdtemp(prefix="stretchdesk-pulse-"))
    recording = MonitorRecording(runtime, RATE)
    os.environ.update(recording.env)  # this process and its children play to it

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["STRETCHDESK_DATA_DIR"] = str(runtime / "data")
    os.environ["STRETCHDESK_CONFIG_DIR"] = str(runtime / "config")
    from PySide6.QtCore import QTimer

    from stretchdesk.core.routine.loader import load_routine_text
    from stretchdesk.core.store.settings import Settings
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.output.desktop_cue_output import DesktopCueOutput
    from stretchdesk.ui.main_window import MainWindow

    text = (
        "title: Audibility\nsteps:\n"
        "  - name: Twist\n    hold: 6s\n    sides: 2\n"
        "  - name: Bridge\n    reps: 3\n    rep: 1s\n"
    )
    routine = load_routine_text(text, "audibility.yaml", default_id="audibility").routine
    app = create_application()
    settings = Settings()
    settings.set("get_ready", round(args.get_ready))
    settings.set("switch_pause", 2)
    settings.set("rep_tempo", 1)
    settings.set("voice", args.voice)
    window = MainWindow(settings=settings)
    window.safety_banner.acknowledge()
    requested: list[tuple[float, str]] = []
    original_play = window.cues.play

    def play_and_note(cues) -> None:
        now = recording.now()
        requested.extend((now, cue.sound) for cue in cues if cue.sound)
        original_play(cues)

    window.cues.play = play_and_note
    # As `stretchdesk play` does: start at once, and load the sounds right after.
    output = DesktopCueOutput(window.cues, parent=window)
    window.cues.set_output(output)
    window.show()
    window.start_routine(routine)
    QTimer.singleShot(0, output.load)
    window.driver.updated.connect(lambda update: update.ended and QTimer.singleShot(2500, app.quit))
    app.exec()
    time.sleep(0.3)
    samples = recording.stop()
    heard = onsets(samples, RATE)
    print(f"sound available: {output.sound_available}; {len(requested)} sound cues requested, "
          f"{len(heard)} sounds found in {len(samples) / RATE:.1f} s of recording")
    print(f"{'cue':<8} {'asked at (s)':>12} {'heard at (s)':>13} {'delay (ms)':>11}")
    missing = 0
    delays = []
    used: set[int] = set()
    for asked, name in requested:
        match = next((i for i, t in enumerate(heard) if i not in used and -0.02 <= t - asked <= 0.5), None)
        if match is None:
            missing += 1
            print(f"{name:<8} {asked:>12.3f} {'NOT HEARD':>13}")
            continue
        used.add(match)
        delay = heard[match] - asked
        delays.append(delay)
        print(f"{name:<8} {asked:>12.3f} {heard[match]:>13.3f} {delay * 1000:>11.0f}")
    if delays:
        print(f"heard {len(delays)} of {len(requested)}; delay from request to sound: "
              f"min {min(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
