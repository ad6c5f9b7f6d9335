"""The Amsterdam Design System as the look of every page.

The design system's CSS, tokens, logo and icons are committed under `static/ads/`
(refreshed by `make ads` at the versions pinned in `tools/ads/package.json`). The
Amsterdam Sans font is proprietary and never committed: `make fonts` copies it into
`static/ads/font/` where npm is present, and the pages link its stylesheet only when
it is there; otherwise the design system's own stack (Arial, sans-serif) applies.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

FONT_STYLESHEET = Path(__file__).parent / "static" / "ads" / "font" / "index.css"


def init_app(app: Flask) -> None:
    app.jinja_env.globals["ads_font"] = FONT_STYLESHEET.is_file()
