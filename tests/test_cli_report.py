"""`stretchdesk history` and `stretchdesk report`, run as a person runs them: the table, JSON
and CSV; the PDF and CSV written whole or not at all; and every way they can be asked the
impossible (a period that cannot be, a damaged history, a folder that is not there, a full
disk): one plain line each, nothing lost, never a traceback."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from stretchdesk.core.store.history import DONE, SKIPPED
from stretchdesk.core.words import short_day

from tests.conftest import REPO, bound_by_file_modes
from tests import history_data
from tests.history_data import write_history
from tests.test_cli_hostile import RAW_CONTROLS, assert_plain, run

@pytest.fixture
def data(isolated_user_folders: Path) -> Path:
    return isolated_user_folders / "data"


@pytest.fixture
def history(data: Path, today) -> Path:
    return write_history(data, [
        {"day": 20, "before": 7, "after": 5, "note_before": "Stiff after the drive"},
        {"day": 9, "title": "Lower back relief through the hips", "id": "hip-relief",
         "steps": [("Wide Leg Bend", DONE), ("Kneeling Psoas", SKIPPED)], "before": 5, "after": 4},
        {"day": 2, "finished": False, "before": 4},
        {"day": 1, "before": 3, "after": 2, "note_after": "Looser"},
    ], on=today)


def leftovers(folder: Path) -> list[str]:
    """Temporaries a writer left behind."""
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".tmp"))


# -- history ------------------------------------------------------------------------------------


def test_an_empty_history_says_so_and_how_it_fills(data: Path):
    result = run("history")
    out, err = assert_plain(result)
    assert result.returncode == 0 and err == ""
    assert out.startswith("No sessions in your history yet. Each routine you play in the window is kept there")
    assert not (data / "history.sqlite3").exists(), "looking makes nothing"
    assert json.loads(run("history", "--json").stdout) == []
    assert run("history", "--csv").stdout.decode().splitlines()[0].startswith("date,start,end,routine,")
    result = run("report", "--pdf", str(data.parent / "report.pdf"))
    _, err = assert_plain(result)
    assert result.returncode == 1 and "No sessions in your history yet" in err and "No report was written" in err
    assert not (data.parent / "report.pdf").exists()


def test_the_history_as_a_table(history: Path, today):
    result = run("history")
    out, _ = assert_plain(result)
    assert result.returncode == 0
    lines = out.splitlines()
    # The History page's list: the same columns, in the same words.
    assert lines[0].split("  ")[0] == "WHEN" and "  ROUTINE  " in lines[0] and "  HOW IT ENDED  " in lines[0]
    assert lines[0].endswith("  BEFORE → AFTER")
    first = short_day(today - timedelta(days=20), today.year)
    assert lines[1].startswith(f"{first}, 07:30  Daily lower back stretches")
    assert lines[1].split()[-5:] == ["3:00", "finished", "7", "→", "5"]
    assert lines[2].strip() == "before: Stiff after the drive"
    assert lines[4].split()[-9:] == ["stopped", "at", "step", "3", "of", "3", "4", "→", "–"]
    assert lines[-3] == "4 sessions, 3 played to the end; 10 min of stretching."
    # Where it stands today, as the History page says it: yesterday and the day before in a row.
    assert lines[-2] == "2 days in a row · your best yet"
    assert lines[-1].endswith(" of 4 this week")


def test_the_history_of_a_period(history: Path, today):
    start = (today - timedelta(days=9)).isoformat()
    out, _ = assert_plain(run("history", "--from", start, "--to", (today - timedelta(days=2)).isoformat()))
    assert out.count(", 07:3") == 2 and "relief through the hips" in out
    assert "in a row" not in out and "this week" not in out, "a period: not where the history stands today"
    result = run("history", "--to", (today - timedelta(days=30)).isoformat())
    out, _ = assert_plain(result)
    assert result.returncode == 0 and out.startswith("No sessions from the start to ") and "the history holds 4" in out


def test_the_history_as_json_and_csv(history: Path):
    sessions = json.loads(run("history", "--json").stdout)
    assert [session["routine_id"] for session in sessions] == ["daily-lower-back", "hip-relief", "daily-lower-back", "daily-lower-back"]
    hips = sessions[1]
    assert hips["steps"] == [{"index": 1, "id": "wide-leg-bend", "name": "Wide Leg Bend", "status": "done"},
                             {"index": 2, "id": "kneeling-psoas", "name": "Kneeling Psoas", "status": "skipped"}]
    assert [(c["moment"], c["score"]) for c in hips["checkins"]] == [("before", 5), ("after", 4)]
    assert sessions[2]["outcome"] == "stopped" and sessions[0]["checkins"][0]["note"] == "Stiff after the drive"
    rows = list(csv.DictReader(io.StringIO(run("history", "--csv", "--from", "yesterday").stdout.decode())))
    assert len(rows) == 1 and rows[0]["note_after"] == "Looser" and rows[0]["comfort_change"] == "-1"


def test_text_from_the_history_reaches_the_terminal_made_visible(data: Path):
    title = "Evil\x1b[2J\x1b]0;owned\x07 routine"
    note = "=cmd|' /C calc'!A0 \u202eesrever\r\nsecond line"
    write_history(data, [{"day": 1, "title": title, "before": 5, "note_before": note,
                          "steps": [("Step\x1b[1A", DONE)], "after": 3}])
    out, _ = assert_plain(run("history"))
    assert "Evil\\x1b[2J\\x1b]0;owned\\x07 routine" in out and "\\u202eesrever second line" in out, "a note is one line"
    out, _ = assert_plain(run("history", "--json"))
    [session] = json.loads(out)
    assert session["routine_title"] == title and session["checkins"][0]["note"] == note.strip()
    out, _ = assert_plain(run("report"))
    assert "Evil\\x1b[2J" in out and "\\u202eesrever" in out


def on_a_terminal(*args: str) -> str:
    """What a command prints on a terminal (a pseudo-terminal as its stdout)."""
    import pty

    main, terminal = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "stretchdesk", *args], stdout=terminal, stderr=subprocess.PIPE)
        os.close(terminal)
        terminal = -1
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0, process.stderr.read()
        process.stderr.close()
    finally:
        os.close(main)
        if terminal >= 0:
            os.close(terminal)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_the_csv_keeps_the_characters_of_a_note_and_shows_them_only_on_a_terminal(data: Path, tmp_path: Path):
    note = "=cmd|' /C calc'!A0\tcolumns\x1b[2J \u202eesrever\r\nsecond line"
    write_history(data, [{"day": 1, "title": "Tabs\tand\x07bells", "before": 5, "note_before": note, "after": 3}])
    into_a_file = run("history", "--csv")  # stdout a pipe, as `> sessions.csv` is a file
    assert into_a_file.returncode == 0 and into_a_file.stderr == b""
    [row] = list(csv.DictReader(io.StringIO(into_a_file.stdout.decode("utf-8"), newline="")))
    assert row["note_before"] == "'" + note and row["routine"] == "Tabs\tand\x07bells", "a formula is written as text"
    assert b"\\x09" not in into_a_file.stdout and b"\\x1b" not in into_a_file.stdout
    target = tmp_path / "sessions.csv"
    assert run("report", "--csv", str(target)).returncode == 0
    [row] = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    assert row["note_before"] == "'" + note
    shown = on_a_terminal("history", "--csv")
    for raw in RAW_CONTROLS:
        assert raw not in shown
    assert "'=cmd|' /C calc'!A0\\x09columns\\x1b[2J \\u202eesrever\\x0d" in shown and "Tabs\\x09and\\x07bells" in shown


# -- periods that cannot be -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["history", "report"])
@pytest.mark.parametrize(("period", "message"), [
    (["--from", "2026-11-20", "--to", "2026-11-01"], "stretchdesk: The first day, --from 2026-11-20, is after the last, --to 2026-11-01: "),
    (["--from", "31/12/2026"], "stretchdesk: The day given to --from, '31/12/2026', is not a date: write it as YYYY-MM-DD, like "),
    (["--to", "2026-02-30"], "stretchdesk: The day given to --to, '2026-02-30', is not a date"),
    (["--to", "9999-01-01"], "stretchdesk: The last day, --to 9999-01-01, is far in the future: the history ends today, "),
    (["--from", (history_data.today() + timedelta(days=3)).isoformat()], "is after today"),
])
def test_an_impossible_period_is_one_line_and_exit_2(history: Path, command: str, period: list[str], message: str):
    result = run(command, *period, "--csv", *([] if command == "history" else [str(history.parent / "out.csv")]))
    out, err = assert_plain(result)
    assert result.returncode == 2 and out == ""
    assert len(err.splitlines()) == 1 and message in err
    assert not (history.parent / "out.csv").exists()


def test_a_report_of_more_than_three_years_is_refused(history: Path):
    result = run("report", "--from", "2001-01-01")
    _, err = assert_plain(result)
    assert result.returncode == 2 and "stretchdesk: A report covers at most three years" in err


# -- a damaged history ------------------------------------------------------------------------------


def test_a_damaged_history_is_said_plainly_and_kept_aside(data: Path, tmp_path: Path):
    data.mkdir(parents=True)
    words = b"this was somebody's history, now damaged " * 40
    (data / "history.sqlite3").write_bytes(words)
    result = run("history")
    out, err = assert_plain(result)
    assert result.returncode == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("stretchdesk: Your history file was damaged (file is not a database). It was kept as history.damaged-")
    [aside] = data.glob("history.damaged-*.sqlite3")
    assert aside.name in line and aside.read_bytes() == words, "nothing lost"

    (data / "history.sqlite3").unlink()
    shutil.copy(aside, data / "history.sqlite3")
    result = run("report", "--pdf", str(tmp_path / "report.pdf"))
    _, err = assert_plain(result)
    assert result.returncode == 1 and "damaged" in err and err.strip().endswith("No report was written.")
    assert not (tmp_path / "report.pdf").exists() and len(list(data.glob("history.damaged-*"))) == 2


#: Rows no StretchDesk writes, each spoiling one session (or one check-in) only.
ODD_ROWS = [
    "UPDATE sessions SET active_seconds = 1e999 WHERE rowid = 1",
    "UPDATE sessions SET started_at = '9999-12-31T07:30:00+00:00' WHERE rowid = 2",
    "UPDATE sessions SET routine_title = printf('%.*c', 20000000, 'x') WHERE rowid = 3",
    "UPDATE checkins SET note = CAST(x'4c6f6f7365ff' AS TEXT) WHERE note = 'Looser'",
]


def test_odd_values_in_the_history_leave_out_their_row_and_the_rest_reads(history: Path, tmp_path: Path, today):
    import sqlite3

    with sqlite3.connect(history) as db:
        db.execute("PRAGMA ignore_check_constraints = 1")
        for statement in ODD_ROWS:
            db.execute(statement)
    db.close()
    result = run("history", "--json")
    out, err = assert_plain(result)
    assert result.returncode == 0
    [session] = json.loads(out)
    assert session["started"][:10] == (today - timedelta(days=1)).isoformat()
    assert [checkin["moment"] for checkin in session["checkins"]] == ["before"], "the check-in after is left out"
    assert err.strip() == "stretchdesk: 4 entries in your history could not be read and are left out; the file keeps them as written."
    for command in (["history"], ["report"], ["report", "--pdf", str(tmp_path / "report.pdf")]):
        result = run(*command)
        _, err = assert_plain(result)
        assert result.returncode == 0 and "left out" in err and "Traceback" not in err, err


# -- writing the report -----------------------------------------------------------------------------


def test_the_report_without_a_file_is_a_summary(history: Path):
    out, _ = assert_plain(run("report"))
    assert out.startswith("StretchDesk practice report: ")
    assert "Sessions: 4 played, 3 to the end, 1 stopped early" in out
    assert "Kneeling Psoas (1x)" in out and "Looser" in out
    assert out.rstrip().endswith("Write it for your therapist with --pdf FILE (or --csv FILE for a spreadsheet).")


def test_the_report_as_a_pdf_needs_no_display(history: Path, tmp_path: Path):
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    target = tmp_path / "report.pdf"
    result = run("report", "--pdf", str(target), env=env)
    out, err = assert_plain(result)
    assert result.returncode == 0, err
    assert err == "" and out.startswith("The report for ") and f"4 sessions, is in {target} (" in out
    assert target.read_bytes().startswith(b"%PDF-") and leftovers(tmp_path) == []


def test_the_report_as_csv(history: Path, tmp_path: Path, today):
    target = tmp_path / "report.csv"
    result = run("report", "--csv", str(target), "--from", (today - timedelta(days=9)).isoformat())
    out, _ = assert_plain(result)
    assert result.returncode == 0 and "3 sessions" in out and "(3 rows)" in out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row["routine"] for row in rows] == ["Lower back relief through the hips", "Daily lower back stretches",
                                                "Daily lower back stretches"]
    assert rows[0]["skipped"] == "Kneeling Psoas"


@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_where_the_report_cannot_go(history: Path, tmp_path: Path, kind: str):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    for target, message in [
        (tmp_path / "missing" / f"report.{kind}", f"the folder {tmp_path / 'missing'} does not exist"),
        (blocker / f"report.{kind}", f"the folder {blocker} is not a folder"),
        (tmp_path, f"{tmp_path} is a folder; give a file name"),
        (history, "is your history itself; write the report to another file"),
    ]:
        before = history.read_bytes()
        result = run("report", f"--{kind}", str(target))
        _, err = assert_plain(result)
        assert result.returncode == 1 and len(err.splitlines()) == 1 and message in err, err
        assert history.read_bytes() == before
    assert not (tmp_path / "missing").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_a_full_disk_leaves_no_half_written_report(history: Path, tmp_path: Path, kind: str, today):
    # Files may grow to 4 KiB in this process: the report is larger, as on a disk that fills.
    target = tmp_path / f"report.{kind}"
    target.write_bytes(b"the report from last month")

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    padding = [] if kind == "pdf" else ["--from", (today - timedelta(days=400)).isoformat()]
    if kind == "csv":  # enough rows to pass 4 KiB
        write_history(history.parent, [{"day": day % 300, "before": 4, "after": 3} for day in range(40)])
    result = run("report", f"--{kind}", str(target), *padding, preexec_fn=small_disk)
    _, err = assert_plain(result)
    assert result.returncode == 1
    assert err.strip() == (f"stretchdesk: The report could not be written to {target}: File too large; "
                           f"nothing was written; {target} is as it was")
    assert target.read_bytes() == b"the report from last month" and leftovers(tmp_path) == []


def test_no_space_left_on_the_device(history: Path, tmp_path: Path, monkeypatch, capsys):
    from stretchdesk import cli
    from stretchdesk.core import files

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    target = tmp_path / "report.csv"
    assert cli.main(["report", "--csv", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == f"stretchdesk: The report could not be written to {target}: No space left on device; nothing was written\n"
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_data_folder_that_cannot_be_written_is_read(history: Path, tmp_path: Path):
    """As someone who may only read it (root may write anywhere, so root runs it without that power)."""
    home = Path(tempfile.mkdtemp(prefix="stretchdesk-read-only-"))
    try:
        home.chmod(0o755)
        data = home / "data"
        shutil.copytree(history.parent, data)
        kept = sorted(entry.name for entry in data.iterdir())  # the history, and the note of its journal
        (data / "history.sqlite3").chmod(0o444)
        data.chmod(0o555)
        home.chmod(0o555)
        env = dict(os.environ, STRETCHDESK_DATA_DIR=str(data), STRETCHDESK_CONFIG_DIR=str(home / "config"),
                   STRETCHDESK_CACHE_DIR=str(home / "cache"), HOME=str(home),
                   PYTHONPATH=os.pathsep.join([str(REPO), *sys.path[1:]]))
        command = bound_by_file_modes([sys.executable, "-m", "stretchdesk", "report", "--csv", str(home / "report.csv")])
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=home, timeout=60)
        assert result.returncode == 1 and "Permission denied" in result.stderr, "the report's own folder cannot be written either"
        assert "history" not in result.stderr, result.stderr
        home.chmod(0o755)
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=home, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stderr == "" and "4 sessions" in result.stdout
        assert sorted(entry.name for entry in data.iterdir()) == kept, "nothing written beside the history"
    finally:
        for folder in (home / "data", home):
            if folder.exists():
                folder.chmod(0o755)
        shutil.rmtree(home, ignore_errors=True)


def test_history_and_report_summary_never_import_qt(history: Path):
    code = textwrap.dedent(
        """
        import sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6"):
                    raise ImportError("Qt imported by " + name)

        sys.meta_path.insert(0, NoQt())
        from stretchdesk.cli import main
        assert main(["history", "--json"]) == 0
        assert main(["history"]) == 0
        assert main(["report"]) == 0
        assert main(["report", "--csv", sys.argv[1]]) == 0
        """
    )
    result = subprocess.run([sys.executable, "-c", code, str(history.parent.parent / "r.csv")], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# -- a time zone Python cannot use -------------------------------------------------------------------

#: Offsets the C library takes but Python's datetime refuses (a day or more from UTC).
BAD_ZONES = ["XYZ+25", "ABC-24:30", "CET-1CEST-26,M3.5.0,M10.5.0/3"]


@pytest.mark.parametrize("zone", BAD_ZONES)
@pytest.mark.parametrize("command", [["history"], ["history", "--csv"], ["report"], ["list"], ["settings"]])
def test_a_time_zone_that_cannot_be_used_falls_back_to_utc(history: Path, zone: str, command: list[str]):
    result = run(*command, env={**os.environ, "TZ": zone})
    out, err = assert_plain(result)
    assert result.returncode == 0, err
    assert err == (f"stretchdesk: The time zone TZ={zone!r} cannot be used (a day or more from UTC); "
                   "times are shown in UTC\n")
    if command == ["history"]:
        assert "4 sessions, 3 played to the end" in out


def test_the_window_starts_in_utc_too(history: Path, monkeypatch, capsys):
    import time as clock_module
    from datetime import datetime, timezone

    from stretchdesk import cli
    from stretchdesk.core.store.history import local_now

    seen = []

    def window(args) -> int:  # the window's own start, as far as time goes
        seen.append((datetime.now().astimezone().utcoffset(), local_now().tzinfo.utcoffset(None)))
        return 0

    monkeypatch.setattr(cli, "cmd_gui", window)
    monkeypatch.setenv("TZ", "XYZ+25")
    clock_module.tzset()
    try:
        assert cli.main([]) == 0
    finally:
        monkeypatch.undo()
        clock_module.tzset()
    assert seen == [(timezone.utc.utcoffset(None), timezone.utc.utcoffset(None))]
    assert capsys.readouterr().err == ("stretchdesk: The time zone TZ='XYZ+25' cannot be used (a day or more from UTC); "
                                       "times are shown in UTC\n")


# -- places that are not files, and the history's companions --------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_only_a_regular_file_is_written_over(history: Path, tmp_path: Path, kind: str):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    device = tmp_path / "null"
    device.symlink_to(os.devnull)  # /dev/null under another name: never replaced (as root it could be)
    for target, message in [(pipe, "is a named pipe (FIFO)"), (device, "is a character device")]:
        result = run("report", f"--{kind}", str(target))
        _, err = assert_plain(result)
        assert result.returncode == 2, err
        assert err == (f"stretchdesk: The report could not be written: {target} {message}, not a file; "
                       "give the name of a new file or of a regular file to write over\n")
    assert pipe.is_fifo() and device.is_symlink() and Path(os.devnull).is_char_device() and leftovers(tmp_path) == []


def kept(history: Path) -> dict[str, bytes]:
    """The history and its write-ahead log, byte for byte, and the names beside them (the
    shared memory file changes as any reader reads)."""
    names = sorted(path.name for path in history.parent.iterdir())
    return {"names": "/".join(names).encode(),
            **{path.name: path.read_bytes() for path in (history, Path(f"{history}-wal")) if path.exists()}}


def test_a_cut_off_session_in_the_histories_wal_is_never_written_over(history: Path, tmp_path: Path):
    # A session begun and then killed: it is only in the history's write-ahead log.
    code = textwrap.dedent(
        """
        import os, signal, sys
        from stretchdesk.core.store.history import HistoryStore

        from pathlib import Path
        store = HistoryStore(Path(sys.argv[1]))
        store.begin(routine_id="cut-off", routine_title="Cut off", variant=None, step_count=3, timing={})
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    subprocess.run([sys.executable, "-c", code, str(history)], timeout=60)
    wal = Path(f"{history}-wal")
    assert wal.stat().st_size > 0
    link = tmp_path / "data link"
    link.symlink_to(history.parent)  # the same folder by another name
    for name in ("", "-wal", "-shm", "-journal", "-mark", ".lock"):
        for folder in (history.parent, link):
            companion = folder / f"{history.name}{name}"
            saved = kept(history)
            for kind in ("pdf", "csv"):
                result = run("report", f"--{kind}", str(companion))
                _, err = assert_plain(result)
                assert result.returncode == 1, err
                assert len(err.splitlines()) == 1, err
                assert f"{companion} " in err and ("is your history itself" in err if not name else
                                                   "belongs with your history" in err), err
                assert kept(history) == saved
    assert not Path(f"{history}-journal").exists()
    sessions = json.loads(run("history", "--json").stdout)
    assert [session["routine_id"] for session in sessions][-1] == "cut-off" and sessions[-1]["outcome"] == "cut off"


def test_the_pictures_never_go_over_the_history(history: Path, tmp_path: Path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "01-wide-leg-bend.svg").symlink_to(f"{history}-wal")  # a link to where the history's log goes
    before = kept(history)
    result = run("show", "hip-relief", "--figures", str(folder))
    _, err = assert_plain(result)
    assert result.returncode == 1
    assert err == (f"stretchdesk: The pictures could not be written: {folder / '01-wide-leg-bend.svg'} belongs with your "
                   "history (its write-ahead log); nothing may be written there: write the pictures to another file\n")
    assert [p.name for p in folder.iterdir()] == ["01-wide-leg-bend.svg"] and kept(history) == before
