"""Reading and writing the files StretchDesk keeps, assuming any of them may have been
written by someone else.

- Only regular files are read. A FIFO would block a reader forever and a device such as
  /dev/zero never ends, so a file is opened without waiting (O_NONBLOCK), checked with
  fstat on the open descriptor (no gap between the check and the read), and refused
  unless it is a regular file.
- Every read has a size limit, checked before reading and again while reading (a file
  can grow between the two).
- Writes go to a temporary file beside the target, flushed to disk, then renamed over
  it, so a crash or a kill at any moment never leaves half a file. A temporary is named
  for its file and its writer's process; those left by a writer that was killed are
  cleared when the file is next written, or read at start (remove_stale_temporaries).
- A read-modify-write of a file that more than one process may change is done while
  holding a lock on a lock file beside it (locked), so no change is lost.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator


class FileRefused(OSError):
    """A file that is not read: not a regular file, too large, or not readable. The
    message is a plain sentence about the file, without its name (the caller names it)."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words: 'a named pipe (FIFO)'."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} bytes"


def read_regular_file(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Raises FileNotFoundError when
    there is no such file, FileRefused for anything else that keeps it from being read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise FileRefused(errno.EISDIR, "this is a folder, not a file") from None
    except OSError as error:
        raise FileRefused(error.errno, f"it cannot be opened: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(errno.EINVAL, f"this is {file_kind(info.st_mode)}, not a regular file; only regular files are read")
        if info.st_size > limit:
            raise FileRefused(errno.EFBIG, f"the file is {describe_size(info.st_size)}; at most {describe_size(limit)} is read")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused(errno.EFBIG, f"the file grew past {describe_size(limit)} while it was read")
        return b"".join(chunks)
    except FileRefused:
        raise
    except OSError as error:
        raise FileRefused(error.errno, f"it cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def not_a_folder(folder: Path) -> Path | None:
    """The file that stands where `folder`, or a folder above it, should be (a folder
    setting pointing at a file): the nearest of them that exists, when it is not a folder.
    None when the folder is there or could be made."""
    for candidate in (folder, *folder.parents):
        try:
            info = os.stat(candidate)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except (OSError, ValueError):
            return None
        return None if stat.S_ISDIR(info.st_mode) else candidate
    return None


def file_identity(path: Path | str) -> tuple[int, ...] | None:
    """What changes whenever a file's content may have changed: device, inode, size, and
    modification and change times in nanoseconds (the change time cannot be set back by
    `cp -p` or `touch -d`). None when the file cannot be looked at."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


# -- JSON -------------------------------------------------------------------------------------

#: Deeper than any file of ours will ever be; deep nesting is refused before it can exhaust
#: the interpreter's stack anywhere the data goes.
MAX_JSON_DEPTH = 32


class DamagedFile(ValueError):
    """A file that was read but cannot be used; the message says why, and `line` where."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def json_depth(data: Any) -> int:
    """How deeply lists and mappings nest in parsed JSON (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes, *, walk_depth: bool = True) -> Any:
    """Parsed JSON, or DamagedFile with the line and what is wrong. Nesting deeper than
    MAX_JSON_DEPTH is refused; `walk_depth=False` leaves that to a reader that looks
    only where its own format says and checks the type of each value it takes (a cache):
    walking every value of a large file first cost more than reading it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DamagedFile("the file is not UTF-8 text", line) from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise DamagedFile(error.msg, error.lineno) from None
    except RecursionError:
        raise DamagedFile(f"it nests lists or mappings more than {MAX_JSON_DEPTH} deep") from None
    except ValueError as error:
        # A number too long to convert (Python refuses more than 4300 digits), NaN, ...
        raise DamagedFile(f"a value cannot be read ({_first_sentence(error)})") from None
    if walk_depth and json_depth(data) > MAX_JSON_DEPTH:
        raise DamagedFile(f"it nests lists or mappings more than {MAX_JSON_DEPTH} deep")
    return data


def _first_sentence(error: Exception) -> str:
    text = str(error).split(";")[0].strip()
    if "integer string conversion" in text or "digits" in text:
        return "a number with thousands of digits"
    return text


def read_json(path: Path, limit: int) -> Any:
    """The parsed file, or None if it does not exist. Raises FileRefused if it cannot be
    read (not a regular file, too large) and DamagedFile if it is not usable JSON."""
    try:
        raw = read_regular_file(path, limit)
    except FileNotFoundError:
        return None
    return parse_json(raw)


# -- writing ----------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a temporary beside it, flushed, then renamed. The
    temporary is named for the file and this process (.NAME.PID-RANDOM.tmp), and what
    writers of the same file that were killed left is cleared first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent, path.name)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def json_bytes(data: Any, *, ascii_only: bool = False) -> bytes:
    if ascii_only:  # compact: a machine's file, read back by a machine
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def write_json_atomic(path: Path, data: Any) -> None:
    write_atomic(path, json_bytes(data))


#: A temporary older than this was left by a writer that died: writers finish in moments.
STALE_AFTER_SECONDS = 300
#: A temporary whose writer is gone is cleared once it is this old: a writer in another
#: process namespace (a sandbox) looks gone from here, and is given time to finish.
GONE_AFTER_SECONDS = 10


def _writer_gone(middle: str) -> bool:
    """Whether the process named in a temporary's name (PID-RANDOM) is gone. Looked up on
    POSIX only (elsewhere os.kill would end the process); a name without one says nothing."""
    pid_text, dash, _ = middle.partition("-")
    if os.name != "posix" or not dash or not pid_text.isdigit() or len(pid_text) > 10:
        return False
    pid = int(pid_text)
    if pid <= 1 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # another user's process (PermissionError), or cannot be asked: alive
        return False
    return False


def remove_stale_temporaries(folder: Path, name: str, *, now: float | None = None) -> list[Path]:
    """Delete the temporaries that write_atomic left for `name` in `folder` when its writer
    was killed mid-write: those older than STALE_AFTER_SECONDS, and those whose writer's
    process is gone. Only regular files named as ours; another live writer's are left."""
    now = time.time() if now is None else now
    removed = []
    prefix, suffix = f".{name}.", ".tmp"
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(suffix)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            age = now - info.st_mtime
            middle = entry.name[len(prefix):-len(suffix)]
            if age > STALE_AFTER_SECONDS or (age > GONE_AFTER_SECONDS and _writer_gone(middle)):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def keep_aside(path: Path, *, keep_suffix: bool = False, companions: tuple[str, ...] = ()) -> Path | None:
    """Move a problem file aside, next to itself, so nothing the person wrote is lost: to
    NAME.damaged-STAMP (or STEM.damaged-STAMP.SUFFIX with `keep_suffix`, so it still opens
    as what it is), numbered if that is taken. A rename: a damaged file may be huge, and
    copying it would cost time and space. `companions`: endings of files that belong with
    it ("-wal"), moved beside it where they are. None when the file is gone already."""
    stamp = time.strftime("%Y%m%d-%H%M%S")

    def aside(number: int) -> Path:
        mark = f".damaged-{stamp}" + (f"-{number}" if number > 1 else "")
        return path.with_name(f"{path.stem}{mark}{path.suffix}" if keep_suffix else f"{path.name}{mark}")

    counter = 1
    target = aside(counter)
    while os.path.lexists(target):
        counter += 1
        target = aside(counter)
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    for ending in companions:
        with contextlib.suppress(OSError):
            os.rename(f"{path}{ending}", f"{target}{ending}")
    return target


# -- locking ----------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock (created if need be) while the block runs:
    a read-modify-write of `path` inside it cannot lose another process's change. The lock
    is the kernel's (fcntl.flock), so it is released when its holder exits, however it
    exits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(f"{path.name}.lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # Windows: msvcrt locks a byte range instead
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                os.lseek(descriptor, 0, os.SEEK_SET)
                msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
