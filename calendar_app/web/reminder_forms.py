"""The reminder settings form on the workgroup page.

Field errors are said in the page's language by the validators here; the service
(`calendar_app.services.reminder_rules`) checks the same rules again for the CLI
and any other caller.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms import RadioField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import SubmitField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Regexp
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from calendar_app.models import ReminderRule
from calendar_app.services.errors import ServiceError
from calendar_app.services.reminder_rules import DEFAULT_SEND_TIME
from calendar_app.services.reminder_rules import MAX_LEAD_DAYS
from calendar_app.services.reminder_rules import MAX_LEADS
from calendar_app.services.reminder_rules import leads_for
from calendar_app.services.reminder_rules import parse_lead_days
from calendar_app.web.forms import options


def _days_field(label: Any) -> StringField:
    return StringField(label, validators=[Length(max=100, message=_l(
        "Use at most %(max)d characters.", max=100)), _valid_days])


def _valid_days(_form: FlaskForm, field: Field) -> None:
    try:
        parse_lead_days(field.data or "")
    except ServiceError as error:
        raise ValidationError(_l(
            "Give whole numbers of days from 1 to %(max)d, separated by commas; "
            "at most %(count)d.", max=MAX_LEAD_DAYS, count=MAX_LEADS)) from error


class ReminderRuleForm(FlaskForm):
    major_days = _days_field(_l("Days ahead for the main observances"))
    awareness_days = _days_field(_l("Days ahead for the other observances"))
    activity_days = _days_field(_l("Days ahead for our own activities"))
    send_time = StringField(_l("Time of sending"), default=DEFAULT_SEND_TIME, validators=[
        DataRequired(message=_l("This field is required.")),
        Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l(
            "Give a time as hours and minutes, like 09:00."))])
    send_weekday = SelectField(_l("Day of sending"), default="0", choices=options(
        ("0", _l("Monday")), ("1", _l("Tuesday")), ("2", _l("Wednesday")),
        ("3", _l("Thursday")), ("4", _l("Friday")), ("5", _l("Saturday")),
        ("6", _l("Sunday")), ("", _l("On the day itself"))), validate_choice=True)
    covers = RadioField(_l("Remind about"), default="all", choices=options(
        ("observances", _l("Observances in the calendar")),
        ("activities", _l("Our workgroup's activities")),
        ("all", _l("Observances and our activities"))))
    themes = SelectMultipleField(
        _l("Themes of observances"), choices=[], widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput())
    submit = SubmitField(_l("Save reminder settings"))

    def days(self, name: str) -> list[int]:
        return parse_lead_days(self[name].data or "")

    def weekday(self) -> int | None:
        """The chosen weekday, None for "on the day itself"."""
        return int(self.send_weekday.data) if self.send_weekday.data else None

    def weekday_label(self) -> str:
        """The chosen day as the select shows it (the read-only view of the rule)."""
        return next((str(choice.label) for choice in self.send_weekday.choices
                     if choice.value == (self.send_weekday.data or "")), "")

    def any_days(self) -> bool:
        return any(self.days(name) for name in ("major_days", "awareness_days",
                                                "activity_days"))

    def fill(self, rule: ReminderRule | None) -> None:
        """Show the stored rule (a GET, or after another form on the page was sent)."""
        if rule is None:
            return
        for name, activity, importance in (("major_days", False, "major"),
                                           ("awareness_days", False, "awareness"),
                                           ("activity_days", True, None)):
            chosen = leads_for(rule, activity=activity, importance=importance)
            self[name].data = ", ".join(str(day) for day in chosen)
        self.send_time.data = rule.send_time
        self.send_weekday.data = "" if rule.send_weekday is None else str(rule.send_weekday)
        self.covers.data = rule.covers
        self.themes.data = list(rule.themes or [])


class ReminderModeForm(FlaskForm):
    """A member's own choice for one workgroup (REMINDER_MODES)."""

    mode = RadioField(_l("What you receive from this workgroup"), choices=options(
        ("individual", _l("Each reminder by e-mail (at most one e-mail a day)")),
        ("digest", _l("Only the weekly overview")),
        ("none", _l("Nothing"))), validators=[DataRequired(message=_l(
            "This field is required."))])
    save = SubmitField(_l("Save my choice"))


def rule_form(themes: list[tuple[str, str]], **kwargs: Any) -> ReminderRuleForm:
    """The form with the theme choices of the catalogue."""
    form = ReminderRuleForm(**kwargs)
    form.themes.choices = options(*themes)
    return form
