"""The report for a year of daily sessions against the report for one week, in the same
process and the same run: reading the history, adding it up, writing the PDF and the CSV;
then the whole `stretchdesk report --pdf` command as a person runs it (a fresh process,
Qt started offscreen), for the year and for the week.

    .venv/bin/python benchmarks/report_year.py [--runs 7]

Both histories are made with packaging/make_history.py --daily (one finished session a
day, with check-ins) in a temporary folder; nothing of the person's is read or written.
The year is the slowest report a person can ask for in practice (a report covers at most
three years; a year of daily sessions is 12 pages). The target, no visible wait: the
year's whole command takes at most twice the week's, whose time is almost all Python and
Qt starting (compare ratios: on a busy machine the milliseconds vary twofold).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_history(folder: Path, days: int) -> Path:
    folder.mkdir(parents=True)
    path = folder / "history.sqlite3"
    subprocess.run([sys.executable, str(ROOT / "packaging" / "make_history.py"), "--days", str(days), "--daily",
                    "--out", str(path)], check=True, capture_output=True, timeout=600)
    return path


def timed(action, runs: int) -> float:
    """The median of `runs` timings, in milliseconds (after one run to warm up)."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def in_process(path: Path, days: int, out: Path, runs: int) -> dict[str, float]:
    from stretchdesk.core.files import write_atomic
    from stretchdesk.core.store.history import HistoryStore
    from stretchdesk.core.views.report import build_report, csv_bytes
    from stretchdesk.ui.output.report_pdf import render_pdf, write_pdf

    today = date.today()
    start = today - timedelta(days=days - 1)

    def read():
        with HistoryStore(path, reading=True) as store:
            return store.sessions()

    records = read()
    report = build_report(records, start, today, weekly_goal=5, today=today)
    pages = render_pdf(report)[1]
    results = {
        "sessions": float(len(records)),
        "pages": float(pages),
        "read the history (ms)": timed(read, runs),
        "add it up (ms)": timed(lambda: build_report(records, start, today, weekly_goal=5, today=today), runs),
        "write the PDF (ms)": timed(lambda: write_pdf(report, out / "report.pdf"), runs),
        "write the CSV (ms)": timed(lambda: write_atomic(out / "report.csv", csv_bytes(report.sessions)), runs),
    }
    results["all of it, PDF (ms)"] = timed(
        lambda: write_pdf(build_report(read(), start, today, weekly_goal=5, today=today), out / "report.pdf"), runs)
    return results


def command(folder: Path, days: int, out: Path, runs: int) -> float:
    """The whole command, from process start to exit."""
    env = dict(os.environ, STRETCHDESK_DATA_DIR=str(folder), STRETCHDESK_CONFIG_DIR=str(folder / "config"),
               STRETCHDESK_CACHE_DIR=str(folder / "cache"), PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    first = (date.today() - timedelta(days=days - 1)).isoformat()
    arguments = [sys.executable, "-m", "stretchdesk", "report", "--from", first, "--pdf", str(out / "command.pdf")]

    def run() -> None:
        subprocess.run(arguments, env=env, check=True, capture_output=True, timeout=120)

    return timed(run, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timings of each measure; the median is shown (default 7)")
    options = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from stretchdesk.ui.output.report_pdf import ensure_application

    ensure_application()
    with tempfile.TemporaryDirectory(prefix="stretchdesk-report-bench-") as home:
        home_path = Path(home)
        week = make_history(home_path / "week", 7)
        year = make_history(home_path / "year", 365)
        out = home_path / "out"
        out.mkdir()
        baseline = in_process(week, 7, out, options.runs)
        measured = in_process(year, 365, out, options.runs)
        baseline["the command, PDF (ms)"] = command(week.parent, 7, out, options.runs)
        measured["the command, PDF (ms)"] = command(year.parent, 365, out, options.runs)
    print(f"a week of daily sessions (the baseline) against a year of them, median of {options.runs} runs; "
          f"Python {sys.version.split()[0]}")
    print(f"{'measure':<28} {'week':>9} {'year':>9} {'ratio':>7}")
    for key in baseline:
        ratio = measured[key] / baseline[key] if baseline[key] else float("nan")
        print(f"{key:<28} {baseline[key]:>9.1f} {measured[key]:>9.1f} {ratio:>7.2f}")
    window_part = measured["all of it, PDF (ms)"]
    whole = measured["the command, PDF (ms)"]
    ratio = whole / baseline["the command, PDF (ms)"]
    met = ratio <= 2.0
    print(f"the year's report: {window_part:.0f} ms in the window, {whole:.0f} ms for the whole command, "
          f"{ratio:.2f}x the week's command (target: at most 2x, {'met' if met else 'NOT met'})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
