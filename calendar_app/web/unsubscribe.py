"""`/u/<token>`: one-click unsubscribe from reminder e-mails (RFC 8058).

Mail clients POST `List-Unsubscribe=One-Click` to the URL in the `List-Unsubscribe`
header, without cookies or authorization (§3.2), and must not be redirected (§3.1).
So the POST needs no login, is exempt from the CSRF check (the token is the proof),
answers 200 with a plain message, and is idempotent: the second POST says it was
already done. GET never unsubscribes — link scanners fetch every URL in a mail — it
shows a page (a standalone template: no session, no cookies) with a button that
makes the POST.
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import render_template
from flask.blueprints import BlueprintSetupState

from calendar_app.services import unsubscribe as service
from calendar_app.web.session import db_session

bp = Blueprint("unsubscribe", __name__)

_DONE = {
    "unsubscribed": "You will no longer receive reminder e-mails from {names}. "
                    "Je ontvangt geen herinneringen meer van {names}.",
    "already": "You were already unsubscribed from {names}; nothing changed. "
               "Je was al afgemeld voor {names}; er is niets veranderd.",
    "invalid": "This unsubscribe link is not valid. Deze afmeldlink is niet geldig.",
}


@bp.record_once
def _exempt_from_csrf(state: BlueprintSetupState) -> None:
    """Exempt the blueprint from Flask-WTF's CSRFProtect when the app uses it."""
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)


def _secret() -> str:
    return str(current_app.extensions["calendar_settings"].secret_key)


def _text(outcome: service.Outcome) -> str:
    names = ", ".join(outcome.workgroups) or "the Diversiteitskalender"
    return _DONE[outcome.status].format(names=names)


@bp.post("/u/<token>")
def one_click(token: str) -> Response:
    session = db_session()
    outcome = service.unsubscribe(session, _secret(), token)
    session.commit()
    status = 404 if outcome.status == "invalid" else 200
    return Response(_text(outcome) + "\n", status=status, mimetype="text/plain")


@bp.get("/u/<token>")
def confirm(token: str) -> Response:
    """The page behind the link: Dutch, with the English marked as such (WCAG 3.1.2)."""
    outcome = service.preview(db_session(), _secret(), token)
    page = render_template("unsubscribe.html", status=outcome.status,
                           names=", ".join(outcome.workgroups) or "de Diversiteitskalender")
    return Response(page, status=404 if outcome.status == "invalid" else 200,
                    mimetype="text/html")
