"""Fixtures for the scheduler tests: a team with reminder rules, a real SMTP server."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.reminder_content import ReminderContent
from tests.smtp_server import SmtpTestServer

#: The counts the reliability tests report, shown after the run (pytest hides prints).
_COUNTS = pytest.StashKey[list[str]]()


@pytest.fixture
def record_count(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Record one line of counts for the "reliability counts" section of the summary."""
    lines = request.config.stash.setdefault(_COUNTS, [])

    def record(line: str) -> None:
        lines.append(f"{request.node.name}: {line}")

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter,
                            config: pytest.Config) -> None:
    lines = config.stash.get(_COUNTS, [])
    if lines:
        terminalreporter.section("reliability counts")
        for line in lines:
            terminalreporter.write_line(line)


#: Long before any test's "now": rules and memberships exist from then on.
CREATED = datetime(2029, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Team:
    workgroup_id: int
    rule_id: int
    user_ids: tuple[int, ...]
    emails: tuple[str, ...]


def make_team(database: Database, *, members: int = 3, lead_days: tuple[int, ...] = (2,),
              send_time: str = "09:00", covers: str = "activities",
              slug: str = "zuid", lang: str = "nl", created: datetime = CREATED,
              mode: str = "individual") -> Team:
    """A workgroup, its members and one reminder rule, committed (all existing from `created`)."""
    with database.transaction() as session:
        workgroup = Workgroup(slug=slug, name=f"Werkgroep {slug}", description="",
                              created_at=created)
        session.add(workgroup)
        session.flush()
        rule = ReminderRule(workgroup_id=workgroup.id, lead_days=list(lead_days),
                            send_time=send_time, covers=covers, themes=[], created_at=created)
        session.add(rule)
        users = [User(email=f"{slug}-m{i}@example.org", name=f"Lid {i}", lang=lang,
                      password_hash="", is_admin=False, is_active=True, created_at=created)
                 for i in range(members)]
        session.add_all(users)
        session.flush()
        session.add_all(Membership(user_id=user.id, workgroup_id=workgroup.id, role="member",
                                   reminder_mode=mode, created_at=created)
                        for user in users)
        return Team(workgroup.id, rule.id, tuple(u.id for u in users),
                    tuple(u.email for u in users))


def composed_items(database: Database, settings: Settings,
                   row: object) -> list[dict[str, Any]]:
    """What the mail of a reminder row says about each of its items, composed now as
    dispatch composes it (rows store only the items' keys)."""
    with database.session() as session:
        return ReminderContent(session, settings, datetime.now(UTC)).items(row) or []  # type: ignore[arg-type]


def make_activity(database: Database, team: Team, start: date, *, days: int = 1,
                  status: str = "published", title: str = "Keti Koti-ontbijt",
                  created: datetime = CREATED) -> int:
    with database.transaction() as session:
        activity = Activity(
            public_id=str(uuid.uuid4()), workgroup_id=team.workgroup_id, title=title,
            description="Samen ontbijten.", all_day=True, start_date=start,
            end_date=start + timedelta(days=days - 1), status=status, themes=[],
            accessibility={}, created_at=created, updated_at=created)
        session.add(activity)
        session.flush()
        return activity.id


def make_timed_activity(database: Database, team: Team, start_at: datetime, *,
                        hours: int = 1, title: str = "Lezing", location: str = "") -> int:
    """A published activity with a start and end time (aware `start_at`)."""
    with database.transaction() as session:
        activity = Activity(
            public_id=str(uuid.uuid4()), workgroup_id=team.workgroup_id, title=title,
            description="", all_day=False, start_at=start_at,
            end_at=start_at + timedelta(hours=hours), location=location,
            status="published", themes=[], accessibility={}, created_at=CREATED,
            updated_at=CREATED)
        session.add(activity)
        session.flush()
        return activity.id


@pytest.fixture
def smtp_server() -> Iterator[SmtpTestServer]:
    with SmtpTestServer(seed=20300701) as server:
        yield server


@pytest.fixture
def mail_settings(db_settings: Settings, smtp_server: SmtpTestServer) -> Settings:
    """`db_settings` sending through the test SMTP server."""
    return dataclasses.replace(
        db_settings, mail_backend="smtp", mail_host=smtp_server.host,
        mail_port=smtp_server.port, mail_timeout=3, base_url="https://kalender.example",
        mail_from="Diversiteitskalender <noreply@kalender.example>")
