"""Astronomical instants from `ephem`, turned into whole days in Europe/Amsterdam.

The engine computes no astronomy itself: ephem (libastro) gives the instants of the
March equinox and of full and new moons; this module only picks the local calendar day.
"""

from __future__ import annotations

import functools
import math
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


# --- The lunisolar month of a Hindu festival ---------------------------------------------
# A month of the amanta Hindu calendar runs from new moon to new moon and is named after the
# sidereal sign the Sun enters during it (its sankranti): Phalguna is the lunation in which the
# Sun enters Meena (sidereal Pisces, 330°, about 14 March), Ashvin the one in which it enters
# Tula (Libra, 180°, about 17 October). Holi is the full moon of Phalguna; Divali (Lakshmi puja)
# the new moon that ends Ashvin (Kartika amavasya in the purnimanta reckoning). A lunation
# without a sankranti is a leap month and takes no name, so "the lunation that contains the
# entry" picks the true month. The sidereal zodiac uses the Lahiri ayanamsa, approximated
# linearly (23.853° in 2000, +50.29" a year): good to well under an hour of the Sun's motion
# over 1900-2100, far finer than the days this check decides.

MEENA = 330.0
TULA = 180.0


def _ayanamsa(year: int) -> float:
    return 23.853 + (year - 2000) * 50.29 / 3600


def _sun_longitude(instant: float) -> float:
    """The Sun's tropical ecliptic longitude of date, in degrees."""
    return math.degrees(float(ephem.Ecliptic(ephem.Sun(ephem.Date(instant)),
                                             epoch=ephem.Date(instant)).lon))


@functools.cache
def sankranti(year: int, sidereal_degrees: float) -> ephem.Date:
    """The instant in `year` the Sun enters the sidereal sign starting at `sidereal_degrees`."""
    target = (sidereal_degrees + _ayanamsa(year)) % 360
    delta = target - 360 if target > 270 else target
    low = float(ephem.Date(f"{year}/3/20")) + delta * 365.2422 / 360 - 6
    high = low + 12
    for _ in range(40):  # bisection to well under a minute
        middle = (low + high) / 2
        if ((_sun_longitude(middle) - target + 180) % 360) - 180 > 0:
            high = middle
        else:
            low = middle
    return ephem.Date(low)


@functools.cache
def phalguna_full_moon(year: int, zone: ZoneInfo) -> date:
    """The day, in `zone`, of the full moon of Phalguna in `year` (Holi's full moon)."""
    new_moon = ephem.previous_new_moon(sankranti(year, MEENA))
    return _local_day(ephem.next_full_moon(new_moon), zone)


@functools.cache
def kartika_new_moon(year: int, zone: ZoneInfo) -> date:
    """The day, in `zone`, of the new moon that ends Ashvin in `year` (Divali's new moon)."""
    return _local_day(ephem.next_new_moon(sankranti(year, TULA)), zone)
