"""Copy, repeat, co-organise and edit "all that follow" in the browser: the flow a
coordinator takes, with zero axe WCAG 2.1 A/AA violations on every new page and form
state, in Dutch and English."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy import select

from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import submit
from tests.web.accounts_data import people

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
#: Tuesday 12 January 2027, 12:00-13:00 Amsterdam time.
START = datetime(2027, 1, 12, 11, 0, tzinfo=UTC)


def _meeting(database: Database) -> str:
    """A published fortnightly-meeting-to-be of Zuid, by its coordinator; its public id."""
    with database.transaction() as session:
        coordinator = session.scalar(select(User).where(User.email == "coord@example.org"))
        zuid = session.scalar(select(Workgroup).where(Workgroup.slug == "zuid"))
        assert coordinator is not None and zuid is not None
        activity = workflow.propose(session, actor=coordinator, data=workflow.ActivityInput(
            workgroup_id=zuid.id, title="Werkgroepoverleg", start_at=START,
            end_at=START + timedelta(hours=1), location="Stadsloket Zuid", phase="borging"),
            now=NOW)
        workflow.publish(session, actor=coordinator, activity=activity, now=NOW)
        return activity.public_id


def _problems(page, name: str, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1, name
    screenshot(page, f"series-{name}-{lang}")
    return axe_check(page)


def _titles(database: Database, public_id: str) -> list[str]:
    with database.session() as session:
        series_id = session.scalar(select(Activity.series_id)
                                   .where(Activity.public_id == public_id))
        rows = session.scalars(select(Activity).where(Activity.series_id == series_id))
        return [row.title for row in sorted(rows, key=lambda row: row.start_at or START)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_copy_repeat_and_edit_the_following_pass_axe(page, database: Database,  # type: ignore[no-untyped-def]
                                                     lang: str) -> None:
    people(database)
    public_id = _meeting(database)
    log_in(page, "coord@example.org")
    problems: dict[str, list[str]] = {}

    page.goto(f"/activities/{public_id}/review?lang={lang}")
    problems["review"] = _problems(page, "review", lang)
    page.check("#coorganisers-0")
    submit(page, "#coorganisers-submit")
    assert "Werkgroep Oost" in page.inner_text("#organised-by + p")
    problems["review-shared"] = _problems(page, "review-shared", lang)

    page.goto(f"/activities/{public_id}/copy?lang={lang}")
    problems["copy"] = _problems(page, "copy", lang)
    page.fill("#day", "2101-01-01")
    submit(page, "#submit")
    assert page.locator(".error-summary").count() == 1
    problems["copy-errors"] = _problems(page, "copy-errors", lang)

    page.goto(f"/activities/{public_id}/repeat?lang={lang}")
    problems["repeat"] = _problems(page, "repeat", lang)
    page.check("#frequency-1")  # every two weeks
    page.fill("#until", "2027-05-18")
    page.fill("#skip", "13-01-2027")  # a Wednesday: not a date of the series
    submit(page, "#submit")
    assert page.locator("#skip-error").count() == 1
    problems["repeat-errors"] = _problems(page, "repeat-errors", lang)
    page.fill("#skip", "09-03-2027")
    submit(page, "#submit")
    assert page.locator(".series-list li").count() == 9
    problems["review-series"] = _problems(page, "review-series", lang)

    page.locator(".series-list li a").nth(3).click()  # the fifth date
    page.wait_for_url("**/review**")
    page.click("a[href$='/edit']")
    page.wait_for_url("**/edit")
    problems["edit-occurrence"] = _problems(page, "edit-occurrence", lang)
    page.fill("#title", "Overleg in zaal 2")
    page.check("#series_scope-1")  # this one and all that follow
    submit(page, "#submit")
    assert _titles(database, public_id) == ["Werkgroepoverleg"] * 4 + ["Overleg in zaal 2"] * 5
    assert {name: found for name, found in problems.items() if found} == {}
