#!/usr/bin/env bash
# Sets up StretchDesk in a fresh clone: the system libraries Qt needs, then a virtual
# environment in .venv with StretchDesk installed in it (editable, so edits take effect).
#
#   bash packaging/bootstrap.sh          # the app
#   bash packaging/bootstrap.sh --test   # the app and what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
for arg in "$@"; do
    case "$arg" in
        --test) extras="[test]" ;;
        *) echo "bootstrap: unknown option $arg (use --test)" >&2; exit 2 ;;
    esac
done

if [ -z "$extras" ]; then
    # For a person: spoken prompts too (speech-dispatcher with the espeak-ng voice).
    bash packaging/install-system-libs.sh --voice
else
    bash packaging/install-system-libs.sh --test
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
# pip and the build backend talk at length even when all goes well; what they said is kept
# in .venv/install.log and shown only when the install fails.
log=.venv/install.log
if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install --editable ".${extras}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "bootstrap: the install failed; what pip said is above (and in $log)" >&2
    exit 1
fi
echo "StretchDesk is installed in .venv: run .venv/bin/stretchdesk"
