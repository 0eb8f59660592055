"""How long the History page takes to open: on an empty history and on a year of daily
sessions, in the same process, alternating.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/history_page.py [--runs 15]

The year is made by the documented script (`packaging/make_history.py --days 365 --daily`)
into a temporary folder. Each run makes a new main window on one of the two data folders,
lets it finish starting (its first paint and what follows it), then times
`MainWindow.show_history()` until the page has been laid out and painted: the store
opened, the sessions read, the page worked out, its widgets built and filled, the
calendar and the chart painted. The cycle collector is paused while a window starts and
what exists is frozen once it is painted, as `stretchdesk` does. "Again" is the same window opening the page a second time
(read afresh; the widgets are already built). The parts are timed alone too: reading the
sessions (opening the file included) and working out what the page shows (the core).
The first opening in the process, which also imports the page's code, is given apart.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class Painted:
    """Counts the paints of the widgets it watches."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.count = 0
        counter = self

        class Filter(QObject):
            def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.filter = Filter()


class Timer:
    """Wall-clock and CPU time of the process, from when it is made."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def open_page(app, folder: Path) -> tuple[tuple[float, float], tuple[float, float], int]:
    """A new window on `folder`, started; (wall, CPU) seconds for the first opening of the
    page and for the second, and how many sessions the page shows."""
    from stretchdesk.ui.app import resume_collection
    from stretchdesk.ui.main_window import MainWindow

    os.environ["STRETCHDESK_DATA_DIR"] = str(folder)
    gc.disable()  # as `stretchdesk` starts: collected again, what exists frozen, once painted
    window = MainWindow()
    window.safety_banner.acknowledge()
    window.resize(1100, 760)
    window.show()
    deadline = time.monotonic() + 5
    while not window._painted and time.monotonic() < deadline:
        app.processEvents()
    resume_collection()
    for _ in range(5):  # what the first paint sets going (the preview's details, watchers)
        app.processEvents()
    times = []
    for _ in range(2):
        painted = Painted()
        timer = Timer()
        window.show_history()
        page = window.history_page
        page.calendar.installEventFilter(painted.filter)
        page.installEventFilter(painted.filter)
        app.processEvents()
        times.append(timer.stop())
        assert painted.count, "the page was painted"
        page.calendar.removeEventFilter(painted.filter)
        page.removeEventFilter(painted.filter)
        window.show_library()
        app.processEvents()
    rows = window.history_page.row_count()
    window.close()
    window.deleteLater()
    app.processEvents()
    gc.unfreeze()  # the next window starts afresh
    gc.collect()
    return times[0], times[1], rows


def read_alone(folder: Path) -> tuple[float, float]:
    from stretchdesk.core.store.history import HistoryStore

    timer = Timer()
    store = HistoryStore(folder / "history.sqlite3")
    store.sessions()
    elapsed = timer.stop()
    store.close()
    return elapsed


def model_alone(folder: Path) -> tuple[float, float]:
    from stretchdesk.core.store.history import HistoryStore
    from stretchdesk.core.views.history_view import history_view, local_today

    with HistoryStore(folder / "history.sqlite3") as store:
        records = store.sessions()
    timer = Timer()
    history_view(records, local_today(), 4)
    return timer.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="stretchdesk-history-bench-"))
    os.environ["STRETCHDESK_CONFIG_DIR"] = str(home / "config")
    os.environ["STRETCHDESK_CACHE_DIR"] = str(home / "cache")
    empty, year = home / "empty", home / "year"
    empty.mkdir()
    command = [sys.executable, str(ROOT / "packaging" / "make_history.py"), "--days", "365", "--daily",
               "--out", str(year / "history.sqlite3")]
    print("history made with: packaging/make_history.py", " ".join(command[2:]))
    made = subprocess.run(command, capture_output=True, text=True, check=True)
    print(made.stdout.strip())

    from stretchdesk.ui.app import create_application

    app = create_application()
    (first, first_cpu), _again, _rows = open_page(app, empty)
    print(f"first opening in the process (imports the page's code), empty history: {first * 1000:.1f} ms "
          f"({first_cpu * 1000:.1f} ms of CPU)")
    results: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {"open": [], "again": [], "read": [], "model": []} for name in ("empty", "year")}
    rows = {}
    for _ in range(args.runs):
        for name, folder in (("empty", empty), ("year", year)):
            opened, again, rows[name] = open_page(app, folder)
            results[name]["open"].append(opened)
            results[name]["again"].append(again)
            results[name]["read"].append(read_alone(folder))  # the empty one was made by opening it
            results[name]["model"].append(model_alone(folder))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"sessions shown: empty {rows['empty']}, a year {rows['year']}; median of {args.runs} runs each, "
          f"alternating; load average {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'measure (ms)':<46} {'empty':>7} {'a year':>7} {'ratio':>6}   {'CPU: empty':>10} {'a year':>7}")
    labels = {
        "open": "open the History page (read, built, painted)",
        "again": "open it again in the same window",
        "read": "read the sessions alone (file opened)",
        "model": "work out what the page shows (core)",
    }
    for key, label in labels.items():
        small, large = (statistics.median(wall for wall, _cpu in results[name][key]) * 1000 for name in ("empty", "year"))
        small_cpu, large_cpu = (statistics.median(cpu for _wall, cpu in results[name][key]) * 1000
                                for name in ("empty", "year"))
        print(f"{label:<46} {small:>7.1f} {large:>7.1f} {large / small:>6.2f}   {small_cpu:>10.1f} {large_cpu:>7.1f}")
    fastest = min(wall for wall, _cpu in results["year"]["open"]) * 1000
    slowest = max(wall for wall, _cpu in results["year"]["open"]) * 1000
    print(f"a year, opening the page: fastest {fastest:.1f} ms, slowest {slowest:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
