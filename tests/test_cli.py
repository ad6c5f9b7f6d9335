"""The command line: help everywhere, one-line errors, and the admin commands."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlalchemy import select

from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Membership
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"run", "serve", "scheduler", "db", "load-events", "check-events", "dates",
            "users", "workgroups", "backup", "send-due", "export"}


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "diversity-calendar"
    return subprocess.run([str(executable), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def invoke(db_settings: Settings, *args: str):  # type: ignore[no-untyped-def]
    env = {"INSTANCE_PATH": str(db_settings.instance_path),
           "DATABASE_URL": db_settings.database_url}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_help_lists_every_command() -> None:
    result = cli("--help")
    assert result.returncode == 0
    listed = result.stdout.split("Commands:", 1)[1].splitlines()
    assert {line.split()[0] for line in listed if line.strip()} == COMMANDS


@pytest.mark.parametrize("command", [
    ["run"], ["serve"], ["scheduler"], ["db", "upgrade"], ["load-events"], ["check-events"],
    ["dates"], ["users", "create"], ["workgroups", "create"], ["workgroups", "feed-token"],
    ["backup"], ["send-due"], ["db", "revision"], ["export", "poster"], ["export", "plan"],
    ["export", "report"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_unknown_command_is_one_line_and_non_zero() -> None:
    result = cli("frobnicate")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "frobnicate" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_database_url_is_one_line_and_non_zero(tmp_path: Path) -> None:
    result = cli("db", "upgrade", env={"DATABASE_URL": "nonsense://x",
                                      "INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "DATABASE_URL" in errors[0]
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_line_and_non_zero(tmp_path: Path) -> None:
    result = cli("db", "upgrade", env={
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: cannot use the database")


@pytest.mark.parametrize("command", ["serve", "scheduler"])
@pytest.mark.parametrize("url", ["nonsense://x", "mysql://u@127.0.0.1/x"])
def test_long_running_commands_refuse_a_bad_database_url_in_one_line(
        tmp_path: Path, command: str, url: str) -> None:
    result = cli(command, env={"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"Error: DATABASE_URL={url!r} is not usable")
    assert result.stderr.strip().count("\n") == 0


@pytest.mark.parametrize("command", ["serve", "scheduler"])
def test_long_running_commands_refuse_an_unmigrated_database(
        tmp_path: Path, command: str) -> None:
    result = cli(command, env={"INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "run 'diversity-calendar db upgrade' first" in result.stderr


def test_bad_setting_is_one_line_and_non_zero(tmp_path: Path) -> None:
    result = cli("db", "upgrade", env={"PORT": "many", "INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: configuration: PORT='many' invalid literal for " \
        "int() with base 10: 'many'"


def test_workgroups_create_with_reminder_days(db_settings: Settings, database: Database) -> None:
    result = invoke(db_settings, "workgroups", "create", "zuid", "--name", "Stadsdeel Zuid",
                    "--reminder-days", "2,42,14")
    assert result.exit_code == 0, result.output
    with database.session() as session:
        workgroup = session.scalars(select(Workgroup)).one()
        rule = session.scalars(select(ReminderRule)).one()
    assert (workgroup.slug, workgroup.name) == ("zuid", "Stadsdeel Zuid")
    assert rule.lead_days == [42, 14, 2]


def test_users_create_joins_the_workgroup_with_a_role(
        db_settings: Settings, database: Database) -> None:
    invoke(db_settings, "workgroups", "create", "zuid", "--name", "Zuid")
    result = invoke(db_settings, "users", "create", "Trekker@Example.org", "--name", "Tess",
                    "--workgroup", "zuid", "--role", "coordinator")
    assert result.exit_code == 0, result.output
    with database.session() as session:
        user = session.scalars(select(User)).one()
        membership = session.scalars(select(Membership)).one()
    assert user.email == "trekker@example.org"
    assert membership.role == "coordinator"


def test_users_create_without_password_says_how_to_set_one(
        db_settings: Settings, database: Database) -> None:
    result = invoke(db_settings, "users", "create", "a@example.org", "--name", "A")
    assert result.exit_code == 0, result.output
    assert f"{db_settings.base_url}/forgot" in result.output


def test_users_create_refuses_an_unknown_workgroup(
        db_settings: Settings, database: Database) -> None:
    result = invoke(db_settings, "users", "create", "a@example.org", "--name", "A",
                    "--workgroup", "nope")
    assert result.exit_code == 1
    assert "no workgroup 'nope'" in result.output
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_backup_writes_a_consistent_copy(tmp_path: Path) -> None:
    env = {"INSTANCE_PATH": str(tmp_path / "instance")}
    assert cli("db", "upgrade", env=env).returncode == 0
    assert cli("workgroups", "create", "oost", "--name", "Oost", env=env).returncode == 0
    result = cli("backup", str(tmp_path / "copy.sqlite3"), env=env)
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        assert copy.execute("SELECT slug FROM workgroups").fetchall() == [("oost",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        copy.close()


def test_backup_copies_commits_that_are_still_in_the_wal(tmp_path: Path) -> None:
    """A plain file copy would miss them: the writer below keeps them out of the main file."""
    env = {"INSTANCE_PATH": str(tmp_path / "instance")}
    assert cli("db", "upgrade", env=env).returncode == 0
    live = tmp_path / "instance" / "calendar.sqlite3"
    writer = sqlite3.connect(live)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO workgroups (slug, name, description, created_at) "
                       "VALUES ('zuid', 'Zuid', '', '2026-01-01')")
        writer.commit()
        plain = tmp_path / "plain-copy.sqlite3"
        plain.write_bytes(live.read_bytes())
        result = cli("backup", str(tmp_path / "copy.sqlite3"), env=env)
    finally:
        writer.close()
    assert result.returncode == 0, result.stderr
    assert _slugs(plain) == [], "the commit reached the main file: the test proves nothing"
    assert _slugs(tmp_path / "copy.sqlite3") == ["zuid"]


def _slugs(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT slug FROM workgroups")]
    finally:
        connection.close()


def test_backup_of_a_missing_database_is_one_line(tmp_path: Path) -> None:
    result = cli("backup", str(tmp_path / "copy.sqlite3"),
                 env={"INSTANCE_PATH": str(tmp_path / "empty")})
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: no SQLite database at")
    assert not (tmp_path / "copy.sqlite3").exists()


def test_backup_explains_pg_dump_for_postgresql(tmp_path: Path) -> None:
    result = cli("backup", str(tmp_path / "x"), env={
        "DATABASE_URL": "postgresql+psycopg://u@127.0.0.1/x", "INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "pg_dump" in result.stderr


def test_load_events_twice_reports_no_changes_the_second_time(
        db_settings: Settings, database: Database) -> None:
    first = invoke(db_settings, "load-events", str(ROOT / "events.yaml"))
    second = invoke(db_settings, "load-events", str(ROOT / "events.yaml"))
    assert first.exit_code == 0 and second.exit_code == 0
    assert " 0 added, 0 updated, 0 retired" in second.output
    assert "added" in first.output and " 0 added" not in first.output


def test_load_events_refuses_a_broken_file_and_changes_nothing(
        db_settings: Settings, database: Database, tmp_path: Path) -> None:
    from calendar_app.models import Observance

    invoke(db_settings, "load-events", str(ROOT / "events.yaml"))
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(Observance))
    broken = tmp_path / "events.yaml"
    text = (ROOT / "events.yaml").read_text()
    broken.write_text(text.replace("keti-koti:", "keti-koti-new:", 1).replace(
        "kind: fixed\n", "kind: fixedd\n", 1))
    result = invoke(db_settings, "load-events", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:" in result.output
    assert "the database is unchanged" in result.output
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Observance)) == before
        assert session.scalar(select(Observance).where(Observance.key == "keti-koti-new")) is None


def test_dates_json_has_the_documented_fields(db_settings: Settings) -> None:
    import json

    result = invoke(db_settings, "dates", "--from", "2030", "--to", "2030", "--format", "json",
                    "--key", "ramadan", "--file", str(ROOT / "events.yaml"))
    rows = json.loads(result.output)
    assert [row["start"] for row in rows] == ["2030-01-05", "2030-12-26"]
    assert {"key", "year", "name_nl", "name_en", "start", "end", "status",
            "evening_before"} <= set(rows[0])


def test_dates_rejects_an_unknown_key(db_settings: Settings) -> None:
    result = invoke(db_settings, "dates", "--from", "2030", "--to", "2030", "--key", "nope",
                    "--file", str(ROOT / "events.yaml"))
    assert result.exit_code == 1
    assert "unknown observance key(s): nope" in result.output


def test_feed_token_prints_a_working_address_and_revokes_the_old_one(
        db_settings: Settings, database: Database) -> None:
    from calendar_app.services.feeds import workgroup_for_token

    invoke(db_settings, "workgroups", "create", "zuid", "--name", "Zuid")
    first = invoke(db_settings, "workgroups", "feed-token", "zuid").output.strip()
    second = invoke(db_settings, "workgroups", "feed-token", "zuid").output.strip()
    assert first.startswith("http://127.0.0.1:8000/feeds/intern/") and first.endswith(".ics")
    token = lambda url: url.rsplit("/", 1)[1].removesuffix(".ics")  # noqa: E731
    with database.session() as session:
        assert workgroup_for_token(session, token(first)) is None
        assert workgroup_for_token(session, token(second)).slug == "zuid"
        stored = session.scalars(select(Workgroup)).one().feed_token_hash
    assert token(second) not in (stored or "")
