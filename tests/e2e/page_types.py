"""Every page type of the site, with data to show: shared by the 320 px layout test and
the screenshot script (`make screenshots`, run in CI by tests/e2e/test_screenshots.py).

`seed(database, data, settings)` adds people and a workgroup's activities to the public
data; `PAGES` names each page type with its address (`{name}` fields filled from the seeded ids) and
who looks at it: nobody, a coordinator of workgroup zuid, or an administrator. A new
page type (another stream's) gets one line here and is then checked and pictured too.
The pages behind a mail's link (password reset, invitation, unsubscribe, a sign-up's
confirm/cancel page) get their tokens from the services that write those mails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import RegistrationSettings
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import registrations
from calendar_app.services.invitations import INVITATION
from calendar_app.services.invitations import RESET
from calendar_app.services.invitations import Links
from calendar_app.services.invitations import invite
from calendar_app.services.invitations import request_password_reset
from calendar_app.services.registration_links import checkin_url
from calendar_app.services.registration_links import manage_url
from calendar_app.services.unsubscribe import unsubscribe_url
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
    PageType("reset", "/reset/{reset}"),
    PageType("invitation", "/invitation/{invitation}"),
    PageType("unsubscribe", "/u/{unsubscribe}"),
    PageType("sign-up-manage", "/activities/{signup}/aanmelden/{manage}"),
    PageType("sign-up-sent", "/activities/{signup}/aanmelden/verzonden"),
    PageType("activity-new", "/activities/new", COORDINATOR),
    PageType("activity-edit", "/activities/{proposal}/edit", COORDINATOR),
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
    PageType("admin-outbox-row", "/admin/outbox/{outbox_row}", ADMIN),
    PageType("workgroup-new", "/workgroups/new", ADMIN),
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
    PageType("check-in-one", "/activities/{signup}/aanwezig/{checkin}", COORDINATOR),
)


def seed(database: Database, data: PublicData, settings: Settings) -> dict[str, str]:
    """People and four activities of zuid on top of the public data, and the mails
    whose links lead to a page; the path fields."""
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
        fields = {"published": data.published, "synergy": data.synergy,
                  "lecture": lecture.public_id, "proposal": proposal.public_id,
                  "today": now.public_id, "signup": signup.public_id,
                  "member_id": str(member.id)}
    with database.transaction() as session:
        return fields | _mailed_links(session, settings, fields["signup"])


def _mailed_links(session: Session, settings: Settings, signup_id: str) -> dict[str, str]:
    """The tokens of a reset mail, an invitation, a reminder's unsubscribe link and a
    sign-up's confirmation mail (and its check-in QR code), as the services write them;
    the reset mail's outbox row."""
    links = Links(secret_key=settings.secret_key, base_url=settings.base_url)
    at = datetime.now(UTC)
    zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
    member = session.scalars(select(User).where(User.email == "member@example.org")).one()
    coordinator = session.scalars(select(User).where(User.email == COORDINATOR)).one()
    assert request_password_reset(session, email=member.email, links=links, now=at)
    invite(session, workgroup=zuid, email="nieuw@example.org", name="Noor Nieuw",
           role="member", lang="nl", inviter=coordinator, links=links, now=at)
    session.flush()
    mails = {row.kind: row for row in session.scalars(select(OutboxMessage))}
    activity = session.scalars(select(Activity).where(Activity.public_id == signup_id)).one()
    registration = registrations.sign_up(
        session, settings, activity=activity, now=at,
        data=registrations.SignUp(name="Rosa Rijn", email="rosa@example.org"))
    return {"reset": _token(mails[RESET].payload["reset_url"]),
            "invitation": _token(mails[INVITATION].payload["invite_url"]),
            "unsubscribe": _token(unsubscribe_url(settings, member.id, zuid.id)),
            "manage": _token(manage_url(settings, registration, signup_id)),
            "checkin": _token(checkin_url(settings, registration, signup_id)),
            "outbox_row": str(mails[RESET].id)}


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1]
