"""Account, workgroup and activity pages: zero axe WCAG 2.1 A/AA violations logged in, in
Dutch and English, with screenshots; the activity form filled and sent by keyboard alone."""

from __future__ import annotations

import pytest

from calendar_app.db import Database
from tests.e2e.conftest import VIEWPORTS
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


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_account_and_form_pages_pass_axe(page, database: Database, lang: str) -> None:  # type: ignore[no-untyped-def]
    people(database)
    catalogue(database)
    problems: dict[str, list[str]] = {}
    for name, path in {"login": "/login", "forgot": "/forgot"}.items():
        page.goto(f"{path}?lang={lang}")
        problems[name] = _problems(page, name, lang)
    submit(page, "#submit")  # empty login: errors shown
    problems["login-errors"] = _problems(page, "login-errors", lang)
    log_in(page, "coord@example.org")
    for name, path in {"workgroups": "/workgroups/", "workgroup": "/workgroups/zuid",
                       "workgroup-edit": "/workgroups/zuid/edit",
                       "activity-form": "/activities/new"}.items():
        page.goto(f"{path}?lang={lang}")
        problems[name] = _problems(page, name, lang)
    page.fill("#start_date", "2026-05-04")
    page.fill("#end_date", "2026-05-03")
    submit(page, "#submit")
    problems["activity-form-errors"] = _problems(page, "activity-form-errors", lang)
    page.fill("#end_date", "2026-05-04")
    submit(page, "#check_dates")
    problems["activity-form-check"] = _problems(page, "activity-form-check", lang)
    assert {name: found for name, found in problems.items() if found} == {}


def test_activity_form_by_keyboard_alone(browser, live_server, database: Database) -> None:  # type: ignore[no-untyped-def]
    people(database)
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    log_in(page, "member@example.org")
    page.goto("/activities/new?workgroup=zuid&lang=en")
    # 6 June: day and month read the same in any locale's field order; the trailing P
    # completes a 12-hour clock and is ignored by a 24-hour one.
    typed = {"title": "Keyboard lunch", "start_date": "06062026", "start_time": "1200P",
             "end_date": "06062026", "end_time": "1300P", "location": "Zaal 3"}
    done: set[str] = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        if focused in typed and focused not in done:
            page.keyboard.type(typed[focused])
            done.add(focused)
        elif focused == "phase" and focused not in done:
            page.keyboard.press("ArrowDown")  # first real phase
            done.add(focused)
        elif focused == "submit":
            with page.expect_navigation():
                page.keyboard.press("Enter")
            break
    errors = page.locator(".field-error").all_inner_texts()
    assert errors == [] and page.url.endswith("/review"), (errors, done)
    assert done == set(typed) | {"phase"}
    assert "Keyboard lunch" in page.inner_text("h1")
    context.close()
