"""`stretchdesk --self-test` passes on a whole installation and names what is missing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stretchdesk import selftest
from stretchdesk.core import paths


def test_self_test_passes_and_leaves_the_persons_folders_alone(isolated_user_folders: Path, tmp_path: Path):
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    result = subprocess.run([sys.executable, "-m", "stretchdesk", "--self-test"], capture_output=True, text=True,
                            cwd=tmp_path, env=dict(os.environ, TMPDIR=str(temporary)), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "all good"
    for name in ("built-in routines", "pictures", "sounds", "icon", "application", "settings", "main window", "keeping the screen awake"):
        assert any(line.startswith(f"ok      {name}:") for line in lines), name
    assert result.stderr == ""
    for folder in ("config", "data", "cache"):  # not even the library cache
        assert not (isolated_user_folders / folder).exists(), folder
    assert list(temporary.iterdir()) == []  # and nothing left behind


@pytest.mark.qt_log_ignore("Cannot open file")
def test_self_test_names_what_failed(qtbot, monkeypatch, tmp_path: Path, request):
    from stretchdesk.core.routine.poses import builtin_poses

    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path / "no-resources")
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: tmp_path / "no-routines")
    # The pose library is read once; read it from the missing folder, and afresh afterwards.
    builtin_poses.cache_clear()
    request.addfinalizer(builtin_poses.cache_clear)
    report = io.StringIO()
    assert selftest.run_self_test(out=report) == 1
    text = report.getvalue()
    assert "FAILED  built-in routines: found 0 built-in routines in" in text and "no-routines" in text
    assert "FAILED  pictures:" in text and "poses.yaml" in text
    assert "FAILED  sounds:" in text and "no-resources" in text
    assert "FAILED  icon:" in text
    assert text.rstrip().endswith("checks failed")
