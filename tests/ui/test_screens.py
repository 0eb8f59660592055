"""Every page and dialog on the screens people have: a small laptop's 1024x600, 1280x720,
the common 1366x768 at scale 1 and 1.25, and 1920x1080 at scale 1.5, each with the
application's font as it comes and at 1.25 times (a desktop's larger-text setting); each
screen less a desktop panel, each window with room for its frame (tests/ui/screen_fit.py).

Nothing that acts may lie off the screen or out of reach (what does not fit must scroll
into view, and the main actions must not need scrolling), and no text may be cut off at
an edge or through a word. Qt's offscreen platform takes a screen's size and scale from a
file of its own, once per process: each screen is a process of tests/ui/screens.py, and
all of them run at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

#: (width, height, scale): the screen in its own pixels, and the desktop's scale.
SCREENS = [(1024, 600, 1.0), (1280, 720, 1.0), (1366, 768, 1.0), (1366, 768, 1.25), (1920, 1080, 1.5)]
#: A desktop panel along one edge, in the desktop's (scaled) pixels: as tall as Plasma's.
PANEL = 44
FONT_SCALES = "1,1.25"


def screen_name(screen: tuple[int, int, float]) -> str:
    width, height, scale = screen
    return f"{width}x{height} at scale {scale:g}"


def config(screen: tuple[int, int, float], folder: Path) -> Path:
    """Qt's offscreen platform's description of a screen: its size less the panel, and the
    dots per inch a desktop at this scale gives (Qt scales by logicalDpi / 96, as on X11)."""
    width, height, scale = screen
    path = folder / f"screen-{width}x{height}-{scale:g}.json"
    path.write_text(json.dumps({
        "synchronousWindowSystemEvents": False,
        "windowFrameMargins": True,
        "screens": [{"name": "screen", "x": 0, "y": 0, "width": width, "height": height - round(PANEL * scale),
                     "logicalDpi": round(96 * scale), "logicalBaseDpi": 96, "dpr": 1.0}],
    }))
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each screen's run, started together (they take a few seconds each)."""
    folder = tmp_path_factory.mktemp("screens")
    started = {}
    for screen in SCREENS:
        env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config(screen, folder)}")
        env.pop("QT_SCALE_FACTOR", None)
        started[screen] = subprocess.Popen([sys.executable, "-m", "tests.ui.screens", "--fonts", FONT_SCALES],
                                           cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield started
    for process in started.values():
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("screen", SCREENS, ids=screen_name)
def test_every_page_and_dialog_fits_the_screen(runs, screen):
    out, err = runs[screen].communicate()
    assert runs[screen].returncode == 0, err[-3000:]
    results = json.loads(out)
    assert len(results) >= 30, f"not every page and dialog was opened: {sorted(results)}"
    found = {case: problems for case, problems in results.items() if problems}
    assert not found, f"on a {screen_name(screen)} screen:\n" + "\n".join(
        f"{case}:\n  " + "\n  ".join(problems) for case, problems in found.items())
