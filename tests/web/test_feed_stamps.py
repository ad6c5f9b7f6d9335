"""A public feed's bytes, DTSTAMP included, change only with that feed's own content.

The shared data version moves on any change; a stamp taken from it changed every
DTSTAMP in every public feed on an edit to an unpublished proposal (outsiders could
see that proposals happen, and every subscriber downloaded every feed again).
"""

from __future__ import annotations

from flask.testing import FlaskClient

from calendar_app.db import Database
from tests.web.accounts_data import catalogue
from tests.web.test_feed_freshness import Zuid
from tests.web.test_feed_freshness import act
from tests.web.test_feed_freshness import edit
from tests.web.test_feed_freshness import fetch
from tests.web.test_feed_freshness import propose
from tests.web.test_feed_freshness import zuid  # noqa: F401  (fixture)

PUBLIC = ("/feed.ics", "/feeds/themadagen.ics")


def _published_and_proposed(database: Database, zuid: Zuid) -> tuple[int, int]:  # noqa: F811
    catalogue(database)
    published = propose(database, zuid, "Keti Koti-lunch")
    act(database, zuid, published, "publish")
    return published, propose(database, zuid, "Nog geheim")


def test_a_proposal_edit_leaves_every_public_feed_byte_identical(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:  # noqa: F811
    _, proposal = _published_and_proposed(database, zuid)
    before = {url: fetch(client, url) for url in PUBLIC}
    edit(database, zuid, proposal, "Nog steeds geheim")
    for url, first in before.items():
        again = fetch(client, url)
        assert b"DTSTAMP:" in first.data
        assert again.data == first.data, url
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
        assert fetch(client, url, **{"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_a_published_edit_changes_the_feeds_that_show_it_only(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:  # noqa: F811
    published, _ = _published_and_proposed(database, zuid)
    feed, observances = (fetch(client, url) for url in PUBLIC)
    edit(database, zuid, published, "Keti Koti-lunch (nieuwe zaal)")
    changed = fetch(client, "/feed.ics")
    assert b"Keti Koti-lunch (nieuwe zaal)" in changed.data
    assert changed.headers["ETag"] != feed.headers["ETag"]
    assert changed.last_modified > feed.last_modified
    assert fetch(client, "/feeds/themadagen.ics").data == observances.data
