"""Catalogue test fixtures: the real events.yaml, the small test catalogue, the key list."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app.catalogue import Catalogue
from calendar_app.catalogue import load_file

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events.yaml"
SMALL = ROOT / "tests" / "data" / "events_small.yaml"
PUBLISHED = ROOT / "tests" / "data" / "published_dates.csv"
CATALOGUE_KEYS = ROOT / "tests" / "data" / "catalogue_keys.txt"


def catalogue_keys() -> list[str]:
    """The keys domain.md requires (copied into tests/data so the tests run anywhere)."""
    lines = CATALOGUE_KEYS.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# "), "the first line names where the list comes from"
    return [line.strip() for line in lines[1:] if line.strip()]


def load_events() -> Catalogue:
    """The real catalogue; a missing or invalid events.yaml fails the test that needs it."""
    assert EVENTS.exists(), f"{EVENTS} is missing"
    return load_file(EVENTS)


@pytest.fixture
def small() -> Catalogue:
    """The small valid catalogue with one observance per rule kind."""
    return load_file(SMALL)


@pytest.fixture
def events() -> Catalogue:
    """The real catalogue, events.yaml; fails (never skips) when it is missing."""
    return load_events()


@pytest.fixture
def base_file() -> Path:
    """The file to plant mistakes in: always the real events.yaml."""
    assert EVENTS.exists(), f"{EVENTS} is missing"
    return EVENTS
