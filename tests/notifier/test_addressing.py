"""Composing once per group and addressing per recipient gives each the e-mail of old.

`Preparer` must hand every recipient exactly what `compose.prepare` makes for them
one by one: the same bytes but for the random MIME boundaries, and so the same
headers, text, HTML and attachment once parsed.
"""

from __future__ import annotations

import dataclasses
import email
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from calendar_app.config import Settings
from notifier import Message
from notifier import addressing
from notifier.addressing import Preparer
from notifier.compose import prepare

NAMES = ["Ann de Vries", "Anaïs", "Zoë van Dijk", "", "O'Brien", "Jan-Willem <jw>",
         "Ngozi & Chidi", "J. Smith", "Łukasz Żółć", "A" * 90, "Søren " * 12]
#: Names as people type them: letters of any script, spaces, punctuation, digits.
TYPED_NAMES = st.text(st.characters(categories=("L", "Zs", "P", "N", "S")), max_size=80)
FIXTURES = [HealthCheck.function_scoped_fixture]


def numbered(data: bytes) -> bytes:
    """The message with its boundaries numbered: the one way two builds may differ."""
    return addressing.unbounded(data)


def recipients(message: Message, names: list[str]) -> list[Message]:
    """The same message to one member per name, each with an unsubscribe link of their own."""
    return [dataclasses.replace(
        message, dedupe_key=f"reminder:wg-1:member-{number}:2030-07-01",
        to=f"member{number}@example.org", to_name=name,
        unsubscribe_url=(f"{message.unsubscribe_url}{number}" if message.unsubscribe_url
                         else None))
        for number, name in enumerate(names)]


def view(data: bytes) -> dict[str, Any]:
    """What a recipient's mail program shows: headers, text, HTML and attachments."""
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert text is not None and html is not None
    return {"headers": [(name, str(value)) for name, value in parsed.items()
                        if name.lower() != "content-type"],
            "content_type": parsed.get_content_type(),
            "text": text.get_content(), "html": html.get_content(),
            "attachments": [(part.get_filename(), part.get_content_type(),
                             part.get_content()) for part in parsed.iter_attachments()]}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("with_ics", [False, True])
def test_every_recipient_gets_the_bytes_of_a_message_composed_alone(
        make_message: Callable[..., Message], mail_settings: Settings, ics: bytes,
        lang: str, with_ics: bool) -> None:
    messages = recipients(make_message(lang=lang, ics=ics if with_ics else None), NAMES * 2)
    preparer = Preparer(mail_settings)
    for message in messages:
        assert numbered(preparer.prepare(message)) == numbered(prepare(message, mail_settings))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_recipient_sees_the_message_composed_alone(
        make_message: Callable[..., Message], mail_settings: Settings, ics: bytes,
        lang: str) -> None:
    messages = recipients(make_message(lang=lang, ics=ics), ["Anaïs", "Zoë", "Lid 3", ""])
    preparer = Preparer(mail_settings)
    for message in messages:
        assert view(preparer.prepare(message)) == view(prepare(message, mail_settings))


def test_each_recipient_is_greeted_and_unsubscribed_by_their_own_name_and_link(
        make_message: Callable[..., Message], mail_settings: Settings) -> None:
    messages = recipients(make_message(), ["Anaïs", "Zoë"])
    preparer = Preparer(mail_settings)
    seen = [view(preparer.prepare(message)) for message in messages]
    for message, shown in zip(messages, seen, strict=True):
        headers = dict(shown["headers"])
        assert headers["To"] == f"{message.to_name} <{message.to}>"
        assert headers["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"
        assert f"Beste {message.to_name}," in shown["text"]
        assert f"<p>Beste {message.to_name},</p>" in shown["html"]
        assert f'href="{message.unsubscribe_url}"' in shown["html"]
    assert dict(seen[0]["headers"])["Message-ID"] != dict(seen[1]["headers"])["Message-ID"]


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(names=st.lists(TYPED_NAMES, min_size=2, max_size=4), lang=st.sampled_from(["nl", "en"]),
       link=st.integers(0, 70), description=st.text(max_size=200))
def test_any_names_links_and_description_compose_as_alone(
        make_message: Callable[..., Message], mail_settings: Settings, names: list[str],
        lang: str, link: int, description: str) -> None:
    first = make_message(lang=lang, unsubscribe_url="https://kalender.example/u/" + "t" * link,
                         context={"title": "Keti Koti", "start_date": "2030-07-01",
                                  "days_ahead": 3, "event_url": "https://kalender.example/a",
                                  "description": description})
    preparer = Preparer(mail_settings)
    for message in recipients(first, names):
        assert numbered(preparer.prepare(message)) == numbered(prepare(message, mail_settings))


@pytest.mark.parametrize("kind,context", [
    ("digest", {"items": [{"title": "Keti Koti", "start_date": "2030-07-01",
                           "event_url": "https://kalender.example/a"}]}),
    ("invitation", {"workgroup": "Werkgroep Zuid", "invite_url": "https://kalender.example/i"}),
    ("test", {}),
])
def test_other_kinds_compose_as_alone(make_message: Callable[..., Message],
                                      mail_settings: Settings, kind: str,
                                      context: dict[str, Any]) -> None:
    preparer = Preparer(mail_settings)
    for message in recipients(make_message(kind=kind, context=context), NAMES):
        assert numbered(preparer.prepare(message)) == numbered(prepare(message, mail_settings))


def test_a_group_that_cannot_be_cut_is_composed_one_by_one(
        make_message: Callable[..., Message], mail_settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(addressing, "_cut", lambda data: None)
    preparer = Preparer(mail_settings)
    for message in recipients(make_message(), ["Anaïs", "Zoë", "Lid 3"]):
        assert numbered(preparer.prepare(message)) == numbered(prepare(message, mail_settings))
    assert list(preparer._skeletons.values()) == [None]


def test_messages_about_different_events_do_not_share_a_skeleton(
        make_message: Callable[..., Message], mail_settings: Settings) -> None:
    preparer = Preparer(mail_settings)
    for title in ["Keti Koti", "Suikerfeest", "Keti Koti", "Suikerfeest"]:
        message = make_message(context={"title": title, "start_date": "2030-07-01",
                                        "days_ahead": 3, "event_url": "https://k.example/a"})
        for one in recipients(message, ["Anaïs", "Zoë"]):
            assert f"Subject: Herinnering: {title}".encode() in preparer.prepare(one)


@pytest.mark.parametrize("length", range(20, 100, 3))
def test_header_lines_are_folded_as_the_email_package_folds_them(length: int) -> None:
    url = "https://kalender.example/u/" + "x" * length
    assert addressing._header_line("List-Unsubscribe", f"<{url}>") == \
        addressing._folded("List-Unsubscribe", f"<{url}>")
    name = "Lid " + "n" * (length - 20)
    assert addressing._to_line(name, "lid@example.org") == \
        addressing._folded("To", f"{name} <lid@example.org>")


@hypothesis_settings(max_examples=300, deadline=None)
@given(url=st.text(st.sampled_from("abcXYZ019._~:/?#@!$&'*+,;%=-"), min_size=1, max_size=120))
def test_an_unsubscribe_line_is_folded_as_the_email_package_folds_it(url: str) -> None:
    value = f"<https://{url}>"
    assert addressing._header_line("List-Unsubscribe", value) == \
        addressing._folded("List-Unsubscribe", value)


@pytest.mark.parametrize("domain", ["kalender.example", "a" * 40 + ".example", "x.y"])
def test_a_message_id_line_is_folded_as_the_email_package_folds_it(domain: str) -> None:
    value = f"<{'0123456789abcdef' * 2}@{domain}>"
    assert addressing._header_line("Message-ID", value) == \
        addressing._folded("Message-ID", value)


def test_a_body_that_prints_the_name_both_plain_and_escaped_cannot_be_shared() -> None:
    rendered = (f"<p>{addressing.NAME}{addressing._PROBE}</p>"
                f"<a title=\"{addressing.NAME}{addressing._PROBE_ESCAPED}\">")
    assert addressing._stand_ins(rendered) is None


def _composed_in_full(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the messages `Preparer` composes in full, as they happen."""
    titles: list[str] = []

    def counted(message: Message, settings: Settings) -> bytes:
        titles.append(message.context["title"])
        return prepare(message, settings)

    monkeypatch.setattr(addressing, "prepare", counted)
    return titles


def _workgroups(make_message: Callable[..., Message], count: int) -> list[list[Message]]:
    """`count` workgroups of three, each reminded of an event of its own."""
    return [recipients(make_message(context={
        "title": f"Ontbijt {number}", "start_date": "2030-07-01", "days_ahead": 3,
        "event_url": f"https://k.example/a/{number}"}), ["Anaïs", "Zoë", "Lid 3"])
        for number in range(count)]


def test_once_a_shape_passed_its_check_its_groups_are_checked_one_in_sixteen(
        make_message: Callable[..., Message], mail_settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    full = _composed_in_full(monkeypatch)
    preparer = Preparer(mail_settings)
    for group in _workgroups(make_message, 1 + addressing.CHECK_EVERY):
        for message in group:
            assert numbered(preparer.prepare(message)) == numbered(prepare(message, mail_settings))
    assert full == ["Ontbijt 0", f"Ontbijt {addressing.CHECK_EVERY}"]


def test_a_group_that_fails_its_check_puts_its_shape_back_to_checking(
        make_message: Callable[..., Message], mail_settings: Settings,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    full = _composed_in_full(monkeypatch)
    preparer = Preparer(mail_settings)
    groups = _workgroups(make_message, 2 + addressing.CHECK_EVERY)
    for group in groups[:addressing.CHECK_EVERY]:
        for message in group:
            preparer.prepare(message)
    monkeypatch.setattr(addressing, "_cut", lambda data: None)  # the checked group fails
    for group in groups[addressing.CHECK_EVERY:]:
        for message in group:
            assert numbered(preparer.prepare(message)) == numbered(prepare(message, mail_settings))
    checked, next_one = (f"Ontbijt {addressing.CHECK_EVERY + i}" for i in range(2))
    assert full == ["Ontbijt 0", *[checked] * 3, *[next_one] * 3]  # both one by one
    assert [record.levelname for record in caplog.records
            if "failed the check its shape had passed" in record.getMessage()] == ["ERROR"]


@pytest.mark.parametrize("changed", [{"step": "cancelled"}, {"resubmitted": True},
                                     {"items": [1, 2]}])
def test_messages_the_templates_branch_on_differ_in_shape(changed: dict[str, Any]) -> None:
    base: dict[str, Any] = {"step": "confirmed", "resubmitted": False, "items": [1],
                            "title": "Ontbijt"}
    message = Message(dedupe_key="k", to="a@example.org", to_name="Ann", lang="nl",
                      kind="test", context=base)
    other = dataclasses.replace(message, context={**base, **changed})
    assert addressing._shape(message) != addressing._shape(other)
    assert addressing._shape(message) == addressing._shape(
        dataclasses.replace(message, context={**base, "title": "Suikerfeest"}))
