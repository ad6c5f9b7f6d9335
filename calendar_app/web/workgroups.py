"""Workgroups: create (administrators), edit, members and their roles (coordinators);
reminder settings, each member's opt-out and the internal feed address.

Every page here sends `Referrer-Policy: no-referrer`: the internal feed address is
a secret shown on the workgroup page, and no link followed from it may carry the
page's address along.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from calendar_app.models import Membership
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services.account_admin import change_role as change_role_of
from calendar_app.services.accounts import create_workgroup
from calendar_app.services.accounts import update_workgroup
from calendar_app.services.accounts import workgroup_by_slug
from calendar_app.services.accounts import workgroups_of
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.feeds import issue_feed_token
from calendar_app.services.invitations import invite
from calendar_app.services.reminder_rules import rule_of
from calendar_app.services.reminder_rules import save_rule
from calendar_app.services.reminder_rules import set_mode
from calendar_app.web.account_refusals import refusal_text
from calendar_app.web.auth import links
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import InviteForm
from calendar_app.web.forms import RoleForm
from calendar_app.web.forms import WorkgroupForm
from calendar_app.web.i18n import current_language
from calendar_app.web.permissions import admin_required
from calendar_app.web.permissions import current_user
from calendar_app.web.permissions import login_required
from calendar_app.web.reminder_forms import ReminderModeForm
from calendar_app.web.reminder_forms import ReminderRuleForm
from calendar_app.web.reminder_forms import rule_form
from calendar_app.web.session import db_session

bp = Blueprint("workgroups", __name__, url_prefix="/workgroups")


@bp.after_request
def _no_referrer(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _user() -> User:
    user = current_user()
    assert user is not None  # guarded by login_required
    return user


def _visible(slug: str) -> Workgroup:
    """The workgroup, for its members and administrators only (404 for others)."""
    try:
        workgroup = workgroup_by_slug(db_session(), slug)
    except NotFound:
        abort(404)
    if not workflow.may_propose(_user(), workgroup.id):
        abort(404)
    return workgroup


def _managed(slug: str) -> Workgroup:
    workgroup = _visible(slug)
    if not workflow.may_moderate(_user(), workgroup.id):
        abort(403)
    return workgroup


@bp.get("/")
@login_required
def index() -> str:
    return render_template("workgroups/index.html", workgroups=workgroups_of(db_session(), _user()))


@bp.get("/new")
@admin_required
def new() -> str:
    return render_template("workgroups/edit.html", form=WorkgroupForm(), workgroup=None)


@bp.post("/new")
@admin_required
def create() -> ResponseReturnValue:
    form = WorkgroupForm()
    if form.validate_on_submit():
        session = db_session()
        try:
            workgroup = create_workgroup(session, slug=form.slug.data or "",
                                         name=form.name.data or "", now=datetime.now(UTC))
            update_workgroup(session, workgroup, name=form.name.data or "",
                             description=form.description.data or "",
                             budget=form.budget.data, now=datetime.now(UTC))
        except ServiceError as error:
            _field_error(form, error)
        else:
            session.commit()
            flash(_("Workgroup %(name)s created.", name=workgroup.name))
            return redirect(url_for("workgroups.show", slug=workgroup.slug))
    return render_template("workgroups/edit.html", form=form, workgroup=None), 400


@bp.get("/<slug>")
@login_required
def show(slug: str) -> str:
    return _show(_visible(slug))


@bp.get("/<slug>/edit")
@login_required
def edit(slug: str) -> str:
    workgroup = _managed(slug)
    form = WorkgroupForm(obj=workgroup)
    return render_template("workgroups/edit.html", form=form, workgroup=workgroup)


@bp.post("/<slug>/edit")
@login_required
def update(slug: str) -> ResponseReturnValue:
    workgroup = _managed(slug)
    form = WorkgroupForm()
    form.slug.data = workgroup.slug  # the slug is part of URLs and feeds: not editable
    if form.validate_on_submit():
        try:
            update_workgroup(db_session(), workgroup, name=form.name.data or "",
                             description=form.description.data or "", budget=form.budget.data,
                             now=datetime.now(UTC))
        except ServiceError as error:
            _field_error(form, error)
        else:
            db_session().commit()
            flash(_("Changes saved."))
            return redirect(url_for("workgroups.show", slug=slug))
    return render_template("workgroups/edit.html", form=form, workgroup=workgroup), 400


@bp.post("/<slug>/invite")
@login_required
def invite_member(slug: str) -> ResponseReturnValue:
    workgroup = _managed(slug)
    form = InviteForm()
    if form.validate_on_submit():
        session = db_session()
        try:
            user = invite(session, workgroup=workgroup, email=form.email.data or "",
                          name=form.name.data or "", role=form.role.data or "member",
                          lang=form.lang.data or "nl", inviter=_user(), links=links(),
                          now=datetime.now(UTC))
        except ServiceError as error:
            _field_error(form, error)
        else:
            session.commit()
            flash(_("%(name)s is invited; the e-mail is on its way.", name=user.name))
            return redirect(url_for("workgroups.show", slug=slug))
    return _show(workgroup, invite_form=form), 400


@bp.post("/<slug>/members/<int:user_id>/role")
@login_required
def change_role(slug: str, user_id: int) -> ResponseReturnValue:
    workgroup = _managed(slug)
    session = db_session()
    member = session.get(User, user_id)
    form = RoleForm()
    if member is None or workflow.role_in(member, workgroup.id) is None:
        abort(404)
    if form.validate_on_submit():
        change_role_of(session, member, workgroup, role=form.role.data or "member",
                       actor=_user(), now=datetime.now(UTC))
        session.commit()
        flash(_("The role of %(name)s is changed.", name=member.name))
    return redirect(url_for("workgroups.show", slug=slug))


@bp.post("/<slug>/reminders")
@login_required
def save_reminders(slug: str) -> ResponseReturnValue:
    workgroup = _managed(slug)
    session = db_session()
    known = active_themes(session)
    form = rule_form(_theme_choices(known))
    if form.validate_on_submit():
        try:
            save_rule(session, workgroup, major_days=form.days("major_days"),
                      awareness_days=form.days("awareness_days"),
                      activity_days=form.days("activity_days"),
                      send_time=form.send_time.data or "", send_weekday=form.weekday(),
                      covers=form.covers.data or "all",
                      themes=form.themes.data or [], known_themes=known,
                      now=datetime.now(UTC))
        except ServiceError as error:
            _field_error(form, error)
        else:
            session.commit()
            flash(_("Reminder settings saved.") if form.any_days()
                  else _("Reminders are switched off for this workgroup."))
            return redirect(url_for("workgroups.show", slug=slug) + "#reminders")
    return _show(workgroup, rule_form_=form), 400


@bp.post("/<slug>/reminders/me")
@login_required
def my_reminders(slug: str) -> ResponseReturnValue:
    """A member chooses, for themselves: each reminder, the weekly digest only, or nothing."""
    workgroup = _visible(slug)
    form = ReminderModeForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _show(workgroup, mode_form=form), 400
    session = db_session()
    try:
        set_mode(session, _user(), workgroup, mode=form.mode.data or "individual")
    except ServiceError:
        abort(404)  # an administrator who is not a member has nothing to choose
    session.commit()
    flash({"individual": _("You receive the reminders of this workgroup."),
           "digest": _("You receive only the weekly overview from this workgroup."),
           "none": _("You no longer receive reminders from this workgroup.")}[
        form.mode.data or "individual"])
    return redirect(url_for("workgroups.show", slug=slug) + "#my-reminders")


@bp.post("/<slug>/feed-token")
@login_required
def new_feed_token(slug: str) -> ResponseReturnValue:
    """Issue a new internal feed address and show it once; the old one stops working.

    Rendered in the POST's response rather than after a redirect, so the secret never
    sits in a cookie or a URL; only its hash is stored.
    """
    workgroup = _managed(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    session = db_session()
    token = issue_feed_token(session, workgroup)
    session.commit()
    base_url = current_app.extensions["calendar_settings"].base_url.rstrip("/")
    response = Response(_show(workgroup, feed_url=f"{base_url}/feeds/intern/{token}.ics"))
    response.headers["Cache-Control"] = "no-store"
    return response


def _theme_choices(known: dict[str, Any]) -> list[tuple[str, str]]:
    language = current_language()
    return [(key, label.get(language)) for key, label in known.items()]


def _show(workgroup: Workgroup, invite_form: InviteForm | None = None,
          rule_form_: ReminderRuleForm | None = None, feed_url: str | None = None,
          mode_form: ReminderModeForm | None = None) -> str:
    user = _user()
    session = db_session()
    members = session.execute(
        select(User, Membership.role, Membership.pending).join(Membership)
        .where(Membership.workgroup_id == workgroup.id).order_by(User.name)).all()
    can_manage = workflow.may_moderate(user, workgroup.id)
    if rule_form_ is None:  # members see the settings, coordinators edit them
        rule_form_ = rule_form(_theme_choices(active_themes(session)), formdata=None)
        rule_form_.fill(rule_of(session, workgroup))
    membership = session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.workgroup_id == workgroup.id))
    return render_template(
        "workgroups/show.html", workgroup=workgroup, members=members,
        activities=workflow.of_workgroup(session, workgroup.id),
        can_manage=can_manage, year=datetime.now(current_app.extensions[
            "calendar_settings"].zone).year,
        invite_form=invite_form or InviteForm(), role_form=RoleForm, action_form=ActionForm(),
        rule_form=rule_form_, membership=membership, feed_url=feed_url,
        mode_form=mode_form or ReminderModeForm(
            formdata=None, mode=membership.reminder_mode if membership else "individual"))


def _field_error(form: WorkgroupForm | InviteForm | ReminderRuleForm,
                 error: ServiceError) -> None:
    """Show a refusal from the service beside the field it concerns."""
    target = form._fields.get(error.field or "") or form._fields.get("name")
    if target is not None:
        target.errors = [*target.errors, refusal_text(error)]
