"""Subscribing: the page that explains it per client, its QR codes, and the feed check.

A subscription keeps itself up to date; a downloaded .ics is a snapshot that never
changes. The page says so plainly, because that mix-up is the most common support
question for calendar feeds.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from urllib.parse import quote
from urllib.parse import urlencode

import segno
from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask_babel import gettext as _

from calendar_app.config import Settings
from calendar_app.ical.check import check_feed
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.feeds import FeedQuery
from calendar_app.services.feeds import public_workgroups
from calendar_app.web.feeds import _rendered
from calendar_app.web.i18n import current_language
from calendar_app.web.session import db_session

bp = Blueprint("subscribe", __name__)


@dataclass(frozen=True)
class FeedLinks:
    """The ways to reach one feed."""

    title: str
    path: str
    https: str
    webcal: str
    outlook_work: str
    outlook_personal: str
    google: str


def _settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def feed_links(title: str, path: str) -> FeedLinks:
    https = f"{_settings().base_url}{path}"
    webcal = "webcal://" + https.split("://", 1)[1]
    outlook_query = urlencode({"url": https, "name": title}, quote_via=quote)
    return FeedLinks(
        title=title, path=path, https=https, webcal=webcal,
        outlook_work=f"https://outlook.office.com/calendar/0/addfromweb?{outlook_query}",
        outlook_personal=f"https://outlook.live.com/calendar/0/addfromweb?{outlook_query}",
        google="https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal}))


def _main_feeds(suffix: str) -> list[FeedLinks]:
    return [
        feed_links(_("Everything: observances and activities"), f"/feed.ics{suffix}"),
        feed_links(_("Observances only"), f"/feeds/themadagen.ics{suffix}"),
        feed_links(_("Activities only"), f"/feeds/activiteiten.ics{suffix}"),
    ]


def _theme_feeds(lang: str, suffix: str) -> list[FeedLinks]:
    return [feed_links(label.get(lang), f"/feeds/thema/{key}.ics{suffix}")
            for key, label in active_themes(db_session()).items()]


def _workgroup_feeds(suffix: str) -> list[FeedLinks]:
    return [feed_links(name, f"/feeds/werkgroep/{slug}.ics{suffix}")
            for slug, name in public_workgroups(db_session())]


@bp.get("/subscribe")
def subscribe() -> str:
    """Every feed with the same ways in: addresses, copy, one-click links and a QR code."""
    lang = current_language()
    suffix = "?lang=en" if lang == "en" else ""
    return render_template("subscribe.html", feeds=_main_feeds(suffix),
                           theme_feeds=_theme_feeds(lang, suffix),
                           workgroup_feeds=_workgroup_feeds(suffix))


@bp.get("/subscribe/qr.svg")
def qr_code() -> Response:
    """A QR code of one of our own feed addresses (never of an arbitrary URL)."""
    path = request.args.get("feed", "")
    if not (path.startswith(("/feed.ics", "/feeds/")) and ".ics" in path) or "//" in path:
        abort(404)
    buffer = io.BytesIO()
    # A standalone SVG document (with its namespace): `svg_inline` is for embedding in
    # HTML and does not display as an image file.
    segno.make(f"{_settings().base_url}{path}", error="m").save(
        buffer, kind="svg", scale=4, xmldecl=False, title=_("QR code of the calendar address"))
    response = Response(buffer.getvalue(), content_type="image/svg+xml")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response


@bp.get("/feed-check")
def feed_check() -> str:
    """The live public feed checked against the Outlook and Google pitfalls."""
    rendered = _rendered(FeedQuery(lang=current_language()))
    results = check_feed(rendered.body)
    return render_template("feed_check.html", results=results,
                           all_ok=all(result.ok for result in results),
                           size=len(rendered.body), checked_at=datetime.now(UTC))
