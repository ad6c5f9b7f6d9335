"""The report page shows a question's average and spread with one decimal each, with a
Dutch comma in Dutch ("4,0" and "0,8"), as the report's CSV, Excel file and PDF do."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from calendar_app.services.accounts import create_user
from tests.services.test_reports import seed_quarter
from tests.web.accounts_data import NOW
from tests.web.accounts_data import PASSWORD
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in

ROW = re.compile(r'<th scope="row">([^<]+)</th>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>\s*'
                 r"<td>([^<]+)</td>")


@pytest.mark.parametrize(("language", "question", "figures"), [
    ("nl", "Hoe welkom voelde je je?", ("4,0", "0,8")),
    ("en", "How welcome did you feel?", ("4.0", "0.8"))])
def test_the_report_page_shows_the_average_and_spread_with_one_decimal(
        app: Flask, language: str, question: str, figures: tuple[str, str]) -> None:
    with database(app).transaction() as session:
        seed_quarter(session)
        create_user(session, email="member@example.org", name="Mia Member",
                    workgroup_slug="zuid", role="member", is_admin=False, password=PASSWORD,
                    now=NOW)
    client = app.test_client()
    assert log_in(client, "member@example.org").status_code == 302
    body = client.get(f"/planning/zuid/report?period=2026-Q2&lang={language}").get_data(
        as_text=True)
    rows = {name.strip(): (mean.strip(), spread.strip())
            for name, _count, mean, spread in ROW.findall(body)}
    assert rows[question] == figures
