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
from typing import TYPE_CHECKING
from urllib.parse import quote
from urllib.parse import urlencode
from urllib.parse import urlparse

import segno
from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask_babel import gettext as _

from calendar_app.config import Settings
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.feeds import FeedQuery
from calendar_app.services.feeds import public_workgroups
from calendar_app.web.feeds import _rendered
from calendar_app.web.i18n import current_language
from calendar_app.web.session import db_session

if TYPE_CHECKING:
    from calendar_app.ical.check import CheckResult

bp = Blueprint("subscribe", __name__)


def check_feed(body: bytes) -> list[CheckResult]:
    """The feed check of ical/check.py, imported on first use.

    It parses with icalendar (some 7 MB), which no other request of a worker needs.
    """
    from calendar_app.ical.check import check_feed as check

    return check(body)


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


@dataclass(frozen=True)
class FeedChoice:
    """What the visitor chose on the subscribe page: which items, themes, workgroup, language.

    Read from the page's own GET form, so the page works without JavaScript; the page's
    script builds the same address in the browser as the options change.
    """

    kind: str = "all"
    themes: tuple[str, ...] = ()
    workgroup: str = ""
    lang: str = "nl"

    def path(self) -> str:
        """The feed address for this choice: /feed.ics with only the options that filter."""
        query: list[tuple[str, str]] = []
        if self.kind in TYPES:
            query.append(("type", self.kind))
        query.extend(("theme", theme) for theme in self.themes)
        if self.workgroup:
            query.append(("workgroup", self.workgroup))
        if self.lang == "en":
            query.append(("lang", "en"))
        return "/feed.ics" + (f"?{urlencode(query)}" if query else "")


#: The page's "what" choice, as the feed's `type` parameter.
TYPES = ("observance", "activity")


def _choice(lang: str, themes: dict[str, str], workgroups: dict[str, str]) -> FeedChoice:
    """The visitor's options from the query string; unknown values are left out."""
    kind = request.args.get("kind", "all")
    return FeedChoice(
        kind=kind if kind in TYPES else "all",
        themes=tuple(sorted({key for key in request.args.getlist("theme") if key in themes})),
        workgroup=request.args.get("workgroup", "") if request.args.get("workgroup") in workgroups
        else "",
        lang=request.args.get("feed_lang", lang) if request.args.get("feed_lang", lang)
        in ("nl", "en") else lang)


def _calendar_name(choice: FeedChoice, themes: dict[str, str], workgroups: dict[str, str]) -> str:
    """The name the calendar gets in Outlook: the site's name and what it is filtered on."""
    parts = [{"observance": _("Observances only"), "activity": _("Activities only")}[choice.kind]
             ] if choice.kind in TYPES else []
    parts += [themes[key] for key in choice.themes]
    if choice.workgroup:
        parts.append(workgroups[choice.workgroup])
    name = _("Diversity calendar")
    return f"{name}: {', '.join(parts)}" if parts else name


@bp.get("/subscribe")
def subscribe() -> str:
    """One choice per calendar client, for the feed the visitor's options describe."""
    lang = current_language()
    themes = {key: label.get(lang) for key, label in active_themes(db_session()).items()}
    workgroups = dict(public_workgroups(db_session()))
    choice = _choice(lang, themes, workgroups)
    feed = feed_links(_calendar_name(choice, themes, workgroups), choice.path())
    base_url = _settings().base_url
    return render_template("subscribe.html", feed=feed, choice=choice, themes=themes,
                           workgroups=workgroups, base_url=base_url,
                           loopback_base=is_loopback(base_url))


def is_loopback(base_url: str) -> bool:
    """Whether BASE_URL only reaches this machine (127.0.0.0/8, ::1, localhost)."""
    host = (urlparse(base_url).hostname or "").lower()
    return host == "localhost" or host == "::1" or host.startswith("127.")


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
    checks = current_app.extensions["feed_cache"].checks
    # Parsing the whole feed takes a second at city scale: once per feed version.
    found = checks.get(rendered.etag)
    if found is None:
        body = rendered.plain()
        found = (check_feed(body), datetime.now(UTC), len(body))
        checks.put(rendered.etag, found)
    results, checked_at, size = found
    return render_template("feed_check.html", results=results,
                           all_ok=all(result.ok for result in results),
                           size=size, checked_at=checked_at)
