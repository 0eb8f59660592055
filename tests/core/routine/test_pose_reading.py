"""The pose library's reading, kept in the cache folder: a start that finds poses.yaml as it
was takes the poses from there without a YAML parser, the same poses; a changed file, a
damaged or foreign reading, or a file with problems is read from the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stretchdesk.core import paths
from stretchdesk.core.routine import poses
from stretchdesk.core.routine.poses import KEPT_NAME, builtin_poses


@pytest.fixture
def pose_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped pose library, read as the shipped one; read afresh by each call
    of builtin_poses() after cache_clear()."""
    copy = tmp_path / "poses.yaml"
    copy.write_bytes(paths.poses_file().read_bytes())
    monkeypatch.setattr(paths, "poses_file", lambda: copy)
    builtin_poses.cache_clear()
    yield copy
    builtin_poses.cache_clear()


def read_again():
    builtin_poses.cache_clear()
    return builtin_poses()


def test_a_start_that_finds_the_reading_kept_needs_no_yaml_and_gets_the_same_poses():
    builtin_poses.cache_clear()
    try:
        first = builtin_poses()
    finally:
        builtin_poses.cache_clear()
    assert not first.problems and (paths.user_cache_dir() / KEPT_NAME).is_file()
    probe = ("import json, sys; from stretchdesk.core.routine.poses import builtin_poses; loaded = builtin_poses(); "
             "print(json.dumps([sorted(loaded.library.poses), sorted(loaded.library.motions), loaded.problems, 'yaml' in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert result.returncode == 0, result.stderr
    names, motions, problems, yaml_imported = json.loads(result.stdout)
    assert (names, motions, problems) == (sorted(first.library.poses), sorted(first.library.motions), [])
    assert not yaml_imported


def test_the_kept_reading_gives_the_poses_the_file_gives(pose_file):
    from_file = builtin_poses()
    kept = read_again()
    assert kept.library.poses == from_file.library.poses and kept.library.motions == from_file.library.motions


def test_a_changed_file_is_read_from_the_file(pose_file):
    import yaml

    before = builtin_poses()
    data = yaml.safe_load(pose_file.read_text(encoding="utf-8"))
    first = next(iter(data["poses"]))
    data["poses"][f"{first}-again"] = data["poses"][first]  # one pose more, defined as the first
    pose_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    after = read_again()
    assert set(after.library.poses) == set(before.library.poses) | {f"{first}-again"}
    assert after.library.poses[f"{first}-again"] == before.library.poses[first]


def test_a_damaged_or_foreign_reading_is_not_used(pose_file):
    expected = builtin_poses()
    kept = paths.user_cache_dir() / KEPT_NAME
    for damage in (b"{not json", json.dumps({"format": "something else"}).encode(),
                   kept.read_bytes().replace(b'"lines":[[', b'"lines":[[1,')):
        kept.write_bytes(damage)
        again = read_again()
        assert again.library.poses == expected.library.poses and not again.problems
        assert json.loads(kept.read_bytes())["format"] == poses.KEPT_FORMAT  # kept anew


def test_a_reading_for_another_text_is_not_used(pose_file):
    builtin_poses()
    kept = paths.user_cache_dir() / KEPT_NAME
    data = json.loads(kept.read_bytes())
    reading = data["entries"]
    reading["data"]["poses"] = {}  # what another text of the file would have held
    reading["text"] = reading["text"] + "# another text\n"
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert read_again().library.poses  # read from the file, not from the empty reading


def test_a_file_with_problems_says_them_every_time_and_nothing_is_kept(pose_file):
    pose_file.write_text("poses:\n  broken: [\n", encoding="utf-8")
    first = builtin_poses()
    assert first.problems and "poses.yaml:" in first.problems[0]
    assert not (paths.user_cache_dir() / KEPT_NAME).exists()
    assert read_again().problems == first.problems
