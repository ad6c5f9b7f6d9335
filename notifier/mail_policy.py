"""The `email` policies composing builds and writes messages with, remembering headers.

The standard library's `EmailPolicy` parses every header it is given (its
`_header_value_parser`), folds it again on output, and looks up a header's class
anew for each one it stores (`HeaderRegistry.__getitem__` makes a new class each
time). A reminder has some twenty headers, and most are the same in every message
(From, MIME-Version, the parts' Content-Type and Content-Transfer-Encoding, the
auto-reply headers): parsing and folding them was a third of composing a message
when the messages of one group are few (issue 17: a workgroup of twenty).

`CachingPolicy` is `EmailPolicy` that keeps the header objects it parsed, per its
settings, header name and value, and on each object its folded bytes per policy
settings (the `email` package folds a part's headers under a clone of the policy, so
settings, not the policy object, are the key). Header objects are never changed once
made, so sharing them between messages is safe; the bytes are those `EmailPolicy`
writes (tests/notifier/test_mail_policy.py). Only the headers in `KEPT` are kept:
they hold no recipient's name or address, and MIME boundaries (random per message)
are left out too.
"""

from __future__ import annotations

import functools
from email.policy import EmailPolicy
from typing import Any

#: Headers whose objects are kept; all others (To, Message-ID, List-Unsubscribe, Date,
#: any added later) are parsed and folded as `EmailPolicy` does, every time.
KEPT = frozenset({"from", "subject", "mime-version", "content-type",
                  "content-transfer-encoding", "content-disposition", "auto-submitted",
                  "x-auto-response-suppress", "list-unsubscribe-post"})
#: Distinct header values kept; a pass meets a few per event and language.
CACHE_SIZE = 4096
#: Set on a kept header object: its folded bytes per policy settings.
_FOLDS = "_calendar_folds"


class CachingPolicy(EmailPolicy):
    """`EmailPolicy` with its header parsing and folding remembered (see the module)."""

    def header_max_count(self, name: str) -> int | None:
        return _max_count(name.lower())

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if type(value) is not str or name.lower() not in KEPT or "boundary=" in value:
            return super().header_store_parse(name, value)
        key = (self._settings(), name, value)
        found = PARSED.get(key)
        if found is None:
            if len(PARSED) >= CACHE_SIZE:
                PARSED.clear()
            found = PARSED[key] = super().header_store_parse(name, value)
            setattr(found[1], _FOLDS, {})
        return found  # type: ignore[no-any-return]

    def fold_binary(self, name: str, value: Any) -> bytes:
        folds = getattr(value, _FOLDS, None)
        if folds is None:  # not a kept header object
            return super().fold_binary(name, value)
        settings = self._settings()
        found = folds.get(settings)
        if found is None:
            found = folds[settings] = super().fold_binary(name, value)
        return found  # type: ignore[no-any-return]

    def _settings(self) -> tuple[Any, ...]:
        """What parsing and folding depend on (a clone with other settings differs)."""
        return (type(self), self.linesep, self.max_line_length, self.utf8, self.cte_type,
                self.refold_source, self.mangle_from_, self.raise_on_defect,
                id(self.header_factory))


@functools.cache
def _max_count(name: str) -> int | None:
    return EmailPolicy().header_max_count(name)  # type: ignore[no-any-return]


#: The kept header objects, per policy settings, header name and value.
PARSED: dict[tuple[Any, ...], tuple[str, Any]] = {}

#: Building messages: `email.policy.default`, remembering.
BUILD = CachingPolicy()
#: Writing them: `email.policy.SMTP` (CRLF line ends), remembering.
SMTP = CachingPolicy(linesep="\r\n")
