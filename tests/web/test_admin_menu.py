"""The header menu offers "Beheer" (/admin/) to an administrator only (issue 14): a
coordinator or member does not see a link they cannot follow. Both shapes of the menu
(the wide row and the phone's disclosure) carry the same links."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.page_html import parse


def _menu_links(app: Flask, email: str) -> list[list[tuple[str, str]]]:
    """(href, text) of each main menu on the home page, for `email` logged in."""
    people(app)
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    tree = parse(client.get("/").get_data(as_text=True))
    menus = [nav for nav in tree.find_all("nav") if nav.attrs.get("aria-label") == "Hoofdmenu"]
    assert len(menus) == 2
    return [[(link.attrs["href"], link.all_text().strip()) for link in nav.find_all("a")]
            for nav in menus]


def test_an_administrator_sees_the_admin_link_in_the_menu(app: Flask) -> None:
    for links in _menu_links(app, "admin@example.org"):
        assert ("/admin/", "Beheer") in links


@pytest.mark.parametrize("email", ["coord@example.org", "member@example.org"])
def test_a_coordinator_or_member_has_no_admin_link(app: Flask, email: str) -> None:
    for links in _menu_links(app, email):
        assert links and not [href for href, _text in links if href.startswith("/admin")]
