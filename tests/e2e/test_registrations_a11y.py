"""Sign-up, confirm, cancel and check-in pages: zero axe WCAG 2.1 A/AA violations in Dutch
and English, with screenshots; the check-in page used on a 390 px wide phone."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from calendar_app.db import Database
from calendar_app.models import User
from calendar_app.services import registrations as reg
from calendar_app.services.registration_links import MANAGE
from calendar_app.services.registration_links import token
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.conftest import LiveServer
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import submit
from tests.factories import make_activity
from tests.web.accounts_data import people

START = (datetime.now(UTC) + timedelta(days=30)).replace(hour=16, minute=0, second=0,
                                                         microsecond=0)


def seed(database: Database, live_server: LiveServer) -> tuple[str, str]:
    """A published activity of zuid with sign-up on, and one pending registrant's link."""
    people(database)
    with database.transaction() as session:
        from sqlalchemy import select

        from calendar_app.models import Workgroup

        workgroup = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        coordinator = session.scalars(select(User).where(
            User.email == "coord@example.org")).one()
        activity = make_activity(session, workgroup, title="Iftar", start_at=START,
                                 end_at=START + timedelta(hours=2), location="Stadhuis")
        reg.configure(session, actor=coordinator, activity=activity, now=START,
                      options=reg.Options(enabled=True, capacity=10))
        person = reg.sign_up(session, live_server.settings, activity=activity,
                             data=reg.SignUp(name="Ayşe Yılmaz", email="ayse@example.org",
                                             needs="Rolstoelplaats"),
                             now=datetime.now(UTC))
        link = token(live_server.settings, person, MANAGE)
        return activity.public_id, f"/activities/{activity.public_id}/aanmelden/{link}"


def _problems(page, name: str, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1, name
    screenshot(page, f"registration-{name}-{lang}")
    return axe_check(page)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_registration_pages_pass_axe(page, database: Database, live_server: LiveServer,  # type: ignore[no-untyped-def]
                                     lang: str) -> None:
    public_id, manage = seed(database, live_server)
    problems: dict[str, list[str]] = {}
    page.goto(f"/activities/{public_id}/aanmelden?lang={lang}")
    problems["sign-up"] = _problems(page, "sign-up", lang)
    submit(page, "#submit")
    problems["sign-up-errors"] = _problems(page, "sign-up-errors", lang)
    page.fill("#name", "Bram")
    page.fill("#email", f"bram-{lang}@example.org")
    submit(page, "#submit")
    problems["sent"] = _problems(page, "sent", lang)
    page.goto(f"{manage}?lang={lang}")
    problems["confirm"] = _problems(page, "confirm", lang)
    submit(page, "form[action$='/bevestigen'] button")
    problems["confirmed"] = _problems(page, "confirmed", lang)
    page.click("details.confirm > summary")  # the confirmation opens first
    submit(page, "form[action$='/afmelden'] button")
    problems["cancelled"] = _problems(page, "cancelled", lang)
    log_in(page, "coord@example.org")
    page.goto(f"/activities/{public_id}/aanwezig?lang={lang}")
    problems["check-in"] = _problems(page, "check-in", lang)
    page.goto(f"/activities/{public_id}/aanmeldingen?lang={lang}")
    problems["roster"] = _problems(page, "roster", lang)
    page.goto(f"/activities/{public_id}?lang={lang}")
    problems["activity"] = _problems(page, "activity", lang)
    assert {name: found for name, found in problems.items() if found} == {}


def test_check_in_on_a_390_px_phone(browser, live_server: LiveServer,  # type: ignore[no-untyped-def]
                                    database: Database) -> None:
    public_id, _manage = seed(database, live_server)
    with database.transaction() as session:
        from calendar_app.services.activities import by_public_id

        activity = by_public_id(session, public_id)
        for index in range(6):
            user = User(email=f"c{index}@example.org", name=f"Collega {index}",
                        created_at=START)
            session.add(user)
            session.flush()
            reg.sign_up_member(session, live_server.settings, activity=activity, user=user,
                               now=datetime.now(UTC))
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["phone"])
    phone = context.new_page()
    log_in(phone, "coord@example.org")
    phone.goto(f"/activities/{public_id}/aanwezig")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("label[for^='present-']").first.bounding_box()
    assert box is not None and box["height"] >= 20 and box["x"] + box["width"] <= 390
    phone.locator("input[name='present']").nth(1).check()
    phone.fill("#walk_in", "Inloper Ilse")
    submit(phone, "button[name='add_walk_in']")
    assert "2 aanwezig" in phone.locator("main").inner_text()
    assert axe_check(phone) == []
    screenshot(phone, "registration-check-in-phone")
    context.close()
