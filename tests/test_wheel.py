"""`pip install .` gives a StretchDesk that works from any folder: the built-in routines,
sounds, icons and desktop files travel inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        check=True, capture_output=True, timeout=600,
    )
    (built,) = out.glob("stretchdesk-*.whl")
    return built


def test_the_wheel_carries_the_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for routine in ("daily-lower-back", "hip-relief", "intermediate-lower-back", "thirteen-stretches"):
        assert f"stretchdesk/routines/{routine}.yaml" in names
    assert "stretchdesk/routines/routine.schema.json" in names
    for sound in ("start", "switch", "tick", "rep", "finish"):
        assert f"stretchdesk/resources/sounds/{sound}.wav" in names
    assert "stretchdesk/resources/icons/hicolor/scalable/apps/io.github.stretchdesk.StretchDesk.svg" in names
    assert "stretchdesk/resources/desktop/io.github.stretchdesk.StretchDesk.desktop" in names
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    # every module of the source tree is in it
    for module in (REPO / "stretchdesk").rglob("*.py"):
        assert module.relative_to(REPO).as_posix() in names, module


def test_installed_wheel_works_from_another_folder(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The new environment sees the already installed dependencies (Qt is large) through a
    # path line, which does not run the development install's import hook: StretchDesk
    # itself can only come from the wheel.
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    (site / "stretchdesk-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # Without the caller's PYTHONPATH, for pip too: a checkout on it carries the development
    # install's metadata, and pip would take StretchDesk for installed and skip the wheel.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300, env=env)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stretchdesk = env_dir / "bin" / "stretchdesk"

    where = subprocess.run([str(python), "-c", "import stretchdesk; print(stretchdesk.__file__)"],
                           capture_output=True, text=True, cwd=elsewhere, env=env, check=True)
    assert where.stdout.startswith(str(env_dir)), where.stdout

    listing = subprocess.run([str(stretchdesk), "list"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert "intermediate-lower-back" in listing.stdout and "12:01" in listing.stdout

    check = subprocess.run([str(stretchdesk), "--self-test"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines()[-1] == "all good"
    assert str(env_dir) in check.stdout  # the routines came from the installed package
