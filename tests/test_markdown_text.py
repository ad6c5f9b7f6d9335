"""Markdown as the plain text a reader would see (e-mail text parts, feed DESCRIPTION)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from calendar_app.markdown_text import is_plain
from calendar_app.markdown_text import markdown_to_html
from calendar_app.markdown_text import markdown_to_text
from calendar_app.markdown_text import parsed_text

#: Markdown as a coordinator types it; every construct the form's hint mentions.
SAMPLE = """Over **Keti Koti** en __vrijheid__: zie [de site](https://keti.example).

- eerste *punt*
- tweede _punt_

1. een
2. twee

Na de lijst, met `code` en <https://x.example>."""

MARKUP = ("**", "__", "](")


def test_emphasis_and_link_syntax_are_gone_the_words_and_address_stay() -> None:
    text = markdown_to_text(SAMPLE)
    assert not any(mark in text for mark in MARKUP)
    assert text.startswith("Over Keti Koti en vrijheid: zie de site (https://keti.example).")
    assert "https://x.example" in text


def test_lists_keep_one_item_a_line_and_paragraphs_a_blank_line() -> None:
    assert markdown_to_text(SAMPLE).split("\n\n")[1:] == [
        "• eerste punt\n• tweede punt", "1. een\n2. twee",
        "Na de lijst, met code en https://x.example."]


def test_nothing_gives_nothing() -> None:
    assert markdown_to_text(None) == markdown_to_text("  \n") == ""


def test_typed_html_stays_literal_text_and_never_becomes_markup() -> None:
    assert markdown_to_text("<b>vet</b>") == "<b>vet</b>"
    assert "<script>" not in markdown_to_html("<script>alert(1)</script>")


#: Pieces of descriptions: words, punctuation, spaces, blank lines, indents, and a few
#: characters that must send the text to the parser.
PLAINISH = st.lists(st.sampled_from([
    "Keti", "Koti", "é", "2027", "12.30", "1.", "3)", ".", ",", ":", ";", "'", '"', "?",
    "(", ")", "-", "+", "=", " ", "  ", "    ", "\n", "\n\n", "\n  \n", "\t", "\r",
    "\u00a0", "*", "&", "#"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(source=PLAINISH)
def test_text_without_markdown_reads_the_same_without_the_parser(source: str) -> None:
    """The fast path for plain descriptions (feeds of thousands) agrees with the parser."""
    if source.strip() and is_plain(source):
        assert markdown_to_text(source) == parsed_text(source)


def test_typical_plain_descriptions_take_the_fast_path() -> None:
    assert is_plain("Een open gesprek over inclusie.\n\nAanmelden: zaal 3 (2e etage), 12.30 uur.")
    assert not is_plain("Zie **dit**")
    assert not is_plain("- een punt")
