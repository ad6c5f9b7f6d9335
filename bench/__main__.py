"""`python -m bench` (make bench): every benchmark, one after the other, with its goal.

`python -m bench growth` (or any other name) runs that one alone; the growth benchmark
(1k, 10k and 50k activities) runs last in the full run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    folder = Path(__file__).parent
    names = sorted(info.name for info in pkgutil.iter_modules([str(folder)])
                   if info.name.startswith("bench_")) + ["growth"]
    if len(sys.argv) > 1:
        names = [name if name in names else f"bench_{name}" for name in sys.argv[1:]]
    for name in names:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        module.main()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
