"""The account services' refusals (workgroups, invitations, reminders) in the page's language.

The domain raises `ServiceError` with one English line, which the CLI prints as is; the
web must not show that line on a Dutch page. The services stay free of Flask, so the
translation lives here, keyed on the error's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _

from calendar_app.services.errors import ServiceError

#: (pattern on the English text, its text in the page's language); first match wins.
_TEXTS: tuple[tuple[re.Pattern[str], Callable[[], str]], ...] = (
    (re.compile(r"workgroup '.*' exists already$"),
     lambda: _("A workgroup with this short name exists already; choose another.")),
    (re.compile(r"slug '.*': use "),
     lambda: _("Use 2 to 60 lowercase letters, digits and hyphens, for example "
               "werkgroep-zuid.")),
    (re.compile(r"a workgroup needs a name$"), lambda: _("Give the workgroup a name.")),
    (re.compile(r"a budget cannot be negative$"),
     lambda: _("A budget cannot be negative.")),
    (re.compile(r"a user with e-mail .* exists already$"),
     lambda: _("An account with this e-mail address exists already.")),
    (re.compile(r".* is not an e-mail address$"),
     lambda: _("Enter an e-mail address like name@amsterdam.nl.")),
    (re.compile(r"a user needs a name$"), lambda: _("Enter a name.")),
)


def refusal_text(error: ServiceError) -> str:
    """The text to show beside the field; an unknown refusal keeps the service's words."""
    message = str(error)
    for pattern, text in _TEXTS:
        if pattern.match(message):
            return text()
    return message
