"""What a reminder says: what a team can do, and everything about an activity one needs."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import ProgrammeItem
from calendar_app.services.reminder_content import ReminderContent
from calendar_app.services.reminders import plan_reminders
from calendar_app.services.reminders import send_at
from notifier.compose import compose
from scheduler.dispatch import message_for
from tests.scheduler.conftest import CREATED
from tests.scheduler.conftest import make_team
from tests.test_markdown_text import MARKUP
from tests.test_markdown_text import SAMPLE


def _mails(database: Database, settings: Settings, now: datetime) -> list[EmailMessage]:
    with database.transaction() as session:
        plan_reminders(session, settings, now=now)
    with database.session() as session:
        # Skipped rows (missed reminders) are composed only when tried again.
        content = ReminderContent(session, settings, now)
        return [compose(message_for(row, settings, content), settings, now=now)
                for row in session.scalars(select(OutboxMessage).where(
                    OutboxMessage.state != "skipped").order_by(OutboxMessage.id))]


def _part(email: EmailMessage, kind: str) -> str:
    part = email.get_body((kind,))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


def test_an_activity_reminder_has_times_place_link_programme_and_access(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(7,))
    with database.transaction() as session:
        session.add(Activity(
            public_id=str(uuid.uuid4()), workgroup_id=team.workgroup_id, title="Synergiedag",
            description=SAMPLE, all_day=False, kind="synergy-day",
            start_at=datetime(2030, 7, 15, 8, 0, tzinfo=UTC),
            end_at=datetime(2030, 7, 15, 14, 30, tzinfo=UTC), location="Stadhuis, Amstel 1",
            online_url="https://teams.example/dag", status="published", themes=[],
            accessibility={"wheelchair": True, "other": "Prikkelarme ruimte op 2"},
            created_at=CREATED, updated_at=CREATED,
            programme=[ProgrammeItem(title="Opening", start_at=datetime(2030, 7, 15, 8, 0,
                                                                        tzinfo=UTC),
                                     end_at=datetime(2030, 7, 15, 8, 30, tzinfo=UTC),
                                     room="Raadzaal", host="Wethouder"),
                       ProgrammeItem(title="Workshop", start_at=datetime(2030, 7, 15, 9, 0,
                                                                         tzinfo=UTC),
                                     end_at=datetime(2030, 7, 15, 10, 0, tzinfo=UTC),
                                     room="Zaal 2", online_url="https://teams.example/workshop")]))
    [email] = _mails(database, db_settings, send_at(date(2030, 7, 8), "09:00",
                                                    db_settings.zone))
    text = _part(email, "plain")
    for expected in ("10:00–16:30", "Waar: Stadhuis, Amstel 1", "https://teams.example/dag",
                     "10:00–10:30 Opening (Raadzaal), Wethouder",
                     "11:00–12:00 Workshop (Zaal 2), Online: https://teams.example/workshop",
                     "Toegankelijk met een rolstoel", "Prikkelarme ruimte op 2",
                     "Over Keti Koti en vrijheid"):
        assert expected in text, expected
    assert not any(mark in text for mark in MARKUP)
    html = _part(email, "html")
    assert "<strong>Keti Koti</strong>" in html  # rendered in HTML only
    assert 'href="https://teams.example/workshop"' in html


def test_an_observance_reminder_says_what_a_team_can_do(database: Database,
                                                         db_settings: Settings) -> None:
    from calendar_app.catalogue import load_file
    from calendar_app.services.catalogue_sync import sync_catalogue
    from tests.conftest import ROOT

    catalogue = load_file(ROOT / "tests/data/events_small.yaml")
    with database.transaction() as session:
        sync_catalogue(session, catalogue, now=CREATED)
    make_team(database, members=1, lead_days=(7,), covers="observances")
    mails = _mails(database, db_settings, send_at(date(2030, 4, 20), "09:00",
                                                  db_settings.zone))
    koningsdag = catalogue.observances["koningsdag"]
    text = next(_part(m, "plain") for m in mails if "Koningsdag" in str(m["Subject"]))
    assert "Wat je team kan doen:" in text
    for suggestion in koningsdag.suggestions:
        assert suggestion.get("nl") in text
