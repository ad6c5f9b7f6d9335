"""Settings: every environment variable the product reads, in one place.

The environment is read once per process (`Settings.from_env()`) by the CLI, the web
factory and the scheduler, and the object is passed down. Nothing reads `os.environ`
at import time. A bad value raises `ConfigError` naming the variable and the value,
so an operator sees one clear line instead of a traceback.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError


class ConfigError(ValueError):
    """A setting has a value the product cannot use."""


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be a positive whole number")
    return number


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be a whole number from 0")
    return number


def _port(value: str) -> int:
    number = int(value)
    if not 0 < number < 65536:
        raise ValueError("must be a port number from 1 to 65535")
    return number


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


def _choice(*allowed: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    return convert


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("is not a known IANA time zone (e.g. Europe/Amsterdam)") from exc
    return value


def _base_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value.rstrip("/")


def _weekly_time(value: str) -> str:
    """`DAY HH:MM`, e.g. `monday 08:00`: when the weekly digest goes out."""
    parts = value.split()
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if len(parts) != 2 or parts[0].lower() not in days:
        raise ValueError("must look like 'monday 08:00'")
    _clock_time(parts[1])
    return f"{parts[0].lower()} {parts[1]}"


def _clock_time(value: str) -> str:
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ValueError("must be a time of day like 09:00")
    return f"{int(hours):02d}:{int(minutes):02d}"


def _text(value: str) -> str:
    return value


def _setting(env: str, default: Any, convert: Callable[[str], Any], doc: str) -> Any:
    return field(default=default, metadata={"env": env, "convert": convert, "doc": doc})


@dataclass(frozen=True)
class Settings:
    """The product's configuration; build it with `Settings.from_env()`."""

    instance_path: Path = _setting(
        "INSTANCE_PATH", Path("instance"), Path,
        "Data folder: SQLite database, secret key, mail outbox.")
    database_url: str = _setting(
        "DATABASE_URL", "", _text,
        "SQLAlchemy URL. Default: SQLite file `calendar.sqlite3` in the instance folder "
        "(WAL mode, busy timeout). For the whole city: "
        "`postgresql+psycopg://user@host/dbname`.")
    secret_key: str = _setting(
        "SECRET_KEY", "", _text,
        "Signs sessions and tokens. Default: generated once and kept in "
        "`INSTANCE_PATH/secret_key`.")
    base_url: str = _setting(
        "BASE_URL", "http://127.0.0.1:8000", _base_url,
        "Public address of the site, used in feeds, emails and QR codes. "
        "Default: `http://127.0.0.1:$PORT`, so the embedded default is right on any port.")
    timezone: str = _setting(
        "TIMEZONE", "Europe/Amsterdam", _timezone, "Local time zone of the calendar.")
    port: int = _setting("PORT", 8000, _port, "Port of the web server.")
    host: str = _setting("HOST", "127.0.0.1", _text, "Address the web server listens on.")
    web_workers: int = _setting(
        "WEB_WORKERS", 2, _positive_int, "Number of gunicorn workers for `serve`.")
    mail_backend: str = _setting(
        "MAIL_BACKEND", "file", _choice("file", "smtp"),
        "`file` writes .eml files to `INSTANCE_PATH/outbox`; `smtp` sends them.")
    mail_host: str = _setting("MAIL_HOST", "localhost", _text, "SMTP server.")
    mail_port: int = _setting("MAIL_PORT", 25, _port, "SMTP port.")
    mail_security: str = _setting(
        "MAIL_SECURITY", "none", _choice("none", "starttls", "ssl"),
        "`none`, `starttls` or `ssl`.")
    mail_username: str = _setting("MAIL_USERNAME", "", _text, "SMTP user name (optional).")
    mail_password: str = _setting("MAIL_PASSWORD", "", _text, "SMTP password (optional).")
    mail_from: str = _setting(
        "MAIL_FROM", "Diversiteitskalender <noreply@localhost>", _text,
        "Sender address of reminders.")
    mail_timeout: int = _setting(
        "MAIL_TIMEOUT", 30, _positive_int, "Seconds before an SMTP operation gives up.")
    mail_max_attempts: int = _setting(
        "MAIL_MAX_ATTEMPTS", 8, _positive_int,
        "Attempts for a message before a temporary failure becomes permanent.")
    reminder_grace_days: int = _setting(
        "REMINDER_GRACE_DAYS", 2, _positive_int,
        "Reminders that fell due while the scheduler was down are still sent within this "
        "many days; older ones are marked skipped.")
    registration_retention_days: int = _setting(
        "REGISTRATION_RETENTION_DAYS", 90, _positive_int,
        "Days after an activity that registrants' names, addresses and answers are kept; "
        "then the scheduler deletes them and keeps only the counts.")
    digest_at: str = _setting(
        "DIGEST_AT", "monday 08:00", _weekly_time, "When the weekly digest goes out.")
    feed_past_months: int = _setting(
        "FEED_PAST_MONTHS", 12, _positive_int, "How far back the feeds reach.")
    feed_future_months: int = _setting(
        "FEED_FUTURE_MONTHS", 24, _positive_int, "How far ahead the feeds reach.")
    feed_max_events: int = _setting(
        "FEED_MAX_EVENTS", 5000, _positive_int, "Cap on events in one feed.")
    feed_gzip: bool = _setting(
        "FEED_GZIP", True, _boolean, "Compress feeds for clients that accept gzip.")
    ratelimit_storage_url: str = _setting(
        "RATELIMIT_STORAGE_URL", "", _text,
        "Shared store for rate limits across gunicorn workers, e.g. "
        "`redis://127.0.0.1:6379`. Default: kept in the database, shared by all workers.")
    trusted_proxies: int = _setting(
        "TRUSTED_PROXIES", 0, _count,
        "Number of proxies in front of the app (e.g. 1 behind the TLS proxy) whose "
        "`X-Forwarded-For` and `X-Forwarded-Proto` headers are believed. 0 believes none.")
    oidc_issuer: str = _setting(
        "OIDC_ISSUER", "", _text,
        "OpenID Connect issuer for signing in with the city account (its "
        "`/.well-known/openid-configuration` is read), e.g. "
        "`https://login.microsoftonline.com/TENANT-ID/v2.0`. Empty: no city sign-in.")
    oidc_client_id: str = _setting(
        "OIDC_CLIENT_ID", "", _text, "Client (application) id registered at the provider.")
    oidc_client_secret: str = _setting(
        "OIDC_CLIENT_SECRET", "", _text, "Client secret registered at the provider.")
    oidc_auto_create: bool = _setting(
        "OIDC_AUTO_CREATE", False, _boolean,
        "Create an account at the first city sign-in of an address that has none. "
        "Default: only existing (or invited) addresses may sign in.")
    oidc_admin_group: str = _setting(
        "OIDC_ADMIN_GROUP", "", _text,
        "A value of the ID token's `groups` claim (in Entra ID the group's object id) "
        "whose members become administrators when they sign in.")
    local_login: bool = _setting(
        "LOCAL_LOGIN", True, _boolean,
        "Sign in with a password of this site. `false` removes password sign-in and "
        "reset (with OIDC_ISSUER set, the city account is the only way in).")
    events_file: Path = _setting(
        "EVENTS_FILE", Path("events.yaml"), Path, "The catalogue loaded by `load-events`.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read every setting from `environ` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            name = spec.metadata["env"]
            raw = environ.get(name)
            if raw is None or raw == "":
                continue
            try:
                values[spec.name] = spec.metadata["convert"](raw)
            except ValueError as exc:
                raise ConfigError(f"{name}={raw!r} {exc}") from None
        values.update(overrides)
        # Absolute from here on: Flask and Flask-Babel resolve a relative folder against
        # the package, not the working directory, and would miss the compiled Dutch.
        values["instance_path"] = Path(values.get("instance_path", Path("instance"))).resolve()
        if "base_url" not in values and "port" in values:
            # The embedded default serves on 127.0.0.1:$PORT; its addresses follow PORT.
            values["base_url"] = f"http://127.0.0.1:{values['port']}"
        return cls(**values)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to SQLite inside the instance folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.instance_path / 'calendar.sqlite3').resolve()}"

    @property
    def outbox_path(self) -> Path:
        return self.instance_path / "outbox"

    def ensure_instance(self) -> Settings:
        """Create the instance folder and settle the secret key; return the final settings.

        The generated key is kept in the instance folder so sessions and unsubscribe
        links survive restarts without anyone having to invent a key.
        """
        self.instance_path.mkdir(parents=True, exist_ok=True)
        if self.secret_key:
            return self
        key_file = self.instance_path / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return dataclasses.replace(self, secret_key=key_file.read_text().strip())


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting: the README's configuration table."""
    rows = []
    for spec in dataclasses.fields(Settings):
        default = spec.default
        shown = "" if default in ("", None) else str(default)
        rows.append((spec.metadata["env"], shown, spec.metadata["doc"]))
    return rows
