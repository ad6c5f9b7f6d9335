"""Which periods the report offers and opens."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.services import report_periods


@pytest.mark.parametrize(("year", "today", "half"), [
    (2026, date(2026, 12, 2), "2026-H2"), (2026, date(2026, 6, 30), "2026-H1"),
    (2026, date(2026, 7, 1), "2026-H2"), (2025, date(2026, 3, 1), "2025-H2"),
    (2027, date(2026, 12, 2), "2027-H1")])
def test_the_half_year_to_evaluate_is_the_running_or_last_one_of_the_plan_year(
        year: int, today: date, half: str) -> None:
    assert report_periods.half_to_evaluate(year, today) == half
