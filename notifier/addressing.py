"""Compose once per content and language, address per recipient: `Preparer`.

A reminder about one event goes to every member of a workgroup, and the e-mails
differ only in the To and Message-ID headers, the greeting's name, and the
unsubscribe link (the List-Unsubscribe header and the footer of both bodies).
Building each one with the standard library's `email` package — templates, header
parsing and folding, MIME parts, quoted-printable — costs milliseconds; that was
most of the time between planning and sending (issue 17).

So `Preparer` renders the templates and builds the MIME structure once per group
of messages alike in everything but their recipient (`_group_key`), with stand-ins
for the name and the link (`_Skeleton`), and per recipient puts in the headers,
fills the stand-ins into the rendered bodies and encodes those (`mime_text`). The
result is the same bytes `compose.prepare` would make, boundaries apart (those are
random anyway): the skeleton of a group is kept only when it makes the group's first
message exactly as `compose.prepare` made it, else the group is composed one by one;
once a shape of message passed that check, its groups are checked one in
`CHECK_EVERY` (`Preparer`). A template may use `to_name` and `unsubscribe_url` only
by printing them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import secrets
from collections.abc import Hashable
from email.utils import formataddr
from typing import Any

from markupsafe import escape

from calendar_app.config import Settings
from notifier.compose import SMTP_POLICY
from notifier.compose import build
from notifier.compose import message_id
from notifier.compose import prepare
from notifier.compose import render
from notifier.compose import to_bytes
from notifier.message import Message
from notifier.mime_text import MAX_LINE
from notifier.mime_text import TextTemplate

log = logging.getLogger("notifier.addressing")

#: Stand-ins, unlikely in any real text (random per process) and left alone by
#: HTML escaping and by the header and body encodings (letters and digits only).
_NONCE = secrets.token_hex(6)
NAME = f"zq{_NONCE}name"
URL = f"zq{_NONCE}link"
_BODIES = (f"zq{_NONCE}text", f"zq{_NONCE}html")
#: Rendered behind the stand-ins, to see whether a template escapes them.
_PROBE = "<&>\"'"
_PROBE_ESCAPED = str(escape(_PROBE))
#: The skeleton's own recipient, replaced with each real one.
_TO = "recipient@skeleton.invalid"

_PLAIN_NAME = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+")
_PLAIN_URL = re.compile(r"<[A-Za-z0-9._~:/?#@!$&'*+,;%=-]+>")
_PLAIN_ID = re.compile(r"<[0-9a-f]{32}@[A-Za-z0-9.-]+>")
_BOUNDARY = re.compile(rb'boundary="([^"]+)"')
#: Groups whose first message is kept to check the second against; bounded.
_FIRST_SEEN = 4096
#: After a shape's group passed its check, one new group of it in this many is checked.
CHECK_EVERY = 16


class Preparer:
    """`compose.prepare` for many messages: one skeleton per group of alike messages.

    Lives for one preparing pass (its groups are not shared between passes or
    threads). A skeleton is checked against a message composed in full: a group's
    first message is composed in full and its second is addressed from the skeleton
    only when the skeleton makes the first exactly. Once a group of one shape (kind,
    language, parts, the templates' branches: `_shape`) passed, the next groups of that
    shape are addressed from their skeleton from the first message on (a group of one
    too), and one group in `CHECK_EVERY` is checked again; a group that fails puts its
    shape back to checking every group and is logged as an error. With workgroups of
    twenty, the check was half of preparing. So for the unchecked groups the exact
    bytes rest on the rules the skeleton checks itself (stand-ins printed plainly or
    escaped, the cut, the boundaries) and on the tests comparing both ways, not on a
    comparison at run time.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._skeletons: dict[Hashable, _Skeleton | None] = {}
        self._first: dict[Hashable, tuple[Message, bytes]] = {}
        #: Per shape that passed its check: groups addressed unchecked since.
        self._unchecked: dict[Hashable, int] = {}

    def prepare(self, message: Message) -> bytes:
        """The message as wire bytes without a Date header, as `compose.prepare` makes it."""
        key = _group_key(message)
        if key in self._skeletons:
            skeleton = self._skeletons[key]
            data = skeleton.address(message) if skeleton is not None else None
            return data if data is not None else prepare(message, self.settings)
        if key not in self._first and self._trusted(_shape(message)):
            skeleton = self._skeletons[key] = _Skeleton.build(message, self.settings)
            if skeleton is None:
                log.warning("a %s message cannot be composed once for its recipients; "
                            "composing each in full", message.kind)
            return self.prepare(message)
        if key not in self._first:
            data = prepare(message, self.settings)
            if len(self._first) >= _FIRST_SEEN:
                self._first.clear()
            self._first[key] = (message, data)
            return data
        skeleton = self._skeleton(*self._first.pop(key))
        self._skeletons[key] = skeleton
        shape = _shape(message)
        if skeleton is not None:
            self._unchecked[shape] = 0
        elif self._unchecked.pop(shape, None) is not None:
            # Groups of this shape went out unchecked since its last check: say so.
            log.error("a %s message failed the check its shape had passed before; up to "
                      "%d groups of that shape since went out unchecked: %r", message.kind,
                      CHECK_EVERY - 1, shape)
        return self.prepare(message)

    def _trusted(self, shape: Hashable) -> bool:
        """Whether a new group of `shape` may go without its check (counts it if so)."""
        count = self._unchecked.get(shape)
        if count is None or count + 1 >= CHECK_EVERY:
            return False
        self._unchecked[shape] = count + 1
        return True

    def _skeleton(self, first: Message, reference: bytes) -> _Skeleton | None:
        skeleton = _Skeleton.build(first, self.settings)
        made = skeleton.address(first) if skeleton is not None else None
        if made is None or unbounded(made) != unbounded(reference):
            log.warning("a %s message cannot be composed once for its recipients; "
                        "composing each in full", first.kind)
            return None
        return skeleton


@dataclasses.dataclass(frozen=True)
class _Skeleton:
    """A group's wire bytes in pieces: fixed bytes, and the names of per-recipient slots."""

    settings: Settings
    pieces: tuple[bytes | str, ...]
    #: The text and HTML bodies with stand-ins, and whether to escape the name and the
    #: link that replace them.
    bodies: tuple[tuple[TextTemplate, tuple[bool, bool]], ...]
    boundaries: tuple[bytes, ...]

    @classmethod
    def build(cls, message: Message, settings: Settings) -> _Skeleton | None:
        """The group's message with stand-ins, cut at the slots; None when it cannot be."""
        stand_in = dataclasses.replace(
            message, to=_TO, dedupe_key="skeleton",
            to_name=NAME + _PROBE if message.to_name else "",
            unsubscribe_url=URL + _PROBE if message.unsubscribe_url else None)
        subject, *bodies = render(stand_in, settings)
        if _NONCE in subject:
            return None
        text, html = _stand_ins(bodies[0]), _stand_ins(bodies[1])
        if text is None or html is None:
            return None
        data = to_bytes(build(stand_in, settings, (subject, *_BODIES), now=None))
        pieces = _cut(data)
        if pieces is None or any(isinstance(piece, bytes) and _NONCE.encode() in piece
                                 for piece in pieces):
            return None
        bodies = tuple((TextTemplate(body, (NAME, URL)), modes) for body, modes in (text, html))
        return cls(settings, pieces, bodies,
                   tuple(b"--" + found for found in _BOUNDARY.findall(data)))

    def address(self, message: Message) -> bytes | None:
        """This recipient's message, or None when a boundary turns up in its bodies."""
        name, url = message.to_name, message.unsubscribe_url or ""
        names = (name, str(escape(name)))
        urls = (url, str(escape(url)))
        bodies = []
        for template, (name_escaped, url_escaped) in self.bodies:
            encoded = template.fill({NAME: names[name_escaped], URL: urls[url_escaped]})
            if encoded is None or any(boundary in encoded[1] for boundary in self.boundaries):
                return None
            bodies.append(encoded)
        slots = {
            "to": _to_line(message.to_name, message.to),
            "message-id": _header_line("Message-ID", message_id(message.dedupe_key,
                                                                self.settings)),
            "list-unsubscribe": _header_line("List-Unsubscribe", f"<{url}>") if url else b"",
            "cte0": bodies[0][0].encode("ascii"), "body0": bodies[0][1],
            "cte1": bodies[1][0].encode("ascii"), "body1": bodies[1][1],
        }
        return b"".join(piece if isinstance(piece, bytes) else slots[piece]
                        for piece in self.pieces)


def _stand_ins(rendered: str) -> tuple[str, tuple[bool, bool]] | None:
    """The rendered body with bare stand-ins, and whether the template escaped each.

    The stand-ins were rendered with `_PROBE` behind them, so what the template did
    to the name and to the link shows: printed as they are (the text part, and the
    greeting of the HTML part, whose macro comes from a plain-text template), or
    HTML-escaped (the link in the HTML part). None when one was printed both ways or
    changed otherwise: then the group is composed one by one.
    """
    modes = []
    for stand_in in (NAME, URL):
        total = rendered.count(stand_in)
        plain = rendered.count(stand_in + _PROBE)
        escaped = rendered.count(stand_in + _PROBE_ESCAPED)
        if plain != total and escaped != total:
            return None
        modes.append(escaped == total and total > 0)
        rendered = rendered.replace(stand_in + _PROBE, stand_in)
        rendered = rendered.replace(stand_in + _PROBE_ESCAPED, stand_in)
    return rendered, (modes[0], modes[1])


def _cut(data: bytes) -> tuple[bytes | str, ...] | None:
    """Split the stand-in message at the recipient's header lines and the two bodies."""
    head, _, rest = data.partition(b"\r\n\r\n")
    pieces: list[bytes | str] = []
    for line in re.split(rb"\r\n(?![ \t])", head):
        name = line.partition(b":")[0].decode("ascii").lower()
        if name in ("to", "message-id", "list-unsubscribe"):
            pieces.append(name)
        else:
            pieces.append(line + b"\r\n")
    pieces.append(b"\r\n")
    for number, marker in enumerate(_BODIES):
        at = rest.find(marker.encode("ascii") + b"\r\n")
        cte = rest.rfind(b"\r\nContent-Transfer-Encoding: 7bit\r\n", 0, at)
        if at < 0 or cte < 0 or b"\r\n\r\n" not in rest[cte:at] or b"\r\n--" in rest[cte:at]:
            return None
        cte += len(b"\r\nContent-Transfer-Encoding: ")
        pieces += [rest[:cte], f"cte{number}", rest[cte + len(b"7bit"):at], f"body{number}"]
        rest = rest[at + len(marker) + 2:]
    pieces.append(rest)
    return tuple(pieces)


def _to_line(name: str, address: str) -> bytes:
    if (not name or _PLAIN_NAME.fullmatch(name)) and _PLAIN_ADDRESS.fullmatch(address):
        line = f"To: {name} <{address}>" if name else f"To: {address}"
        if len(line) <= MAX_LINE:
            return line.encode("ascii") + b"\r\n"
    return _folded("To", formataddr((name, address)))


def _header_line(name: str, value: str) -> bytes:
    """A header as the SMTP policy writes it; a plain link or id without its parser.

    Such a value has no space to fold at: on the line when it fits, else on a line of
    its own (the tests hold this against the `email` package).
    """
    plain = _PLAIN_ID if name == "Message-ID" else _PLAIN_URL
    if plain.fullmatch(value) and "=?" not in value:
        line = f"{name}: {value}"
        if len(line) <= MAX_LINE:
            return line.encode("ascii") + b"\r\n"
        if len(value) + 1 <= MAX_LINE:
            return f"{name}:\r\n {value}\r\n".encode("ascii")
    return _folded(name, value)


def _folded(name: str, value: str) -> bytes:
    return SMTP_POLICY.fold_binary(*SMTP_POLICY.header_store_parse(name, value))


def _group_key(message: Message) -> Hashable:
    """What a group's messages share: everything but the recipient and the outbox key."""
    return (message.kind, message.lang, bool(message.to_name), bool(message.unsubscribe_url),
            message.ics, message.ics_method, message.inline_png,
            json.dumps(dict(message.context), sort_keys=True, default=_typed))


def _shape(message: Message) -> Hashable:
    """What decides how a message is built but for its texts: kind, language, parts,
    and the templates' branches as far as the context shows them (which fields it has,
    the truth and choice fields such as `step` or `resubmitted`, and whether a list
    holds none, one or more)."""
    return (message.kind, message.lang, bool(message.to_name), bool(message.unsubscribe_url),
            message.ics is not None, message.ics_method, message.inline_png is not None,
            tuple((key, _branch(key, value)) for key, value in sorted(message.context.items())))


def _branch(key: str, value: Any) -> Hashable:
    if value is None or isinstance(value, bool) or key == "step":
        return value  # type: ignore[no-any-return]
    if isinstance(value, list | tuple):
        return min(len(value), 2)
    return "…"


def _typed(value: Any) -> str:
    """Dates and other non-JSON values by type and value, so "2030-07-15" != a date."""
    return f"{type(value).__qualname__}:{value!r}"


def unbounded(data: bytes) -> bytes:
    """The message with its MIME boundaries numbered, to compare two builds of it."""
    for number, boundary in enumerate(_BOUNDARY.findall(data)):
        data = data.replace(boundary, b"boundary-%d" % number)
    return data
