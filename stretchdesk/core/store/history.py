"""The history: every session a person plays, kept on their machine.

Plain Python (sqlite3 from the standard library), no Qt. One file, `history.sqlite3` in
the person's data folder, in WAL mode so a reader (the History page, `stretchdesk
history`, a second window) never waits for the writer, with its schema version in
`PRAGMA user_version` and a migration for each version after the first.

**What is kept.** Each session: the routine (id and title, as it was then), the variant,
when it started and ended (wall clock, ISO 8601 with the UTC offset, so a day is the day
the person lived it), the active time (pauses left out), how it ended (finished, stopped
early at a step, or still running), each step done or skipped, the timing settings it was
played with, and the comfort check-ins before and after.

**Written as it goes.** The session's row is written when it starts and each step's row
when the step ends, each in a transaction of its own, so a crash or `kill -9` loses at
most the step under way. A session whose writer is gone (the process that owns it is no
longer running) while it still says "running" was cut off, and shows as such.

**Never in the way.** Nothing here raises: every problem becomes one plain sentence in
`problems` (for the status bar) and the app goes on. A damaged file is moved aside (kept,
renamed, never deleted) and a new one started; a locked file, a read-only folder or a full
disk keep what could not be written in memory, in order, and write it at the next chance;
a file from a newer StretchDesk is left untouched and read-only. Only a regular file is
opened, and only up to MAX_HISTORY_BYTES.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import struct
import time
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from stretchdesk.core import paths, words
from stretchdesk.core.files import (DamagedFile, describe_size, file_identity, keep_aside, locked, parse_json, read_json,
                                    write_json_atomic)
from stretchdesk.core.routine.model import LIMITS

HISTORY_NAME = "history.sqlite3"
#: Years of daily sessions take a few megabytes; a file this large was not written by us.
MAX_HISTORY_BYTES = 1024 * 1024 * 1024
#: How long a write waits for another process's transaction before it is kept for later.
BUSY_TIMEOUT_MS = 2000
#: A routine has at most this many steps: a row saying more was not written by us.
MAX_STEPS = LIMITS["steps"]
#: The longest note a check-in keeps.
MAX_NOTE_CHARS = 2000
#: The longest id (a session's, a routine's, a step's, a variant's) and name (a routine's
#: title, a step's name) kept: a routine's own bounds. Longer is cut on the way in, and a
#: row holding longer was not written by us and is left out when read.
MAX_ID_CHARS = LIMITS["id"]
MAX_NAME_CHARS = LIMITS["name"]
#: The longest a session's timing is, as JSON, and a text in it.
MAX_TIMING_CHARS = 16 * 1024
#: The longest active time a session keeps (a month): more is no time a person spent.
MAX_ACTIVE_SECONDS = 31 * 24 * 3600.0
#: Beside the history, StretchDesk's own record of which journal (SQLite's write-ahead log,
#: `-wal`) belongs to it: the file as it was when the journal began, and the journal's salts.
MARK_ENDING = "-mark"
MAX_MARK_BYTES = 4096
#: The files that belong with the history, by what follows its name, and what each is: as
#: protected as the history itself (nothing of ours is ever written over them).
COMPANIONS = {"-wal": "its write-ahead log", "-shm": "its shared memory", "-journal": "its journal",
              MARK_ENDING: "the note of its journal", ".lock": "its lock"}
#: A write-ahead log's header: its magic numbers, and its length (a log no longer than its
#: header holds nothing to merge).
WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_HEADER_BYTES = 32
#: A journal this long is folded into the file after a write (about SQLite's own 1000 pages).
FOLD_JOURNAL_BYTES = 4 * 1024 * 1024
#: The days a session may have started on: a clock far outside them was wrong.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2199, 12, 31)

FINISHED, STOPPED, RUNNING = "finished", "stopped", "running"
DONE, SKIPPED = "done", "skipped"
BEFORE, AFTER = "before", "after"

#: Each schema version's statements, applied in order to bring a file up to date. A new
#: version appends its migration; nothing already here changes.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            routine_id TEXT NOT NULL,
            routine_title TEXT NOT NULL,
            variant TEXT,
            started_at TEXT NOT NULL,
            started_utc REAL NOT NULL,
            ended_at TEXT,
            last_seen_at TEXT NOT NULL,
            active_seconds REAL NOT NULL DEFAULT 0,
            outcome TEXT NOT NULL CHECK (outcome IN ('running', 'finished', 'stopped')),
            step_count INTEGER NOT NULL,
            stopped_at_step INTEGER,
            first_step INTEGER NOT NULL DEFAULT 0,
            resumed_from TEXT,
            resumed_by TEXT,
            timing TEXT NOT NULL DEFAULT '{}',
            owner_pid INTEGER,
            owner_mark TEXT
        )""",
        "CREATE INDEX sessions_by_start ON sessions (started_utc)",
        """CREATE TABLE steps (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
            PRIMARY KEY (session_id, position)
        )""",
        """CREATE TABLE checkins (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
            score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            PRIMARY KEY (session_id, moment)
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
#: The tables a newer StretchDesk still reads and writes, with their columns as we know them.
OUR_TABLES = {"sessions", "steps", "checkins"}
#: The most steps of SQLite's virtual machine one use of the file may take (opening it,
#: reading it, a write): ten years of daily sessions (8.7 MB) take 1.3 million to open and
#: 1.6 million to read. Whatever a file holds, nothing waits on it longer than this (about
#: a second, three on a busy machine).
MAX_QUERY_STEPS = 50_000_000
#: How often (in steps) SQLite asks whether to go on.
PROGRESS_EVERY = 10_000


def history_file() -> Path:
    return paths.user_data_dir() / HISTORY_NAME


def local_now() -> datetime:
    """The wall clock, with the machine's UTC offset."""
    return datetime.now().astimezone()


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def parse_stamp(text: str | None) -> datetime | None:
    """A moment as written by stamp(); None for anything else, or a day no clock gave
    (before FIRST_DAY or after LAST_DAY)."""
    if not isinstance(text, str) or not text or len(text) > 64:
        return None
    try:
        moment = datetime.fromisoformat(text)
        moment = moment if moment.tzinfo is not None else moment.astimezone()
        day = moment.astimezone(timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return None
    return moment if FIRST_DAY <= moment.date() <= LAST_DAY and FIRST_DAY <= day <= LAST_DAY else None


def bounded_seconds(value: object) -> float:
    """A length of time as kept: finite, 0 to MAX_ACTIVE_SECONDS (anything else is 0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    value = float(value)
    return value if math.isfinite(value) and 0 <= value <= MAX_ACTIVE_SECONDS else 0.0


def _cut(text: object, limit: int) -> str:
    return text[:limit] if isinstance(text, str) else ""


def _bounded_timing_value(value: object) -> object:
    """A timing setting as kept: a bool, a finite number, a short text; None for anything else."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) and abs(value) <= 1e9 else None
    if isinstance(value, str):
        return value[:MAX_NAME_CHARS]
    return None


def random_session_id() -> str:
    """A new session's id: a random UUID (version 4) as 32 hex digits, as uuid.uuid4().hex
    gives, made here from os.urandom: the uuid module brings the platform module and
    libuuid with it, 0.2 MiB of the window's memory, for these 16 bytes."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # the version, 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the variant of RFC 4122
    return raw.hex()


def bounded_timing(timing: object) -> dict[str, Any]:
    """The timing a session was played with, kept to what a setting can be: names and
    short texts, finite numbers, the steps' own holds (an id and seconds each)."""
    kept: dict[str, Any] = {}
    if not isinstance(timing, dict):
        return kept
    for key, value in list(timing.items())[:100]:
        if not isinstance(key, str) or len(key) > MAX_ID_CHARS:
            continue
        if key == "step_holds":
            holds = value if isinstance(value, dict) else {}
            kept[key] = {step: seconds for step, seconds in list(holds.items())[:MAX_STEPS]
                         if isinstance(step, str) and len(step) <= MAX_ID_CHARS
                         and not isinstance(seconds, bool) and isinstance(seconds, (int, float))
                         and math.isfinite(seconds) and 0 <= seconds <= MAX_ACTIVE_SECONDS}
            continue
        value = _bounded_timing_value(value)
        if value is not None:
            kept[key] = value
    return kept


def _read_timing(text: object) -> dict[str, Any]:
    if not isinstance(text, str) or len(text) > MAX_TIMING_CHARS:
        return {}
    try:
        return bounded_timing(parse_json(text.encode("utf-8", "replace")))
    except DamagedFile:
        return {}


class _Unreadable:
    """Text in the file that is not UTF-8: a value no reader takes, so its row is left out."""

    __slots__ = ()


_UNREADABLE = _Unreadable()


def _text_or_unreadable(raw: bytes) -> str | _Unreadable:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _UNREADABLE


# -- what is read back ---------------------------------------------------------------------


@dataclass(frozen=True)
class StepRecord:
    position: int
    step_id: str
    name: str
    status: str


@dataclass(frozen=True)
class CheckIn:
    moment: str
    score: int
    note: str
    at: datetime | None


@dataclass(frozen=True)
class SessionRecord:
    id: str
    routine_id: str
    routine_title: str
    variant: str | None
    started: datetime
    ended: datetime | None
    last_seen: datetime
    active_seconds: float
    outcome: str
    step_count: int
    stopped_at_step: int | None
    first_step: int
    resumed_from: str | None
    resumed_by: str | None
    timing: dict[str, Any]
    #: The process that writes it is gone while it still says "running".
    cut_off: bool
    steps: tuple[StepRecord, ...] = ()
    checkins: tuple[CheckIn, ...] = ()

    @property
    def day(self) -> date:
        """The day the person lived it: the date on their clock when it started."""
        return self.started.date()

    @property
    def finished(self) -> bool:
        return self.outcome == FINISHED

    @property
    def ended_early(self) -> bool:
        """Stopped before the end, or cut off."""
        return self.outcome == STOPPED or self.cut_off

    @property
    def done_steps(self) -> tuple[StepRecord, ...]:
        return tuple(step for step in self.steps if step.status == DONE)

    @property
    def skipped_steps(self) -> tuple[StepRecord, ...]:
        return tuple(step for step in self.steps if step.status == SKIPPED)

    @property
    def resume_at(self) -> int | None:
        """The step to carry on from, for a session that ended early and has not been
        carried on already: the step under way when it stopped."""
        if not self.ended_early or self.resumed_by is not None:
            return None
        at = self.stopped_at_step
        if at is None:
            ended = [step.position for step in self.steps]
            at = max(ended) + 1 if ended else self.first_step
        if at == self.first_step and not self.done_steps and self.resumed_from is None:
            return None  # stopped where it began, nothing done: nothing to carry on, Start it again
        return at if 0 <= at < self.step_count else None

    def checkin(self, moment: str) -> CheckIn | None:
        return next((checkin for checkin in self.checkins if checkin.moment == moment), None)

    @property
    def outcome_text(self) -> str:
        """'finished', 'stopped at step 5 of 14', 'cut off', 'playing now'."""
        return words.outcome(finished=self.finished, cut_off=self.cut_off, running=self.outcome == RUNNING,
                             stopped_at=self.stopped_at_step, step_count=self.step_count)


# -- who owns a running session --------------------------------------------------------------


def _process_mark(pid: int) -> str | None:
    """Something that tells this process from a later one given the same pid: its start
    time in clock ticks since boot (Linux), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat_file:
            text = stat_file.read(4096).decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: count from its end.
    fields = text[text.rfind(")") + 2:].split()
    return fields[19] if len(fields) > 19 else None


def _process_alive(pid: int | None, mark: str | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return mark == _process_mark(pid)
    if os.name != "posix":
        return False  # without a cheap, harmless check, a session not ours is taken as over
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, someone else's
    except OSError:
        return False
    return mark is None or _process_mark(pid) in (None, mark)


# -- the store ------------------------------------------------------------------------------


def _printable(name: object) -> str:
    """A name from the file, fit for a sentence: short, one line."""
    text = str(name)[:40]
    return "".join(character if character.isprintable() else "?" for character in text)


_SCHEMAS: dict[int, frozenset[tuple]] = {}


def schema_of(version: int) -> frozenset[tuple]:
    """sqlite_master's rows (type, name, table, SQL) of a history at this version, as this
    program makes it: a file of ours holds exactly these and nothing more."""
    if version not in _SCHEMAS:
        db = sqlite3.connect(":memory:")
        try:
            for migration in MIGRATIONS[:version]:
                for statement in migration:
                    db.execute(statement)
            _SCHEMAS[version] = frozenset(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        finally:
            db.close()
    return _SCHEMAS[version]


def _what_runs_first(row: tuple) -> tuple:
    """Views and triggers (what would run) named before tables and indexes."""
    order = {"view": 0, "trigger": 1, "table": 2, "index": 3}
    return (order.get(row[0], 4), *(str(part) for part in row))


def _not_ours(found: set[tuple], ours: frozenset[tuple]) -> str | None:
    """What in the file's schema this program did not make, as words; None: it is ours."""
    theirs = sorted(found - ours, key=_what_runs_first)
    if theirs:
        kind, name = theirs[0][0], theirs[0][1]
        return f"it holds {kind} {_printable(name)!r} that StretchDesk did not make"
    missing = sorted(ours - found, key=lambda row: tuple(str(part) for part in row))
    if missing:
        return f"its {missing[0][0]} {_printable(missing[0][1])!r} is not as StretchDesk made it"
    return None


def _newer_not_ours(found: set[tuple], db: sqlite3.Connection) -> str | None:
    """A file from a newer StretchDesk may add tables and columns; it still has ours, as
    tables with our columns, and no view or trigger (nothing that runs when read)."""
    for kind, name, _table, _sql in sorted(found, key=_what_runs_first):
        if kind not in ("table", "index"):
            return f"it holds {kind} {_printable(name)!r} that StretchDesk did not make"
    tables = {name for kind, name, _table, _sql in found if kind == "table"}
    for kind, name, _table, _sql in schema_of(SCHEMA_VERSION):
        if kind != "table":
            continue
        if name not in tables:
            return f"its table {name!r} is missing"
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({name})")}
        ours = {row[1] for row in _our_columns(name)}
        if not ours <= columns:
            return f"its table {name!r} is not as StretchDesk made it"
    return None


def _our_columns(table: str) -> list[tuple]:
    db = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            for statement in migration:
                db.execute(statement)
        return db.execute(f"PRAGMA table_info({table})").fetchall()
    finally:
        db.close()


class _Budget:
    """A bound on how long SQLite works for one use of the file, in its own steps (not
    seconds): `start()` before each use; past MAX_QUERY_STEPS the statement is stopped
    ('interrupted')."""

    def __init__(self) -> None:
        self.left = 0

    def start(self) -> None:
        self.left = max(1, MAX_QUERY_STEPS // PROGRESS_EVERY)

    def __call__(self) -> int:
        self.left -= 1
        return 1 if self.left < 0 else 0


# -- which journal belongs to the file ----------------------------------------------------------


def _journal_header(wal: Path) -> bytes | None:
    """The first bytes of the write-ahead log beside the history, when there is one with
    anything to merge; b"" for something there that is not a regular file."""
    try:
        info = os.lstat(wal)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return b""
    if info.st_size <= WAL_HEADER_BYTES:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(wal, flags)
    except OSError:
        return b""
    try:
        return os.read(descriptor, WAL_HEADER_BYTES)
    except OSError:
        return b""
    finally:
        os.close(descriptor)


def _journal_salts(header: bytes | None) -> tuple[int, int] | None:
    """The salts of a write-ahead log's header; None for bytes that are not one."""
    if not header or len(header) < WAL_HEADER_BYTES:
        return None
    magic, version, _page, _checkpoint, salt1, salt2 = struct.unpack(">6I", header[:24])
    return (salt1, salt2) if magic in WAL_MAGIC and version == 3007000 else None


def _locked_by_someone(path: Path) -> bool:
    """A process holds a lock on `path` (an open SQLite connection holds one on the shared-
    memory file), as the kernel lists them. Looked up without opening the file: closing a
    file drops every lock this process holds on it, a connection's too. True when it cannot
    be told."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        with open("/proc/locks", "rb") as listing:
            text = listing.read(16 * 1024 * 1024).decode("ascii", "replace")
    except OSError:
        return True
    device = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    return any(device in line.split() for line in text.splitlines())


def _belongs(mark: object, identity: tuple[int, ...], salts: tuple[int, int]) -> bool:
    """The journal was written on this very file: the file is as it was when the journal
    began (not restored from a copy since, nor replaced), and the journal is the one noted
    then, or the next one (SQLite adds one to the first salt when it starts the journal
    again). A journal is noted before anything of a person's is written into it (the store
    begins one with a write of its own when it opens the file), so a journal found where
    none was noted is not the file's."""
    if not isinstance(mark, dict):
        return False
    noted = mark.get("journal")
    if not (isinstance(noted, list) and len(noted) == 2 and all(isinstance(salt, int) for salt in noted)):
        return False
    if mark.get("file") != list(identity) and mark.get("folding") is not True:
        # Changed since, and not by folding this journal into it (a checkpoint the store
        # began, cut short by a kill or a full disk: the file needs its journal to be whole).
        return False
    return tuple(noted) == salts or salts[0] == (noted[0] + 1) & 0xFFFFFFFF


class HistoryUnavailable(Exception):
    """The history cannot be opened; the message is meant for a person. `retry`: it may
    open later (another program holds it for now)."""

    def __init__(self, message: str, retry: bool = False):
        super().__init__(message)
        self.retry = retry


class HistoryStore:
    """The history file. Opened on first use (`open()` is cheap to call again); every method
    is safe to call whatever state the file is in."""

    def __init__(self, path: Path | None = None, *, now: Callable[[], datetime] = local_now, reading: bool = False,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        # Absolute: SQLite is given the file as a URI, and a relative data folder
        # (STRETCHDESK_DATA_DIR=rel) is the one under the folder the program started in.
        self.path = Path(os.path.abspath(path or history_file()))
        #: How long a write waits for another process's transaction before it is kept for later.
        self._busy_seconds = busy_timeout_ms / 1000
        #: Opened only to be read (`stretchdesk history`, a report): an existing file is
        #: never written to, so a read-only folder or a full disk does not stop the reading.
        self._reading = reading
        self._now = now
        self._db: sqlite3.Connection | None = None
        self._budget = _Budget()
        self._read_only = False
        self._opened = False
        #: The file could not be opened or written for a while (a lock, a full disk): it is
        #: tried again at the next write, and what is written is kept until then.
        self._retrying = False
        #: Writes not made yet, each a list of statements made in one transaction.
        self._pending: list[list[tuple[str, tuple]]] = []
        #: Sentences for the person, oldest first; the window shows and clears them.
        self.problems: list[str] = []
        #: The journal beside the file is not its own and could not be set aside: the file
        #: is read as it stands, without it.
        self._without_journal = False
        #: The lock on opening and closing the file is held (_one_at_a_time).
        self._holding = False
        #: The record of the journal last written (MARK_ENDING).
        self._mark_written: dict | None = None
        #: Rows left out when read have been said (once for the store's life).
        self._left_out_said = False
        #: Where a damaged file was moved, when it was.
        self.kept_aside: Path | None = None

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- opening ----------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        self.open()
        return self._db is not None

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def writable(self) -> bool:
        """What is written is kept: now, or once a lock or a full disk lets it."""
        return (self.available or self._retrying) and not self._read_only

    def open(self) -> None:
        if self._opened:
            return
        self._opened = True
        try:
            self._db = self._connect()
            self._retrying = False
        except HistoryUnavailable as refused:
            self._db = None
            self._opened = not refused.retry
            self._retrying = refused.retry
            self._say(str(refused))

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._close(self._db)
        self._db = None
        self._opened = False

    def _close(self, db: sqlite3.Connection) -> None:
        """Close a connection. The last one open on the file folds the journal into it as it
        closes (a checkpoint, writing the file): the note says so first, so a file written by a
        checkpoint cut short still owns its journal at the next start."""
        writing = not self._read_only
        if not writing:
            try:
                db.close()
            except sqlite3.Error:
                pass
            return
        with self._one_at_a_time():
            self._note_journal(folding=True)
            try:
                db.close()
            except sqlite3.Error:
                pass
            self._note_journal()

    def _say(self, sentence: str) -> None:
        if sentence not in self.problems:
            self.problems.append(sentence)

    def take_problems(self) -> list[str]:
        said, self.problems = self.problems, []
        return said

    def _check_file(self) -> None:
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            return
        except OSError as error:
            raise HistoryUnavailable(f"Your history ({self.path}) cannot be read: {error.strerror or error}.") from None
        if not stat.S_ISREG(info.st_mode):
            raise HistoryUnavailable(f"Your history ({self.path}) is not a regular file; it was left alone and no history is kept this time.")
        if info.st_size > MAX_HISTORY_BYTES:
            raise HistoryUnavailable(
                f"Your history ({self.path}) is {describe_size(info.st_size)}, far more than a history takes; "
                "it was left alone and no history is kept this time.")

    def _connect(self) -> sqlite3.Connection:
        self._check_file()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryUnavailable(f"Your history cannot be kept: the folder {self.path.parent} cannot be made ({error.strerror or error}).") from None
        with self._one_at_a_time():
            return self._connect_journalled()

    @contextlib.contextmanager
    def _one_at_a_time(self):
        """While the journal is looked at and the file opened, or a connection closed (which
        may fold the journal into the file): no other StretchDesk does either, so none sees a
        journal half-way through being folded in. A folder where the lock cannot be made is
        one the file is only read in."""
        if self._holding:
            yield  # held already, by this store (a connection closed while opening)
            return
        try:
            holding = locked(self.path)
            holding.__enter__()
        except OSError:
            yield
            return
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            holding.__exit__(None, None, None)

    def _connect_journalled(self) -> sqlite3.Connection:
        self._check_journal()
        try:
            db = self._connect_checked()
            if not self._read_only:
                self._note_journal()
            return db
        except _Damaged as damaged:
            try:
                # A damaged file's journal belongs with it.
                aside = keep_aside(self.path, keep_suffix=True, companions=("-wal", "-shm"))
            except OSError:
                aside = None
            where = f" It was kept as {aside.name}" if aside else ""
            self.kept_aside = aside
            self._say(f"Your history file was damaged ({damaged}).{where}; a new one was started.")
            try:
                db = self._connect_checked()
            except _Damaged:
                raise HistoryUnavailable(f"Your history ({self.path}) is damaged and could not be moved aside; no history is kept this time.") from None
            if not self._read_only:
                self._note_journal()
            return db

    # -- the journal beside the file -----------------------------------------------------------

    @property
    def _wal(self) -> Path:
        return Path(f"{self.path}-wal")

    @property
    def _mark(self) -> Path:
        return Path(f"{self.path}{MARK_ENDING}")

    def _check_journal(self) -> None:
        """Before SQLite sees the file: a write-ahead log beside it that was not written on
        this very file (a copy of the history put back beside a journal left by the one it
        replaced, another database's journal) would be merged into it and spoil it. Such a
        journal, and its shared-memory file, are set aside (renamed, kept), never merged. A
        journal with no record of ours (a history kept before StretchDesk noted one) is
        merged as SQLite does, once an intact copy of the file and the journal is kept."""
        self._without_journal = False
        header = _journal_header(self._wal)
        if header is None or _locked_by_someone(Path(f"{self.path}-shm")):
            return  # nothing to merge, or an open connection's own journal
        salts = _journal_salts(header)
        identity = file_identity(self.path) if self.path.exists() else None
        try:
            mark = read_json(self._mark, MAX_MARK_BYTES)
        except (OSError, ValueError):
            mark = {}
        if salts is not None and identity is not None:
            if mark is not None and _belongs(mark, identity, salts):
                return
            if mark is None:
                copy = self._keep_copy()
                if copy is not None:
                    self._say(f"Your history had a journal beside it that StretchDesk has no record of; it was read "
                              f"into the history, and the history and the journal as they were are kept as {copy.name}.")
                    return
        try:
            aside = keep_aside(self._wal)
            if aside is not None:
                keep_aside(Path(f"{self.path}-shm"))
        except OSError:
            aside = None
        if aside is None:
            self._without_journal = True
            self._say(f"Your history has a journal beside it ({self._wal.name}) that was not written with it; "
                      "it was not read, and the history is shown as the file holds it.")
            return
        self._say(f"Your history had a journal beside it ({self._wal.name}) that was not written with it "
                  f"(the file was put back from a copy, or the journal is another's); it was not merged into "
                  f"the history and is kept as {aside.name}.")

    def _keep_copy(self) -> Path | None:
        """An intact copy of the file and its journal, beside it; None if it cannot be made."""
        when = time.strftime("%Y%m%d-%H%M%S")
        number = 1
        target = self.path.with_name(f"{self.path.stem}.as-it-was-{when}{self.path.suffix}")
        while os.path.lexists(target) or os.path.lexists(f"{target}-wal"):
            number += 1
            target = self.path.with_name(f"{self.path.stem}.as-it-was-{when}-{number}{self.path.suffix}")
        try:
            shutil.copyfile(self.path, target)
            shutil.copyfile(self._wal, f"{target}-wal")
        except OSError:
            for made in (target, Path(f"{target}-wal")):
                try:
                    made.unlink()
                except OSError:
                    pass
            return None
        return target

    def _note_journal(self, *, folding: bool = False) -> None:
        """Write down which journal belongs to the file (MARK_ENDING): the file as it is now
        and the journal's salts, and whether the journal is about to be folded into the file
        (`folding`: a checkpoint, which writes the file). Written when any of them changed,
        so a journal found at the next start is known."""
        if self._reading:
            return  # only read: nothing is written beside the file
        identity = file_identity(self.path)
        if identity is None:
            return
        salts = _journal_salts(_journal_header(self._wal))
        mark = {"file": list(identity), "journal": list(salts) if salts is not None else None, "folding": folding}
        if mark == self._mark_written:
            return
        try:
            write_json_atomic(self._mark, mark)
        except OSError:
            return  # noted again after the next write
        self._mark_written = mark

    def _connect_checked(self) -> sqlite3.Connection:
        self._read_only = False
        exists = self.path.exists()
        writable = (os.access(self.path, os.W_OK) if exists else True) and os.access(self.path.parent, os.W_OK)
        if not exists and not writable:
            raise HistoryUnavailable(f"Your history cannot be kept: the folder {self.path.parent} cannot be written to.")
        try:
            if self._without_journal and exists:
                db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
                self._read_only = True
            elif self._reading and exists:
                db = self._connect_read_only()
                self._read_only = True
            elif writable:
                db = sqlite3.connect(self.path, timeout=self._busy_seconds, isolation_level=None)
            else:
                db = self._connect_read_only()
                self._read_only = True
                self._say(f"Your history ({self.path}) can only be read: new sessions are not kept this time.")
        except sqlite3.Error as error:
            raise HistoryUnavailable(f"Your history ({self.path}) cannot be opened: {error}.") from None
        try:
            version = self._check_schema(db)
            db.execute("PRAGMA foreign_keys = ON")
            findings = [str(row[0]) for row in db.execute("PRAGMA quick_check(20)")]
            # A value a CHECK or NOT NULL constraint refuses (a hand-edited row) spoils that
            # row only: it is left out when read, and the file is kept.
            damage = [finding for finding in findings if finding != "ok" and "constraint failed" not in finding]
            if damage:
                self._close(db)
                raise _Damaged(damage[0][:120])
            if version > SCHEMA_VERSION:
                self._close(db)
                db = self._connect_read_only()
                self._read_only = True
                self._check_schema(db)
                self._say("Your history was written by a newer StretchDesk; it is shown but not changed, and new sessions are not kept this time.")
                return db
            if not self._read_only:
                db.execute("PRAGMA journal_mode = WAL")
                # In WAL mode, commits survive the app being killed without a sync each;
                # only a power cut may lose the last moments. The window writes at each
                # step's end and must not wait on the disk.
                db.execute("PRAGMA synchronous = NORMAL")
                # The journal is folded into the file by the store alone (fold_journal), with
                # its note saying so first, never by SQLite on its own after a commit.
                db.execute("PRAGMA wal_autocheckpoint = 0")
                self._migrate(db, version)
                if _journal_header(self._wal) is None:
                    # Begin the journal with a write of the store's own, so that it is noted
                    # (_note_journal) before anything of the person's is written into it.
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version < SCHEMA_VERSION:
                self._close(db)
                raise HistoryUnavailable(f"Your history ({self.path}) is from an older StretchDesk and can only be read; it cannot be brought up to date.")
        except sqlite3.DatabaseError as error:
            self._close(db)
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise HistoryUnavailable("Your history is in use by another program; what you do is kept and saved once it is free.", retry=True) from None
            if _passing(error):
                # A full disk, or one that failed a write: what is done is kept in memory and
                # the file opened again at the next write, once there is space.
                raise HistoryUnavailable(self._write_problem(error), retry=True) from None
            if isinstance(error, sqlite3.OperationalError) and "readonly" in str(error):
                raise HistoryUnavailable(f"Your history cannot be written: {error}.") from None
            if isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error):
                raise HistoryUnavailable(f"Your history ({self.path}) took too long to open; it was left as it is.") from None
            raise _Damaged(str(error)) from None
        return db

    def _check_schema(self, db: sqlite3.Connection) -> int:
        """Before anything else is asked of the file: nothing in it may run (no view, no
        trigger, no table or index of someone else's) and every use of it is bounded.
        Returns its schema version; raises _Damaged for a schema that is not ours."""
        db.execute("PRAGMA trusted_schema = OFF")
        db.text_factory = _text_or_unreadable  # text that is not UTF-8 spoils its row only
        db.set_progress_handler(self._budget, PROGRESS_EVERY)
        self._budget.start()
        found = set(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master LIMIT 1000"))
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if not isinstance(version, int) or version < 0:
            raise _Damaged("its version is not a number StretchDesk writes")
        problem = _newer_not_ours(found, db) if version > SCHEMA_VERSION else _not_ours(found, schema_of(version))
        if problem:
            self._close(db)
            raise _Damaged(problem)
        return version

    def _connect_read_only(self) -> sqlite3.Connection:
        """The file opened only to be read. SQLite reads a file in WAL mode through a
        shared-memory file beside it, which it cannot make in a folder that cannot be
        written to or on a full disk; then, when no journal with anything in it is beside
        it (the file holds everything), the file is read as it stands."""
        uri = self.path.as_uri()
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=self._busy_seconds, isolation_level=None)
        try:
            db.execute("PRAGMA user_version").fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            if self._journal_waiting():
                raise  # a writer's journal holds what the file does not yet
        except sqlite3.DatabaseError as error:  # not a database at all
            db.close()
            raise _Damaged(str(error)) from None
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)

    def _journal_waiting(self) -> bool:
        try:
            return os.path.getsize(f"{self.path}-wal") > 0
        except OSError:
            return False

    def _migrate(self, db: sqlite3.Connection, version: int) -> None:
        for number in range(version, SCHEMA_VERSION):
            self._budget.start()
            db.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have brought the file up to date since it was read
                # (two windows opening a new history at once): read it again under the lock.
                if db.execute("PRAGMA user_version").fetchone()[0] > number:
                    db.execute("COMMIT")
                    continue
                for statement in MIGRATIONS[number]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite ends some failed transactions itself (a full disk)
                    db.execute("ROLLBACK")
                raise

    # -- writing ------------------------------------------------------------------------------

    def _write(self, statements: Iterable[tuple[str, tuple]]) -> bool:
        """Run these statements in one transaction, after anything kept from before. What
        cannot be written now is kept, in order, for the next write (or `flush`)."""
        self._pending.append(list(statements))
        return self.flush()

    def flush(self) -> bool:
        """Write what is waiting. True when nothing is left waiting."""
        if not self._pending:
            return True
        self.open()
        db = self._db
        if db is None or self._read_only:
            return False
        self._budget.start()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for write in self._pending:
                    for sql, parameters in write:
                        db.execute(sql, parameters)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite ends some failed transactions itself (a full disk)
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            self._say(self._write_problem(error))
            return False
        self._pending.clear()
        self._note_journal()
        self._fold_journal(db)
        return True

    def _fold_journal(self, db: sqlite3.Connection) -> None:
        """Once the journal has grown past FOLD_JOURNAL_BYTES, fold it into the file (what
        SQLite would do on its own after a commit), the note saying so first."""
        try:
            if os.path.getsize(self._wal) < FOLD_JOURNAL_BYTES:
                return
        except OSError:
            return
        self._note_journal(folding=True)
        try:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            pass  # folded at the next chance; the journal keeps everything meanwhile
        self._note_journal()

    def _write_problem(self, error: sqlite3.Error) -> str:
        text = str(error)
        code = _code(error)
        if "locked" in text or "busy" in text:
            why = "another program is using it"
        elif "full" in text or code == _SQLITE_FULL:
            why = "the disk is full"
        elif code == _SQLITE_IOERR or "disk I/O" in text:
            why = "the disk could not be written to: it may be full"
        elif "readonly" in text or "read-only" in text:
            why = "it can only be read"
        else:
            why = text
        return f"Your history could not be saved just now ({why}); it is kept and saved as soon as it can be."

    @property
    def waiting(self) -> int:
        """How many writes are kept for later."""
        return len(self._pending)

    def begin(self, *, routine_id: str, routine_title: str, variant: str | None, step_count: int,
              timing: dict[str, Any], first_step: int = 0, resumed_from: str | None = None) -> str:
        """A session starts: its row, owned by this process. Returns its id."""
        session_id = random_session_id()
        now = self._now()
        pid = os.getpid()
        timing_text = json.dumps(bounded_timing(timing), sort_keys=True, allow_nan=False)
        if len(timing_text) > MAX_TIMING_CHARS:
            timing_text = "{}"
        statements = [(
            "INSERT INTO sessions (id, routine_id, routine_title, variant, started_at, started_utc, last_seen_at,"
            " outcome, step_count, first_step, resumed_from, timing, owner_pid, owner_mark)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)",
            (session_id, _cut(routine_id, MAX_ID_CHARS), _cut(routine_title, MAX_NAME_CHARS),
             None if variant is None else _cut(variant, MAX_ID_CHARS), stamp(now), now.timestamp(), stamp(now),
             step_count, first_step, resumed_from, timing_text, pid, _process_mark(pid)),
        )]
        if resumed_from is not None:
            # Carried on once: a second window offering the same session leaves the first link.
            statements.append(("UPDATE sessions SET resumed_by = ? WHERE id = ? AND resumed_by IS NULL", (session_id, resumed_from)))
        self._write(statements)
        return session_id

    def step_ended(self, session_id: str, *, position: int, step_id: str, name: str, status: str, active_seconds: float) -> None:
        now = self._now()
        self._write([
            ("INSERT OR REPLACE INTO steps (session_id, position, step_id, name, status) VALUES (?, ?, ?, ?, ?)",
             (session_id, position, _cut(step_id, MAX_ID_CHARS), _cut(name, MAX_NAME_CHARS), status)),
            ("UPDATE sessions SET active_seconds = ?, last_seen_at = ? WHERE id = ?",
             (bounded_seconds(active_seconds), stamp(now), session_id)),
        ])

    def end(self, session_id: str, *, finished: bool, active_seconds: float, stopped_at_step: int | None = None) -> None:
        now = self._now()
        self._write([(
            "UPDATE sessions SET outcome = ?, ended_at = ?, last_seen_at = ?, active_seconds = ?, stopped_at_step = ?,"
            " owner_pid = NULL, owner_mark = NULL WHERE id = ?",
            (FINISHED if finished else STOPPED, stamp(now), stamp(now), bounded_seconds(active_seconds),
             None if finished else stopped_at_step, session_id),
        )])

    def check_in(self, session_id: str, moment: str, score: int, note: str = "") -> None:
        if moment not in (BEFORE, AFTER) or not isinstance(score, int) or not 0 <= score <= 10:
            raise ValueError(f"a check-in is before or after, 0 to 10: {moment!r} {score!r}")
        self._write([(
            "INSERT OR REPLACE INTO checkins (session_id, moment, score, note, at) VALUES (?, ?, ?, ?, ?)",
            (session_id, moment, score, note.strip()[:MAX_NOTE_CHARS], stamp(self._now())),
        )])

    # -- reading ------------------------------------------------------------------------------

    def sessions(self, start: date | None = None, end: date | None = None) -> list[SessionRecord]:
        """The sessions that started on the days from `start` to `end` (both included, on
        the person's clock), oldest first, with their steps and check-ins. A row this
        program would not have written (a value of the wrong kind, out of its bounds, text
        that is not UTF-8) is left out, said once, and kept in the file as it is."""
        if self._pending:
            self.flush()  # what waits for a lock or for space is read with the rest, once it can be written
        self.open()
        db = self._db
        if db is None:
            return []
        self._budget.start()
        left_out = 0
        try:
            rows = db.execute(f"SELECT {', '.join(_SESSION_COLUMNS)} FROM sessions ORDER BY started_utc, id").fetchall()
            steps: dict[str, list[StepRecord]] = {}
            for session_id, position, step_id, name, status in db.execute(
                    f"SELECT session_id, position, {_bounded_column('step_id', MAX_ID_CHARS)},"
                    f" {_bounded_column('name', MAX_NAME_CHARS)}, status FROM steps ORDER BY session_id, position"):
                if isinstance(position, int) and 0 <= position < MAX_STEPS and status in (DONE, SKIPPED) \
                        and _fits(step_id, MAX_ID_CHARS, empty=True) and _fits(name, MAX_NAME_CHARS, empty=True):
                    steps.setdefault(session_id, []).append(StepRecord(position, step_id, name, status))
                else:
                    left_out += 1
            checkins: dict[str, list[CheckIn]] = {}
            for session_id, moment, score, note, at in db.execute(
                    f"SELECT session_id, moment, score, {_bounded_column('note', MAX_NOTE_CHARS)}, at"
                    " FROM checkins ORDER BY session_id, moment DESC"):
                note = "" if note is None else note
                if moment in (BEFORE, AFTER) and isinstance(score, int) and not isinstance(score, bool) \
                        and 0 <= score <= 10 and _fits(note, MAX_NOTE_CHARS, empty=True):
                    checkins.setdefault(session_id, []).append(CheckIn(moment, score, note, parse_stamp(at)))
                else:
                    left_out += 1
        except sqlite3.Error as error:
            why = "it took too long" if "interrupted" in str(error) else str(error)
            self._say(f"Your history could not be read just now ({why}).")
            return []
        found = []
        for row in rows:
            record = self._record(dict(zip(_SESSION_NAMES, row)), steps, checkins)
            if record is None:
                left_out += 1
                continue
            if start is not None and record.day < start or end is not None and record.day > end:
                continue
            found.append(record)
        if left_out and not self._left_out_said:
            self._left_out_said = True
            self._say(f"{words.plural(left_out, 'entry', 'entries')} in your history could not be read and "
                      f"{'is' if left_out == 1 else 'are'} left out; the file keeps {'it' if left_out == 1 else 'them'} as written.")
        return found

    def _record(self, row: dict[str, Any], steps: dict, checkins: dict) -> SessionRecord | None:
        """A row as a record; None for one this program would not have written (a value of
        the wrong kind or out of its bounds, from a hand-edited file): it is left out."""
        try:
            record = self._read_row(row, steps, checkins)
        except (TypeError, ValueError, KeyError, OverflowError):
            return None
        if record is None or record.outcome not in (FINISHED, STOPPED, RUNNING) or not 0 < record.step_count <= MAX_STEPS:
            return None
        if not 0 <= record.first_step < record.step_count:
            return None
        if record.stopped_at_step is not None and not (isinstance(record.stopped_at_step, int) and 0 <= record.stopped_at_step < record.step_count):
            return None
        if not (_fits(record.id, MAX_ID_CHARS) and _fits(record.routine_id, MAX_ID_CHARS)
                and _fits(record.routine_title, MAX_NAME_CHARS, empty=True)):
            return None
        if record.variant is not None and not _fits(record.variant, MAX_ID_CHARS):
            return None
        return record

    def _read_row(self, row: dict[str, Any], steps: dict, checkins: dict) -> SessionRecord | None:
        started = parse_stamp(row["started_at"])
        if started is None:
            return None  # not a row this program wrote
        active = row["active_seconds"]
        if active is None:
            active = 0.0  # NaN, as SQLite keeps it
        if isinstance(active, bool) or not isinstance(active, (int, float)) or bounded_seconds(active) != active:
            return None
        step_count, first_step = row["step_count"], row["first_step"] or 0
        if not isinstance(step_count, int) or not isinstance(first_step, int):
            return None
        resumed_from, resumed_by = row["resumed_from"], row["resumed_by"]
        running = row["outcome"] == RUNNING
        owner_pid, owner_mark = row["owner_pid"], row["owner_mark"]
        return SessionRecord(
            id=row["id"], routine_id=row["routine_id"], routine_title=row["routine_title"], variant=row["variant"],
            started=started, ended=parse_stamp(row["ended_at"]),
            last_seen=parse_stamp(row["last_seen_at"]) or started,
            active_seconds=float(active), outcome=row["outcome"], step_count=step_count,
            stopped_at_step=row["stopped_at_step"], first_step=first_step,
            resumed_from=resumed_from if _fits(resumed_from, MAX_ID_CHARS) else None,
            resumed_by=resumed_by if _fits(resumed_by, MAX_ID_CHARS) else None,
            timing=_read_timing(row["timing"]),
            cut_off=running and not _process_alive(owner_pid if isinstance(owner_pid, int) and 0 < owner_pid < 2**31 else None,
                                                   owner_mark if _fits(owner_mark, 64) else None),
            steps=tuple(steps.get(row["id"], ())), checkins=tuple(checkins.get(row["id"], ())),
        )

    def session(self, session_id: str) -> SessionRecord | None:
        return next((record for record in self.sessions() if record.id == session_id), None)

    def resumable(self) -> dict[str, SessionRecord]:
        """For each routine, its latest session if that one ended early and can be carried on."""
        latest: dict[str, SessionRecord] = {}
        for record in self.sessions():
            if record.outcome == RUNNING and not record.cut_off:
                continue  # playing now, in another window
            latest[record.routine_id] = record
        return {routine_id: record for routine_id, record in latest.items() if record.resume_at is not None}


def _fits(text: object, limit: int, *, empty: bool = False) -> bool:
    """A text as this program writes it: a str of at most `limit` characters."""
    return isinstance(text, str) and (empty or bool(text)) and len(text) <= limit


def _bounded_column(name: str, limit: int) -> str:
    """The column as SQL reads it, cut one past `limit` (a 20 MB title is not read whole,
    and still too long to be taken)."""
    return f"CASE WHEN typeof({name}) IN ('text', 'blob') THEN substr({name}, 1, {limit + 1}) ELSE {name} END"


_SESSION_NAMES = ("id", "routine_id", "routine_title", "variant", "started_at", "started_utc", "ended_at",
                  "last_seen_at", "active_seconds", "outcome", "step_count", "stopped_at_step", "first_step",
                  "resumed_from", "resumed_by", "timing", "owner_pid", "owner_mark")
_TEXT_BOUNDS = {"id": MAX_ID_CHARS, "routine_id": MAX_ID_CHARS, "routine_title": MAX_NAME_CHARS,
                "variant": MAX_ID_CHARS, "started_at": 64, "ended_at": 64, "last_seen_at": 64, "outcome": 16,
                "resumed_from": MAX_ID_CHARS, "resumed_by": MAX_ID_CHARS, "timing": MAX_TIMING_CHARS, "owner_mark": 64}
_SESSION_COLUMNS = tuple(_bounded_column(name, _TEXT_BOUNDS[name]) if name in _TEXT_BOUNDS else name
                         for name in _SESSION_NAMES)


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_FULL = 5, 6, 10, 13


def _code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code for the error, where it says."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _passing(error: sqlite3.Error) -> bool:
    """A failure that passes: a full disk, or a write the disk refused (SQLITE_FULL, an
    I/O error); what was to be written is kept and written once it can be."""
    return _code(error) in (_SQLITE_FULL, _SQLITE_IOERR) or any(
        words_ in str(error) for words_ in ("disk is full", "disk I/O error"))


class _Damaged(Exception):
    """The file is not a history this program can read: kept aside, a new one started."""
