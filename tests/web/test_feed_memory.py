"""A worker keeps each rendered feed once: gzipped with FEED_GZIP, plain without it.

A city-wide feed is some 3.8 MB plain and a twentieth of that gzipped, kept per variant
(language, theme, workgroup) until the data changes, so a second copy per variant is
most of what a worker's memory grows by (README, "At ten times the city").
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from calendar_app.config import Settings
from calendar_app.db import Database
from tests.factories import load_catalogue


@pytest.fixture
def catalogue_loaded(database: Database) -> None:
    with database.transaction() as session:
        load_catalogue(session)


@pytest.fixture
def plain_app(db_settings: Settings, catalogue_loaded: None) -> Iterator[Flask]:
    """The app with FEED_GZIP=false."""
    from calendar_app.web import create_app

    settings = Settings.from_env(
        {"FEED_GZIP": "false"}, instance_path=db_settings.instance_path,
        database_url=db_settings.database_url, events_file=db_settings.events_file)
    application = create_app(settings)
    yield application
    application.extensions["database"].dispose()


def test_with_gzip_the_rendered_feed_is_kept_gzipped_only(
        app: Flask, client: FlaskClient, catalogue_loaded: None) -> None:
    client.get("/feed.ics")
    [rendered] = app.extensions["feed_cache"].bodies.values()
    assert rendered.body == b""
    assert rendered.gzipped.startswith(b"\x1f\x8b")


def test_a_plain_request_gets_the_gzipped_feed_inflated(
        client: FlaskClient, catalogue_loaded: None) -> None:
    packed = client.get("/feed.ics", headers={"Accept-Encoding": "gzip"})
    plain = [client.get("/feed.ics") for _ in range(2)]  # from Flask, then the fast path
    assert [response.data for response in plain] == [gzip.decompress(packed.data)] * 2
    assert plain[1].headers["Content-Length"] == str(len(plain[1].data))


def test_the_fast_path_keeps_a_plain_answer_as_the_gzipped_bytes(
        app: Flask, client: FlaskClient, catalogue_loaded: None) -> None:
    client.get("/feed.ics")
    client.get("/feed.ics", headers={"Accept-Encoding": "gzip"})
    [rendered] = app.extensions["feed_cache"].bodies.values()
    stored = app.extensions["feed_cache"].responses.values()
    assert [(answer.body is rendered.gzipped, answer.inflate) for answer in stored] == [
        (True, True), (True, False)]


def test_without_feed_gzip_no_gzipped_copy_is_made(plain_app: Flask) -> None:
    client = plain_app.test_client()
    response = client.get("/feed.ics", headers={"Accept-Encoding": "gzip"})
    [rendered] = plain_app.extensions["feed_cache"].bodies.values()
    assert "Content-Encoding" not in response.headers
    assert (rendered.gzipped, rendered.body) == (b"", response.data)
