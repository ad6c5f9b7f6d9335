"""Language of the web pages: Dutch by default, English by a switch on every page.

The choice comes from `?lang=` (so a link in either language can be shared) and a
page remembers it in a cookie; a download's `?lang=` picks only that file's language.
Source strings are English; the Dutch lives in
`calendar_app/translations/nl/LC_MESSAGES/messages.po` plus one `messages-FEATURE.po` per
capability beside it (so each capability keeps its wording in a room of its own),
merged and compiled at start-up into the instance folder (written atomically, so several
gunicorn workers starting at once cannot read a half-written file). No compiled .mo is
ever committed, so the .po files are the single source and cannot drift from a stale
binary.
"""

from __future__ import annotations

import functools
import os
import tempfile
from datetime import date
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from babel import dates as babel_dates
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask
from flask import Response
from flask import g
from flask import request
from flask_babel import Babel
from flask_babel import format_date
from flask_babel import get_locale

from calendar_app.config import Settings
from notifier.i18n import merged_catalog

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
#: Babel locale per language; British English writes "4 May 2026", day before month.
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
DOMAIN = "messages"


def init_app(app: Flask, settings: Settings) -> None:
    directory = compile_catalogues(settings.instance_path / "translations")
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=str(directory),
        BABEL_DEFAULT_LOCALE=LOCALES[DEFAULT],
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
    )
    Babel(app, locale_selector=lambda: LOCALES[current_language()])
    app.after_request(_remember_choice)
    app.context_processor(_template_helpers)
    app.jinja_env.filters.update(day=long_day, span=day_span, clock=clock_time)


def load_catalog(language: str) -> Catalog | None:
    """The web's wording for `language`: `messages.po` merged with `messages-*.po`."""
    return merged_catalog(language, DOMAIN)


def compile_catalogues(target: Path) -> Path:
    """Compile each language's merged catalogue to a .mo under `target`."""
    for language in LANGUAGES:
        catalog = load_catalog(language)
        if catalog is None:
            continue
        folder = target / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(temporary, folder / f"{DOMAIN}.mo")
    return target


def current_language() -> str:
    """"nl" or "en" for this request: `?lang=`, then the cookie, then Dutch."""
    if "language" not in g:
        asked = request.args.get("lang") or request.cookies.get(COOKIE)
        g.language = asked if asked in LANGUAGES else DEFAULT
    return g.language  # type: ignore[no-any-return]


def switch_url(language: str) -> str:
    """This page's path and query in `language`."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    args.append(("lang", language))
    return f"{request.path}?{urlencode(args)}"


def _remember_choice(response: Response) -> Response:
    """Remember `?lang=` from a page, never from a download.

    An export or feed takes `?lang=en` for that file alone (the README's way to an
    English CSV); remembering it would switch the whole UI and later downloads too.
    """
    asked = request.args.get("lang")
    if response.mimetype != "text/html":
        return response
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def _template_helpers() -> dict[str, object]:
    language = current_language()
    other = "en" if language == "nl" else "nl"
    return {
        "lang": language,
        "other_lang": other,
        "switch_url": switch_url,
        "t": lambda text: text.get(language) if text is not None else "",
    }


def long_day(value: date, style: str = "d MMMM yyyy") -> str:
    """"4 mei 2026" / "4 May 2026".

    A page lists many items on the same days, and babel's formatting costs tens of
    microseconds a call: each distinct (day, style, language) is formatted once.
    """
    if isinstance(value, datetime):
        return format_date(value, style)
    return _formatted_day(value, style, str(get_locale()))


@functools.lru_cache(maxsize=8192)
def _formatted_day(value: date, style: str, locale: str) -> str:
    return babel_dates.format_date(value, style, locale=locale)


def day_span(start: date, end: date) -> str:
    """One day, or "18 februari – 19 maart 2026" for a stretch."""
    if start == end:
        return long_day(start)
    if start.year == end.year:
        return f"{long_day(start, 'd MMMM')} – {long_day(end)}"
    return f"{long_day(start)} – {long_day(end)}"


def clock_time(value: datetime) -> str:
    """"14:30" in both languages (the city writes 24-hour times in English too).

    Babel's HH:mm is the wall time with two digits each in Dutch and English alike.
    """
    return f"{value.hour:02d}:{value.minute:02d}"
