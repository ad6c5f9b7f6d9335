"""The subscribe page in a browser: the options build the address live (script), the
same address as the no-script form gives, and both pass axe."""

from __future__ import annotations

from tests.e2e.conftest import axe_check
from tests.e2e.conftest import submit
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

EXPECTED = "/feed.ics?type=observance&theme=lhbtiq&lang=en"


def test_the_options_build_the_address_as_you_choose(page, live_server,  # type: ignore[no-untyped-def]
                                                      public_data: PublicData) -> None:
    page.goto("/subscribe")
    assert page.locator("#options-submit").is_hidden()  # the script makes it live
    page.check("#kind-observance")
    page.click(".subscribe-options__more > summary")
    page.check("#theme-lhbtiq")
    page.check("#feed-lang-en")
    https = live_server.settings.base_url + EXPECTED
    assert page.input_value("#plain-https") == https
    assert page.input_value("#classic-https") == https
    assert page.locator("[data-feed=webcal]").first.get_attribute("href") == \
        "webcal://" + https.split("://", 1)[1]
    assert "theme%3Dlhbtiq" in (page.locator("[data-feed=qr]").get_attribute("src") or "")
    assert page.locator("[data-feed=name]").inner_text() == \
        "Diversiteitskalender: Alleen themadagen, LHBTIQ+"
    assert page.request.get(EXPECTED).status == 200
    assert axe_check(page) == []


def test_without_the_script_the_form_gives_the_same_address(browser, live_server,  # type: ignore[no-untyped-def]
                                                            public_data: PublicData) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/subscribe")
    tab.check("#kind-observance")
    tab.click(".subscribe-options__more > summary")
    tab.check("#theme-lhbtiq")
    tab.check("#feed-lang-en")
    submit(tab, "#options-submit")
    assert tab.input_value("#plain-https") == live_server.settings.base_url + EXPECTED
    context.close()
