"""Public pages."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from flask import Blueprint
from flask import current_app
from flask import render_template

from calendar_app.services.calendar_view import coming_up
from calendar_app.web.session import db_session

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    settings = current_app.extensions["calendar_settings"]
    today = datetime.now(settings.zone).date()
    items = coming_up(db_session(), today, today + timedelta(weeks=8))
    return render_template("home.html", items=items, today=today)
