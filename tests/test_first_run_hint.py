"""The first-run hint's command line, run as printed, uses the server's address."""

from __future__ import annotations

import dataclasses
import shlex

import pytest
from click.testing import CliRunner

from calendar_app.cli import main
from calendar_app.cli.processes import _first_run_hint
from calendar_app.config import Settings
from calendar_app.db import Database


def _printed_command(settings: Settings, capsys: pytest.CaptureFixture[str]) -> list[str]:
    _first_run_hint(settings)
    [line] = [line for line in capsys.readouterr().err.splitlines()
              if "diversity-calendar users create" in line]
    return shlex.split(line)


def test_the_hint_names_the_servers_address(
        db_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    server = dataclasses.replace(db_settings, port=8123, base_url="http://127.0.0.1:8123")
    assert "BASE_URL=http://127.0.0.1:8123" in _printed_command(server, capsys)


def test_the_printed_command_writes_links_to_the_servers_port(
        db_settings: Settings, database: Database,
        capsys: pytest.CaptureFixture[str]) -> None:
    server = dataclasses.replace(db_settings, port=8123, base_url="http://127.0.0.1:8123")
    words = _printed_command(server, capsys)
    start = next(i for i, word in enumerate(words) if word.endswith("diversity-calendar"))
    env = dict(word.split("=", 1) for word in words[:start])
    env["DATABASE_URL"] = db_settings.database_url  # the server's database, as the README says
    args = words[start + 1:words.index("--password")]  # no password: it prints the link
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/forgot" in result.output
