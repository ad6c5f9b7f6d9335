"""Every CSV export, from the web and from `diversity-calendar export`, is written for
the Excel of its language (issue 14): Dutch files start with the byte-order mark, split
on ";", have Dutch headers and no ISO date, "1250.50" or theme key in a cell; with
`lang=en` / `--lang en` they split on "," and have English headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.exports.csv import PLAN_COLUMNS
from calendar_app.exports.csv import REPORT_COLUMNS
from calendar_app.exports.csv import word
from calendar_app.exports.registrations import COLUMNS as REGISTRATION_COLUMNS
from tests.e2e.page_types import COORDINATOR
from tests.e2e.page_types import seed
from tests.web.accounts_data import log_in
from tests.web.dutch_text import enrich
from tests.web.dutch_text import non_dutch
from tests.web.dutch_text import theme_keys
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

BOM = b"\xef\xbb\xbf"
#: Each export: its columns, its web address and its CLI arguments.
EXPORTS = {
    "plan": (PLAN_COLUMNS, "/planning/zuid/2026.csv",
             ["plan", "--workgroup", "zuid", "--year", "2026"]),
    "report": (REPORT_COLUMNS, "/planning/zuid/report.csv?period=2026-H1",
               ["report", "--workgroup", "zuid", "--from", "2026-01-01", "--to", "2026-06-30"]),
    "registrations": (REGISTRATION_COLUMNS, "/activities/{signup}/aanmeldingen.csv",
                      ["registrations", "--activity", "{signup}"]),
}
CASES = [(kind, source) for kind in EXPORTS for source in ("web", "cli")]


@pytest.fixture
def fields(database: Database, public_data: PublicData,
           db_settings: Settings) -> dict[str, str]:
    fields = seed(database, public_data, db_settings)
    enrich(database, fields)
    return fields


def export(kind: str, source: str, lang: str, *, app: Flask, settings: Settings,
           fields: dict[str, str], tmp_path: Path) -> bytes:
    """The file as the web page or the CLI command gives it."""
    _, path, arguments = EXPORTS[kind]
    if source == "web":
        client = app.test_client()
        assert log_in(client, COORDINATOR).status_code == 302
        url = path.format(**fields)
        response = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        assert response.status_code == 200
        return response.data
    out = tmp_path / f"{kind}.csv"
    env = {"INSTANCE_PATH": str(settings.instance_path), "DATABASE_URL": settings.database_url}
    result = CliRunner().invoke(main, ["export", *[argument.format(**fields)
                                                   for argument in arguments],
                                       "--format", "csv", "--lang", lang, "--out", str(out)],
                                env=env)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def rows(data: bytes, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


@pytest.mark.parametrize(("kind", "source"), CASES)
def test_a_dutch_csv_has_the_bom_semicolons_and_dutch_headers(
        app: Flask, db_settings: Settings, fields: dict[str, str], tmp_path: Path,
        kind: str, source: str) -> None:
    data = export(kind, source, "nl", app=app, settings=db_settings, fields=fields,
                  tmp_path=tmp_path)
    assert data.startswith(BOM)
    table = rows(data, ";")
    assert table[0] == [word("nl", column) for column in EXPORTS[kind][0]]
    assert len(table) > 1 and all(len(row) == len(table[0]) for row in table)


@pytest.mark.parametrize(("kind", "source"), CASES)
def test_a_dutch_csv_writes_dates_amounts_and_themes_the_dutch_way(
        app: Flask, database: Database, db_settings: Settings, fields: dict[str, str],
        tmp_path: Path, kind: str, source: str) -> None:
    data = export(kind, source, "nl", app=app, settings=db_settings, fields=fields,
                  tmp_path=tmp_path)
    cells = [value for row in rows(data, ";") for value in row]
    assert non_dutch(cells, theme_keys(database)) == []


@pytest.mark.parametrize(("kind", "source"), CASES)
def test_an_english_csv_has_commas_and_english_headers(
        app: Flask, db_settings: Settings, fields: dict[str, str], tmp_path: Path,
        kind: str, source: str) -> None:
    data = export(kind, source, "en", app=app, settings=db_settings, fields=fields,
                  tmp_path=tmp_path)
    table = rows(data, ",")
    assert table[0] == [word("en", column) for column in EXPORTS[kind][0]]
    assert len(table) > 1 and all(len(row) == len(table[0]) for row in table)
