"""Security headers on every response.

The Content-Security-Policy allows nothing inline (no `<script>` blocks, no `style=`
attributes, no event handlers), so an injected tag in user text cannot run even if
the sanitiser missed it. Pages load their CSS and any JS as files from this origin.
HSTS is sent only when the site is served over https (BASE_URL), because a browser
that saw it on a plain-http test server would refuse that server for a year.
"""

from __future__ import annotations

from flask import Flask
from flask import Response

from calendar_app.config import Settings

CSP = "; ".join((
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
))
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(*, https: bool) -> dict[str, str]:
    """The headers every response carries."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def init_app(app: Flask, settings: Settings) -> None:
    headers = security_headers(https=settings.base_url.startswith("https://"))

    def add_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    app.after_request(add_headers)
