"""Time to expand the whole catalogue for 1950–2100 (goal < 1 s).

Run: `.venv/bin/python -m bench.bench_dates`. Prints the first (cold-cache) run and the
best of 5, because the library lookups are cached per year inside the process.
"""

from __future__ import annotations

import time
from pathlib import Path

from calendar_app.catalogue import expand
from calendar_app.catalogue import load_file

ROOT = Path(__file__).resolve().parents[1]
FIRST_YEAR = 1950
LAST_YEAR = 2100
RUNS = 5


def main() -> None:
    """Load events.yaml and time `expand` over 1950–2100 (the figure is for the real file)."""
    path = ROOT / "events.yaml"
    specs = load_file(path).observances
    timings = []
    count = 0
    for _ in range(RUNS):
        started = time.perf_counter()
        count = len(expand(specs, FIRST_YEAR, LAST_YEAR))
        timings.append(time.perf_counter() - started)
    print(
        f"dates: expand {FIRST_YEAR}-{LAST_YEAR} ({len(specs)} observances from {path.name}, "
        f"{count} occurrences): {min(timings):.2f} s best of {RUNS}, "
        f"{timings[0]:.2f} s cold (goal < 1 s)"
    )


if __name__ == "__main__":
    main()
