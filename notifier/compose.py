"""Turn a `Message` into an RFC 5322 `EmailMessage`: text + HTML, headers, .ics attachment.

Composing is a pure function of (message, settings, now): the same outbox row always
yields the same Message-ID, so a duplicate caused by a crash between the server's 250
and our commit is recognisable (research B4), and rendered e-mails can be snapshot.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from email.utils import formataddr
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from jinja2 import PackageLoader
from jinja2 import StrictUndefined
from jinja2 import select_autoescape
from markupsafe import Markup
from markupsafe import escape

from calendar_app.config import Settings
from notifier import mail_policy
from notifier.i18n import local_datetime
from notifier.i18n import local_span
from notifier.i18n import long_date
from notifier.i18n import translations
from notifier.message import OPTIONAL
from notifier.message import Message

#: Wire format: CRLF line ends, as SMTP and .eml files want them (`policy.SMTP`,
#: remembering the headers it parsed and folded: `notifier.mail_policy`).
SMTP_POLICY = mail_policy.SMTP


def compose(message: Message, settings: Settings, *, now: datetime | None) -> EmailMessage:
    """Build the e-mail for one message to one recipient.

    Args:
        message: What to say, to whom, in which language.
        settings: Supplies mail_from (sender and Message-ID domain) and base_url.
        now: Aware datetime for the Date header (the scheduler's injected clock), or
            None for a message prepared ahead, which gets its Date when sent
            (`dated`).

    Returns:
        multipart/alternative (text/plain + text/html), wrapped in multipart/mixed when
        an .ics is attached.
    """
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware for the Date header")
    return build(message, settings, render(message, settings), now=now)


def render(message: Message, settings: Settings) -> tuple[str, str, str]:
    """The subject, text body and HTML body of a message: the templates' share of composing."""
    context = _template_context(message, settings)
    env = _environment(message.lang)
    return (_one_line(env.get_template(f"{message.kind}.subject.txt").render(context)),
            env.get_template(f"{message.kind}.txt").render(context),
            env.get_template(f"{message.kind}.html").render(context))


def build(message: Message, settings: Settings, rendered: tuple[str, str, str], *,
          now: datetime | None) -> EmailMessage:
    """The MIME structure around rendered texts (`render`): headers, parts, attachment.

    Apart from `compose`, `notifier.addressing` builds it once for many recipients,
    around stand-ins for the bodies it fills in per recipient.
    """
    subject, text, html = rendered
    email = EmailMessage(policy=mail_policy.BUILD)
    email["From"] = settings.mail_from
    email["To"] = formataddr((message.to_name, message.to))
    email["Subject"] = subject
    if now is not None:
        email["Date"] = format_datetime(now)
    email["Message-ID"] = message_id(message.dedupe_key, settings)
    # RFC 3834: stops out-of-office replies; the second header is what Exchange honours.
    email["Auto-Submitted"] = "auto-generated"
    email["X-Auto-Response-Suppress"] = "All"
    if message.unsubscribe_url:
        # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    if message.inline_png is not None:
        _relate_png(email, message.inline_png)
    if message.ics is not None and message.ics_method != "PUBLISH":
        _inline_itip(email, message.ics, message.ics_method)
    elif message.ics is not None:
        _attach_ics(email, message.ics, translations(message.lang).gettext("event.ics"))
    return email


def prepare(message: Message, settings: Settings) -> bytes:
    """The message as wire bytes (CRLF, folded), without a Date header.

    Composing with the standard library's `email` package is the costly part of
    sending (milliseconds a message), so the scheduler prepares messages when it plans
    them and dispatch only adds the Date and hands the bytes to the server.
    """
    return to_bytes(compose(message, settings, now=None))


def to_bytes(email: EmailMessage) -> bytes:
    return email.as_bytes(policy=SMTP_POLICY)


def dated(data: bytes, now: datetime) -> bytes:
    """Prepared bytes with their Date header: the moment they are handed over."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware for the Date header")
    if data.startswith(b"Date:") or b"\r\nDate:" in data.partition(b"\r\n\r\n")[0]:
        return data
    return b"Date: " + format_datetime(now).encode("ascii") + b"\r\n" + data


def message_id(dedupe_key: str, settings: Settings) -> str:
    """`<sha256(key)[:32]@sender-domain>`: the same outbox row always gets the same id."""
    digest = hashlib.sha256(dedupe_key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{_sender_domain(settings.mail_from, settings.base_url)}>"


@functools.lru_cache(maxsize=16)
def _sender_domain(mail_from: str, base_url: str) -> str:
    """Parsed once per setting: parsing an address costs more than hashing the key."""
    address = parseaddr(mail_from)[1]
    if "@" in address:
        return address.rpartition("@")[2]
    return urlsplit(base_url).hostname or "localhost"


def _one_line(text: str) -> str:
    """Collapse whitespace: an event title with a newline must not break the header."""
    return " ".join(text.split())


def _template_context(message: Message, settings: Settings) -> dict[str, Any]:
    context: dict[str, Any] = dict.fromkeys(OPTIONAL[message.kind])
    context.update(message.context)
    context.update(
        base_url=settings.base_url,
        to_name=message.to_name,
        unsubscribe_url=message.unsubscribe_url,
        has_ics=message.ics is not None,
        timezone=settings.timezone,
        has_qr=message.inline_png is not None,
        qr_cid=_QR_CID,
    )
    return context


def _attach_ics(email: EmailMessage, ics: bytes, filename: str) -> None:
    """Attach as `text/calendar; method=PUBLISH`: the MIME method must match METHOD in
    the file, or Outlook reports a mismatch (research B11).

    What `EmailMessage.add_attachment` does, with the part built once per calendar
    (`_ics_part`): every member reminded of one event gets the same part, and building
    it (base64, parsing its own headers) was a fifth of composing a reminder.
    """
    if email.get_content_maintype() != "multipart" or email.get_content_subtype() != "mixed":
        email.make_mixed()
    email.attach(_ics_part(ics, filename))


@functools.lru_cache(maxsize=256)
def _ics_part(ics: bytes, filename: str) -> EmailMessage:
    """The attachment part of one calendar; shared between messages, so never changed."""
    part = EmailMessage(policy=mail_policy.BUILD)
    part.set_content(ics, maintype="text", subtype="calendar",
                     params={"method": "PUBLISH", "charset": "utf-8"}, filename=filename)
    if "content-disposition" not in part:
        part["Content-Disposition"] = "attachment"
    return part


#: Content-ID of the inline image (the registrant's QR code) the HTML part refers to.
_QR_CID = "qr@diversiteitskalender"


def _relate_png(email: EmailMessage, png: bytes) -> None:
    """Put the image beside the HTML (multipart/related), shown in place, not as a file."""
    html = email.get_body(("html",))
    assert isinstance(html, EmailMessage)
    html.add_related(png, maintype="image", subtype="png", cid=f"<{_QR_CID}>",
                     filename="qr.png", disposition="inline")


def _inline_itip(email: EmailMessage, ics: bytes, method: str) -> None:
    """An iTIP message as the last alternative, `text/calendar; method=...`.

    This is how Exchange itself sends a meeting request: Outlook files it in the
    recipient's calendar (REQUEST) or removes it (CANCEL) only when the calendar is a
    part of multipart/alternative and the MIME method matches METHOD in the data.
    """
    email.add_alternative(ics.decode("utf-8"), subtype="calendar",
                          params={"method": method})


def paragraphs(text: str | None) -> Markup:
    """Escape free text and keep its blank-line paragraphs and line breaks in HTML."""
    if not text:
        return Markup("")
    blocks = [block for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    line_break = Markup("<br>\n")
    return Markup("").join(
        Markup("<p>{}</p>\n").format(line_break.join(escape(line) for line in block.split("\n")))
        for block in blocks
    )


@functools.cache
def _environment(lang: str) -> Environment:
    """One Jinja2 environment per language, so catalogues never mix between threads."""
    env = Environment(
        loader=PackageLoader("notifier", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    install = env.install_gettext_translations  # type: ignore[attr-defined]
    install(translations(lang), newstyle=True)
    env.filters["long_date"] = functools.partial(long_date, lang=lang)
    env.filters["local_datetime"] = functools.partial(local_datetime, lang=lang)
    env.filters["local_span"] = functools.partial(local_span, lang=lang)
    env.filters["paragraphs"] = paragraphs
    env.globals["lang"] = lang
    return env
