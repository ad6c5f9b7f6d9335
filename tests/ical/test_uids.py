"""Stable UIDs: built from natural keys only, so they survive restarts and engine moves."""

from __future__ import annotations

import uuid

import pytest

from calendar_app.ical import activity_uid
from calendar_app.ical import observance_uid


def test_observance_uid_names_key_year_and_index() -> None:
    assert observance_uid("eid-al-fitr", 2033, 1) == "obs-eid-al-fitr-2033-1@diversiteitskalender"


def test_two_occurrences_in_one_year_get_two_uids() -> None:
    assert observance_uid("eid-al-fitr", 2033, 1) != observance_uid("eid-al-fitr", 2033, 2)


@pytest.mark.parametrize("key", ["", "Divali", "keti koti", "a@b", "-x", "pride\n"])
def test_observance_key_must_be_a_slug(key: str) -> None:
    with pytest.raises(ValueError, match="slug"):
        observance_uid(key, 2030, 1)


@pytest.mark.parametrize(("year", "index"), [(0, 1), (10000, 1), (2030, 0)])
def test_observance_year_and_index_are_checked(year: int, index: int) -> None:
    with pytest.raises(ValueError, match="bad year"):
        observance_uid("divali", year, index)


def test_activity_uid_from_uuid_or_its_text_is_the_same() -> None:
    public_id = uuid.UUID("2b0c6f4e-8d1a-4c3e-9f00-0123456789ab")

    assert (
        activity_uid(public_id) == "act-2b0c6f4e-8d1a-4c3e-9f00-0123456789ab@diversiteitskalender"
    )
    assert activity_uid(str(public_id).upper()) == activity_uid(public_id)


def test_activity_uid_refuses_what_is_not_a_uuid() -> None:
    with pytest.raises(ValueError):
        activity_uid("42")
