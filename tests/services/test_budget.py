"""Budget arithmetic: exact cents, committed/spent/open/remaining, over-commitment."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from calendar_app.services import budget
from calendar_app.services.accounts import create_user
from calendar_app.services.activities import PermissionDenied
from calendar_app.services.errors import ServiceError
from calendar_app.services.planning import PlanActivity
from tests.factories import make_activity
from tests.factories import make_workgroup

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Amsterdam")


def row(status: str = "published", estimate: str | None = None, actual: str | None = None,
        phase: str | None = "bewustwording", themes: tuple[str, ...] = ()) -> PlanActivity:
    return PlanActivity(
        public_id=f"id-{status}-{estimate}-{actual}-{phase}", title="x", kind="activity",
        start=date(2026, 5, 1), end=date(2026, 5, 1), status=status, phase=phase,
        themes=themes, budget_estimate=None if estimate is None else Decimal(estimate),
        actual_cost=None if actual is None else Decimal(actual), attendance=None,
        observance_key=None)


def test_tenths_of_cents_add_up_exactly_where_floats_would_not() -> None:
    rows = [row(estimate="0.10"), row(estimate="0.20"), row(estimate="29999.70")]
    result = budget.summarise(rows, year=2026, budgeted=Decimal("30000"))
    assert 0.1 + 0.2 != 0.3  # the reason for Decimal
    assert result.committed == Decimal("30000.00")
    assert result.remaining == Decimal("0.00")
    assert not result.over_committed


def test_committed_spent_open_and_remaining_follow_their_definitions() -> None:
    rows = [
        row(estimate="1250.50", actual="1300.25"),            # held, cost known
        row(estimate="800.00"),                               # published, not yet paid
        row(status="cancelled", estimate="500.00", actual="75.10"),  # cancelled, deposit lost
        row(status="proposed", estimate="9999.00"),           # not promised yet
    ]
    result = budget.summarise(rows, year=2026, budgeted=Decimal("30000.00"))
    assert result.committed == Decimal("2050.50")             # 1250.50 + 800.00
    assert result.spent == Decimal("1375.35")                 # 1300.25 + 75.10
    assert result.open == Decimal("800.00")
    assert result.remaining == Decimal("27824.65")            # 30000 - 1375.35 - 800


def test_commitments_beyond_the_budget_raise_the_warning() -> None:
    rows = [row(estimate="20000.00"), row(estimate="10000.01")]
    result = budget.summarise(rows, year=2026, budgeted=Decimal("30000.00"))
    assert result.committed == Decimal("30000.01")
    assert result.over_committed
    assert result.overspent
    assert result.remaining == Decimal("-0.01")


def test_exactly_the_budget_is_no_over_commitment() -> None:
    result = budget.summarise([row(estimate="30000.00")], year=2026, budgeted=Decimal("30000"))
    assert not result.over_committed


def test_without_a_budget_there_is_no_remaining_and_no_warning() -> None:
    result = budget.summarise([row(estimate="5.00")], year=2026, budgeted=None)
    assert result.remaining is None
    assert not result.over_committed


def test_phase_lines_add_up_and_themes_count_each_activity_under_every_theme() -> None:
    rows = [row(estimate="100.00", phase="bewustwording", themes=("lhbti", "gender")),
            row(estimate="40.00", phase=None, themes=("lhbti",)),
            row(estimate="10.00", phase="borging")]
    result = budget.summarise(rows, year=2026, budgeted=Decimal("1000"))
    phases = {line.key: line.committed for line in result.by_phase}
    assert phases == {"bewustwording": Decimal("100.00"), "borging": Decimal("10.00"),
                      budget.NO_PHASE: Decimal("40.00")}
    assert sum(phases.values()) == result.committed
    themes = {line.key: (line.activities, line.committed) for line in result.by_theme}
    assert themes == {"gender": (1, Decimal("100.00")), "lhbti": (2, Decimal("140.00"))}


@pytest.mark.parametrize(("typed", "amount"), [
    ("30000", "30000.00"), ("30.000,00", "30000.00"), ("€ 30.000,50", "30000.50"),
    ("1,250.5", "1250.50"), ("0,01", "0.01"), ("1.250", "1250.00"),
    ("1,250,000.00", "1250000.00"), ("1.250.000", "1250000.00")])
def test_amounts_are_read_as_typed_in_either_convention(typed: str, amount: str) -> None:
    assert budget.parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["12.345.6x", "-5", "abc", "1e5", "1.2.3", "12.34.567",
                                   "1.250.00", "1,250.000,5", "12.3456"])
def test_bad_amounts_are_refused(typed: str) -> None:
    with pytest.raises(ServiceError):
        budget.parse_amount(typed)


@pytest.mark.parametrize("typed", ["12,345", "1,005"])
def test_a_lone_comma_before_three_digits_is_too_many_decimals(typed: str) -> None:
    with pytest.raises(ServiceError, match="two decimals"):
        budget.parse_amount(typed)


def test_sub_cent_amounts_are_refused_not_rounded() -> None:
    with pytest.raises(ServiceError, match="two decimals"):
        budget.check_amount(Decimal("10.005"))


def test_a_coordinator_sets_a_yearly_budget_and_the_overview_uses_it(session: Session) -> None:
    workgroup = make_workgroup(session)
    workgroup.budget = Decimal("5000.00")  # the old single field: a fallback only
    coordinator = create_user(session, email="c@example.org", name="C", workgroup_slug="zuid",
                              role="coordinator", now=NOW)
    budget.set_year_budget(session, actor=coordinator, workgroup=workgroup, year=2026,
                           amount=Decimal("30000"), now=NOW)
    budget.set_year_budget(session, actor=coordinator, workgroup=workgroup, year=2026,
                           amount=Decimal("30000.00"), now=NOW)  # replaces, no duplicate
    make_activity(session, workgroup, on=date(2026, 4, 1), budget_estimate=Decimal("1234.56"))
    make_activity(session, workgroup, on=date(2025, 12, 31), budget_estimate=Decimal("99.00"))
    result = budget.overview(session, workgroup=workgroup, year=2026, zone=ZONE)
    assert result.budgeted == Decimal("30000.00")
    assert result.committed == Decimal("1234.56")
    assert result.remaining == Decimal("28765.44")
    assert budget.year_budget(session, workgroup, 2025) == Decimal("5000.00")


def test_a_member_cannot_set_the_budget(session: Session) -> None:
    workgroup = make_workgroup(session)
    member = create_user(session, email="m@example.org", name="M", workgroup_slug="zuid",
                         now=NOW)
    with pytest.raises(PermissionDenied):
        budget.set_year_budget(session, actor=member, workgroup=workgroup, year=2026,
                               amount=Decimal("1"), now=NOW)


@given(st.decimals(min_value=0, max_value=budget.MAX_AMOUNT, places=2),
       st.sampled_from(["nl", "en"]))
def test_an_amount_written_in_dutch_or_english_reads_back_exactly(amount: Decimal,
                                                                  locale: str) -> None:
    written = format_decimal(amount, format="#,##0.00", locale=locale)
    assert budget.parse_amount(written) == amount


def test_a_cancelled_activity_costs_but_is_not_counted_as_an_activity() -> None:
    rows = [row(estimate="100.00"), row(status="cancelled", estimate="50.00", actual="20.00")]
    result = budget.summarise(rows, year=2026, budgeted=None)
    line = next(line for line in result.by_phase if line.key == "bewustwording")
    assert (line.activities, line.committed, line.spent) == (
        1, Decimal("100.00"), Decimal("20.00"))
