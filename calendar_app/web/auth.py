"""Log in and out, forgotten passwords, accepting an invitation.

Links in e-mails go through the outbox (the scheduler delivers them). A failed login
and the "forgot password" form say the same thing whether or not the address has an
account, so neither tells a stranger who works here.
"""

from __future__ import annotations

import functools
from datetime import UTC
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from calendar_app.models import User
from calendar_app.services.accounts import check_password
from calendar_app.services.accounts import hash_password
from calendar_app.services.accounts import record_login
from calendar_app.services.accounts import user_by_email
from calendar_app.services.invitations import INVITATION
from calendar_app.services.invitations import RESET
from calendar_app.services.invitations import Links
from calendar_app.services.invitations import choose_password
from calendar_app.services.invitations import request_password_reset
from calendar_app.services.invitations import user_for_token
from calendar_app.web import oidc
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import ForgotForm
from calendar_app.web.forms import LoginForm
from calendar_app.web.forms import PasswordForm
from calendar_app.web.permissions import log_in
from calendar_app.web.permissions import log_out
from calendar_app.web.permissions import safe_next
from calendar_app.web.ratelimit import account_locked_until
from calendar_app.web.ratelimit import clear_failed_logins
from calendar_app.web.ratelimit import count_failed_login
from calendar_app.web.session import db_session

bp = Blueprint("auth", __name__)
#: What LOCAL_LOGIN=false removes (an invitation is then accepted by the city sign-in).
PASSWORD_ENDPOINTS = frozenset({"auth.login_post", "auth.forgot", "auth.forgot_post",
                                "auth.reset", "auth.reset_post"})


def links() -> Links:
    settings = current_app.extensions["calendar_settings"]
    return Links(secret_key=current_app.config["SECRET_KEY"], base_url=settings.base_url)


@functools.cache
def _dummy_hash() -> str:
    """A real Argon2 hash to check against when the address is unknown (same timing)."""
    return hash_password("not-a-password-anyone-has")


def _local_login() -> bool:
    """LOCAL_LOGIN=false: no password sign-in or reset, only the city account."""
    return bool(current_app.extensions["calendar_settings"].local_login)


@bp.before_app_request  # before the CSRF check, which would answer 400 first
def _password_routes_exist() -> None:
    if not _local_login() and request.endpoint in PASSWORD_ENDPOINTS:
        abort(404)


@bp.get("/login")
def login() -> str:
    return render_template("auth/login.html", form=LoginForm(), next=request.args.get("next"))


@bp.context_processor
def _ways_in() -> dict[str, bool]:
    return {"local_login": _local_login(), "city_login": oidc.enabled()}


@bp.post("/login")
def login_post() -> ResponseReturnValue:
    form = LoginForm()
    target = request.args.get("next")
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, next=target), 400
    email = form.email.data or ""
    locked = account_locked_until(email)
    if locked is not None:
        return _locked(form, target, locked)
    session = db_session()
    user = user_by_email(session, email)
    candidate = user if user is not None else User(password_hash=_dummy_hash())
    if not check_password(candidate, form.password.data or "") or candidate is not user:
        session.rollback()  # SQLite: the counter's own transaction needs the write lock
        count_failed_login(email)
        form.password.errors = [_("The e-mail address or the password is not right.")]
        return render_template("auth/login.html", form=form, next=target, failed=True), 401
    if not user.is_active:
        # Only someone who knows the password learns that the account is closed.
        session.rollback()
        form.password.errors = [_("This account is deactivated. Ask an administrator of "
                                  "the Diversiteitskalender if you need it again.")]
        return render_template("auth/login.html", form=form, next=target, failed=True), 403
    record_login(session, user, now=datetime.now(UTC))
    session.commit()  # also keeps a hash check_password upgraded
    log_in(user)
    return redirect(safe_next(target))


def _locked(form: LoginForm, target: str | None, until: datetime) -> ResponseReturnValue:
    """Too many failed logins for this address: the same page for every address."""
    settings = current_app.extensions["calendar_settings"]
    at = until.astimezone(settings.zone).strftime("%H:%M")
    message = _("Too many failed attempts for this e-mail address. Try again after %(time)s.",
                time=at)
    return render_template("auth/login.html", form=form, next=target, locked=message), 429


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """End the local session, and the provider's when it offers end_session_endpoint."""
    if ActionForm().validate_on_submit():
        provider = oidc.end_session_url()
        log_out()
        if provider is not None:
            return redirect(provider)
        flash(_("You are logged out."))
    return redirect(url_for("pages.home"))


@bp.get("/forgot")
def forgot() -> str:
    return render_template("auth/forgot.html", form=ForgotForm())


@bp.post("/forgot")
def forgot_post() -> ResponseReturnValue:
    form = ForgotForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), 400
    session = db_session()
    request_password_reset(session, email=form.email.data or "", links=links(),
                           now=datetime.now(UTC))
    session.commit()
    return render_template("auth/forgot_sent.html")


@bp.get("/reset/<token>")
def reset(token: str) -> ResponseReturnValue:
    return _password_page(token, RESET, PasswordForm())


@bp.post("/reset/<token>")
def reset_post(token: str) -> ResponseReturnValue:
    return _save_password(token, RESET)


@bp.get("/invitation/<token>")
def invitation(token: str) -> ResponseReturnValue:
    return _password_page(token, INVITATION, PasswordForm())


@bp.post("/invitation/<token>")
def invitation_post(token: str) -> ResponseReturnValue:
    return _save_password(token, INVITATION)


def _password_page(token: str, purpose: str, form: PasswordForm,
                   status: int = 200) -> ResponseReturnValue:
    user = user_for_token(db_session(), links(), purpose, token)
    if user is None:
        return render_template("auth/link_invalid.html", purpose=purpose), 404
    return render_template("auth/password.html", form=form, purpose=purpose, user=user), status


def _save_password(token: str, purpose: str) -> ResponseReturnValue:
    session = db_session()
    user = user_for_token(session, links(), purpose, token)
    form = PasswordForm()
    if user is None:
        return render_template("auth/link_invalid.html", purpose=purpose), 404
    if not form.validate_on_submit():
        return render_template("auth/password.html", form=form, purpose=purpose,
                               user=user), 400
    choose_password(user, form.password.data or "")
    record_login(session, user, now=datetime.now(UTC))
    session.commit()
    clear_failed_logins(user.email)  # the link proved the mailbox: a stranger's lock ends
    log_in(user)
    flash(_("Your password is saved; you are logged in."))
    return redirect(url_for("pages.home"))
