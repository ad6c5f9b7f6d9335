"""iTIP messages (RFC 5546) for registrants: REQUEST puts the activity in their calendar,
CANCEL takes it out again.

Outlook files a `METHOD:REQUEST` with an ORGANIZER and an ATTENDEE as a meeting in the
attendee's own calendar; a later REQUEST with the same UID and a higher SEQUENCE
updates that meeting, and a `METHOD:CANCEL` removes it (RFC 5546 §3.2.2, §3.2.5).
The UID is the activity's feed UID (`uids.activity_uid`), so a colleague who also
subscribes to the feed sees one event, not two. Every message is checked in the tests
with libical's `icalrestriction_check`, ical.js and icalendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from calendar_app.ical import contentlines as cl
from calendar_app.ical.build import PRODID
from calendar_app.ical.vtimezone import vtimezone_lines

REQUEST = "REQUEST"
CANCEL = "CANCEL"
METHODS = (REQUEST, CANCEL)


@dataclass(frozen=True)
class Invitation:
    """What one iTIP message says about one activity to one registrant.

    All-day activities pass dates (`end` inclusive, as stored); timed ones aware
    datetimes, written as wall-clock time in `timezone` with its VTIMEZONE.
    """

    uid: str
    sequence: int
    summary: str
    start: date | datetime
    end: date | datetime
    organizer_email: str
    attendee_email: str
    timezone: str
    stamp: datetime
    organizer_name: str = ""
    attendee_name: str = ""
    location: str = ""
    description: str = ""
    url: str = ""


def render(method: str, invitation: Invitation) -> bytes:
    """The VCALENDAR bytes of a REQUEST or CANCEL for `invitation`."""
    if method not in METHODS:
        raise ValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
    if invitation.stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime")
    zone = ZoneInfo(invitation.timezone)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"METHOD:{method}"]
    if isinstance(invitation.start, datetime):
        lines += vtimezone_lines(invitation.timezone, invitation.start.astimezone(zone).year)
    lines += _event(method, invitation, zone)
    lines.append("END:VCALENDAR")
    return cl.serialize(lines)


def _event(method: str, invitation: Invitation, zone: ZoneInfo) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{cl.text(cl.uri(invitation.uid))}",
             f"DTSTAMP:{cl.utc_value(invitation.stamp)}", f"SEQUENCE:{invitation.sequence}"]
    lines += _when(invitation, zone)
    lines.append(f"SUMMARY:{cl.text(invitation.summary)}")
    if invitation.location:
        lines.append(f"LOCATION:{cl.text(invitation.location)}")
    if invitation.description:
        lines.append(f"DESCRIPTION:{cl.text(invitation.description)}")
    if invitation.url:
        lines.append(f"URL:{cl.uri(invitation.url)}")
    lines.append(_address("ORGANIZER", invitation.organizer_name, invitation.organizer_email))
    # The registrant has already said yes on the site: no RSVP asked, accepted.
    attendee = _address("ATTENDEE", invitation.attendee_name, invitation.attendee_email,
                        "ROLE=REQ-PARTICIPANT", "PARTSTAT=ACCEPTED", "RSVP=FALSE")
    lines.append(attendee)
    if method == CANCEL:
        lines += ["STATUS:CANCELLED", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"]
    else:
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"]
    lines.append("END:VEVENT")
    return lines


def _when(invitation: Invitation, zone: ZoneInfo) -> list[str]:
    start, end = invitation.start, invitation.end
    if not isinstance(start, datetime):
        assert not isinstance(end, datetime)
        return [f"DTSTART;VALUE=DATE:{cl.date_value(start)}",
                f"DTEND;VALUE=DATE:{cl.date_value(end + timedelta(days=1))}",
                "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE"]
    assert isinstance(end, datetime)
    tzid = invitation.timezone
    return [f"DTSTART;TZID={tzid}:{cl.local_value(start.astimezone(zone))}",
            f"DTEND;TZID={tzid}:{cl.local_value(end.astimezone(zone))}"]


def _address(name: str, display: str, email: str, *params: str) -> str:
    """`ORGANIZER;CN="Name":mailto:x@y`; the CN is quoted, with quotes and controls removed."""
    parts = [name]
    cleaned = "".join(ch for ch in display if ch >= " " and ch not in '"\x7f')
    if cleaned.strip():
        parts.append(f'CN="{cleaned.strip()}"')
    parts += params
    return ";".join(parts) + f":mailto:{cl.uri(email)}"
