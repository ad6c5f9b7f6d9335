"""Every e-mail in the city's style: an HTML part with inline styles whose colours are
the Amsterdam Design System's tokens, and a tidy text part (each label on its own line).

Mail clients drop style sheets and external fonts, so the look must be in `style=`
attributes; the colours are read from the committed tokens file, so a token change the
mails do not follow fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import pytest

from calendar_app.config import Settings
from notifier import KINDS
from notifier import Message
from notifier import compose
from tests.notifier.conftest import reminder_context
from tests.notifier.test_compose import SAMPLE_CONTEXT

TOKENS = Path(__file__).parents[2] / "calendar_app/web/static/ads/tokens/index.css"


def token(name: str) -> str:
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", TOKENS.read_text(encoding="utf-8"))
    assert found, f"token {name} not in {TOKENS}"
    return found.group(1).lower()


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


Parts = tuple[str, list[tuple[str, dict[str, str]]]]


def parts(email: EmailMessage) -> Parts:
    text = email.get_body(("plain",))
    html = email.get_body(("html",))
    assert isinstance(text, EmailMessage) and isinstance(html, EmailMessage)
    parser = Elements()
    parser.feed(str(html.get_content()))
    return str(text.get_content()), parser.tags


@pytest.fixture(params=KINDS)
def every_kind(request: pytest.FixtureRequest, make_message: Callable[..., Message],
               mail_settings: Settings, now: datetime) -> Parts:
    kind = str(request.param)
    return parts(compose(make_message(kind=kind, context=SAMPLE_CONTEXT[kind]),
                         mail_settings, now=now))


def test_the_html_part_has_no_style_sheet_and_loads_nothing(every_kind: Parts) -> None:
    _text, tags = every_kind
    assert not [tag for tag, _attrs in tags if tag in ("style", "link", "script", "img")]


def test_the_body_uses_the_city_font_and_the_text_token(every_kind: Parts) -> None:
    _text, tags = every_kind
    body = next(attrs for tag, attrs in tags if tag == "body")
    assert "'Amsterdam Sans'" in body["style"]
    assert f"color: {token('ams-color-text')}" in body["style"].lower()


def test_every_link_has_the_interactive_token_colour(every_kind: Parts) -> None:
    _text, tags = every_kind
    links = [attrs for tag, attrs in tags if tag == "a"]
    assert links
    assert all(f"color: {token('ams-color-interactive')}" in attrs.get("style", "").lower()
               for attrs in links), links


def test_separators_have_the_separator_token_colour(every_kind: Parts) -> None:
    _text, tags = every_kind
    rule = next(attrs for tag, attrs in tags if tag == "hr")
    assert token("ams-color-separator") in rule["style"].lower()


@pytest.mark.parametrize("lang, labels", [
    ("nl", ("Wanneer:", "Waar:", "Online:", "Meer informatie:")),
    ("en", ("When:", "Where:", "Online:", "More information:")),
])
def test_each_label_of_a_reminder_starts_its_own_line(make_message: Callable[..., Message],
                                                      mail_settings: Settings, now: datetime,
                                                      lang: str, labels: tuple[str, ...]) -> None:
    item = reminder_context(start_time="09:30", end_time="16:00", location="Stadhuis",
                            online_url="https://teams.example/m")
    context = {**item, "items": [item]}  # as planning writes it
    text, _tags = parts(compose(make_message(lang=lang, context=context), mail_settings,
                                now=now))
    lines = text.splitlines()
    for label in labels:
        assert [line for line in lines if line.startswith(label)], (label, text)
        assert not [line for line in lines if label in line and not line.startswith(label)]


def test_the_text_part_has_no_runs_of_blank_lines(every_kind: Parts) -> None:
    text, _tags = every_kind
    assert "\n\n\n" not in text.replace("\r\n", "\n")


def test_a_name_with_markup_is_escaped_in_every_kinds_html(
        make_message: Callable[..., Message], mail_settings: Settings, now: datetime) -> None:
    for kind in KINDS:
        email = compose(make_message(kind=kind, context=SAMPLE_CONTEXT[kind],
                                     to_name="<b>Ann & Bo</b>"), mail_settings, now=now)
        html = email.get_body(("html",))
        assert isinstance(html, EmailMessage)
        content = str(html.get_content())
        assert "<b>Ann" not in content, kind
        assert "&lt;b&gt;Ann &amp; Bo&lt;/b&gt;" in content, kind


def test_an_activity_title_with_markup_is_escaped_in_the_registration_mail(
        make_message: Callable[..., Message], mail_settings: Settings, now: datetime) -> None:
    context = {**SAMPLE_CONTEXT["registration"], "title": "<i>Iftar</i>"}
    email = compose(make_message(kind="registration", context=context), mail_settings, now=now)
    html = email.get_body(("html",))
    assert isinstance(html, EmailMessage)
    content = str(html.get_content())
    assert "<i>Iftar" not in content
    assert "&lt;i&gt;Iftar&lt;/i&gt;" in content
