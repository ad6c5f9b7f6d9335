"""`/healthz`: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app

from calendar_app.web.session import database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    try:
        database().ping()
    except Exception as exc:  # any failure to reach the database is "unhealthy"
        current_app.logger.warning("health check: database unreachable: %s", exc)
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
