"""A private PulseAudio server with one null sink, for the tests and benchmarks that
check what really comes out of the speakers (its monitor is recorded with parec), and
how the benchmarks read that recording.

Needs Debian's pulseaudio and pulseaudio-utils. Nothing here touches the sound server
of the person running it: the server lives in its own runtime folder."""

from __future__ import annotations

import array
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable

SINK = "stretchdesk_test"
TOOLS = ("pulseaudio", "pactl", "parec")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def start_private_server(runtime: Path) -> tuple[subprocess.Popen, dict[str, str]]:
    """Starts the server in `runtime` (a private folder); returns it and the environment
    variables that point clients at it."""
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = {
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_RUNTIME_PATH": str(runtime / "pulse"),
        "PULSE_SERVER": f"unix:{runtime / 'pulse' / 'native'}",
    }
    full_env = {**os.environ, **env}
    with (runtime / "pulseaudio.log").open("w") as log:  # the server keeps its own copy
        server = subprocess.Popen(
            [
                "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
                "--load=module-native-protocol-unix",
                f"--load=module-null-sink sink_name={SINK} rate=44100 channels=1",
                "--load=module-always-sink",
            ],
            stdout=subprocess.DEVNULL, stderr=log, env=full_env,
        )
    for _ in range(200):
        if subprocess.run(["pactl", "info"], capture_output=True, env=full_env).returncode == 0:
            subprocess.run(["pactl", "set-default-sink", SINK], check=True, env=full_env)
            return server, env
        if server.poll() is not None:
            break
        time.sleep(0.05)
    server.kill()
    log = (runtime / "pulseaudio.log").read_text(errors="replace")
    raise RuntimeError(f"the private PulseAudio server did not start:\n{log}")


def record_monitor(output: Path | None, env: dict[str, str], rate: int = 44_100) -> subprocess.Popen:
    """Records what the null sink plays, as 16-bit mono PCM, into `output`; with None, into
    a pipe, the process's stdout, to read as it comes with `recorded_until`."""
    command = ["parec", "-d", f"{SINK}.monitor", "--format=s16le", f"--rate={rate}", "--channels=1", "--latency-msec=10"]
    if output is None:
        # Nothing is lost while the pipe is not read: parec keeps what it records until
        # it can write it.
        return subprocess.Popen(command, stdout=subprocess.PIPE, env={**os.environ, **env})
    with output.open("wb") as sink:  # parec keeps its own copy
        return subprocess.Popen(command, stdout=sink, env={**os.environ, **env})


def recorded_until(recorder: subprocess.Popen, enough: Callable[[bytes], bool], seconds: float) -> bytes:
    """What `recorder` (recording into a pipe) has recorded, read as it comes until
    enough(all of it) or for `seconds` at the most (a bound only: the wait ends as soon as
    the recording has enough), or until the recorder ends."""
    recorded = bytearray()
    deadline = time.monotonic() + seconds
    pipe = recorder.stdout.fileno()
    while not enough(bytes(recorded)):
        if not select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))[0]:
            break
        chunk = os.read(pipe, 1 << 20)
        if not chunk:
            break
        recorded += chunk
    return bytes(recorded)


class MonitorRecording:
    """A private server with its sink's monitor recorded from the start, on a clock of its
    own: now() is how far into the recording this moment is. Clients are pointed at the
    server with `env`."""

    def __init__(self, runtime: Path, rate: int = 44_100):
        self.runtime = runtime
        self.rate = rate
        self.server, self.env = start_private_server(runtime)
        self.path = runtime / "monitor.raw"
        self.recorder = record_monitor(self.path, self.env, rate)
        # parec takes a moment to connect: the first sample is anchored to the clock by how
        # much has been recorded once it flows (half a second).
        while not self.path.exists() or self.path.stat().st_size < rate:
            if self.recorder.poll() is not None:
                self.server.terminate()
                raise RuntimeError("parec ended before it recorded anything")
            time.sleep(0.01)
        self.started = time.monotonic() - self.path.stat().st_size / (2 * rate)

    def now(self) -> float:
        return time.monotonic() - self.started

    def stop(self) -> array.array:
        """Ends the recording and the server, and anything a client started in the server's
        runtime folder (speech-dispatcher, spawned there by the speech helper); returns the
        recording as 16-bit samples."""
        self.recorder.terminate()
        self.recorder.wait()
        self.server.terminate()
        self.server.wait()
        _end_processes_naming(self.runtime)
        data = self.path.read_bytes()
        return array.array("h", data[: len(data) // 2 * 2])


def _end_processes_naming(folder: Path) -> None:
    """Ends this user's processes whose command line names `folder` (a private temporary
    folder, so only what was started for it)."""
    mark = os.fsencode(str(folder))
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == os.getuid() and mark in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), 15)
        except OSError:
            pass


def sound_between(samples: array.array, start: float, end: float, rate: int = 44_100,
                  threshold: int = 328) -> tuple[float, float] | None:
    """The first and last moment (s) with sound in [start, end), in 10 ms windows; quieter
    than `threshold` (328: 1% of full scale, -40 dBFS) is silence."""
    window = rate // 100
    loud = [i for i in range(max(0, int(start * rate)), min(len(samples), int(end * rate)) - window, window)
            if max(abs(v) for v in samples[i:i + window]) > threshold]
    return (loud[0] / rate, (loud[-1] + window) / rate) if loud else None


def onsets(samples: array.array, rate: int = 44_100, threshold: float = 0.01, min_gap: float = 0.08) -> list[float]:
    """Times (s) where sound starts after at least `min_gap` of quiet, in 10 ms windows;
    quieter than `threshold` of full scale is quiet."""
    window = rate // 100
    found: list[float] = []
    quiet_since = 0.0
    loud = False
    for start in range(0, len(samples) - window, window):
        level = max(map(abs, samples[start:start + window])) / 32768
        t = start / rate
        if level >= threshold and not loud:
            if not found or t - quiet_since >= min_gap:
                found.append(t)
            loud = True
        elif level < threshold and loud:
            loud = False
            quiet_since = t
    return found
