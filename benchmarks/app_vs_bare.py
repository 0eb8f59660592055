"""StretchDesk against a bare PySide6 window, measured in the same run.

Each row is the app against the bare window (a QApplication and an empty QMainWindow,
shown), as a ratio, with the target it is held to:

- start-up: from process start to the main window shown with the library loaded;
- memory: resident memory once the window is shown, and after playing a routine;
- CPU: the share of one core used while a routine plays for a minute (the bare window
  sits idle for the same minute);
- library scale: loading 10, 100 and 1,000 routine files, so how cost grows is visible.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/app_vs_bare.py [--runs 15] [--cpu-seconds 60]

Each start-up is a fresh process; the median of --runs is reported. Both processes read
the same monotonic clock, so the child reports the moment its window was first painted:
the first paint event the main window receives, seen by an event filter on that window.
(The filter is on the window, not the whole application: an application-wide Python
filter is handed every event of every internal Qt object, and wrapping those objects
made PySide build Python classes for most of QtWidgets, 15-25 ms that a real start never
spends and that fell almost wholly on the app.)
The app's modules are byte-compiled first, as `pip install` and the bundle do: with
PYTHONDONTWRITEBYTECODE set (as here) a source checkout would otherwise recompile every
module at every start, which no installed copy does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


#: How long a play run waits after the first paint before the routine starts.
SETTLE_MS = 3000


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the child processes ------------------------------------------------------------------


def child(kind: str, play_seconds: float, started: float) -> None:
    """Runs in a fresh process: shows a window, reports when it is painted, and more."""
    if kind == "app":
        # What the `stretchdesk` command has imported by the time it opens the window
        # (its command line, then the window through stretchdesk.ui.app, as below).
        import stretchdesk.cli  # noqa: F401
    from PySide6.QtCore import QEvent, QObject, QTimer

    report: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and "shown" not in report:
                report["shown"] = time.monotonic() - started
                report["rss_shown"] = rss_mib()  # at the moment the window is first painted
                report["cpu_shown"] = cpu_seconds()  # the process's own work until then
                if play_seconds <= 0:
                    # A start-up run ends here, before the paint it announces. Left to run
                    # on, the app would start what it starts after its first paint (the
                    # sound stream, the speech helper), and the speech daemon that wakes
                    # kept a quarter of a core busy through the runs that followed.
                    print(json.dumps(report), flush=True)
                    os._exit(0)
                QTimer.singleShot(0, after_shown)
            return False

    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication([sys.argv[0]])
        window = QMainWindow()
        window.resize(1100, 760)
    else:
        from stretchdesk.ui.app import create_application, open_window

        app = create_application([sys.argv[0]])
        window = None
    watcher = FirstPaint()

    def failing(function):
        """A failure inside Qt's event loop ends the child at once (Qt would carry on and
        the parent would wait for it)."""
        def run() -> None:
            try:
                function()
            except BaseException:
                import traceback

                traceback.print_exc()
                os._exit(1)
        return run

    @failing
    def after_shown() -> None:
        app_window[0].removeEventFilter(watcher)
        app.processEvents()
        if play_seconds <= 0:
            finish()
            return
        # What the window does once, just after its first paint (the preview's details, the
        # sounds and the speech helper, the history) is start-up, not playing: the routine
        # starts once it is done, for both alike.
        QTimer.singleShot(SETTLE_MS, start_playing)

    @failing
    def start_playing() -> None:
        if kind == "app":
            main = app_window[0]
            main.start_routine(main.library.get(os.environ.get("STRETCHDESK_BENCH_ROUTINE", "intermediate-lower-back")))
        report["cpu_before"] = cpu_seconds()
        report["wall_before"] = time.monotonic()
        QTimer.singleShot(int(play_seconds * 1000), after_playing)

    @failing
    def after_playing() -> None:
        report["cpu_share"] = (cpu_seconds() - report.pop("cpu_before")) / (time.monotonic() - report.pop("wall_before"))
        if kind == "app":
            # Then the rest of the routine, at speed, through the real window: every render.
            main = app_window[0]
            main.driver.close()
            from stretchdesk.core.play.session import Session

            clock = [0.0]
            main.playback._clock = lambda: clock[0]
            main.start_routine(main.library.get("intermediate-lower-back"))
            while main.playback.running:
                clock[0] += 0.25
                main.driver.tick()
            assert isinstance(main.playback.session, Session)
        app.processEvents()
        report["rss_played"] = rss_mib()
        finish()

    def finish() -> None:
        print(json.dumps(report), flush=True)
        app.quit()

    app_window = []
    if kind == "bare":
        window.installEventFilter(watcher)
        window.show()
        app_window.append(window)
    else:
        main = open_window()  # shown, but not painted before the event loop runs
        main.installEventFilter(watcher)
        main.acknowledge_safety = lambda: None
        app_window.append(main)
    app.exec()


# -- the parent -------------------------------------------------------------------------


class PrivateDisplay:
    """A private X server (Xvfb) with a window manager (openbox), as a person's desktop
    has: a window is reparented, mapped and exposed before it is first painted, so a
    start-up on it is what a person waits for. Needs Debian's xvfb and openbox."""

    def __init__(self, size: str = "1920x1080x24") -> None:
        for tool in ("Xvfb", "openbox"):
            if shutil.which(tool) is None:
                raise SystemExit(f"app_vs_bare: --xcb needs {tool} (apt-get install xvfb openbox)")
        read, write = os.pipe()
        # -displayfd: the server picks a free display and writes its number when it is ready.
        self.server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        if not number:
            self.server.kill()
            raise SystemExit("app_vs_bare: Xvfb did not start")
        self.display = f":{number}"
        self.manager = subprocess.Popen(["openbox", "--sm-disable"], env={**os.environ, "DISPLAY": self.display},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # openbox takes the screen over before the first window opens

    def stop(self) -> None:
        for process in (self.manager, self.server):
            process.terminate()
            process.wait()


def run_child(kind: str, play_seconds: float = 0.0, env: dict | None = None) -> dict[str, float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(HERE), "--child", kind, "--play", str(play_seconds), "--started", repr(started)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def library_scale(counts: tuple[int, ...]) -> dict[int, float]:
    from stretchdesk.core.routine import cache as library_cache
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.core.paths import builtin_routines_dir

    # The files are written a moment before they are read; a person's have stood for longer
    # than the cache waits before it trusts a file's identity (see library_cache).
    library_cache.RECENT_SECONDS = 0.0
    source = (builtin_routines_dir() / "intermediate-lower-back.yaml").read_text(encoding="utf-8")
    timings: dict[int, float] = {}
    for count in counts:
        folder = Path(tempfile.mkdtemp(prefix=f"stretchdesk-bench-{count}-"))
        for index in range(count):
            (folder / f"routine-{index:04d}.yaml").write_text(source, encoding="utf-8")
        cache_dir = Path(tempfile.mkdtemp(prefix="stretchdesk-bench-cache-"))
        os.environ["STRETCHDESK_CACHE_DIR"] = str(cache_dir)
        start = time.perf_counter()
        library = load_library([folder], use_cache=False)  # every file read and checked
        parsed = time.perf_counter() - start
        load_library([folder])  # fills the cache
        start = time.perf_counter()
        library = load_library([folder])  # the usual start-up: unchanged files, from the cache
        cached = time.perf_counter() - start
        assert len(library.routines) == count and not library.problems
        timings[count] = (parsed, cached)
        shutil.rmtree(cache_dir)
        shutil.rmtree(folder)
    return timings


def play_and_library_rows(args, env: dict) -> list[tuple]:
    bare_play = run_child("bare", args.cpu_seconds, env=env)
    app_play = run_child("app", args.cpu_seconds, env=env)
    scale = library_scale((10, 100, 1000))
    rows = [
        ("resident memory, after a routine (MiB)", app_play["rss_played"], bare_play["rss_played"],
         app_play["rss_played"] / bare_play["rss_played"], "<= bare + 30 MiB", app_play["rss_played"] <= bare_play["rss_played"] + 30),
        (f"CPU while playing {args.cpu_seconds:.0f} s (% of a core)", app_play["cpu_share"] * 100, bare_play["cpu_share"] * 100,
         app_play["cpu_share"] / max(bare_play["cpu_share"], 1e-6), "< 2% of a core", app_play["cpu_share"] < 0.02),
    ]
    for which, label in ((0, "read and check"), (1, "from the cache")):
        per_file_10 = scale[10][which] / 10
        for count in (10, 100, 1000):
            per_file = scale[count][which] / count
            rows.append((f"{label} {count:>4} routine files (ms)", scale[count][which] * 1000, per_file_10 * count * 1000,
                         per_file / per_file_10, "per file <= 1.5x (linear)", per_file / per_file_10 <= 1.5))
    return rows


def measure(args, notes: list[str]) -> list[tuple]:
    import compileall

    import stretchdesk

    compileall.compile_dir(str(Path(stretchdesk.__file__).parent), quiet=1)
    home = Path(tempfile.mkdtemp(prefix="stretchdesk-bench-home-"))
    # Folders of its own, the library cache among them: the cache a person's start finds is
    # the one their last start wrote, not one another checkout of the code (whose stamp
    # differs) rewrote a moment ago, which made each start read and check every built-in
    # routine and import the file reader (10-14 MiB more, and its time).
    env = {**os.environ, "STRETCHDESK_DATA_DIR": str(home / "data"), "STRETCHDESK_CONFIG_DIR": str(home / "config"),
           "STRETCHDESK_CACHE_DIR": str(home / "cache")}

    # Warm the file cache once for each, then alternate so both see the same machine.
    run_child("bare", env=env)
    run_child("app", env=env)
    bare_starts, app_starts, bare_rss, app_rss, bare_cpu, app_cpu = [], [], [], [], [], []
    for _ in range(args.runs):
        bare = run_child("bare", env=env)
        app = run_child("app", env=env)
        bare_starts.append(bare["shown"])
        app_starts.append(app["shown"])
        bare_rss.append(bare["rss_shown"])
        app_rss.append(app["rss_shown"])
        bare_cpu.append(bare["cpu_shown"])
        app_cpu.append(app["cpu_shown"])
    start_bare, start_app = statistics.median(bare_starts), statistics.median(app_starts)
    rss_bare, rss_app = statistics.median(bare_rss), statistics.median(app_rss)
    rows = [
        ("start-up to window mapped and painted (ms)" if args.xcb else "start-up to window shown (ms)", start_app * 1000, start_bare * 1000, start_app / start_bare, "<= 1.5x", start_app / start_bare <= 1.5),
        ("resident memory, shown (MiB)", rss_app, rss_bare, rss_app / rss_bare, "<= bare + 30 MiB", rss_app <= rss_bare + 30),
    ]
    if not args.start_up_only:
        rows += play_and_library_rows(args, env)
    # The processes' own work until the first paint: on a busy machine the clock also counts
    # the time each waited for a core, which falls harder on the longer start.
    cpu_bare, cpu_app = statistics.median(bare_cpu), statistics.median(app_cpu)
    notes.append(f"CPU time to the first paint: app {cpu_app * 1000:.0f} ms, bare window {cpu_bare * 1000:.0f} ms, "
                 f"ratio {cpu_app / cpu_bare:.2f}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cpu-seconds", type=float, default=60.0)
    parser.add_argument("--child", choices=("app", "bare"))
    parser.add_argument("--play", type=float, default=0.0)
    parser.add_argument("--started", type=float, default=0.0)
    parser.add_argument("--start-up-only", action="store_true", help="only the start-up and memory-when-shown rows")
    parser.add_argument("--routine", default="intermediate-lower-back",
                        help="the routine played for the CPU row (daily-lower-back starts with a moving figure)")
    parser.add_argument("--xcb", action="store_true",
                        help="run both on a private X server (Xvfb) with a window manager (openbox): start-up is then "
                        "from process start to the window mapped, exposed and first painted, as a person sees it")
    parser.add_argument("--with-sound", action="store_true",
                        help="run both against a private PulseAudio server with a null sink, so the app's sound "
                        "output is live (needs Debian's pulseaudio and pulseaudio-utils)")
    args = parser.parse_args()
    os.environ["STRETCHDESK_BENCH_ROUTINE"] = args.routine  # read by the app children
    if args.child:
        child(args.child, args.play, args.started)
        return 0

    display = PrivateDisplay() if args.xcb else None
    if display is not None:
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        os.environ["DISPLAY"] = display.display
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    server = None
    notes: list[str] = []
    try:
        if args.with_sound:
            sys.path.append(str(HERE.parents[1]))  # for tests.pulse_server; the app comes first
            from tests.pulse_server import _end_processes_naming, start_private_server

            runtime = Path(tempfile.mkdtemp(prefix="stretchdesk-bench-pulse-"))
            server, pulse_env = start_private_server(runtime)
            os.environ.update(pulse_env)  # the children play to it
        rows = measure(args, notes)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
            _end_processes_naming(runtime)  # the speech daemon the app's helper woke there
        if display is not None:
            display.stop()
    sound = "live sound output (PulseAudio null sink)" if args.with_sound else "no audio server"
    print(f"platform {os.environ['QT_QPA_PLATFORM']}; {sound}; {args.runs} start-ups each, median; Python {sys.version.split()[0]}")
    print(f"{'measure':<42} {'app':>10} {'baseline':>10} {'ratio':>7}  {'target':<26} met")
    for name, app_value, base_value, ratio, target, met in rows:
        print(f"{name:<42} {app_value:>10.1f} {base_value:>10.1f} {ratio:>7.2f}  {target:<26} {'yes' if met else 'NO'}")
    print("baselines: the bare window in the same run; for library rows, 10 files' per-file cost scaled up")
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
