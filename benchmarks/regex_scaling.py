"""Every regular expression StretchDesk applies to text from a file, timed on inputs made to
make a backtracking matcher slow, at two lengths: time in proportion to the length (a ratio
near the length ratio, 8) is linear; a ratio near 64 would mean it grows with the square.

    .venv/bin/python benchmarks/regex_scaling.py

The duration pattern before this was written took 33 s on 40,000 spaces and quadrupled
with each doubling.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stretchdesk.core.routine import durations, loader  # noqa: E402
from stretchdesk.core import text

SHORT, FACTOR = 20_000, 8


def patterns() -> dict[str, str]:
    found = {
        "duration (schema and loader)": durations.DURATION_PATTERN,
        "duration with its two ends": durations._DURATION_PARTS,
        "one duration, in parts": durations._ONE_WITH_PARTS,
        "characters YAML refuses": loader._NOT_ALLOWED.pattern,
        "invisible characters (terminal)": text._INVISIBLE.pattern,
        "slug": r"[^a-z0-9]+",
    }
    schema = loader.schema()
    seen = set(found.values())
    stack = [schema]
    while stack:  # and every pattern in the routine schema
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str) and node["pattern"] not in seen:
                seen.add(node["pattern"])
                found[f"schema pattern {node['pattern'][:24]}"] = node["pattern"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def hostile(n: int) -> list[str]:
    return [
        " " * n, "1" + " " * n + "x", "1" * n + "x", "1-" + "1" * n + "x", "1 s" + " " * n + "x",
        "1m" + "1" * n + "x", "1" + " " * n + "-" + " " * n + "x", "1.1" * n, "1 - " * n, "a-" * n + "!",
        "\x1b" * n, "é" * n, "1 min" * n,
    ]


def seconds(pattern: re.Pattern[str], n: int) -> float:
    inputs = hostile(n)
    start = time.perf_counter()
    for value in inputs:
        pattern.search(value)
        pattern.match(value)
        pattern.sub("", value)
    return time.perf_counter() - start


def main() -> int:
    print(f"{'pattern':<40} {SHORT:>8} chars  {SHORT * FACTOR:>8} chars   ratio (linear ~{FACTOR})")
    worst = 0.0
    for name, source in patterns().items():
        compiled = re.compile(source)
        short, long = seconds(compiled, SHORT), seconds(compiled, SHORT * FACTOR)
        ratio = long / short if short > 0 else 0.0
        worst = max(worst, ratio)
        print(f"{name:<40} {short * 1000:>9.1f} ms  {long * 1000:>9.1f} ms   {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} for {FACTOR}x the length: {'linear' if worst < FACTOR * 2.5 else 'SUPER-LINEAR'}")
    return 0 if worst < FACTOR * 2.5 else 1


if __name__ == "__main__":
    sys.exit(main())
