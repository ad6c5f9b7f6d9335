"""`/setup/<token>`: the first administrator, created in the browser on a fresh instance.

The GET only shows the form (mail and chat previews open links too); the POST creates
the administrator, logs them in and retires the token. Any address that is not the
current token, or any request once an administrator exists, gets the same 404 page.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import record_login
from calendar_app.services.errors import ServiceError
from calendar_app.services.setup import claim_setup_token
from calendar_app.services.setup import release_setup_token
from calendar_app.services.setup import retire_setup_token
from calendar_app.services.setup import setup_token_valid
from calendar_app.web.forms import SetupForm
from calendar_app.web.permissions import log_in
from calendar_app.web.session import db_session

bp = Blueprint("setup", __name__)


def _instance() -> Path:
    return current_app.extensions["calendar_settings"].instance_path  # type: ignore[no-any-return]


def _gone() -> ResponseReturnValue:
    return render_template("auth/setup_invalid.html"), 404


@bp.get("/setup/<token>")
def setup(token: str) -> ResponseReturnValue:
    if not setup_token_valid(db_session(), _instance(), token):
        return _gone()
    return render_template("auth/setup.html", form=SetupForm())


@bp.post("/setup/<token>")
def setup_post(token: str) -> ResponseReturnValue:
    session = db_session()
    if not setup_token_valid(session, _instance(), token):
        return _gone()
    form = SetupForm()
    if not form.validate_on_submit():
        return render_template("auth/setup.html", form=form), 400
    claimed = claim_setup_token(_instance())
    if claimed is None:
        return _gone()
    now = datetime.now(UTC)
    try:
        user = create_user(session, email=form.email.data or "", name=form.name.data or "",
                           now=now, is_admin=True, password=form.password.data or "")
    except ServiceError as exc:
        session.rollback()
        release_setup_token(claimed)
        field = getattr(form, exc.field or "", None) or form.email
        field.errors = [*field.errors, str(exc)]
        return render_template("auth/setup.html", form=form), 400
    record_login(session, user, now=now)
    session.commit()
    retire_setup_token(claimed)
    log_in(user)
    flash(_("The administrator is created; you are logged in."))
    return redirect(url_for("pages.home"))
