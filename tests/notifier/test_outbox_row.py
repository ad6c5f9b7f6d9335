"""`message_for` reads an outbox row as plain values: no database needed."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from notifier.outbox_row import message_for


@dataclass
class Row:
    """Stands in for `calendar_app.models.OutboxMessage` (the attributes read)."""

    payload: dict[str, Any] = field(default_factory=dict)
    dedupe_key: str = "reg-request:1:abc:0"
    recipient_email: str = "anna@example.org"
    lang: str = "nl"
    kind: str = "registration"


CONTEXT = {"step": "confirmed", "title": "Iftar", "activity_url": "https://x/a",
           "manage_url": "https://x/m"}


def test_an_invitation_keeps_its_method_and_qr_code() -> None:
    png = b"\x89PNG fake"
    message = message_for(Row({"context": CONTEXT, "ics": "BEGIN:VCALENDAR", "to_name": "Anna",
                               "ics_method": "REQUEST",
                               "qr_png": base64.b64encode(png).decode()}),
                          unsubscribe_url=None)
    assert (message.ics, message.ics_method, message.inline_png) == (
        b"BEGIN:VCALENDAR", "REQUEST", png)
    assert message.to_name == "Anna" and message.context["title"] == "Iftar"


def test_a_flat_payload_is_its_context_without_the_meta_keys() -> None:
    payload = {**CONTEXT, "workgroup_id": 3, "start_date": "2027-05-06", "to_name": "Anna"}
    message = message_for(Row(payload), unsubscribe_url="https://x/u/t")
    assert dict(message.context) == CONTEXT
    assert message.ics is None and message.ics_method == "PUBLISH"
    assert message.unsubscribe_url == "https://x/u/t"
