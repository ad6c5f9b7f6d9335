"""Nested pages carry the Amsterdam Design System breadcrumb: the pages above them as
links, in Dutch, inside a <nav> named "Kruimelpad"."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from calendar_app.db import Database
from tests.e2e.page_types import ADMIN
from tests.e2e.page_types import COORDINATOR
from tests.e2e.page_types import seed
from tests.web.accounts_data import log_in
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

CRUMB = re.compile(r'<li class="ams-breadcrumb__item"><a class="ams-breadcrumb__link" '
                   r'href="([^"]+)">([^<]+)</a></li>')

#: (viewer, address, the trail as (href, label)); `{name}` fields from page_types.seed.
TRAILS = [
    (None, "/activities/{published}", [("/", "Home")]),
    (COORDINATOR, "/activities/{proposal}/review",
     [("/", "Home"), ("/workgroups/", "Werkgroepen")]),
    (COORDINATOR, "/activities/{proposal}/edit",
     [("/", "Home"), ("/workgroups/", "Werkgroepen"),
      ("/activities/{proposal}/review", "Pinksterontbijt")]),
    (COORDINATOR, "/workgroups/zuid", [("/", "Home"), ("/workgroups/", "Werkgroepen")]),
    (COORDINATOR, "/workgroups/zuid/edit",
     [("/", "Home"), ("/workgroups/", "Werkgroepen"), ("/workgroups/zuid", "Werkgroep Zuid")]),
    (COORDINATOR, "/planning/zuid/2026",
     [("/", "Home"), ("/workgroups/", "Werkgroepen"), ("/workgroups/zuid", "Werkgroep Zuid")]),
    (ADMIN, "/admin/outbox", [("/", "Home"), ("/admin/", "Beheer")]),
    (ADMIN, "/admin/users/{member_id}",
     [("/", "Home"), ("/admin/", "Beheer"), ("/admin/users/", "Accounts")]),
    (ADMIN, "/admin/dates/pride-amsterdam",
     [("/", "Home"), ("/admin/", "Beheer"), ("/admin/dates/", "Datums van organisatoren")]),
]


@pytest.mark.parametrize(("viewer", "path", "trail"), TRAILS)
def test_a_nested_page_shows_the_pages_above_it(
        app: Flask, database: Database, public_data: PublicData, viewer: str | None,
        path: str, trail: list[tuple[str, str]]) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    client = app.test_client()
    if viewer:
        assert log_in(client, viewer).status_code == 302
    page = client.get(path.format(**fields)).get_data(as_text=True)
    assert '<nav class="ams-breadcrumb app-breadcrumb" aria-label="Kruimelpad">' in page
    assert CRUMB.findall(page) == [(href.format(**fields), label) for href, label in trail]
