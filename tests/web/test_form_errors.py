"""Every form, refused (POST forms and the GET filter forms): each invalid field says
aria-invalid="true" and points at its error message with aria-describedby, and the page
starts the form with an error summary in the alert style that links to the fields
(WCAG 3.3.1, 1.3.1, 4.1.2). One refused submission per form of the application."""

from __future__ import annotations

import re
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import RegistrationSettings
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.invitations import INVITATION
from calendar_app.services.invitations import RESET
from calendar_app.services.invitations import Links
from calendar_app.services.invitations import make_token
from tests.factories import make_activity
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TODAY = datetime.now(ZoneInfo("Europe/Amsterdam")).date()


class _Elements(HTMLParser):
    """Every start tag's attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


@pytest.fixture
def seeded(app: Flask) -> dict[str, str]:
    people(app)
    catalogue(app)
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        today = make_activity(session, zuid, title="Keti Koti-lunch", on=TODAY)
        later = make_activity(session, zuid, title="IDAHOT-borrel", on=date(2026, 5, 17))
        signup = make_activity(session, zuid, title="Keti Koti-dialoog",
                               on=TODAY + timedelta(days=20))
        session.add(RegistrationSettings(activity_id=signup.id, enabled=True, capacity=30,
                                         updated_at=datetime.now(UTC)))
        proposal = make_activity(session, zuid, title="Pinksterontbijt", status="proposed",
                                 on=date(2027, 5, 17))
        member = session.scalars(select(User).where(User.email == "member@example.org")).one()
        links = Links(secret_key=app.config["SECRET_KEY"],
                      base_url=app.extensions["calendar_settings"].base_url)
        return {"today": today.public_id, "later": later.public_id, "zuid": str(zuid.id),
                "signup": signup.public_id, "proposal": proposal.public_id,
                "reset": make_token(links, RESET, member),
                "invitation": make_token(links, INVITATION, member)}


def _client(app: Flask, email: str | None) -> FlaskClient:
    client = app.test_client()
    if email:
        assert log_in(client, email).status_code == 302
    return client


#: (who, form page, POST address, refused data): one per form.
FORMS = {
    "login": (None, "/login", "/login", {"email": "", "password": ""}),
    "forgot": (None, "/forgot", "/forgot", {"email": "not-an-address"}),
    "activity": ("member@example.org", "/activities/new", "/activities/new",
                 "activity"),
    "workgroup-new": ("admin@example.org", "/workgroups/new", "/workgroups/new",
                      {"slug": "Not A Slug!", "name": ""}),
    "workgroup-edit": ("coord@example.org", "/workgroups/zuid/edit", "/workgroups/zuid/edit",
                       {"name": ""}),
    "reminders": ("coord@example.org", "/workgroups/zuid", "/workgroups/zuid/reminders",
                  {"lead_days": "x, y", "send_time": "9 uur", "covers": "everything"}),
    "invite": ("coord@example.org", "/workgroups/zuid", "/workgroups/zuid/invite",
               {"name": "Nina", "email": "nina@", "role": "member", "lang": "nl"}),
    "budget": ("coord@example.org", "/planning/zuid/2026/budget",
               "/planning/zuid/2026/budget", {"amount": "duizend"}),
    "evaluation": ("coord@example.org", "/planning/activities/{later}/evaluation",
                   "/planning/activities/{later}/evaluation",
                   {"attendance": "-3", "actual_cost": "", "notes": ""}),
    "questions": ("coord@example.org", "/planning/zuid/questions", "/planning/zuid/questions",
                  {}),
    "feedback": (None, "/feedback/{today}", "/feedback/{today}", {"comment": "x" * 2001}),
    "test-mail": ("admin@example.org", "/admin/", "/admin/test-email", {"to": "nobody@"}),
    "reset": (None, "/reset/{reset}", "/reset/{reset}", {"password": "kort", "confirm": "x"}),
    "invitation": (None, "/invitation/{invitation}", "/invitation/{invitation}",
                   {"password": "", "confirm": ""}),
    "account": ("admin@example.org", "/admin/users/", "/admin/users/",
                {"name": "", "email": "nobody@", "lang": "nl", "role": "member"}),
    "organiser-dates": ("admin@example.org", "/admin/dates/pride-amsterdam",
                        "/admin/dates/pride-amsterdam", {"start": "morgen", "end": ""}),
    "copy": ("coord@example.org", "/activities/{later}/copy", "/activities/{later}/copy",
             {"day": ""}),
    "repeat": ("coord@example.org", "/activities/{later}/repeat", "/activities/{later}/repeat",
               {"frequency": "weekly", "until": ""}),
    "sign-up": (None, "/activities/{signup}/aanmelden", "/activities/{signup}/aanmelden",
                {"name": "", "email": "nobody@"}),
    "registrants-message": ("coord@example.org", "/activities/{signup}/aanmeldingen",
                            "/activities/{signup}/aanmeldingen/bericht",
                            {"subject": "", "body": ""}),
    "decline": ("coord@example.org", "/activities/{proposal}/review",
                "/activities/{proposal}/decline", {"reason": ""}),
}


@pytest.mark.parametrize("name", FORMS)
def test_every_invalid_field_is_marked_and_described(app: Flask, seeded: dict[str, str],
                                                     name: str) -> None:
    who, page, url, data = FORMS[name]
    page, url = page.format(**seeded), url.format(**seeded)
    if data == "activity":
        data = activity_data(workgroup=seeded["zuid"], title="", end_date="2026-06-01")
    client = _client(app, who)
    token = TOKEN.search(client.get(page).get_data(as_text=True))
    assert token, f"no CSRF token on {page}"
    response = client.post(url, data={**data, "csrf_token": token.group(1)})
    assert response.status_code in (200, 400, 422), response.status_code
    _assert_marked(name, response.get_data(as_text=True))


#: (who, refused address): the GET filter forms, refused by their query string.
FILTERS = {
    "list-order": (None, "/lijst?from=2027-06-01&to=2027-01-01"),
    "list-date": (None, "/lijst?from=morgen"),
    "list-filter": (None, "/lijst?theme=nothing"),
    "check-order": (None, "/check?from=2027-06-01&to=2027-01-01"),
    "check-date": (None, "/check?from=morgen&to=2027-01-01"),
    "check-missing": (None, "/check?from=2027-01-01"),
    "outbox-date": ("admin@example.org", "/admin/outbox?from=morgen"),
    "audit-date": ("admin@example.org", "/admin/audit/?to=31-02-2026"),
    "report-period": ("coord@example.org", "/planning/zuid/report?period=2026-Q9"),
    "report-dates": ("coord@example.org", "/planning/zuid/report?from=2026-06-01&to=2026-01-01"),
}


@pytest.mark.parametrize("name", FILTERS)
def test_every_invalid_filter_is_marked_and_described(app: Flask, seeded: dict[str, str],
                                                      name: str) -> None:
    who, url = FILTERS[name]
    response = _client(app, who).get(url.format(**seeded))
    assert response.status_code == 400, response.status_code
    _assert_marked(name, response.get_data(as_text=True))


def _assert_marked(name: str, html: str) -> None:
    """Each invalid field points at its message and each message at an invalid field;
    the error summary comes before the first field of the refused form."""
    parser = _Elements()
    parser.feed(html)
    by_id = {attrs["id"]: (tag, attrs) for tag, attrs in parser.tags if "id" in attrs}
    invalid = [(tag, attrs) for tag, attrs in parser.tags if attrs.get("aria-invalid") == "true"]
    errors = [attrs["id"] for _, attrs in parser.tags
              if "field-error" in attrs.get("class", "").split() and "id" in attrs]
    assert invalid, f"{name}: no field says aria-invalid"
    assert errors, f"{name}: no error message beside a field"
    for tag, attrs in invalid:
        described = attrs.get("aria-describedby", "").split()
        assert any(ref in errors for ref in described), \
            f"{name}: <{tag} id={attrs.get('id')}> is invalid but describedby {described}"
        assert all(ref in by_id for ref in described), f"{name}: describedby points nowhere"
    for error in errors:
        assert any(error in attrs.get("aria-describedby", "").split()
                   for _, attrs in invalid), f"{name}: #{error} describes no invalid field"
    summary = [attrs for _, attrs in parser.tags if "error-summary" in attrs.get("class", "")]
    assert summary, f"{name}: no error summary"
    fields = [index for index, (tag, attrs) in enumerate(parser.tags)
              if tag in ("input", "select", "textarea")
              and attrs.get("type") not in ("hidden", "submit")]
    first_invalid = next(index for index, (_, attrs) in enumerate(parser.tags)
                         if attrs.get("aria-invalid") == "true")
    form_start = max(index for index, (tag, _) in enumerate(parser.tags)
                     if tag == "form" and index < first_invalid)
    first_field = next(index for index in fields if index > form_start)
    at = next(index for index, (_, attrs) in enumerate(parser.tags)
              if "error-summary" in attrs.get("class", ""))
    assert at < first_field, f"{name}: the error summary comes after the form's first field"
    assert "ams-alert" in parser.tags[at][1].get("class", ""), f"{name}: summary unstyled"
    links = [attrs.get("href", "") for _, attrs in parser.tags[at:first_field]
             if attrs.get("href", "").startswith("#")]
    assert links and all(link[1:] in by_id for link in links), \
        f"{name}: the summary does not link to its fields"
