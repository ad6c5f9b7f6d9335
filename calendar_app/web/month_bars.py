"""Multi-day items of the month grid as bars across their days.

Each week row of the grid gets lanes: a lane is a row of segments that do not overlap,
each segment either a bar (an item over `span` consecutive days of that week, clipped
to the month) or a gap. Items are packed greedily, longest first within a week, into
the first lane with room, so a week with Chanoeka and Pinksteren needs one or two lanes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from calendar_app.services.calendar_view import CalendarItem


@dataclass(frozen=True)
class Segment:
    """`span` days of a lane: a bar of `item`, or a gap when `item` is None."""

    item: CalendarItem | None
    span: int
    #: The bar carries on from the week before / into the next week.
    continues_before: bool = False
    continues_after: bool = False


def week_lanes(week: list[date], items: list[CalendarItem], first: date,
               last: date) -> list[list[Segment]]:
    """The lanes of bars for one week (Monday first) of the month `first`..`last`."""
    start_of_week, end_of_week = max(week[0], first), min(week[-1], last)
    if start_of_week > end_of_week:
        return []
    placed: list[list[tuple[int, int, CalendarItem]]] = []
    overlapping = [item for item in items
                   if item.days > 1 and item.start <= end_of_week and item.end >= start_of_week]
    for item in sorted(overlapping, key=lambda item: (item.start, -item.days)):
        begin = (max(item.start, start_of_week) - week[0]).days
        end = (min(item.end, end_of_week) - week[0]).days
        for lane in placed:
            if all(end < other_begin or begin > other_end for other_begin, other_end, _ in lane):
                lane.append((begin, end, item))
                break
        else:
            placed.append([(begin, end, item)])
    return [_segments(sorted(lane, key=lambda bar: bar[0]), week) for lane in placed]


def _segments(lane: list[tuple[int, int, CalendarItem]], week: list[date]) -> list[Segment]:
    segments: list[Segment] = []
    column = 0
    for begin, end, item in lane:
        if begin > column:
            segments.append(Segment(None, begin - column))
        segments.append(Segment(item, end - begin + 1,
                                continues_before=item.start < week[0] + timedelta(days=begin),
                                continues_after=item.end > week[0] + timedelta(days=end)))
        column = end + 1
    if column < len(week):
        segments.append(Segment(None, len(week) - column))
    return segments
