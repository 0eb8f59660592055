"""Puts StretchDesk in the person's application menu: the .desktop entry, the AppStream
metainfo and the icons, in the XDG data folder (~/.local/share unless XDG_DATA_HOME says
otherwise). The entry's Exec names the stretchdesk that ran this, so it works for a
virtual environment as well as a system install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from stretchdesk.core.paths import APP_ID, resources_dir


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher() -> str:
    """The command that starts this StretchDesk, absolute."""
    found = shutil.which("stretchdesk")
    here = Path(sys.argv[0]).resolve()
    if here.name.startswith("stretchdesk") and here.is_file():
        return str(here)
    return found or f"{sys.executable} -m stretchdesk"


def targets(base: Path | None = None) -> dict[Path, Path]:
    """Where each shipped file goes: source -> destination."""
    base = base or data_home()
    source = resources_dir()
    files = {
        source / "desktop" / f"{APP_ID}.desktop": base / "applications" / f"{APP_ID}.desktop",
        source / "desktop" / f"{APP_ID}.metainfo.xml": base / "metainfo" / f"{APP_ID}.metainfo.xml",
    }
    for icon in (source / "icons" / "hicolor").glob("*/apps/*"):
        files[icon] = base / "icons" / "hicolor" / icon.relative_to(source / "icons" / "hicolor")
    return files


def install(base: Path | None = None) -> list[Path]:
    written = []
    command = launcher()
    for source, destination in targets(base).items():
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".desktop":
            text = source.read_text(encoding="utf-8")
            text = text.replace("Exec=stretchdesk", f"Exec={_quote(command)}")
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    _refresh_caches(base or data_home())
    return written


def remove(base: Path | None = None) -> list[Path]:
    removed = []
    for destination in targets(base).values():
        if destination.exists():
            destination.unlink()
            removed.append(destination)
    _refresh_caches(base or data_home())
    return removed


def _quote(command: str) -> str:
    # The desktop entry spec quotes arguments with double quotes when they hold spaces.
    parts = command.split(" -m ") if " -m " in command else [command]
    head = f'"{parts[0]}"' if " " in parts[0] else parts[0]
    return f"{head} -m {parts[1]}" if len(parts) == 2 else head


def _refresh_caches(base: Path) -> None:
    """Tell the desktop about the new entry where the tools exist; harmless where they do not."""
    for tool, argument in (("update-desktop-database", base / "applications"), ("gtk-update-icon-cache", base / "icons" / "hicolor")):
        if shutil.which(tool) and argument.exists():
            subprocess.run([tool, "-q", str(argument)] if tool == "gtk-update-icon-cache" else [tool, str(argument)],
                           capture_output=True, check=False)
