"""Fixtures for the notifier tests: settings, a fixed clock, messages, a real SMTP server."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

import icalendar
import pytest

from calendar_app.config import Settings
from notifier import Message
from tests.smtp_server import SmtpTestServer

NOW = datetime(2030, 6, 28, 7, 0, tzinfo=UTC)


@pytest.fixture
def mail_settings(settings: Settings) -> Settings:
    """The shared `settings` with a sender, a public address and a short SMTP timeout."""
    return dataclasses.replace(
        settings,
        base_url="https://kalender.example",
        mail_from="Diversiteitskalender <noreply@kalender.example>",
        mail_timeout=2,
    )


@pytest.fixture
def smtp_server() -> Iterator[SmtpTestServer]:
    with SmtpTestServer(seed=20300701) as server:
        yield server


@pytest.fixture
def smtp_settings(mail_settings: Settings, smtp_server: SmtpTestServer) -> Settings:
    return dataclasses.replace(
        mail_settings,
        mail_backend="smtp",
        mail_host=smtp_server.host,
        mail_port=smtp_server.port,
    )


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def ics() -> bytes:
    """A one-event METHOD:PUBLISH calendar, as the ical package would attach it."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Diversiteitskalender//tests//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", "keti-koti-2030@kalender.example")
    event.add("dtstamp", datetime(2030, 1, 1, tzinfo=UTC))
    event.add("dtstart", date(2030, 7, 1))
    event.add("dtend", date(2030, 7, 2))
    event.add("summary", "Keti Koti")
    calendar.add_component(event)
    return calendar.to_ical()


def reminder_context(**overrides: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "title": "Keti Koti",
        "start_date": "2030-07-01",
        "days_ahead": 3,
        "event_url": "https://kalender.example/observances/keti-koti/2030",
        "workgroup": "Werkgroep Zuid",
        "description": "Herdenking en viering van de afschaffing van de slavernij.",
        "considerations": "Plan geen teamuitje op deze dag.",
    }
    context.update(overrides)
    return context


@pytest.fixture
def make_message() -> Callable[..., Message]:
    """Build a reminder `Message`; keyword arguments replace fields or context keys."""

    def make(**overrides: Any) -> Message:
        context = overrides.pop("context", None) or reminder_context()
        fields: dict[str, Any] = {
            "dedupe_key": "reminder:occ-1:rule-1:member-1:3",
            "to": "ann@example.org",
            "to_name": "Ann de Vries",
            "lang": "nl",
            "kind": "reminder",
            "context": context,
            "unsubscribe_url": "https://kalender.example/u/tok3n",
            "ics": None,
        }
        fields.update(overrides)
        return Message(**fields)

    return make
