"""Starting the product's processes: the web app under gunicorn, and the scheduler.

`run` is the embedded default for one team: the scheduler in a child process beside
gunicorn, both stopped together. For the whole city, `serve` and `scheduler` run as
separate services (see README.md).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from calendar_app.config import Settings

#: The secret part of token URLs: internal feeds, password-reset and invitation links,
#: registrants' confirmation and check-in links, the first-run setup link,
#: one-click unsubscribe. Kept in step with the routes by tests/test_processes.py.
SECRET_PATH = re.compile(
    r"(/feeds/intern/)[^/?\s.]+|(/(?:reset|invitation|u|aanmelden|aanwezig|setup)/)[^/?\s]+")

#: Pages whose visitors were promised anonymity: their requests are logged without the
#: client's address.
ANONYMOUS_PATH = re.compile(r"^/feedback/")


def redact(text: str) -> str:
    """Hide the secret part of token URLs (internal feeds, reset and unsubscribe links)."""
    return SECRET_PATH.sub(lambda m: (m.group(1) or m.group(2)) + "[redacted]", text)


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's access log, without the secrets that live in some URLs, and without
    the address of anyone answering the anonymous feedback form."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        if ANONYMOUS_PATH.match(environ.get("PATH_INFO", "")):
            atoms["h"] = "-"
        return atoms


class WebServer(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured from Settings instead of a config file."""

    def __init__(self, settings: Settings, **options: Any) -> None:
        self.settings = settings
        self.options = {
            "bind": f"{settings.host}:{settings.port}",
            "workers": settings.web_workers,
            "accesslog": "-",
            "logger_class": RedactingLogger,
            "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(L)ss',
            "graceful_timeout": 10,
            **options,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from calendar_app.web import create_app

        return create_app(self.settings)


def serve_web(settings: Settings, **options: Any) -> None:
    print(f"Web app on http://{settings.host}:{settings.port}/ "
          f"({settings.web_workers} workers)", file=sys.stderr, flush=True)
    WebServer(settings, **options).run()


def run_all(settings: Settings) -> None:
    """Web app and scheduler together; stopping one stops both."""
    scheduler = subprocess.Popen([sys.executable, "-m", "scheduler"], env=os.environ.copy())
    print(f"Reminder scheduler started (pid {scheduler.pid}).", file=sys.stderr, flush=True)
    try:
        serve_web(settings)
    finally:
        if scheduler.poll() is None:
            scheduler.send_signal(signal.SIGTERM)
            try:
                scheduler.wait(timeout=15)
            except subprocess.TimeoutExpired:
                scheduler.kill()
