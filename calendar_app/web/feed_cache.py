"""Feeds from memory: rendered bodies per data version, and a fast path before Flask.

Every subscribed calendar polls its feed every few hours, so for the whole city the
feed is by far the most frequent request, and almost always a repeat. Two layers keep
it cheap:

- `FeedCache` keeps rendered bodies keyed by (data version, day, query); the data
  version is re-read from the database at most once per VERSION_TTL seconds.
- `FeedFastPath`, WSGI middleware around the Flask app, answers a repeat request for
  a public feed URL (200 or 304) from the response Flask gave for it before, under the
  same data version and day, without entering Flask. Anything it has not seen, and
  every secret internal feed, goes through Flask.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from calendar_app.db import Database
from calendar_app.services.site import data_version

VERSION_TTL = 1.0
CACHE_SIZE = 256
#: Public feed URLs the fast path may answer; internal feeds carry a revocable secret.
FAST_PREFIXES = ("/feed.ics", "/feeds/")
SLOW_PREFIXES = ("/feeds/intern/",)
#: Headers a 304 repeats (RFC 9110 §15.4.5); the rest describe the body it omits.
NOT_MODIFIED_HEADERS = frozenset({"etag", "last-modified", "cache-control", "vary", "expires"})

#: Where the feed view leaves the RenderedFeed it answered with (web/feeds.py).
RENDERED_KEY = "calendar_app.rendered_feed"

Version = tuple[int, datetime | None]
StartResponse = Callable[..., Any]


class LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def values(self) -> list[Any]:
        """The items, least recently used first (what a worker holds; tests read it)."""
        with self._lock:
            return list(self._items.values())

    def put(self, key: Any, item: Any) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class SingleFlight:
    """One build per key at a time: the others wait for it instead of building too.

    After a data change every polling client asks for the new version at once; in a
    threaded worker each would otherwise run the same query and render side by side.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[Any, threading.Lock] = {}

    def lock(self, key: Any) -> threading.Lock:
        with self._lock:
            return self._flights.setdefault(key, threading.Lock())

    def land(self, key: Any) -> None:
        with self._lock:
            self._flights.pop(key, None)


class FeedCache:
    """Rendered feeds and full responses, valid for one data version and day."""

    def __init__(self, database: Database, today: Callable[[], object]) -> None:
        self._database = database
        self.today = today
        self.bodies = LRU(CACHE_SIZE)
        self.responses = LRU(CACHE_SIZE)
        #: /feed-check results per feed ETag (the check parses the whole feed).
        self.checks = LRU(8)
        self._version: tuple[float, Version] | None = None
        self._flights = SingleFlight()
        #: How many times `body` ran a build (tests check single flight with it).
        self.builds = 0

    def body(self, key: Any, build: Callable[[], Any]) -> Any:
        """The cached body for `key`, built once however many requests ask at once."""
        found = self.bodies.get(key)
        if found is not None:
            return found
        with self._flights.lock(key):
            found = self.bodies.get(key)
            if found is None:
                self.builds += 1
                found = build()
                self.bodies.put(key, found)
        self._flights.land(key)
        return found

    def data_version(self) -> Version:
        """The shared data version, re-read at most once per VERSION_TTL seconds."""
        clock = monotonic()
        remembered = self._version
        if remembered is not None and clock - remembered[0] < VERSION_TTL:
            return remembered[1]
        with self._database.session() as session:
            current = data_version(session)
        self._version = (clock, current)
        return current

    def forget_version(self) -> None:
        """Re-read the version on the next request (tests; after a local change)."""
        self._version = None


@dataclass(frozen=True)
class StoredResponse:
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    last_modified: datetime | None
    #: `body` is the gzipped form of what to send: a plain answer of a feed the cache
    #: keeps gzipped only (FEED_GZIP), inflated per request rather than kept twice.
    inflate: bool = False


class FeedFastPath:
    """WSGI middleware answering repeat public feed requests from `FeedCache.responses`."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], cache: FeedCache,
                 *, gzip_enabled: bool) -> None:
        self.wsgi_app = wsgi_app
        self.cache = cache
        self.gzip_enabled = gzip_enabled

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if (environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
                or not path.startswith(FAST_PREFIXES) or path.startswith(SLOW_PREFIXES)):
            return self.wsgi_app(environ, start_response)
        key = (self.cache.data_version(), self.cache.today(), path,
               environ.get("QUERY_STRING", ""), self._gzip(environ))
        stored: StoredResponse | None = self.cache.responses.get(key)
        if stored is not None:
            return self._answer(stored, environ, start_response)
        return self._remember(key, environ, start_response)

    def _gzip(self, environ: dict[str, Any]) -> bool:
        return self.gzip_enabled and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")

    def _answer(self, stored: StoredResponse, environ: dict[str, Any],
                start_response: StartResponse) -> Iterable[bytes]:
        if not_modified(stored, environ):
            start_response("304 Not Modified", [
                (name, value) for name, value in stored.headers
                if name.lower() in NOT_MODIFIED_HEADERS])
            return [b""]
        start_response("200 OK", stored.headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return [b""]
        return [gzip.decompress(stored.body) if stored.inflate else stored.body]

    def _remember(self, key: tuple[Any, ...], environ: dict[str, Any],
                  start_response: StartResponse) -> Iterable[bytes]:
        """Let Flask answer; keep a plain 200 to answer the next request with."""
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, *args)

        chunks = self.wsgi_app(environ, capture)
        if environ["REQUEST_METHOD"] != "GET" or "HTTP_IF_NONE_MATCH" in environ \
                or "HTTP_IF_MODIFIED_SINCE" in environ:
            return chunks
        body = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        if seen.get("status", "").startswith("200"):
            headers = [(name, value) for name, value in seen["headers"]
                       if name.lower() != "set-cookie"]
            found = {name.lower(): value for name, value in headers}
            rendered = environ.get(RENDERED_KEY)
            inflate = rendered is not None and not rendered.body and "content-encoding" \
                not in found and gzip.decompress(rendered.gzipped) == body
            if "etag" in found:
                self.cache.responses.put(key, StoredResponse(
                    headers=headers, body=rendered.gzipped if inflate else body,
                    etag=found["etag"], last_modified=_http_date(found.get("last-modified")),
                    inflate=inflate))
        return [body]


def not_modified(stored: StoredResponse, environ: dict[str, Any]) -> bool:
    """RFC 9110 §13.1: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or stored.etag.removeprefix("W/") in tags
    since = _http_date(environ.get("HTTP_IF_MODIFIED_SINCE"))
    return since is not None and stored.last_modified is not None \
        and stored.last_modified <= since


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
