#!/usr/bin/env bash
# Installs the shared libraries the Qt wheels expect from the system, on Debian and Ubuntu.
# Qt's own code comes from PyPI; these are the few pieces it links against: OpenGL/EGL and
# fonts for any window, the X11 bits for a real screen, PulseAudio's client library for
# sound, and speech-dispatcher's client library for spoken prompts. Missing ones only.
set -euo pipefail

packages=(
    libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
    libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
    libpulse0 libspeechd2
    fonts-dejavu-core
)
for option in "$@"; do
    case "$option" in
        # a speech engine for the spoken prompts (the app runs fine without one)
        --voice) packages+=(speech-dispatcher speech-dispatcher-espeak-ng espeak-ng) ;;
        # what the tests check the desktop files with, a sound server they play cues into,
        # a private session bus (dbus-daemon) for the fake screen saver and portal services,
        # an X server (Xvfb) for the window on the xcb platform, and what reads the window as
        # a screen reader does: the accessibility bus and registry (at-spi2-core) and the
        # system python3's pyatspi; and poppler's pdftotext, which reads the report's PDF
        # back word by word with where each word is
        --test) packages+=(desktop-file-utils appstream pulseaudio pulseaudio-utils dbus
                           xvfb at-spi2-core python3-pyatspi poppler-utils) ;;
        *) echo "install-system-libs: unknown option $option" >&2; exit 2 ;;
    esac
done

# Stock Debian and Ubuntu ship Python without its venv module's pip (ensurepip): the
# environment StretchDesk is installed into needs it.
python=${PYTHON:-python3}
if command -v "$python" >/dev/null 2>&1 && ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-libs: not a Debian or Ubuntu system; make sure Qt 6's usual libraries are installed." >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        echo "install-system-libs: please install as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
echo "Installing system libraries: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
