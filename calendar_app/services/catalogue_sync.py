"""Bring the observances table in line with events.yaml.

Idempotent: loading the same file twice changes nothing. Dates an administrator
entered in the browser are merged in before comparing (`services.browser_dates`), so
a reload never erases them. An edited entry is updated
(its feed SEQUENCE raised); an entry gone from the file is retired, never deleted, so
history that points at it stays intact; an entry that comes back is revived.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import Catalogue
from calendar_app.catalogue import ObservanceSpec
from calendar_app.catalogue import Translated
from calendar_app.catalogue import parse_observance
from calendar_app.models import Observance
from calendar_app.models import Theme
from calendar_app.services.browser_dates import entries_by_key
from calendar_app.services.browser_dates import merge_record
from calendar_app.services.site import bump_data_version


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired)


def content_hash(record: dict[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def sync_catalogue(session: Session, catalogue: Catalogue, *, now: datetime) -> SyncReport:
    """Apply `catalogue` to the observances table (flushes; the caller commits)."""
    report = SyncReport()
    themes_changed = _sync_themes(session, catalogue, now=now)
    existing = {row.key: row for row in session.scalars(select(Observance))}
    entered = entries_by_key(session)
    for key, spec in catalogue.observances.items():
        # Dates entered in the browser win for their year (services.browser_dates).
        record = merge_record(spec.record(), entered.get(key, []))
        digest = content_hash(record)
        row = existing.pop(key, None)
        if row is None:
            session.add(_new_row(spec, record, digest, now))
            report.added.append(key)
        elif row.content_hash != digest or row.retired_at is not None:
            _update_row(row, spec, record, digest, now)
            report.updated.append(key)
        else:
            report.unchanged += 1
    for key, row in existing.items():
        if row.retired_at is None:
            row.retired_at = now
            row.sequence += 1
            row.updated_at = now
            report.retired.append(key)
    if report.changed or themes_changed:
        bump_data_version(session, now=now)
    session.flush()
    return report


def _sync_themes(session: Session, catalogue: Catalogue, *, now: datetime) -> bool:
    """Theme labels follow the file; a theme gone from it is retired. True if anything changed."""
    changed = False
    existing = {row.key: row for row in session.scalars(select(Theme))}
    for key, label in catalogue.themes.items():
        row = existing.pop(key, None)
        if row is None:
            session.add(Theme(key=key, name_nl=label.nl, name_en=label.en, retired_at=None))
            changed = True
        elif (row.name_nl, row.name_en, row.retired_at) != (label.nl, label.en, None):
            row.name_nl, row.name_en, row.retired_at = label.nl, label.en, None
            changed = True
    for row in existing.values():
        if row.retired_at is None:
            row.retired_at = now
            changed = True
    return changed


def active_themes(session: Session) -> dict[str, Translated]:
    """Theme key -> labels, for the themes in force, in key order."""
    rows = session.scalars(select(Theme).where(Theme.retired_at.is_(None)).order_by(Theme.key))
    return {row.key: Translated(row.name_nl, row.name_en) for row in rows}


def _new_row(spec: ObservanceSpec, record: dict[str, Any], digest: str,
             now: datetime) -> Observance:
    return Observance(
        key=spec.key, name_nl=spec.name.nl, name_en=spec.name.en, importance=spec.importance,
        record=record,
        content_hash=digest, sequence=0, created_at=now, updated_at=now, retired_at=None)


def _update_row(row: Observance, spec: ObservanceSpec, record: dict[str, Any], digest: str,
                now: datetime) -> None:
    row.name_nl = spec.name.nl
    row.name_en = spec.name.en
    row.importance = spec.importance
    row.record = record
    row.content_hash = digest
    row.sequence += 1
    row.updated_at = now
    row.retired_at = None


def active_specs(session: Session) -> list[ObservanceSpec]:
    """The observances in force, rebuilt from what the database stores."""
    rows = session.scalars(
        select(Observance).where(Observance.retired_at.is_(None)).order_by(Observance.id))
    return [parse_observance(row.key, row.record) for row in rows]
