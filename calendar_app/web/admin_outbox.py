"""One outbox row in full: subject, recipient, what it is about, its history, and the
message as the recipient sees it (text and HTML); plus the listing's filters.

Administrators only. The message is the row's prepared bytes while they exist (they
are dropped once sent), else composed afresh from the row by `admin_mail`, the one
web module that may use the notifier's pure composing code. Nothing here sends.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.models import Workgroup
from calendar_app.models.reminders import STATES
from calendar_app.services import outbox_admin
from calendar_app.services.errors import NotFound
from calendar_app.services.reminder_missed import is_slim
from calendar_app.web import admin_mail
from calendar_app.web.admin import PREVIEW_CSP
from calendar_app.web.admin import local_time
from calendar_app.web.permissions import administrators_only
from calendar_app.web.query_dates import query_days
from calendar_app.web.session import db_session

bp = Blueprint("admin_outbox", __name__, url_prefix="/admin/outbox")
bp.before_request(administrators_only)


def _settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def listing_filter() -> tuple[outbox_admin.OutboxFilter, dict[str, str]]:
    """The outbox listing's filters from the query string (unknown values are ignored),
    and the message of each refused date by its field."""
    args = request.args
    days, errors = query_days("from", "to")
    state = args.get("state") if args.get("state") in STATES else None
    slug = args.get("workgroup") or None
    workgroup = db_session().scalar(select(Workgroup.id).where(Workgroup.slug == slug)) \
        if slug else None
    return outbox_admin.OutboxFilter(
        state=state, kind=(args.get("kind") or None), workgroup_id=workgroup,
        recipient=args.get("recipient", "")[:254], first=days["from"],
        last=days["to"]), errors


def filter_choices() -> dict[str, object]:
    """What the filter form offers: kinds present in the outbox and every workgroup."""
    session = db_session()
    return {"kinds": outbox_admin.kinds(session),
            "workgroups": list(session.execute(
                select(Workgroup.slug, Workgroup.name).order_by(Workgroup.name)))}


def _detail(row_id: int) -> outbox_admin.OutboxDetail:
    try:
        return outbox_admin.detail(db_session(), row_id)
    except NotFound:
        abort(404)


def _message(found: outbox_admin.OutboxDetail) -> tuple[EmailMessage | None, str]:
    """The message and where it came from ("prepared" or "composed"), or (None, why)."""
    if is_slim(found.row.payload):  # a missed reminder: composed only when tried again
        return None, "missed"
    if found.prepared is not None:
        parsed = BytesParser(policy=policy.default).parsebytes(found.prepared)
        assert isinstance(parsed, EmailMessage)
        return parsed, "prepared"
    try:
        return admin_mail.compose_row(db_session(), found.row, _settings()), "composed"
    except (ValueError, KeyError, TypeError) as exc:
        return None, str(exc)


@bp.get("/<int:row_id>")
def show(row_id: int) -> str:
    found = _detail(row_id)
    message, origin = _message(found)
    return render_template(
        "admin/outbox_row.html", found=found, row=found.row, origin=origin,
        subject=str(message["Subject"]) if message is not None else "",
        text=admin_mail.part(message, "plain") if message is not None else "",
        has_html=bool(message is not None and admin_mail.part(message, "html")),
        parts=admin_mail.other_parts(message) if message is not None else [],
        local_time=local_time)


@bp.get("/<int:row_id>/message.html")
def message_html(row_id: int) -> Response:
    """The HTML part alone, for the detail page's sandboxed iframe."""
    message, _origin = _message(_detail(row_id))
    if message is None:
        abort(404)
    response = Response(admin_mail.part(message, "html"), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "private, no-store"
    return response
