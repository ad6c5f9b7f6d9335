"""The README shows every page type: each one in `tests/e2e/page_types.PAGES` has its
two committed screenshots linked, and every linked picture is in the repository."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.page_types import PAGES

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_type_has_both_screenshots_linked_from_the_readme() -> None:
    missing = [f"{page.name}-{width}.png" for page in PAGES for width in (1366, 390)
               if f"(docs/screenshots/{page.name}-{width}.png)" not in README]
    assert not missing


def test_every_screenshot_the_readme_links_is_committed() -> None:
    linked = re.findall(r"\((docs/screenshots/[^)]+\.png)\)", README)
    assert linked
    assert [path for path in linked if not (ROOT / path).is_file()] == []
