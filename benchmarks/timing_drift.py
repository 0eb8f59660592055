"""How precisely does a session keep time in a real Qt event loop?

Plays a routine of short steps in real time, offscreen, through the app's own
SessionDriver (one precise single-shot QTimer, positions derived from the monotonic clock)
and, in the same process, through a baseline player of the common kind: a one-second
single-shot QTimer re-armed on every tick, counting the seconds down. A slow repaint is
simulated on every tick of both (--work-ms), as a busy machine would impose.

For every segment start (get ready, hold, switch sides, rep...) it records when the event
actually reached the program and compares it with when it was due (start time + the
segment's position in the timeline). It prints the largest error, the mean error, and the
drift at the end (actual end minus scheduled end).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timing_drift.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QTimer  # noqa: E402

from stretchdesk.core.routine.loader import load_routine_text  # noqa: E402
from stretchdesk.core.play.session import EventKind  # noqa: E402
from stretchdesk.core.play.playback import Playback  # noqa: E402
from stretchdesk.core.store.settings import Settings  # noqa: E402
from stretchdesk.ui.driver import SessionDriver  # noqa: E402

BOUNDARY_EVENTS = {
    EventKind.STEP_STARTED, EventKind.EXERCISE_STARTED, EventKind.SWITCH_SIDES,
    EventKind.SIDE_STARTED, EventKind.REP, EventKind.FINISHED,
}


def short_routine(steps: int):
    lines = ["title: Timing benchmark", "steps:"]
    for index in range(steps):
        if index % 3 == 2:
            lines += [f"  - name: Reps {index}", "    reps: 2", "    rep: 1s"]
        else:
            lines += [f"  - name: Hold {index}", "    hold: 2s", "    sides: 2"]
    routine = load_routine_text("\n".join(lines) + "\n", "bench.yaml", default_id="bench").routine
    settings = Settings()
    for key in ("get_ready", "switch_pause", "rep_tempo"):
        settings.set(key, 1)
    return Playback(settings), routine


def busy(milliseconds: float) -> None:
    end = time.perf_counter() + milliseconds / 1000
    while time.perf_counter() < end:
        pass


def run_driver(app, playback, routine, work_ms: float) -> tuple[list[float], float]:
    """The app's driver. Returns the lateness of every boundary, and the end drift."""
    driver = SessionDriver(playback)
    timeline = playback.timeline_for(routine, None)
    errors: list[float] = []
    result: dict[str, float] = {}
    start = time.monotonic()

    def on_update(update) -> None:
        now = time.monotonic()
        busy(work_ms)  # the repaint
        for event in update.events:
            if event.kind in BOUNDARY_EVENTS and event.at > 0:
                errors.append(now - (start + event.at))
            if event.kind is EventKind.FINISHED:
                result["drift"] = now - (start + timeline.total_seconds)
                QTimer.singleShot(0, app.quit)

    driver.updated.connect(on_update)
    start = time.monotonic()
    driver.perform(lambda: playback.start(routine))
    app.exec()
    return errors, result["drift"]


def run_counting_baseline(app, timeline, work_ms: float) -> tuple[list[float], float]:
    """A player that counts one-second ticks: each segment lasts as many ticks as its length."""
    boundaries = [segment.start for segment in timeline.segments[1:]] + [timeline.total_seconds]
    errors: list[float] = []
    result: dict[str, float] = {}
    state = {"elapsed_ticks": 0.0, "next": 0}
    start = time.monotonic()

    def tick() -> None:
        busy(work_ms)  # the repaint
        state["elapsed_ticks"] += 0.5
        now = time.monotonic()
        while state["next"] < len(boundaries) and state["elapsed_ticks"] >= boundaries[state["next"]]:
            due = start + boundaries[state["next"]]
            errors.append(now - due)
            state["next"] += 1
        if state["next"] >= len(boundaries):
            result["drift"] = now - (start + timeline.total_seconds)
            app.quit()
            return
        QTimer.singleShot(500, tick)

    start = time.monotonic()
    QTimer.singleShot(500, tick)
    app.exec()
    return errors, result["drift"]


def report(name: str, errors: list[float], drift: float) -> dict[str, float]:
    worst = max(abs(e) for e in errors)
    mean = statistics.fmean(abs(e) for e in errors)
    print(f"{name:<34} {len(errors):>6} {worst * 1000:>12.1f} {mean * 1000:>11.1f} {drift * 1000:>12.1f}")
    return {"worst": worst, "mean": mean, "drift": abs(drift)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=9)
    parser.add_argument("--work-ms", type=float, default=40.0, help="simulated repaint per tick")
    args = parser.parse_args()
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    playback, routine = short_routine(args.steps)
    timeline = playback.timeline_for(routine, None)
    print(f"routine: {len(timeline.steps)} steps, {len(timeline.segments)} segments, "
          f"{timeline.total_seconds:.0f} s; simulated repaint {args.work_ms:.0f} ms per tick")
    print(f"{'player':<34} {'events':>6} {'worst (ms)':>12} {'mean (ms)':>11} {'end drift (ms)':>12}")
    ours = report("StretchDesk SessionDriver", *run_driver(app, playback, routine, args.work_ms))
    base = report("baseline: counting 0.5 s ticks", *run_counting_baseline(app, timeline, args.work_ms))
    print(f"ratio (StretchDesk / baseline): worst error {ours['worst'] / base['worst']:.3f}, "
          f"end drift {ours['drift'] / max(base['drift'], 1e-9):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
