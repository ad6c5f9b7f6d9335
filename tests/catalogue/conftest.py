"""Catalogue test fixtures: the real events.yaml (when it exists) and the small test catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app.catalogue import Catalogue
from calendar_app.catalogue import load_file

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events.yaml"
SMALL = ROOT / "tests" / "data" / "events_small.yaml"
PUBLISHED = ROOT / "tests" / "data" / "published_dates.csv"
DOMAIN = Path("/work/shared/domain.md")


@pytest.fixture
def small() -> Catalogue:
    """The small valid catalogue with one observance per rule kind."""
    return load_file(SMALL)


@pytest.fixture
def events() -> Catalogue:
    """The real catalogue; skipped while the file is still being written."""
    if not EVENTS.exists():
        pytest.skip("events.yaml does not exist yet (written by another task)")
    return load_file(EVENTS)


@pytest.fixture
def base_file() -> Path:
    """The file to plant mistakes in: events.yaml if present, else the small catalogue."""
    return EVENTS if EVENTS.exists() else SMALL
