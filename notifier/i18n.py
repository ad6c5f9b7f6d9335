"""Wording and dates in the recipient's language: gettext catalogue plus babel dates.

Why gettext rather than a strings dict or per-language templates: the templates keep one
layout per kind and mark text with `_()` / `ngettext()` (Jinja2's i18n extension,
"newstyle", which also autoescapes the values put into HTML). The Dutch text lives in
`calendar_app/translations/nl/LC_MESSAGES/notifier.po` (plus one `notifier-FEATURE.po`
per capability beside it, merged by `merged_catalog`, which the web uses too) beside the
web's catalogue, so translators use the same file type and tools (Poedit, `pybabel
extract -F`), and Dutch plurals follow the catalogue's Plural-Forms instead of hand-written if/else.

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


FOLDER = resources.files("calendar_app").joinpath("translations")


class ConflictingTranslation(ValueError):
    """Two catalogue files translate the same msgid differently."""


def merged_catalog(lang: str, domain: str,
                   folder: resources.abc.Traversable = FOLDER) -> Catalog | None:
    """`DOMAIN.po` merged with every `DOMAIN-*.po` beside it, for the web and the mail.

    Each capability keeps its wording in a file of its own, so two files may carry the
    same msgid. Babel's `Catalog` keeps the first translation it was given, so which
    file won depended on file names and a correction in a later file was silently lost:
    now the same translation twice is fine and a different one raises, at start-up and
    in the tests, naming both files. None where `lang` has no catalogue (English).
    """
    messages = folder.joinpath(lang, "LC_MESSAGES")
    main = messages.joinpath(f"{domain}.po")
    if not main.is_file():
        return None
    catalog = _read(main, lang, domain)
    origin = {message.id: main.name for message in catalog if message.id}
    parts = sorted((entry for entry in messages.iterdir()
                    if entry.name.startswith(f"{domain}-") and entry.name.endswith(".po")),
                   key=lambda entry: entry.name)
    for part in parts:
        for message in _read(part, lang, domain):
            if not message.id:
                continue
            known = catalog.get(message.id, message.context)
            if known is None:
                catalog[message.id] = message
                origin[message.id] = part.name
            elif known.string != message.string:
                raise ConflictingTranslation(
                    f"{message.id!r} is {known.string!r} in {origin[known.id]} but "
                    f"{message.string!r} in {part.name}; keep one of them")
    return catalog


def _read(po: resources.abc.Traversable, lang: str, domain: str) -> Catalog:
    with po.open("rb") as po_file:
        return read_po(po_file, locale=lang, domain=domain)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for `lang`; English (the msgid language) needs none."""
    if lang == "en":
        return gettext.NullTranslations()
    catalog = merged_catalog(lang, DOMAIN)
    if catalog is None:
        return gettext.NullTranslations()
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
