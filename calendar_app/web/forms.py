"""The web forms (Flask-WTF): accounts, workgroups and the activity form.

Messages are lazy gettext strings, so errors appear beside the field in the page's
language. Rules that need the database (known workgroup, active observance) come in
as choices set by the view; a value outside them is "not a valid choice".
"""

from __future__ import annotations

from datetime import date
from datetime import time
from decimal import Decimal
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import DateField
from wtforms import EmailField
from wtforms import Field
from wtforms import FieldList
from wtforms import Form
from wtforms import FormField
from wtforms import IntegerField
from wtforms import PasswordField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField as _StringField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms import URLField
from wtforms.validators import URL
from wtforms.validators import DataRequired
from wtforms.validators import EqualTo
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget
from wtforms.widgets import TextInput

from calendar_app.services.accounts import EMAIL
from calendar_app.services.accounts import MIN_PASSWORD_LENGTH
from calendar_app.services.budget import parse_amount
from calendar_app.services.errors import ServiceError

FIRST_YEAR, LAST_YEAR = 1950, 2100
REQUIRED = _l("This field is required.")
#: The largest amount a money field takes (the database would hold more).
MAX_FORM_AMOUNT = Decimal("10000000")
#: Form fields for the stored accessibility keys (wheelchair, sign-language, ...).
ACCESS_FIELDS = ("wheelchair", "sign_language", "captions", "quiet_room")


class StringField(_StringField):
    """A one-line text field: a line break is a form error, not a stored value.

    A name with CR/LF was accepted at invite and every mail to that user then failed
    for good (a header cannot hold it). Text areas keep their line breaks.
    """

    def pre_validate(self, form: Any) -> None:
        if isinstance(self.data, str) and ("\r" in self.data or "\n" in self.data):
            raise ValidationError(_l("Use one line, without line breaks."))


def options(*pairs: tuple[Any, Any]) -> list[SelectChoice]:
    """Choices for a select or radio group, as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


def _required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def _too_long(limit: int) -> Length:
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))


def _email() -> Regexp:
    """The same rule as the accounts service (no extra dependency for e-mail checks)."""
    return Regexp(EMAIL, message=_l("Enter an e-mail address like name@amsterdam.nl."))


def _url() -> URL:
    return URL(message=_l("Enter a full web address starting with https://"))


def _euros(amount: Decimal) -> str:
    """An amount as the page's language writes it: "1.000,50" (nl), "1,000.50" (en)."""
    return str(format_decimal(amount, format="#,##0.00"))


class MoneyField(Field):
    """An amount in euros as colleagues type it: "250,50", "1.000,50" or "250.50".

    Every money input uses this field, and it parses with `budget.parse_amount`, the
    rule of the budget and evaluation pages, so a Dutch page accepts Dutch amounts
    and one rule decides what an amount is. Hint and message show the example and
    the maximum in the page's language.
    """

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, *,
                 example: Decimal = Decimal("250.50"), maximum: Decimal = MAX_FORM_AMOUNT,
                 **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.example, self.maximum = example, maximum

    @property
    def hint(self) -> str:
        return str(_l("In euros, for example %(amount)s.", amount=_euros(self.example)))

    def refusal(self) -> str:
        return str(_l("Enter an amount from 0 to %(max)s, for example %(amount)s.",
                      max=format_decimal(self.maximum, format="#,##0"),
                      amount=_euros(self.example)))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return _euros(self.data) if isinstance(self.data, Decimal) else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        try:
            amount = parse_amount(str(valuelist[0]))
        except ServiceError:
            raise ValueError(self.refusal()) from None
        if amount > self.maximum:
            raise ValueError(self.refusal())
        self.data = amount


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[_required(), _too_long(254)])
    password = PasswordField(_l("Password"), validators=[_required(), _too_long(1000)])
    submit = SubmitField(_l("Log in"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[
        _required(), _too_long(254), _email()])
    submit = SubmitField(_l("Send me a link"))


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and its repetition. Made afresh in each form's body because
    WTForms orders fields (and so the error summary) by when they were created: a
    form that inherited them would list the password before its own fields."""
    password = PasswordField(_l("New password"), validators=[
        _required(), Length(min=MIN_PASSWORD_LENGTH, max=1000, message=_l(
            "Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH))])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        _required(), EqualTo("password", message=_l("The passwords differ."))])
    return password, confirm


class PasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Save password"))


class SetupForm(FlaskForm):
    """The first administrator: who they are, and a password chosen twice, in the
    order the page shows them."""

    name = StringField(_l("Name"), validators=[_required(), _too_long(200)])
    email = EmailField(_l("E-mail address"), validators=[
        _required(), _too_long(254), _email()])
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Create the administrator"))


class WorkgroupForm(FlaskForm):
    slug = StringField(_l("Short name in web addresses"), validators=[
        _required(), Regexp(r"^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$", message=_l(
            "Use 2 to 60 lowercase letters, digits and hyphens."))])
    name = StringField(_l("Name"), validators=[_required(), _too_long(200)])
    description = TextAreaField(_l("Description"), validators=[_too_long(5000)])
    budget = MoneyField(_l("Yearly budget in euros"), example=Decimal("30000"),
                        validators=[Optional()])
    submit = SubmitField(_l("Save"))


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[
        _required(), _too_long(254), _email()])
    name = StringField(_l("Name"), validators=[_required(), _too_long(200)])
    role = SelectField(_l("Role"), choices=options(
        ("member", _l("Member")), ("coordinator", _l("Coordinator"))))
    lang = SelectField(_l("Language of the e-mail"), choices=options(
        ("nl", "Nederlands"), ("en", "English")))
    submit = SubmitField(_l("Invite"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=options(
        ("member", _l("Member")), ("coordinator", _l("Coordinator"))))
    submit = SubmitField(_l("Change role"))


class BudgetForm(FlaskForm):
    """A workgroup's budget for one year (the planning budget page)."""

    amount = MoneyField(_l("Budget in euros"), example=Decimal("30000"),
                        validators=[InputRequired(REQUIRED)])


class CostForm(Form):
    """The actual cost on the evaluation page (the rest of that form is read by hand)."""

    actual_cost = MoneyField(_l("Actual cost in euros"), validators=[Optional()])


class RosterMailForm(FlaskForm):
    """The organisers' message to everyone with a place. The limits are the mail's
    (`services.checkin`): checked here too, so a refusal stands beside its field."""

    subject = StringField(_l("Subject"), validators=[_required(), _too_long(200)])
    body = TextAreaField(_l("Message"), validators=[_required(), _too_long(5000)])


class SignUpForm(FlaskForm):
    """Sign-up for an activity: the name, the address and two optional answers, no more."""

    name = StringField(_l("Name"), validators=[_required(), _too_long(200)])
    email = EmailField(_l("E-mail address"), validators=[
        _required(), _too_long(254), _email()])
    dietary = TextAreaField(_l("Dietary wishes (optional)"), validators=[_too_long(1000)])
    needs = TextAreaField(_l("Accessibility needs (optional)"), validators=[_too_long(1000)])
    submit = SubmitField(_l("Sign up"))


class ActionForm(FlaskForm):
    """A button-only form (publish, decline, cancel, log out): just the CSRF token."""


class SessionRowForm(Form):
    """One row of a synergy day's programme; an entirely empty row is ignored."""

    title = StringField(_l("Session title"), validators=[_too_long(200)])
    start_time = TimeField(_l("Starts at"), validators=[Optional()])
    end_time = TimeField(_l("Ends at"), validators=[Optional()])
    room = StringField(_l("Room"), validators=[_too_long(200)])
    online_url = URLField(_l("Online link"), validators=[Optional(), _url(), _too_long(500)])
    host = StringField(_l("Host"), validators=[_too_long(200)])

    def is_empty(self) -> bool:
        return not any(field.data for field in self)


class ActivityForm(FlaskForm):
    workgroup = SelectField(_l("Workgroup"), coerce=int, validators=[InputRequired(REQUIRED)])
    kind = RadioField(_l("Kind of activity"), default="activity", choices=options(
        ("activity", _l("Activity")), ("workshop", _l("Workshop")),
        ("synergy-day", _l("Synergy day"))))
    title = StringField(_l("Title"), validators=[_required(), _too_long(200)])
    description = TextAreaField(_l("Description"), validators=[_too_long(10_000)])
    all_day = BooleanField(_l("All day"))
    start_date = DateField(_l("Start date"), validators=[InputRequired(REQUIRED)])
    start_time = TimeField(_l("Start time"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[InputRequired(REQUIRED)])
    end_time = TimeField(_l("End time"), validators=[Optional()])
    location = StringField(_l("Address or room"), validators=[_too_long(300)])
    online_url = URLField(_l("Online link"), validators=[Optional(), _url(), _too_long(500)])
    observance = SelectField(_l("Linked observance"), default="")
    phase = SelectField(_l("Phase"), validators=[_required()], choices=options(
        ("", _l("Choose a phase")), ("bewustwording", _l("Awareness (bewustwording)")),
        ("toerusting", _l("Equipping (toerusting)")), ("borging", _l("Embedding (borging)"))))
    themes = SelectMultipleField(
        _l("Themes"), choices=[], widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput())
    wheelchair = BooleanField(_l("Wheelchair accessible"))
    sign_language = BooleanField(_l("Sign language interpreter"))
    captions = BooleanField(_l("Live captions"))
    quiet_room = BooleanField(_l("Quiet room"))
    accessibility_other = TextAreaField(
        _l("Other accessibility information"), validators=[_too_long(500)])
    # The limit without a thousands separator: Dutch and English read "100000" alike.
    expected_participants = IntegerField(_l("Expected participants"), validators=[
        Optional(), NumberRange(min=0, max=100_000, message=_l(
            "Enter a number from 0 to %(max)s.", max="100000"))])
    budget_estimate = MoneyField(_l("Budget estimate in euros"), validators=[Optional()])
    registration = BooleanField(_l("Sign-up through the calendar"))
    capacity = IntegerField(_l("Maximum number of participants"), validators=[
        Optional(), NumberRange(min=1, max=100_000, message=_l(
            "Enter a number from 1 to %(max)s.", max="100000"))])
    registration_deadline = DateField(_l("Sign up until (optional)"), validators=[Optional()])
    waitlist = BooleanField(_l("Waiting list when full"), default=True)
    ask_dietary = BooleanField(_l("Ask about dietary wishes"), default=True)
    ask_needs = BooleanField(_l("Ask about accessibility needs"), default=True)
    reminder_days = IntegerField(_l("Reminder to participants, days before"), default=1,
                                 validators=[Optional(), NumberRange(min=0, max=30, message=_l(
                                     "Enter a number from 0 to %(max)s.", max="30"))])
    sessions = FieldList(FormField(SessionRowForm), label=_l("Programme"), min_entries=2,
                         max_entries=20)
    check_dates = SubmitField(_l("Check dates"))
    add_session = SubmitField(_l("Add a session"))
    submit = SubmitField(_l("Save"))

    def validate_start_date(self, field: Field) -> None:
        _in_years(field.data)

    def validate_end_date(self, field: Field) -> None:
        _in_years(field.data)
        start, end = self.start_date.data, field.data
        if isinstance(start, date) and isinstance(end, date) and end < start:
            raise ValidationError(_l("The end lies before the start."))

    def validate(self, extra_validators: Any = None) -> bool:
        """Field validators first, then the times, which depend on "all day"."""
        valid = super().validate(extra_validators)
        if self.all_day.data:
            return valid
        for name in ("start_time", "end_time"):
            if self[name].data is None and not self[name].errors:
                self[name].errors = [*self[name].errors, _l(
                    "Give a time, or tick \u201call day\u201d.")]
                valid = False
        start, end = self.start_time.data, self.end_time.data
        if (self.start_date.data == self.end_date.data and isinstance(start, time)
                and isinstance(end, time) and end <= start and not self.end_time.errors):
            self.end_time.errors = [*self.end_time.errors, _l("The end lies before the start.")]
            valid = False
        return valid

    def validate_location(self, field: Field) -> None:
        if not (field.data or "").strip() and not (self.online_url.data or "").strip():
            raise ValidationError(_l("Give an address, an online link, or both."))

    def validate_sessions(self, field: Field) -> None:
        filled = [row for row in field if not row.form.is_empty()]
        for row in filled:
            _check_session(row.form)
        if self.kind.data == "synergy-day" and not filled:
            raise ValidationError(_l("A synergy day needs at least one session."))

    def accessibility(self) -> dict[str, Any]:
        """The accessibility fields as stored on the activity."""
        info: dict[str, Any] = {
            key.replace("_", "-"): True for key in ACCESS_FIELDS if self[key].data}
        if (self.accessibility_other.data or "").strip():
            info["other"] = self.accessibility_other.data.strip()
        return info


def _in_years(value: date | None) -> None:
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_l("Choose a date from %(first)d to %(last)d.",
                                 first=FIRST_YEAR, last=LAST_YEAR))


def _check_session(row: SessionRowForm) -> None:
    """Errors land on the row's own fields, so they show beside what is wrong."""
    if not (row.title.data or "").strip():
        row.title.errors = [*row.title.errors, REQUIRED]
    for name in ("start_time", "end_time"):
        if row[name].data is None and not row[name].errors:
            row[name].errors = [*row[name].errors, REQUIRED]
    start, end = row.start_time.data, row.end_time.data
    if isinstance(start, time) and isinstance(end, time) and end <= start:
        row.end_time.errors = [*row.end_time.errors, _l("The end lies before the start.")]
    if any(field.errors for field in row):
        raise ValidationError(_l("Check the sessions marked below."))
