"""Accounts in the browser: list, search and filter; create (by invitation); make or
unmake an administrator; deactivate and reactivate; resend an invitation; change a
member's role or take them out of a workgroup.

Administrators only (`permissions.administrators_only`). Every change goes through
`services.account_admin`, which audits it; mail goes out as outbox rows.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import SelectField
from wtforms import StringField
from wtforms import SubmitField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Regexp

from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import account_admin
from calendar_app.services import audit
from calendar_app.services.accounts import EMAIL
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.invitations import invitation_expires_at
from calendar_app.web.admin import local_time
from calendar_app.web.auth import links
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import RoleForm
from calendar_app.web.forms import options
from calendar_app.web.permissions import administrators_only
from calendar_app.web.permissions import current_user
from calendar_app.web.ratelimit import account_locked_until
from calendar_app.web.ratelimit import clear_failed_logins
from calendar_app.web.session import db_session

bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")
bp.before_request(administrators_only)


class AccountForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(message=_l("This field is required.")),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Regexp(EMAIL, message=_l("Enter an e-mail address like name@amsterdam.nl."))])
    name = StringField(_l("Name"), validators=[
        DataRequired(message=_l("This field is required.")),
        Length(max=200, message=_l("Use at most %(max)d characters.", max=200))])
    lang = SelectField(_l("Language of the e-mail"), choices=options(
        ("nl", "Nederlands"), ("en", "English")))
    workgroup = SelectField(_l("Workgroup"), choices=[])
    role = SelectField(_l("Role"), choices=options(
        ("member", _l("Member")), ("coordinator", _l("Coordinator"))))
    is_admin = BooleanField(_l("Site administrator"))
    submit = SubmitField(_l("Create the account and send the invitation"))


def _actor() -> User:
    user = current_user()
    assert user is not None  # guarded by administrators_only
    return user


def _now() -> datetime:
    return datetime.now(UTC)


def _workgroups() -> list[Workgroup]:
    return list(db_session().scalars(select(Workgroup).order_by(Workgroup.name)))


def _account_form() -> AccountForm:
    form = AccountForm()
    form.workgroup.choices = options(("", _("No workgroup")),
                                     *((w.slug, w.name) for w in _workgroups()))
    return form


def _filter() -> account_admin.AccountFilter:
    args = request.args
    workgroup = next((w.id for w in _workgroups() if w.slug == args.get("workgroup")), None)
    role = args.get("role") if args.get("role") in account_admin.ROLE_FILTERS else None
    active = {"yes": True, "no": False}.get(args.get("active", ""))
    return account_admin.AccountFilter(
        query=args.get("q", "")[:200], workgroup_id=workgroup, role=role, active=active,
        never_logged_in=args.get("never") == "1")


@bp.get("/")
def listing() -> str:
    return _listing(_account_form())


def _listing(form: AccountForm) -> str:
    return render_template(
        "admin/users.html", users=account_admin.accounts(db_session(), _filter()),
        args=request.args, workgroups=_workgroups(), roles=account_admin.ROLE_FILTERS,
        form=form, local_time=local_time)


@bp.post("/")
def create() -> ResponseReturnValue:
    form = _account_form()
    if not form.validate_on_submit():
        return _listing(form), 400
    session = db_session()
    workgroup = next((w for w in _workgroups() if w.slug == form.workgroup.data), None)
    try:
        user = account_admin.create_account(
            session, email=form.email.data or "", name=form.name.data or "",
            lang=form.lang.data or "nl", is_admin=bool(form.is_admin.data),
            workgroup=workgroup, role=form.role.data or "member", actor=_actor(),
            links=links(), now=_now())
    except ServiceError as error:
        session.rollback()
        target = form._fields.get(error.field or "") or form.email
        target.errors = [*target.errors, _("An account with this e-mail address exists "
                                           "already.") if error.field == "email"
                         else str(error)]
        return _listing(form), 400
    session.commit()
    flash(_("The account of %(name)s is made; the invitation is in the outbox.",
            name=user.name))
    return redirect(url_for("admin_users.show", user_id=user.id))


def _user(user_id: int) -> User:
    try:
        return account_admin.account(db_session(), user_id)
    except NotFound:
        abort(404)


@bp.get("/<int:user_id>")
def show(user_id: int) -> str:
    user = _user(user_id)
    return render_template(
        "admin/user.html", account=user, action_form=ActionForm(), role_form=RoleForm,
        memberships=sorted(user.memberships, key=lambda m: m.workgroup.name),
        expires=invitation_expires_at, now=_now(), local_time=local_time,
        is_self=user.id == _actor().id, login_locked_until=account_locked_until(user.email))


def _act(user_id: int) -> tuple[User, bool]:
    """The account acted on, and whether the button's CSRF token was good."""
    return _user(user_id), ActionForm().validate_on_submit()


def _done(user: User, message: str) -> ResponseReturnValue:
    db_session().commit()
    flash(message)
    return redirect(url_for("admin_users.show", user_id=user.id))


def _refused(user: User, error: ServiceError) -> ResponseReturnValue:
    db_session().rollback()
    flash(_("That is not possible: you cannot do this to your own account.")
          if "yourself" in str(error) or "your own" in str(error) else str(error))
    return redirect(url_for("admin_users.show", user_id=user.id))


@bp.post("/<int:user_id>/admin")
def toggle_admin(user_id: int) -> ResponseReturnValue:
    user, valid = _act(user_id)
    if not valid:
        abort(400)
    make = request.form.get("admin") == "1"
    try:
        account_admin.set_admin(db_session(), user, is_admin=make, actor=_actor(), now=_now())
    except ServiceError as error:
        return _refused(user, error)
    return _done(user, _("%(name)s is now a site administrator.", name=user.name) if make
                 else _("%(name)s is no longer a site administrator.", name=user.name))


@bp.post("/<int:user_id>/active")
def toggle_active(user_id: int) -> ResponseReturnValue:
    user, valid = _act(user_id)
    if not valid:
        abort(400)
    session = db_session()
    if request.form.get("active") == "1":
        account_admin.reactivate(session, user, actor=_actor(), now=_now())
        return _done(user, _("The account of %(name)s is active again.", name=user.name))
    try:
        account_admin.deactivate(session, user, actor=_actor(), now=_now())
    except ServiceError as error:
        return _refused(user, error)
    return _done(user, _("The account of %(name)s is deactivated: no login, no e-mail.",
                         name=user.name))


@bp.post("/<int:user_id>/login-lock")
def unlock(user_id: int) -> ResponseReturnValue:
    """Lift the lock that failed logins put on the address (by the owner or not)."""
    user, valid = _act(user_id)
    if not valid:
        abort(400)
    audit.record(db_session(), actor=_actor(), subject="account", ref=user.email,
                 action="login-unlocked", now=_now())
    done = _done(user, _("%(name)s can log in with a password again.", name=user.name))
    clear_failed_logins(user.email)  # after the commit: SQLite has one writer at a time
    return done


def _workgroup_of(user: User, workgroup_id: int) -> Workgroup:
    for membership in user.memberships:
        if membership.workgroup_id == workgroup_id:
            return membership.workgroup
    abort(404)


@bp.post("/<int:user_id>/invitation")
def resend(user_id: int) -> ResponseReturnValue:
    user, valid = _act(user_id)
    if not valid:
        abort(400)
    workgroup_id = request.form.get("workgroup", type=int)
    workgroup = _workgroup_of(user, workgroup_id) if workgroup_id else None
    try:
        account_admin.resend_invitation(db_session(), user, workgroup=workgroup,
                                        actor=_actor(), links=links(), now=_now())
    except ServiceError as error:
        return _refused(user, error)
    return _done(user, _("A new invitation for %(name)s is in the outbox.", name=user.name))


@bp.post("/<int:user_id>/memberships/<int:workgroup_id>/role")
def change_role(user_id: int, workgroup_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    workgroup = _workgroup_of(user, workgroup_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    account_admin.change_role(db_session(), user, workgroup, role=form.role.data or "member",
                              actor=_actor(), now=_now())
    return _done(user, _("The role of %(name)s is changed.", name=user.name))


@bp.post("/<int:user_id>/memberships/<int:workgroup_id>/remove")
def remove(user_id: int, workgroup_id: int) -> ResponseReturnValue:
    user, valid = _act(user_id)
    if not valid:
        abort(400)
    workgroup = _workgroup_of(user, workgroup_id)
    account_admin.remove_member(db_session(), user, workgroup, actor=_actor(), now=_now())
    return _done(user, _("%(name)s is no longer in %(workgroup)s; reminders from it stop.",
                         name=user.name, workgroup=workgroup.name))
