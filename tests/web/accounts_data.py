"""Builders and a form-posting helper for the account, workgroup and activity tests.

Imported by those test modules (not a conftest). Forms are posted with a real CSRF
token read from the page, so the tests run with CSRF protection on, as in production.
"""

from __future__ import annotations

import re
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from calendar_app.catalogue import load_file
from calendar_app.db import Database
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import create_workgroup
from calendar_app.services.catalogue_sync import sync_catalogue

EVENTS = Path(__file__).resolve().parents[2] / "events.yaml"
PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def database(app: Flask) -> Database:
    return app.extensions["database"]  # type: ignore[no-any-return]


def people(app: Flask | Database) -> None:
    """Two workgroups; zuid has a member and a coordinator, oost a coordinator; an admin."""
    target = app if isinstance(app, Database) else database(app)
    with target.transaction() as session:
        for slug, name in (("zuid", "Werkgroep Zuid"), ("oost", "Werkgroep Oost")):
            create_workgroup(session, slug=slug, name=name, now=NOW)
        for email, name, slug, role, admin in (
                ("member@example.org", "Mia Member", "zuid", "member", False),
                ("coord@example.org", "Cas Coordinator", "zuid", "coordinator", False),
                ("oost@example.org", "Olga Oost", "oost", "coordinator", False),
                ("admin@example.org", "Ada Admin", None, "member", True)):
            create_user(session, email=email, name=name, workgroup_slug=slug, role=role,
                        is_admin=admin, password=PASSWORD, now=NOW)


def catalogue(app: Flask | Database) -> None:
    """The real events.yaml in the database (observances with considerations, themes)."""
    target = app if isinstance(app, Database) else database(app)
    with target.transaction() as session:
        sync_catalogue(session, load_file(EVENTS), now=NOW)


def csrf_token(client: FlaskClient, page: str) -> str:
    match = _TOKEN.search(client.get(page).get_data(as_text=True))
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, Any],
              page: str | None = None) -> TestResponse:
    """POST `data` to `url` with the CSRF token of `page` (default: `url` itself)."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, page or url)})


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    return post_form(client, "/login", {"email": email, "password": password})


def activity_data(**changes: Any) -> dict[str, Any]:
    """A valid timed activity for workgroup zuid (id looked up by the caller)."""
    data: dict[str, Any] = {
        "kind": "activity", "title": "Lunch lecture", "description": "About *Keti Koti*.",
        "start_date": "2026-06-30", "start_time": "12:00", "end_date": "2026-06-30",
        "end_time": "13:30", "location": "Stadhuis, Amstel 1", "online_url": "",
        "observance": "", "phase": "bewustwording", "expected_participants": "40",
        "budget_estimate": "250.50", "accessibility_other": "",
        "sessions-0-title": "", "sessions-1-title": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def workgroup_id(app: Flask, slug: str) -> int:
    from sqlalchemy import select

    from calendar_app.models import Workgroup

    with database(app).session() as session:
        found = session.scalar(select(Workgroup.id).where(Workgroup.slug == slug))
    assert found is not None
    return found


def add_failing_routes(app: Flask) -> Flask:
    """`/_conflict` (409) and `/_fault` (500): routes that fail on purpose, for the error
    pages; a real fault must not escape as a traceback."""
    from flask import abort

    app.config.update(PROPAGATE_EXCEPTIONS=False)

    @app.get("/_conflict")
    def conflict() -> str:
        abort(409)

    @app.get("/_fault")
    def fault() -> str:
        raise RuntimeError("planted fault")

    return app
