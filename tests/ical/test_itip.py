"""iTIP REQUEST and CANCEL for registrants: accepted by libical's restriction check,
icalendar and ical.js, with the activity's feed UID."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

import pytest

from calendar_app.ical import itip
from calendar_app.ical.uids import activity_uid
from tests.conftest import ParseJs
from tests.itip_checks import CheckItip
from tests.itip_checks import icalendar_event

UID = activity_uid("1f0e4e8a-0000-4000-8000-000000000000")


def invitation(**changes: object) -> itip.Invitation:
    values: dict[str, object] = dict(
        uid=UID, sequence=3, summary="Iftar; samen, eten", timezone="Europe/Amsterdam",
        start=datetime(2026, 3, 1, 17, 0, tzinfo=UTC), end=datetime(2026, 3, 1, 19, 0, tzinfo=UTC),
        organizer_email="noreply@example.org", organizer_name="Diversiteitskalender",
        attendee_email="anna@example.org", attendee_name='Anna "AV" de Vries',
        stamp=datetime(2026, 2, 1, 8, 0, tzinfo=UTC), location="Stadhuis, zaal 2",
        url="https://kalender.example/activities/x")
    values.update(changes)
    return itip.Invitation(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", itip.METHODS)
@pytest.mark.parametrize("all_day", [False, True])
def test_itip_messages_pass_libical_icalendar_and_icaljs(
        method: str, all_day: bool, libical_check: CheckItip, icaljs: ParseJs) -> None:
    day = {"start": date(2026, 3, 1), "end": date(2026, 3, 2)} if all_day else {}
    data = itip.render(method, invitation(**day))
    libical_check(data)
    event = icalendar_event(data)
    assert str(event["UID"]) == UID and int(event["SEQUENCE"]) == 3
    assert str(event["ORGANIZER"]) == "mailto:noreply@example.org"
    assert str(event["ATTENDEE"]) == "mailto:anna@example.org"
    assert f"METHOD:{method}\r\n".encode() in data
    parsed = icaljs(data)
    assert [e["uid"] for e in parsed["events"]] == [UID]


def test_cancel_says_cancelled_and_request_confirmed() -> None:
    assert b"STATUS:CANCELLED" in itip.render(itip.CANCEL, invitation())
    assert b"STATUS:CONFIRMED" in itip.render(itip.REQUEST, invitation())


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError):
        itip.render("PUBLISH", invitation())
