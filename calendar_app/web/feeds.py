"""The iCalendar feeds over HTTP.

Outlook polls every subscriber every few hours, so a city-wide feed is a steady load:
the body is rendered once per change of data (and per day, as the window moves) and
then served from memory with a strong ETag over the exact bytes, answering 304 to
clients that have it. Last-Modified comes from the data version's clock, which never
moves backwards, also when something is deleted.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime

from flask import Blueprint
from flask import Flask
from flask import Response
from flask import abort
from flask import current_app
from flask import request
from werkzeug.exceptions import BadRequest
from werkzeug.exceptions import HTTPException

from calendar_app.config import Settings
from calendar_app.ical.build import render_feed
from calendar_app.ical.build import render_single
from calendar_app.ical.build import restamp
from calendar_app.ical.model import FeedEvent
from calendar_app.ical.model import FeedMeta
from calendar_app.services import feed_stamps
from calendar_app.services import feeds
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.web.feed_cache import RENDERED_KEY
from calendar_app.web.feed_cache import FeedCache
from calendar_app.web.feed_cache import FeedFastPath
from calendar_app.web.session import db_session

bp = Blueprint("feeds", __name__)

CONTENT_TYPE = "text/calendar; charset=utf-8"
#: The stamp a feed is rendered with to take the digest of its content alone.
UNSTAMPED = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RenderedFeed:
    """One rendered feed as a worker keeps it, until the data version or the day changes.

    With FEED_GZIP only the gzipped bytes are kept (some 6% of the 3.8 MB a city-wide
    feed takes): calendar clients accept gzip, and the rare request that does not gets
    them inflated. Without FEED_GZIP only the plain bytes are kept.
    """

    #: Empty when the gzipped bytes are kept instead.
    body: bytes
    #: Empty when FEED_GZIP is off.
    gzipped: bytes
    etag: str
    last_modified: datetime

    def plain(self) -> bytes:
        """The feed's bytes as served without Content-Encoding."""
        return self.body or gzip.decompress(self.gzipped)


def init_app(app: Flask, settings: Settings) -> None:
    """The feed cache, and the fast path that answers repeat requests before Flask."""
    cache = FeedCache(app.extensions["database"],
                      today=lambda: datetime.now(settings.zone).date())
    app.extensions["feed_cache"] = cache
    app.wsgi_app = FeedFastPath(  # type: ignore[method-assign]
        app.wsgi_app, cache, gzip_enabled=settings.feed_gzip)
    app.after_request(_forget_version_after_change)
    app.register_blueprint(bp)


def _forget_version_after_change(response: Response) -> Response:
    """Read your own writes: after a form post this worker re-reads the data version.

    Without it a feed fetched in the same second as the change that preceded it could
    still come from the cache (VERSION_TTL); other workers catch up within that second.
    """
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        _cache().forget_version()
    return response


def _settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def _cache() -> FeedCache:
    return current_app.extensions["feed_cache"]  # type: ignore[no-any-return]


def links(settings: Settings) -> feeds.Links:
    base = settings.base_url
    return feeds.Links(
        home=f"{base}/",
        observance=lambda key: f"{base}/observances/{key}",
        activity=lambda public_id: f"{base}/activities/{public_id}")


def _lang() -> str:
    lang = request.args.get("lang", "nl")
    if lang not in ("nl", "en"):
        raise BadRequest(f"lang={lang!r}: use nl or en")
    return lang


def _public_query(*, themes: tuple[str, ...] = (), types: tuple[str, ...] = feeds.TYPES,
                  workgroup: str | None = None) -> feeds.FeedQuery:
    themes = themes or tuple(request.args.getlist("theme"))
    if themes:
        known = active_themes(db_session())
        unknown = [theme for theme in themes if theme not in known]
        if unknown:
            raise BadRequest(f"unknown theme {unknown[0]!r}; known themes: {', '.join(known)}")
    requested = tuple(request.args.getlist("type"))
    if requested:
        bad = [kind for kind in requested if kind not in feeds.TYPES]
        if bad:
            raise BadRequest(f"type={bad[0]!r}: use observance or activity")
        types = tuple(kind for kind in feeds.TYPES if kind in requested)
    workgroup = workgroup or request.args.get("workgroup") or None
    if workgroup and not _workgroup_exists(workgroup):
        abort(404, f"no workgroup {workgroup!r}")
    return feeds.FeedQuery(themes=tuple(sorted(set(themes))), types=types,
                           workgroup=workgroup, lang=_lang())


def _workgroup_exists(slug: str) -> bool:
    from calendar_app.services.accounts import workgroup_by_slug
    from calendar_app.services.errors import NotFound

    try:
        workgroup_by_slug(db_session(), slug)
    except NotFound:
        return False
    return True


def _rendered(query: feeds.FeedQuery) -> RenderedFeed:
    settings = _settings()
    version, changed_at = _cache().data_version()
    now = datetime.now(UTC)
    today = now.astimezone(settings.zone).date()
    key = (version, today, query)
    rendered: RenderedFeed = _cache().body(key, lambda: _render(
        db_session(), query, settings, today=today, now=now, changed_at=changed_at))
    return rendered


def _render(session, query: feeds.FeedQuery, settings: Settings, *, today: date,  # type: ignore[no-untyped-def]
            now: datetime, changed_at: datetime | None) -> RenderedFeed:
    link = links(settings)
    content = feeds.feed_content(session, query, settings=settings, today=today, now=now,
                                 links=link)
    meta = feeds.feed_meta(session, query, settings=settings, links=link)
    unstamped = render_feed(meta, content.events, stamp=UNSTAMPED, omitted=content.omitted)
    stamp = _stamp(query, unstamped, max(changed_at or now, now))
    body = restamp(unstamped, UNSTAMPED, stamp)
    digest = hashlib.sha256(body).hexdigest()[:32]
    if settings.feed_gzip:
        return RenderedFeed(body=b"", gzipped=gzip.compress(body, mtime=0), etag=digest,
                            last_modified=stamp)
    return RenderedFeed(body=body, gzipped=b"", etag=digest, last_modified=stamp)


def _stamp(query: feeds.FeedQuery, unstamped: bytes, now: datetime) -> datetime:
    """DTSTAMP and Last-Modified: kept while the feed's content stays the same.

    A change elsewhere (a proposal, another workgroup's activity) or the window moving
    at midnight without moving an event leaves the feed byte-identical, so its ETag
    holds and subscribers download nothing.
    """
    key = hashlib.sha256(repr(query).encode()).hexdigest()
    digest = hashlib.sha256(unstamped).hexdigest()
    database = current_app.extensions["database"]
    with database.transaction() as session:
        return feed_stamps.stamp_for(session, key, digest, now=now)


def _respond(rendered: RenderedFeed, *, private: bool = False) -> Response:
    settings = _settings()
    use_gzip = settings.feed_gzip and "gzip" in request.headers.get("Accept-Encoding", "")
    body = rendered.gzipped if use_gzip else rendered.plain()
    request.environ[RENDERED_KEY] = rendered  # the fast path keeps it
    response = Response(body, content_type=CONTENT_TYPE)
    response.set_etag(rendered.etag + ("-gz" if use_gzip else ""))
    response.last_modified = rendered.last_modified
    response.cache_control.max_age = 900
    if private:
        response.cache_control.private = True
        response.headers["Referrer-Policy"] = "no-referrer"
    else:
        response.cache_control.public = True
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if settings.feed_gzip:
        response.vary.add("Accept-Encoding")
    return response.make_conditional(request)


@bp.route("/feed.ics", methods=["GET", "HEAD"])
def feed() -> Response:
    """The public feed; filtered by `theme` (repeatable), `type`, `workgroup`, `lang`."""
    return _respond(_rendered(_public_query()))


@bp.route("/feeds/themadagen.ics", methods=["GET", "HEAD"])
def observances_feed() -> Response:
    return _respond(_rendered(_public_query(types=("observance",))))


@bp.route("/feeds/activiteiten.ics", methods=["GET", "HEAD"])
def activities_feed() -> Response:
    return _respond(_rendered(_public_query(types=("activity",))))


@bp.route("/feeds/thema/<theme>.ics", methods=["GET", "HEAD"])
def theme_feed(theme: str) -> Response:
    if theme not in active_themes(db_session()):
        abort(404, f"no theme {theme!r}")
    return _respond(_rendered(_public_query(themes=(theme,))))


@bp.route("/feeds/werkgroep/<slug>.ics", methods=["GET", "HEAD"])
def workgroup_feed(slug: str) -> Response:
    return _respond(_rendered(_public_query(workgroup=slug)))


@bp.route("/feeds/intern/<token>.ics", methods=["GET", "HEAD"])
def internal_feed(token: str) -> Response:
    """A workgroup's internal feed, with proposals; its address is the secret."""
    workgroup = feeds.workgroup_for_token(db_session(), token)
    if workgroup is None:
        abort(404)
    query = feeds.FeedQuery(internal_workgroup_id=workgroup.id, lang=_lang())
    return _respond(_rendered(query), private=True)


@bp.route("/activities/<public_id>.ics", methods=["GET", "HEAD"])
def activity_ics(public_id: str) -> Response:
    """"Add to my calendar" for one activity: a download, not a subscription."""
    settings = _settings()
    found = feeds.single_activity_event(db_session(), public_id, settings=settings,
                                        links=links(settings), lang=_lang())
    return _download(found, f"activiteit-{public_id[:8]}.ics")


@bp.route("/observances/<key>/<int:year>-<int:index>.ics", methods=["GET", "HEAD"])
def observance_ics(key: str, year: int, index: int) -> Response:
    settings = _settings()
    found = feeds.single_observance_event(db_session(), key, year, index, settings=settings,
                                          links=links(settings), lang=_lang())
    return _download(found, f"{key}-{year}.ics")


def _download(found: tuple[FeedMeta, FeedEvent] | None, filename: str) -> Response:
    """One event as an .ics attachment; 404 when there is no such public event."""
    if found is None:
        abort(404)
    meta, event = found
    response = Response(render_single(meta, event, stamp=event.last_modified),
                        content_type=CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.errorhandler(400)
@bp.errorhandler(404)
def feed_error(error: HTTPException) -> Response:
    """Calendar clients show no HTML: say what is wrong in one plain line."""
    ours = error.description != type(error).description
    message = error.description if ours else (error.name or "").lower()
    return Response(f"{error.code} {message}\n", status=error.code,
                    content_type="text/plain; charset=utf-8")
