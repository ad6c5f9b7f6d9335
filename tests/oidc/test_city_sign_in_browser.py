"""The city sign-in in a real browser: Chromium, our live app, oidc-provider on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from calendar_app.config import Settings
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import create_workgroup
from tests.e2e.conftest import VIEWPORTS
from tests.oidc.conftest import free_port
from tests.web.accounts_data import NOW
from tests.web.accounts_data import database

pytestmark = pytest.mark.browser


@pytest.fixture
def city_server(db_settings: Settings, start_provider) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app on a free port, its BASE_URL that port, signing in at a provider for it."""
    from calendar_app.web import create_app

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(start_provider(base).settings(db_settings, base))
    with database(app).transaction() as session:
        create_workgroup(session, slug="zuid", name="Zuid", now=NOW)
        create_user(session, email="mia@amsterdam.nl", name="Mia", now=NOW,
                    workgroup_slug="zuid")
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["database"].dispose()


def test_signing_in_through_the_provider_lands_logged_in(browser, city_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=city_server, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto("/login?next=/workgroups/zuid")
    page.click("a[href*='/login/city']")
    page.fill("input[name=login]", "mia@amsterdam.nl")
    page.fill("input[name=password]", "any")
    page.click("button[type=submit]")
    page.click("button[type=submit]")  # the provider's consent page
    page.wait_for_url(f"{city_server}/workgroups/zuid")
    assert "Zuid" in page.inner_text("h1")
    context.close()
