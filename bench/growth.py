"""Growth benchmark: 1k, 10k and 50k activities (`python -m bench growth`, part of make bench).

Per size, on a city seeded through the services (bench/seeding.py):
- cold feed build: a fresh process, every cache cleared, first build and best of 5;
- warm /feed.ics 200 and 304 beside the bare WSGI app, interleaved rounds;
- month, year and list (theme filter) pages: p50 over sequential requests to one real
  gunicorn worker (gthread), and home for the record;
- the year and month posters and /feed-check, timed once each (cold);
- RSS of that worker after it served every public page type (an activity page and
  its .ics, the posters and /feed-check among them) and ten feed variants;
- whether the served /feed.ics holds every activity of the next 30 days.
Targets at 50k (issue 17): the 30 days held; cold build < 0.5 s; pages p50 < 150 ms;
worker RSS < 200 MB; warm 200 and 304 >= 80% of the bare app (median).

BENCH_SIZES=1000,10000 picks sizes; DATABASE_URL=postgresql+psycopg://... runs on
PostgreSQL (a database per size is created and dropped on that server).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from bench import bench_feed
from bench.seeding import ZONE
from bench.seeding import seed_city

SIZES = tuple(int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000,50000").split(","))
REQUESTS = 9
PAGE_GOAL_MS = 150.0
COLD_GOAL_S = 0.5
RSS_GOAL_MB = 200.0
FEEDS = ("/feed.ics", "/feed.ics?lang=en", "/feeds/activiteiten.ics", "/feeds/themadagen.ics",
         "/feeds/thema/religie.ics", "/feeds/thema/lhbtiq.ics", "/feeds/thema/werk.ics",
         "/feeds/thema/gender.ics?lang=en", "/feeds/werkgroep/wg001.ics",
         "/feed.ics?type=activity&lang=en")


def pages(today: datetime) -> dict[str, str]:
    return {"month": f"/maand/{today:%Y-%m}", "year": f"/jaar/{today:%Y}",
            "list": "/lijst?theme=religie", "home": "/"}


@contextmanager
def database_for(size: int, folder: Path) -> Iterator[str]:
    """A fresh database for one size: SQLite in `folder`, or one on DATABASE_URL's server."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgresql"):
        yield f"sqlite:///{folder / f'growth-{size}.sqlite3'}"
        return
    import psycopg

    server = base.rsplit("/", 1)[0]
    name = f"bench_growth_{size}_{os.getpid()}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{plain}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cold_in_fresh_process(url: str, folder: Path) -> tuple[float, float, int]:
    """(first, best of 5, events) from a process of its own, as a new worker."""
    code = ("import json, sys; from pathlib import Path; from bench.bench_feed import "
            "cold_build; f, b, n, body = cold_build(sys.argv[1], Path(sys.argv[2])); "
            "print(json.dumps([f, b, n]))")
    out = subprocess.run([sys.executable, "-c", code, url, str(folder)], check=True,
                         capture_output=True, text=True, cwd=bench_feed.ROOT).stdout
    first, best, events = json.loads(out.strip().splitlines()[-1])
    return first, best, events


def get(port: int, path: str) -> tuple[int, bytes, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, body, elapsed


def worker_rss_mb(master: int) -> float:
    """VmRSS of the gunicorn worker under `master` (one worker), in MB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    values = []
    for child in children:
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                values.append(int(line.split()[1]) / 1024)
    return max(values)


def next_30_days(url: str) -> list[str]:
    """The public ids of the published activities of the next 30 days."""
    from sqlalchemy import select

    from calendar_app.db import Database
    from calendar_app.models import Activity
    from calendar_app.services.calendar_view import overlaps

    today = datetime.now(ZONE).date()
    database = Database.from_url(url)
    with database.session() as session:
        ids = list(session.scalars(select(Activity.public_id).where(
            Activity.status == "published", overlaps(today, today + timedelta(days=30), ZONE))
            .order_by(Activity.public_id)))
    database.dispose()
    return ids


def served_uids(body: bytes) -> set[str]:
    return {line[4:].decode() for line in body.split(b"\r\n") if line.startswith(b"UID:")}


def pages_and_rss(env: dict[str, str], url: str) -> dict[str, object]:
    """Page p50s, the 30-day check, the downloads' times and the worker's RSS, from one
    real worker; every status is checked (`one_size`)."""
    from calendar_app.ical.uids import activity_uid

    port = bench_feed.free_port()
    server = bench_feed.start_server("pages", port, env)
    try:
        status, feed, _ = get(port, "/feed.ics")
        upcoming = next_30_days(url)
        wanted = {activity_uid(public_id) for public_id in upcoming}
        result: dict[str, object] = {"statuses": [("/feed.ics", status)],
                                     "next30": (len(wanted & served_uids(feed)), len(wanted))}
        today = datetime.now(ZONE)
        extra = ["/subscribe", "/observances/pasen", "/check?from=2026-12-01&to=2027-03-01",
                 "/lijst?workgroup=wg001", "/toegankelijkheid", "/login",
                 *([f"/activities/{upcoming[0]}", f"/activities/{upcoming[0]}.ics"]
                   if upcoming else [])]
        for path in [*FEEDS, *extra]:
            result["statuses"].append((path, get(port, path)[0]))  # type: ignore[attr-defined]
        for name, path in once(today).items():  # downloads: timed once, cold
            status, _body, elapsed = get(port, path)
            result["statuses"].append((path, status))  # type: ignore[attr-defined]
            result[name] = elapsed
        for name, path in pages(today).items():
            get(port, path)  # the first of its kind warms the worker's caches
            times = []
            for _ in range(REQUESTS):
                status, body, elapsed = get(port, path)
                times.append(elapsed * 1000)
                result.setdefault("statuses", []).append((path, status))  # type: ignore[attr-defined]
            result[name] = statistics.median(times)
            result[f"{name}_kb"] = len(body) / 1024
        result["rss"] = worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


def once(today: datetime) -> dict[str, str]:
    """The public downloads a worker serves now and then: the posters and the check of
    the feed in other parsers (linked from the year and month pages and the footer)."""
    return {"poster_year": f"/poster/{today.year}.pdf",
            "poster_month": f"/poster/{today.year}-{today.month}.pdf",
            "feed_check": "/feed-check"}


def one_size(size: int, folder: Path) -> tuple[dict[str, object], list[str]]:
    failures: list[str] = []
    with database_for(size, folder) as url:
        started = time.perf_counter()
        seed_city(url, size)
        seeded = time.perf_counter() - started
        first, best, events = cold_in_fresh_process(url, folder)
        env = {**os.environ, "INSTANCE_PATH": str(folder), "DATABASE_URL": url,
               "BENCH_BODY": str(folder / "body.ics"), "FEED_GZIP": "false"}
        figures = pages_and_rss(env, url)
        warm = bench_feed.compare_warm(env, "/feed.ics", label=f"growth {size}")
        failures += warm.failures
        figures.update(seeded=seeded, first=first, best=best, events=events,
                       ratio200=warm.medians[200], ratio304=warm.medians[304])
        for path, status in figures.pop("statuses"):  # type: ignore[attr-defined]
            if status != 200:
                failures.append(f"{size}: GET {path} answered {status}")
        held, wanted = figures["next30"]  # type: ignore[misc]
        if held != wanted:
            failures.append(f"{size}: /feed.ics holds {held} of the {wanted} activities "
                            "of the next 30 days")
    return figures, failures


def report(results: dict[int, dict[str, object]]) -> None:
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgresql") \
        else "SQLite"
    print(f"growth ({engine}); load at the end {os.getloadavg()[0]:.1f}")
    rows = [
        ("seeding (s)", "seeded", "{:.1f}"),
        ("feed events (cap incl. notice)", "events", "{:d}"),
        ("cold feed build, first (s) [< 0.5]", "first", "{:.3f}"),
        ("cold feed build, best of 5 (s)", "best", "{:.3f}"),
        ("warm 200 / bare WSGI, median [>= 80%]", "ratio200", "{:.0%}"),
        ("warm 304 / bare WSGI, median [>= 80%]", "ratio304", "{:.0%}"),
        ("month p50 (ms) [< 150]", "month", "{:.0f}"),
        ("year p50 (ms) [< 150]", "year", "{:.0f}"),
        ("list ?theme= p50 (ms) [< 150]", "list", "{:.0f}"),
        ("home p50 (ms)", "home", "{:.0f}"),
        ("year page (KB)", "year_kb", "{:.0f}"),
        ("year poster, first (s)", "poster_year", "{:.2f}"),
        ("month poster, first (s)", "poster_month", "{:.2f}"),
        ("/feed-check, first (s)", "feed_check", "{:.2f}"),
        ("worker RSS (MB) [< 200]", "rss", "{:.0f}"),
    ]
    sizes = sorted(results)
    print(f"  {'':40}" + "".join(f"{size:>12,}" for size in sizes))
    for label, key, fmt in rows:
        print(f"  {label:40}" + "".join(f"{fmt.format(results[s][key]):>12}" for s in sizes))
    held = [f"{results[s]['next30'][0]}/{results[s]['next30'][1]}" for s in sizes]  # type: ignore[index]
    print(f"  {'/feed.ics holds the next 30 days':40}" + "".join(f"{h:>12}" for h in held))
    top = results[max(sizes)]
    goals = {"cold build": top["first"] < COLD_GOAL_S,  # type: ignore[operator]
             "pages": max(top["month"], top["year"], top["list"]) < PAGE_GOAL_MS,  # type: ignore[call-overload]
             "rss": top["rss"] < RSS_GOAL_MB,  # type: ignore[operator]
             "warm": min(top["ratio200"], top["ratio304"]) >= 0.8}  # type: ignore[call-overload]
    print("  at the largest size: " + ", ".join(
        f"{name} {'OK' if met else 'BELOW GOAL'}" for name, met in goals.items()))


def main() -> None:
    results: dict[int, dict[str, object]] = {}
    failures: list[str] = []
    for size in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            results[size], failed = one_size(size, Path(folder))
            failures += failed
    report(results)
    if failures:  # figures of wrong answers are no figures: fail the run
        for failure in failures:
            print(f"growth: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
