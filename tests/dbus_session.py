"""A private D-Bus session bus, and the fake inhibit services on it (fake_screensaver.py),
for the tests of keeping the screen awake. Nothing here touches the bus of the person
running the tests.

Needs dbus-daemon (Debian's dbus package). The bus is a session bus with nothing to
activate: a service that is not running is simply not there, so a test without the fake
portal never starts the machine's real one."""

from __future__ import annotations

import json
import select
import shutil
import socket
import subprocess
import sys
from pathlib import Path

FAKE = Path(__file__).resolve().parent / "fake_screensaver.py"

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def dbus_daemon() -> str | None:
    return shutil.which("dbus-daemon")


def start_private_bus(folder: Path, timeout: float = 10.0) -> tuple[subprocess.Popen, str]:
    """A dbus-daemon of its own (a session bus configured in `folder`); returns it and its
    address."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "session.conf"
    config.write_text(CONFIG)
    daemon = subprocess.Popen(
        [dbus_daemon() or "dbus-daemon", f"--config-file={config}", "--print-address", "--nofork"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    ready, _, _ = select.select([daemon.stdout], [], [], timeout)
    address = daemon.stdout.readline().strip() if ready else ""
    if not address:
        daemon.kill()
        raise RuntimeError(f"the private dbus-daemon did not start: {daemon.stderr.read()}")
    return daemon, address


class FakeServices:
    """fake_screensaver.py running on `address`; `calls()` is what it recorded."""

    def __init__(
        self, address: str, log: Path, *, paths: tuple[str, ...] = ("/org/freedesktop/ScreenSaver",), portal: bool = False, silent: str = "",
    ):
        self.log = log
        log.unlink(missing_ok=True)
        command = [sys.executable, str(FAKE), address, str(log), "--paths", ",".join(paths)]
        if portal:
            command.append("--portal")
        if silent:
            command += ["--silent", silent]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def records(self) -> list[dict]:
        try:
            lines = self.log.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in lines if line.strip()]

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"the fake inhibit services stopped: {self.process.stderr.read()}")
        return any(record["call"] == "ready" for record in self.records())

    def calls(self) -> list[dict]:
        return [record for record in self.records() if record["call"] != "ready"]

    def stop(self) -> None:
        stop(self.process)


def silent_bus(folder: Path) -> tuple[socket.socket, str]:
    """A session bus that accepts the connection and never says a word: a unix socket that
    is listened on and never read. Returns it (close it after) and its address."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "silent-bus"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(8)
    return server, f"unix:path={path}"


def stop(process: subprocess.Popen) -> None:
    """Ends the process and closes its pipes."""
    process.terminate()
    try:
        process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
