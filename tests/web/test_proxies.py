"""Behind the TLS proxy: TRUSTED_PROXIES decides whose X-Forwarded-* headers count,
and the rate-limit table keeps no ended windows (they hold client addresses)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from flask import Flask
from flask import request
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.models import RateLimitCounter
from calendar_app.web import create_app
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

PROXY = "10.0.0.5"
WRONG = "wrong guess number x"


def _app(db_settings: Settings, proxies: int) -> Iterator[Flask]:
    app = create_app(replace(db_settings, trusted_proxies=proxies))
    app.config.update(LOGIN_RATE_LIMIT="2 per minute")

    @app.get("/_seen")
    def seen() -> dict[str, object]:
        return {"address": request.remote_addr, "secure": request.is_secure}

    people(app)
    yield app
    database(app).dispose()


@pytest.fixture
def direct(db_settings: Settings) -> Iterator[Flask]:
    yield from _app(db_settings, 0)


@pytest.fixture
def proxied(db_settings: Settings) -> Iterator[Flask]:
    yield from _app(db_settings, 1)


def _attempts(app: Flask, forwarded_for: str) -> list[int]:
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return [log_in(client, "member@example.org", WRONG).status_code for _ in range(2)]


def test_without_trusted_proxies_a_forwarded_address_is_ignored(direct: Flask) -> None:
    assert _attempts(direct, "198.51.100.1") == [401, 401]
    assert _attempts(direct, "198.51.100.2") == [429, 429]  # same bucket: the proxy's
    seen = direct.test_client().get("/_seen", headers={
        "X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"}).get_json()
    assert seen == {"address": "127.0.0.1", "secure": False}


def test_behind_one_proxy_each_colleague_has_their_own_login_bucket(proxied: Flask) -> None:
    assert _attempts(proxied, "198.51.100.1") == [401, 401]
    assert _attempts(proxied, "198.51.100.2") == [401, 401]
    assert _attempts(proxied, "198.51.100.1") == [429, 429]


def test_behind_one_proxy_https_is_seen_as_secure(proxied: Flask) -> None:
    seen = proxied.test_client().get("/_seen", environ_base={"REMOTE_ADDR": PROXY}, headers={
        "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}).get_json()
    assert seen == {"address": "203.0.113.9", "secure": True}


def test_only_the_nearest_hop_is_believed(proxied: Flask) -> None:
    seen = proxied.test_client().get("/_seen", environ_base={"REMOTE_ADDR": PROXY}, headers={
        "X-Forwarded-For": "6.6.6.6, 203.0.113.9"}).get_json()
    assert seen["address"] == "203.0.113.9"  # the first entry is the client's own claim


def test_counting_purges_ended_windows(direct: Flask) -> None:
    ended = datetime.now(UTC) - timedelta(minutes=1)
    with database(direct).transaction() as session:
        session.add(RateLimitCounter(key="LIMITER/198.51.100.7/auth.login_post", hits=3,
                                     expires_at=ended))
    _attempts(direct, "")
    with database(direct).session() as session:
        keys = session.scalars(select(RateLimitCounter.key)).all()
    assert keys and not any("198.51.100.7" in key for key in keys)
