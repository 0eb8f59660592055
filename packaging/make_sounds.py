"""Writes the cue sounds in resources/sounds/: short, soft bell and wood tones.

Run `python packaging/make_sounds.py` to regenerate them. They are synthesised rather than
recorded so they stay small, free of licence questions, and easy to tune: peaks stay
around -10 dBFS with soft attacks and long, gentle decays, so no cue is harsh or loud.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44_100
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"


def bell(freq: float, start: float, length: float, level: float, decay: float = 5.0) -> list[tuple[float, float, float, float, float]]:
    # A bell-like tone: the fundamental with two quieter partials.
    return [
        (freq, start, length, level, decay),
        (freq * 2.0, start, length * 0.6, level * 0.25, decay * 1.6),
        (freq * 3.01, start, length * 0.4, level * 0.08, decay * 2.2),
    ]


def render(partials, total: float) -> list[float]:
    samples = [0.0] * int(total * RATE)
    attack = int(0.006 * RATE)
    for freq, start, length, level, decay in partials:
        first = int(start * RATE)
        count = min(int(length * RATE), len(samples) - first)
        for i in range(count):
            t = i / RATE
            envelope = math.exp(-decay * t) * min(1.0, i / attack)
            # fade the very end to silence so nothing clicks
            envelope *= min(1.0, (count - i) / attack)
            samples[first + i] += level * envelope * math.sin(2 * math.pi * freq * t)
    return samples


def write(name: str, samples: list[float]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    peak = max(1e-9, max(abs(s) for s in samples))
    target = 10 ** (-10 / 20)  # -10 dBFS
    scale = min(1.0, target / peak) if peak > target else 1.0
    frames = b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s * scale)) * 32767)) for s in samples)
    with wave.open(str(OUT / f"{name}.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main() -> None:
    # step start: two rising notes, C5 then G5
    write("start", render(bell(523.25, 0.0, 0.7, 0.28) + bell(783.99, 0.14, 0.8, 0.28), 0.95))
    # switch sides: a two-note "ding-dong", G5 then E5, a little slower
    write("switch", render(bell(783.99, 0.0, 0.8, 0.27, 4.0) + bell(659.25, 0.26, 0.9, 0.27, 4.0), 1.2))
    # countdown tick: a soft wooden knock
    write("tick", render([(1046.5, 0.0, 0.09, 0.18, 45.0), (2093.0, 0.0, 0.05, 0.04, 70.0)], 0.12))
    # rep: a lower, lighter knock
    write("rep", render([(698.46, 0.0, 0.11, 0.16, 35.0), (1396.9, 0.0, 0.06, 0.03, 60.0)], 0.14))
    # finish: C5 E5 G5 rising, then a soft C6 that rings out
    finish = bell(523.25, 0.0, 0.9, 0.22) + bell(659.25, 0.16, 0.9, 0.22) + bell(783.99, 0.32, 1.0, 0.22)
    finish += bell(1046.5, 0.5, 1.4, 0.2, 2.5)
    write("finish", render(finish, 2.0))


if __name__ == "__main__":
    main()
