#!/usr/bin/env bash
# Builds the one-folder desktop bundle in dist/stretchdesk/ with PyInstaller, then runs its
# self-test offscreen. Uses the project's .venv (bash packaging/bootstrap.sh first).
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
"$python" -m pip install --quiet "pyinstaller>=6.10"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/stretchdesk.spec
QT_QPA_PLATFORM=offscreen dist/stretchdesk/stretchdesk --self-test
echo "bundle: dist/stretchdesk/ ($(du -sh dist/stretchdesk | cut -f1))"
