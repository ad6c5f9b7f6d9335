"""Every page type of the site, with data to show: shared by the 320 px layout test and
the screenshot script (`make screenshots`, run in CI by tests/e2e/test_screenshots.py).

`seed(database)` adds people and a workgroup's activities to the public data; `PAGES`
names each page type with its address (`{name}` fields filled from the seeded ids) and
who looks at it: nobody, a coordinator of workgroup zuid, or an administrator. A new
page type (another stream's) gets one line here and is then checked and pictured too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from calendar_app.db import Database
from calendar_app.models import RegistrationSettings
from calendar_app.models import User
from calendar_app.models import Workgroup
from tests.factories import make_activity
from tests.web.accounts_data import people
from tests.web.public_data import PublicData
from tests.web.public_data import today

COORDINATOR = "coord@example.org"
ADMIN = "admin@example.org"


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    #: Who is logged in: None, COORDINATOR or ADMIN.
    viewer: str | None = None


PAGES = (
    PageType("home", "/"),
    PageType("month", "/maand/2026-05"),
    PageType("month-long", "/maand/2026-10"),
    PageType("year", "/jaar/2026"),
    PageType("list", "/lijst?from=2026-05-01&to=2026-05-31"),
    PageType("observance", "/observances/idahot"),
    PageType("activity", "/activities/{published}"),
    PageType("synergy-day", "/activities/{synergy}"),
    PageType("check", "/check?from=2026-05-04&to=2026-05-05"),
    PageType("subscribe", "/subscribe"),
    PageType("feed-check", "/feed-check"),
    PageType("accessibility", "/toegankelijkheid"),
    PageType("not-found", "/maand/2026-13"),
    PageType("login", "/login"),
    PageType("forgot", "/forgot"),
    PageType("feedback", "/feedback/{today}"),
    PageType("workgroups", "/workgroups/", COORDINATOR),
    PageType("workgroup", "/workgroups/zuid", COORDINATOR),
    PageType("workgroup-edit", "/workgroups/zuid/edit", COORDINATOR),
    PageType("activity-new", "/activities/new", COORDINATOR),
    PageType("activity-review", "/activities/{proposal}/review", COORDINATOR),
    PageType("activity-copy", "/activities/{proposal}/copy", COORDINATOR),
    PageType("activity-repeat", "/activities/{proposal}/repeat", COORDINATOR),
    PageType("plan", "/planning/zuid/2026", COORDINATOR),
    PageType("budget", "/planning/zuid/2026/budget", COORDINATOR),
    PageType("report", "/planning/zuid/report?period=2026-H1", COORDINATOR),
    PageType("evaluation", "/planning/activities/{lecture}/evaluation", COORDINATOR),
    PageType("questions", "/planning/zuid/questions", COORDINATOR),
    PageType("admin", "/admin/", ADMIN),
    PageType("admin-outbox", "/admin/outbox", ADMIN),
    PageType("admin-preview", "/admin/mail/reminder/nl", ADMIN),
    PageType("admin-users", "/admin/users/", ADMIN),
    PageType("admin-audit", "/admin/audit/", ADMIN),
    PageType("admin-user", "/admin/users/{member_id}", ADMIN),
    PageType("admin-dates", "/admin/dates/", ADMIN),
    PageType("admin-dates-observance", "/admin/dates/pride-amsterdam", ADMIN),
    PageType("admin-unannounced", "/admin/dates/unannounced", ADMIN),
    PageType("sign-up", "/activities/{signup}/aanmelden"),
    PageType("registrations", "/activities/{signup}/aanmeldingen", COORDINATOR),
    PageType("check-in", "/activities/{signup}/aanwezig", COORDINATOR),
)


def seed(database: Database, data: PublicData) -> dict[str, str]:
    """People and three activities of zuid on top of the public data; the path fields."""
    people(database)
    with database.transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        lecture = make_activity(session, zuid, title="Lunchlezing Keti Koti", on=date(2026, 4, 10),
                                phase="bewustwording", budget_estimate=Decimal("1250.50"))
        proposal = make_activity(session, zuid, title="Pinksterontbijt", status="proposed",
                                 on=date(2027, 5, 17), budget_estimate=Decimal("300.00"))
        now = make_activity(session, zuid, title="IDAHOT-borrel", on=today())
        signup = make_activity(session, zuid, title="Keti Koti-dialoog",
                               on=today() + timedelta(days=20))
        session.add(RegistrationSettings(activity_id=signup.id, enabled=True, capacity=30,
                                         updated_at=datetime.now(UTC)))
        member = session.scalars(select(User).where(User.email == "member@example.org")).one()
        return {"published": data.published, "synergy": data.synergy,
                "lecture": lecture.public_id, "proposal": proposal.public_id,
                "today": now.public_id, "signup": signup.public_id,
                "member_id": str(member.id)}
