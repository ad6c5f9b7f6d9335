"""`diversity-calendar export registrations --activity ID --format csv --out F`."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from click.testing import CliRunner

from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from tests.services.test_registrations import confirmed
from tests.services.test_registrations import open_activity


def test_export_registrations_writes_the_list(db_settings: Settings, database: Database,
                                              tmp_path: Path) -> None:
    with database.transaction() as session:
        activity = open_activity(session, capacity=1)
        for email in ("a@example.org", "b@example.org"):
            confirmed(session, db_settings, activity, email)
        public_id = activity.public_id
    out = tmp_path / "aanmeldingen.csv"
    env = {"INSTANCE_PATH": str(db_settings.instance_path),
           "DATABASE_URL": db_settings.database_url}
    result = CliRunner().invoke(main, ["export", "registrations", "--activity", public_id,
                                       "--format", "csv", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert [(row["E-mail"], row["Status"]) for row in rows] == [
        ("a@example.org", "Bevestigd"), ("b@example.org", "Wachtlijst")]
    assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", row["Aangemeld op"])
               for row in rows)


def test_an_unknown_activity_is_one_line_on_stderr(db_settings: Settings, database: Database,
                                                   tmp_path: Path) -> None:
    env = {"INSTANCE_PATH": str(db_settings.instance_path),
           "DATABASE_URL": db_settings.database_url}
    result = CliRunner().invoke(main, ["export", "registrations", "--activity", "nope",
                                       "--out", str(tmp_path / "x.csv")], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
