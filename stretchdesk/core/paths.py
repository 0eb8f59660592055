"""Where things live: the built-in routines and resources, and the person's own folders.

STRETCHDESK_DATA_DIR, STRETCHDESK_CONFIG_DIR and STRETCHDESK_CACHE_DIR override the
per-user folders; the tests use them so they never touch the real files of the person
running them.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import platformdirs

from stretchdesk.core.about import APP_ID

APP_DIR_NAME = "stretchdesk"
#: stretchdesk/ (this file is stretchdesk/core/paths.py) and the checkout it may sit in.
_PACKAGE = Path(__file__).resolve().parents[1]
_SOURCE_TREE = _PACKAGE.parent


def _packaged(package: str, source_folder: str) -> Path:
    """A data folder shipped as a subpackage (in the wheel, or beside the package in the
    desktop bundle), or its twin in a source checkout."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if Path(location).is_dir():
                return Path(location)
    beside = _PACKAGE / package.rsplit(".", 1)[-1]
    if beside.is_dir():
        return beside
    return _SOURCE_TREE / source_folder


def builtin_routines_dir() -> Path:
    return _packaged("stretchdesk.routines", "routines")


#: The pose library beside the built-in routines: not a routine, so the library skips it;
#: nor is the library as format 1 had it, kept for routine files of that format.
POSES_FILE = "poses.yaml"
FORMAT1_POSES_FILE = "poses-format1.yaml"


def poses_file() -> Path:
    return builtin_routines_dir() / POSES_FILE


def format1_poses_file() -> Path:
    return builtin_routines_dir() / FORMAT1_POSES_FILE


def is_pose_library(path: Path) -> bool:
    """Whether `path` is one of the shipped pose libraries (a person's own file of that name is not)."""
    try:
        return path.name in (POSES_FILE, FORMAT1_POSES_FILE) and path.resolve() == (builtin_routines_dir() / path.name).resolve()
    except (OSError, ValueError, RuntimeError):
        return False


def resources_dir() -> Path:
    return _packaged("stretchdesk.resources", "resources")



def icon_file() -> Path:
    """The app icon's SVG, in the hicolor layout it is installed in."""
    return resources_dir() / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


#: The PNG sizes the window icon is made of (see icon_png_files).
WINDOW_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_png_files() -> list[Path]:
    """The app icon drawn at WINDOW_ICON_SIZES, for the window and the task bar. PNGs, not
    the SVG: reading an SVG loads Qt's SVG plugin, about 10 ms of every start."""
    hicolor = resources_dir() / "icons" / "hicolor"
    return [hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in WINDOW_ICON_SIZES]


def user_data_dir() -> Path:
    override = os.environ.get("STRETCHDESK_DATA_DIR")
    return Path(override) if override else platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def user_config_dir() -> Path:
    override = os.environ.get("STRETCHDESK_CONFIG_DIR")
    return Path(override) if override else platformdirs.user_config_path(APP_DIR_NAME, appauthor=False)


def user_cache_dir() -> Path:
    override = os.environ.get("STRETCHDESK_CACHE_DIR")
    return Path(override) if override else platformdirs.user_cache_path(APP_DIR_NAME, appauthor=False)


def user_routines_dir() -> Path:
    """The person's own routines: YAML files dropped here appear in the library."""
    return user_data_dir() / "routines"
