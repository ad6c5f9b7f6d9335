"""A Message is one e-mail to one person, in a known language and kind."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import getaddresses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier import Message
from notifier.message import PLAIN_ADDRESS


@pytest.mark.parametrize("to", [
    "ann@example.org, bob@example.org",
    "ann@example.org; bob@example.org",
    "ann@example.org\r\nBcc: bob@example.org",
    "Ann <ann@example.org>",
    "not-an-address",
])
def test_refuses_anything_but_one_plain_address(make_message: Callable[..., Message],
                                                to: str) -> None:
    with pytest.raises(ValueError, match="single e-mail address"):
        make_message(to=to)


@pytest.mark.parametrize(("field", "value"), [("lang", "de"), ("kind", "newsletter")])
def test_refuses_unknown_language_or_kind(make_message: Callable[..., Message],
                                          field: str, value: str) -> None:
    with pytest.raises(ValueError, match=value):
        make_message(**{field: value})


def test_names_missing_context_keys(make_message: Callable[..., Message]) -> None:
    with pytest.raises(ValueError, match="event_url"):
        make_message(context={"title": "Divali", "start_date": "2030-10-26", "days_ahead": 7})


def test_context_cannot_be_changed_after_construction(
        make_message: Callable[..., Message]) -> None:
    message = make_message()
    with pytest.raises(TypeError):
        message.context["title"] = "Something else"  # type: ignore[index]


@given(st.from_regex(PLAIN_ADDRESS, fullmatch=True))
def test_an_address_taken_without_the_parser_is_one_the_parser_reads_as_itself(
        to: str) -> None:
    """The quick check lets through only what the full check would."""
    assert getaddresses([to]) == [("", to)]
