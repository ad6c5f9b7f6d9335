"""FileBackend: one .eml per message in the instance outbox, re-sends overwrite."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from email import policy
from email.parser import BytesParser

import pytest

from calendar_app.config import Settings
from notifier import BACKENDS
from notifier import FileBackend
from notifier import Message
from notifier import SmtpBackend
from notifier import compose
from notifier import load_backend


def test_writes_a_parseable_eml(make_message: Callable[..., Message],
                                mail_settings: Settings, now: datetime, ics: bytes) -> None:
    email = compose(make_message(ics=ics), mail_settings, now=now)
    with FileBackend(mail_settings) as backend:
        backend.send(email)
    (written,) = mail_settings.outbox_path.glob("*.eml")
    parsed = BytesParser(policy=policy.default).parsebytes(written.read_bytes())
    assert parsed["Message-ID"] == email["Message-ID"]
    assert parsed["Subject"] == email["Subject"]
    assert parsed.get_body(("html",)) is not None
    assert [part.get_filename() for part in parsed.iter_attachments()] == ["afspraak.ics"]


def test_resending_overwrites_instead_of_duplicating(make_message: Callable[..., Message],
                                                     mail_settings: Settings,
                                                     now: datetime) -> None:
    backend = FileBackend(mail_settings)
    with backend:
        backend.send(compose(make_message(), mail_settings, now=now))
        backend.send(compose(make_message(), mail_settings, now=now + timedelta(minutes=9)))
        backend.send(compose(make_message(dedupe_key="other"), mail_settings, now=now))
    files = sorted(mail_settings.outbox_path.iterdir())
    assert len(files) == 2
    assert all(path.suffix == ".eml" for path in files)  # no temporary files left behind


def test_file_name_is_the_message_id_hash(make_message: Callable[..., Message],
                                          mail_settings: Settings, now: datetime) -> None:
    email = compose(make_message(), mail_settings, now=now)
    with FileBackend(mail_settings) as backend:
        backend.send(email)
    (written,) = mail_settings.outbox_path.glob("*.eml")
    assert email["Message-ID"] == f"<{written.stem}@kalender.example>"


@pytest.mark.parametrize(("name", "backend_class"), [("file", FileBackend),
                                                     ("smtp", SmtpBackend)])
def test_load_backend_chooses_by_name(mail_settings: Settings, name: str,
                                      backend_class: type) -> None:
    backend = load_backend(dataclasses.replace(mail_settings, mail_backend=name))
    assert type(backend) is backend_class
    assert name in BACKENDS


def test_load_backend_refuses_other_names(mail_settings: Settings) -> None:
    with pytest.raises(ValueError, match="MAIL_BACKEND='notifier.evil'"):
        load_backend(dataclasses.replace(mail_settings, mail_backend="notifier.evil"))
