"""Dutch by default, English by a switch that is remembered; dates follow the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from calendar_app.web.i18n import compile_catalogues
from calendar_app.web.i18n import load_catalog

ROOT = Path(__file__).resolve().parents[2]
#: The public pages' sources (accounts and the activity form are checked by their own tests).
PUBLIC_SOURCES = re.compile(
    r"(pages|calendar_pages|i18n)\.py$|templates/(base|home|month|year|list|observance|"
    r"activity|check|accessibility|error|_items)\.html$")


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def test_dutch_is_the_default(client: FlaskClient) -> None:
    page = text(client.get("/maand/2026-05"))
    assert '<html lang="nl">' in page
    assert "<h1>mei 2026</h1>" in page
    assert "Naar de inhoud" in page


def test_lang_en_switches_the_page_to_english(client: FlaskClient) -> None:
    page = text(client.get("/maand/2026-05?lang=en"))
    assert '<html lang="en">' in page
    assert "<h1>May 2026</h1>" in page
    assert "Skip to content" in page


def test_the_choice_is_remembered_in_a_cookie(client: FlaskClient) -> None:
    first = client.get("/?lang=en")
    assert "lang=en" in first.headers["Set-Cookie"]
    assert '<html lang="en">' in text(client.get("/jaar/2026"))


def test_the_switch_link_keeps_the_path_and_query(client: FlaskClient) -> None:
    page = text(client.get("/lijst?theme=religie&from=2026-05-01&to=2026-05-31"))
    assert 'href="/lijst?theme=religie&amp;from=2026-05-01&amp;to=2026-05-31&amp;lang=en"' in page
    english = text(client.get("/lijst?theme=religie&lang=en"))
    assert 'href="/lijst?theme=religie&amp;lang=nl"' in english


def test_an_unknown_language_falls_back_to_dutch(client: FlaskClient) -> None:
    assert '<html lang="nl">' in text(client.get("/?lang=xx"))


def test_dates_follow_the_language(client: FlaskClient) -> None:
    assert "4 mei 2026" in text(client.get("/check?from=2026-05-04&to=2026-05-04"))
    assert "4 May 2026" in text(client.get("/check?from=2026-05-04&to=2026-05-04&lang=en"))


def test_404_page_in_english(client: FlaskClient) -> None:
    response = client.get("/maand/2025-13?lang=en")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_accessibility_statement_in_english(client: FlaskClient) -> None:
    assert "<h1>Accessibility statement</h1>" in text(client.get("/toegankelijkheid?lang=en"))


def test_every_public_string_has_a_dutch_translation() -> None:
    catalogue = load_catalog("nl")
    assert catalogue is not None
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    missing = [
        (filename, message)
        for filename, _line, message, _comments, _context in extract_from_dir(
            ROOT / "calendar_app" / "web", method_map, options_map=options)
        if PUBLIC_SOURCES.search(filename)
        for message in ([message] if isinstance(message, str) else [message[0]])
        if not (catalogue.get(message) and catalogue.get(message).string)
    ]
    assert missing == []


def test_every_feed_check_detail_has_a_dutch_translation() -> None:
    """The ical layer's message ids (`Detail("...")`) are translated on /feed-check."""
    from babel.messages.extract import extract_from_file

    catalogue = load_catalog("nl")
    assert catalogue is not None
    messages = [message for _line, message, _comments, _context in extract_from_file(
        "python", ROOT / "calendar_app" / "ical" / "check.py", keywords={"Detail": (1,)})]
    assert len(messages) > 10
    assert [message for message in messages
            if not (catalogue.get(message) and catalogue.get(message).string)] == []


def test_catalogue_compiles_to_the_given_folder(tmp_path: Path) -> None:
    folder = compile_catalogues(tmp_path / "translations")
    assert (folder / "nl" / "LC_MESSAGES" / "messages.mo").stat().st_size > 1000


def test_dutch_with_a_relative_instance_folder_as_make_run_uses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: Flask-Babel read `instance/translations` relative to the package, so a
    fresh `make run` (INSTANCE_PATH=instance) showed every page in English."""
    from calendar_app.config import Settings
    from calendar_app.web import create_app

    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"INSTANCE_PATH": "instance"}).ensure_instance()
    app = create_app(settings)
    try:
        page = text(app.test_client().get("/toegankelijkheid"))
    finally:
        app.extensions["database"].dispose()
    assert '<html lang="nl">' in page
    assert "Toegankelijkheidsverklaring" in page


def test_the_role_is_called_coordinator_in_dutch_everywhere() -> None:
    """House rule (issue 14): "coördinator", never "trekker", in every Dutch text."""
    folder = ROOT / "calendar_app" / "translations" / "nl" / "LC_MESSAGES"
    catalogue = load_catalog("nl")
    assert catalogue is not None and catalogue.get("Coordinator").string == "Coördinator"
    assert [po.name for po in sorted(folder.glob("*.po"))
            if "trekker" in po.read_text(encoding="utf-8").lower()] == []
