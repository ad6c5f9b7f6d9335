"""/healthz tells a load balancer whether the database answers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from calendar_app.config import Settings
from calendar_app.web import create_app


def test_healthz_is_200_when_the_database_answers(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(
        settings: Settings, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    app = create_app(replace(settings, database_url=f"sqlite:///{missing}"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_home_page_answers(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    assert response.status_code == 200
    assert b"Binnenkort" in response.data
