"""The activity history in the page's language: which fields a change touched.

The services store an audit row's details by column name (`start_at`, `series_id`), so
the trail stays the same whatever language a reader has chosen; this module turns those
names into the labels the activity form shows, so a history line reads "opnieuw
ingediend door Mo Lid (beschrijving, begin, einde)" and never names a column.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _


def field_label(name: str) -> str:
    """The form's label for a stored field name, lower-cased to sit inside a sentence."""
    labels = {
        "workgroup_id": _("Workgroup"), "title": _("Title"), "kind": _("Kind of activity"),
        "description": _("Description"), "all_day": _("All day"),
        "start_date": _("Start date"), "end_date": _("End date"),
        "start_at": _("Start"), "end_at": _("End"), "location": _("Address or room"),
        "online_url": _("Online link"), "observance_id": _("Linked observance"),
        "phase": _("Phase"), "themes": _("Themes"), "accessibility": _("Accessibility"),
        "expected_participants": _("Expected participants"),
        "budget_estimate": _("Budget estimate"), "programme": _("Programme"),
        "series_id": _("Series"), "coorganisers": _("Co-organising workgroups"),
        "attendance": _("Attendance"), "actual_cost": _("Actual cost in euros"),
        "notes": _("Notes"),
    }
    label = labels.get(name, _("other details"))
    return label[:1].lower() + label[1:]


def changed_fields(details: Mapping[str, object]) -> str:
    """"beschrijving, begin, einde": each changed field once, in the order stored."""
    return ", ".join(dict.fromkeys(field_label(name) for name in details))
