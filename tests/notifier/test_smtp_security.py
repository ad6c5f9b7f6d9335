"""SmtpBackend over STARTTLS and implicit TLS, with login and full certificate checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from calendar_app.config import Settings
from notifier import Message
from notifier import PermanentError
from notifier import SmtpBackend
from notifier import TransientError
from notifier import compose
from tests.smtp_server import SmtpTestServer
from tests.smtp_server import make_certificate
from tests.smtp_server import server_tls_context

CREDENTIALS = ("kalender", "s3cret")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the default trust store (what the backend uses) contain the test certificate."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


def _server(certificate: tuple[Path, Path], *, implicit_tls: bool) -> SmtpTestServer:
    return SmtpTestServer(tls=server_tls_context(*certificate), implicit_tls=implicit_tls,
                          credentials=CREDENTIALS)


@pytest.fixture
def starttls_server(certificate: tuple[Path, Path]) -> Iterator[SmtpTestServer]:
    with _server(certificate, implicit_tls=False) as server:
        yield server


@pytest.fixture
def smtps_server(certificate: tuple[Path, Path]) -> Iterator[SmtpTestServer]:
    with _server(certificate, implicit_tls=True) as server:
        yield server


def _settings(base: Settings, server: SmtpTestServer, security: str,
              password: str = CREDENTIALS[1]) -> Settings:
    return dataclasses.replace(
        base, mail_backend="smtp", mail_host=server.host, mail_port=server.port,
        mail_security=security, mail_username=CREDENTIALS[0], mail_password=password)


@pytest.fixture
def message(make_message: Callable[..., Message]) -> Message:
    return make_message()


@pytest.mark.usefixtures("trusted")
def test_starttls_with_login_delivers(mail_settings: Settings,
                                      starttls_server: SmtpTestServer,
                                      message: Message, now: datetime) -> None:
    settings = _settings(mail_settings, starttls_server, "starttls")
    with SmtpBackend(settings) as backend:
        backend.send(compose(message, settings, now=now))
    assert len(starttls_server.messages) == 1
    assert starttls_server.logins == 1


@pytest.mark.usefixtures("trusted")
def test_implicit_tls_with_login_delivers(mail_settings: Settings,
                                          smtps_server: SmtpTestServer,
                                          message: Message, now: datetime) -> None:
    settings = _settings(mail_settings, smtps_server, "ssl")
    with SmtpBackend(settings) as backend:
        backend.send(compose(message, settings, now=now))
    assert len(smtps_server.messages) == 1
    assert smtps_server.logins == 1


def test_an_untrusted_certificate_is_refused(mail_settings: Settings,
                                             starttls_server: SmtpTestServer,
                                             message: Message, now: datetime) -> None:
    settings = _settings(mail_settings, starttls_server, "starttls")
    with SmtpBackend(settings) as backend, pytest.raises(TransientError, match="CERTIFICATE"):
        backend.send(compose(message, settings, now=now))
    assert starttls_server.messages == []


@pytest.mark.usefixtures("trusted")
def test_a_wrong_password_is_transient_with_the_code(mail_settings: Settings,
                                                     starttls_server: SmtpTestServer,
                                                     message: Message, now: datetime) -> None:
    settings = _settings(mail_settings, starttls_server, "starttls", password="wrong")
    with SmtpBackend(settings) as backend, pytest.raises(TransientError) as caught:
        backend.send(compose(message, settings, now=now))
    assert caught.value.code == 535
    assert starttls_server.messages == []


def test_plain_sending_to_a_starttls_only_relay_is_refused(mail_settings: Settings,
                                                         starttls_server: SmtpTestServer,
                                                         message: Message,
                                                         now: datetime) -> None:
    settings = dataclasses.replace(_settings(mail_settings, starttls_server, "none"),
                                   mail_username="")
    with SmtpBackend(settings) as backend, pytest.raises(PermanentError) as caught:
        backend.send(compose(message, settings, now=now))
    assert caught.value.code == 530
    assert "STARTTLS" in caught.value.reply
    assert starttls_server.messages == []
