"""The pure date engine: rule kinds -> occurrences (no database, no web).

Import the parts from here; the submodules hold one concern each (`occurrence` the value
types, `kinds` one small rule type per kind, `lunisolar`/`astronomy` the library adapters).
"""

from __future__ import annotations

from calendar_app.rules.expand import RulePeriod
from calendar_app.rules.expand import occurrences
from calendar_app.rules.expand import occurrences_in_year
from calendar_app.rules.kinds import KINDS
from calendar_app.rules.kinds import WHOLE_MONTH
from calendar_app.rules.kinds import Days
from calendar_app.rules.kinds import Rule
from calendar_app.rules.kinds import build_rule
from calendar_app.rules.occurrence import Occurrence
from calendar_app.rules.occurrence import Status
from calendar_app.rules.occurrence import unannounced_status

__all__ = [
    "KINDS",
    "WHOLE_MONTH",
    "Days",
    "Occurrence",
    "Rule",
    "RulePeriod",
    "Status",
    "build_rule",
    "occurrences",
    "occurrences_in_year",
    "unannounced_status",
]
