"""Planning and accountability pages: year plan, budget, evaluation, feedback, report,
poster, and their CSV/PDF downloads.

Members of a workgroup read its plan, budget and report; coordinators (and site
administrators) set the budget, the questionnaire and the evaluation. The feedback
page is public and anonymous: no login, and nothing about the browser is stored with
the answer. "One response per browser" is a signed cookie that only the browser
holds; the rate limit counts per activity, not per person. The rendering of files
lives in `calendar_app.exports`, so the CLI writes the same bytes.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from decimal import Decimal

import segno
from flask import Blueprint
from flask import Response
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup

from calendar_app.exports import csv as csv_export
from calendar_app.exports import text as export_text
from calendar_app.models import Activity
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import budget as budgets
from calendar_app.services import feedback
from calendar_app.services import planning
from calendar_app.services.activities import by_public_id
from calendar_app.services.activities import may_moderate
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.web import planning_public
from calendar_app.web import planning_report
from calendar_app.web.forms import BudgetForm
from calendar_app.web.forms import CostForm
from calendar_app.web.i18n import current_language
from calendar_app.web.look import theme_names
from calendar_app.web.permissions import login_required
from calendar_app.web.planning_access import XLSX
from calendar_app.web.planning_access import download
from calendar_app.web.planning_access import settings
from calendar_app.web.planning_access import today
from calendar_app.web.planning_access import workgroup_for
from calendar_app.web.planning_access import zone
from calendar_app.web.session import database
from calendar_app.web.session import db_session

bp = Blueprint("planning", __name__)
bp.register_blueprint(planning_report.bp)  # nested: endpoints "planning.report.*"
bp.add_app_template_global(planning_report.report_half, "report_half")
bp.register_blueprint(planning_public.bp)  # "planning.public.*"



@bp.app_template_filter("money")
def money_filter(value: Decimal | None) -> str:
    """Euros in the page's language: "€ 30.000,00" / "€30,000.00"."""
    return export_text.money(value, current_language())


# -- year plan and budget --------------------------------------------------------------


@bp.get("/planning/<slug>")
@login_required
def plan_now(slug: str) -> ResponseReturnValue:
    return redirect(url_for("planning.plan", slug=slug, year=today().year))


@bp.get("/planning/<slug>/<int:year>")
@login_required
def plan(slug: str, year: int) -> str:
    workgroup, user = workgroup_for(slug)
    try:
        result = planning.year_plan(db_session(), workgroup=workgroup, year=year, zone=zone())
    except ServiceError:
        abort(404)
    overview = budgets.overview(db_session(), workgroup=workgroup, year=year, zone=zone())
    return render_template("planning/plan.html", workgroup=workgroup, plan=result,
                           overview=overview, can_manage=may_moderate(user, workgroup.id))


@bp.get("/planning/<slug>/<int:year>.<any(csv, pdf, xlsx):fmt>")
@login_required
def plan_file(slug: str, year: int, fmt: str) -> Response:
    # Imported here: openpyxl and reportlab hold some 30 MB a worker would carry for
    # the rare download (README, "At ten times the city").
    from calendar_app.exports import pdf as pdf_export
    from calendar_app.exports.xlsx import plan_xlsx

    workgroup, _user = workgroup_for(slug)
    try:
        result = planning.year_plan(db_session(), workgroup=workgroup, year=year, zone=zone())
    except ServiceError:
        abort(404)
    name = f"jaarplanning-{slug}-{year}.{fmt}"
    if fmt == "csv":
        return download(csv_export.plan_csv(result, current_language(), theme_names()),
                        name, "text/csv")
    if fmt == "xlsx":
        return download(plan_xlsx(result, current_language(), theme_names()), name, XLSX)
    return download(pdf_export.plan_pdf(result, current_language(), theme_names()), name,
                    "application/pdf")


@bp.get("/planning/<slug>/<int:year>/budget")
@login_required
def budget(slug: str, year: int) -> str:
    workgroup, user = workgroup_for(slug)
    return _budget_page(workgroup, user, year)


@bp.post("/planning/<slug>/<int:year>/budget")
@login_required
def budget_post(slug: str, year: int) -> ResponseReturnValue:
    workgroup, user = workgroup_for(slug, manage=True)
    form = BudgetForm()
    if not form.validate_on_submit() or form.amount.data is None:
        return _budget_page(workgroup, user, year, form=form), 400
    session = db_session()
    try:
        budgets.set_year_budget(session, actor=user, workgroup=workgroup, year=year,
                                amount=form.amount.data, now=datetime.now(UTC))
    except ServiceError:
        form.amount.errors = [form.amount.refusal()]
        return _budget_page(workgroup, user, year, form=form), 400
    session.commit()
    flash(_("The budget is saved."))
    return redirect(url_for("planning.budget", slug=slug, year=year))


def _budget_page(workgroup: Workgroup, user: User, year: int, *,
                 form: BudgetForm | None = None) -> str:
    try:
        overview = budgets.overview(db_session(), workgroup=workgroup, year=year, zone=zone())
    except ServiceError:
        abort(404)
    if form is None:
        form = BudgetForm(formdata=None, amount=overview.budgeted)
    return render_template("planning/budget.html", workgroup=workgroup, overview=overview,
                           can_manage=may_moderate(user, workgroup.id), form=form)


# -- questionnaire and evaluation --------------------------------------------------------


@bp.get("/planning/<slug>/questions")
@login_required
def questions(slug: str) -> str:
    workgroup, _user = workgroup_for(slug, manage=True)
    with database().transaction() as session:  # the defaults are written on first use
        rows = feedback.questionnaire(session, workgroup.id)
    return render_template("planning/questions.html", workgroup=workgroup,
                           rows=[(row.text_nl, row.text_en) for row in rows], error=None)


@bp.post("/planning/<slug>/questions")
@login_required
def questions_post(slug: str) -> ResponseReturnValue:
    workgroup, user = workgroup_for(slug, manage=True)
    typed = [(request.form.get(f"nl-{index}", ""), request.form.get(f"en-{index}", ""))
             for index in range(feedback.MAX_QUESTIONS)]
    session = db_session()
    try:
        feedback.set_questionnaire(session, actor=user, workgroup_id=workgroup.id,
                                   questions=typed)
    except ServiceError:
        return render_template("planning/questions.html", workgroup=workgroup, rows=typed,
                               error=_("Write at least one question.")), 400
    session.commit()
    flash(_("The questions are saved."))
    return redirect(url_for("planning.questions", slug=slug))


def _activity(public_id: str) -> tuple[Activity, Workgroup, User]:
    """The activity with its workgroup, for that workgroup's coordinators."""
    try:
        activity = by_public_id(db_session(), public_id)
    except NotFound:
        abort(404)
    owner = db_session().get(Workgroup, activity.workgroup_id)
    assert owner is not None
    workgroup, user = workgroup_for(owner.slug, manage=True)
    return activity, workgroup, user


def _feedback_url(public_id: str) -> str:
    return f"{settings().base_url}/feedback/{public_id}"


@bp.get("/planning/activities/<public_id>/evaluation")
@login_required
def evaluation(public_id: str) -> str:
    activity, workgroup, _user = _activity(public_id)
    return _evaluation_page(activity, workgroup)


@bp.post("/planning/activities/<public_id>/evaluation")
@login_required
def evaluation_post(public_id: str) -> ResponseReturnValue:
    activity, workgroup, user = _activity(public_id)
    form = request.form
    session = db_session()
    attendance, errors = _attendance(form.get("attendance", ""))
    cost = CostForm(form)
    if not cost.validate():
        errors["actual_cost"] = " ".join(str(error) for error in cost.actual_cost.errors)
    if errors:
        return _evaluation_page(activity, workgroup, typed=form, errors=errors), 400
    try:
        data = feedback.EvaluationInput(
            attendance=attendance, notes=form.get("notes", ""),
            actual_cost=cost.actual_cost.data)
        feedback.record_evaluation(session, actor=user, activity=activity, data=data,
                                   now=datetime.now(UTC))
    except ServiceError as error:
        session.rollback()
        field = "actual_cost" if error.field == "amount" else error.field or "attendance"
        return _evaluation_page(activity, workgroup, typed=form,
                                errors={field: _refusal(field)}), 400
    session.commit()
    flash(_("The evaluation is saved."))
    return redirect(url_for("planning.evaluation", public_id=public_id))


#: More people than any activity has; a larger number is a typing error (and would
#: not fit the database column).
MAX_ATTENDANCE = 1_000_000


def _refusal(field: str) -> str:
    """The evaluation form's message for a refused field, in the page's language."""
    if field == "actual_cost":
        return _("Give the cost as an amount in euros, for example 1.250,50.")
    return _("Give the attendance as a whole number from 0, for example 25.")


def _attendance(typed: str) -> tuple[int | None, dict[str, str]]:
    """The typed attendance (None when empty), or the field's refusal: checked apart
    from the cost, so each bad field gets its own message."""
    if not typed.strip():
        return None, {}
    try:
        number = int(typed)
    except ValueError:
        return None, {"attendance": _refusal("attendance")}
    if not 0 <= number <= MAX_ATTENDANCE:
        return None, {"attendance": _refusal("attendance")}
    return number, {}


def _evaluation_page(activity: Activity, workgroup: Workgroup, *, typed: object = None,
                     errors: dict[str, str] | None = None) -> str:
    session = db_session()
    notes = feedback.evaluation_of(session, activity)
    url = _feedback_url(activity.public_id)
    qr = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code for %(url)s", url=url))
    return render_template(
        "planning/evaluation.html", activity=activity, workgroup=workgroup, typed=typed,
        notes=notes.notes if notes else "", errors=errors or {}, feedback_url=url,
        qr=Markup(qr), year=feedback.first_day(activity, zone()).year,
        is_open=feedback.feedback_open(activity, today=today(), zone=zone()),
        is_over=feedback.feedback_over(activity, today=today(), zone=zone()))

