"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 with fault injection.

Reused by the notifier and scheduler tests, so delivery code is exercised against a
real SMTP conversation instead of a mocked smtplib. Knobs (all changeable while it
runs):

- `fail_fraction`: answer `451 4.3.0` to that share of messages at DATA, drawn from a
  seeded RNG, so a run is reproducible;
- `reject`: addresses answered with `550 5.1.1` at RCPT;
- `stop()` / `start()` / `down()`: the server is away for a while (connections are
  refused) and comes back on the same port.

Optional at construction: `tls` (a server SSLContext; see `make_certificate`) offered
through STARTTLS, or from the first byte with `implicit_tls=True`, and `credentials`
(user, password) required before MAIL.

`HangingServer` is the other failure: a socket that accepts connections and never
says a word, to prove the client's timeout.
"""

from __future__ import annotations

import random
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from typing import Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from aiosmtpd.smtp import LoginPassword

TEMPORARY_FAILURE = "451 4.3.0 Temporary failure, please try again later"
UNKNOWN_MAILBOX = "550 5.1.1 Mailbox unavailable: no such user here"


@dataclass(frozen=True)
class Received:
    """One message the server accepted: its envelope and the parsed e-mail."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    email: EmailMessage
    raw: bytes
    peer: tuple[str, int]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class _Handler:
    """aiosmtpd hooks: record sessions and messages, inject the configured faults."""

    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any,
                          hostname: str, responses: list[str]) -> list[str]:
        session.host_name = hostname
        self.server._note_session(session.peer)
        return responses

    async def handle_HELO(self, server: Any, session: Any, envelope: Any,
                          hostname: str) -> str:
        session.host_name = hostname
        self.server._note_session(session.peer)
        return f"250 {server.hostname}"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        self.server._count_quit()
        return "221 Bye"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any,
                          address: str, rcpt_options: list[str]) -> str:
        if address.lower() in {rejected.lower() for rejected in self.server.reject}:
            return UNKNOWN_MAILBOX
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.server._draw_failure():
            return TEMPORARY_FAILURE
        raw = bytes(envelope.original_content or envelope.content)
        email = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(email, EmailMessage)
        self.server._record(Received(
            mail_from=envelope.mail_from,
            rcpt_tos=tuple(envelope.rcpt_tos),
            email=email,
            raw=raw,
            peer=tuple(session.peer),
        ))
        return "250 2.0.0 OK: queued"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl CLI); returns (cert, key).

    Point SSL_CERT_FILE at the certificate to make `ssl.create_default_context()` trust
    it, so the client under test keeps full verification.
    """
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


class SmtpTestServer:
    """A loopback SMTP server recording what it receives; use as a context manager.

    Args:
        seed: Seeds the RNG behind `fail_fraction`, so runs repeat exactly.
        port: Fixed port; default a free one. It stays the same across stop/start.
        tls: Server-side TLS context; offered via STARTTLS (and then required).
        implicit_tls: Speak TLS from the first byte (SMTPS, port 465 style) instead.
        credentials: (user, password) that must log in before sending.
    """

    host = "127.0.0.1"

    def __init__(self, *, seed: int = 0, port: int | None = None,
                 tls: ssl.SSLContext | None = None, implicit_tls: bool = False,
                 credentials: tuple[str, str] | None = None) -> None:
        self.port = port or free_port(self.host)
        self.tls = tls
        self.implicit_tls = implicit_tls
        self.credentials = credentials
        self.logins = 0
        self.fail_fraction = 0.0
        self.reject: set[str] = set()
        self.messages: list[Received] = []
        self.failures_injected = 0
        self.quits = 0
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._sessions: list[tuple[str, int]] = []
        self._controller: Controller | None = None

    @property
    def sessions(self) -> int:
        """SMTP sessions opened (a connection that said EHLO/HELO), across restarts."""
        with self._lock:
            return len(set(self._sessions))

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        """Listen (again) on `port`; a new controller each time, as aiosmtpd closes its loop."""
        if self._controller is not None:
            return
        controller = Controller(_Handler(self), hostname=self.host, port=self.port,
                                **self._smtp_options())
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Close the listener and every open session: clients see a dropped connection."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    @contextmanager
    def down(self) -> Iterator[None]:
        """The server is away inside the block and back afterwards."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    def reset(self) -> None:
        """Forget received messages and sessions; knobs stay as they are."""
        with self._lock:
            self.messages.clear()
            self._sessions.clear()
            self.failures_injected = 0
            self.quits = 0

    def recipients(self) -> list[str]:
        """Every envelope recipient of every accepted message, in arrival order."""
        with self._lock:
            return [rcpt for received in self.messages for rcpt in received.rcpt_tos]

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _smtp_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self.tls is not None and self.implicit_tls:
            options["ssl_context"] = self.tls
        elif self.tls is not None:
            options.update(tls_context=self.tls, require_starttls=True)
        if self.credentials is not None:
            # Over implicit TLS aiosmtpd cannot tell the session is encrypted, so AUTH is
            # merely allowed there (the test checks `logins`), required otherwise.
            options.update(authenticator=self._authenticate,
                           auth_required=not self.implicit_tls,
                           auth_require_tls=not self.implicit_tls)
        return options

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode()) \
            if isinstance(auth_data, LoginPassword) else None
        if given != self.credentials:
            return AuthResult(success=False, handled=False)
        with self._lock:
            self.logins += 1
        return AuthResult(success=True)

    def _note_session(self, peer: tuple[str, int]) -> None:
        with self._lock:
            if peer not in self._sessions:
                self._sessions.append(tuple(peer))

    def _count_quit(self) -> None:
        with self._lock:
            self.quits += 1

    def _draw_failure(self) -> bool:
        with self._lock:
            failed = self.fail_fraction > 0 and self._rng.random() < self.fail_fraction
            self.failures_injected += failed
            return failed

    def _record(self, received: Received) -> None:
        with self._lock:
            self.messages.append(received)


class HangingServer:
    """Accepts TCP connections (the kernel's backlog does) but never sends a greeting."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind((self.host, 0))
        self._socket.listen(8)
        self.port = int(self._socket.getsockname()[1])

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class DataFaultServer:
    """A minimal SMTP server that misbehaves once the client has sent DATA.

    aiosmtpd cannot be made to lose a reply on purpose, so this one speaks just enough
    SMTP by hand (greeting, EHLO, MAIL, RCPT, DATA; one client at a time) and then,
    per `fault`:

    - "drop": reads the whole message, then closes the connection without replying:
      the server "has" the message but the client never hears so;
    - "stall": reads `stall_after` bytes of the message, then stops reading and says
      nothing, holding the connection open: the client's send blocks once the socket
      buffers are full.

    `connections` and `data_commands` count what the client did, so a test can tell
    whether the message was sent twice.
    """

    host = "127.0.0.1"

    def __init__(self, fault: str, *, stall_after: int = 65536) -> None:
        if fault not in ("drop", "stall"):
            raise ValueError(f"unknown fault {fault!r}")
        self.fault = fault
        self.stall_after = stall_after
        self.connections = 0
        self.data_commands = 0
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind((self.host, 0))
        self._socket.listen(8)
        self._socket.settimeout(0.05)  # so the serving thread notices `_stop`
        self.port = int(self._socket.getsockname()[1])
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()
        for held in self._held:
            held.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _peer = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(10)
            self.connections += 1
            try:
                self._converse(client)
            except OSError:
                client.close()

    def _converse(self, client: socket.socket) -> None:
        stream = client.makefile("rb")
        client.sendall(b"220 faulty ESMTP\r\n")
        while True:
            line = stream.readline()
            if not line:
                client.close()
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                client.sendall(b"250-faulty\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.data_commands += 1
                client.sendall(b"354 go ahead\r\n")
                self._misbehave(client, stream)
                return
            elif verb == b"QUIT":
                client.sendall(b"221 bye\r\n")
                client.close()
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                client.sendall(b"250 OK\r\n")

    def _misbehave(self, client: socket.socket, stream: Any) -> None:
        if self.fault == "stall":
            stream.read(self.stall_after)
            self._held.append(client)  # never read again, never answer
            return
        while stream.readline() not in (b".\r\n", b""):
            pass
        client.close()
