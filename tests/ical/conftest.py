"""Fixtures for the feed renderer tests: a second, independent parser (ical.js via Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

JS_DIR = Path(__file__).resolve().parents[1] / "js"

ParseJs = Callable[[bytes], dict[str, Any]]


@pytest.fixture(scope="session")
def icaljs() -> ParseJs:
    """Parse .ics bytes with ical.js (tests/js/parse.mjs) and return its JSON summary.

    Skips, with the reason shown, when Node or `npm install` in tests/js is missing on a
    developer machine; under CI=true that is a failure, so CI never silently drops the
    second parser.
    """
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed"
    elif not (JS_DIR / "node_modules" / "ical.js").is_dir():
        missing = "ical.js is not installed: run `npm install` in tests/js"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"ical.js checks cannot run under CI: {missing}")
        pytest.skip(missing)
    assert node is not None

    def parse(data: bytes) -> dict[str, Any]:
        done = subprocess.run(
            [node, str(JS_DIR / "parse.mjs")],
            input=data,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"ical.js rejected the feed: {done.stderr.decode()}"
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    return parse
