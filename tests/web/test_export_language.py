"""An export's `?lang=` chooses that file's language only; the switch on a page sets the UI."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_an_english_download_leaves_the_pages_in_dutch(client: FlaskClient) -> None:
    download = client.get("/poster/2027-05.pdf?lang=en")
    assert download.status_code == 200
    assert "Set-Cookie" not in download.headers
    assert '<html lang="nl">' in client.get("/jaar/2027").get_data(as_text=True)


def test_an_english_feed_leaves_the_pages_in_dutch(client: FlaskClient) -> None:
    client.get("/feed.ics?lang=en")
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_an_english_download_keeps_a_chosen_english_ui(client: FlaskClient) -> None:
    client.get("/?lang=en")
    client.get("/poster/2027-05.pdf?lang=nl")
    assert '<html lang="en">' in client.get("/jaar/2027").get_data(as_text=True)
