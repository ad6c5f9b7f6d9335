"""A member proposes, a coordinator publishes or declines, in a real browser."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from calendar_app.db import Database
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import submit
from tests.web.accounts_data import people

DAY = (datetime.now(ZoneInfo("Europe/Amsterdam")) + timedelta(days=20)).date()


def _propose(page, title: str, *, synergy: bool = False,  # type: ignore[no-untyped-def]
             description: str = "") -> str:
    page.goto("/activities/new?workgroup=zuid")
    if synergy:
        page.check("#kind-2")
    page.fill("#title", title)
    page.fill("#description", description)
    page.fill("#start_date", DAY.isoformat())
    page.fill("#start_time", "10:00")
    page.fill("#end_date", DAY.isoformat())
    page.fill("#end_time", "16:00")
    page.fill("#location", "Stadhuis, Amstel 1")
    page.select_option("#phase", "bewustwording")
    if synergy:
        for row, (name, start, end) in enumerate([("Opening", "10:00", "10:30"),
                                                  ("Workshop", "10:30", "12:00")]):
            page.fill(f"#sessions-{row}-title", name)
            page.fill(f"#sessions-{row}-start_time", start)
            page.fill(f"#sessions-{row}-end_time", end)
            page.fill(f"#sessions-{row}-host", "Sam")
    page.click("#submit")
    page.wait_for_url("**/review")
    return page.url.split("/activities/")[1].split("/")[0]


def _as_coordinator(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    log_in(page, "coord@example.org")
    return context, page


def test_synergy_day_proposed_published_and_shown(page, browser, live_server,  # type: ignore[no-untyped-def]
                                                   database: Database) -> None:
    people(database)
    log_in(page, "member@example.org")
    public_id = _propose(page, "Synergiedag Zuid", synergy=True)
    screenshot(page, "activity-proposed")
    context, coordinator = _as_coordinator(browser, live_server)
    coordinator.goto(f"/activities/{public_id}/review")
    submit(coordinator, "text=Publiceren")
    assert "Gepubliceerd" in coordinator.inner_text("main")
    context.close()
    month = page.goto(f"/maand/{DAY:%Y-%m}")
    assert month is not None and "Synergiedag Zuid" in page.inner_text("main")
    feed = page.request.get("/feed.ics")
    assert feed.ok and "Synergiedag Zuid" in feed.text()
    page.goto(f"/activities/{public_id}")
    assert "Opening" in page.inner_text("main") and "Workshop" in page.inner_text("main")


def test_declined_proposal_never_appears(page, browser, live_server,  # type: ignore[no-untyped-def]
                                         database: Database) -> None:
    people(database)
    log_in(page, "member@example.org")
    public_id = _propose(page, "Afgewezen lunch")
    context, coordinator = _as_coordinator(browser, live_server)
    coordinator.goto(f"/activities/{public_id}/review")
    coordinator.click("summary:has-text('Afwijzen')")  # the confirmation opens first
    coordinator.fill("#reason", "Deze datum valt samen met de herdenking.")
    submit(coordinator, "text=Ja, afwijzen")
    context.close()
    page.goto(f"/maand/{DAY:%Y-%m}")
    assert "Afgewezen lunch" not in page.inner_text("main")
    assert "Afgewezen lunch" not in page.request.get("/feed.ics").text()
    assert page.goto(f"/activities/{public_id}").status == 404  # type: ignore[union-attr]


def test_invalid_input_shows_errors_and_keeps_values(page, database: Database) -> None:  # type: ignore[no-untyped-def]
    people(database)
    log_in(page, "member@example.org")
    page.goto("/activities/new?workgroup=zuid")
    page.fill("#location", "Zaal 7")
    page.fill("#start_date", "2026-06-30")
    page.fill("#end_date", "2026-06-01")
    submit(page, "#submit")
    assert page.locator("#title-error").is_visible()
    assert page.locator("#end_date-error").inner_text().strip().endswith(
        "Het einde ligt voor het begin.")
    assert page.get_attribute("#title", "aria-invalid") == "true"
    assert page.input_value("#location") == "Zaal 7"
    assert page.input_value("#start_date") == "2026-06-30"
    screenshot(page, "activity-form-errors")


def test_post_without_csrf_token_is_refused(page, database: Database) -> None:  # type: ignore[no-untyped-def]
    people(database)
    log_in(page, "member@example.org")
    response = page.request.post("/activities/new", form={"title": "Sneaky"})
    assert response.status == 400


def test_script_in_description_is_inert(page, browser, live_server,  # type: ignore[no-untyped-def]
                                        database: Database) -> None:
    people(database)
    log_in(page, "member@example.org")
    public_id = _propose(page, "Scriptles", description="<script>window.pwned = 1</script>"
                         "<img src=x onerror=\"window.pwned = 2\">")
    context, coordinator = _as_coordinator(browser, live_server)
    coordinator.goto(f"/activities/{public_id}/review")
    submit(coordinator, "text=Publiceren")
    context.close()
    page.goto(f"/activities/{public_id}")
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned = 1</script>" in page.inner_text("main")
