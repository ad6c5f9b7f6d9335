"""`Message`: what the dispatch job hands to the notifier, as plain values.

The notifier never sees database rows. The caller copies what a template needs into
`context` (strings, numbers, dates, lists of dicts), so composing an e-mail is a pure
function of the message, the settings and `now`, and can be snapshot-tested.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from email.utils import getaddresses
from types import MappingProxyType
from typing import Any

LANGUAGES = ("nl", "en")

#: Context keys each kind of message must provide; everything else is optional
#: (see `OPTIONAL`). Dates may be `datetime.date` objects or ISO strings.
REQUIRED: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "reminder": ("title", "start_date", "days_ahead", "event_url"),
    "digest": ("items",),
    "invitation": ("workgroup", "invite_url"),
    "password-reset": ("reset_url", "valid_minutes"),
    "registration": ("step", "title", "activity_url", "manage_url"),
    "test": (),
    "proposal": ("title", "workgroup", "review_path"),
    "proposal-published": ("title", "workgroup", "activity_path"),
    "proposal-declined": ("title", "workgroup", "reason", "edit_path"),
    "unannounced": ("items", "page_url"),
})

#: When an activity is, as proposal mails say it: ISO days, or UTC instants.
_ACTIVITY_WHEN = ("start_date", "end_date", "starts_at", "ends_at")

#: Optional context keys per kind; missing ones render as empty.
OPTIONAL: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "reminder": (
        "end_date", "evening_before", "workgroup", "description", "considerations",
        "start_time", "location", "items", "suggestions", "description_html", "end_time",
        "online_url", "programme", "accessibility", "accessibility_other"),
    "digest": ("period_start", "period_end"),
    "invitation": ("inviter", "expires_date"),
    "password-reset": (),
    "registration": (
        "workgroup", "start_date", "end_date", "start_time", "end_time", "location",
        "online_url", "status", "accessibility", "accessibility_other", "feedback_url",
        "subject", "body"),
    "test": (),
    "proposal": ("proposer", "resubmitted", *_ACTIVITY_WHEN),
    "proposal-published": ("coordinator", *_ACTIVITY_WHEN),
    "proposal-declined": ("coordinator", *_ACTIVITY_WHEN),
    "unannounced": ("until",),
})

#: iTIP methods a message's calendar part may carry (RFC 5546); PUBLISH is a plain file.
ICS_METHODS = ("PUBLISH", "REQUEST", "CANCEL")

KINDS = tuple(REQUIRED)


@dataclass(frozen=True)
class Message:
    """One e-mail to one recipient, identified by its outbox row's unique key.

    Context per kind:

    - reminder: title, start_date, days_ahead (int), event_url; optional end_date
      (last day, inclusive), evening_before (bool: a Jewish or Islamic day that begins at
      sundown the day before), workgroup, description, considerations, start_time
      ("HH:MM" local, for an activity with a time), location; for what a team can
      do: suggestions (list of str); for an activity: end_time, online_url,
      programme (list of dicts start, end, title, place, host, online_url), accessibility (keys
      such as "wheelchair"), accessibility_other, description_html (rendered,
      cleaned Markdown for the HTML part; `description` is then plain text). `items`:
      every event the mail is about, each a dict of the keys above; the top level
      repeats the first. A mail about several events lists them all.
    - digest: items (list of dicts with title, start_date, event_url and optional
      end_date, workgroup); optional period_start, period_end.
    - invitation: workgroup, invite_url; optional inviter, expires_date.
    - password-reset: reset_url, valid_minutes (int).
    - registration: step (confirm, confirmed, promoted, waitlisted, updated, cancelled,
      activity-cancelled, reminder, feedback, message), title, activity_url,
      manage_url; optional dates and times as for reminders, location, online_url,
      accessibility (keys), accessibility_other, workgroup, feedback_url, subject and
      body (the coordinator's own message).
    - test: nothing.
    - proposal (to a coordinator): title, workgroup, review_path (a path under
      base_url); optional proposer, resubmitted (bool), start_date/end_date (all-day)
      or starts_at/ends_at (ISO instants, shown in the calendar's time zone).
    - proposal-published (to the proposer): title, workgroup, activity_path; optional
      coordinator and the dates as for proposal.
    - proposal-declined (to the proposer): title, workgroup, reason, edit_path;
      optional coordinator and the dates.

    Attributes:
        dedupe_key: The outbox row's unique key; the Message-ID is derived from it so a
            duplicate send is recognisable as such by anyone holding both copies.
        to: The single recipient address. One message per person: a shared To or Bcc
            would tell members of e.g. a faith network who else is in it (GDPR Art. 9).
        to_name: Display name for the To header ("" for none).
        lang: "nl" (default of the product) or "en".
        kind: Which template renders it; one of `KINDS`.
        context: Plain values the templates use (see above).
        unsubscribe_url: One-click unsubscribe endpoint (RFC 8058), or None.
        ics: An iCalendar file to attach, or None.
        ics_method: Its METHOD: PUBLISH is attached as a file; REQUEST or CANCEL (an
            iTIP invitation) goes inline as `text/calendar; method=...`, as Outlook
            expects of a meeting request.
        inline_png: An image the HTML shows as `cid:qr` (the personal QR code), or None.
    """

    dedupe_key: str
    to: str
    to_name: str
    lang: str
    kind: str
    context: Mapping[str, Any] = field(default_factory=dict)
    unsubscribe_url: str | None = None
    ics: bytes | None = None
    ics_method: str = "PUBLISH"
    inline_png: bytes | None = None

    def __post_init__(self) -> None:
        if not self.dedupe_key:
            raise ValueError("a message needs a dedupe_key")
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang {self.lang!r} is not one of {', '.join(LANGUAGES)}")
        if self.kind not in REQUIRED:
            raise ValueError(f"kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.ics_method not in ICS_METHODS:
            raise ValueError(f"ics_method {self.ics_method!r} is not one of "
                             f"{', '.join(ICS_METHODS)}")
        _check_single_address(self.to)
        missing = [key for key in REQUIRED[self.kind] if key not in self.context]
        if missing:
            raise ValueError(f"{self.kind} message lacks context: {', '.join(missing)}")
        object.__setattr__(self, "context", MappingProxyType(dict(self.context)))


#: An address `getaddresses` reads as itself (tests/notifier/test_message.py): most
#: are, and checking them so skips the parser, a tenth of preparing a message.
PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def _check_single_address(to: str) -> None:
    """Refuse anything but one plain address, so a message can never fan out."""
    if PLAIN_ADDRESS.fullmatch(to):
        return
    if any(char in to for char in "\r\n,;<>\"") or to.count("@") != 1:
        raise ValueError(f"{to!r} is not a single e-mail address")
    parsed = getaddresses([to])
    if len(parsed) != 1 or parsed[0][1] != to:
        raise ValueError(f"{to!r} is not a single e-mail address")
