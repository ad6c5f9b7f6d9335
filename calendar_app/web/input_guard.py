"""One guard against control characters in what a request carries.

PostgreSQL refuses a NUL byte in text (SQLite stores it), and a CR or LF in a value that
ends up in a mail header or a redirect breaks it for good. Rather than a check per view,
every request is looked at once, before any view runs: its path, its query and its form.
A path or query value may hold no control character at all; a form value may hold the
line breaks and tabs a text area needs, and nothing else below U+0020. Single-line form
fields refuse line breaks too, with a form error (`forms.single_line`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask import abort
from flask import request
from werkzeug.routing import IntegerConverter
from werkzeug.routing import Map

#: The largest id or number a path may carry: PostgreSQL's INTEGER (and below BIGINT).
LARGEST_INT = 2**31 - 1

#: C0 controls and DEL; no line break or tab is allowed in a path or a query.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: In form values: the same, except tab, line feed and carriage return (text areas).
FORM_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control(value: str, *, multiline: bool = False) -> bool:
    """Whether `value` holds a character no field of this site ever needs."""
    return (FORM_CONTROL if multiline else CONTROL).search(value) is not None


def refuse_control_characters() -> None:
    """Answer 400 when the path, a query parameter or a form field holds a control character."""
    if has_control(request.path):
        abort(400, "The address holds a control character.")
    for key, value in request.args.items(multi=True):
        if has_control(key) or has_control(value):
            abort(400, "A query parameter holds a control character.")
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in request.form.items(multi=True):
            if has_control(key) or has_control(value, multiline=True):
                abort(400, "A form field holds a control character.")


class DatabaseInt(IntegerConverter):
    """`<int:...>` that matches only numbers a database column can hold (else 404).

    Without the bound `/outbox/99999999999999999999/retry` reaches the query and
    PostgreSQL answers "integer out of range", a 500.
    """

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_INT)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Bound every `<int:>` in the url map; refuse control characters before any view."""
    app.url_map.converters["int"] = DatabaseInt
    app.before_request(refuse_control_characters)
