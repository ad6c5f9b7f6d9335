"""A destructive action (decline, cancel, withdraw, remove, deactivate, take away the
administrator right, replace the internal feed address, cancel a
registration) is a secondary button that asks first (issue 14): the button is the
`<summary>` of a `details.confirm`, and only the form inside it, with its own "Yes, ..."
button, posts. No JavaScript is needed (the CSP allows no inline script), and no page
type has such a form outside a confirmation."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy import update

from calendar_app.db import Database
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.feeds import issue_feed_token
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
#: Forms that take something away when their field of the same name is "0".
TAKEN_AWAY = ("active", "admin")

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
    takes_away = any(field.attrs.get("name") == last and field.attrs.get("value") == "0"
                     for field in form.find_all("input"))  # deactivate, take the admin right
    return last if last in TAKEN_AWAY and takes_away else None


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


def _page_forms(app: Flask, viewer: str, path: str) -> list[Element]:
    client = app.test_client()
    assert log_in(client, viewer).status_code == 302
    response = client.get(path)
    assert response.status_code == 200
    return parse(response.get_data(as_text=True)).find_all("form")


def test_taking_away_the_administrator_right_asks_first(
        app: Flask, database: Database, public_data: PublicData) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    path = f"/admin/users/{fields['member_id']}"
    giving = [form for form in _page_forms(app, ADMIN, path)
              if form.attrs.get("action", "").endswith("/admin")]
    assert len(giving) == 1 and not _destructive(giving[0]) and not _asks_first(giving[0])
    with database.transaction() as session:
        session.execute(update(User).where(User.id == int(fields["member_id"]))
                        .values(is_admin=True))
    taking = [form for form in _page_forms(app, ADMIN, path) if _destructive(form) == "admin"]
    assert len(taking) == 1 and _asks_first(taking[0])


def _feed_token_forms(app: Flask) -> list[Element]:
    return [form for form in _page_forms(app, COORDINATOR, "/workgroups/zuid")
            if form.attrs.get("action", "").endswith("/feed-token")]


def test_replacing_the_internal_feed_address_asks_first(
        app: Flask, database: Database, public_data: PublicData) -> None:
    """The first address is one click; a new one breaks the calendars subscribed to the
    old one, so it asks."""
    seed(database, public_data, app.extensions["calendar_settings"])
    first = _feed_token_forms(app)
    assert len(first) == 1 and not _asks_first(first[0])
    with database.transaction() as session:
        issue_feed_token(session, session.scalars(
            select(Workgroup).where(Workgroup.slug == "zuid")).one())
    again = _feed_token_forms(app)
    assert len(again) == 1 and _asks_first(again[0])
    details = again[0].ancestor("details")
    assert details is not None and "werkt dan niet meer" in details.all_text()
