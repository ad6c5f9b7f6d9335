"""Astronomical instants from `ephem`, turned into whole days in Europe/Amsterdam.

The engine computes no astronomy itself: ephem (libastro) gives the instants of the
March equinox and of full and new moons; this module only picks the local calendar day.
"""

from __future__ import annotations

import functools
from datetime import UTC
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

import ephem

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PARAMARIBO = ZoneInfo("America/Paramaribo")
_MOON_PHASES = {
    "full": (ephem.previous_full_moon, ephem.next_full_moon),
    "new": (ephem.previous_new_moon, ephem.next_new_moon),
}


def _local_day(instant: ephem.Date, zone: ZoneInfo = AMSTERDAM) -> date:
    utc: datetime = ephem.Date(instant).datetime().replace(tzinfo=UTC)
    return utc.astimezone(zone).date()


def _ephem_instant(moment: datetime) -> ephem.Date:
    return ephem.Date(moment.astimezone(UTC).replace(tzinfo=None))


@functools.cache
def march_equinox(year: int) -> date:
    """The day, in Europe/Amsterdam, of the March equinox of `year`."""
    return _local_day(ephem.next_equinox(ephem.Date(f"{year}/3/1")))


@functools.cache
def first_may_full_moon(year: int) -> date:
    """The day, in Europe/Amsterdam, of the first full moon in May of `year`.

    May is longer than a lunation, so there is always one; when there are two the
    first is Vesak.
    """
    may_first = datetime(year, 5, 1, tzinfo=AMSTERDAM)
    return _local_day(ephem.next_full_moon(_ephem_instant(may_first)))


@functools.cache
def nearest_moon_phase_day(day: date, phase: str, zone: ZoneInfo) -> date:
    """The day, in `zone`, of the `phase` ("full" or "new") moon nearest to noon of `day` there.

    Used to check a published lunisolar date against the sky (Holi-Phagwa belongs to a full
    moon, Divali to a new moon) rather than to compute one.
    """
    noon = _ephem_instant(datetime(day.year, day.month, day.day, 12, tzinfo=zone))
    before, after = (find(noon) for find in _MOON_PHASES[phase])
    nearest = before if noon - before <= after - noon else after
    return _local_day(nearest, zone)
