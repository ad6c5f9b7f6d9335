"""The Amsterdam Design System as the look of every page, and the Dutch way of writing.

The design system's CSS, tokens, logo and icons are committed under `static/ads/`
(refreshed by `make ads` at the versions pinned in `tools/ads/package.json`). The
Amsterdam Sans font is proprietary and never committed: `make fonts` copies it into
`static/ads/font/` where npm is present, and the pages link its stylesheet only when
it is there; otherwise the design system's own stack (Arial, sans-serif) applies.

Two filters keep raw values out of the Dutch pages: `theme_name` (the theme's name in
the page's language, never its key) and `average` ("4,0" / "4.0").
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from babel.numbers import format_decimal
from flask import Flask
from flask import g

from calendar_app.services.catalogue_sync import active_themes
from calendar_app.web.i18n import LOCALES
from calendar_app.web.i18n import current_language
from calendar_app.web.session import db_session

FONT_STYLESHEET = Path(__file__).parent / "static" / "ads" / "font" / "index.css"


def init_app(app: Flask) -> None:
    app.jinja_env.globals["ads_font"] = FONT_STYLESHEET.is_file()
    app.jinja_env.filters.update(theme_name=theme_name, average=average)


def theme_names() -> dict[str, str]:
    """Theme key -> name in the page's language ("LHBTIQ+"), read once per request."""
    names: dict[str, str] | None = g.get("_theme_names")
    if names is None:
        lang = current_language()
        names = {theme: label.get(lang) for theme, label in active_themes(db_session()).items()}
        g._theme_names = names
    return names


def theme_name(key: str) -> str:
    """The theme's name in the page's language, never its key (unless it has no name)."""
    return theme_names().get(key, key)


def average(value: float | Decimal | None) -> str:
    """A mean rating or its spread with one decimal in the page's language: "4,0" /
    "4.0"; "–" for none. One precision for both, as in the report's CSV, Excel and PDF."""
    if value is None:
        return "–"
    return format_decimal(value, format="0.0", locale=LOCALES[current_language()])
