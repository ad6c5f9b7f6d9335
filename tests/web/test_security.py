"""Security headers on every response; HSTS only when the site is served over https."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from calendar_app.config import Settings
from calendar_app.web import create_app


@pytest.mark.parametrize("path", ["/", "/maand/2026-05", "/nowhere", "/check?from=x",
                                  "/static/site.css", "/healthz"])
def test_every_response_carries_the_headers(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'",
                      "base-uri 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_hsts_on_plain_http(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_when_base_url_is_https(db_settings: Settings) -> None:
    app = create_app(replace(db_settings, base_url="https://kalender.amsterdam.nl"))
    try:
        headers = app.test_client().get("/").headers
    finally:
        app.extensions["database"].dispose()
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_have_no_inline_script_or_style(client: FlaskClient) -> None:
    for path in ["/", "/maand/2026-05", "/jaar/2026", "/lijst", "/check", "/toegankelijkheid"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script" not in page, path
        assert "<style" not in page and "style=" not in page, path
