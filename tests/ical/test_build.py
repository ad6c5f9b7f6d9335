"""render_feed: what Outlook, Google and both parsers must see in a subscription feed."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest

from calendar_app.ical import FeedMeta
from calendar_app.ical import render_feed
from tests.ical.conftest import ParseJs
from tests.ical.helpers import AMSTERDAM
from tests.ical.helpers import CREATED_AT
from tests.ical.helpers import EDITED_AT
from tests.ical.helpers import META
from tests.ical.helpers import STAMP
from tests.ical.helpers import activity
from tests.ical.helpers import content_lines
from tests.ical.helpers import events_of
from tests.ical.helpers import js_event
from tests.ical.helpers import observance
from tests.ical.helpers import parse_icalendar


def test_calendar_head_names_the_feed_for_both_parsers(icaljs: ParseJs) -> None:
    data = render_feed(META, [observance()], stamp=STAMP)

    calendar = parse_icalendar(data)
    props = icaljs(data)["properties"]
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Gemeente Amsterdam//Diversiteitskalender//NL"
    assert calendar.calendar_name == "Diversiteitskalender"
    assert props["x-wr-calname"][0]["values"] == ["Diversiteitskalender"]
    assert props["x-wr-caldesc"][0]["values"] == ["Dagen en activiteiten"]
    assert props["x-wr-timezone"][0]["values"] == ["Europe/Amsterdam"]


def test_refresh_hints_are_written_as_rfc_7986_durations() -> None:
    lines = content_lines(render_feed(META, [observance()], stamp=STAMP))

    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines
    assert "X-PUBLISHED-TTL:PT12H" in lines


def test_refresh_of_a_week_is_p7d_not_pt7d() -> None:
    meta = FeedMeta(name="x", description="y", refresh=timedelta(days=7))

    lines = content_lines(render_feed(meta, [], stamp=STAMP))

    assert "REFRESH-INTERVAL;VALUE=DURATION:P7D" in lines
    assert "X-PUBLISHED-TTL:P7D" in lines


def test_every_line_ends_with_crlf() -> None:
    data = render_feed(META, [observance(), activity()], stamp=STAMP)

    assert data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data.count(b"\r") == data.count(b"\r\n")


def test_single_day_observance_ends_the_next_day(icaljs: ParseJs) -> None:
    data = render_feed(META, [observance()], stamp=STAMP)

    event = events_of(parse_icalendar(data))[0]
    seen = js_event(icaljs(data), observance().uid)
    assert (event.start, event.end) == (date(2030, 5, 17), date(2030, 5, 18))
    assert seen["start"] == {
        "value": "2030-05-17",
        "isDate": True,
        "tzid": None,
        "zone": "floating",
        "utc": None,
    }
    assert seen["end"]["value"] == "2030-05-18"


def test_eight_day_pesach_spans_all_its_days(icaljs: ParseJs) -> None:
    pesach = observance(
        "obs-pesach-2030-0@diversiteitskalender",
        summary="Pesach",
        start=date(2030, 4, 18),
        end=date(2030, 4, 25),
    )

    data = render_feed(META, [pesach], stamp=STAMP)

    lines = content_lines(data)
    assert "DTSTART;VALUE=DATE:20300418" in lines
    assert "DTEND;VALUE=DATE:20300426" in lines
    event = events_of(parse_icalendar(data))[0]
    assert event.end - event.start == timedelta(days=8)
    seen = js_event(icaljs(data), pesach.uid)
    assert (seen["start"]["value"], seen["end"]["value"]) == ("2030-04-18", "2030-04-26")
    assert seen["end"]["isDate"] is True


def test_all_day_events_carry_the_outlook_all_day_flag_and_no_tzid() -> None:
    lines = content_lines(render_feed(META, [observance()], stamp=STAMP))

    assert "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE" in lines
    assert not [line for line in lines if line.startswith("DTSTART;TZID")]


def test_timed_event_is_written_in_amsterdam_wall_time() -> None:
    lines = content_lines(render_feed(META, [activity()], stamp=STAMP))

    assert "DTSTART;TZID=Europe/Amsterdam:20300330T100000" in lines
    assert "DTEND;TZID=Europe/Amsterdam:20300330T120000" in lines
    assert "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE" not in lines


def test_timed_event_given_in_utc_is_converted_to_the_feed_zone() -> None:
    utc_start = datetime(2030, 7, 1, 8, 0, tzinfo=UTC)
    event = activity(start=utc_start, end=utc_start + timedelta(hours=1))

    lines = content_lines(render_feed(META, [event], stamp=STAMP))

    assert "DTSTART;TZID=Europe/Amsterdam:20300701T100000" in lines


def test_activities_keep_local_time_across_the_dst_change(icaljs: ParseJs) -> None:
    before = activity("act-before@diversiteitskalender")
    after = activity(
        "act-after@diversiteitskalender",
        start=datetime(2030, 4, 1, 10, 0, tzinfo=AMSTERDAM),
        end=datetime(2030, 4, 1, 12, 0, tzinfo=AMSTERDAM),
    )

    data = render_feed(META, [before, after], stamp=STAMP)

    parsed = icaljs(data)
    assert js_event(parsed, before.uid)["start"]["utc"] == "2030-03-30T09:00:00Z"
    assert js_event(parsed, after.uid)["start"]["utc"] == "2030-04-01T08:00:00Z"
    assert js_event(parsed, after.uid)["start"]["value"] == "2030-04-01T10:00:00"
    starts = [event.DTSTART for event in events_of(parse_icalendar(data))]
    assert [start.astimezone(UTC).hour for start in starts] == [9, 8]


def test_one_vtimezone_in_yearly_rule_form(icaljs: ParseJs) -> None:
    data = render_feed(META, [activity(), activity("act-other@diversiteitskalender")], stamp=STAMP)

    timezones = icaljs(data)["timezones"]
    assert timezones == [
        {
            "tzid": "Europe/Amsterdam",
            "parts": [
                {"kind": "daylight", "rrule": "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "rdates": 0},
                {"kind": "standard", "rrule": "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "rdates": 0},
            ],
        }
    ]
    lines = content_lines(data)
    assert not [line for line in lines if line.startswith(("RDATE", "COMMENT"))]


def test_no_vtimezone_when_every_event_is_all_day() -> None:
    data = render_feed(META, [observance()], stamp=STAMP)

    assert b"BEGIN:VTIMEZONE" not in data


def test_events_never_carry_recurrence_rules(icaljs: ParseJs) -> None:
    data = render_feed(META, [observance(), activity()], stamp=STAMP)

    assert [event["rrule"] for event in icaljs(data)["events"]] == [False, False]


def test_dtstamp_is_the_given_stamp_on_every_event() -> None:
    lines = content_lines(render_feed(META, [observance(), activity()], stamp=STAMP))

    assert [line for line in lines if line.startswith("DTSTAMP")] == [
        "DTSTAMP:20300115T083000Z",
        "DTSTAMP:20300115T083000Z",
    ]


def test_same_events_in_another_order_give_the_same_bytes() -> None:
    events = [observance(), activity(), observance("obs-a@diversiteitskalender")]

    first = render_feed(META, events, stamp=STAMP)
    second = render_feed(META, list(reversed(events)), stamp=STAMP)

    assert first == second


def test_events_are_sorted_by_start_then_uid() -> None:
    same_day_b = observance("obs-b@diversiteitskalender")
    same_day_a = observance("obs-a@diversiteitskalender")
    earlier = activity()  # 30 March, before the 17 May observances

    calendar = parse_icalendar(render_feed(META, [same_day_b, earlier, same_day_a], stamp=STAMP))

    assert [event.uid for event in events_of(calendar)] == [
        earlier.uid,
        same_day_a.uid,
        same_day_b.uid,
    ]


def test_identity_and_version_fields_pass_through(icaljs: ParseJs) -> None:
    event = activity(sequence=7)

    data = render_feed(META, [event], stamp=STAMP)

    parsed = events_of(parse_icalendar(data))[0]
    assert parsed.uid == event.uid
    assert parsed.sequence == 7
    assert parsed.last_modified == EDITED_AT
    assert parsed.created == CREATED_AT
    assert js_event(icaljs(data), event.uid)["sequence"] == 7


@pytest.mark.parametrize(
    ("lang", "summary"),
    [("nl", "Geannuleerd: Lunchlezing Keti Koti"), ("en", "Cancelled: Lunchlezing Keti Koti")],
)
def test_cancelled_event_has_status_and_prefixed_summary(
    icaljs: ParseJs, lang: str, summary: str
) -> None:
    meta = FeedMeta(name="x", description="y", lang=lang)  # type: ignore[arg-type]
    event = activity(status="CANCELLED", sequence=4)

    seen = js_event(icaljs(render_feed(meta, [event], stamp=STAMP)), event.uid)

    assert (seen["status"], seen["summary"], seen["sequence"]) == ("CANCELLED", summary, 4)


def test_observances_do_not_block_free_busy(icaljs: ParseJs) -> None:
    seen = js_event(icaljs(render_feed(META, [observance()], stamp=STAMP)), observance().uid)

    assert (seen["transp"], seen["busystatus"]) == ("TRANSPARENT", "FREE")


def test_activities_show_as_busy(icaljs: ParseJs) -> None:
    seen = js_event(icaljs(render_feed(META, [activity()], stamp=STAMP)), activity().uid)

    assert (seen["transp"], seen["busystatus"]) == ("OPAQUE", "BUSY")


def test_text_fields_survive_escaping_in_both_parsers(icaljs: ParseJs) -> None:
    event = activity(
        summary="Iftar; samen eten, met \\ iedereen",
        description="Regel één, met komma;\npuntkomma en \\ backslash.",
        location="Zaal 2, Stadhuis; ingang Amstel",
        categories=("Religie, islam", "Ramadan;iftar"),
    )

    data = render_feed(META, [event], stamp=STAMP)

    expected_description = f"{event.description}\n\n{event.url}"
    parsed = events_of(parse_icalendar(data))[0]
    seen = js_event(icaljs(data), event.uid)
    assert (parsed["SUMMARY"], seen["summary"]) == (event.summary, event.summary)
    assert (parsed["DESCRIPTION"], seen["description"]) == (expected_description,) * 2
    assert (parsed["LOCATION"], seen["location"]) == (event.location, event.location)
    assert [str(c) for c in parsed.categories] == list(event.categories)
    assert seen["categories"] == list(event.categories)
    assert (str(parsed["URL"]), seen["url"]) == (event.url, event.url)


def test_description_without_text_is_just_the_url() -> None:
    event = observance(description="")

    parsed = events_of(parse_icalendar(render_feed(META, [event], stamp=STAMP)))[0]

    assert parsed["DESCRIPTION"] == event.url


@pytest.mark.parametrize(
    "payload",
    [
        "Titel\r\nBEGIN:VALARM",
        "Titel\rATTENDEE:mailto:x@example.org",
        "Titel\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
        "Titel\x00\x1b\x7f",
        "Titel\u2028X-INJECTED:1",
    ],
)
def test_control_characters_cannot_inject_properties(icaljs: ParseJs, payload: str) -> None:
    event = activity(summary=payload, description=payload, location=payload)

    data = render_feed(META, [event], stamp=STAMP)

    lines = content_lines(data)
    assert len([line for line in lines if line.startswith("BEGIN:")]) == 5  # cal, tz x3, event
    assert not [line for line in lines if line.startswith(("ATTENDEE", "X-INJECTED", "UID:evil"))]
    seen = icaljs(data)["events"]
    assert len(seen) == 1
    assert seen[0]["summary"].startswith("Titel")
    assert "\r" not in seen[0]["summary"] and "\x00" not in seen[0]["summary"]
    assert len(events_of(parse_icalendar(data))) == 1


def test_empty_feed_parses_and_still_says_what_it_is(icaljs: ParseJs) -> None:
    data = render_feed(META, [], stamp=STAMP)

    parsed = icaljs(data)
    assert parsed["events"] == []
    assert parsed["properties"]["x-wr-calname"][0]["values"] == ["Diversiteitskalender"]
    assert parsed["properties"]["x-wr-caldesc"][0]["values"] == ["Dagen en activiteiten"]
    assert parse_icalendar(data)["X-WR-CALDESC"] == "Dagen en activiteiten"
    assert b"BEGIN:VTIMEZONE" not in data


def test_feed_without_calname_when_asked() -> None:
    meta = FeedMeta(name="Diversiteitskalender", description="x", include_calname=False)

    data = render_feed(meta, [observance()], stamp=STAMP)

    assert b"X-WR-CALNAME" not in data
    assert b"REFRESH-INTERVAL" in data


def test_naive_stamp_is_refused() -> None:
    with pytest.raises(ValueError, match="stamp"):
        render_feed(META, [], stamp=datetime(2030, 1, 1))
