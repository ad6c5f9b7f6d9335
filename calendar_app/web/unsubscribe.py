"""`/u/<token>`: one-click unsubscribe from reminder e-mails (RFC 8058).

Mail clients POST `List-Unsubscribe=One-Click` to the URL in the `List-Unsubscribe`
header, without cookies or authorization (§3.2), and must not be redirected (§3.1).
So the POST needs no login, is exempt from the CSRF check (the token is the proof),
answers 200 with a plain message, and is idempotent: the second POST says it was
already done. GET never unsubscribes — link scanners fetch every URL in a mail — it
shows a page with a button that makes the POST.
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import current_app
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup
from markupsafe import escape

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
    outcome = service.preview(db_session(), _secret(), token)
    if outcome.status != "unsubscribed":
        return Response(_text(outcome) + "\n", status=404 if outcome.status == "invalid"
                        else 200, mimetype="text/plain")
    names = escape(", ".join(outcome.workgroups))
    page = Markup(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
        "<title>Afmelden / Unsubscribe</title></head><body><main>"
        "<h1>Afmelden / Unsubscribe</h1>"
        "<p>Geen herinneringen meer ontvangen van {names}? / "
        "Stop reminder e-mails from {names}?</p>"
        "<form method=\"post\"><button type=\"submit\" name=\"List-Unsubscribe\" "
        "value=\"One-Click\">Afmelden / Unsubscribe</button></form>"
        "</main></body></html>").format(names=names)
    return Response(str(page), mimetype="text/html")
