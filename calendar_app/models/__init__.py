"""The data model: one module per aggregate.

Importing this package registers every table on `calendar_app.db.Base.metadata`,
which is what Alembic compares against.
"""

from calendar_app.models.activities import Activity
from calendar_app.models.activities import ActivityChange
from calendar_app.models.activities import ProgrammeItem
from calendar_app.models.coorganisers import ActivityCoorganiser
from calendar_app.models.feedback import FeedbackQuestion
from calendar_app.models.feedback import FeedbackResponse
from calendar_app.models.observances import BrowserDate
from calendar_app.models.observances import Observance
from calendar_app.models.observances import Theme
from calendar_app.models.planner import PlannerInputs
from calendar_app.models.planner import PlanningWatermark
from calendar_app.models.planning import ActivityEvaluation
from calendar_app.models.planning import YearBudget
from calendar_app.models.ratelimit import RateLimitCounter
from calendar_app.models.registrations import Registration
from calendar_app.models.registrations import RegistrationSettings
from calendar_app.models.reminders import Heartbeat
from calendar_app.models.reminders import OutboxEvent
from calendar_app.models.reminders import OutboxMessage
from calendar_app.models.reminders import PreparedMessage
from calendar_app.models.reminders import ReminderRule
from calendar_app.models.series import ActivitySeries
from calendar_app.models.site import DataVersion
from calendar_app.models.site import FeedStamp
from calendar_app.models.workgroups import Membership
from calendar_app.models.workgroups import User
from calendar_app.models.workgroups import Workgroup

__all__ = [
    "Activity",
    "ActivityChange",
    "ActivityCoorganiser",
    "ActivityEvaluation",
    "ActivitySeries",
    "BrowserDate",
    "DataVersion",
    "FeedStamp",
    "FeedbackQuestion",
    "FeedbackResponse",
    "Heartbeat",
    "Membership",
    "Observance",
    "PlannerInputs",
    "PlanningWatermark",
    "OutboxEvent",
    "OutboxMessage",
    "PreparedMessage",
    "ProgrammeItem",
    "RateLimitCounter",
    "Registration",
    "RegistrationSettings",
    "ReminderRule",
    "Theme",
    "User",
    "Workgroup",
    "YearBudget",
]
