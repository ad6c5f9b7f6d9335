"""SmtpBackend against a real aiosmtpd server: delivery, batching and failure mapping."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

import icalendar
import pytest

from calendar_app.config import Settings
from notifier import Message
from notifier import PermanentError
from notifier import SmtpBackend
from notifier import TransientError
from notifier import UnreachableError
from notifier import compose
from tests.smtp_server import DataFaultServer
from tests.smtp_server import HangingServer
from tests.smtp_server import SmtpTestServer

Compose = Callable[..., EmailMessage]


@pytest.fixture
def email_for(make_message: Callable[..., Message], smtp_settings: Settings,
              now: datetime) -> Compose:
    """Compose a reminder; keyword arguments go to `make_message`."""

    def build(**overrides: object) -> EmailMessage:
        return compose(make_message(**overrides), smtp_settings, now=now)

    return build


def test_delivers_the_composed_message(smtp_settings: Settings, smtp_server: SmtpTestServer,
                                       email_for: Compose, ics: bytes) -> None:
    email = email_for(ics=ics)
    with SmtpBackend(smtp_settings) as backend:
        backend.send(email)
    (received,) = smtp_server.messages
    assert received.rcpt_tos == ("ann@example.org",)
    assert received.mail_from == "noreply@kalender.example"
    assert received.email["Message-ID"] == email["Message-ID"]
    assert received.email.get_body(("plain",)) is not None
    (attachment,) = list(received.email.iter_attachments())
    assert icalendar.Calendar.from_ical(attachment.get_content())["METHOD"] == "PUBLISH"


def test_a_batch_uses_one_connection(smtp_settings: Settings, smtp_server: SmtpTestServer,
                                     email_for: Compose) -> None:
    with SmtpBackend(smtp_settings) as backend:
        for number in range(10):
            backend.send(email_for(dedupe_key=f"key-{number}", to=f"m{number}@example.org"))
    assert len(smtp_server.messages) == 10
    assert smtp_server.sessions == 1
    assert smtp_server.quits == 1


def test_451_is_transient_with_the_reply(smtp_settings: Settings,
                                         smtp_server: SmtpTestServer,
                                         email_for: Compose) -> None:
    smtp_server.fail_fraction = 1.0
    with SmtpBackend(smtp_settings) as backend, pytest.raises(TransientError) as caught:
        backend.send(email_for())
    assert caught.value.code == 451
    assert "4.3.0 Temporary failure" in caught.value.reply
    assert smtp_server.messages == []


def test_connection_stays_usable_after_a_451(smtp_settings: Settings,
                                             smtp_server: SmtpTestServer,
                                             email_for: Compose) -> None:
    with SmtpBackend(smtp_settings) as backend:
        smtp_server.fail_fraction = 1.0
        with pytest.raises(TransientError):
            backend.send(email_for())
        smtp_server.fail_fraction = 0.0
        backend.send(email_for())
    assert len(smtp_server.messages) == 1
    assert smtp_server.sessions == 1


def test_550_is_permanent_with_the_reply(smtp_settings: Settings,
                                         smtp_server: SmtpTestServer,
                                         email_for: Compose) -> None:
    smtp_server.reject.add("gone@example.org")
    with SmtpBackend(smtp_settings) as backend, pytest.raises(PermanentError) as caught:
        backend.send(email_for(to="gone@example.org"))
    assert caught.value.code == 550
    assert "5.1.1 Mailbox unavailable" in caught.value.reply
    assert "gone@example.org" not in caught.value.reply  # addresses stay out of logs


def test_recipient_refused_in_an_accepted_transaction_is_a_failure(
        smtp_settings: Settings, smtp_server: SmtpTestServer, email_for: Compose) -> None:
    # compose never makes such a message; a hand-built one proves send() does not count
    # a partly refused transaction as sent.
    email = email_for()
    email.replace_header("To", "ann@example.org, gone@example.org")
    smtp_server.reject.add("gone@example.org")
    with SmtpBackend(smtp_settings) as backend, pytest.raises(PermanentError) as caught:
        backend.send(email)
    assert caught.value.code == 550
    assert smtp_server.recipients() == ["ann@example.org"]


def test_server_down_is_transient(smtp_settings: Settings, smtp_server: SmtpTestServer,
                                  email_for: Compose) -> None:
    smtp_server.stop()
    with SmtpBackend(smtp_settings) as backend, pytest.raises(TransientError) as caught:
        backend.send(email_for())
    assert caught.value.code is None
    assert "ConnectionRefusedError" in caught.value.reply


def test_server_down_is_unreachable_not_the_messages_fault(
        smtp_settings: Settings, smtp_server: SmtpTestServer, email_for: Compose) -> None:
    smtp_server.stop()
    with SmtpBackend(smtp_settings) as backend, pytest.raises(UnreachableError):
        backend.send(email_for())


def test_a_4xx_reply_is_not_unreachable(smtp_settings: Settings,
                                        smtp_server: SmtpTestServer,
                                        email_for: Compose) -> None:
    smtp_server.fail_fraction = 1.0
    with SmtpBackend(smtp_settings) as backend, pytest.raises(TransientError) as caught:
        backend.send(email_for())
    assert not isinstance(caught.value, UnreachableError)


def test_after_a_failed_connect_the_batch_fails_fast(smtp_settings: Settings,
                                                     smtp_server: SmtpTestServer,
                                                     email_for: Compose) -> None:
    with smtp_server.down(), SmtpBackend(smtp_settings) as backend:
        errors = []
        for number in range(3):
            with pytest.raises(TransientError) as caught:
                backend.send(email_for(dedupe_key=f"key-{number}"))
            errors.append(caught.value)
    assert len({id(error) for error in errors}) == 1  # one connect attempt, reported 3 times
    with SmtpBackend(smtp_settings) as backend:  # the next batch tries again
        backend.send(email_for())
    assert len(smtp_server.messages) == 1


def test_reconnects_once_when_the_server_dropped_mid_batch(smtp_settings: Settings,
                                                           smtp_server: SmtpTestServer,
                                                           email_for: Compose) -> None:
    with SmtpBackend(smtp_settings) as backend:
        backend.send(email_for(dedupe_key="first"))
        smtp_server.stop()
        smtp_server.start()
        backend.send(email_for(dedupe_key="second"))
    assert len(smtp_server.messages) == 2
    assert smtp_server.sessions == 2


def test_server_gone_mid_batch_is_transient(smtp_settings: Settings,
                                            smtp_server: SmtpTestServer,
                                            email_for: Compose) -> None:
    with SmtpBackend(smtp_settings) as backend:
        backend.send(email_for(dedupe_key="first"))
        with smtp_server.down(), pytest.raises(TransientError):
            backend.send(email_for(dedupe_key="second"))
    assert len(smtp_server.messages) == 1


def faulty_settings(settings: Settings, server: DataFaultServer, timeout: float) -> Settings:
    return dataclasses.replace(settings, mail_backend="smtp", mail_host=server.host,
                               mail_port=server.port, mail_timeout=timeout)


def test_a_reply_lost_after_data_is_never_resent(mail_settings: Settings,
                                                 email_for: Compose) -> None:
    with DataFaultServer("drop") as server:
        with SmtpBackend(faulty_settings(mail_settings, server, 2)) as backend:
            with pytest.raises(TransientError) as caught:
                backend.send(email_for())
            with pytest.raises(TransientError):  # the batch is broken: no new connection
                backend.send(email_for(dedupe_key="second"))
    assert not isinstance(caught.value, UnreachableError)  # it counts as an attempt
    assert "after DATA" in caught.value.reply
    assert (server.connections, server.data_commands) == (1, 1)


def test_a_server_stalling_in_the_middle_of_data_times_out(mail_settings: Settings) -> None:
    # 16 MB: more than loopback socket buffers hold, so the client blocks mid-send.
    data = b"Subject: lang\r\n\r\n" + (b"x" * 78 + b"\r\n") * 200_000
    with DataFaultServer("stall", stall_after=4096) as server:
        started = time.monotonic()
        with SmtpBackend(faulty_settings(mail_settings, server, 1)) as backend, \
                pytest.raises(TransientError, match="after DATA") as caught:
            backend.send_bytes(data, recipients=["ann@example.org"], message_id="<a@b>")
        elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 3.0  # the timeout holds while sending the message, too
    assert not isinstance(caught.value, UnreachableError)
    assert (server.connections, server.data_commands) == (1, 1)


def test_a_silent_server_times_out(mail_settings: Settings, email_for: Compose) -> None:
    with HangingServer() as silent:
        settings = dataclasses.replace(mail_settings, mail_backend="smtp",
                                       mail_host=silent.host, mail_port=silent.port,
                                       mail_timeout=1)
        started = time.monotonic()
        with SmtpBackend(settings) as backend:
            for number in range(3):
                with pytest.raises(TransientError, match="[Tt]imeout|timed out"):
                    backend.send(email_for(dedupe_key=f"key-{number}"))
        elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 2.0  # one timeout for the whole batch, not one per message


def test_random_451s_are_all_delivered_on_retry(smtp_settings: Settings,
                                                smtp_server: SmtpTestServer,
                                                email_for: Compose) -> None:
    smtp_server.fail_fraction = 0.3
    pending = [email_for(dedupe_key=f"key-{n}", to=f"m{n}@example.org") for n in range(40)]
    rounds = 0
    while pending and rounds < 20:
        rounds += 1
        retry = []
        with SmtpBackend(smtp_settings) as backend:
            for email in pending:
                try:
                    backend.send(email)
                except TransientError:
                    retry.append(email)
        pending = retry
    ids = [received.email["Message-ID"] for received in smtp_server.messages]
    print(f"451 at 30%: 40 messages, {smtp_server.failures_injected} refusals, "
          f"{rounds} rounds, {len(ids) - len(set(ids))} duplicates")
    assert pending == []
    assert len(ids) == len(set(ids)) == 40
    assert smtp_server.failures_injected > 0
