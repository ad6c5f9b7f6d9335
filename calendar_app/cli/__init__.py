"""The `diversity-calendar` command.

Each subcommand imports what it needs inside its body, so `--help` works without a
database and `diversity-calendar scheduler` never builds the Flask app. Errors an
operator can fix (a bad setting, an unreachable database, a broken events file) end
as one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

from calendar_app.cli import announced  # noqa: F401  (registers its commands)
from calendar_app.cli import catalogue  # noqa: F401
from calendar_app.cli import database  # noqa: F401
from calendar_app.cli import exports  # noqa: F401
from calendar_app.cli import people  # noqa: F401
from calendar_app.cli import processes  # noqa: F401
from calendar_app.cli import registrations  # noqa: F401
from calendar_app.cli.base import main

__all__ = ["main"]
