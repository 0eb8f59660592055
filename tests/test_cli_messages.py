"""Every message the command line prints, from its own errors and notices to what the core
says through it, starts the same way: as a sentence, with a capital (or a number). A
problem in a file keeps its place first, 'file:line:column: ...', as editors read it."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from stretchdesk import cli

from tests.history_data import write_history

#: 'my-routine.yaml:6:5: step 1 ...', '/home/me/routines/oops.yaml: there is no such file':
#: a place first (a path without spaces, with a dot or a slash in it), then what is there.
LOCATION = re.compile(r"^[^\s:]*[./][^\s:]*(?::\d+){0,2}: ")
PREFIX = "stretchdesk: "


def first_words(text: str) -> list[str]:
    """The lines of `text` that are messages, without the program's name before them; a
    problem's location is left as it is."""
    lines = []
    for line in text.splitlines():
        message = line.removeprefix(PREFIX)
        if message.strip() and not LOCATION.match(message):
            lines.append(message)
    return lines


def not_a_sentence(text: str) -> list[str]:
    return [line for line in first_words(text) if not (line[0].isupper() or line[0].isdigit())]


def say(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def broken_settings(home: Path) -> None:
    path = home / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 2, "settings": {"get_ready": "soon", "volum": 5}}')


@pytest.fixture
def places(tmp_path: Path, isolated_user_folders: Path) -> dict[str, Path]:
    blocker = tmp_path / "in-the-way"
    blocker.write_text("a file, not a folder")
    mine = tmp_path / "mine.yaml"
    mine.write_text("title: Mine\nsteps:\n  - name: Cobra\n    hodl: 30s\n")
    routines = isolated_user_folders / "data" / "routines"
    routines.mkdir(parents=True)
    (routines / "oops.yaml").write_text("title: Oops\nsteps:\n  - name: Cat cow\n    hodl: 30s\n")
    return {"blocker": blocker, "mine": mine, "home": isolated_user_folders, "tmp": tmp_path}


#: (what is asked, the exit code): each an error or a notice of its own.
ASKED = [
    (("show", "no-such-routine"), 1),
    (("show", "daily-lower-back", "--variant", "nope"), 1),
    (("show", "{mine}"), 1),
    (("show", "hip-relief", "--figures", "{blocker}/pictures"), 1),
    (("check", "{mine}", "{tmp}/missing.yaml"), 1),
    (("settings", "volum", "3"), 1),
    (("settings", "get_ready", "soon"), 1),
    (("settings", "get_ready", "99"), 1),
    (("settings", "sounds", "maybe"), 1),
    (("history", "--from", "31/12/2026"), 2),
    (("history", "--from", "2026-11-20", "--to", "2026-11-01"), 2),
    (("report", "--to", "9999-01-01"), 2),
    (("report", "--from", "9000-01-01"), 2),
    (("report", "--from", "2020-01-01", "--to", "2026-01-01"), 2),
    (("report", "--pdf", "{blocker}/report.pdf"), 1),
    (("report", "--csv", "{tmp}"), 1),
]


@pytest.mark.parametrize(("asked", "code"), ASKED, ids=[" ".join(asked) for asked, _ in ASKED])
def test_every_error_and_notice_reads_as_a_sentence(capsys, places, asked, code):
    broken_settings(places["home"])  # its notices come first, on stderr
    write_history(places["home"] / "data", [{"day": 3, "before": 4, "after": 3}])
    args = [arg.format(**places) for arg in asked]
    returned, out, err = say(capsys, *args)
    assert returned == code, err
    assert err.strip(), "said nothing"
    assert not_a_sentence(err) == []
    if asked[0] == "check":
        assert not_a_sentence(out) == []


def test_what_the_commands_say_when_all_is_well_or_empty(capsys, places):
    _, out, err = say(capsys, "history")
    assert out.startswith("No sessions in your history yet") and not_a_sentence(out + err) == []
    _, out, err = say(capsys, "report")
    assert not_a_sentence(out + err) == []
    _, out, err = say(capsys, "list")
    assert "1 routine file could not be loaded:" in err and not_a_sentence(err) == []


def test_what_goes_wrong_in_writing_reads_as_a_sentence(capsys, places, monkeypatch):
    from stretchdesk.core import files

    write_history(places["home"] / "data", [{"day": 3, "before": 4, "after": 3}])

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:
        patched.setattr(files.os, "fsync", full)
        code, _, err = say(capsys, "report", "--csv", str(places["tmp"] / "report.csv"))
        assert code == 1 and "No space left on device" in err and not_a_sentence(err) == []
        code, _, err = say(capsys, "settings", "volume", "50")
        assert code == 1 and not_a_sentence(err) == []

    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(places["tmp"] / "menu"))

    from stretchdesk import desktop

    monkeypatch.setattr(desktop, "install", refused)
    code, _, err = say(capsys, "menu-entry")
    assert code == 1 and "Permission denied" in err and not_a_sentence(err) == []


def test_no_display_reads_as_a_sentence(capsys, monkeypatch):
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    code, _, err = say(capsys, "play", "hip-relief")
    assert code == 1 and "no display" in err and not_a_sentence(err) == []


def test_a_problem_in_a_file_keeps_its_place_first(capsys, places):
    code, out, _ = say(capsys, "check", str(places["mine"]))
    [line] = out.splitlines()
    assert code == 1 and line.startswith(f"{places['mine']}:4:5: step 1 \"Cobra\", hodl: ")


def test_the_rule_tells_a_sentence_from_a_lower_case_start():
    assert not_a_sentence("stretchdesk: the pictures could not be written\nstretchdesk: --from x is after today\n") == [
        "the pictures could not be written", "--from x is after today"]
    assert not_a_sentence("stretchdesk: The settings file is damaged.\n2 of 3 files with problems\n"
                          "oops.yaml:4:5: step 1: unknown key\n/tmp/x: Permission denied\n") == []
