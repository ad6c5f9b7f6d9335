"""A text body's transfer encoding and wire bytes, as `EmailMessage.set_content` makes them.

`notifier.addressing` fills each recipient's greeting and unsubscribe link into a
body rendered once, so it must encode that body itself: substituting into
quoted-printable or base64 text would break its lines or its groups of four. The
rules are the standard library's (`email.contentmanager._encode_text` with the
default policy: UTF-8, lines of at most 78 characters, 8bit allowed), so a message
addressed this way is byte for byte what `compose` makes; only the slow part,
quoted-printable, is remembered per line, since a body differs between recipients
in two lines at most (the tests hold the two side by side).
"""

from __future__ import annotations

import binascii
import functools
from email import quoprimime

#: `email.policy.default.max_line_length`, the policy `compose` builds parts with.
MAX_LINE = 78
#: How many lines the standard library looks at to choose quoted-printable or base64.
_SNIFF_LINES = 10


def encode_text(text: str) -> tuple[str, bytes]:
    """(Content-Transfer-Encoding, body as written with CRLF line ends) of a text part.

    Short lines stay as they are (7bit, or 8bit for non-ASCII); a longer line makes
    the part quoted-printable, or base64 when that is shorter for its first lines.
    """
    return _encode(text.encode("utf-8").splitlines(), None)


class TextTemplate:
    """A body rendered once with stand-ins, encoded per recipient with theirs filled in.

    Only the lines holding a stand-in differ between recipients, so the others are
    measured and quoted-printable-encoded once. What fills a stand-in must not hold a
    line break (`fill` refuses it), so the lines stay the lines of the template.
    """

    def __init__(self, text: str, stand_ins: tuple[str, ...]) -> None:
        self.lines = text.encode("utf-8").splitlines()
        marks = tuple(stand_in.encode("ascii") for stand_in in stand_ins)
        self.varying = tuple(number for number, line in enumerate(self.lines)
                             if any(mark in line for mark in marks))
        fixed = [number for number in range(len(self.lines)) if number not in self.varying]
        self.longest = max((len(self.lines[number]) for number in fixed), default=0)
        self.ascii = all(self.lines[number].isascii() for number in fixed)
        sniff = [number for number in fixed if number < _SNIFF_LINES]
        self.sniffed = tuple(number for number in self.varying if number < _SNIFF_LINES)
        #: The fixed lines' share of what the standard library compares (see `_encode`).
        self.sniff_qp = sum(len(_qp_line(self.lines[number])) + 1 for number in sniff)
        self.sniff_bytes = sum(len(self.lines[number]) + 1 for number in sniff)
        self.qp = [_qp_line(line).replace(b"\n", b"\r\n") for line in self.lines] \
            if self.longest > MAX_LINE else None

    def fill(self, fills: dict[str, str]) -> tuple[str, bytes] | None:
        """(Content-Transfer-Encoding, body) with the stand-ins replaced; None for a break."""
        encoded = {stand_in.encode("ascii"): value.encode("utf-8")
                   for stand_in, value in fills.items()}
        lines = list(self.lines)
        for number in self.varying:
            line = lines[number]
            for mark, value in encoded.items():
                line = line.replace(mark, value)
            if b"\n" in line or b"\r" in line:
                return None
            lines[number] = line
        longest = max([self.longest, *(len(lines[number]) for number in self.varying)])
        if longest <= MAX_LINE:
            body = b"\r\n".join(lines) + b"\r\n"
            ascii_only = self.ascii and all(lines[number].isascii() for number in self.varying)
            return ("7bit" if ascii_only else "8bit"), body
        if self.qp is None:
            return _encode(lines, None)
        sniff_qp = self.sniff_qp + sum(len(_qp_line(lines[number])) + 1
                                       for number in self.sniffed)
        sniff_bytes = self.sniff_bytes + sum(len(lines[number]) + 1 for number in self.sniffed)
        if sniff_qp > _base64_length(sniff_bytes):
            return "base64", _base64(b"\n".join(lines) + b"\n")
        qp = list(self.qp)
        for number in self.varying:
            qp[number] = _qp_line(lines[number]).replace(b"\n", b"\r\n")
        return "quoted-printable", b"\r\n".join(qp) + b"\r\n"


def _encode(lines: list[bytes], qp: list[bytes] | None) -> tuple[str, bytes]:
    """`email.contentmanager._encode_text` (cte None), lines given, CRLF line ends."""
    if max(map(len, lines), default=0) <= MAX_LINE:
        body = b"\r\n".join(lines) + b"\r\n"
        return ("7bit" if body.isascii() else "8bit"), body
    if qp is None:
        qp = [_qp_line(line) for line in lines]
    sniff = range(min(_SNIFF_LINES, len(lines)))
    sniff_qp = sum(len(qp[number]) + 1 for number in sniff)
    # The length of `binascii.b2a_base64` of the first lines, each ending in the
    # default policy's LF (which base64 then keeps: the decoded text has LF line ends).
    sniff_bytes = sum(len(lines[number]) + 1 for number in sniff)
    if sniff_qp > _base64_length(sniff_bytes):
        return "base64", _base64(b"\n".join(lines) + b"\n")
    return "quoted-printable", (b"\n".join(qp) + b"\n").replace(b"\n", b"\r\n")


@functools.lru_cache(maxsize=4096)
def _qp_line(line: bytes) -> bytes:
    """One line in quoted-printable, soft breaks as LF: the standard library encodes every
    line apart, and counts its soft breaks so when it chooses between it and base64."""
    if not line:
        return b""
    encoded = quoprimime.body_encode(line.decode("latin-1"), MAX_LINE)
    return encoded.encode("ascii")


def _base64_length(size: int) -> int:
    """len(binascii.b2a_base64(data)) for `size` bytes of data."""
    return 4 * -(-size // 3) + 1


def _base64(data: bytes) -> bytes:
    """`email.contentmanager._encode_base64`, with CRLF line ends."""
    step = MAX_LINE // 4 * 3
    return b"".join(binascii.b2a_base64(data[start:start + step]).replace(b"\n", b"\r\n")
                    for start in range(0, len(data), step))
