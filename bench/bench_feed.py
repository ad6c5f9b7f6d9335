"""Benchmark: the public feed at city scale.

Builds a SQLite database with the real catalogue and enough published activities for a
feed of about 3,000 occurrences, then measures
- the cold build (query + render, no cache) in-process;
- warm 200 and 304 throughput and p50/p99 latency under gunicorn (2 sync workers) with
  concurrent clients on loopback, beside a minimal WSGI app that returns the bytes the
  app served (checked) under the same server in the same run.
The two servers are measured in interleaved rounds (bench/rounds.py).
Goals (issues 4, 17): cold build < 0.5 s; warm paths >= 80% of the minimal app's
throughput, median of the rounds.

Run with `.venv/bin/python -m bench.bench_feed` (or `make bench`).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench import rounds

ROOT = Path(__file__).resolve().parent.parent
TARGET_EVENTS = 3000
CONNECTIONS = 16
SECONDS = 3.0
WARM_GOAL = 0.8
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def seed(url: str) -> None:
    """The catalogue plus published activities up to about TARGET_EVENTS feed events."""
    from calendar_app import migrations
    from calendar_app.catalogue import load_file
    from calendar_app.db import Database
    from calendar_app.models import Activity
    from calendar_app.models import Workgroup
    from calendar_app.services.catalogue_sync import sync_catalogue

    migrations.upgrade(url)
    database = Database.from_url(url)
    now = datetime.now(UTC)
    today = now.date()
    with database.transaction() as session:
        sync_catalogue(session, load_file(ROOT / "events.yaml"), now=now)
        workgroup = Workgroup(slug="zuid", name="Stadsdeel Zuid", description="", created_at=now)
        session.add(workgroup)
        session.flush()
        for i in range(TARGET_EVENTS - 150):
            day = today - timedelta(days=300) + timedelta(days=i % 900)
            timed = i % 2 == 0
            start = datetime(day.year, day.month, day.day, 12, 0, tzinfo=AMSTERDAM)
            session.add(Activity(
                public_id=str(uuid.uuid4()), workgroup_id=workgroup.id, kind="workshop",
                title=f"Workshop {i}: samen werken aan inclusie",
                description="Een open gesprek over inclusie op de werkvloer. " * 3,
                all_day=not timed, start_date=None if timed else day,
                end_date=None if timed else day, start_at=start if timed else None,
                end_at=start + timedelta(hours=2) if timed else None, location="Stadhuis",
                online_url="", themes=["lhbtiq"], accessibility={}, status="published",
                sequence=0, created_at=now, updated_at=now))
    database.dispose()


def clear_caches() -> None:
    """Forget every date and VTIMEZONE computed so far, as in a freshly started worker.

    The rule functions in rules/astronomy.py and rules/lunisolar.py and the VTIMEZONE
    derivation are memoised per process; seeding the database may already have filled
    them, which would flatter the first build.
    """
    import functools

    from calendar_app.ical import vtimezone
    from calendar_app.rules import astronomy
    from calendar_app.rules import lunisolar

    for module in (astronomy, lunisolar, vtimezone):
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()


def cold_build(url: str, instance: Path) -> tuple[float, float, int, bytes]:
    """The first build in the process with every cache cleared, and the best of 5 after it."""
    from calendar_app.config import Settings
    from calendar_app.db import Database
    from calendar_app.ical.build import render_feed
    from calendar_app.services import feeds

    settings = Settings.from_env({}, instance_path=instance, database_url=url)
    database = Database.from_url(url)
    links = feeds.Links(home="http://x/", observance=lambda k: f"http://x/o/{k}",
                        activity=lambda p: f"http://x/a/{p}")
    clear_caches()
    times = []
    body = b""
    count = 0
    for _ in range(6):
        started = time.perf_counter()
        with database.session() as session:
            now = datetime.now(UTC)
            query = feeds.FeedQuery()
            content = feeds.feed_content(session, query, settings=settings,
                                         today=now.astimezone(settings.zone).date(),
                                         now=now, links=links)
            meta = feeds.feed_meta(session, query, settings=settings, links=links)
            body = render_feed(meta, content.events, stamp=now.replace(microsecond=0),
                               omitted=content.omitted)
        times.append(time.perf_counter() - started)
        count = len(content.events)
    database.dispose()
    return times[0], min(times[1:]), count, body


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(kind: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    code = f"from bench.bench_feed import serve; serve({kind!r}, {port})"
    process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{kind} server did not start")


def serve(kind: str, port: int) -> None:
    """Run gunicorn (2 sync workers, no access log) with the real app or the minimal one;
    `pages`: the real app in one gthread worker (4 threads), for page times and RSS."""
    from gunicorn.app.base import BaseApplication

    from calendar_app.config import Settings

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"127.0.0.1:{port}")
            self.cfg.set("loglevel", "warning")
            if kind == "pages":  # one gthread worker: its RSS is what one worker holds
                self.cfg.set("workers", 1)
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("threads", 4)
            else:
                self.cfg.set("workers", 2)

        def load(self):  # type: ignore[no-untyped-def]
            if kind in ("app", "pages"):
                from calendar_app.web import create_app

                return create_app(Settings.from_env())
            return minimal_app(Path(os.environ["BENCH_BODY"]).read_bytes())

    Server().run()


def minimal_app(body: bytes):  # type: ignore[no-untyped-def]
    """The floor: a WSGI app that returns the same bytes and honours If-None-Match."""
    import hashlib

    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", [("ETag", etag)])
            return [b""]
        start_response("200 OK", [("Content-Type", "text/calendar; charset=utf-8"),
                                  ("ETag", etag), ("Content-Length", str(len(body)))])
        return [body]

    return app


async def _client(port: int, path: str, headers: str, deadline: float,
                  latencies: list[float], statuses: list[int]) -> None:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
               "Connection: close\r\n\r\n").encode()
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        data = await reader.read()
        writer.close()
        latencies.append(time.perf_counter() - started)
        statuses.append(int(data[9:12]))


async def _load(port: int, path: str, headers: str, connections: int,
                seconds: float) -> tuple[list[float], list[int]]:
    latencies: list[float] = []
    statuses: list[int] = []
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(_client(port, path, headers, deadline, latencies, statuses)
                           for _ in range(connections)))
    return latencies, statuses


def _load_process(args: tuple[int, str, str, int, float]) -> tuple[list[float], list[int]]:
    return asyncio.run(_load(*args))


def measure(port: int, path: str, etag: str | None) -> dict[str, float]:
    """Two client processes, CONNECTIONS connections in all, for SECONDS."""
    headers = f"If-None-Match: {etag}\r\n" if etag else ""
    args = (port, path, headers, CONNECTIONS // 2, SECONDS)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_load_process, [args, args])
    latencies = sorted(value for result in results for value in result[0]) or [float("nan")]
    statuses = {status for result in results for status in result[1]}
    return {"rps": len(latencies) / SECONDS,
            "p50": statistics.median(latencies) * 1000,
            "p99": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
            "statuses": float(min(statuses) if len(statuses) == 1 else -1)}


def warm_up(port: int, path: str) -> None:
    asyncio.run(_load(port, path, "", CONNECTIONS, 2.0))


def etag_of(port: int, path: str) -> tuple[str, bytes, int]:
    """(ETag, body, status) of one GET without gzip."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.getheader("ETag") or "", body, response.status


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        url = f"sqlite:///{instance / 'bench.sqlite3'}"
        seed(url)
        first, best, count, _body = cold_build(url, instance)
        print(f"feed: build of {count} occurrences (query + render): first in the process, "
              f"all caches cleared {first:.3f} s; best of 5 after it {best:.3f} s "
              f"(goal < 0.5 s)")
        env = {**os.environ, "INSTANCE_PATH": str(instance), "DATABASE_URL": url,
               "BENCH_BODY": str(instance / "body.ics"), "FEED_GZIP": "false"}
        failures = compare_warm(env, "/feed.ics").failures
        if failures:  # figures of wrong answers are no figures: fail the run
            for failure in failures:
                print(f"feed: FAILED: {failure}", file=sys.stderr)
            sys.exit(1)


@dataclass(frozen=True)
class Warm:
    """Wrong answers seen (empty when all were right), and the median ratio per status."""

    failures: list[str]
    medians: dict[int, float]


def compare_warm(env: dict[str, str], path: str, *,
                 label: str = "feed") -> Warm:
    """Warm 200 and 304 of the app beside the minimal app, interleaved rounds.

    Both servers run for the whole comparison; each round measures app and minimal
    back to back (the order alternating), so a load change on the shared machine lands
    on both.
    """
    failures: list[str] = []
    servers: dict[str, tuple[int, subprocess.Popen[bytes]]] = {}
    try:
        etags, served = {}, b""
        for kind in ("app", "minimal"):
            port = free_port()
            servers[kind] = (port, start_server(kind, port, env))
            etag, body, status = etag_of(port, path)
            if status != 200 or not etag:
                failures.append(f"{kind}: GET {path} answered {status}, ETag {etag!r}")
            if kind == "app":  # the baseline serves the very bytes the app served
                served = body
                Path(env["BENCH_BODY"]).write_bytes(served)
            elif body != served:
                failures.append(f"minimal: GET {path} served other bytes than the app")
            etags[kind] = etag
            warm_up(port, path)  # every worker builds its cache before we measure
        size = len(served)
        results = {status: rounds.interleaved({
            kind: (lambda port=port, kind=kind, status=status: measure(
                port, path, etags[kind] if status == 304 else None))
            for kind, (port, _process) in servers.items()}) for status in (200, 304)}
    finally:
        for _port, process in servers.values():
            process.terminate()
            process.wait(timeout=30)
    print(f"{label}: warm {path} under gunicorn (2 sync workers), {CONNECTIONS} clients, "
          f"{rounds.ROUNDS} interleaved rounds of {SECONDS:.0f} s per side, "
          f"body {size / 1024:.0f} KiB")
    medians = {}
    for status, sides in results.items():
        app, floor = sides["app"], sides["minimal"]
        ratio = rounds.ratios([r["rps"] for r in app], [r["rps"] for r in floor])
        median = medians[status] = statistics.median(ratio)
        print(f"  {status}: app req/s {rounds.spread([r['rps'] for r in app], '{:.0f}')}"
              f" (p99 ms {rounds.spread([r['p99'] for r in app], '{:.1f}')}) | minimal "
              f"{rounds.spread([r['rps'] for r in floor], '{:.0f}')}"
              f" (p99 ms {rounds.spread([r['p99'] for r in floor], '{:.1f}')})")
        print(f"  {status}: ratio min / median / max {rounds.spread(ratio, '{:.0%}')} "
              f"(goal: median >= {WARM_GOAL:.0%}) {rounds.verdict(median, WARM_GOAL)}")
        for kind, samples in sides.items():
            if any(sample["statuses"] != status for sample in samples):
                failures.append(f"{kind} answered other statuses than {status}")
    return Warm(failures, medians)


if __name__ == "__main__":
    main()
