"""Every kind of e-mail the notifier can send has a name on the admin pages, not its key."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

NOTIFIER_TEMPLATES = Path(__file__).resolve().parents[2] / "notifier" / "templates"
KINDS = sorted(path.name.removesuffix(".subject.txt")
               for path in NOTIFIER_TEMPLATES.glob("*.subject.txt"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_mail_kind_has_a_label(app: Flask, lang: str) -> None:
    assert "proposal" in KINDS and "registration" in KINDS
    with app.test_request_context(f"/admin/?lang={lang}"):
        macros = app.jinja_env.get_template("admin/_macros.html").make_module()
        unnamed = [kind for kind in KINDS if str(macros.kind_label(kind)).strip() == kind]
    assert unnamed == []
