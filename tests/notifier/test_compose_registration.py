"""Registrants' e-mails: the invitation inline as Outlook expects, the QR code in place."""

from __future__ import annotations

from email import message_from_bytes
from email import policy
from email.message import EmailMessage

import pytest

from calendar_app.config import Settings
from notifier import prepare
from notifier.message import Message

ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//NL\r\nMETHOD:REQUEST\r\n"
       b"END:VCALENDAR\r\n")
PNG = b"\x89PNG\r\n\x1a\nfake"
CONTEXT = {"step": "confirmed", "title": "Iftar", "activity_url": "http://x/a",
           "manage_url": "http://x/a/aanmelden/t", "start_date": "2026-03-01",
           "start_time": "18:00", "end_time": "20:00", "location": "Stadhuis"}


def parsed(message: Message, settings: Settings) -> EmailMessage:
    email = message_from_bytes(prepare(message, settings), policy=policy.default)
    assert isinstance(email, EmailMessage)
    return email


def invitation(**changes: object) -> Message:
    values: dict[str, object] = dict(dedupe_key="reg-request:1:ab:3", to="anna@example.org",
                                     to_name="Anna", lang="nl", kind="registration",
                                     context=CONTEXT, ics=ICS, ics_method="REQUEST",
                                     inline_png=PNG)
    values.update(changes)
    return Message(**values)  # type: ignore[arg-type]


def test_the_invitation_is_an_inline_calendar_alternative(settings: Settings) -> None:
    email = parsed(invitation(), settings)
    assert email.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in email.iter_parts()]
    assert kinds == ["text/plain", "multipart/related", "text/calendar"]
    calendar = list(email.iter_parts())[2]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_disposition() is None
    assert calendar.get_payload(decode=True) == ICS


def test_the_qr_code_is_shown_in_the_html(settings: Settings) -> None:
    email = parsed(invitation(), settings)
    html = email.get_body(("html",))
    assert html is not None and 'src="cid:qr@diversiteitskalender"' in html.get_content()
    image = next(part for part in email.walk() if part.get_content_type() == "image/png")
    assert image["Content-ID"] == "<qr@diversiteitskalender>"
    assert image.get_payload(decode=True) == PNG


@pytest.mark.parametrize("lang,subject", [("nl", "Je bent aangemeld: Iftar"),
                                          ("en", "You are registered: Iftar")])
def test_the_subject_follows_the_language(settings: Settings, lang: str, subject: str) -> None:
    assert parsed(invitation(lang=lang), settings)["Subject"] == subject


def test_a_cancel_carries_method_cancel(settings: Settings) -> None:
    email = parsed(invitation(ics=ICS.replace(b"REQUEST", b"CANCEL"), ics_method="CANCEL",
                              inline_png=None, context={**CONTEXT, "step": "cancelled"}),
                   settings)
    calendar = [p for p in email.walk() if p.get_content_type() == "text/calendar"]
    assert [p.get_param("method") for p in calendar] == ["CANCEL"]


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError):
        invitation(ics_method="COUNTER")


def test_each_label_of_the_text_part_stands_on_its_own_line(settings: Settings) -> None:
    """Regression: trim_blocks ate the line break after a closing {% endif %}, so the
    text part read "12:00–13:30Waar: Stadhuis"."""
    text = parsed(invitation(), settings).get_body(("plain",)).get_content()
    lines = text.splitlines()
    assert any(line.startswith("Wanneer:") and line.endswith("18:00–20:00") for line in lines)
    assert "Waar: Stadhuis" in lines


def test_the_unannounced_notice_lists_one_observance_a_line(settings: Settings) -> None:
    items = [{"title": "Pride Amsterdam", "last_known": None, "source": "https://pride.amsterdam/"},
             {"title": "Roze Filmdagen", "last_known": None,
              "source": "https://rozefilmdagen.nl/"}]
    message = Message(dedupe_key="unannounced:2026-12:u1", to="admin@example.org",
                      to_name="Ada", lang="nl", kind="unannounced",
                      context={"items": items, "until": "2028-03-01",
                               "page_url": "http://x/admin/dates/unannounced"})
    lines = parsed(message, settings).get_body(("plain",)).get_content().splitlines()
    assert "- Pride Amsterdam: https://pride.amsterdam/" in lines
    assert "- Roze Filmdagen: https://rozefilmdagen.nl/" in lines
