"""Markdown as the plain text a reader would see (e-mail text parts, feed DESCRIPTION)."""

from __future__ import annotations

from calendar_app.markdown_text import markdown_to_html
from calendar_app.markdown_text import markdown_to_text

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
