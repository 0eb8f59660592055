"""The core never imports Qt: proven in a fresh interpreter where importing Qt fails."""

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
        for module in pkgutil.iter_modules(core.__path__):
            importlib.import_module("stretchdesk.core." + module.name)
        from stretchdesk.core.library import load_library
        from stretchdesk.core.timeline import build_timeline
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
