"""Three readers of every iTIP message: libical's restriction check, icalendar, ical.js.

`libical_check` compiles `tests/ical/libical_check.c` against Debian's libical once
per run. Without gcc or libical-dev the tests that use it are skipped with the
reason shown; under CI=true that is a failure, so CI never drops the check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest

SOURCE = Path(__file__).resolve().parent / "ical" / "libical_check.c"

CheckItip = Callable[[bytes], None]


@pytest.fixture(scope="session")
def libical_check(tmp_path_factory: pytest.TempPathFactory) -> CheckItip:
    """A function that fails the test unless libical accepts the bytes as iTIP."""
    gcc = shutil.which("gcc")
    flags: list[str] = []
    missing = None
    if gcc is None:
        missing = "gcc is not installed"
    else:
        found = subprocess.run(["pkg-config", "--cflags", "--libs", "libical"],
                               capture_output=True, text=True, check=False)
        if found.returncode != 0:
            missing = "libical-dev is not installed (pkg-config libical)"
        flags = found.stdout.split()
    if missing is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"libical's iTIP check cannot run under CI: {missing}")
        pytest.skip(missing)
    assert gcc is not None
    program = tmp_path_factory.mktemp("libical") / "libical_check"
    subprocess.run([gcc, "-o", str(program), str(SOURCE), *flags], check=True)

    def check(data: bytes) -> None:
        done = subprocess.run([str(program)], input=data, capture_output=True, timeout=30,
                              check=False)
        assert done.returncode == 0, f"libical rejects the iTIP message: {done.stdout!r}"

    return check


def calendar_parts(message: EmailMessage) -> list[tuple[str, bytes]]:
    """(method parameter, bytes) of each text/calendar part of an e-mail."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            found.append((str(part.get_param("method", "")), payload))
    return found


def icalendar_event(data: bytes) -> icalendar.Event:
    """The one VEVENT, parsed by icalendar (raises on a broken file)."""
    calendar = icalendar.Calendar.from_ical(data)
    events = [component for component in calendar.walk("VEVENT")]
    assert len(events) == 1, "an iTIP message here carries exactly one event"
    return events[0]
