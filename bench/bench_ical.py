"""Benchmark: cold build of a 3,000-event feed (the renderer's budget is 0.5 s).

Run with `.venv/bin/python -m bench.bench_ical`. "Cold" means the VTIMEZONE cache is
cleared before each build, so the figure includes deriving it from tzdata.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from bench import rounds
from calendar_app.ical import FeedEvent
from calendar_app.ical import FeedMeta
from calendar_app.ical import activity_uid
from calendar_app.ical import observance_uid
from calendar_app.ical import render_feed
from calendar_app.ical.vtimezone import vtimezone_lines

EVENTS = 3000
RUNS = 5
GOAL_SECONDS = 0.5
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EDITED_AT = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
DESCRIPTION = (
    "Een dag om bij stil te staan: herdenking én viering, met activiteiten in de hele stad; "
    "kijk op de website voor het programma, de locaties en de toegankelijkheid.\n"
)


def sample_events(count: int) -> list[FeedEvent]:
    """Half all-day observances (some multi-day), half timed activities, over ~8 years."""
    events = []
    for i in range(count):
        day = date(2030, 1, 1) + timedelta(days=i)
        if i % 2:
            start = datetime(day.year, day.month, day.day, 19, 30, tzinfo=AMSTERDAM)
            uid = activity_uid(f"00000000-0000-4000-8000-{i:012d}")
            when = {"start": start, "end": start + timedelta(hours=2), "all_day": False}
        else:
            uid = observance_uid("dag", day.year, i + 1)
            when = {"start": day, "end": day + timedelta(days=i % 9), "all_day": True}
        events.append(
            FeedEvent(
                uid=uid,
                summary=f"Activiteit {i}: samen vieren en herdenken",
                description=DESCRIPTION,
                url=f"https://kalender.example/a/{i}",
                categories=("Religie", "Cultuur"),
                status="CANCELLED" if i % 50 == 0 else "CONFIRMED",
                sequence=i % 4,
                last_modified=EDITED_AT,
                created=EDITED_AT,
                location="Stadhuis, Amstel 1" if i % 2 else None,
                transparent=not i % 2,
                **when,  # type: ignore[arg-type]
            )
        )
    return events


def best_build_seconds(events: list[FeedEvent], runs: int = RUNS) -> tuple[float, int]:
    """Best wall time of `runs` cold builds, and the size of the output in bytes."""
    meta = FeedMeta(name="Diversiteitskalender", description="Benchmark")
    best, size = float("inf"), 0
    for _ in range(runs):
        vtimezone_lines.cache_clear()
        started = time.perf_counter()
        data = render_feed(meta, events, stamp=EDITED_AT)
        best = min(best, time.perf_counter() - started)
        size = len(data)
    return best, size


def main() -> None:
    events = sample_events(EVENTS)
    samples = [best_build_seconds(events) for _ in range(rounds.ROUNDS)]
    seconds = [best for best, _size in samples]
    print(
        f"ical: render {EVENTS} events, best of {RUNS} per round, {rounds.ROUNDS} rounds: "
        f"min / median / max {rounds.spread(seconds)} s (goal < {GOAL_SECONDS} s) "
        f"{rounds.verdict(statistics.median(seconds), GOAL_SECONDS, at_least=False)}, "
        f"{samples[0][1] / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
