"""One-click unsubscribe tokens (RFC 8058) and what they do.

Every reminder carries `List-Unsubscribe: <BASE_URL/u/TOKEN>`. The token names one
member and one workgroup (or all of them, for the digest) and is signed with
HMAC-SHA256 under SECRET_KEY: unguessable without the key, nothing to store, and it
works without logging in, as RFC 8058 requires (§3.2: no cookies, no authorization).
Unsubscribing sets the membership's `reminders_opt_out`; doing it twice is harmless
and says so. Rotating SECRET_KEY invalidates every link already sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Membership
from calendar_app.models import Workgroup

#: Workgroup id in a token that means "every workgroup" (the digest's link).
ALL_WORKGROUPS = 0
_SIGNATURE_BYTES = 20


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, body: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), f"unsubscribe:{body}".encode(),
                    hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def make_token(secret: str, user_id: int, workgroup_id: int = ALL_WORKGROUPS) -> str:
    """A token for (member, workgroup); ALL_WORKGROUPS for every workgroup."""
    if not secret:
        raise ValueError("SECRET_KEY is empty: run Settings.ensure_instance() first")
    body = f"{user_id}.{workgroup_id}"
    return f"{_encode(body.encode('ascii'))}.{_encode(_sign(secret, body))}"


def read_token(secret: str, token: str) -> tuple[int, int] | None:
    """(user_id, workgroup_id) of a genuine token, else None (constant-time compare)."""
    try:
        encoded_body, _, encoded_signature = token.partition(".")
        body = _decode(encoded_body).decode("ascii")
        signature = _decode(encoded_signature)
        user_text, _, workgroup_text = body.partition(".")
        user_id, workgroup_id = int(user_text), int(workgroup_text)
    except (ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    return user_id, workgroup_id


def unsubscribe_url(settings: Settings, user_id: int,
                    workgroup_id: int = ALL_WORKGROUPS) -> str:
    return f"{settings.base_url}/u/{make_token(settings.secret_key, user_id, workgroup_id)}"


class ListRow(Protocol):
    """What `url_for_row` reads of an outbox row (a model, or the columns selected)."""

    @property
    def recipient_id(self) -> int | None: ...

    @property
    def kind(self) -> str: ...

    @property
    def payload(self) -> Mapping[str, Any] | None: ...


def url_for_row(settings: Settings, row: ListRow) -> str | None:
    """The List-Unsubscribe link an outbox row's message carries, or None.

    A reminder unsubscribes from its workgroup (all of them when it has none), the
    digest from every workgroup; other mail (invitations, registrations) has no list.
    """
    if row.recipient_id is None:
        return None
    if row.kind == "reminder":
        workgroup = int((row.payload or {}).get("workgroup_id") or ALL_WORKGROUPS)
        return unsubscribe_url(settings, row.recipient_id, workgroup)
    if row.kind == "digest":
        return unsubscribe_url(settings, row.recipient_id)
    return None


@dataclass(frozen=True)
class Outcome:
    """What a token did: `status` is "unsubscribed", "already" or "invalid"."""

    status: str
    workgroups: tuple[str, ...] = ()


def preview(session: Session, secret: str, token: str) -> Outcome:
    """What POSTing `token` would do, without doing it (for the GET confirm page)."""
    memberships = _memberships(session, secret, token)
    if memberships is None:
        return Outcome("invalid")
    status = "unsubscribed" if any(not m.reminders_opt_out for m in memberships) else "already"
    return Outcome(status, _names(session, memberships))


def unsubscribe(session: Session, secret: str, token: str) -> Outcome:
    """Opt the token's member out; "already" when there was nothing left to do (flushes)."""
    memberships = _memberships(session, secret, token)
    if memberships is None:
        return Outcome("invalid")
    changed = [m for m in memberships if not m.reminders_opt_out]
    for membership in changed:
        membership.reminders_opt_out = True
    session.flush()
    return Outcome("unsubscribed" if changed else "already", _names(session, memberships))


def _memberships(session: Session, secret: str, token: str) -> list[Membership] | None:
    ids = read_token(secret, token)
    if ids is None:
        return None
    user_id, workgroup_id = ids
    query = select(Membership).where(Membership.user_id == user_id)
    if workgroup_id != ALL_WORKGROUPS:
        query = query.where(Membership.workgroup_id == workgroup_id)
    return list(session.scalars(query.order_by(Membership.id)))


def _names(session: Session, memberships: list[Membership]) -> tuple[str, ...]:
    ids = [m.workgroup_id for m in memberships]
    if not ids:
        return ()
    return tuple(session.scalars(
        select(Workgroup.name).where(Workgroup.id.in_(ids)).order_by(Workgroup.name)))
