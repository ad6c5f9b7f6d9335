"""Every phrase the notifier can send has its Dutch wording in the catalogue."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from notifier.i18n import load_catalog

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
    catalogue = load_catalog("nl")
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
