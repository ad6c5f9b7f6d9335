"""Occurrences as text for the `dates` command: an aligned table, JSON or CSV.

One function per format, all over the same row dicts, so the three never disagree on
fields: key, year, name_nl, name_en, start, end (inclusive; null when unknown), status,
evening_before, note.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from calendar_app.catalogue import ObservanceSpec
from calendar_app.rules import Occurrence

FIELDS = ("key", "year", "name_nl", "name_en", "start", "end", "status", "evening_before", "note")
FORMATS = ("table", "json", "csv")


def rows(
    occurrences: Iterable[Occurrence], specs: Mapping[str, ObservanceSpec]
) -> list[dict[str, Any]]:
    """One plain dict per occurrence, in FIELDS order (dates as ISO text or None)."""
    return [
        {
            "key": occurrence.key,
            "year": occurrence.year,
            "name_nl": specs[occurrence.key].name_in(occurrence.year).nl,
            "name_en": specs[occurrence.key].name_in(occurrence.year).en,
            "start": occurrence.start.isoformat() if occurrence.start else None,
            "end": occurrence.end.isoformat() if occurrence.end else None,
            "status": str(occurrence.status),
            "evening_before": occurrence.evening_before,
            "note": occurrence.note,
        }
        for occurrence in occurrences
    ]


def render(occurrences: Iterable[Occurrence], specs: Mapping[str, ObservanceSpec], fmt: str) -> str:
    """The occurrences rendered as `fmt` ("table", "json" or "csv")."""
    renderers = {"table": _table, "json": _json, "csv": _csv}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    return renderers[fmt](rows(occurrences, specs))


def _json(data: list[dict[str, Any]]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(data: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in data:
        writer.writerow({name: _csv_cell(value) for name, value in row.items()})
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _table(data: list[dict[str, Any]]) -> str:
    """Columns for people: start, end, status, name (nl), key, and the note or "evening before"."""
    header = ("start", "end", "status", "name", "key", "remarks")
    lines = [header] + [
        (
            row["start"] or "-",
            row["end"] or "-",
            row["status"],
            row["name_nl"],
            row["key"],
            row["note"] or ("begins the evening before" if row["evening_before"] else ""),
        )
        for row in data
    ]
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in lines
    )
