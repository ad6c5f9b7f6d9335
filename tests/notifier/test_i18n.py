"""Every phrase the notifier can send has its Dutch wording in the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from notifier.i18n import DOMAIN
from notifier.i18n import ConflictingTranslation
from notifier.i18n import merged_catalog

NOTIFIER = Path(__file__).resolve().parents[2] / "notifier"
_JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def _msgids_in_source() -> set[str | tuple[str, str]]:
    """What `pybabel extract` would find: Python calls and Jinja2 `_()`/`ngettext()`."""
    method_map = [("**.py", "python"), ("templates/**.txt", "jinja2"),
                  ("templates/**.html", "jinja2")]
    options_map = {"templates/**.txt": _JINJA, "templates/**.html": _JINJA}
    found = extract_from_dir(str(NOTIFIER), method_map, options_map)
    return {message for _, _, message, _, _ in found}


def test_every_phrase_has_a_dutch_translation() -> None:
    catalogue = merged_catalog("nl", DOMAIN)
    assert catalogue is not None
    untranslated = []
    for msgid in _msgids_in_source():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalogue.get(key)
        if entry is None or entry.fuzzy or not all(entry.string if isinstance(entry.string, tuple)
                                                   else [entry.string]):
            untranslated.append(key)
    assert untranslated == []


def test_extraction_finds_the_template_phrases() -> None:
    msgids = _msgids_in_source()
    assert "Points to consider:" in msgids
    assert ("in %(num)d day", "in %(num)d days") in msgids
    assert "event.ics" in msgids


@pytest.mark.parametrize("domain", ["messages", "notifier"])
def test_no_msgid_is_translated_differently_in_two_files(domain: str) -> None:
    """Regression: "Coordinator" was "Trekker" in messages.po and "Coördinator" in
    messages-look.po, and the first file read won; the merge now refuses such a pair."""
    assert merged_catalog("nl", domain) is not None


def test_a_conflicting_translation_names_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "notifier.po").write_text('msgid "Coordinator"\nmsgstr "Trekker"\n')
    (folder / "notifier-look.po").write_text('msgid "Coordinator"\nmsgstr "Coördinator"\n')
    with pytest.raises(ConflictingTranslation, match="notifier.po.*notifier-look.po"):
        merged_catalog("nl", DOMAIN, folder=tmp_path)


def test_the_same_translation_in_two_files_is_merged(tmp_path: Path) -> None:
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "notifier.po").write_text('msgid "Online:"\nmsgstr "Online:"\n')
    (folder / "notifier-loop.po").write_text(
        'msgid "Online:"\nmsgstr "Online:"\n\nmsgid "Quiet room"\nmsgstr "Stilteruimte"\n')
    catalogue = merged_catalog("nl", DOMAIN, folder=tmp_path)
    assert catalogue is not None and catalogue.get("Quiet room").string == "Stilteruimte"
