"""The proposal mails: subject names the activity, links lead to the right page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

from calendar_app.config import Settings
from notifier import Message
from notifier.compose import compose


def _text(email: EmailMessage) -> str:
    part = email.get_body(("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


def test_a_new_proposal_names_the_activity_and_links_its_review_page(
        make_message: Callable[..., Message], mail_settings: Settings, now: datetime) -> None:
    message = make_message(kind="proposal", context={
        "title": "Lunchlezing Keti Koti", "workgroup": "Werkgroep Zuid", "proposer": "Mia",
        "review_path": "/activities/abc/review", "starts_at": "2030-06-30T10:00:00+00:00",
        "ends_at": "2030-06-30T11:30:00+00:00"})
    email = compose(message, mail_settings, now=now)
    assert email["Subject"] == "Nieuw voorstel voor Werkgroep Zuid: Lunchlezing Keti Koti"
    text = _text(email)
    assert f"{mail_settings.base_url}/activities/abc/review" in text
    assert "zondag 30 juni 2030, 12:00–13:30" in text  # 10:00 UTC is 12:00 in Amsterdam (CEST)


def test_a_decline_carries_the_reason_and_the_way_back(
        make_message: Callable[..., Message], mail_settings: Settings, now: datetime) -> None:
    message = make_message(kind="proposal-declined", lang="en", context={
        "title": "Lunch lecture", "workgroup": "Werkgroep Zuid", "coordinator": "Cas",
        "reason": "30 June already has the remembrance.", "edit_path": "/activities/abc/edit"})
    email = compose(message, mail_settings, now=now)
    assert email["Subject"] == "Your proposal is declined: Lunch lecture"
    text = _text(email)
    assert "30 June already has the remembrance." in text
    assert f"{mail_settings.base_url}/activities/abc/edit" in text
