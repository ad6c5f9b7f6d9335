"""Repeat feed requests are answered before Flask, exactly as Flask answered them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from calendar_app.db import Database
from calendar_app.services.feeds import issue_feed_token
from calendar_app.services.site import bump_data_version
from tests.factories import load_catalogue
from tests.factories import make_workgroup


@pytest.fixture
def catalogue_loaded(database: Database) -> None:
    with database.transaction() as session:
        load_catalogue(session)


@pytest.fixture
def flask_calls(app: Flask) -> list[str]:
    """Names of the feed views Flask ran (the fast path runs none)."""
    calls: list[str] = []
    for endpoint in ("feeds.feed", "feeds.theme_feed", "feeds.internal_feed"):
        view: Callable[..., object] = app.view_functions[endpoint]

        def counting(*args: object, _view=view, _name=endpoint, **kwargs: object) -> object:
            calls.append(_name)
            return _view(*args, **kwargs)

        app.view_functions[endpoint] = counting
    return calls


def test_a_repeat_request_gets_the_same_answer_without_flask(
        client: FlaskClient, catalogue_loaded, flask_calls: list[str]) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feed.ics?theme=lhbtiq")
    second = client.get("/feed.ics?theme=lhbtiq")
    assert flask_calls == ["feeds.feed"]
    assert second.status_code == first.status_code == 200
    assert second.data == first.data
    assert sorted(second.headers.items()) == sorted(first.headers.items())


def test_the_fast_path_answers_304_to_if_none_match_and_if_modified_since(
        client: FlaskClient, catalogue_loaded, flask_calls: list[str]) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feed.ics")
    by_tag = client.get("/feed.ics", headers={"If-None-Match": first.headers["ETag"]})
    by_date = client.get("/feed.ics",
                         headers={"If-Modified-Since": first.headers["Last-Modified"]})
    other_tag = client.get("/feed.ics", headers={"If-None-Match": '"something-else"'})
    assert flask_calls == ["feeds.feed"]
    assert (by_tag.status_code, by_tag.data) == (304, b"")
    assert by_tag.headers["ETag"] == first.headers["ETag"]
    assert "Content-Type" not in by_tag.headers
    assert by_date.status_code == 304
    assert other_tag.status_code == 200 and other_tag.data == first.data


def test_head_from_the_fast_path_has_no_body(
        client: FlaskClient, catalogue_loaded, flask_calls: list[str]) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feed.ics")
    head = client.head("/feed.ics")
    assert flask_calls == ["feeds.feed"]
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]


def test_a_change_of_data_reaches_the_fast_path(
        app: Flask, client: FlaskClient, database: Database, catalogue_loaded,
        flask_calls: list[str]) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feed.ics")
    with database.transaction() as session:
        bump_data_version(session, now=datetime.now(UTC) + timedelta(seconds=5))
    app.extensions["feed_cache"].forget_version()  # as after VERSION_TTL
    second = client.get("/feed.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert flask_calls == ["feeds.feed", "feeds.feed"]
    # Flask rebuilt the feed for the new version, found the same content, kept the bytes
    assert second.status_code == 304
    assert second.headers["ETag"] == first.headers["ETag"]


def test_after_a_form_post_the_same_worker_reads_the_new_version_at_once(
        client: FlaskClient, database: Database, catalogue_loaded,
        flask_calls: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Read your own writes: no waiting out VERSION_TTL after saving a form."""
    client.get("/feed.ics")
    with database.transaction() as session:
        bump_data_version(session, now=datetime.now(UTC) + timedelta(seconds=5))
    client.post("/login", data={})
    client.get("/feed.ics")
    assert flask_calls == ["feeds.feed", "feeds.feed"]


def test_errors_and_internal_feeds_always_go_through_flask(
        client: FlaskClient, database: Database, catalogue_loaded,
        flask_calls: list[str]) -> None:  # type: ignore[no-untyped-def]
    with database.transaction() as session:
        token = issue_feed_token(session, make_workgroup(session))
    for _ in range(2):
        assert client.get("/feeds/thema/nope.ics").status_code == 404
        assert client.get(f"/feeds/intern/{token}.ics").status_code == 200
    assert flask_calls == ["feeds.theme_feed", "feeds.internal_feed"] * 2


def test_gzip_and_plain_answers_are_kept_apart(
        client: FlaskClient, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    plain = [client.get("/feed.ics") for _ in range(2)]
    packed = [client.get("/feed.ics", headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    assert all("Content-Encoding" not in response.headers for response in plain)
    assert all(response.headers["Content-Encoding"] == "gzip" for response in packed)
    assert packed[1].data == packed[0].data != plain[1].data


def test_the_language_cookie_is_not_replayed_to_other_clients(
        client: FlaskClient, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    client.get("/feed.ics?lang=en")
    other = client.application.test_client()
    assert "Set-Cookie" not in other.get("/feed.ics?lang=en").headers


def test_concurrent_requests_for_one_feed_version_build_it_once() -> None:
    """Single flight: eight threads ask at once, one builds, all get its body."""
    import threading
    import time as clock

    from calendar_app.web.feed_cache import FeedCache

    cache = FeedCache(database=None, today=lambda: None)  # type: ignore[arg-type]
    start = threading.Barrier(8)
    bodies = []

    def build() -> bytes:
        clock.sleep(0.2)
        return b"BEGIN:VCALENDAR"

    def ask() -> None:
        start.wait()
        bodies.append(cache.body(("v1", "feed"), build))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.builds == 1
    assert bodies == [b"BEGIN:VCALENDAR"] * 8
