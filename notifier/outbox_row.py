"""`message_for`: the one way an outbox row becomes a `Message`.

The scheduler sends what this builds, and the admin outbox page shows what it builds
once a row's prepared bytes are gone, so both must read a row the same way: the
context, the attached calendar with its iTIP method, the inline QR code. The row is
seen through `OutboxRow`, its plain attributes only, so the notifier still never
imports the database models; the unsubscribe link (a signed token, the services'
business) is handed in by the caller.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from typing import Protocol

from notifier.message import Message

#: Payload keys that are not template context (for rows enqueued with a flat payload).
META_KEYS = frozenset({"to_name", "ics", "workgroup_id", "start_date", "context",
                       "ics_method", "qr_png", "registration_id"})


class OutboxRow(Protocol):
    """What `message_for` reads of an outbox row (`calendar_app.models.OutboxMessage`)."""

    @property
    def dedupe_key(self) -> str: ...

    @property
    def recipient_email(self) -> str: ...

    @property
    def lang(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def payload(self) -> Mapping[str, Any] | None: ...


def message_for(row: OutboxRow, *, unsubscribe_url: str | None,
                calendar: str | None = None,
                items: list[dict[str, Any]] | None = None) -> Message:
    """The notifier's view of an outbox row (plain values only).

    The payload holds either a `context` dict beside meta keys or, for older rows, a
    flat dict whose non-meta keys are the context; a context with `items` (a reminder)
    reads its first item at the top level. `ics` is the calendar text,
    `ics_method` its iTIP method (PUBLISH when absent) and `qr_png` a base64 image.
    `calendar` is the .ics of a row whose payload holds none, and `items` the content
    of a reminder's items when its payload holds only their keys (both are made when
    the mail is composed: `calendar_app.services.reminder_content`).
    """
    payload: dict[str, Any] = dict(row.payload or {})
    context = payload.get("context")
    if context is None:
        context = {key: value for key, value in payload.items() if key not in META_KEYS}
    elif row.kind == "reminder":
        if items and not context.get("items"):
            context = {**context, "items": items}
        if context.get("items"):  # the first item on top
            context = {**context["items"][0], **context}
    ics = payload.get("ics") or calendar
    qr = payload.get("qr_png")
    return Message(
        dedupe_key=row.dedupe_key, to=row.recipient_email, to_name=payload.get("to_name", ""),
        lang=row.lang, kind=row.kind, context=context, unsubscribe_url=unsubscribe_url,
        ics=ics.encode("utf-8") if isinstance(ics, str) else None,
        ics_method=str(payload.get("ics_method") or "PUBLISH"),
        inline_png=base64.b64decode(qr) if isinstance(qr, str) else None)
