"""A text part's encoding, as the standard library's `set_content` chooses and writes it."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from notifier.mime_text import TextTemplate
from notifier.mime_text import encode_text

#: Lines of any length and script, with the odd blank line and trailing space.
TEXTS = st.lists(st.text(st.characters(blacklist_categories=("Cs",),
                                       blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85"
                                                            "\u2028\u2029"), max_size=120),
                 max_size=14).map("\n".join)
#: What fills a stand-in: a name or a link, never a line break.
FILLS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=90)


def standard(text: str) -> tuple[str, bytes]:
    """(Content-Transfer-Encoding, body as sent) from `EmailMessage.set_content`."""
    part = EmailMessage()
    part.set_content(text)
    body = part.as_bytes(policy=policy.SMTP).partition(b"\r\n\r\n")[2]
    return str(part["Content-Transfer-Encoding"]), body


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_a_body_is_encoded_as_set_content_encodes_it(text: str) -> None:
    assert encode_text(text) == standard(text)


@settings(max_examples=300, deadline=None)
@given(before=TEXTS, after=TEXTS, name=FILLS, link=FILLS)
def test_a_template_filled_in_is_encoded_as_the_whole_text_would_be(
        before: str, after: str, name: str, link: str) -> None:
    template = f"{before}\nHallo NAME,\n{after}\nAfmelden: LINK\n"
    filled = TextTemplate(template, ("NAME", "LINK")).fill({"NAME": name, "LINK": link})
    assert filled == standard(template.replace("NAME", name).replace("LINK", link))
