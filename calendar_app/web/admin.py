"""Site administration: the outbox, e-mail previews, a test e-mail, the reminder service.

Only site administrators see these pages: anonymous visitors are sent to the login
page and every other user gets 403 (`permissions.administrators_only`, shared by every
/admin/ blueprint). Nothing here sends mail: a retry or a test e-mail is an
outbox row that the scheduler delivers with its next dispatch. Logs name row ids,
never addresses or content.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import SelectField
from wtforms import SubmitField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Regexp

from calendar_app.config import Settings
from calendar_app.models.reminders import STATES
from calendar_app.services import outbox
from calendar_app.services import outbox_admin
from calendar_app.services.accounts import EMAIL
from calendar_app.services.errors import ServiceError
from calendar_app.services.heartbeat import last_beat
from calendar_app.web import admin_mail
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import options
from calendar_app.web.permissions import administrators_only
from calendar_app.web.permissions import current_user
from calendar_app.web.session import db_session

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger("calendar_app.web.admin")

SCHEDULER = "scheduler"  # the heartbeat row the scheduler's beat job writes
#: The beat runs every minute; ten minutes without one means the service is down.
STALE_AFTER = timedelta(minutes=10)
#: The strictest policy that still renders an e-mail: its HTML carries inline styles
#: (mail clients ignore style sheets), and nothing else may load or run.
PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox")


class TestMailForm(FlaskForm):
    recipient = EmailField(_l("Send to"), validators=[
        DataRequired(message=_l("This field is required.")),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Regexp(EMAIL, message=_l("Enter an e-mail address like name@amsterdam.nl."))])
    lang = SelectField(_l("Language of the e-mail"), choices=options(
        ("nl", "Nederlands"), ("en", "English")))
    submit = SubmitField(_l("Put a test e-mail in the outbox"))


@dataclass(frozen=True)
class ServiceStatus:
    """The reminder service as the admin page reports it."""

    beat_at: datetime | None
    minutes_ago: int | None
    stale: bool


bp.before_request(administrators_only)


def _admin_name() -> str:
    user = current_user()
    return user.name if user is not None else ""


def _settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def service_status(now: datetime) -> ServiceStatus:
    beat_at = last_beat(db_session(), SCHEDULER)
    if beat_at is None:
        return ServiceStatus(beat_at=None, minutes_ago=None, stale=True)
    age = max(timedelta(0), now - beat_at)
    return ServiceStatus(beat_at=beat_at, minutes_ago=int(age.total_seconds() // 60),
                         stale=age > STALE_AFTER)


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value.astimezone(_settings().zone), "d MMM yyyy HH:mm",
                           rebase=False)


@bp.get("/")
def index() -> str:
    user = current_user()
    return _index(TestMailForm(lang=user.lang if user is not None else "nl"))


def _index(form: TestMailForm) -> str:
    return render_template(
        "admin/index.html", status=service_status(datetime.now(UTC)),
        counts=outbox.counts(db_session()), states=STATES, form=form,
        previews=admin_mail.choices(), local_time=local_time)


@bp.post("/test-email")
def test_email() -> ResponseReturnValue:
    form = TestMailForm()
    if not form.validate_on_submit():
        return _index(form), 400
    session = db_session()
    row = outbox.enqueue(
        session, dedupe_key=f"test:{uuid.uuid4().hex}", kind="test",
        recipient_email=(form.recipient.data or "").strip().lower(),
        lang=form.lang.data or "nl", payload={"context": {}}, now=datetime.now(UTC))
    session.commit()
    log.info("test e-mail queued as outbox row %s", row.id)
    flash(_("The test e-mail is in the outbox; it goes out with the next dispatch of the "
            "reminder service (within a minute while the service runs)."))
    return redirect(url_for("admin.outbox_page", state="pending"))


@bp.get("/outbox")
def outbox_page() -> ResponseReturnValue:
    from calendar_app.web import admin_outbox  # it imports this module

    wanted, errors = admin_outbox.listing_filter()
    page = request.args.get("page", 1, type=int) or 1
    listing = outbox_admin.list_rows(db_session(), wanted, zone=_settings().zone, page=page)
    filters = {name: value for name, value in request.args.items() if name != "page"}
    return render_template("admin/outbox.html", listing=listing, state=wanted.state,
                           states=STATES, filters=filters, **admin_outbox.filter_choices(),
                           retryable=outbox_admin.RETRYABLE, action_form=ActionForm(),
                           local_time=local_time, errors=errors), 400 if errors else 200


@bp.post("/outbox/<int:row_id>/retry")
def retry(row_id: int) -> ResponseReturnValue:
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    session = db_session()
    try:
        queued = outbox_admin.retry_row(session, row_id, now=datetime.now(UTC),
                                        actor_name=_admin_name(), settings=_settings())
    except ServiceError:
        flash(_("Only failed or skipped messages can be tried again."))
    else:
        session.commit()
        log.info("outbox row %s put back to pending by an administrator (%d mail(s))",
                 row_id, len(queued))
        if len(queued) == 1 and queued[0].id == row_id:
            flash(_("The message is back in the queue; it goes out with the next dispatch."))
        else:
            flash(ngettext("%(num)d e-mail is in the queue, one per member; it goes out "
                           "with the next dispatch.", "%(num)d e-mails are in the queue, "
                           "one per member; they go out with the next dispatch.",
                           len(queued)))
    state = request.args.get("state")
    return redirect(url_for("admin.outbox_page", state=state if state in STATES else None,
                            page=request.args.get("page", 1, type=int)))


@bp.get("/mail/<kind>/<any(nl, en):lang>")
def mail_preview(kind: str, lang: str) -> str:
    if kind not in admin_mail.KINDS:
        abort(404)
    return render_template("admin/preview.html",
                           preview=admin_mail.preview(kind, lang, _settings()),
                           previews=admin_mail.choices())


@bp.get("/mail/<kind>/<any(nl, en):lang>.html")
def mail_preview_html(kind: str, lang: str) -> Response:
    """The HTML part alone, for the preview's sandboxed iframe."""
    if kind not in admin_mail.KINDS:
        abort(404)
    response = Response(admin_mail.preview(kind, lang, _settings()).html,
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "private, no-store"
    return response
