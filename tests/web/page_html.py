"""Read a served page as a tree (the standard library's HTML parser, no browser), and
visit every page type of `tests/e2e/page_types.PAGES` as its viewer.

For tests that ask about a page's structure: which ids it has, what its title says,
whether a form sits inside a confirmation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from html.parser import HTMLParser

from flask import Flask

from tests.e2e.page_types import PAGES
from tests.e2e.page_types import PageType
from tests.web.accounts_data import log_in

#: Elements that never have an end tag (HTML's void elements).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                  "meta", "source", "track", "wbr"})


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag: str) -> list[Element]:
        return [element for element in self.walk() if element.tag == tag]

    def ancestor(self, tag: str) -> Element | None:
        """The nearest enclosing `tag`, or None."""
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.open)
        self.open.children.append(element)
        if tag not in VOID:
            self.open = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.children.append(
            Element(tag, {name: value or "" for name, value in attrs}, self.open))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # a stray end tag is ignored
            self.open = node.parent

    def handle_data(self, data: str) -> None:
        self.open.text += data


def parse(page: str) -> Element:
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder.root


def every_page(app: Flask, fields: dict[str, str],
               lang: str = "nl") -> Iterator[tuple[PageType, int, str]]:
    """(page type, status, HTML) for each of PAGES in `lang`, fetched logged in as its
    viewer."""
    for viewer in (None, *sorted({page.viewer for page in PAGES if page.viewer})):
        client = app.test_client()
        if viewer:
            assert log_in(client, viewer).status_code == 302
        for page in (page for page in PAGES if page.viewer == viewer):
            path = page.path.format(**fields)
            response = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            yield page, response.status_code, response.get_data(as_text=True)
