"""Planning pages in Chromium: zero axe WCAG 2.1 A/AA violations on the anonymous
feedback page (form, errors, thanks) and the report, budget, plan and evaluation pages,
in Dutch and English, with screenshots; feedback sent without logging in."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy import text

from calendar_app.db import Database
from calendar_app.models import Workgroup
from calendar_app.models import YearBudget
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.factories import CREATED
from tests.factories import make_activity
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import people


def _seed(database: Database, today: datetime) -> str:
    """People, the catalogue, a budget that is over-committed, an activity held today."""
    people(database)
    catalogue(database)
    with database.transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        session.add(YearBudget(workgroup_id=zuid.id, year=today.year, amount=Decimal("500"),
                               updated_at=CREATED))
        make_activity(session, zuid, title="Voorbereiding", on=(today - timedelta(1)).date(),
                      phase="bewustwording", budget_estimate=Decimal("450.00"), attendance=12)
        held = make_activity(session, zuid, title="Keti Koti-lunch", on=today.date(),
                             phase="toerusting", themes=["afkomst"],
                             budget_estimate=Decimal("100.00"))
        return held.public_id


def _problems(page, name: str, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1, name
    screenshot(page, f"planning-{name}-{lang}")
    return axe_check(page)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_feedback_page_passes_axe_and_works_without_login(  # type: ignore[no-untyped-def]
        page, live_server, database: Database, lang: str) -> None:
    zone = live_server.settings.zone
    public_id = _seed(database, datetime.now(zone))
    problems: dict[str, list[str]] = {}
    page.goto(f"/feedback/{public_id}?lang={lang}")
    problems["feedback"] = _problems(page, "feedback", lang)
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button").last.click()  # nothing answered: errors shown
    page.wait_for_load_state()
    problems["feedback-errors"] = _problems(page, "feedback-errors", lang)
    page.locator("input[type=radio][value='4']").first.check()
    page.fill("#comment", "Fijne sfeer")
    page.get_by_role("button").last.click()
    page.wait_for_url("**thanks=1**")
    problems["feedback-thanks"] = _problems(page, "feedback-thanks", lang)
    assert {name: found for name, found in problems.items() if found} == {}
    with database.session() as session:
        assert session.scalar(text("SELECT comment FROM feedback_responses")) == "Fijne sfeer"
    # The refused first POST (400) and the missing favicon are the only failed loads.
    assert [error for error in page.console_errors
            if not error.startswith("Failed to load resource")] == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_and_planning_pages_pass_axe(  # type: ignore[no-untyped-def]
        page, live_server, database: Database, lang: str) -> None:
    today = datetime.now(live_server.settings.zone)
    public_id = _seed(database, today)
    log_in(page, "coord@example.org")
    quarter = (today.month - 1) // 3 + 1
    paths = {"report": f"/planning/zuid/report?period={today.year}-Q{quarter}",
             "report-error": "/planning/zuid/report?period=nonsense",
             "plan": f"/planning/zuid/{today.year}",
             "budget": f"/planning/zuid/{today.year}/budget",
             "evaluation": f"/planning/activities/{public_id}/evaluation",
             "questions": "/planning/zuid/questions"}
    problems: dict[str, list[str]] = {}
    for name, path in paths.items():
        separator = "&" if "?" in path else "?"
        page.goto(f"{path}{separator}lang={lang}")
        problems[name] = _problems(page, name, lang)
    page.goto(f"{paths['report']}&lang={lang}")
    chart = page.locator("figure.chart img")
    assert chart.get_attribute("alt")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert {name: found for name, found in problems.items() if found} == {}
