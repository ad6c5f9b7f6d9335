"""Where composed e-mails go: a folder of .eml files, or an SMTP relay.

Backends are chosen by name from the fixed tuple `BACKENDS` (Radicale's plugin shape:
a documented base class, one short class per backend, no import-by-string), because
MAIL_BACKEND is operator input and must never name arbitrary code.
"""

from __future__ import annotations

import hashlib
import os
import re
import smtplib
import ssl
import tempfile
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import getaddresses
from email.utils import parseaddr
from pathlib import Path
from types import TracebackType
from typing import ClassVar
from typing import Self

from calendar_app.config import Settings
from notifier.compose import to_bytes
from notifier.errors import DeliveryError
from notifier.errors import TransientError
from notifier.errors import UnreachableError
from notifier.errors import error_for_reply

BACKENDS: tuple[str, ...] = ("file", "smtp")


class Backend:
    """The contract every backend keeps.

    Use one `with backend:` block per batch: `open()` on entry, `close()` on exit, and
    `send()` once per message in between. `send()` returns only when the message was
    accepted for its recipient; otherwise it raises `TransientError` (try again later)
    or `PermanentError` (do not retry), never anything else for a delivery problem.
    A backend object can run several batches one after the other, but is not
    thread-safe: give each thread its own.
    """

    name: ClassVar[str]

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        """Prepare for a batch (e.g. connect). Does not raise for delivery problems."""

    def close(self) -> None:
        """End the batch and release resources. Never raises for delivery problems."""

    def send(self, email: EmailMessage) -> None:
        """Deliver one message or raise `TransientError` / `PermanentError`."""
        recipients = [address for _name, address in getaddresses([str(email["To"])])]
        self.send_bytes(to_bytes(email), recipients=recipients,
                        message_id=str(email["Message-ID"]))

    def send_bytes(self, data: bytes, *, recipients: Sequence[str], message_id: str) -> None:
        """Deliver one message given as wire bytes (see `notifier.compose.prepare`)."""
        raise NotImplementedError


class FileBackend(Backend):
    """Writes each e-mail as `<outbox>/<message-id hash>.eml`, for development and demos.

    The file name comes from the Message-ID, which compose derives from the outbox
    row's key, so sending the same message again replaces the file instead of adding
    a second one. Files are written to a temporary name and renamed, so a reader (or a
    crash) never sees half an e-mail.
    """

    name = "file"

    def send_bytes(self, data: bytes, *, recipients: Sequence[str], message_id: str) -> None:
        outbox = self.settings.outbox_path
        target = outbox / f"{eml_stem(message_id)}.eml"
        try:
            outbox.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, data)
        except OSError as exc:
            raise TransientError(f"cannot write {target}: {exc}") from exc


def eml_stem(message_id: str | None) -> str:
    """The file name for an e-mail: the Message-ID's hash part, or a hash of the id."""
    if not message_id or message_id == "None":
        raise ValueError("an e-mail without Message-ID cannot be filed idempotently")
    local_part = str(message_id).strip("<> ").partition("@")[0]
    if re.fullmatch(r"[0-9a-f]{16,64}", local_part):
        return local_part
    return hashlib.sha256(str(message_id).encode("utf-8")).hexdigest()[:32]


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: The server closed the connection (between messages, typically an idle timeout).
_DROPPED = (
    smtplib.SMTPServerDisconnected,
    ConnectionResetError,
    BrokenPipeError,
    ConnectionAbortedError,
)
#: Any failure of the connection itself, a timeout included.
_BROKEN = (smtplib.SMTPServerDisconnected, OSError)


class _ReplyLost(Exception):
    """The connection failed after the message's DATA command was sent.

    From that moment the server may have taken the message and only its reply was
    lost, so sending it again could deliver it twice: the caller must not resend in
    this batch.
    """


def _transaction(smtp: smtplib.SMTP, sender: str, recipients: Sequence[str],
                 data: bytes) -> dict[str, tuple[int, bytes]]:
    """MAIL, RCPT, DATA for one message; the recipients refused inside it.

    `smtplib.SMTP.sendmail` does the same, but cannot tell a connection that failed
    before DATA (nothing sent: safe to reconnect and resend) from one that failed
    after it (maybe delivered). Raises smtplib's exceptions for replies, and
    `_ReplyLost` for any failure from the DATA command on.
    """
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(sender)
    if code != 250:
        _abort(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused: dict[str, tuple[int, bytes]] = {}
    for recipient in recipients:
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
    if len(refused) == len(recipients):
        _abort(smtp, max(code for code, _ in refused.values()))
        raise smtplib.SMTPRecipientsRefused(refused)
    try:
        code, reply = smtp.data(data)
    except _BROKEN as exc:
        raise _ReplyLost(f"{type(exc).__name__}: {exc}") from exc
    if code != 250:
        _abort(smtp, code)
        raise smtplib.SMTPDataError(code, reply)
    return refused


def _abort(smtp: smtplib.SMTP, code: int) -> None:
    """End a refused transaction so the connection can carry the next message."""
    if code == 421:
        smtp.close()
        return
    try:
        smtp.rset()
    except _BROKEN:
        smtp.close()


class SmtpBackend(Backend):
    """Sends through an SMTP relay, one connection per batch.

    Every socket operation has `settings.mail_timeout` as its timeout: without one,
    smtplib waits forever on a half-open server and the dispatcher stops (research B1).

    Failures come in three kinds, because the dispatcher treats them differently:

    - the server cannot be reached (refused, timed out, failed greeting, TLS or
      login) or the connection fails before the message's DATA command:
      `UnreachableError`. Nothing of the message was sent, so a connection the server
      dropped between messages is reopened once and the message sent again; if that
      fails too, the batch is marked broken and each further `send()` in it raises
      the same error at once (a dead relay costs one timeout per batch, not one per
      message);
    - a 4xx reply to MAIL, RCPT or DATA: `TransientError` with the code; a 5xx:
      `PermanentError`;
    - the connection fails from the DATA command on (a drop, a stall timing out):
      `TransientError` without a code, and the batch is broken. The server may have
      accepted the message and lost only its reply, so it is never resent here; a
      later retry may deliver it twice, with the same Message-ID.

    A refused password is the relay's configuration, not the message's fault:
    unreachable, retried once an operator fixes it.
    """

    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._sender = parseaddr(settings.mail_from)[1]
        self._smtp: smtplib.SMTP | None = None
        self._broken: TransientError | None = None

    def open(self) -> None:
        self._broken = None
        try:
            self._live()
        except TransientError:
            pass  # remembered in self._broken; every send() of this batch reports it

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        self._broken = None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    def send_bytes(self, data: bytes, *, recipients: Sequence[str], message_id: str) -> None:
        sender = self._sender
        try:
            try:
                refused = _transaction(self._live(), sender, recipients, data)
            except _DROPPED:
                self._discard()  # dropped before DATA: nothing was sent, try once more
                refused = _transaction(self._live(), sender, recipients, data)
        except DeliveryError:
            raise
        except _ReplyLost as exc:
            raise self._mark_broken(exc, unreachable=False) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise _refusal_error(exc.recipients) from exc
        except smtplib.SMTPResponseException as exc:
            raise error_for_reply(exc.smtp_code, exc.smtp_error) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Failed again before DATA: the road to the server, not the message.
            raise self._mark_broken(exc) from exc
        if refused:
            # Accepted for some recipients only: the refused ones did not get it, so
            # this is a failure, not a send.
            raise _refusal_error(refused)

    def _live(self) -> smtplib.SMTP:
        if self._broken is not None:
            raise self._broken
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except smtplib.SMTPResponseException as exc:
                raise self._mark_broken(exc, code=exc.smtp_code) from exc
            except (smtplib.SMTPException, OSError) as exc:
                raise self._mark_broken(exc) from exc
        return self._smtp

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if settings.mail_security == "ssl":
            smtp = smtplib.SMTP_SSL(settings.mail_host, settings.mail_port,
                                    timeout=settings.mail_timeout, context=context)
        else:
            smtp = smtplib.SMTP(settings.mail_host, settings.mail_port,
                                timeout=settings.mail_timeout)
        try:
            if settings.mail_security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.mail_username:
                smtp.login(settings.mail_username, settings.mail_password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _discard(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def _mark_broken(self, exc: BaseException, code: int | None = None, *,
                     unreachable: bool = True) -> TransientError:
        self._discard()
        if isinstance(exc, smtplib.SMTPResponseException):
            reply = _text(exc.smtp_error)
        elif isinstance(exc, _ReplyLost):
            reply = f"connection lost after DATA, the server may have the message: {exc}"
        else:
            reply = f"{type(exc).__name__}: {exc}"
        error_class = UnreachableError if unreachable else TransientError
        self._broken = error_class(reply, code)
        return self._broken


def _refusal_error(recipients: dict[str, tuple[int, bytes]]) -> DeliveryError:
    """One error for refused recipients: permanent only if every refusal was 5xx."""
    codes = [code for code, _ in recipients.values()]
    # The replies only: the outbox row already knows the address, and logs must not.
    replies = "; ".join(_text(reply) for _, reply in recipients.values())
    code = max(codes) if all(c >= 500 for c in codes) else min(codes)
    return error_for_reply(code, replies)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


_CLASSES: dict[str, type[Backend]] = {cls.name: cls for cls in (FileBackend, SmtpBackend)}


def load_backend(settings: Settings) -> Backend:
    """The backend MAIL_BACKEND names: one of `BACKENDS`."""
    try:
        backend_class = _CLASSES[settings.mail_backend]
    except KeyError:
        raise ValueError(
            f"MAIL_BACKEND={settings.mail_backend!r} must be one of {', '.join(BACKENDS)}"
        ) from None
    return backend_class(settings)
