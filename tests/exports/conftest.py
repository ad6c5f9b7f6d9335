"""Service results to render: the hand-checked quarter of tests/services/test_reports.py."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from calendar_app.services import planning
from calendar_app.services import reports
from tests.services.test_reports import seed_quarter

ZONE = ZoneInfo("Europe/Amsterdam")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
#: PDF points; ReportLab's A3 and A4 to the hundredth.
A3 = (841.89, 1190.55)
A4 = (595.28, 841.89)


@pytest.fixture
def seeded(session: Session) -> Session:
    seed_quarter(session)
    return session


@pytest.fixture
def year_plan(seeded: Session) -> planning.YearPlan:
    from calendar_app.services.accounts import workgroup_by_slug

    return planning.year_plan(seeded, workgroup=workgroup_by_slug(seeded, "zuid"), year=2026,
                              zone=ZONE)


@pytest.fixture
def report(seeded: Session) -> reports.Report:
    from calendar_app.services.accounts import workgroup_by_slug

    return reports.evaluation_report(seeded, workgroup=workgroup_by_slug(seeded, "zuid"),
                                     first=date(2026, 4, 1), last=date(2026, 6, 30), zone=ZONE)


def page_size(data: bytes) -> list[tuple[float, float]]:
    """(short side, long side) of every page, rounded to 0.01 pt."""
    reader = PdfReader(io.BytesIO(data))
    return [tuple(sorted((round(float(page.mediabox.width), 2),  # type: ignore[misc]
                          round(float(page.mediabox.height), 2)))) for page in reader.pages]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def render_first_page(data: bytes, name: str) -> Path:
    """Page 1 as PNG under tests/artifacts/ for a human to look at; returns the path."""
    import pypdfium2

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=1.5).to_pil()
        path = ARTIFACTS / f"{name}.png"
        image.save(path)
    finally:
        document.close()
    return path
