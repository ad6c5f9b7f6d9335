"""Sign in with the city account against a real OpenID provider (oidc-provider on loopback).

The code flow runs end to end: our app sends the browser to the provider, the provider's
login page is filled in, and the callback logs the account in. The refusals come from
the same provider (a tampered state, a replayed code) or from ID tokens signed with the
provider's own key or a stranger's (wrong audience, expired, wrong signature), handed to
the callback as if the token endpoint had sent them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urljoin
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.models import Membership
from calendar_app.models import User
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import create_workgroup
from calendar_app.services.accounts import set_role
from tests.oidc.conftest import CLIENT_ID
from tests.oidc.conftest import Provider
from tests.web.accounts_data import NOW
from tests.web.accounts_data import database

BASE = "http://127.0.0.1:8000"
REFUSED = "Inloggen geweigerd"
_FORM = re.compile(r'<form[^>]*action="([^"]+)"', re.S)
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', re.S)


@pytest.fixture
def provider(start_provider) -> Provider:  # type: ignore[no-untyped-def]
    return start_provider(BASE)  # type: ignore[no-any-return]


def _app(db_settings: Settings, provider: Provider, **changes: Any) -> Iterator[Flask]:
    from calendar_app.web import create_app

    app = create_app(provider.settings(db_settings, BASE, **changes))
    app.config.update(TESTING=True)
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def city_app(db_settings: Settings, provider: Provider) -> Iterator[Flask]:
    yield from _app(db_settings, provider)


def _member(app: Flask, email: str = "mia@amsterdam.nl") -> None:
    with database(app).transaction() as session:
        create_workgroup(session, slug="zuid", name="Zuid", now=NOW)
        create_user(session, email=email, name="Mia", now=NOW, workgroup_slug="zuid")


def at_provider(authorize_url: str, login: str) -> str:
    """Walk the provider's own login and consent pages; the callback URL it sends back."""
    http = requests.Session()
    response = http.get(authorize_url, allow_redirects=False, timeout=10)
    for _ in range(12):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if target.startswith(BASE):
                return target
            response = http.get(target, allow_redirects=False, timeout=10)
            continue
        action = _FORM.search(response.text)
        assert action, f"no form on the provider's page: {response.text[:300]}"
        fields = dict(_HIDDEN.findall(response.text))
        response = http.post(urljoin(response.url, action.group(1)), allow_redirects=False,
                             data={**fields, "login": login, "password": "any"}, timeout=10)
    raise AssertionError("the provider never sent the browser back")


def start(client: FlaskClient) -> str:
    """GET /login/city: the provider's authorize URL (state and nonce now in the session)."""
    response = client.get("/login/city")
    assert response.status_code == 302
    return response.headers["Location"]


def callback(client: FlaskClient, url: str):  # type: ignore[no-untyped-def]
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def logged_in(client: FlaskClient) -> bool:
    return client.get("/workgroups/zuid").status_code == 200


def test_the_code_flow_logs_the_account_in(city_app: Flask) -> None:
    _member(city_app)
    client = city_app.test_client()
    authorize = start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    landed = callback(client, at_provider(authorize, "mia@amsterdam.nl"))
    assert landed.status_code == 302
    assert logged_in(client)


def test_an_invitation_is_accepted_by_the_city_sign_in(city_app: Flask) -> None:
    with database(city_app).transaction() as session:
        workgroup = create_workgroup(session, slug="zuid", name="Zuid", now=NOW)
        user = create_user(session, email="noor@amsterdam.nl", name="Noor", now=NOW)
        set_role(session, user=user, workgroup=workgroup, role="member", now=NOW, pending=True)
    client = city_app.test_client()
    callback(client, at_provider(start(client), "noor@amsterdam.nl"))
    with database(city_app).session() as session:
        assert session.scalar(select(Membership.pending)) is False
    assert logged_in(client)


def test_a_tampered_state_is_refused(city_app: Flask) -> None:
    _member(city_app)
    client = city_app.test_client()
    url = at_provider(start(client), "mia@amsterdam.nl")
    tampered = re.sub(r"state=[^&]+", "state=forged-state", url)
    refused = callback(client, tampered)
    assert refused.status_code == 400 and REFUSED in refused.get_data(as_text=True)
    assert not logged_in(client)


def test_a_replayed_code_is_refused(city_app: Flask) -> None:
    _member(city_app)
    first = city_app.test_client()
    url = at_provider(start(first), "mia@amsterdam.nl")
    assert callback(first, url).status_code == 302
    code = parse_qs(urlsplit(url).query)["code"][0]
    second = city_app.test_client()
    state = parse_qs(urlsplit(start(second)).query)["state"][0]
    replayed = callback(second, f"{BASE}/login/city/callback?"
                        + urlencode({"code": code, "state": state}))
    assert replayed.status_code == 400 and REFUSED in replayed.get_data(as_text=True)
    assert not logged_in(second)


def _forged(provider: Provider, nonce: str, key: RSAKey | None = None,
            **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": provider.issuer, "aud": CLIENT_ID, "sub": "mia@amsterdam.nl",
               "email": "mia@amsterdam.nl", "email_verified": True, "nonce": nonce,
               "iat": now, "exp": now + 300, **claims}
    signer = key or provider.key
    return jwt.encode({"alg": "RS256", "kid": signer.kid}, payload, signer)


def _with_token(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
                make: Any):  # type: ignore[no-untyped-def]
    """Start a real flow, then answer the code exchange with the ID token `make` builds."""
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    nonce = parse_qs(urlsplit(start_nonce(client, state)).query)["nonce"][0]
    id_token = make(nonce)
    monkeypatch.setattr(app.extensions["calendar_oidc"], "fetch_access_token",
                        lambda **_: {"access_token": "at", "token_type": "Bearer",
                                     "id_token": id_token})
    return client.get("/login/city/callback?" + urlencode({"code": "c", "state": state}))


def start_nonce(client: FlaskClient, state: str) -> str:
    """The nonce stored with `state` in the session, as a query string to parse."""
    with client.session_transaction() as session:
        data = session[f"_state_city_{state}"]["data"]
    return "?" + urlencode({"nonce": data["nonce"]})


def test_a_well_formed_token_from_the_provider_key_is_accepted(
        city_app: Flask, provider: Provider, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control case: forging works, so the refusals below are about the claim."""
    _member(city_app)
    client = city_app.test_client()
    response = _with_token(city_app, client, monkeypatch, lambda nonce: _forged(provider, nonce))
    assert response.status_code == 302 and logged_in(client)


@pytest.mark.parametrize("case", ["wrong audience", "expired", "wrong signature",
                                  "wrong issuer", "wrong nonce"])
def test_a_bad_id_token_is_refused(city_app: Flask, provider: Provider,
                                   monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    _member(city_app)
    stranger = RSAKey.generate_key(2048, parameters={"kid": "provider"}, private=True)
    now = int(time.time())
    make = {
        "wrong audience": lambda nonce: _forged(provider, nonce, aud="another-app"),
        "expired": lambda nonce: _forged(provider, nonce, iat=now - 7200, exp=now - 3600),
        "wrong signature": lambda nonce: _forged(provider, nonce, key=stranger),
        "wrong issuer": lambda nonce: _forged(provider, nonce, iss="http://evil.example"),
        "wrong nonce": lambda nonce: _forged(provider, "another-nonce"),
    }[case]
    client = city_app.test_client()
    response = _with_token(city_app, client, monkeypatch, make)
    assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
    assert not logged_in(client)


def test_an_address_without_account_is_refused_unless_auto_create(
        db_settings: Settings, provider: Provider) -> None:
    for app in _app(db_settings, provider):
        _member(app)
        client = app.test_client()
        refused = callback(client, at_provider(start(client), "nieuw@amsterdam.nl"))
        assert refused.status_code == 403
    for app in _app(db_settings, provider, oidc_auto_create=True):
        client = app.test_client()
        assert callback(client, at_provider(start(client), "admin.ada@amsterdam.nl")
                        ).status_code == 302
        with database(app).session() as session:
            user = session.scalar(select(User).where(User.email == "admin.ada@amsterdam.nl"))
        assert user is not None and user.is_admin  # in the OIDC_ADMIN_GROUP


def test_without_local_login_only_the_city_sign_in_is_offered(
        db_settings: Settings, provider: Provider) -> None:
    for app in _app(db_settings, provider, local_login=False):
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        assert "/login/city" in page
        assert 'type="password"' not in page and "/forgot" not in page
        assert client.post("/login").status_code == 404
        assert client.get("/forgot").status_code == 404


def test_logout_ends_the_local_session_and_the_providers(city_app: Flask,
                                                         provider: Provider) -> None:
    from tests.web.accounts_data import csrf_token

    _member(city_app)
    client = city_app.test_client()
    callback(client, at_provider(start(client), "mia@amsterdam.nl"))
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/workgroups/zuid")})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(provider.issuer) and "id_token_hint=" in location
    assert "post_logout_redirect_uri=" in location
    assert not logged_in(client)


def test_a_deactivated_account_is_refused(city_app: Flask) -> None:
    _member(city_app)
    with database(city_app).transaction() as session:
        user = session.scalar(select(User).where(User.email == "mia@amsterdam.nl"))
        assert user is not None
        user.is_active = False
    client = city_app.test_client()
    refused = callback(client, at_provider(start(client), "mia@amsterdam.nl"))
    assert refused.status_code == 403 and REFUSED in refused.get_data(as_text=True)
    assert not logged_in(client)


def test_an_unreachable_provider_gives_a_clear_page_not_a_server_error(
        db_settings: Settings) -> None:
    from tests.oidc.conftest import free_port

    down = Provider(issuer=f"http://127.0.0.1:{free_port()}",
                    key=RSAKey.generate_key(2048, private=True))
    for app in _app(db_settings, down):
        response = app.test_client().get("/login/city")
        assert response.status_code == 503
        assert REFUSED in response.get_data(as_text=True)
