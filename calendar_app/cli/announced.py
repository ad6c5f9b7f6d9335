"""`export announced`: the organisers' dates as the calendar holds them, as YAML in the
catalogue's format, so dates entered in the browser can go back into events.yaml."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from calendar_app.cli.base import _now
from calendar_app.cli.base import _run_service
from calendar_app.cli.base import fail
from calendar_app.cli.base import pass_settings
from calendar_app.cli.exports import export
from calendar_app.config import Settings


@export.command("announced")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The YAML file to write.")
@pass_settings
def export_announced(settings: Settings, out: Path) -> None:
    """Every observance with organisers' dates: its `rule:` with all known dates.

    The dates are events.yaml's merged with those entered in the browser (a browser
    entry wins for its year). Replace each observance's `rule:` in events.yaml with
    the one written here; `check-events` then validates it.
    """
    text = _run_service(settings, lambda session: render(session, _now()), write=False)
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"Wrote {out} ({len(text.encode())} bytes).", err=True)


def render(session: Any, now: datetime) -> str:
    """The YAML text: a header, then `observances:` with each one's announced rule."""
    from calendar_app.services.browser_dates import announced_observances
    from calendar_app.services.browser_dates import entries_of

    lines = [
        "# Organisers' dates as the Diversiteitskalender holds them: events.yaml merged",
        "# with the dates entered in the browser (a browser entry wins for its year).",
        f"# Written by `diversity-calendar export announced` at {now:%Y-%m-%d %H:%M} UTC.",
        "# Replace each observance's rule in events.yaml with the rule below.",
        "observances:",
    ]
    for row in announced_observances(session):
        checked = {entry.year: entry for entry in entries_of(session, row.key)}
        lines += [f"  {row.key}:", "    rule:", "      kind: announced", "      dates:"]
        for item in row.record["rule"]["dates"]:
            entry = checked.get(int(str(item["start"])[:4]))
            if entry is not None:
                lines.append(f"        # entered in the browser, source checked on "
                             f"{entry.checked_date.isoformat()}")
            lines += [f"        - start: {item['start']}", f"          end: {item['end']}",
                      f"          source: {json.dumps(str(item['source']))}"]
        withdrawn = sorted(year for year, entry in checked.items() if entry.start_date is None)
        if withdrawn:
            lines.append("        # withdrawn in the browser: "
                         + ", ".join(str(year) for year in withdrawn))
    return "\n".join(lines) + "\n"
