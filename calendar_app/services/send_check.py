"""The last look before a reminder goes out: does it still stand, and is it up to date?

Planning runs every few minutes and composes messages up to a day ahead, so by the
time a row is claimed the world may have moved on: the member left, the activity was
cancelled, moved to 16:00 or renamed, the event has already begun. Dispatch asks
`SendCheck` about every claimed row (research B6), cheaply enough to do it for
thousands of rows a minute.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from time import monotonic
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import ObservanceSpec
from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.prebuilt import Prebuilt
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.outbox_claim import Claimed
from calendar_app.services.reminder_events import activity_dates
from calendar_app.services.reminder_events import activity_version
from calendar_app.services.reminder_rows import GONE
from calendar_app.services.reminder_rows import batch_payload

#: The recipient's account and membership, in one prebuilt query: it runs per message.
_RECIPIENT = Prebuilt(
    select(User.is_active, Membership.reminder_mode, Membership.pending)
    .outerjoin(Membership, (Membership.user_id == User.id)
               & (Membership.workgroup_id == bindparam("workgroup_id")))
    .where(User.id == bindparam("user_id")))

#: A row to check: as dispatch claimed it, or mapped (the admin pages, tests).
Checked = OutboxMessage | Claimed

#: Seconds a send-time check of one activity is reused within a dispatch batch.
ACTIVITY_TTL = 2.0


class SendCheck:
    """Checks at send time that a claimed reminder still stands and says what is true.

    One object per dispatch batch: it caches the catalogue's occurrences per
    observance and each activity's state for ACTIVITY_TTL, so checking thousands of
    rows costs a few primary-key lookups each.
    """

    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self._specs: dict[str, ObservanceSpec] | None = None
        self._starts: dict[tuple[str, int], set[str]] = {}
        #: activity id -> (monotonic time read, local start date or None if gone, version)
        self._activities: dict[int, tuple[float, tuple[str, str] | None, str]] = {}

    def reason_not_to_send(self, row: Checked) -> str | None:
        """None when the row should go out, else why it no longer should."""
        if row.kind not in ("reminder", "digest"):
            # Invitations, resets: rare, so one lookup each; a deactivated account gets no mail.
            if row.recipient_id is not None and self.session.scalar(select(User.is_active).where(
                    User.id == row.recipient_id)) is False:
                return "the recipient's account is deactivated"
            return None
        if row.kind == "digest":
            user_id = row.recipient_id
            active = self.session.scalar(select(User.is_active).where(
                User.id == user_id)) if user_id is not None else None
            if not active or user_id is None:
                return f"{GONE} the recipient's account is gone or inactive"
            return None if _subscribed_anywhere(self.session, user_id) else (
                f"{GONE} the member unsubscribed")
        # One query for account and membership: this runs for every message sent.
        found = _RECIPIENT.run(self.session, {
            "user_id": row.recipient_id, "workgroup_id": row.payload.get("workgroup_id"),
        }).fetchone() if row.recipient_id else None
        if found is None or not found[0]:  # is_active
            return f"{GONE} the recipient's account is gone or inactive"
        if found[1] != "individual" or found[2]:  # reminder_mode, pending
            return f"{GONE} the member unsubscribed, chose the digest or left the workgroup"
        reasons = [self._item_gone(row, state) for state in _due(row)]
        return reasons[0] if reasons and all(reasons) else None

    def reason_too_late(self, row: Checked, *, now: datetime) -> str | None:
        """Why a reminder is pointless now (its event is over or under way), else None.

        With a grace window longer than the lead time, a reminder held up by a mail
        outage could otherwise go out after its event; better skipped, with the
        reason and the last error, than absurd. On the day itself it still goes.
        """
        if row.kind == "registration":
            # A registrant's reminder (kind registration) carries its start_date too.
            start = str(row.payload.get("start_date") or "")
            if not start or date.fromisoformat(start) >= now.astimezone(
                    self.settings.zone).date():
                return None
            reason = f"too late: the event began on {start}, before the reminder could be sent"
            return f"{reason}; last error: {row.last_error}" if row.last_error else reason
        if row.kind != "reminder":
            return None
        today = now.astimezone(self.settings.zone).date()
        starts = [str(state.get("start_date") or "") for state in _due(row)]
        if not all(starts) or any(date.fromisoformat(start) >= today for start in starts):
            return None
        start = min(starts)
        reason = f"too late: the event began on {start}, before the reminder could be sent"
        return f"{reason}; last error: {row.last_error}" if row.last_error else reason

    def refreshed_payload(self, row: Checked, *, now: datetime) -> dict[str, Any] | None:
        """A new payload when the row's items changed since it was composed, else None.

        An item whose event is gone or already began is dropped (the others still go);
        an activity that changed (time, title, place, description) gets its new
        version. The caller stores this payload and composes the message again, from
        the events as they are now (`reminder_content`).
        """
        due = row.payload.get("due")
        if row.kind != "reminder" or due is None:
            return None
        today = now.astimezone(self.settings.zone).date().isoformat()
        kept: list[dict[str, Any]] = []
        changed = False
        for state in due:
            if self._item_gone(row, state) or str(state.get("start_date")) < today:
                changed = True
                continue
            version = self._new_version(state)
            if version is not None:
                state, changed = {**state, "activity_version": version}, True
            kept.append(state)
        if not changed or not kept:
            return None
        user = self.session.get(User, row.recipient_id) if row.recipient_id else None
        if user is None:
            return None
        workgroup_id = int(row.payload.get("workgroup_id") or 0)
        name = self.session.scalar(select(Workgroup.name).where(Workgroup.id == workgroup_id))
        return batch_payload(row.payload.get("to_name", user.name), workgroup_id, name, kept)

    def _new_version(self, state: dict[str, Any]) -> str | None:
        """The version of the item's activity when it changed since the row was composed."""
        activity_id = state.get("activity_id")
        if not activity_id:
            return None
        cached = self._activity(int(activity_id))
        if cached[1] is None or cached[2] == state.get("activity_version"):
            return None
        return cached[2]

    def _item_gone(self, row: Checked, state: dict[str, Any]) -> str | None:
        start = str(state.get("start_date", ""))
        if state.get("activity_id"):
            return self._activity_gone(int(state["activity_id"]), start)
        key = state.get("observance_key")
        if key and start not in self._observance_starts(str(key), int(start[:4] or 0)):
            return f"{GONE} the observance is no longer on {start}"
        return None

    def _activity_gone(self, activity_id: int, start: str) -> str | None:
        """Whether the activity still stands on `start`."""
        _read, standing, _version = self._activity(activity_id)
        if standing is None:
            return f"{GONE} the activity is deleted"
        status, start_date = standing
        if status != "published":
            return f"{GONE} the activity is {status}"
        if start_date != start:
            return f"{GONE} the activity moved to another date"
        return None

    def _activity(self, activity_id: int) -> tuple[float, tuple[str, str] | None, str]:
        """The activity's status, local start date and version, read again after ACTIVITY_TTL.

        A dispatch batch sends one activity's reminder to every member in a row;
        reading the activity once per ACTIVITY_TTL instead of once per member keeps
        dispatch fast, and a change still reaches the batch within that time.
        """
        cached = self._activities.get(activity_id)
        clock = monotonic()
        if cached is not None and clock - cached[0] < ACTIVITY_TTL:
            return cached
        activity = self.session.get(Activity, activity_id, populate_existing=True)
        if activity is None:
            state: tuple[float, tuple[str, str] | None, str] = (clock, None, "")
        else:
            start = activity_dates(activity, self.settings.zone)[0].isoformat()
            state = (clock, (activity.status, start), activity_version(activity))
        self._activities[activity_id] = state
        return state

    def _observance_starts(self, key: str, year: int) -> set[str]:
        if (key, year) not in self._starts:
            if self._specs is None:
                self._specs = {spec.key: spec for spec in active_specs(self.session)}
            spec = self._specs.get(key)
            occurrences = spec.occurrences(year - 1, year) if spec else []
            self._starts[key, year] = {o.start.isoformat() for o in occurrences if o.start}
        return self._starts[key, year]


def _subscribed_anywhere(session: Session, user_id: int) -> bool:
    """Does the member still take the digest from at least one workgroup?"""
    found = session.scalar(select(Membership.id).where(
        Membership.user_id == user_id, Membership.reminder_mode == "digest",
        Membership.pending.is_(False)).limit(1))
    return found is not None


def _due(row: Checked) -> list[dict[str, Any]]:
    """The items a reminder row is about; a row from before the batches is one item."""
    due = row.payload.get("due")
    if due is not None:
        return list(due)
    return [{"start_date": row.payload.get("start_date"), "activity_id": row.activity_id,
             "observance_key": row.observance_key,
             "activity_version": row.payload.get("activity_version"),
             "lead": row.lead_days}]
