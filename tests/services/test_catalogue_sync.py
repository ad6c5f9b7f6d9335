"""Loading events.yaml into the database is idempotent and never deletes history."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import Catalogue
from calendar_app.catalogue import load_file
from calendar_app.catalogue import load_text
from calendar_app.models import Observance
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.catalogue_sync import sync_catalogue
from calendar_app.services.site import data_version

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_file(ROOT / "events.yaml")


def edited(catalogue_text: str, old: str, new: str) -> Catalogue:
    assert old in catalogue_text
    return load_text(catalogue_text.replace(old, new, 1))


def test_first_load_adds_every_observance(session: Session, catalogue: Catalogue) -> None:
    report = sync_catalogue(session, catalogue, now=NOW)
    assert sorted(report.added) == sorted(catalogue.observances)
    assert [spec.key for spec in active_specs(session)] == list(catalogue.observances)
    assert set(active_themes(session)) == set(catalogue.themes)


def test_loading_the_same_file_again_changes_nothing(
        session: Session, catalogue: Catalogue) -> None:
    sync_catalogue(session, catalogue, now=NOW)
    version_before = data_version(session)
    report = sync_catalogue(session, catalogue, now=LATER)
    assert not report.changed
    assert report.unchanged == len(catalogue.observances)
    assert data_version(session) == version_before


def test_an_edited_entry_is_updated_and_its_sequence_raised(
        session: Session, catalogue: Catalogue) -> None:
    sync_catalogue(session, catalogue, now=NOW)
    text = (ROOT / "events.yaml").read_text()
    changed = edited(text, "Keti Koti (abolition of slavery)", "Keti Koti (Emancipation Day)")
    report = sync_catalogue(session, changed, now=LATER)
    assert report.updated == ["keti-koti"]
    row = session.scalars(select(Observance).where(Observance.key == "keti-koti")).one()
    assert row.name_en == "Keti Koti (Emancipation Day)"
    assert row.sequence == 1
    assert row.updated_at == LATER


def test_a_removed_entry_is_retired_not_deleted(session: Session, catalogue: Catalogue) -> None:
    sync_catalogue(session, catalogue, now=NOW)
    smaller = Catalogue(themes=catalogue.themes, observances={
        key: spec for key, spec in catalogue.observances.items() if key != "idahot"})
    report = sync_catalogue(session, smaller, now=LATER)
    assert report.retired == ["idahot"]
    row = session.scalars(select(Observance).where(Observance.key == "idahot")).one()
    assert row.retired_at == LATER
    assert "idahot" not in [spec.key for spec in active_specs(session)]


def test_a_returning_entry_is_revived(session: Session, catalogue: Catalogue) -> None:
    sync_catalogue(session, catalogue, now=NOW)
    smaller = Catalogue(themes=catalogue.themes, observances={
        key: spec for key, spec in catalogue.observances.items() if key != "idahot"})
    sync_catalogue(session, smaller, now=LATER)
    report = sync_catalogue(session, catalogue, now=LATER)
    assert report.updated == ["idahot"]
    assert "idahot" in [spec.key for spec in active_specs(session)]


def test_stored_records_rebuild_the_same_dates(session: Session, catalogue: Catalogue) -> None:
    sync_catalogue(session, catalogue, now=NOW)
    rebuilt = {spec.key: spec for spec in active_specs(session)}
    for key in ("ramadan", "pesach", "koningsdag", "pride-amsterdam", "divali"):
        assert rebuilt[key].occurrences(2024, 2030) == \
            catalogue.observances[key].occurrences(2024, 2030)


def test_load_stores_each_observances_importance(session: Session, catalogue: Catalogue) -> None:
    sync_catalogue(session, catalogue, now=NOW)
    stored = {row.key: row.importance for row in session.scalars(select(Observance))}
    assert stored["ramadan"] == "major" and stored["idahot"] == "awareness"
    assert stored == {key: spec.importance for key, spec in catalogue.observances.items()}


def test_importance_and_day_off_survive_the_round_trip_through_the_database(
        session: Session, catalogue: Catalogue) -> None:
    sync_catalogue(session, catalogue, now=NOW)
    specs = {spec.key: spec for spec in active_specs(session)}
    assert specs["bevrijdingsdag"].day_off == catalogue.observances["bevrijdingsdag"].day_off
    assert specs["bevrijdingsdag"].is_day_off(2025) and not specs["bevrijdingsdag"].is_day_off(2023)
    assert specs["koningsdag"].is_day_off(1990) and not specs["idahot"].is_day_off(2026)
