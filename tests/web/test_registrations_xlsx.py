"""An activity's sign-ups as an Excel workbook, from the roster page and from
`diversity-calendar export registrations --format xlsx`: Dutch headers and statuses,
the registration time as a real date-time cell, typed text kept as text."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from calendar_app.cli import main
from calendar_app.config import Settings
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.registration_data import sign_up
from tests.web.registration_data import signup_activity

HEADER = ["Naam", "E-mail", "Status", "Dieetwensen", "Toegankelijkheid", "Zonder aanmelding",
          "Aanwezig", "Aangemeld op"]


@pytest.fixture
def signed_up(app: Flask) -> tuple[FlaskClient, str]:
    """A coordinator's client and an activity with one (unconfirmed) sign-up."""
    people(app)
    coordinator = app.test_client()
    assert log_in(coordinator, "coord@example.org").status_code == 302
    public_id = signup_activity(app, coordinator)
    sign_up(app.test_client(), public_id, "=Anna", "anna@example.org", needs="Rolstoel")
    return coordinator, public_id


def sheet_rows(data: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_the_roster_page_downloads_the_sign_ups_as_xlsx(
        signed_up: tuple[FlaskClient, str]) -> None:
    coordinator, public_id = signed_up
    response = coordinator.get(f"/activities/{public_id}/aanmeldingen.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    header, row = sheet_rows(response.data)
    assert list(header) == HEADER
    assert row[:6] == ("'=Anna", "anna@example.org", "Nog niet bevestigd", None, "Rolstoel", "nee")
    assert isinstance(row[7], datetime)


def test_the_cli_writes_the_sign_ups_as_xlsx(signed_up: tuple[FlaskClient, str],
                                            db_settings: Settings, tmp_path: Path) -> None:
    _coordinator, public_id = signed_up
    out = tmp_path / "aanmeldingen.xlsx"
    env = {"INSTANCE_PATH": str(db_settings.instance_path),
           "DATABASE_URL": db_settings.database_url}
    result = CliRunner().invoke(main, ["export", "registrations", "--activity", public_id,
                                       "--format", "xlsx", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    header, row = sheet_rows(out.read_bytes())
    assert list(header) == HEADER and row[1] == "anna@example.org"
