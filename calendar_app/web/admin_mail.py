"""E-mail previews: each kind of message composed from sample data, never sent.

This is the one web module that imports the notifier, and only its pure parts
(`notifier.compose`, `notifier.message`, `notifier.outbox_row`): composing is a
function of plain values that touches no network. The backends (`notifier.backends`)
and the scheduler stay out of reach of the web by an import-linter contract, because
a web request must never send mail; mail goes out as outbox rows that the scheduler delivers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import OutboxMessage
from calendar_app.services import unsubscribe
from calendar_app.services.reminder_content import ReminderContent
from notifier.compose import compose
from notifier.message import KINDS
from notifier.message import LANGUAGES
from notifier.message import Message
from notifier.outbox_row import message_for

#: A fixed moment, so a preview reads the same every time it is opened.
SAMPLE_NOW = datetime(2026, 6, 17, 7, 0, tzinfo=UTC)
SAMPLE_ADDRESS = "voorbeeld@example.org"

_SAMPLE_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Diversiteitskalender//preview//NL\r\n"
    b"METHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:preview@diversiteitskalender\r\n"
    b"DTSTAMP:20260617T070000Z\r\nDTSTART;VALUE=DATE:20260701\r\n"
    b"SUMMARY:Keti Koti\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


@dataclass(frozen=True)
class Preview:
    """What the preview page shows of one composed message."""

    kind: str
    lang: str
    subject: str
    headers: list[tuple[str, str]]
    text: str
    html: str
    attachments: list[str]


def _sample_context(kind: str, lang: str, base_url: str) -> dict[str, Any]:
    """Plausible values of the shape the scheduler and services put in outbox rows."""
    nl = lang == "nl"
    keti_koti: dict[str, Any] = {
        "title": "Keti Koti", "start_date": "2026-07-01",
        "event_url": f"{base_url}/observances/keti-koti/2026-1",
    }
    samples: dict[str, dict[str, Any]] = {
        "reminder": {
            **keti_koti, "days_ahead": 14,
            "workgroup": "Werkgroep Zuid",
            "description": ("Herdenking en viering van de afschaffing van de slavernij."
                            if nl else "Remembrance and celebration of the abolition "
                            "of slavery."),
            "considerations": ("Plan geen feestelijke borrel op 30 juni."
                               if nl else "Do not plan a party on 30 June."),
        },
        "digest": {
            "period_start": "2026-06-22", "period_end": "2026-07-19",
            "items": [
                {"title": "Pride Amsterdam",
                 "start_date": "2026-07-25", "end_date": "2026-08-01",
                 "event_url": f"{base_url}/observances/pride-amsterdam/2026-1"},
                {**keti_koti, "workgroup": None},
                {"title": "Lunchlezing" if nl else "Lunch lecture",
                 "start_date": "2026-06-30", "workgroup": "Werkgroep Zuid",
                 "event_url": f"{base_url}/activities/voorbeeld"},
            ],
        },
        "invitation": {
            "workgroup": "Werkgroep Zuid", "inviter": "Cas Coördinator",
            "invite_url": f"{base_url}/reset/voorbeeld-token",
            "expires_date": (SAMPLE_NOW + timedelta(days=7)).date().isoformat(),
        },
        "password-reset": {"reset_url": f"{base_url}/reset/voorbeeld-token",
                           "valid_minutes": 60},
        "registration": {
            "step": "confirmed", "title": "Iftar", "workgroup": "Werkgroep Zuid",
            "activity_url": f"{base_url}/activities/voorbeeld",
            "manage_url": f"{base_url}/activities/voorbeeld/aanmelden/voorbeeld-token",
            "start_date": "2026-03-01", "start_time": "18:00", "end_time": "20:00",
            "location": "Stadhuis, Amstel 1", "accessibility": ["wheelchair"],
        },
        "test": {},
        **_proposal_samples(nl),
        "unannounced": {
            "items": [{"title": "Week van het werkgeluk", "source": "https://weekvanhetwerkgeluk.nl/",
                       "last_known": "2021-03-15"},
                      {"title": "Pride Amsterdam", "source": "https://pride.amsterdam/",
                       "last_known": "2026-07-25"}],
            "until": "2027-09-17", "page_url": f"{base_url}/admin/dates/unannounced"},
    }
    return samples[kind]


def _proposal_samples(nl: bool) -> dict[str, dict[str, Any]]:
    """The three proposal mails (`calendar_app.services.proposal_mail`)."""
    lunch: dict[str, Any] = {
        "title": "Lunchlezing Keti Koti" if nl else "Lunch lecture Keti Koti",
        "workgroup": "Werkgroep Zuid", "starts_at": "2026-06-30T10:00:00+00:00",
        "ends_at": "2026-06-30T11:30:00+00:00"}
    return {
        "proposal": {**lunch, "proposer": "Mia Member", "resubmitted": False,
                     "review_path": "/activities/voorbeeld/review"},
        "proposal-published": {**lunch, "coordinator": "Cas Coördinator",
                               "activity_path": "/activities/voorbeeld"},
        "proposal-declined": {**lunch, "coordinator": "Cas Coördinator",
                              "reason": ("Op 30 juni is er al de herdenking; kies een andere "
                                         "dag." if nl else "30 June already has the "
                                         "remembrance; pick another day."),
                              "edit_path": "/activities/voorbeeld/edit"},
    }


def sample_message(kind: str, lang: str, settings: Settings) -> Message:
    """A message of `kind` in `lang` built from sample data (ValueError if unknown)."""
    if kind not in KINDS or lang not in LANGUAGES:
        raise ValueError(f"no preview for {kind!r} in {lang!r}")
    unsubscribe = (f"{settings.base_url}/unsubscribe/voorbeeld"
                   if kind in ("reminder", "digest") else None)
    return Message(
        dedupe_key=f"preview:{kind}:{lang}", to=SAMPLE_ADDRESS, to_name="Mia Member",
        lang=lang, kind=kind, context=_sample_context(kind, lang, settings.base_url),
        unsubscribe_url=unsubscribe, ics=_SAMPLE_ICS if kind == "reminder" else None)


def preview(kind: str, lang: str, settings: Settings) -> Preview:
    """Compose the sample message and take it apart for display."""
    email = compose(sample_message(kind, lang, settings), settings, now=SAMPLE_NOW)
    return Preview(
        kind=kind, lang=lang, subject=str(email["Subject"]),
        headers=[(name, str(value)) for name, value in email.items()
                 if name not in ("Content-Type", "MIME-Version")],
        text=_part(email, "plain"), html=_part(email, "html"),
        attachments=[part.get_filename() or "" for part in email.iter_attachments()])


def compose_row(session: Session, row: OutboxMessage, settings: Settings) -> EmailMessage:
    """An outbox row's message composed afresh, as the dispatcher would compose it now.

    For the outbox detail page, once a row's prepared bytes are gone (they are dropped
    when it is sent). `notifier.outbox_row.message_for` is the builder the dispatcher
    uses too; the Date header is the row's sending or due time.
    """
    moment = row.sent_at or row.due_at
    content = ReminderContent(session, settings, moment)
    message = message_for(row, unsubscribe_url=unsubscribe.url_for_row(settings, row),
                          calendar=content.calendar(row), items=content.items(row))
    return compose(message, settings, now=moment)


@dataclass(frozen=True)
class Part:
    """A part of a message beside its text and HTML: the calendar or an image."""

    #: Content type with the iTIP method where there is one ("text/calendar; method=REQUEST").
    content_type: str
    filename: str
    #: The calendar's text, for a text/calendar part; "" for anything else.
    text: str


def other_parts(email: EmailMessage) -> list[Part]:
    """The calendar invitation, attachments and inline images, in the message's order."""
    found = []
    for leaf in email.walk():
        if leaf.is_multipart() or leaf.get_content_type() in ("text/plain", "text/html"):
            continue
        content_type = leaf.get_content_type()
        method = leaf.get_param("method")
        if isinstance(method, str):
            content_type += f"; method={method}"
        text = ""
        if leaf.get_content_type() == "text/calendar":
            text = str(leaf.get_content())  # type: ignore[attr-defined]
        found.append(Part(content_type=content_type, filename=leaf.get_filename() or "",
                          text=text))
    return found


def part(email: EmailMessage, subtype: str) -> str:
    """The text of the message's `subtype` ("plain" or "html") part, or ""."""
    return _part(email, subtype)


def _part(email: EmailMessage, subtype: str) -> str:
    body = email.get_body(preferencelist=(subtype,))
    if body is None or body.get_content_subtype() != subtype:
        return ""
    content = body.get_content()  # type: ignore[attr-defined]
    return str(content)


def choices() -> list[tuple[str, str]]:
    """Every (kind, language) pair that has a preview."""
    return [(kind, lang) for kind in KINDS for lang in LANGUAGES]

