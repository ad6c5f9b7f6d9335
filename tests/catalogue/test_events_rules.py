"""events.yaml's own rules, loaded through the catalogue loader, over 1950–2100.

tests/rules checks the engine with hand-written REFERENCE rules; this file holds
events.yaml to those rules and checks every one of its keys, kind by kind, so an edit
to the file cannot quietly break a date the reference tests still pass.
"""

from __future__ import annotations

import calendar
from datetime import date
from datetime import timedelta

import pytest
from hypothesis import assume
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from calendar_app.catalogue import Catalogue
from calendar_app.catalogue import ObservanceSpec
from calendar_app.rules import WHOLE_MONTH
from calendar_app.rules import Occurrence
from calendar_app.rules import Status
from calendar_app.rules import unannounced_status
from calendar_app.rules.days_off import days_off_in_year
from calendar_app.rules.kinds import WEEKDAYS
from tests.catalogue.conftest import load_events
from tests.rules.conftest import REFERENCE

SPECS = load_events().observances
YEARS = st.integers(min_value=1950, max_value=2100)
# hijridate keeps historical 28- and 31-day months before 1364 AH (1945); from 1950 it is
# the regular Umm al-Qura table, which ends in 1500 AH (2077).
UMM_AL_QURA_YEARS = st.integers(min_value=1950, max_value=2076)
MONDAY, TUESDAY, SATURDAY, SUNDAY = 0, 1, 5, 6


def _keys(*kinds: str) -> list[str]:
    return [key for key, spec in SPECS.items() if spec.rule.kind in kinds]


def _dated(spec: ObservanceSpec, year: int) -> list[Occurrence]:
    return [row for row in spec.occurrences(year, year) if row.start is not None]


def _only(key: str, year: int) -> tuple[date, date]:
    since = SPECS[key].since
    assume(since is None or year >= since)  # before it, no date (tested on its own)
    rows = SPECS[key].occurrences(year, year)
    assert len(rows) == 1 and rows[0].start is not None and rows[0].end is not None, rows
    return rows[0].start, rows[0].end


def _length(row: Occurrence) -> int:
    assert row.start is not None and row.end is not None
    return (row.end - row.start).days + 1


@pytest.mark.parametrize("key", sorted(SPECS))
def test_the_events_yaml_rule_equals_the_reference_rule(key: str) -> None:
    spec = SPECS[key]
    rule, days, evening_before = REFERENCE[key]
    assert (spec.rule.params(), spec.days, spec.evening_before) == (rule, days, evening_before)


def test_the_reference_covers_exactly_the_keys_of_events_yaml() -> None:
    assert sorted(REFERENCE) == sorted(SPECS)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(SPECS)), YEARS)
def test_every_key_has_a_row_every_year_and_no_end_before_its_start(key: str, year: int) -> None:
    rows = SPECS[key].occurrences(year, year)
    assert rows and [row.index for row in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        assert row.year == year and row.evening_before == SPECS[key].evening_before
        if row.start is None:
            assert row.end is None
            assert row.status in (Status.NOT_ANNOUNCED, Status.NOT_RECORDED, Status.OUT_OF_RANGE,
                                  Status.NOT_OBSERVED)
        else:
            assert row.end is not None and row.start.year == year and row.end >= row.start


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(SPECS)), YEARS)
def test_a_whole_number_of_days_gives_exactly_that_many_days(key: str, year: int) -> None:
    spec = SPECS[key]
    if spec.rule.kind in ("fixed-range", "announced") or spec.days == WHOLE_MONTH:
        return
    assert all(_length(row) == spec.days for row in _dated(spec, year))


@pytest.mark.parametrize("key", _keys("fixed"))
@settings(deadline=None)
@given(year=YEARS)
def test_fixed_days_fall_on_their_day_or_the_shift_for_a_sunday(key: str, year: int) -> None:
    spec = SPECS[key]
    earlier = [item.rule for item in spec.earlier_rules
               if (item.first is None or item.first <= year) and year <= item.last]
    params = (earlier[0] if earlier else spec.rule).params()
    start, _ = _only(key, year)
    listed = date(year, params["month"], params["day"])
    if params.get("on_sunday") and listed.weekday() == SUNDAY:
        assert start == listed + timedelta(days=params["on_sunday"])
    else:
        assert start == listed


@pytest.mark.parametrize("key", _keys("fixed-range"))
@settings(deadline=None)
@given(year=YEARS)
def test_fixed_ranges_run_from_their_first_to_their_last_day(key: str, year: int) -> None:
    params = SPECS[key].rule.params()
    start, end = _only(key, year)
    assert start == date(year, params["start"]["month"], params["start"]["day"])
    assert end == date(year, params["end"]["month"], params["end"]["day"])


@pytest.mark.parametrize("key", _keys("nth-weekday"))
@settings(deadline=None)
@given(year=YEARS)
def test_nth_and_last_weekdays_land_on_the_right_weekday_and_week(key: str, year: int) -> None:
    params = SPECS[key].rule.params()
    start, _ = _only(key, year)
    assert start.month == params["month"]
    assert start.weekday() == WEEKDAYS.index(params["weekday"])
    if params["n"] == -1:
        assert (start + timedelta(days=7)).month != params["month"]
    else:
        assert (start.day - 1) // 7 + 1 == params["n"]


@settings(deadline=None)
@given(YEARS)
def test_week_van_de_toegankelijkheid_is_monday_to_saturday_from_the_first_monday_of_october(
    year: int,
) -> None:
    start, end = _only("week-van-de-toegankelijkheid", year)
    assert start.weekday() == MONDAY and date(year, 10, 1) <= start <= date(year, 10, 7)
    assert end.weekday() == SATURDAY and end - start == timedelta(days=5)


@settings(deadline=None)
@given(YEARS)
def test_diversity_day_is_the_first_tuesday_of_october(year: int) -> None:
    start, end = _only("diversity-day", year)
    assert start == end and start.weekday() == TUESDAY
    assert date(year, 10, 1) <= start <= date(year, 10, 7)


@settings(deadline=None)
@given(YEARS)
def test_black_achievement_month_is_the_whole_of_october(year: int) -> None:
    assert _only("black-achievement-month", year) == (date(year, 10, 1), date(year, 10, 31))


@settings(deadline=None)
@given(YEARS)
def test_paarse_vrijdag_is_the_second_friday_of_december(year: int) -> None:
    start, _ = _only("paarse-vrijdag", year)
    assert start.weekday() == 4 and date(year, 12, 8) <= start <= date(year, 12, 14)


@settings(deadline=None)
@given(YEARS)
def test_internationale_dag_van_de_doven_is_the_last_sunday_of_september(year: int) -> None:
    start, _ = _only("wereld-dovendag", year)
    last_day = calendar.monthrange(year, 9)[1]
    assert start.weekday() == SUNDAY and last_day - 6 <= start.day <= last_day


@settings(deadline=None)
@given(st.integers(min_value=2014, max_value=2100))
def test_koningsdag_is_never_a_sunday(year: int) -> None:
    start, _ = _only("koningsdag", year)
    assert start.weekday() != SUNDAY and start in (date(year, 4, 26), date(year, 4, 27))


@settings(deadline=None)
@given(YEARS)
def test_pasen_is_easter_sunday_and_easter_monday(year: int) -> None:
    start, end = _only("pasen", year)
    assert start.weekday() == SUNDAY and date(year, 3, 22) <= start <= date(year, 4, 25)
    assert end == start + timedelta(days=1)


@settings(deadline=None)
@given(YEARS)
def test_pinksteren_is_whit_sunday_and_whit_monday_49_days_after_easter(year: int) -> None:
    start, end = _only("pinksteren", year)
    assert start - _only("pasen", year)[0] == timedelta(days=49)
    assert end == start + timedelta(days=1)


@settings(deadline=None)
@given(YEARS)
def test_pesach_lasts_8_days_and_never_begins_on_monday_wednesday_or_friday(year: int) -> None:
    start, end = _only("pesach", year)
    assert start.weekday() not in (0, 2, 4) and end - start == timedelta(days=7)


@settings(deadline=None)
@given(UMM_AL_QURA_YEARS)
def test_ramadan_is_the_whole_month_and_eid_al_fitr_the_day_after(year: int) -> None:
    fitr = {row.start for y in (year, year + 1) for row in _dated(SPECS["suikerfeest"], y)}
    for ramadan in _dated(SPECS["ramadan"], year):
        assert _length(ramadan) in (29, 30)
        assert ramadan.end is not None and ramadan.end + timedelta(days=1) in fitr


@pytest.mark.parametrize("key", _keys("announced"))
@settings(deadline=None)
@given(year=YEARS)
def test_announced_dates_are_shown_only_for_the_years_published(key: str, year: int) -> None:
    published = [
        (date.fromisoformat(d["start"]), date.fromisoformat(d["end"]))
        for d in SPECS[key].rule.params()["dates"]
        if d["start"][:4] == str(year)
    ]
    rows = SPECS[key].occurrences(year, year)
    if published:
        assert [(r.start, r.end, r.status) for r in rows] == [
            (start, end, Status.ANNOUNCED) for start, end in sorted(published)
        ]
    elif isinstance(SPECS[key].since, int) and year < SPECS[key].since:
        assert [r.status for r in rows] == [Status.NOT_OBSERVED]
    else:
        status = unannounced_status(year, today=date.today())
        assert [(r.start, r.end, r.status) for r in rows] == [(None, None, status)]


@pytest.mark.parametrize("key", _keys("hebrew", "islamic", "persian", "chinese", "buddhist"))
@settings(deadline=None)
@given(year=YEARS)
def test_calendar_conversions_give_a_start_in_the_year_or_a_reason(key: str, year: int) -> None:
    for row in SPECS[key].occurrences(year, year):
        assert (row.start is not None and row.start.year == year) or row.note


def test_every_entry_has_an_importance(events: Catalogue) -> None:
    importance = {key: spec.importance for key, spec in events.observances.items()}
    assert set(importance.values()) == {"major", "awareness"}
    for key in ("ramadan", "suikerfeest", "offerfeest", "pesach", "rosj-hasjana", "jom-kipoer",
                "divali", "keti-koti", "dodenherdenking", "pride-amsterdam", "kerstmis", "pasen"):
        assert importance[key] == "major", key


def test_every_cao_day_off_but_new_years_day_is_an_observance(events: Catalogue) -> None:
    """The month page shows observances only: a day off missing here is missing there."""
    flagged = [spec for spec in events.observances.values() if spec.is_day_off(2027)]
    shown = {day for spec in flagged for row in spec.occurrences(2027, 2027)
             if row.start and row.end for day in _days(row.start, row.end)}
    missing = {item.name_nl for item in days_off_in_year(2027) if item.day not in shown}
    assert missing == {"Nieuwjaarsdag"}  # a day off, but no observance of the workgroups


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def test_days_off_are_flagged_on_the_observances_that_hold_them(events: Catalogue) -> None:
    flagged = {key for key, spec in events.observances.items() if spec.is_day_off(2027)}
    assert flagged == {"pasen", "pinksteren", "koningsdag", "kerstmis", "bevrijdingsdag",
                       "hemelvaartsdag"}
    assert not events.observances["bevrijdingsdag"].is_day_off(2023)
