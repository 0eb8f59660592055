"""A private PulseAudio server with one null sink, for the tests and benchmarks that
check what really comes out of the speakers (its monitor is recorded with parec).

Needs Debian's pulseaudio and pulseaudio-utils. Nothing here touches the sound server
of the person running it: the server lives in its own runtime folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

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


def record_monitor(output: Path, env: dict[str, str], rate: int = 44_100) -> subprocess.Popen:
    """Records what the null sink plays, as 16-bit mono PCM, into `output`."""
    with output.open("wb") as sink:  # parec keeps its own copy
        return subprocess.Popen(
            ["parec", "-d", f"{SINK}.monitor", "--format=s16le", f"--rate={rate}", "--channels=1", "--latency-msec=10"],
            stdout=sink, env={**os.environ, **env},
        )
