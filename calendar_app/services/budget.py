"""Money: a yearly budget per workgroup against the activities' estimates and costs.

Everything is `Decimal` quantised to cents, never float, so the overview adds up to
the cent the way the finance department's spreadsheet does. Definitions used on
every page and export:

- committed: the estimates of *published* activities (what the workgroup promised);
- spent: the actual costs recorded after activities (published or cancelled: a
  cancelled event can still have cost money);
- open: the estimates of published activities that have no actual cost yet;
- remaining: budgeted - spent - open.

An activity with several themes counts in full under each of them, so the theme
lines may add up to more than the total; the phase lines add up exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.models import YearBudget
from calendar_app.services.activities import PermissionDenied
from calendar_app.services.activities import may_moderate
from calendar_app.services.errors import ServiceError
from calendar_app.services.planning import PlanActivity
from calendar_app.services.planning import check_year
from calendar_app.services.planning import workgroup_activities

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: The key for activities without a phase.
NO_PHASE = "none"
MAX_AMOUNT = Decimal("9999999999.99")  # Numeric(12, 2)


def cents(value: Decimal | int | None) -> Decimal:
    """`value` in euros to the cent (None counts as nothing)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


#: Whole euros: plain digits, or groups of three after one kind of separator.
_WHOLE = re.compile(r"\d+|\d{1,3}(?:([.,])\d{3}(?:\1\d{3})*)")


def parse_amount(text: str) -> Decimal:
    """An amount as typed ("30000", "30.000,50", "1250.5"), exactly; refuses sub-cents.

    Dutch colleagues type a comma for the decimals and dots between thousands, others
    the reverse: the last separator followed by one or two digits is the decimal one.
    Thousands come in groups of three after one other separator ("1.2.3" is refused);
    a lone comma before three digits ("12,345") is a Dutch decimal comma, so too many
    decimals, not twelve thousand.
    """
    cleaned = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d+,\d{3}", cleaned):
        raise ServiceError("an amount has at most two decimals (cents)", field="amount")
    last = max(cleaned.rfind(","), cleaned.rfind("."))
    if last >= 0 and len(cleaned) - last - 1 in (1, 2):
        whole, fraction, point = cleaned[:last], cleaned[last + 1:], cleaned[last]
    else:
        whole, fraction, point = cleaned, "", ""
    grouped = _WHOLE.fullmatch(whole or "0")
    if grouped is None or (point and grouped.group(1) == point) or not fraction.isdigit() \
            and fraction:
        raise ServiceError(f"{text!r} is not an amount in euros", field="amount")
    try:
        amount = Decimal(f"{whole.replace('.', '').replace(',', '') or '0'}.{fraction or '0'}")
    except InvalidOperation:
        raise ServiceError(f"{text!r} is not an amount in euros", field="amount") from None
    return check_amount(amount)


def check_amount(amount: Decimal) -> Decimal:
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ServiceError("an amount must be between 0 and 9,999,999,999.99 euros",
                           field="amount")
    if amount != amount.quantize(CENT):
        raise ServiceError("an amount has at most two decimals (cents)", field="amount")
    return cents(amount)


@dataclass(frozen=True)
class BudgetLine:
    """The money of one phase or theme."""

    key: str
    activities: int
    committed: Decimal
    spent: Decimal


@dataclass(frozen=True)
class BudgetOverview:
    year: int
    budgeted: Decimal | None
    committed: Decimal
    spent: Decimal
    open: Decimal
    by_phase: tuple[BudgetLine, ...]
    by_theme: tuple[BudgetLine, ...]

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budgeted is None else self.budgeted - self.spent - self.open

    @property
    def over_committed(self) -> bool:
        """Promises beyond the budget: the warning the coordinator must see."""
        return self.budgeted is not None and self.committed > self.budgeted

    @property
    def overspent(self) -> bool:
        remaining = self.remaining
        return remaining is not None and remaining < 0


def year_budget(session: Session, workgroup: Workgroup, year: int) -> Decimal | None:
    """The budget for `year`; without one, the workgroup's single budget field, if set."""
    amount = session.scalar(select(YearBudget.amount).where(
        YearBudget.workgroup_id == workgroup.id, YearBudget.year == year))
    if amount is None:
        amount = workgroup.budget
    return None if amount is None else cents(amount)


def set_year_budget(session: Session, *, actor: User, workgroup: Workgroup, year: int,
                    amount: Decimal, now: datetime) -> YearBudget:
    """Set (or replace) the workgroup's budget for `year`; coordinators and admins only."""
    if not may_moderate(actor, workgroup.id):
        raise PermissionDenied("only a coordinator of the workgroup can set its budget")
    check_year(year)
    amount = check_amount(amount)
    row = session.scalar(select(YearBudget).where(
        YearBudget.workgroup_id == workgroup.id, YearBudget.year == year))
    if row is None:
        row = YearBudget(workgroup_id=workgroup.id, year=year, amount=amount, updated_at=now)
        session.add(row)
    else:
        row.amount, row.updated_at = amount, now
    session.flush()
    return row


def summarise(activities: Iterable[PlanActivity], *, year: int,
              budgeted: Decimal | None) -> BudgetOverview:
    """The arithmetic of the overview, apart from the database so it is tested exactly."""
    rows = [row for row in activities if row.status in ("published", "cancelled")]
    phases: dict[str, list[PlanActivity]] = {}
    themes: dict[str, list[PlanActivity]] = {}
    for row in rows:
        phases.setdefault(row.phase or NO_PHASE, []).append(row)
        for theme in row.themes:
            themes.setdefault(theme, []).append(row)
    return BudgetOverview(
        year=year, budgeted=None if budgeted is None else cents(budgeted),
        committed=_committed(rows), spent=_spent(rows), open=_open(rows),
        by_phase=tuple(_line(key, phases[key]) for key in sorted(phases)),
        by_theme=tuple(_line(key, themes[key]) for key in sorted(themes)))


def overview(session: Session, *, workgroup: Workgroup, year: int,
             zone: ZoneInfo) -> BudgetOverview:
    """Budgeted, committed, spent and remaining for the workgroup's `year`."""
    activities = workgroup_activities(session, workgroup.id, date(check_year(year), 1, 1),
                                      date(year, 12, 31), zone=zone)
    return summarise(activities, year=year, budgeted=year_budget(session, workgroup, year))


def _committed(rows: list[PlanActivity]) -> Decimal:
    return sum((cents(row.budget_estimate) for row in rows if row.status == "published"), ZERO)


def _spent(rows: list[PlanActivity]) -> Decimal:
    return sum((cents(row.actual_cost) for row in rows), ZERO)


def _open(rows: list[PlanActivity]) -> Decimal:
    return sum((cents(row.budget_estimate) for row in rows
                if row.status == "published" and row.actual_cost is None), ZERO)


def _line(key: str, rows: list[PlanActivity]) -> BudgetLine:
    """A cancelled activity's costs count as spent, but it is not one of the activities."""
    held = sum(1 for row in rows if row.status == "published")
    return BudgetLine(key, held, _committed(rows), _spent(rows))
