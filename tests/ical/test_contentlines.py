"""Content lines: TEXT escaping, value formats and folding at 75 octets."""

from __future__ import annotations

import random
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from calendar_app.ical import contentlines as cl
from calendar_app.ical import render_feed
from tests.ical.conftest import ParseJs
from tests.ical.helpers import AMSTERDAM
from tests.ical.helpers import META
from tests.ical.helpers import STAMP
from tests.ical.helpers import activity
from tests.ical.helpers import events_of
from tests.ical.helpers import parse_icalendar

LONG_DUTCH = (
    "Keti Koti – ‘de ketenen zijn verbroken’ – herdenking én viering van de afschaffing van "
    "de slavernij in Suriname en de Cariben; café’s, één mooie dag vóór iedereen. " * 3
)
LONG_ARABIC = "عيد الفطر مبارك، تقبل الله منا ومنكم صالح الأعمال وكل عام وأنتم بخير " * 4
LONG_EMOJI = "Pride 🏳️‍🌈🏳️‍⚧️ samen 👩🏽‍🤝‍👩🏿 vieren 🎉✨ in Amsterdam 🇳🇱 " * 5


def physical_lines(data: bytes) -> list[bytes]:
    return data.split(b"\r\n")[:-1]


def assert_folded_safely(data: bytes) -> None:
    """Every physical line fits in 75 octets and is valid UTF-8 on its own."""
    for line in physical_lines(data):
        assert len(line) <= cl.FOLD_OCTETS, line
        line.decode("utf-8")  # raises on a split multi-byte character


@pytest.mark.parametrize("long_text", [LONG_DUTCH, LONG_ARABIC, LONG_EMOJI])
def test_long_text_folds_without_splitting_characters(icaljs: ParseJs, long_text: str) -> None:
    event = activity(summary=long_text, description=long_text, location=long_text)

    data = render_feed(META, [event], stamp=STAMP)

    assert_folded_safely(data)
    assert max(len(line) for line in physical_lines(data)) > 70  # folding was exercised
    seen = icaljs(data)["events"][0]
    assert seen["summary"] == long_text
    assert events_of(parse_icalendar(data))[0]["LOCATION"] == long_text


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_fold_then_unfold_gives_back_the_line(value: str) -> None:
    line = "SUMMARY:" + value.replace("\r", "").replace("\n", "")

    folded = cl.fold(line)

    assert_folded_safely(folded + b"\r\n")
    assert folded.replace(b"\r\n ", b"").decode("utf-8") == line


def plain_text(value: str) -> str:
    """What a reader should get back: line breaks as \\n, other control characters gone."""
    for brk in ("\r\n", "\r", "\x85", "\u2028", "\u2029"):
        value = value.replace(brk, "\n")
    return "".join(ch for ch in value if ch in "\t\n" or not (ch < " " or ch == "\x7f"))


TRICKY = 'aé€😀🏳️‍🌈عن,;:\\"\n\r\t\x00\x1b\u2028 '


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_round_trips_through_icalendar(value: str) -> None:
    event = activity(summary=value or "x")

    parsed = events_of(parse_icalendar(render_feed(META, [event], stamp=STAMP)))[0]

    assert parsed["SUMMARY"] == (plain_text(value) if value else "x")


def test_tricky_texts_round_trip_through_ical_js(icaljs: ParseJs) -> None:
    rng = random.Random(4)
    texts = ["".join(rng.choices(TRICKY, k=rng.randint(1, 160))) for _ in range(300)]
    events = [activity(f"act-{i}@diversiteitskalender", summary=t) for i, t in enumerate(texts)]

    data = render_feed(META, events, stamp=STAMP)

    assert_folded_safely(data)
    seen = {event["uid"]: event["summary"] for event in icaljs(data)["events"]}
    assert [seen[event.uid] for event in events] == [plain_text(t) for t in texts]


def test_short_line_is_left_alone() -> None:
    assert cl.fold("UID:abc") == b"UID:abc"


def test_line_of_exactly_75_octets_is_not_folded() -> None:
    line = "X" * 75

    assert cl.fold(line) == line.encode()
    assert cl.fold(line + "Y") == ("X" * 75 + "\r\n Y").encode()


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("regel 1\nregel 2", "regel 1\\nregel 2"),
        ("regel 1\r\nregel 2\rregel 3", "regel 1\\nregel 2\\nregel 3"),
        ("tab\tblijft", "tab\tblijft"),
        ("nul\x00 esc\x1b del\x7f", "nul esc del"),
        ("lijn\u2028scheiding", "lijn\\nscheiding"),
        ("dubbele punt: blijft", "dubbele punt: blijft"),
    ],
)
def test_text_escaping(raw: str, escaped: str) -> None:
    assert cl.text(raw) == escaped


def test_uri_drops_controls_and_spaces() -> None:
    assert cl.uri("https://x.example/a b\r\nc\x00") == "https://x.example/abc"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (timedelta(hours=12), "PT12H"),
        (timedelta(days=7), "P7D"),
        (timedelta(minutes=90), "PT1H30M"),
        (timedelta(days=1, seconds=30), "P1DT30S"),
    ],
)
def test_duration_values(value: timedelta, written: str) -> None:
    assert cl.duration_value(value) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (timedelta(hours=1), "+0100"),
        (timedelta(hours=-5), "-0500"),
        (timedelta(hours=5, minutes=30), "+0530"),
        (timedelta(0), "+0000"),
    ],
)
def test_offset_values(value: timedelta, written: str) -> None:
    assert cl.offset_value(value) == written


def test_date_and_time_values() -> None:
    summer = datetime(2030, 7, 1, 10, 5, 9, tzinfo=AMSTERDAM)

    assert cl.date_value(date(2030, 5, 7)) == "20300507"
    assert cl.local_value(summer) == "20300701T100509"
    assert cl.utc_value(summer) == "20300701T080509Z"
    assert cl.utc_value(datetime(2030, 1, 1, tzinfo=UTC)) == "20300101T000000Z"
