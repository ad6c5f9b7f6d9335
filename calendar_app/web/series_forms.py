"""The forms of copies, series and co-organisers (beside forms.py, which other
capabilities grow): copy to a date, repeat until a date with exceptions, choose the
co-organising workgroups, and the "only this / this and all that follow" choice.

Dates in the exception lists are typed as colleagues write them: 17-05-2027 or
2027-05-17, one per line (or separated by commas).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms import Field
from wtforms import Form
from wtforms import RadioField
from wtforms import SelectMultipleField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from calendar_app.web.forms import FIRST_YEAR
from calendar_app.web.forms import LAST_YEAR
from calendar_app.web.forms import REQUIRED
from calendar_app.web.forms import _in_years
from calendar_app.web.forms import _too_long
from calendar_app.web.forms import options

_DAY = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))$")


def parse_day(text: str) -> date:
    """"2027-05-17" or "17-05-2027" (also with / or .) as a date; ValueError otherwise."""
    match = _DAY.match(text.strip())
    if not match:
        raise ValueError(text)
    if match.group(1):
        year, month, day = (int(match.group(n)) for n in (1, 2, 3))
    else:
        day, month, year = (int(match.group(n)) for n in (4, 5, 6))
    parsed = date(year, month, day)
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValueError(text)
    return parsed


def _refusal(text: str) -> str:
    return str(_l("%(text)s is not a date like 17-05-2027 (from %(first)d to %(last)d).",
                  text=text, first=FIRST_YEAR, last=LAST_YEAR))


class DayListField(TextAreaField):
    """Dates, one per line or separated by commas; `data` is a list of dates."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]) if valuelist else ""
        self.data = []
        for text in (part.strip() for part in re.split(r"[\n,;]", self.raw)):
            if not text:
                continue
            try:
                self.data.append(parse_day(text))
            except ValueError:
                self.data = []
                raise ValueError(_refusal(text)) from None

    def _value(self) -> str:
        return getattr(self, "raw", "") or "\n".join(day.strftime("%d-%m-%Y")
                                                      for day in self.data or [])


class MovesField(TextAreaField):
    """Moved dates: per line, the date in the series and the date it moves to."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]) if valuelist else ""
        self.data = {}
        for line in (line.strip() for line in self.raw.splitlines()):
            if not line:
                continue
            parts = [part for part in re.split(r"\s*(?:->|→|>|\s)\s*", line) if part]
            if len(parts) != 2:
                self.data = {}
                raise ValueError(str(_l(
                    "Write each move as two dates on one line, for example "
                    "17-05-2027 18-05-2027.")))
            try:
                old, new = parse_day(parts[0]), parse_day(parts[1])
            except ValueError as error:
                self.data = {}
                raise ValueError(_refusal(str(error))) from None
            self.data[old] = new

    def _value(self) -> str:
        return getattr(self, "raw", "")


class CopyForm(FlaskForm):
    day = DateField(_l("New start date"), validators=[InputRequired(REQUIRED)])
    submit = SubmitField(_l("Copy"))

    def validate_day(self, field: Field) -> None:
        _in_years(field.data)


class SeriesForm(FlaskForm):
    frequency = RadioField(_l("Repeat"), default="weekly", choices=options(
        ("weekly", _l("Every week")), ("fortnightly", _l("Every two weeks")),
        ("monthly", _l("Every month, on the same weekday (for example the second Tuesday)"))),
        validators=[InputRequired(REQUIRED)])
    until = DateField(_l("Until (last possible date)"), validators=[InputRequired(REQUIRED)])
    skip = DayListField(_l("Dates to leave out"), validators=[_too_long(4000)])
    moves = MovesField(_l("Dates that move"), validators=[_too_long(4000)])
    submit = SubmitField(_l("Make the series"))

    def validate_until(self, field: Field) -> None:
        _in_years(field.data)

    def validate_skip(self, field: Field) -> None:
        if len(field.data or []) > 200:
            raise ValidationError(_l("Leave out at most 200 dates."))


class CoorganisersForm(FlaskForm):
    coorganisers = SelectMultipleField(
        _l("Co-organising workgroups"), coerce=int, choices=[],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    submit = SubmitField(_l("Save co-organisers"))


class ScopeForm(Form):
    """On the edit page of an occurrence: change only it, or it and all later ones.

    A plain Form (the activity form carries the CSRF token), read from the same POST.
    """

    series_scope = RadioField(_l("Apply the changes to"), default="one", choices=options(
        ("one", _l("Only this activity")),
        ("following", _l("This activity and all that follow in the series"))))
