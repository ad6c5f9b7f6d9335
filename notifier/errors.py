"""Why a message was not delivered, in the two shapes the caller acts on.

RFC 5321 §4.2.1 splits replies into 4yz ("transient negative completion": try again
later) and 5yz ("permanent negative completion": do not repeat as is). The scheduler's
dispatch job maps `TransientError` to "pending with backoff" and `PermanentError` to
"failed, with the server's code and reply shown to an administrator". Network failures
(refused, reset, timed out) carry no reply code and are transient: the message itself
is fine, the road to the server is not.
"""

from __future__ import annotations


class DeliveryError(Exception):
    """A message could not be handed over; `code` and `reply` say what the server said.

    Args:
        reply: The server's reply text, or a description of the network failure.
        code: The SMTP reply code (e.g. 451, 550), or None when there was no reply.
    """

    def __init__(self, reply: str, code: int | None = None) -> None:
        super().__init__(reply, code)
        self.reply = reply
        self.code = code

    def __str__(self) -> str:
        return self.reply if self.code is None else f"{self.code} {self.reply}"


class TransientError(DeliveryError):
    """Try again later: a 4xx reply, a refused or dropped connection, or a timeout."""


class UnreachableError(TransientError):
    """The server could not be reached, or it went away before the message's transaction.

    Refused or timed-out connections, a failed greeting, TLS or login, and a drop before
    the DATA command: nothing of the message reached the server, and nothing about it
    can be the cause. The dispatcher therefore does not count an attempt; it puts the
    row back and stops the pass until the server answers again.
    """


class PermanentError(DeliveryError):
    """Do not retry as is: a 5xx reply (unknown mailbox, message rejected, ...)."""


def error_for_reply(code: int, reply: str | bytes) -> DeliveryError:
    """The error class an SMTP reply code calls for: 5xx permanent, anything else transient.

    Codes other than 4xx/5xx (smtplib only raises for unexpected replies) are treated as
    transient, because giving up on a message needs a server that said so explicitly.
    """
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    if 500 <= code < 600:
        return PermanentError(text, code)
    return TransientError(text, code)
