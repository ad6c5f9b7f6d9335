"""What a web worker keeps in memory: freed feed bodies and export libraries it never uses.

Each check runs in a fresh interpreter, as a gunicorn worker starts, so what an earlier
test imported or allocated does not hide what the app itself does.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

#: Builds and frees 3 x 40 bodies of about 4 MB between small allocations that stay,
#: as rendering feeds does, and prints how many MB of RSS stayed behind.
CHURN = """
import sys
from pathlib import Path

def rss():
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(line for line in status if line.startswith("VmRSS")).split()[1]) // 1024

if sys.argv[1] == "on":
    from calendar_app.web.memory import return_large_buffers
    assert return_large_buffers()
kept = []
base = rss()
for _ in range(3):
    bodies = []
    for i in range(40):
        bodies.append(b"x" * (4 * 1024 * 1024 - i))
        kept.append(bytes(1000 + i))
    del bodies
print(rss() - base)
"""

glibc_only = pytest.mark.skipif(platform.libc_ver()[0] != "glibc",
                                reason="the mmap threshold is glibc's")


def _stayed_mb(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", CHURN, mode], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    return int(out.strip())


@glibc_only
def test_freed_feed_sized_bodies_go_back_to_the_system() -> None:
    assert _stayed_mb("on") < 20


@glibc_only
def test_without_the_fixed_threshold_glibc_keeps_them() -> None:
    """The control: the churn above does leave memory behind by default (so the
    previous test measures something)."""
    assert _stayed_mb("off") > 60


def test_the_app_loads_no_export_or_sign_in_library_until_needed(tmp_path: Path) -> None:
    """openpyxl, reportlab, icalendar and Authlib's requests are some 50 MB per worker."""
    code = ("import json, sys; from calendar_app.config import Settings; "
            "from calendar_app.web import create_app; "
            "create_app(Settings.from_env({}, instance_path=sys.argv[1], "
            "database_url='sqlite:///' + sys.argv[1] + '/db.sqlite3')); "
            "print(json.dumps(sorted(m for m in ('openpyxl', 'reportlab', 'icalendar', "
            "'requests', 'authlib') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []
