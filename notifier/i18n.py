"""Wording and dates in the recipient's language: gettext catalogue plus babel dates.

Why gettext rather than a strings dict or per-language templates: the templates keep one
layout per kind and mark text with `_()` / `ngettext()` (Jinja2's i18n extension,
"newstyle", which also autoescapes the values put into HTML). The Dutch text lives in
`calendar_app/translations/nl/LC_MESSAGES/notifier.po` (plus one `notifier-FEATURE.po`
per capability beside it, merged in name order) beside the web's catalogue, so
translators use the same file type and tools (Poedit, `pybabel extract -F`), and Dutch
plurals follow the catalogue's Plural-Forms instead of hand-written if/else.

The .po is compiled in memory on first use (babel `read_po` + `write_mo`), so there is
no build step and no generated .mo to keep in sync. English is the source language of
the msgids and needs no catalogue.
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import date
from datetime import datetime
from importlib import resources
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.dates import format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

#: Babel locale per message language: British English writes "Monday, 1 July 2030",
#: the day-month order Dutch readers expect.
LOCALES = {"nl": "nl_NL", "en": "en_GB"}

DOMAIN = "notifier"


def catalogue_path(lang: str) -> resources.abc.Traversable:
    """Where the .po for `lang` lives (found by package name, not imported)."""
    return resources.files("calendar_app").joinpath(
        "translations", lang, "LC_MESSAGES", f"{DOMAIN}.po")


def load_catalog(lang: str) -> Catalog:
    """`notifier.po` merged with every `notifier-*.po` beside it; a later file wins."""
    main = catalogue_path(lang)
    with main.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang, domain=DOMAIN)
    folder = resources.files("calendar_app").joinpath("translations", lang, "LC_MESSAGES")
    parts = sorted((entry for entry in folder.iterdir()
                    if entry.name.startswith(f"{DOMAIN}-") and entry.name.endswith(".po")),
                   key=lambda entry: entry.name)
    for part in parts:
        with part.open("rb") as po_file:
            for message in read_po(po_file, locale=lang, domain=DOMAIN):
                if message.id:
                    catalog[message.id] = message
    return catalog


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for `lang`; English (the msgid language) needs none."""
    if lang == "en":
        return gettext.NullTranslations()
    catalog = load_catalog(lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def as_date(value: date | str) -> date:
    """Accept a date, a datetime or an ISO string, as `Message.context` allows."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def long_date(value: date | str, lang: str) -> str:
    """"maandag 1 juli 2030" / "Monday, 1 July 2030"."""
    return format_date(as_date(value), format="full", locale=LOCALES[lang])


def local_datetime(value: datetime | str, timezone: str, lang: str) -> str:
    """An instant on the local clock: "maandag 1 juli 2030 14:00" / "Monday, 1 July 2030 14:00"."""
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{long_date(local.date(), lang)} {format_time(local, 'HH:mm', locale=LOCALES[lang])}"


def local_span(start: datetime | str, end: datetime | str | None, timezone: str,
               lang: str) -> str:
    """A timed activity's when, its day said once when it ends the same day:
    "dinsdag 30 juni 2026, 12:00–13:30"; across days both ends in full."""
    if not end:
        return local_datetime(start, timezone, lang)
    zone = ZoneInfo(timezone)
    first, last = (
        (value if isinstance(value, datetime) else datetime.fromisoformat(value)).astimezone(zone)
        for value in (start, end))
    if first.date() != last.date():
        return f"{local_datetime(first, timezone, lang)} – {local_datetime(last, timezone, lang)}"
    clock = functools.partial(format_time, format="HH:mm", locale=LOCALES[lang])
    return f"{long_date(first.date(), lang)}, {clock(first)}–{clock(last)}"
