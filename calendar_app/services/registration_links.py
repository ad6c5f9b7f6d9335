"""Personal links of a registration and the facts of its activity that mails repeat.

Tokens are HMAC-SHA256(secret key, purpose, registration id, nonce): the database
keeps only their SHA-256 (`token_hash`, `checkin_hash`), and the links can still be
written into every later mail (reminder, update, cancellation) without storing them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from zoneinfo import ZoneInfo

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Registration

MANAGE = "manage"
CHECKIN = "checkin"


def token(config: Settings, registration: Registration, purpose: str) -> str:
    message = f"{purpose}:{registration.id}:{registration.nonce}".encode()
    digest = hmac.new(config.secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def token_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def token_hashes(config: Settings, registration: Registration) -> tuple[str, str]:
    """(token_hash, checkin_hash) to store for `registration`."""
    return (token_hash(token(config, registration, MANAGE)),
            token_hash(token(config, registration, CHECKIN)))


def manage_url(config: Settings, registration: Registration, public_id: str) -> str:
    """The personal page to confirm or cancel (a GET shows a button; only the POST acts)."""
    return (f"{config.base_url}/activities/{public_id}/aanmelden/"
            f"{token(config, registration, MANAGE)}")


def checkin_url(config: Settings, registration: Registration, public_id: str) -> str:
    """What the personal QR code opens on the coordinator's phone."""
    return (f"{config.base_url}/activities/{public_id}/aanwezig/"
            f"{token(config, registration, CHECKIN)}")


def activity_url(config: Settings, activity: Activity) -> str:
    return f"{config.base_url}/activities/{activity.public_id}"


def activity_start(activity: Activity, zone: ZoneInfo | None = None) -> datetime:
    """The moment the activity starts (local midnight of its first day when all-day)."""
    if not activity.all_day and activity.start_at is not None:
        return activity.start_at
    assert activity.start_date is not None
    return datetime.combine(activity.start_date, time(0), zone or ZoneInfo("Europe/Amsterdam")
                            ).astimezone(UTC)


def activity_end(activity: Activity, zone: ZoneInfo) -> datetime:
    """The moment the activity is over (end of its last day when all-day)."""
    if not activity.all_day and activity.end_at is not None:
        return activity.end_at
    assert activity.end_date is not None
    return datetime.combine(activity.end_date, time(23, 59), zone).astimezone(UTC)


def first_day(activity: Activity, zone: ZoneInfo) -> date:
    """The activity's first local day (its date, or its start in `zone`)."""
    if activity.all_day:
        assert activity.start_date is not None
        return activity.start_date
    assert activity.start_at is not None
    return activity.start_at.astimezone(zone).date()


def invited_version(activity: Activity) -> str:
    """A digest of what an invitation update is about: title, time and place."""
    facts = "|".join(str(value) for value in (
        activity.title, activity.all_day, activity.start_date, activity.end_date,
        activity.start_at, activity.end_at, activity.location, activity.online_url))
    return hashlib.sha256(facts.encode()).hexdigest()[:32]
