"""Markdown as plain text: what an e-mail's text part and a feed's DESCRIPTION show.

Activity descriptions are typed in Markdown and shown rendered (HTML) on pages and in
the HTML part of e-mails. Where only text can go — the text part, an iCalendar
DESCRIPTION that Outlook shows as typed — raw Markdown reads as noise (`**`, `](`),
so it is turned into the text a reader would see: emphasis dropped, links as
"label (address)", list items with a bullet, paragraphs kept apart by a blank line.

One function for every such place (`calendar_app.services.reminders` for the
notifier's payloads, `calendar_app.services.feeds` for the feeds), parsed by the same
markdown-it-py (CommonMark, raw HTML off) the pages render with, so the two never
read a text differently. Raw HTML in the input is kept as the literal text it is.
"""

from __future__ import annotations

import functools
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def markdown_to_html(source: str | None) -> str:
    """Markdown to HTML, cleaned by nh3 so nothing typed can run script (pages and the
    HTML part of e-mails)."""
    html = _parser().render(source or "")
    return str(nh3.clean(html, link_rel="noopener noreferrer nofollow"))


#: Text that cannot hold Markdown: no character that opens inline syntax or an entity,
#: no whitespace but spaces and newlines, no line that could open a block (list,
#: heading, quote, code, setext underline), no line indented as code. Such text reads
#: as typed, so a feed of thousands of plain descriptions skips the parser
#: (tests/test_markdown_text.py checks with hypothesis that both agree).
_MARKUP_CHARS = re.compile(r"[\\`*_\[\]<>#!&~|]|[^\S \n]")
_BLOCK_LINE = re.compile(r"^(?: {4}| {0,3}(?:[-+=]|\d{1,9}[.)]))", re.MULTILINE)


def is_plain(source: str) -> bool:
    """Whether `source` needs no Markdown parsing (see _MARKUP_CHARS)."""
    return _MARKUP_CHARS.search(source) is None and _BLOCK_LINE.search(source) is None


def _plain_text(source: str) -> str:
    """What the parser makes of plain text: paragraphs apart by one blank line, each
    line without the spaces around it."""
    paragraphs: list[list[str]] = [[]]
    for line in source.split("\n"):
        if line.strip(" "):
            paragraphs[-1].append(line.strip(" "))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines)


def markdown_to_text(source: str | None) -> str:
    """Plain text for `source` Markdown; "" for nothing. Pure and deterministic."""
    if not source or not source.strip():
        return ""
    return _plain_text(source) if is_plain(source) else parsed_text(source)


def parsed_text(source: str) -> str:
    """`markdown_to_text` through the parser, for any text."""
    blocks: list[str] = []
    line: list[str] = []
    prefixes: list[str] = []  # one per open list / quote: "• ", "1. ", "> "
    counters: list[int] = []
    for token in _parser().parse(source):
        kind = token.type
        if kind == "bullet_list_open":
            prefixes.append("• ")
            counters.append(0)
        elif kind == "ordered_list_open":
            prefixes.append("#")
            counters.append(int(token.attrGet("start") or 1) - 1)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            prefixes.pop()
            counters.pop()
            if not prefixes:
                blocks.append(_LIST_END)
        elif kind == "list_item_open" and prefixes:
            counters[-1] += 1
        elif kind == "inline":
            line.append(_inline(token.children or []))
        elif kind in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif kind == "hr":
            blocks.append("—")
        elif kind in ("paragraph_close", "heading_close"):
            text = "".join(line).strip()
            line = []
            if text:
                blocks.append(_prefixed(text, prefixes, counters))
    return _join(blocks)


#: Marks where a list ends, so the next list starts a paragraph of its own.
_LIST_END = "\x00"


def _prefixed(text: str, prefixes: list[str], counters: list[int]) -> str:
    if not prefixes:
        return text
    marker = f"{counters[-1]}. " if prefixes[-1] == "#" else prefixes[-1]
    indent = "  " * (len(prefixes) - 1)
    return _ITEM + indent + marker + text.replace("\n", "\n" + indent + "  ")


#: Starts a block that is a list item: items of one list go on consecutive lines.
_ITEM = "\x01"


def _join(blocks: list[str]) -> str:
    """Paragraphs apart by a blank line; the items of one list on lines of their own."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if block == _LIST_END:
            in_list = False
            continue
        is_item = block.startswith(_ITEM)
        text = block.removeprefix(_ITEM)
        if out and is_item and in_list:
            out[-1] = f"{out[-1]}\n{text}"
        else:
            out.append(text)
        in_list = is_item
    return "\n\n".join(out)


def _inline(children: list[Token]) -> str:
    parts: list[str] = []
    href: list[str] = []
    label_start: list[int] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "link_open":
            href.append(str(child.attrGet("href") or ""))
            label_start.append(len(parts))
        elif kind == "link_close" and href:
            target, start = href.pop(), label_start.pop()
            label = "".join(parts[start:]).strip()
            if target and target not in (label, f"mailto:{label}"):
                parts.append(f" ({target})")
        elif kind == "image":
            parts.append(child.content or "".join(c.content for c in child.children or []))
    return "".join(parts)
