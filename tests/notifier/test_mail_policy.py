"""Remembering parsed and folded headers changes nothing in what is sent.

`notifier.mail_policy` keeps the headers `EmailPolicy` parsed and folded; every
message must still come out byte for byte as the standard library's own
`policy.default` (building) and `policy.SMTP` (writing) make it.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from email import policy

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from calendar_app.config import Settings
from notifier import Message
from notifier import addressing
from notifier import mail_policy
from notifier.compose import prepare

#: Header text as it comes from titles and names: any script, spaces and punctuation.
TEXT = st.text(st.characters(categories=("L", "Zs", "P", "N", "S")), max_size=160)
HEADERS = ["Subject", "From", "Auto-Submitted", "Content-Type", "Content-Disposition",
           "X-Auto-Response-Suppress"]


@pytest.fixture
def standard(monkeypatch: pytest.MonkeyPatch) -> Callable[[Message, Settings], bytes]:
    """`prepare` as it is with the standard library's own policies."""
    compose = importlib.import_module("notifier.compose")  # the package shadows the name

    def with_standard_policies(message: Message, settings: Settings) -> bytes:
        with monkeypatch.context() as patch:
            patch.setattr(mail_policy, "BUILD", policy.default)
            patch.setattr(compose, "SMTP_POLICY", policy.SMTP)
            compose._ics_part.cache_clear()  # its part was built with the other policy
            try:
                return prepare(message, settings)
            finally:
                compose._ics_part.cache_clear()

    return with_standard_policies


def _same(first: bytes, second: bytes) -> bool:
    return addressing.unbounded(first) == addressing.unbounded(second)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", ["Ann de Vries", "Anaïs", "Łukasz Żółć", "", "A" * 90])
def test_a_reminder_is_the_bytes_the_standard_policies_make(
        make_message: Callable[..., Message], mail_settings: Settings, ics: bytes,
        standard: Callable[[Message, Settings], bytes], lang: str, name: str) -> None:
    message = make_message(lang=lang, to_name=name, ics=ics)
    for _ in range(2):  # the second time from what was remembered
        assert _same(prepare(message, mail_settings), standard(message, mail_settings))


def _folded(chosen: policy.EmailPolicy, name: str, value: str) -> bytes | str:
    """The header line, or the error it gives (the standard policy refuses some values)."""
    try:
        return chosen.fold_binary(*chosen.header_store_parse(name, value))
    except Exception as error:  # noqa: BLE001 - the same error is what is compared
        return type(error).__name__


@hypothesis_settings(max_examples=80, deadline=None)
@given(value=TEXT, name=st.sampled_from(HEADERS))
def test_any_header_folds_as_the_standard_policy_folds_it(value: str, name: str) -> None:
    """Titles and workgroup names reach the Subject; any text, any header we write."""
    expected = _folded(policy.SMTP, name, value)
    for _ in range(2):  # the second time from what was remembered
        assert _folded(mail_policy.SMTP, name, value) == expected


def test_a_recipients_name_and_address_are_not_kept(
        make_message: Callable[..., Message], mail_settings: Settings) -> None:
    message = dataclasses.replace(make_message(), to="zoe.unique@example.org",
                                  to_name="Zoë Eenmalig")
    prepare(message, mail_settings)
    kept = [str(key) for key in mail_policy.PARSED]
    assert kept  # the headers alike in every message are kept
    assert not any("Eenmalig" in key or "zoe.unique" in key for key in kept)


def test_composing_again_keeps_nothing_new(
        make_message: Callable[..., Message], mail_settings: Settings, ics: bytes) -> None:
    """Each part's headers are folded under a clone of the policy, and each message has
    boundaries of its own: neither may fill the cache with entries never used again."""
    prepare(make_message(ics=ics), mail_settings)
    kept = dict(mail_policy.PARSED)
    folds = {key: dict(found._calendar_folds) for key, (_n, found) in kept.items()}
    prepare(dataclasses.replace(make_message(ics=ics), to="bob@example.org"), mail_settings)
    assert mail_policy.PARSED == kept
    assert {key: dict(found._calendar_folds)
            for key, (_n, found) in mail_policy.PARSED.items()} == folds


@pytest.mark.parametrize("values", [('"Foo" <a@b.nl>', "Foo <a@b.nl>"),
                                    ("=?utf-8?q?Zo=C3=AB?=", "Zoë")])
def test_values_that_read_alike_fold_each_as_given(values: tuple[str, str]) -> None:
    """Two sources of one text fold differently; each is remembered as itself."""
    for _ in range(2):
        for value in values:
            for name in ("From", "Subject"):
                assert _folded(mail_policy.SMTP, name, value) == _folded(policy.SMTP, name, value)
