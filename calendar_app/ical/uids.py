"""Stable UIDs for feed events.

Clients match an updated event to their stored copy by UID only; a UID that changes on a
restart, a catalogue reload or a move to another database engine duplicates every event
for every subscriber (ellite/Wallos PR #966, sendou.ink#2888). So UIDs are built from
natural keys only: no database ids, no host names, no random parts. RFC 5545 §3.8.4.7.
"""

from __future__ import annotations

import re
import uuid

DOMAIN = "diversiteitskalender"

_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: A UUID already in the form `str(uuid.UUID(...))` writes (the database stores that).
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def observance_uid(key: str, year: int, index: int) -> str:
    """UID of the `index`-th occurrence of an observance in a year, e.g. `obs-divali-2030-1@...`.

    `index` is the date engine's 1-based `Occurrence.index`; it separates the two
    occurrences some lunar observances have in one Gregorian year (Ramadan in 2030).
    Keys are the catalogue's lowercase slugs.
    """
    if not _KEY.fullmatch(key):
        raise ValueError(f"observance key {key!r} must be a lowercase slug (a-z, 0-9, -, _)")
    if not 1 <= year <= 9999 or index < 1:
        raise ValueError(f"bad year {year} or index {index} for observance {key!r}")
    return f"obs-{key}-{year}-{index}@{DOMAIN}"


def activity_uid(public_id: uuid.UUID | str) -> str:
    """UID of an activity occurrence, from the activity's public UUID: `act-{uuid}@...`."""
    if isinstance(public_id, str) and _CANONICAL_UUID.fullmatch(public_id):
        return f"act-{public_id}@{DOMAIN}"  # a feed maps thousands: skip the parse
    value = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    return f"act-{value}@{DOMAIN}"


def notice_uid(kind: str) -> str:
    """UID of a notice the renderer itself adds (e.g. "truncated")."""
    return f"notice-{kind}@{DOMAIN}"
