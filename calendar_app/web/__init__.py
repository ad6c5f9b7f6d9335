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
    _trust_proxies(app, settings.trusted_proxies)

    from flask_wtf.csrf import CSRFProtect

    from calendar_app.web import activities
    from calendar_app.web import activity_series
    from calendar_app.web import admin
    from calendar_app.web import admin_audit
    from calendar_app.web import admin_dates
    from calendar_app.web import admin_outbox
    from calendar_app.web import admin_users
    from calendar_app.web import auth
    from calendar_app.web import calendar_pages
    from calendar_app.web import checkin
    from calendar_app.web import feeds
    from calendar_app.web import health
    from calendar_app.web import i18n
    from calendar_app.web import input_guard
    from calendar_app.web import look
    from calendar_app.web import memory
    from calendar_app.web import oidc
    from calendar_app.web import pages
    from calendar_app.web import planning
    from calendar_app.web import proposals
    from calendar_app.web import ratelimit
    from calendar_app.web import registrations
    from calendar_app.web import security
    from calendar_app.web import session
    from calendar_app.web import setup
    from calendar_app.web import subscribe
    from calendar_app.web import unsubscribe
    from calendar_app.web import workgroups

    memory.return_large_buffers()  # feed bodies are unmapped when freed
    session.init_app(app, settings)
    security.init_app(app, settings)
    input_guard.init_app(app)
    i18n.init_app(app, settings)
    look.init_app(app)
    app.register_blueprint(health.bp)
    feeds.init_app(app, settings)
    app.register_blueprint(subscribe.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(unsubscribe.bp)
    app.register_blueprint(calendar_pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(setup.bp)
    oidc.init_app(app, settings)
    app.register_blueprint(workgroups.bp)
    app.register_blueprint(activities.bp)
    app.register_blueprint(proposals.bp)
    app.register_blueprint(registrations.bp)
    app.register_blueprint(checkin.bp)
    app.register_blueprint(activity_series.bp)
    app.register_blueprint(planning.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_users.bp)
    app.register_blueprint(admin_audit.bp)
    app.register_blueprint(admin_dates.bp)
    app.register_blueprint(admin_outbox.bp)
    csrf = CSRFProtect(app)
    csrf.exempt(unsubscribe.bp)  # RFC 8058 one-click POSTs come from mail clients, not forms
    limiter = ratelimit.init_app(app, settings)
    limiter.exempt(feeds.bp)  # polled by every subscriber's calendar: served from memory
    limiter.exempt(health.bp)
    ratelimit.limit_view(app, "auth.login_post")
    ratelimit.limit_view(app, "auth.forgot_post")
    app.config.setdefault("SIGN_UP_RATE_LIMIT", registrations.SIGN_UP_LIMIT)
    ratelimit.limit_view(app, "registrations.sign_up_post", "SIGN_UP_RATE_LIMIT")
    ratelimit.limit_view(app, "subscribe.feed_check", "FEED_CHECK_RATE_LIMIT", ("GET",))
    return app


def _trust_proxies(app: Flask, count: int) -> None:
    """Believe the client address and scheme that `count` proxies in front report.

    Behind the TLS proxy every request comes from the proxy's address, so the login
    limit would be one bucket for everybody and `request.is_secure` false. Only the
    configured number of hops is believed: a client cannot forge its way past them.
    """
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]
