"""Sign in with the city account: OpenID Connect through Authlib's Flask client.

Authlib reads the provider's discovery document (OIDC_ISSUER), sends the browser there
with state, nonce and a PKCE (S256) challenge kept in the session, and on the way back
checks the state, exchanges the code with the verifier and verifies the ID token:
signature against the provider's keys, issuer, audience (our client id), expiry and the
nonce. Only then is the address looked up; identity stays apart from roles, so the
session holds a user id exactly as after a password login (`permissions.log_in`).
"""

from __future__ import annotations

import logging
from datetime import UTC
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import session as cookie
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from calendar_app.config import Settings
from calendar_app.models import User
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import record_login
from calendar_app.services.accounts import user_by_email
from calendar_app.web.permissions import log_in
from calendar_app.web.permissions import safe_next
from calendar_app.web.session import db_session

bp = Blueprint("oidc", __name__)
log = logging.getLogger(__name__)
NEXT_KEY, ID_TOKEN_KEY = "oidc_next", "oidc_id_token"


def init_app(app: Flask, settings: Settings) -> None:
    """Register the provider when OIDC_ISSUER is set; without it there is no city sign-in."""
    if not settings.oidc_issuer:
        return
    # Imported here: Authlib's Flask client brings requests (some 15 MB a worker), which a
    # site without city sign-in never uses.
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(app)
    issuer = settings.oidc_issuer.rstrip("/")
    client = oauth.register(
        "city", client_id=settings.oidc_client_id, client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256",
                       "timeout": 10})
    app.extensions["calendar_oidc"] = client
    app.register_blueprint(bp)


def enabled() -> bool:
    return "calendar_oidc" in current_app.extensions


def _client() -> Any:
    return current_app.extensions["calendar_oidc"]


def _settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


@bp.get("/login/city")
def start() -> ResponseReturnValue:
    """Off to the provider; state, nonce and the PKCE verifier wait in the session."""
    cookie[NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        return _client().authorize_redirect(_settings().base_url + url_for("oidc.callback"))
    except Exception:  # noqa: BLE001 - discovery failed: the provider is down or misconfigured
        log.warning("city sign-in: the provider's discovery document failed", exc_info=True)
        return _refused(_("The city sign-in cannot be reached just now. Please try again "
                          "later."), status=503)


@bp.get("/login/city/callback")
def callback() -> ResponseReturnValue:
    """Back from the provider: verify everything, then log the account in."""
    target = cookie.pop(NEXT_KEY, None)
    if "error" in request.args:
        return _refused(_("The sign-in was cancelled or refused by the city account."))
    try:
        token = _client().authorize_access_token()
    except Exception as error:  # noqa: BLE001 - any failure to verify is a refusal
        # Authlib raises OAuthError (state, invalid_grant), joserfc errors (signature)
        # and claim errors (issuer, audience, expiry, nonce): all end here.
        log.warning("city sign-in refused: %s: %s", type(error).__name__, error)
        return _refused(_("The sign-in could not be verified. Please start again."))
    claims = token.get("userinfo") or {}
    email = str(claims.get("email") or claims.get("preferred_username") or "")
    if not email or claims.get("email_verified") is False:
        return _refused(_("The city account did not give a verified e-mail address."))
    user = _account(email, claims)
    if user is None:
        return _refused(_("There is no account for %(email)s here. Ask a coordinator of "
                          "your workgroup for an invitation.", email=email), status=403)
    log_in(user)
    if token.get("id_token"):
        cookie[ID_TOKEN_KEY] = token["id_token"]
    return redirect(safe_next(target))


def _account(email: str, claims: dict[str, Any]) -> User | None:
    """The active account with this address (created when OIDC_AUTO_CREATE allows)."""
    settings, session, now = _settings(), db_session(), datetime.now(UTC)
    user = user_by_email(session, email)
    if user is None and settings.oidc_auto_create:
        user = create_user(session, email=email, name=str(claims.get("name") or email),
                           now=now)
    if user is None or not user.is_active:
        session.rollback()
        return None
    group = settings.oidc_admin_group
    if group and group in (claims.get("groups") or []):
        user.is_admin = True
    record_login(session, user, now=now)  # accepts a pending invitation for this address
    session.commit()
    return user


def _refused(message: str, status: int = 400) -> ResponseReturnValue:
    cookie.clear()
    return render_template("auth/oidc_refused.html", message=message), status


def end_session_url() -> str | None:
    """The provider's logout address, when it offers one (RP-initiated logout)."""
    if not enabled():
        return None
    id_token = cookie.get(ID_TOKEN_KEY)
    try:
        metadata = _client().load_server_metadata()
    except Exception:  # noqa: BLE001 - the provider is down: the local logout still stands
        log.warning("city sign-in: discovery failed at logout", exc_info=True)
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint or not id_token:
        return None
    query = urlencode({"id_token_hint": id_token, "client_id": _settings().oidc_client_id,
                       "post_logout_redirect_uri": _settings().base_url + "/"})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
