"""Administration and reminder pages: zero axe WCAG 2.1 A/AA violations in Dutch and
English, with screenshots: the outbox (with a failed row), an e-mail preview, the admin
overview with a refused test e-mail, and the workgroup page with the reminder form."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import pytest

from calendar_app.db import Database
from calendar_app.services import outbox
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import submit
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import people


def _problems(page, name: str, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1, name
    screenshot(page, f"{name}-{lang}")
    return axe_check(page)


def _failed_row(database: Database) -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with database.transaction() as session:
        row = outbox.enqueue(session, dedupe_key="e2e:1", kind="invitation",
                             recipient_email="someone@example.org", lang="nl",
                             payload={}, now=now)
        row.state, row.attempts = "failed", 3
        row.last_error = "550 5.1.1 <someone@example.org>: no such user"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_admin_pages_pass_axe(page, database: Database, lang: str) -> None:  # type: ignore[no-untyped-def]
    people(database)
    _failed_row(database)
    log_in(page, "admin@example.org")
    problems: dict[str, list[str]] = {}
    for name, path in {"admin": "/admin/", "admin-outbox": "/admin/outbox",
                       "admin-preview": "/admin/mail/reminder/nl"}.items():
        page.goto(f"{path}?lang={lang}")
        if name == "admin-preview":  # the HTML part renders in its sandboxed frame
            assert "Keti Koti" in page.frame_locator("#html-part").locator("body").inner_text()
            # full-page captures leave a sandboxed (out-of-process) frame blank: shoot it alone
            shot = ARTIFACTS / f"admin-preview-html-{lang}.png"
            page.locator("#html-part").screenshot(path=str(shot))
        problems[name] = _problems(page, name, lang)
    assert [error for error in page.console_errors if "Content Security Policy" in error] == []
    page.goto(f"/admin/?lang={lang}")
    page.fill("#recipient", "not an address")
    submit(page, "#submit")
    problems["admin-errors"] = _problems(page, "admin-errors", lang)
    page.click(".error-summary a")
    assert page.evaluate("document.activeElement.id") == "recipient"
    page.goto(f"/admin/outbox?state=failed&lang={lang}")
    submit(page, "form.inline-form button")
    problems["admin-outbox-retried"] = _problems(page, "admin-outbox-retried", lang)
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_workgroup_page_with_reminder_form_passes_axe(page, database: Database,  # type: ignore[no-untyped-def]
                                                      lang: str) -> None:
    people(database)
    catalogue(database)
    log_in(page, "coord@example.org")
    problems: dict[str, list[str]] = {}
    page.goto(f"/workgroups/zuid?lang={lang}")
    problems["workgroup-reminders"] = _problems(page, "workgroup-reminders", lang)
    page.fill("#awareness_days", "42, soon")
    page.fill("#send_time", "25:00")
    submit(page, "#rule-submit")
    assert page.locator("#awareness_days-error").count() == 1
    problems["workgroup-reminders-errors"] = _problems(page, "workgroup-reminders-errors", lang)
    page.fill("#awareness_days", "14, 2")
    page.fill("#send_time", "08:30")
    submit(page, "#rule-submit")
    assert page.locator("#awareness_days").input_value() == "14, 2"
    page.check("input[name=mode][value=digest]")  # the coordinator's own choice
    submit(page, "#mode-submit")
    assert page.locator("input[name=mode][value=digest]").is_checked()
    problems["workgroup-my-reminders"] = _problems(page, "workgroup-my-reminders", lang)
    submit(page, "#feed-token-submit")
    assert "/feeds/intern/" in page.locator("#feed-url code").inner_text()
    problems["workgroup-feed-token"] = _problems(page, "workgroup-feed-token", lang)
    assert {name: found for name, found in problems.items() if found} == {}
