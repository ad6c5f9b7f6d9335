"""The `email` policies composing builds and writes messages with, remembering headers.

The standard library's `EmailPolicy` parses every header it is given (its
`_header_value_parser`), folds it again on output, and looks up a header's class
anew for each one it stores (`HeaderRegistry.__getitem__` makes a new class each
time). A reminder has some twenty headers, and most are the same in every message
(From, MIME-Version, the parts' Content-Type and Content-Transfer-Encoding, the
auto-reply headers): parsing and folding them was a third of composing a message
when the messages of one group are few (issue 17: a workgroup of twenty).

`CachingPolicy` is `EmailPolicy` that keeps what it parsed and folded per header
name and value; header objects are immutable, so sharing them between messages is
safe, and the bytes are those `EmailPolicy` writes (tests/notifier/test_mail_policy.py).
The per-recipient headers (To, Message-ID, List-Unsubscribe, Date) are never kept:
they would only fill the cache, and To holds a name and an address.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from email.policy import EmailPolicy
from typing import Any

#: Headers that differ per message: parsed and folded as `EmailPolicy` does, not kept.
PER_MESSAGE = frozenset({"to", "message-id", "list-unsubscribe", "date"})
#: Distinct header values kept; a pass meets a few per event and language.
CACHE_SIZE = 4096


class CachingPolicy(EmailPolicy):
    """`EmailPolicy` with its header parsing and folding remembered (see the module)."""

    def header_max_count(self, name: str) -> int | None:
        return _max_count(name.lower())

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if type(value) is not str or name.lower() in PER_MESSAGE:
            return super().header_store_parse(name, value)
        return _remembered(PARSED, (self, name, value),
                           lambda: EmailPolicy.header_store_parse(self, name, value))

    def fold_binary(self, name: str, value: Any) -> bytes:
        if name.lower() in PER_MESSAGE:
            return super().fold_binary(name, value)
        # A header's class follows from its name, so one name and text fold one way.
        return _remembered(FOLDED, (self, name, str(value), type(value)),
                           lambda: EmailPolicy.fold_binary(self, name, value))


@functools.cache
def _max_count(name: str) -> int | None:
    return EmailPolicy().header_max_count(name)  # type: ignore[no-any-return]


def _remembered(cache: dict[tuple[Any, ...], Any], key: tuple[Any, ...],
                make: Callable[[], Any]) -> Any:
    found = cache.get(key)
    if found is None:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        found = cache[key] = make()
    return found


#: What was parsed and folded, per policy, header name and value.
PARSED: dict[tuple[Any, ...], Any] = {}
FOLDED: dict[tuple[Any, ...], Any] = {}

#: Building messages: `email.policy.default`, remembering.
BUILD = CachingPolicy()
#: Writing them: `email.policy.SMTP` (CRLF line ends), remembering.
SMTP = CachingPolicy(linesep="\r\n")
