"""Every /admin/ URL of the app, found in its url map (so a new admin page is covered
the day it is added): anonymous visitors are sent to the login page, members and
coordinators get 403, for GET and POST alike; administrators get in."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.web.accounts_data import csrf_token
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

#: A value for each kind of URL part the admin pages use.
SAMPLE = {"int": "1", "any": "nl", "default": "reminder"}


def _admin_urls(app: Flask) -> list[tuple[str, str]]:
    """(method, url) for every rule under /admin/, with sample values filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        values = {name: SAMPLE.get(_converter(rule, name), SAMPLE["default"])
                  for name in rule.arguments}
        url = rule.rule
        for name, value in values.items():
            url = url.replace(f"<{_spec(rule, name)}>", value)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


def _spec(rule: Rule, name: str) -> str:
    """The `<converter(args):name>` text of one URL part."""
    match = re.search(rf"<([^<>]*:)?{name}>", rule.rule)
    assert match
    return match.group(0)[1:-1]


def _converter(rule: Rule, name: str) -> str:
    spec = _spec(rule, name)
    return spec.split(":")[0].split("(")[0] if ":" in spec else "default"


def test_the_url_map_has_admin_pages_of_every_kind(app: Flask) -> None:
    urls = _admin_urls(app)
    assert ("GET", "/admin/users/") in urls and ("GET", "/admin/audit/") in urls
    assert any(method == "POST" for method, _url in urls)


@pytest.mark.parametrize("email", [None, "member@example.org", "coord@example.org"])
def test_non_administrators_are_refused_on_every_admin_url(
        app: Flask, client: FlaskClient, email: str | None) -> None:
    people(app)
    if email:
        log_in(client, email)
    token = csrf_token(client, "/activities/new" if email else "/login")
    refused = {}
    for method, url in _admin_urls(app):
        response = client.open(url, method=method, data={"csrf_token": token})
        expected = 403 if email else 302
        if response.status_code != expected or (
                not email and "/login" not in response.headers.get("Location", "")):
            refused[f"{method} {url}"] = response.status_code
    assert refused == {}


def test_administrators_open_every_admin_page(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "admin@example.org")
    plain = [rule.rule for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/admin") and not rule.arguments
             and "GET" in (rule.methods or set())]
    statuses = {url: client.get(url).status_code for url in plain}
    assert statuses and set(statuses.values()) == {200}, statuses
