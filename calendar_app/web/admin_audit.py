"""The audit page: who changed what (activities, accounts, memberships, dates).

Administrators only. Reads the one audit trail (`services.audit`), filtered by
subject, actor, what the change is about and a period.
"""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask import request

from calendar_app.services import audit
from calendar_app.web import audit_text
from calendar_app.web.admin import local_time
from calendar_app.web.permissions import administrators_only
from calendar_app.web.query_dates import query_days
from calendar_app.web.session import db_session

bp = Blueprint("admin_audit", __name__, url_prefix="/admin/audit")
bp.before_request(administrators_only)


@bp.get("/")
def listing() -> tuple[str, int]:
    args = request.args
    days, errors = query_days("from", "to")
    wanted = audit.AuditFilter(
        subject=args.get("subject") if args.get("subject") in audit.SUBJECTS else None,
        actor=args.get("actor", "")[:200], about=args.get("about", "")[:200],
        first=days["from"], last=days["to"])
    zone = current_app.extensions["calendar_settings"].zone
    page = audit.entries(db_session(), wanted, zone=zone,
                         page=args.get("page", 1, type=int) or 1)
    return render_template("admin/audit.html", listing=page, args=args, errors=errors,
                           subjects=audit.SUBJECTS,
                           local_time=local_time, action_label=audit_text.action_label,
                           details_text=audit_text.details_text), 400 if errors else 200
