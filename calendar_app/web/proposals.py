"""Declining a proposal, with the reason the proposer will read.

Its own blueprint beside `activities` (same URL space): the decline is the one step
that takes more than a button, a required `reason`, refused with an error beside the
field when empty. The reason goes into the audit trail and into the mail to the
proposer (`calendar_app.services.proposal_mail`), who may rework and resubmit.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from calendar_app.models import Activity
from calendar_app.services import activities as workflow
from calendar_app.services.errors import ServiceError
from calendar_app.web import activities as pages
from calendar_app.web import activity_access as access
from calendar_app.web.permissions import login_required
from calendar_app.web.session import db_session

bp = Blueprint("proposals", __name__, url_prefix="/activities")


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why is it declined?"), validators=[
        DataRequired(message=_l("Say why the proposal is declined: the proposer reads it.")),
        Length(max=workflow.MAX_REASON, message=_l(
            "Use at most %(max)d characters.", max=workflow.MAX_REASON))])


def decline_form() -> DeclineForm:
    """The form on the review page: the refused one (with its errors) or a fresh one."""
    refused = g.get("decline_form")
    return refused if isinstance(refused, DeclineForm) else DeclineForm(formdata=None)


def proposal_age(activity: Activity) -> str:
    """How long a proposal has waited, in the page's language: "3 dagen geleden"."""
    waited = datetime.now(UTC) - workflow.submitted_at(activity)
    return str(format_timedelta(-waited, add_direction=True))


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"decline_form": decline_form, "proposal_age": proposal_age}


@bp.post("/<public_id>/decline")
@login_required
def decline(public_id: str) -> ResponseReturnValue:
    activity = access.visible(public_id)
    user = access.user()
    if not workflow.may_moderate(user, activity.workgroup_id):
        abort(403)
    form = DeclineForm()
    if form.validate_on_submit():
        session = db_session()
        try:
            workflow.decline(session, actor=user, activity=activity,
                             reason=form.reason.data or "", now=datetime.now(UTC))
        except workflow.PermissionDenied:
            abort(403)
        except ServiceError as error:
            if error.field != "reason":
                abort(409)
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            session.commit()
            flash(_("The proposal is declined; the proposer receives your reason by e-mail."))
            return redirect(url_for("activities.review", public_id=public_id))
    elif form.csrf_token.errors:
        abort(400)
    g.decline_form = form
    return pages.review(public_id), 400
