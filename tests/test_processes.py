"""The processes of `run`, `serve` and `scheduler`, really started."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from calendar_app.processes import redact

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("line", "expected"), [
    ("GET /feeds/intern/abcDEF123_-x.ics HTTP/1.1", "GET /feeds/intern/[redacted].ics HTTP/1.1"),
    ("GET /reset/eyJhbGciOi.abc HTTP/1.1", "GET /reset/[redacted] HTTP/1.1"),
    ("GET /invitation/eyJhbGciOi.abc HTTP/1.1", "GET /invitation/[redacted] HTTP/1.1"),
    ("POST /u/eyJ1IjoxfQ.sig HTTP/1.1", "POST /u/[redacted] HTTP/1.1"),
    ("GET /feed.ics?theme=lhbtiq HTTP/1.1", "GET /feed.ics?theme=lhbtiq HTTP/1.1"),
])
def test_access_log_hides_secret_tokens(line: str, expected: str) -> None:
    assert redact(line) == expected


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(response.status)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_run_migrates_loads_events_and_serves_with_the_scheduler(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "PORT": str(port),
           "EVENTS_FILE": str(ROOT / "events.yaml"), "WEB_WORKERS": "1"}
    env.pop("DATABASE_URL", None)
    command = [str(Path(sys.executable).parent / "diversity-calendar"), "run"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz") == 200
        assert wait_for(f"http://127.0.0.1:{port}/") == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/feed.ics", timeout=10) as feed:
            assert b"BEGIN:VEVENT" in feed.read()
        assert (tmp_path / "instance" / "calendar.sqlite3").exists()
        deadline = time.monotonic() + 30
        beat = None
        while beat is None and time.monotonic() < deadline:
            beat = _scheduler_beat(tmp_path / "instance" / "calendar.sqlite3")
            time.sleep(0.5)
        assert beat is not None, "the scheduler wrote no heartbeat"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
    assert "Reminder scheduler started" in output
    assert "observances" in output
    assert "No administrator yet" in output  # a fresh install says how to get in
    setup = re.search(re.escape(f"http://127.0.0.1:{port}/setup/") + r"([A-Za-z0-9_-]{20,})",
                      output)
    assert setup, output  # the one-time setup address, on BASE_URL
    stored = (tmp_path / "instance" / "setup_token.sha256").read_text().strip()
    assert stored == hashlib.sha256(setup.group(1).encode()).hexdigest()
    assert setup.group(1) not in stored  # only the hash is kept
    assert f"INSTANCE_PATH={(tmp_path / 'instance').resolve()}" in output


def _scheduler_beat(path: Path) -> str | None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        row = connection.execute(
            "SELECT beat_at FROM heartbeats WHERE name = 'scheduler'").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        connection.close()
    return row[0] if row else None


def test_every_token_route_is_redacted(app) -> None:  # type: ignore[no-untyped-def]
    """A new route with a <token> in its path must be added to SECRET_PATH."""
    token_routes = [rule.rule for rule in app.url_map.iter_rules() if "<token>" in rule.rule]
    assert token_routes, "no token routes found: the test would prove nothing"
    for route in token_routes:
        path = route.replace("<token>", "SECRET-abc.def")
        assert "SECRET" not in redact(f"GET {path} HTTP/1.1"), route


def test_serve_logs_no_tokens_and_no_address_of_feedback_givers(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "PORT": str(port),
           "WEB_WORKERS": "1"}
    env.pop("DATABASE_URL", None)
    executable = str(Path(sys.executable).parent / "diversity-calendar")
    subprocess.run([executable, "db", "upgrade"], env=env, check=True, capture_output=True)
    process = subprocess.Popen([executable, "serve"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz") == 200
        for path in ("/u/SECRET1", "/invitation/SECRET2", "/feeds/intern/SECRET3.ics",
                     "/feedback/no-such-activity"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).close()
            except urllib.error.HTTPError:
                pass  # 404s are fine: the log line is what is checked
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
    assert "SECRET" not in output
    assert '127.0.0.1 "GET /healthz' in output  # the address is logged elsewhere ...
    feedback = [line for line in output.splitlines() if "/feedback/" in line]
    assert feedback and all(line.startswith('- "GET /feedback/') for line in feedback)
