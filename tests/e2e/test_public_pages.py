"""Every public page type in a real browser: zero axe WCAG 2.1 A/AA violations in Dutch
and English, no CSP errors, keyboard use of the month page, and screenshots for review."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.web.accounts_data import PASSWORD
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

PAGES = {
    "home": "/",
    "month": "/maand/2026-05",
    "month-long": "/maand/2026-10",
    "year": "/jaar/2026",
    "list": "/lijst?from=2026-05-01&to=2026-05-31",
    "list-error": "/lijst?from=2026-05-31&to=2026-05-01",
    "observance": "/observances/idahot",
    "observance-undated": "/observances/roze-filmdagen",
    "check": "/check?from=2026-05-04&to=2026-05-05",
    "check-error": "/check?from=2026-05-05&to=2026-05-04",
    "accessibility": "/toegankelijkheid",
    "subscribe": "/subscribe",
    "feed-check": "/feed-check",
    "not-found": "/maand/2026-13",
}


def _paths(data: PublicData) -> dict[str, str]:
    return PAGES | {"activity": f"/activities/{data.published}",
                    "synergy-day": f"/activities/{data.synergy}",
                    "cancelled": f"/activities/{data.cancelled}"}


@pytest.mark.parametrize("logged_in", [False, True], ids=["logged-out", "logged-in"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_public_page_passes_axe(
        page, public_data: PublicData, database, lang: str, logged_in: bool) -> None:  # type: ignore[no-untyped-def]
    if logged_in:
        _log_in_as_a_member(page, database)
    problems = {}
    for name, path in _paths(public_data).items():
        joiner = "&" if "?" in path else "?"
        page.goto(f"{path}{joiner}lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").count() == 1, name
        violations = axe_check(page)
        if violations:
            problems[name] = violations
        screenshot(page, f"{name}-{lang}{'-logged-in' if logged_in else ''}")
    assert problems == {}
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def _log_in_as_a_member(page, database) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC
    from datetime import datetime

    from calendar_app.services.accounts import create_user

    with database.transaction() as session:
        create_user(session, email="lid@example.org", name="Lid", workgroup_slug="pride-netwerk",
                    password=PASSWORD, now=datetime.now(UTC))
    log_in(page, "lid@example.org")
    assert page.get_by_role("button", name="Uitloggen").count() == 1


def test_month_prev_next_links_are_reached_by_tab(
        page, public_data: PublicData) -> None:  # type: ignore[no-untyped-def]
    page.goto("/maand/2026-05")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('href')"))
        if "/maand/2026-06" in reached:
            break
    assert reached[0] == "#main"  # the skip link comes first
    assert "/maand/2026-04" in reached and "/maand/2026-06" in reached
    page.keyboard.press("Enter")
    page.wait_for_url("**/maand/2026-06")
    assert page.locator("h1").inner_text() == "juni 2026"


def test_skip_link_moves_focus_to_the_content(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/jaar/2026")
    page.keyboard.press("Tab")
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_link_switches_and_is_remembered(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/maand/2026-05")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**lang=en**")
    assert page.locator("h1").inner_text() == "May 2026"
    page.get_by_role("link", name="Year", exact=True).click()
    page.wait_for_url("**/jaar**")
    assert page.locator("html").get_attribute("lang") == "en"


def test_phone_width_month_lists_days_without_sideways_scrolling(
        page, public_data: PublicData) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/maand/2026-05")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_text("maandag 4", exact=True).is_visible()


def _pdf(page, path: str):  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    page.goto(path)
    page.emulate_media(media="print")
    return PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))


def _pdf_pages(page, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [pdf_page.extract_text() for pdf_page in _pdf(page, path).pages]


def test_year_prints_each_quarter_on_a_new_a4_page(
        page, public_data: PublicData) -> None:  # type: ignore[no-untyped-def]
    texts = _pdf_pages(page, "/jaar/2026")
    firsts = [next(index for index, text in enumerate(texts) if f"Kwartaal {number}" in text)
              for number in range(1, 5)]
    assert firsts == sorted(set(firsts))  # four quarters, each starting on a later page
    assert all(f"Kwartaal {number}" in texts[firsts[number - 1]].split("\n")[0]
               or texts[firsts[number - 1]].lstrip().startswith(f"Kwartaal {number}")
               for number in range(2, 5))
    assert not any("Planningscheck" in text for text in texts)  # navigation is hidden


def test_month_prints_on_one_a4_page_without_navigation(
        page, public_data: PublicData) -> None:  # type: ignore[no-untyped-def]
    reader = _pdf(page, "/maand/2026-05")
    texts = [pdf_page.extract_text() for pdf_page in reader.pages]
    assert len(texts) == 1
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape, so the seven columns stay readable
    assert "Dodenherdenking" in texts[0]
    assert "Vorige maand" not in texts[0] and "Planningscheck" not in texts[0]
