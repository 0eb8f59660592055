"""A library of thousands of routine files, good or broken, against one of ten, in the same
process: how long the library takes to load from its cache, the window to show it, and a
search keystroke to filter it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/large_library.py [--files 10000]

Before this was measured, 10,000 files took about a second per search keystroke (three with
the timelines rebuilt on each), and 10,000 broken files 8-9 s to open the window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOOD = ("title: Routine {n}\nsummary: Number {n}.\nsteps:\n  - name: Cat cow {n}\n    breaths: 5\n"
        "  - name: Lunge\n    hold: 30s\n    sides: 2\n  - name: Bridge\n    reps: 10\n")
BROKEN = "title: Broken {n}\nsteps:\n  - name: Cat cow\n    duraton: 30s\n"


def measure(app, template: str, count: int, home: Path) -> dict[str, float]:
    from stretchdesk.core.routine import cache as library_cache
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.ui.main_window import MainWindow

    folder = home / f"{count}-{'good' if template is GOOD else 'broken'}"
    folder.mkdir()
    for n in range(count):
        (folder / f"r{n:05d}.yaml").write_text(template.format(n=n), encoding="utf-8")
    os.environ["STRETCHDESK_CACHE_DIR"] = str(folder / "cache")
    library_cache.RECENT_SECONDS = 0.0  # files written a moment ago count as settled
    load_library([folder])  # fills the cache, as a first start would
    start = time.perf_counter()
    library = load_library([folder])
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    window = MainWindow(library=library)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - start
    page = window.library_page
    keystrokes = ["r", "ro", "rou", "cat", "cat cow 99", ""]
    start = time.perf_counter()
    for text in keystrokes:
        page.search.setText(text)
        app.processEvents()
    search = (time.perf_counter() - start) / len(keystrokes)
    window.close()
    window.deleteLater()
    app.processEvents()
    return {"load from the cache (ms)": loaded * 1000, "window shown (ms)": shown * 1000, "search keystroke (ms)": search * 1000}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="stretchdesk-large-"))
    os.environ["STRETCHDESK_DATA_DIR"] = str(home / "data")
    os.environ["STRETCHDESK_CONFIG_DIR"] = str(home / "config")
    from stretchdesk.ui.app import create_application

    app = create_application()
    print(f"{'library':<28} {'measure':<26} {'10 files':>10} {args.files:>8} files   ratio  per file")
    for label, template in (("good routines", GOOD), ("broken files", BROKEN)):
        small = measure(app, template, 10, home)
        large = measure(app, template, args.files, home)
        for key in small:
            ratio = large[key] / small[key] if small[key] else float("nan")
            print(f"{label:<28} {key:<26} {small[key]:>10.1f} {large[key]:>8.1f}   {ratio:>6.1f}  {large[key] / args.files * 1000:>6.1f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
