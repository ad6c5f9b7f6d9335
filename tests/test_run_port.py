"""`PORT=18100 make run` (`diversity-calendar run`): the subscribe page and a reminder
mail show port 18100, not the default 8000 (README: every address follows PORT)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from email import message_from_bytes
from email import policy
from pathlib import Path

import pytest

from tests.test_processes import wait_for

ROOT = Path(__file__).resolve().parent.parent
PORT = 18100
#: A Monday at 09:00 in Amsterdam, the default reminder day and time: the reminders for
#: Keti Koti (1 July 2027) and its neighbours are gathered onto it.
REMINDER_DUE = "2027-06-14T09:00+02:00"


def _port_free() -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", PORT)) != 0


@pytest.mark.slow
def test_port_18100_shows_in_the_subscribe_page_and_a_reminder_mail(tmp_path: Path) -> None:
    if not _port_free():
        pytest.skip(f"port {PORT} is in use on this machine")
    instance = tmp_path / "instance"
    env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(PORT),
           "MAIL_BACKEND": "file", "EVENTS_FILE": str(ROOT / "events.yaml"),
           "WEB_WORKERS": "1"}
    for name in ("DATABASE_URL", "BASE_URL"):
        env.pop(name, None)
    executable = str(Path(sys.executable).parent / "diversity-calendar")

    def cli(*args: str) -> None:
        subprocess.run([executable, *args], env=env, check=True, capture_output=True,
                       timeout=120)

    log = (tmp_path / "run.log").open("wb")
    process = subprocess.Popen([executable, "run"], env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for(f"http://127.0.0.1:{PORT}/healthz") == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/subscribe", timeout=10) as page:
            assert f"127.0.0.1:{PORT}" in page.read().decode()
        cli("load-events")
        cli("workgroups", "create", "zuid", "--name", "Zuid")
        cli("users", "create", "anna@example.org", "--name", "Anna", "--workgroup", "zuid")
        cli("send-due", "--now", REMINDER_DUE)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
    mails = [message_from_bytes(path.read_bytes(), policy=policy.default)
             .get_body(("plain",)).get_content()  # type: ignore[union-attr]
             for path in (instance / "outbox").glob("*.eml")]
    assert mails and all(f"127.0.0.1:{PORT}" in mail for mail in mails)
    assert not any("127.0.0.1:8000" in mail for mail in mails)
