"""Builders for the registration tests: an activity with sign-up on, through the real form."""

from __future__ import annotations

import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import text

from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import Registration
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import database
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id

#: Sign-up needs an activity in the future of the real clock (the web uses now()).
DAY = (datetime.now(UTC) + timedelta(days=60)).date()
_LINK = re.compile(r"https?://[^\s\"'<>]+")


def signup_activity(app: Flask, coordinator: FlaskClient, *, capacity: str = "2",
                    **changes: Any) -> str:
    """Proposed and published by a coordinator of zuid, with registration on."""
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), start_date=DAY.isoformat(),
                         end_date=DAY.isoformat(), start_time="18:00", end_time="20:00",
                         title="Iftar", registration="y", capacity=capacity, waitlist="y",
                         **{"ask_dietary": "y", "ask_needs": "y", **changes})
    response = post_form(coordinator, "/activities/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    public_id = response.headers["Location"].split("/")[2]
    page = f"/activities/{public_id}/review"
    published = post_form(coordinator, f"/activities/{public_id}/publish", {}, page=page)
    assert published.status_code == 302
    return public_id


def sign_up(client: FlaskClient, public_id: str, name: str, email: str,
            needs: str = "") -> int:
    url = f"/activities/{public_id}/aanmelden"
    return post_form(client, url, {"name": name, "email": email, "needs": needs,
                                   "dietary": ""}).status_code


def registration(app: Flask, email: str) -> Registration:
    with database(app).session() as session:
        found = session.scalar(select(Registration).where(Registration.email == email))
        assert found is not None
        return found


def activity(app: Flask, public_id: str) -> Activity:
    with database(app).session() as session:
        found = session.scalar(select(Activity).where(Activity.public_id == public_id))
        assert found is not None
        return found


def links(email: EmailMessage, base_url: str) -> list[str]:
    """Every link to the site in the plain-text and HTML parts, as paths."""
    found: set[str] = set()
    for part in email.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            content = str(part.get_content())
            found.update(url for url in _LINK.findall(content) if url.startswith(base_url))
    return sorted(url[len(base_url):] or "/" for url in found)


def manage_path(email: EmailMessage, base_url: str) -> str:
    paths = [path for path in links(email, base_url) if "/aanmelden/" in path]
    assert len(paths) == 1, paths
    return paths[0]


def snapshot(db: Database) -> list[Any]:
    """Everything a link could change: registrations, their settings, activities, outbox."""
    with db.session() as session:
        rows: list[Any] = []
        for table in ("registrations", "registration_settings", "activities",
                      "activity_changes", "feedback_responses"):
            rows.append(sorted((tuple(row) for row in session.execute(
                text(f"SELECT * FROM {table}"))), key=repr))  # noqa: S608 - fixed names
        rows.append(sorted(session.execute(
            select(OutboxMessage.dedupe_key, OutboxMessage.state)).all()))
    return rows
