"""Message delivery: compose an e-mail for one recipient and hand it to a backend.

The scheduler's dispatch job is the only sender. It builds a `Message` from an outbox
row (`notifier.outbox_row.message_for`), calls `compose()`, and sends the result
inside one `with backend:` block per batch::

    backend = load_backend(settings)
    with backend:                      # one SMTP connection for the whole batch
        for row in claimed:
            try:
                backend.send(compose(message_for(row), settings, now=now))
            except UnreachableError:        # no server: put the row back, stop the pass
                ...
            except TransientError as exc:   # 4xx, a lost DATA reply: back off, retry
                ...
            except PermanentError as exc:   # 5xx: failed, keep exc.code and exc.reply
                ...

This package imports only `calendar_app.config` from the product (plus stdlib, jinja2
and babel): it never sees the database, so it can be tested with plain values.
"""

from __future__ import annotations

from notifier.backends import BACKENDS
from notifier.backends import Backend
from notifier.backends import FileBackend
from notifier.backends import SmtpBackend
from notifier.backends import load_backend
from notifier.compose import compose
from notifier.compose import dated
from notifier.compose import message_id
from notifier.compose import prepare
from notifier.errors import DeliveryError
from notifier.errors import PermanentError
from notifier.errors import TransientError
from notifier.errors import UnreachableError
from notifier.message import KINDS
from notifier.message import LANGUAGES
from notifier.message import Message

__all__ = [
    "BACKENDS",
    "KINDS",
    "LANGUAGES",
    "Backend",
    "DeliveryError",
    "FileBackend",
    "Message",
    "PermanentError",
    "SmtpBackend",
    "TransientError",
    "UnreachableError",
    "compose",
    "dated",
    "prepare",
    "load_backend",
    "message_id",
]
