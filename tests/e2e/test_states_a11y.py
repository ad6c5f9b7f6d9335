"""The pages and states the other browser tests do not reach: zero axe WCAG 2.1 A/AA
violations on the coordinator's review page, the edit form, a new workgroup, the
password pages (reset and invitation), "link sent", "link not valid", the busy and
"already answered" feedback states, the unsubscribe page and the error pages; checkboxes
beside their labels; and the planning check answering while a date is chosen."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.invitations import Links
from calendar_app.services.invitations import invite
from calendar_app.services.unsubscribe import make_token
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.conftest import LiveServer
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import submit
from tests.factories import make_activity
from tests.web.accounts_data import add_failing_routes
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import people

LANGS = ["nl", "en"]


def _tab(browser, live_server: LiveServer):  # type: ignore[no-untyped-def]
    return browser.new_context(base_url=live_server.url,
                               viewport=VIEWPORTS["desktop"]).new_page()


def _problems(page, name: str, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    assert page.locator("html").get_attribute("lang") == lang, name
    assert page.locator("h1").count() == 1, name
    screenshot(page, f"state-{name}-{lang}")
    return axe_check(page)


def _with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def _zuid(database: Database) -> tuple[Workgroup, User]:
    with database.session() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        coordinator = session.scalars(
            select(User).where(User.email == "coord@example.org")).one()
    return zuid, coordinator


@pytest.mark.parametrize("lang", LANGS)
def test_review_edit_and_new_workgroup_pass_axe(  # type: ignore[no-untyped-def]
        page, browser, live_server: LiveServer, database: Database, lang: str) -> None:
    people(database)
    catalogue(database)
    zuid, _coordinator = _zuid(database)
    with database.transaction() as session:
        proposal = make_activity(session, zuid, title="Iftar-maaltijd", status="proposed",
                                 budget_estimate=250).public_id
    problems: dict[str, list[str]] = {}
    log_in(page, "coord@example.org")
    for name, path in {"review": f"/activities/{proposal}/review",
                       "activity-edit": f"/activities/{proposal}/edit"}.items():
        page.goto(_with_lang(path, lang))
        problems[name] = _problems(page, name, lang)
    admin = _tab(browser, live_server)
    log_in(admin, "admin@example.org")
    admin.goto(_with_lang("/workgroups/new", lang))
    problems["workgroup-new"] = _problems(admin, "workgroup-new", lang)
    submit(admin, "#submit")  # nothing filled in: errors beside the fields
    problems["workgroup-new-errors"] = _problems(admin, "workgroup-new-errors", lang)
    admin.context.close()
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_account_link_pages_pass_axe(  # type: ignore[no-untyped-def]
        page, live_server: LiveServer, database: Database, lang: str) -> None:
    people(database)
    zuid, coordinator = _zuid(database)
    links = Links(live_server.app.config["SECRET_KEY"], live_server.settings.base_url)
    with database.transaction() as session:
        invite(session, workgroup=session.merge(zuid), email="nieuw@example.org",
               name="Noor Nieuw", role="member", lang=lang, inviter=session.merge(coordinator),
               links=links, now=datetime.now(UTC))
    problems: dict[str, list[str]] = {}
    page.goto(_with_lang("/forgot", lang))
    page.fill("#email", "member@example.org")
    submit(page, "#submit")
    problems["forgot-sent"] = _problems(page, "forgot-sent", lang)
    with database.session() as session:
        urls = {message.kind: message.payload.get("reset_url") or message.payload["invite_url"]
                for message in session.scalars(select(OutboxMessage))}
    for name, kind in {"password-reset": "password-reset",
                       "password-invitation": "invitation"}.items():
        page.goto(_with_lang(urlsplit(urls[kind]).path, lang))
        problems[name] = _problems(page, name, lang)
    page.goto(_with_lang("/reset/not-a-real-token", lang))
    problems["link-invalid"] = _problems(page, "link-invalid", lang)
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_busy_and_already_answered_feedback_states_pass_axe(  # type: ignore[no-untyped-def]
        page, browser, live_server: LiveServer, database: Database, lang: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from calendar_app.web import planning_public

    monkeypatch.setattr(planning_public, "FEEDBACK_LIMIT", "1/hour")
    people(database)
    zuid, _coordinator = _zuid(database)
    with database.transaction() as session:
        public_id = make_activity(session, zuid, title="Keti Koti-lunch",
                                  on=datetime.now(live_server.settings.zone).date()).public_id
    problems: dict[str, list[str]] = {}
    page.goto(_with_lang(f"/feedback/{public_id}", lang))
    page.fill("#comment", "Fijne sfeer")
    page.get_by_role("button").last.click()
    page.wait_for_url("**thanks=1**")
    page.goto(_with_lang(f"/feedback/{public_id}", lang))
    assert page.locator(".notice--ok").count() == 1
    problems["feedback-already"] = _problems(page, "feedback-already", lang)
    other = _tab(browser, live_server)  # another browser, after the limit is reached
    other.goto(_with_lang(f"/feedback/{public_id}", lang))
    other.fill("#comment", "Ook fijn")
    with other.expect_navigation():
        other.get_by_role("button").last.click()
    problems["feedback-busy"] = _problems(other, "feedback-busy", lang)
    other.context.close()
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_unsubscribe_page_passes_axe(page, database: Database,  # type: ignore[no-untyped-def]
                                         live_server: LiveServer) -> None:
    people(database)
    with database.session() as session:
        member = session.scalars(
            select(User.id).where(User.email == "member@example.org")).one()
    page.goto(f"/u/{make_token(live_server.app.config['SECRET_KEY'], member)}")
    assert page.locator("p[lang=en]").count() >= 1
    assert _problems(page, "unsubscribe", "nl") == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_error_pages_pass_axe(page, live_server: LiveServer,  # type: ignore[no-untyped-def]
                                  database: Database, lang: str) -> None:
    app = add_failing_routes(live_server.app)
    app.config.update(LOGIN_RATE_LIMIT="1 per 5 minutes")

    people(database)
    problems: dict[str, list[str]] = {}
    for name, path in {"error-409": "/_conflict", "error-500": "/_fault"}.items():
        page.goto(_with_lang(path, lang))
        problems[name] = _problems(page, name, lang)
    log_in(page, "member@example.org")  # the one login POST this window allows
    page.goto(_with_lang("/workgroups/zuid/edit", lang))
    problems["error-403"] = _problems(page, "error-403", lang)
    page.goto(_with_lang("/login", lang))
    page.fill("#email", "member@example.org")
    page.fill("#password", "wrong guess number x")
    submit(page, "#submit")
    assert page.locator("main").inner_text().count(":") >= 1  # "try again from 14:05"
    problems["error-429"] = _problems(page, "error-429", lang)
    assert {name: found for name, found in problems.items() if found} == {}


def test_checkboxes_sit_beside_their_labels(page, database: Database) -> None:  # type: ignore[no-untyped-def]
    people(database)
    catalogue(database)
    log_in(page, "member@example.org")
    page.goto("/activities/new")
    for name in ("all_day", "wheelchair", "sign_language", "captions", "quiet_room"):
        box = page.locator(f"#{name}").bounding_box()
        label = page.locator(f"label[for={name}]").bounding_box()
        assert box and label
        middle = box["y"] + box["height"] / 2
        assert label["y"] <= middle <= label["y"] + label["height"], name  # on one line
        assert 0 <= label["x"] - (box["x"] + box["width"]) <= 24, name  # just before it
    screenshot(page, "activity-form-checkboxes")


def test_the_planning_check_answers_while_a_date_is_chosen(  # type: ignore[no-untyped-def]
        page, database: Database) -> None:
    people(database)
    catalogue(database)
    log_in(page, "member@example.org")
    page.goto("/activities/new?lang=en")
    live = page.locator("#planning-check-live")
    assert live.get_attribute("aria-live") == "polite"
    assert live.inner_text().strip() == ""
    page.fill("#start_date", "2026-05-04")  # fires "change", as picking a date does
    page.wait_for_selector("#planning-check-live li")
    assert "Remembrance" in live.inner_text()
    page.fill("#end_date", "2026-05-06")
    # Liberation Day is both an observance and a CAO day off: the observance's item.
    page.locator("#planning-check-live ul.checks:not(.days-off) li",
                 has_text="Liberation Day").wait_for()
    assert "Liberation Day" in live.locator("ul.days-off").inner_text()
    assert page.url.endswith("/activities/new?lang=en")  # nothing was submitted
    assert axe_check(page) == []
    # The missing favicon is the only failed load.
    assert [error for error in page.console_errors
            if not error.startswith("Failed to load resource")] == []
