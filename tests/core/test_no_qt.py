"""The core never imports Qt: proven in a fresh interpreter where importing Qt fails."""

import os
import subprocess
import sys
import textwrap


def test_core_imports_and_runs_without_qt():
    code = textwrap.dedent(
        """
        import sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                    raise ImportError("Qt is not allowed in stretchdesk.core: " + name)

        sys.meta_path.insert(0, NoQt())
        import pkgutil, importlib
        import stretchdesk.core as core
        # Every module of every group, not only the core's own files.
        names = [module.name for module in pkgutil.walk_packages(core.__path__, "stretchdesk.core.")]
        for name in names:
            importlib.import_module(name)
        assert "stretchdesk.core.play.playback" in names and "stretchdesk.core.views.report" in names, names
        from stretchdesk.core.routine.library import load_library
        from stretchdesk.core.play.timeline import build_timeline
        for routine in load_library().routines:
            build_timeline(routine)
        import stretchdesk.cli
        assert not [m for m in sys.modules if m.startswith("PySide6")]
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_sound_package_imports_without_qt():
    # What is mixed and written to the sound server stays free of Qt, like the core: only
    # the window's side of sound (stretchdesk.ui) may use it.
    code = textwrap.dedent(
        """
        import sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                    raise ImportError("Qt is not allowed in stretchdesk.sound: " + name)

        sys.meta_path.insert(0, NoQt())
        import pkgutil, importlib
        import stretchdesk.sound as sound
        names = [module.name for module in pkgutil.iter_modules(sound.__path__)]
        for name in names:
            importlib.import_module("stretchdesk.sound." + name)
        print(sorted(names))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['mixer', 'pulse']"


def test_an_unchanged_library_opens_without_the_routine_file_reader(tmp_path):
    # What the command imports and reads before it opens the window. YAML and the schema
    # checker cost ~70 ms of every start; with the cache warm they are not needed at all.
    code = textwrap.dedent(
        """
        import sys
        import stretchdesk.cli
        from stretchdesk.core.routine.library import load_library
        assert load_library().routines
        print(sorted(m for m in ("yaml", "jsonschema", "stretchdesk.core.routine.loader") if m in sys.modules))
        """
    )
    env = {**os.environ, "STRETCHDESK_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert first.returncode == 0, first.stderr
    assert "stretchdesk.core.routine.loader" in first.stdout  # a cold cache: every file read and checked
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "[]"
