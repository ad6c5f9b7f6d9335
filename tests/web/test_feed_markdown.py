"""A feed's DESCRIPTION is plain text: the Markdown of an activity is read, not shown."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from flask.testing import FlaskClient
from icalendar import Calendar

from calendar_app.db import Database
from tests.factories import make_activity
from tests.factories import make_workgroup
from tests.test_markdown_text import MARKUP
from tests.test_markdown_text import SAMPLE


def test_no_markdown_syntax_in_any_feed_description(client: FlaskClient,
                                                    database: Database) -> None:
    today = datetime.now(UTC).date()
    with database.transaction() as session:
        zuid = make_workgroup(session)
        make_activity(session, zuid, title="Lunchlezing", description=SAMPLE,
                      on=date(today.year, today.month, 1))
    for url in ("/feed.ics", "/feeds/activiteiten.ics", "/feeds/werkgroep/zuid.ics"):
        response = client.get(url)
        assert response.status_code == 200
        descriptions = [str(event.get("DESCRIPTION", ""))
                        for event in Calendar.from_ical(response.data).walk("VEVENT")]
        ours = [text for text in descriptions if "Keti Koti" in text]
        assert ours, url
        for text in descriptions:
            assert not any(mark in text for mark in MARKUP), (url, text)
