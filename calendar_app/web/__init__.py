"""The web application: the only package that knows Flask.

`create_app` is a list of calls, one per concern. It starts no threads and no
scheduler: reminders run in their own process (`diversity-calendar scheduler`).
"""

from __future__ import annotations

from flask import Flask

from calendar_app.config import Settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = (settings or Settings.from_env()).ensure_instance()
    app = Flask(__name__, instance_path=str(settings.instance_path.resolve()))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.base_url.startswith("https://"),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    app.extensions["calendar_settings"] = settings

    from calendar_app.web import health
    from calendar_app.web import pages
    from calendar_app.web import session

    session.init_app(app, settings)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    return app
