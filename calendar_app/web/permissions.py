"""Who is logged in, and guards for views.

The session cookie holds the user's id and a fingerprint of their password hash:
changing the password (a reset, say) logs out every other browser. Identity (who you
are: password today, OpenID Connect later) stays apart from roles (memberships), so
another login method only has to put a user id in the session.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from typing import TypeVar
from urllib.parse import urlsplit

from flask import abort
from flask import g
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask.typing import ResponseReturnValue

from calendar_app.models import User
from calendar_app.services.invitations import fingerprint
from calendar_app.web.session import db_session

View = TypeVar("View", bound=Callable[..., Any])


def log_in(user: User) -> None:
    """Start a fresh session for `user` (never reuse what was there before)."""
    session.clear()
    session["user_id"] = user.id
    session["fp"] = fingerprint(user)
    session.permanent = False


def log_out() -> None:
    session.clear()


def current_user() -> User | None:
    """The logged-in, active user; loaded once per request, only when asked for."""
    if "current_user" not in g:
        g.current_user = _load_user()
    return g.current_user  # type: ignore[no-any-return]


def _load_user() -> User | None:
    user_id = session.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = db_session().get(User, user_id)
    if user is None or not user.is_active or session.get("fp") != fingerprint(user):
        return None
    return user


def login_required(view: View) -> View:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def admin_required(view: View) -> View:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def administrators_only() -> ResponseReturnValue | None:
    """A `before_request` guard for every /admin/ blueprint.

    Anonymous visitors go to the login page (as `admin_required` sends them), any
    other user gets 403: the pages of the site's administration are for administrators.
    """
    user = current_user()
    if user is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not user.is_admin:
        abort(403)
    return None


def safe_next(target: str | None) -> str:
    """Only a local path may follow the login (no open redirect to another site).

    Browsers drop tabs and line breaks from a Location and read a backslash as a
    slash, so `/\t/evil.example` would become `//evil.example`: a target with any
    control character, whitespace or backslash is refused, and so is one that names a
    scheme or a host once parsed.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.home")
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7f or char == "\\"
           for char in target):
        return url_for("pages.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("pages.home")
    return target
