"""A destructive action (decline, cancel, withdraw, remove, deactivate, cancel a
registration) is a secondary button that asks first (issue 14): the button is the
`<summary>` of a `details.confirm`, and only the form inside it, with its own "Yes, ..."
button, posts. No JavaScript is needed (the CSP allows no inline script), and no page
type has such a form outside a confirmation."""

from __future__ import annotations

import pytest
from flask import Flask

from calendar_app.db import Database
from tests.e2e.page_types import ADMIN
from tests.e2e.page_types import COORDINATOR
from tests.e2e.page_types import seed
from tests.web.accounts_data import log_in
from tests.web.page_html import Element
from tests.web.page_html import every_page
from tests.web.page_html import parse
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

#: The last part of a destructive form's address.
DESTRUCTIVE = ("decline", "cancel", "afmelden", "remove", "withdraw")

#: (viewer, page, the destructive forms it offers); `{name}` fields from page_types.seed.
PAGES_WITH_ACTIONS = [
    (COORDINATOR, "/activities/{proposal}/review", ["decline", "cancel"]),
    (COORDINATOR, "/activities/{today}/review", ["cancel"]),
    (ADMIN, "/admin/users/{member_id}", ["active", "remove"]),
    (None, "/activities/{signup}/aanmelden/{manage}", ["afmelden"]),
    (ADMIN, "/admin/dates/pride-amsterdam", ["withdraw"]),
]


def _destructive(form: Element) -> str | None:
    """The action's name when `form` destroys something, else None."""
    last = form.attrs.get("action", "").split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if last in DESTRUCTIVE:
        return last
    deactivates = any(field.attrs.get("name") == "active" and field.attrs.get("value") == "0"
                      for field in form.find_all("input"))
    return "active" if last == "active" and deactivates else None


def _asks_first(form: Element) -> bool:
    """Inside a `details.confirm` opened by a secondary button, with its own submit."""
    details = form.ancestor("details")
    if details is None or "confirm" not in details.classes():
        return False
    summaries = [child for child in details.children if child.tag == "summary"]
    submits = [button for button in form.find_all("button")
               if button.attrs.get("type", "submit") == "submit"]
    secondary = {"ams-button", "ams-button--secondary"}
    return len(summaries) == 1 and secondary <= summaries[0].classes() and len(submits) == 1


@pytest.mark.parametrize(("viewer", "path", "actions"), PAGES_WITH_ACTIONS)
def test_a_destructive_action_is_a_secondary_button_that_asks_first(
        app: Flask, database: Database, public_data: PublicData, viewer: str | None,
        path: str, actions: list[str]) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    client = app.test_client()
    if viewer:
        assert log_in(client, viewer).status_code == 302
    response = client.get(path.format(**fields))
    assert response.status_code == 200
    forms = [form for form in parse(response.get_data(as_text=True)).find_all("form")
             if _destructive(form)]
    assert sorted(_destructive(form) or "" for form in forms) == sorted(actions)
    assert all(_asks_first(form) for form in forms)


def test_no_page_type_has_a_destructive_form_without_a_confirmation(
        app: Flask, database: Database, public_data: PublicData) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    unasked = {}
    for page, _status, html in every_page(app, fields):
        forms = [_destructive(form) for form in parse(html).find_all("form")
                 if _destructive(form) and not _asks_first(form)]
        if forms:
            unasked[page.name] = forms
    assert unasked == {}
