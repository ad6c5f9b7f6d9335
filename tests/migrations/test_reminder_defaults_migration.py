"""Old databases: a workgroup without reminders gets the defaults; an opt-out stays "nothing"."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import text

from calendar_app import migrations

BEFORE = "a7c41e2b9d03"


def test_upgrade_gives_rule_less_workgroups_the_defaults_and_keeps_opt_outs(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    migrations.upgrade(url, BEFORE)
    engine = create_engine(url)
    with engine.begin() as connection:
        for slug in ("zuid", "oost"):
            connection.execute(text(
                "INSERT INTO workgroups (slug, name, description, created_at) "
                "VALUES (:slug, :slug, '', '2026-01-01 00:00:00')"), {"slug": slug})
        connection.execute(text(
            "INSERT INTO reminder_rules (workgroup_id, lead_days, send_time, covers, themes,"
            " created_at) VALUES (2, '[3]', '08:00', 'all', '[]', '2026-01-01 00:00:00')"))
        for email, opt_out in (("a@example.org", 0), ("b@example.org", 1)):
            connection.execute(text(
                "INSERT INTO users (email, name, password_hash, is_admin, is_active, lang,"
                " created_at) VALUES (:e, :e, '', 0, 1, 'nl', '2026-01-01 00:00:00')"),
                {"e": email})
            connection.execute(text(
                "INSERT INTO memberships (user_id, workgroup_id, role, reminders_opt_out,"
                " pending, created_at) SELECT id, 1, 'member', :o, 0, '2026-01-01 00:00:00'"
                " FROM users WHERE email = :e"), {"e": email, "o": opt_out})
    migrations.upgrade(url)
    with engine.connect() as connection:
        rules = connection.execute(text(
            "SELECT workgroup_id, major_days, awareness_days, activity_days, lead_days "
            "FROM reminder_rules ORDER BY workgroup_id")).all()
        modes = connection.execute(text(
            "SELECT u.email, m.reminder_mode FROM memberships m JOIN users u "
            "ON u.id = m.user_id ORDER BY u.email")).all()
    engine.dispose()
    # The lists as JSON values: how they are spelled (spaces or not) is the engine's.
    assert [(row[0], *(None if value is None else json.loads(value) for value in row[1:]))
            for row in rules] == [
        (1, [42, 14], [14], [7, 1], [42, 14, 7, 1]),  # had none: the defaults
        (2, None, None, None, [3])]  # its own rule, as it was (NULL: lead_days for all)
    assert [tuple(row) for row in modes] == [("a@example.org", "individual"),
                                             ("b@example.org", "none")]
