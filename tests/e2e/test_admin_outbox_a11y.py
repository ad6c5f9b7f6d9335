"""The outbox detail page and the filtered listing (issue 15) pass axe in nl and en;
the detail of a failed message shows the server's reply."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import pytest

from calendar_app.db import Database
from calendar_app.services import outbox
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.web.accounts_data import people

REPLY = "550 5.1.1 <someone@example.org>: no such user"


def _failed_invitation(database: Database) -> int:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with database.transaction() as session:
        row = outbox.enqueue(
            session, dedupe_key="e2e:detail", kind="invitation",
            recipient_email="someone@example.org", lang="nl", now=now,
            payload={"workgroup": "Werkgroep Zuid", "invite_url": "https://k.example/i/x",
                     "name": "Someone", "inviter": "Ada Admin"})
        row.attempts = 1
        outbox.mark_failed(session, row, reason=REPLY, now=now)
        return row.id


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_outbox_detail_and_filters_pass_axe(page, database: Database, lang: str) -> None:  # type: ignore[no-untyped-def]
    people(database)
    row_id = _failed_invitation(database)
    log_in(page, "admin@example.org")
    problems: dict[str, list[str]] = {}
    page.goto(f"/admin/outbox?state=failed&recipient=someone&lang={lang}")
    problems["admin-outbox-filtered"] = axe_check(page)
    page.click("text=someone@example.org")
    assert REPLY in page.locator("#last-error").inner_text()
    assert REPLY in page.locator("#history").inner_text()
    assert "Werkgroep Zuid" in page.frame_locator("#html-part").locator("body").inner_text()
    screenshot(page, f"admin-outbox-row-{lang}")
    problems["admin-outbox-row"] = axe_check(page)
    assert page.url.endswith(f"/admin/outbox/{row_id}") or f"/admin/outbox/{row_id}" in page.url
    assert {name: found for name, found in problems.items() if found} == {}
