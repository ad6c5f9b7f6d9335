"""Shared by the planning views: who may see a workgroup's plan, the clock, downloads."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response
from flask import abort
from flask import current_app

from calendar_app.config import Settings
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.accounts import workgroup_by_slug
from calendar_app.services.activities import may_moderate
from calendar_app.services.activities import may_propose
from calendar_app.services.errors import NotFound
from calendar_app.web.permissions import current_user
from calendar_app.web.session import db_session


def settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def zone() -> ZoneInfo:
    return settings().zone


def today() -> date:
    return datetime.now(zone()).date()


def workgroup_for(slug: str, *, manage: bool = False) -> tuple[Workgroup, User]:
    """The workgroup for its members (404 for others, who need not know it exists);
    with `manage`, for its coordinators and administrators only (403 for members)."""
    user = current_user()
    if user is None:
        abort(404)
    try:
        workgroup = workgroup_by_slug(db_session(), slug)
    except NotFound:
        abort(404)
    if not may_propose(user, workgroup.id):
        abort(404)
    if manage and not may_moderate(user, workgroup.id):
        abort(403)
    return workgroup, user


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes | str, name: str, mimetype: str) -> Response:
    """A file download; text gets a UTF-8 byte-order mark so Excel reads the accents."""
    body = data.encode("utf-8-sig") if isinstance(data, str) else data
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
