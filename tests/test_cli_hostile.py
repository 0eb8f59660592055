"""The command line with files written to do harm, and in places where writing fails:
what reaches the terminal has its control characters made visible, JSON is always valid
UTF-8, and every failure is one plain line, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA

ESCAPES = DATA / "hostile" / "terminal_escapes.yaml"
#: What must never reach a terminal raw from a file: ESC, BEL, CR, the 8-bit CSI, a
#: right-to-left override.
RAW_CONTROLS = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


def run(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess[bytes]:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([sys.executable, "-m", "stretchdesk", *args], timeout=60, env=env or os.environ.copy(), **streams)


def assert_plain(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")  # strictly UTF-8
    for raw in RAW_CONTROLS:
        assert raw not in out and raw not in err, f"{raw!r} reached the terminal"
    assert "Traceback" not in err
    return out, err


def test_show_makes_escape_sequences_visible():
    out, _ = assert_plain(run("show", str(ESCAPES)))
    assert "Clear\\x1b[2J\\x1b]0;owned\\x07 title" in out
    assert "Step\\x1b[1A\\x0dname" in out  # a step name cannot move the cursor to rewrite a line
    assert "\\x9b31m" in out


def test_check_and_list_make_escape_sequences_visible(user_routines: Path):
    out, _ = assert_plain(run("check", str(ESCAPES)))
    assert "ok (Clear\\x1b[2J" in out
    shutil.copy(ESCAPES, user_routines / "escapes.yaml")
    out, _ = assert_plain(run("list"))
    assert "Clear\\x1b[2J" in out


def test_problems_on_stderr_make_escape_sequences_visible(user_routines: Path):
    (user_routines / "bad.yaml").write_text('title: "x"\nsteps:\n  - name: "Bad\\e[2J"\n    hold: 3 weeks\n')
    _, err = assert_plain(run("list"))
    assert 'step 1 "Bad\\x1b[2J"' in err


def test_show_json_is_valid_and_keeps_the_text_exactly():
    out, _ = assert_plain(run("show", str(ESCAPES), "--json"))
    data = json.loads(out)
    assert data["title"] == "Clear\x1b[2J\x1b]0;owned\x07 title"
    assert data["steps"][0]["summary"] == "\u202egnitirw sdrawkcab"


def test_a_file_name_that_is_not_utf8_keeps_list_json_valid(user_routines: Path):
    name = os.fsencode(user_routines) + b"/caf\xe9.yaml"
    with open(name, "w") as handle:
        handle.write("title: Latin name\nsteps:\n  - name: A\n    hold: 30s\n")
    broken = os.fsencode(user_routines) + b"/bro\xefken.yaml"
    with open(broken, "w") as handle:
        handle.write("title: Broken\nsteps: 3\n")
    result = run("list", "--json")
    out, err = assert_plain(result)
    files = [routine["file"] for routine in json.loads(out)]
    assert any(file.endswith("caf\\xe9.yaml") for file in files)
    assert "bro\\xefken.yaml" in err
    assert result.returncode == 0


def test_output_to_a_full_disk_is_one_plain_line():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = run("list", "--json", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.strip() == "stretchdesk: The output could not be written: No space left on device"


def test_a_file_name_too_long_for_the_file_system(tmp_path: Path):
    result = run("show", str(tmp_path / ("a" * 5000 + ".yaml")))
    _, err = assert_plain(result)
    assert result.returncode == 1 and "File name too long" in err
    result = run("show", "a" * 5000)
    _, err = assert_plain(result)
    assert result.returncode == 1 and "no routine with the id" in err


def test_check_never_blocks_on_a_fifo_or_a_device(tmp_path: Path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = run("check", str(fifo), "/dev/zero", str(tmp_path))
    out, _ = assert_plain(result)
    assert result.returncode == 1
    assert "named pipe" in out and "character device" in out and "folder" in out


def test_menu_entry_where_the_data_folder_is_a_file(tmp_path: Path):
    blocker = tmp_path / "share"
    blocker.write_text("not a folder")
    env = dict(os.environ, XDG_DATA_HOME=str(blocker))
    result = run("menu-entry", env=env)
    _, err = assert_plain(result)
    assert result.returncode == 1
    assert err.startswith("stretchdesk: The menu entry could not be written under ") and "Not a directory" in err


def test_an_unreachable_display_is_named_plainly(tmp_path: Path):
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":97"  # no server there
    result = run("play", "hip-relief", env=env)
    _, err = assert_plain(result)
    assert result.returncode == 1
    assert "stretchdesk: The display ':97' cannot be reached" in err
    assert "platform plugin" not in err


def test_a_settings_file_from_someone_else_is_noticed_plainly(isolated_user_folders: Path):
    path = isolated_user_folders / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 2, "settings": {"volume\\u001b[2J": 5}}')
    result = run("settings", "volume")
    out, err = assert_plain(result)
    assert out.strip() == "80%" and "'volume\\x1b[2J' is not one StretchDesk knows" in err
