"""Desktop integration: one application id for the menu entry, the metainfo, the icons and
the running app; the files pass the freedesktop validators."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stretchdesk import APP_ID, __version__
from stretchdesk.core.paths import icon_file, resources_dir

from tests.conftest import REPO

DESKTOP = resources_dir() / "desktop" / f"{APP_ID}.desktop"
METAINFO = resources_dir() / "desktop" / f"{APP_ID}.metainfo.xml"


def needs(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (bash packaging/install-system-libs.sh --test installs it)")


def test_desktop_file_passes_desktop_file_validate():
    needs("desktop-file-validate")
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_passes_appstreamcli_validate():
    needs("appstreamcli")
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_id_everywhere():
    entry = DESKTOP.read_text()
    assert f"Icon={APP_ID}\n" in entry and "StartupWMClass=StretchDesk\n" in entry
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("icon") == APP_ID
    assert icon_file().name == f"{APP_ID}.svg"


def test_metainfo_has_a_description_screenshots_that_exist_and_this_release():
    root = ET.parse(METAINFO).getroot()
    assert len(root.find("description")) >= 2
    images = [image.text for image in root.iter("image")]
    assert len(images) >= 3
    for url in images:
        assert (REPO / url.split("/main/", 1)[1]).is_file(), url
    assert root.find("releases/release").get("version") == __version__


def test_png_icons_in_the_hicolor_layout():
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        path = resources_dir() / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        header = path.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)


def test_menu_entry_installs_and_removes(tmp_path: Path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "stretchdesk", "menu-entry"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    exec_lines = [line for line in entry.read_text().splitlines() if line.startswith("Exec=")]
    assert all(line.split("=", 1)[1].startswith(("/", '"/')) for line in exec_lines), exec_lines
    assert (tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (tmp_path / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry)], capture_output=True).returncode == 0
    subprocess.run([sys.executable, "-m", "stretchdesk", "menu-entry", "--remove"], env=env, check=True, capture_output=True, timeout=60)
    assert not entry.exists()
    assert not list((tmp_path / "icons").rglob("*.png"))
