"""Writing files whole or not at all, and clearing what a writer that was killed left
behind: its temporaries are ours, named for the file and the writer's process, and are
cleared when that file is next written, once the writer is gone or the file is old."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stretchdesk.core.files import STALE_AFTER_SECONDS, remove_stale_temporaries, write_atomic

#: Writes its file, and is killed with the temporary written and not yet renamed.
KILLED_WRITER = """
import os, sys
from pathlib import Path
from stretchdesk.core import files

def stuck(source, target):
    print("written", flush=True)
    sys.stdin.readline()  # killed here

files.os.replace = stuck
files.write_atomic(Path(sys.argv[1]), b'{"half": ')
"""


def temporaries(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".tmp"))


def kill_a_writer(path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "written"
    writer.kill()
    writer.wait()
    writer.stdin.close()
    writer.stdout.close()


@pytest.mark.skipif(os.name != "posix", reason="a process's id is looked up the POSIX way")
def test_the_temporaries_of_writers_killed_moments_ago_are_cleared_at_the_next_write(tmp_path: Path):
    path = tmp_path / "settings.json"
    for _ in range(3):
        kill_a_writer(path)
    left = temporaries(tmp_path)
    assert len(left) == 3 and not path.exists()  # what each kill left: nothing half-written in place
    moments_ago = time.time() - 15  # a write takes milliseconds; these writers are gone
    for name in left:
        os.utime(tmp_path / name, (moments_ago, moments_ago))
    write_atomic(path, b"{}")
    assert temporaries(tmp_path) == [] and path.read_bytes() == b"{}"


def test_a_temporary_whose_writer_lives_is_left_until_it_is_old(tmp_path: Path):
    alive = os.getppid()  # the process that started the tests: it outlives this one
    writing = tmp_path / f".settings.json.{alive}-abc123.tmp"
    writing.write_text("{")
    moments_ago = time.time() - 15
    os.utime(writing, (moments_ago, moments_ago))
    assert remove_stale_temporaries(tmp_path, "settings.json") == [] and writing.exists()
    assert remove_stale_temporaries(tmp_path, "settings.json", now=time.time() + STALE_AFTER_SECONDS + 1) == [writing]


@pytest.mark.skipif(os.name != "posix", reason="a process's id is looked up the POSIX way")
def test_a_temporary_of_a_writer_gone_is_left_for_a_few_seconds(tmp_path: Path):
    """A writer in another process namespace (a sandbox) looks gone: its temporary is
    never taken from under it while it writes."""
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()
    fresh = tmp_path / f".settings.json.{gone.pid}-abc123.tmp"
    fresh.write_text("{")
    assert remove_stale_temporaries(tmp_path, "settings.json") == [] and fresh.exists()
    assert remove_stale_temporaries(tmp_path, "settings.json", now=time.time() + 15) == [fresh]


def test_only_our_own_regular_temporaries_are_cleared(tmp_path: Path):
    long_ago = time.time() - 10 * STALE_AFTER_SECONDS
    old_style = tmp_path / ".settings.json.k1ll3d.tmp"  # named before the process was in the name
    other_file = tmp_path / ".state.json.1-abc.tmp"
    a_folder = tmp_path / ".settings.json.1-folder.tmp"
    a_folder.mkdir()
    a_link = tmp_path / ".settings.json.1-link.tmp"
    a_link.symlink_to(other_file)
    for made in (old_style, other_file):
        made.write_text("{")
    for made in (old_style, other_file, a_folder):
        os.utime(made, (long_ago, long_ago))
    os.utime(a_link, (long_ago, long_ago), follow_symlinks=False)
    assert remove_stale_temporaries(tmp_path, "settings.json") == [old_style]
    assert other_file.exists() and a_folder.is_dir() and a_link.is_symlink()


def test_a_folder_where_the_file_goes_leaves_no_temporary_however_often_it_is_tried(tmp_path: Path):
    path = tmp_path / "library.json"
    path.mkdir()
    for _ in range(3):
        with pytest.raises(IsADirectoryError):
            write_atomic(path, b"{}")
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["library.json"]
    assert list(path.iterdir()) == []
