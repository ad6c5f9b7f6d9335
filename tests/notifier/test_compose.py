"""compose(): one well-formed e-mail per message, in the recipient's language."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from email.utils import getaddresses

import icalendar
import pytest

from calendar_app.config import Settings
from notifier import KINDS
from notifier import Message
from notifier import compose
from tests.notifier.conftest import reminder_context

SAMPLE_CONTEXT = {
    "reminder": reminder_context(),
    "digest": {"items": [
        {"title": "Keti Koti", "start_date": "2030-07-01", "event_url": "https://k.example/1"},
        {"title": "Pesach", "start_date": "2030-04-18", "end_date": "2030-04-25",
         "event_url": "https://k.example/2", "evening_before": True},
    ]},
    "invitation": {"workgroup": "Werkgroep Oost", "invite_url": "https://k.example/i/x"},
    "password-reset": {"reset_url": "https://k.example/r/x", "valid_minutes": 30},
    "registration": {"step": "confirmed", "title": "Iftar", "activity_url": "https://k.example/a",
                     "manage_url": "https://k.example/a/aanmelden/x",
                     "start_date": "2030-03-01"},
    "test": {},
    "proposal": {"title": "Lunchlezing", "workgroup": "Werkgroep Zuid",
                 "proposer": "Mia", "review_path": "/activities/x/review",
                 "starts_at": "2030-06-30T10:00:00+00:00"},
    "proposal-published": {"title": "Lunchlezing", "workgroup": "Werkgroep Zuid",
                           "activity_path": "/activities/x", "start_date": "2030-06-30"},
    "proposal-declined": {"title": "Lunchlezing", "workgroup": "Werkgroep Zuid",
                          "reason": "Dubbel gepland.", "edit_path": "/activities/x/edit"},
    "unannounced": {"items": [{"title": "Pride Amsterdam", "source": "https://pride.amsterdam/",
                               "last_known": "2026-07-25"}],
                    "until": "2028-03-01", "page_url": "https://k.example/admin/dates/unannounced"},
}


def _text(email: EmailMessage) -> str:
    part = email.get_body(("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


def _html(email: EmailMessage) -> str:
    part = email.get_body(("html",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


def test_has_text_and_html_alternatives(make_message: Callable[..., Message],
                                        mail_settings: Settings, now: datetime) -> None:
    email = compose(make_message(), mail_settings, now=now)
    assert email.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in email.iter_parts()] == [
        "text/plain", "text/html"]
    assert "Keti Koti" in _text(email)
    assert "<h1" in _html(email)


def test_attaches_the_ics_as_a_publish_calendar(make_message: Callable[..., Message],
                                                mail_settings: Settings, now: datetime,
                                                ics: bytes) -> None:
    email = compose(make_message(ics=ics), mail_settings, now=now)
    assert email.get_content_type() == "multipart/mixed"
    (attachment,) = list(email.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_param("charset") == "utf-8"
    assert attachment.get_filename() == "afspraak.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == "keti-koti-2030@kalender.example"


def test_message_id_depends_only_on_the_dedupe_key(make_message: Callable[..., Message],
                                                   mail_settings: Settings,
                                                   now: datetime) -> None:
    first = compose(make_message(), mail_settings, now=now)
    resent = compose(make_message(), mail_settings, now=now + timedelta(hours=5))
    other = compose(make_message(dedupe_key="reminder:occ-2:rule-1:member-1:3"),
                    mail_settings, now=now)
    assert first["Message-ID"] == resent["Message-ID"]
    assert first["Message-ID"] != other["Message-ID"]
    assert first["Message-ID"].endswith("@kalender.example>")


def test_date_header_is_the_injected_now(make_message: Callable[..., Message],
                                         mail_settings: Settings, now: datetime) -> None:
    email = compose(make_message(), mail_settings, now=now)
    assert email["Date"] == format_datetime(now)
    assert email["Date"].datetime == now


def test_refuses_a_naive_now(make_message: Callable[..., Message],
                             mail_settings: Settings) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        compose(make_message(), mail_settings, now=datetime(2030, 6, 28, 9, 0))


def test_is_marked_auto_generated(make_message: Callable[..., Message],
                                  mail_settings: Settings, now: datetime) -> None:
    email = compose(make_message(), mail_settings, now=now)
    assert email["Auto-Submitted"] == "auto-generated"


def test_carries_one_click_unsubscribe_headers(make_message: Callable[..., Message],
                                               mail_settings: Settings,
                                               now: datetime) -> None:
    email = compose(make_message(), mail_settings, now=now)
    assert email["List-Unsubscribe"] == "<https://kalender.example/u/tok3n>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_has_no_unsubscribe_headers_without_a_url(make_message: Callable[..., Message],
                                                  mail_settings: Settings,
                                                  now: datetime) -> None:
    email = compose(make_message(unsubscribe_url=None), mail_settings, now=now)
    assert "List-Unsubscribe" not in email
    assert "List-Unsubscribe-Post" not in email


def test_addresses_exactly_one_recipient(make_message: Callable[..., Message],
                                         mail_settings: Settings, now: datetime) -> None:
    email = compose(make_message(), mail_settings, now=now)
    assert getaddresses(email.get_all("To")) == [("Ann de Vries", "ann@example.org")]
    assert "Cc" not in email
    assert "Bcc" not in email
    assert email["From"] == mail_settings.mail_from


def test_renders_dutch_by_default(make_message: Callable[..., Message],
                                  mail_settings: Settings, now: datetime) -> None:
    email = compose(make_message(), mail_settings, now=now)
    assert email["Subject"] == "Herinnering: Keti Koti over 3 dagen (maandag 1 juli 2030)"
    assert "Wanneer: maandag 1 juli 2030" in _text(email)
    assert "Aandachtspunten:" in _text(email)
    assert '<html lang="nl">' in _html(email)
    assert "Afmelden voor deze e-mails" in _html(email)


def test_renders_english_on_request(make_message: Callable[..., Message],
                                    mail_settings: Settings, now: datetime) -> None:
    email = compose(make_message(lang="en"), mail_settings, now=now)
    assert email["Subject"] == "Reminder: Keti Koti in 3 days (Monday, 1 July 2030)"
    assert "When: Monday, 1 July 2030" in _text(email)
    assert "Points to consider:" in _text(email)
    assert '<html lang="en">' in _html(email)


@pytest.mark.parametrize(("days_ahead", "phrase"), [(0, "vandaag"), (1, "morgen"),
                                                    (2, "over 2 dagen")])
def test_says_when_in_dutch(make_message: Callable[..., Message], mail_settings: Settings,
                            now: datetime, days_ahead: int, phrase: str) -> None:
    message = make_message(context=reminder_context(days_ahead=days_ahead))
    email = compose(message, mail_settings, now=now)
    assert f"Keti Koti is {phrase}." in _text(email)


def test_shows_a_span_of_days_with_inclusive_end(make_message: Callable[..., Message],
                                                 mail_settings: Settings,
                                                 now: datetime) -> None:
    message = make_message(context=reminder_context(
        title="Pesach", start_date="2030-04-18", end_date="2030-04-25", evening_before=True))
    text = _text(compose(message, mail_settings, now=now))
    assert "Wanneer: donderdag 18 april 2030 t/m donderdag 25 april 2030" in text
    assert "Het begint de avond ervoor bij zonsondergang." in text


def test_html_escapes_markup_in_an_event_title(make_message: Callable[..., Message],
                                               mail_settings: Settings,
                                               now: datetime) -> None:
    title = 'Pride <script>alert("x")</script>'
    message = make_message(context=reminder_context(title=title, description="<b>hi</b>"))
    email = compose(message, mail_settings, now=now)
    html = _html(email)
    assert "<script>" not in html
    assert "<b>hi</b>" not in html
    assert "Pride &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert title in _text(email)


def test_subject_stays_on_one_line(make_message: Callable[..., Message],
                                   mail_settings: Settings, now: datetime) -> None:
    message = make_message(context=reminder_context(title="Keti\r\nBcc: x@evil.example Koti"))
    email = compose(message, mail_settings, now=now)
    assert "\n" not in email["Subject"]
    assert "Bcc" not in [name for name, _ in email.items()]
    headers = email.as_bytes().split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_in_both_languages(make_message: Callable[..., Message],
                                              mail_settings: Settings, now: datetime,
                                              kind: str, lang: str) -> None:
    message = make_message(kind=kind, lang=lang, context=SAMPLE_CONTEXT[kind])
    email = compose(message, mail_settings, now=now)
    greeting = {"nl": "Beste Ann de Vries,", "en": "Hello Ann de Vries,"}[lang]
    assert email["Subject"]
    assert _text(email).startswith(greeting)
    assert f'<html lang="{lang}">' in _html(email)
    assert "%(" not in _text(email) + _html(email)


def test_digest_lists_every_item(make_message: Callable[..., Message],
                                 mail_settings: Settings, now: datetime) -> None:
    message = make_message(kind="digest", context=SAMPLE_CONTEXT["digest"])
    email = compose(message, mail_settings, now=now)
    assert email["Subject"] == "Diversiteitskalender: binnenkort 2 datums"
    text = _text(email)
    assert "* Keti Koti\n  maandag 1 juli 2030" in text
    assert "donderdag 18 april 2030 t/m donderdag 25 april 2030 (begint de avond ervoor)" in text


def test_sender_domain_falls_back_to_the_site(make_message: Callable[..., Message],
                                              mail_settings: Settings, now: datetime) -> None:
    settings = dataclasses.replace(mail_settings, mail_from="Kalender")
    email = compose(make_message(), settings, now=now)
    assert email["Message-ID"].endswith("@kalender.example>")


def test_dates_may_be_date_objects(make_message: Callable[..., Message],
                                   mail_settings: Settings, now: datetime) -> None:
    message = make_message(lang="en", context=reminder_context(
        start_date=datetime(2030, 7, 1, tzinfo=UTC).date()))
    assert "Monday, 1 July 2030" in _text(compose(message, mail_settings, now=now))


def test_a_prepared_message_gets_its_date_when_sent(make_message: Callable[..., Message],
                                                     mail_settings: Settings) -> None:
    from email import message_from_bytes
    from email import policy

    from notifier import dated
    from notifier import prepare

    message = make_message()
    prepared = prepare(message, mail_settings)
    assert b"\r\nDate:" not in prepared and not prepared.startswith(b"Date:")
    sent_at = datetime(2030, 3, 31, 7, 0, tzinfo=UTC)
    wire = dated(prepared, sent_at)
    assert dated(wire, sent_at + timedelta(hours=1)) == wire  # never a second Date
    parsed = message_from_bytes(wire, policy=policy.default)
    direct = compose(message, mail_settings, now=sent_at)
    assert parsed["Date"] == format_datetime(sent_at)
    for header in ("From", "To", "Subject", "Message-ID", "List-Unsubscribe"):
        assert parsed[header] == direct[header]
    assert _text(parsed).replace("\r\n", "\n") == _text(direct)


def test_members_reminded_of_one_event_each_get_its_calendar_unchanged(
        make_message: Callable[..., Message], mail_settings: Settings, ics: bytes) -> None:
    from notifier import prepare

    first = make_message(ics=ics, to="a@example.org", dedupe_key="reminder:a")
    alone = prepare(first, mail_settings)
    second = prepare(make_message(ics=ics, to="b@example.org", to_name="B",
                                  dedupe_key="reminder:b"), mail_settings)
    again = prepare(first, mail_settings)
    # The calendar part is shared between the two: composing the second changes
    # nothing in the first (only the random MIME boundaries differ).
    assert _without(again, again) == _without(alone, alone)
    for wire in (alone, second):
        (attachment,) = list(_parsed(wire).iter_attachments())
        assert attachment.get_content() == ics.decode("utf-8")
        assert attachment.get_filename() == "afspraak.ics"


def _parsed(wire: bytes) -> EmailMessage:
    from email import message_from_bytes
    from email import policy

    parsed = message_from_bytes(wire, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _without(wire: bytes, source: bytes) -> bytes:
    """`wire` with the MIME boundaries of `source` blanked (they are random)."""
    import re

    for boundary in set(re.findall(rb'boundary="([^"]+)"', source)):
        wire = wire.replace(boundary, b"BOUNDARY")
    return wire
